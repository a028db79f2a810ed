#include "attachmentlistmodel.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QMimeDatabase>
#include <QUrl>
#include <QtConcurrent/QtConcurrentRun>

#include "modelsummary.h"

namespace siliang::app {

namespace {

QString localPath(const QString& pathOrUrl) {
    const QUrl url(pathOrUrl);
    return url.isLocalFile() ? url.toLocalFile() : pathOrUrl;
}

QStringList toStrings(const QVariant& value) {
    QStringList out;
    if (value.canConvert<QVariantList>() && value.typeId() != QMetaType::QString &&
        value.typeId() != QMetaType::QUrl) {
        for (const QVariant& v : value.toList())
            out << (v.typeId() == QMetaType::QUrl ? v.toUrl().toString() : v.toString());
    } else if (value.typeId() == QMetaType::QUrl) {
        out << value.toUrl().toString();
    } else if (!value.toString().isEmpty()) {
        out << value.toString();
    }
    return out;
}

}  // namespace

AttachmentListModel::AttachmentListModel(QObject* parent) : QAbstractListModel(parent) {
    pool_.setMaxThreadCount(1);
}

AttachmentListModel::~AttachmentListModel() {
    pool_.waitForDone();
}

const QStringList& AttachmentListModel::documentSuffixes() {
    static const QStringList suffixes = {
        QStringLiteral("txt"),  QStringLiteral("md"),   QStringLiteral("markdown"),
        QStringLiteral("pdf"),  QStringLiteral("docx"), QStringLiteral("odt"),
        QStringLiteral("rtf"),  QStringLiteral("html"), QStringLiteral("htm"),
        QStringLiteral("csv"),  QStringLiteral("tsv"),  QStringLiteral("json"),
        QStringLiteral("xml"),  QStringLiteral("rst"),  QStringLiteral("tex"),
        QStringLiteral("log"),  QStringLiteral("epub"), QStringLiteral("pptx"),
        QStringLiteral("xlsx"), QStringLiteral("yaml"), QStringLiteral("yml")};
    return suffixes;
}

bool AttachmentListModel::isDocument(const QString& pathOrUrl) {
    return documentSuffixes().contains(QFileInfo(localPath(pathOrUrl)).suffix().toLower());
}

int AttachmentListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

QHash<int, QByteArray> AttachmentListModel::roleNames() const {
    return {{PathRole, "path"},         {FileNameRole, "fileName"}, {SizeRole, "size"},
            {SizeTextRole, "sizeText"}, {MimeTypeRole, "mimeType"}, {KindRole, "kind"},
            {ReadyRole, "ready"}};
}

QVariant AttachmentListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows_.size()) return {};
    const Row& row = rows_.at(index.row());
    switch (role) {
        case Qt::DisplayRole:
        case FileNameRole: return row.fileName;
        case PathRole: return row.path;
        case SizeRole: return row.size;
        case SizeTextRole: return formatBytes(row.size);
        case MimeTypeRole: return row.mimeType;
        case KindRole: return QFileInfo(row.fileName).suffix().toLower();
        case ReadyRole: return row.ready;
        default: return {};
    }
}

void AttachmentListModel::setError(const QString& message) {
    if (lastError_ == message) return;
    lastError_ = message;
    emit lastErrorChanged();
}

void AttachmentListModel::dismissError() {
    setError({});
}

int AttachmentListModel::add(const QVariant& pathsOrUrls) {
    QStringList refused;
    int added = 0;
    for (const QString& item : toStrings(pathsOrUrls)) {
        const QFileInfo fi(localPath(item));
        const QString path = fi.absoluteFilePath();
        bool duplicate = false;
        for (const Row& row : rows_) duplicate = duplicate || row.path == path;
        if (duplicate) continue;
        if (!fi.isFile()) {
            refused << tr("%1: no such file.").arg(fi.fileName());
        } else if (!isDocument(path)) {
            refused << tr("%1: not a document Siliang can read (try PDF, Word, Markdown, HTML, "
                          "CSV or plain text).")
                           .arg(fi.fileName());
        } else if (fi.size() > kMaxBytes) {
            refused << tr("%1 is too large (%2; the limit is %3).")
                           .arg(fi.fileName(), formatBytes(fi.size()), formatBytes(kMaxBytes));
        } else {
            Row row;
            row.path = path;
            row.fileName = fi.fileName();
            row.size = fi.size();
            const int at = static_cast<int>(rows_.size());
            beginInsertRows({}, at, at);
            rows_ << row;
            endInsertRows();
            ++added;
            auto* watcher = new QFutureWatcher<Checksum>(this);
            connect(watcher, &QFutureWatcher<Checksum>::finished, this, [this, watcher] {
                onChecksum(watcher->result());
                watcher->deleteLater();
            });
            watcher->setFuture(QtConcurrent::run(&pool_, &AttachmentListModel::checksum, path));
        }
    }
    setError(refused.join(QLatin1Char('\n')));
    if (added > 0) emit countChanged();
    return added;
}

AttachmentListModel::Checksum AttachmentListModel::checksum(const QString& path) {
    Checksum result;
    result.path = path;
    result.mimeType = QMimeDatabase().mimeTypeForFile(path).name();
    QFile file(path);
    if (file.open(QIODevice::ReadOnly)) {
        QCryptographicHash hash(QCryptographicHash::Sha256);
        if (hash.addData(&file)) result.sha256 = QString::fromLatin1(hash.result().toHex());
    }
    return result;
}

void AttachmentListModel::onChecksum(const Checksum& result) {
    for (int i = 0; i < rows_.size(); ++i) {
        if (rows_.at(i).path != result.path) continue;
        rows_[i].sha256 = result.sha256;
        rows_[i].mimeType = result.mimeType;
        rows_[i].ready = true;
        emit dataChanged(index(i), index(i), {MimeTypeRole, ReadyRole});
    }
}

void AttachmentListModel::waitForChecksums() {
    pool_.waitForDone();
    // The watchers' finished signals are queued events: deliver them now.
    QCoreApplication::processEvents();
}

void AttachmentListModel::remove(int row) {
    if (row < 0 || row >= rows_.size()) return;
    beginRemoveRows({}, row, row);
    rows_.removeAt(row);
    endRemoveRows();
    emit countChanged();
}

void AttachmentListModel::clear() {
    if (rows_.isEmpty()) return;
    beginResetModel();
    rows_.clear();
    endResetModel();
    emit countChanged();
}

QList<history::Attachment> AttachmentListModel::take() {
    QList<history::Attachment> list;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const Row& row : rows_) {
        history::Attachment a;
        a.fileName = row.path;  // the full path: document Q&A reads the file from here
        a.mimeType =
            row.mimeType.isEmpty()
                ? QMimeDatabase().mimeTypeForFile(row.path, QMimeDatabase::MatchExtension).name()
                : row.mimeType;
        a.size = row.size;
        a.sha256 = row.sha256;
        a.createdAt = now;
        list << a;
    }
    clear();
    return list;
}

}  // namespace siliang::app
