#include "modellistmodel.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QUrl>
#include <QtConcurrent/QtConcurrentRun>

namespace siliang::app {

namespace {

constexpr qint64 kCopyChunk = 8 * 1024 * 1024;

// `folder/name`, or `folder/stem (2).gguf`... when that name is taken by another file.
QString freeName(const QString& folder, const QString& fileName) {
    const QFileInfo fi(fileName);
    QString candidate = QDir(folder).filePath(fileName);
    for (int n = 2; QFileInfo::exists(candidate); ++n)
        candidate = QDir(folder).filePath(
            QStringLiteral("%1 (%2).%3").arg(fi.completeBaseName()).arg(n).arg(fi.suffix()));
    return candidate;
}

}  // namespace

ModelListModel::ModelListModel(QObject* parent)
    : QAbstractListModel(parent), cancelImport_(std::make_shared<std::atomic<bool>>(false)) {
    readers_.setMaxThreadCount(1);
    importer_.setMaxThreadCount(1);
}

ModelListModel::~ModelListModel() {
    cancelImport_->store(true);
    importer_.waitForDone();
    readers_.waitForDone();
}

int ModelListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

QHash<int, QByteArray> ModelListModel::roleNames() const {
    return {{PathRole, "path"},
            {FileNameRole, "fileName"},
            {NameRole, "name"},
            {ArchitectureRole, "architecture"},
            {ParametersRole, "parameters"},
            {ParametersTextRole, "parametersText"},
            {QuantizationRole, "quantization"},
            {ContextLengthRole, "contextLength"},
            {FileSizeRole, "fileSize"},
            {SizeTextRole, "sizeText"},
            {DetailsRole, "details"},
            {ErrorRole, "error"},
            {ReadyRole, "ready"}};
}

QString ModelListModel::formatContext(qint64 tokens) {
    if (tokens <= 0) return {};
    const QString count = tokens >= 1024 && tokens % 1024 == 0
                              ? QString::number(tokens / 1024) + QLatin1Char('K')
                              : QString::number(tokens);
    return tr("%1 context").arg(count);
}

void ModelListModel::retranslate() {
    if (!rows_.isEmpty()) emit dataChanged(index(0), index(rowCount() - 1), {DetailsRole});
}

QVariant ModelListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows_.size()) return {};
    const Row& row = rows_.at(index.row());
    const ModelSummary& s = row.summary;
    switch (role) {
        case Qt::DisplayRole:
        case NameRole: return s.name;
        case PathRole: return s.path;
        case FileNameRole: return s.fileName;
        case ArchitectureRole: return s.architecture;
        case ParametersRole: return s.parameters;
        case ParametersTextRole: return formatParameters(s.parameters);
        case QuantizationRole: return s.quantization;
        case ContextLengthRole: return s.contextLength;
        case FileSizeRole: return s.fileSize;
        case SizeTextRole: return formatBytes(s.fileSize);
        case DetailsRole: {
            if (!row.ready) return formatBytes(s.fileSize);
            QStringList parts;
            for (const QString& part : {s.architecture, formatParameters(s.parameters),
                                        s.quantization, formatContext(s.contextLength)})
                if (!part.isEmpty()) parts << part;
            parts << formatBytes(s.fileSize);
            return parts.join(QStringLiteral(" · "));
        }
        case ErrorRole: return s.error;
        case ReadyRole: return row.ready;
        default: return {};
    }
}

QString ModelListModel::localPath(const QString& pathOrUrl) {
    const QUrl url(pathOrUrl);
    return url.isLocalFile() ? url.toLocalFile() : pathOrUrl;
}

bool ModelListModel::isModelFile(const QString& pathOrUrl) {
    return localPath(pathOrUrl).endsWith(QLatin1String(".gguf"), Qt::CaseInsensitive);
}

int ModelListModel::indexOfPath(const QString& path) const {
    const QString absolute = QFileInfo(localPath(path)).absoluteFilePath();
    for (int i = 0; i < rows_.size(); ++i)
        if (rows_.at(i).summary.path == absolute) return i;
    return -1;
}

QStringList ModelListModel::paths() const {
    QStringList list;
    for (const Row& row : rows_) list << row.summary.path;
    return list;
}

void ModelListModel::setCopyOnImport(bool copy) {
    if (copyOnImport_ == copy) return;
    copyOnImport_ = copy;
    emit copyOnImportChanged();
}

void ModelListModel::setModelsFolder(const QString& pathOrUrl) {
    if (localPath(pathOrUrl).isEmpty()) return;
    const QString folder = QDir(localPath(pathOrUrl)).absolutePath();
    if (folder == modelsFolder_) return;
    QDir().mkpath(folder);
    modelsFolder_ = folder;
    emit modelsFolderChanged();
    refresh();
}

void ModelListModel::setScanFolders(const QStringList& folders) {
    scanFolders_ = folders;
    refresh();
}

void ModelListModel::setSessionFiles(const QStringList& files) {
    sessionFiles_ = files;
    refresh();
}

void ModelListModel::setRegistryFile(const QString& path) {
    registryFile_ = path;
    registered_.clear();
    QFile file(path);
    if (file.open(QIODevice::ReadOnly)) {
        // A damaged registry only loses the in-place registrations, never the models.
        const QJsonArray files = QJsonDocument::fromJson(file.readAll())
                                     .object()
                                     .value(QLatin1String("files"))
                                     .toArray();
        for (const QJsonValue& v : files)
            if (v.isString()) registered_ << v.toString();
    }
    refresh();
}

void ModelListModel::saveRegistry() const {
    if (registryFile_.isEmpty()) return;
    QSaveFile file(registryFile_);
    if (!file.open(QIODevice::WriteOnly)) return;
    const QJsonObject root{{QStringLiteral("files"), QJsonArray::fromStringList(registered_)}};
    file.write(QJsonDocument(root).toJson());
    file.commit();
}

void ModelListModel::refresh() {
    QStringList found;
    QStringList folders = scanFolders_;
    if (!modelsFolder_.isEmpty()) folders.prepend(modelsFolder_);
    for (const QString& folder : folders)
        for (const QFileInfo& f :
             QDir(folder).entryInfoList({QStringLiteral("*.gguf")}, QDir::Files, QDir::Name))
            if (!found.contains(f.absoluteFilePath())) found << f.absoluteFilePath();
    for (const QString& file : sessionFiles_ + registered_) {
        const QFileInfo fi(localPath(file));
        if (fi.isFile() && !found.contains(fi.absoluteFilePath())) found << fi.absoluteFilePath();
    }

    QList<Row> rows;
    for (const QString& path : found) {
        const QFileInfo fi(path);
        Row row;
        auto cached = cache_.constFind(path);
        if (cached != cache_.constEnd() && cached->fileSize == fi.size() &&
            cached->modified == fi.lastModified()) {
            row.summary = *cached;
            row.ready = true;
        } else {
            row.summary.path = path;
            row.summary.fileName = fi.fileName();
            row.summary.name = fi.completeBaseName();
            row.summary.fileSize = fi.size();
            row.summary.modified = fi.lastModified();
            requestSummary(path);
        }
        rows << row;
    }
    if (paths() == found) {
        // Same files: update in place so that an open popup keeps its place.
        for (int i = 0; i < rows.size(); ++i) rows_[i] = rows.at(i);
        if (!rows_.isEmpty()) emit dataChanged(index(0), index(static_cast<int>(rows_.size()) - 1));
        return;
    }
    const bool countChanges = rows.size() != rows_.size();
    beginResetModel();
    rows_ = rows;
    endResetModel();
    if (countChanges) emit countChanged();
}

void ModelListModel::requestSummary(const QString& path) {
    if (pending_.contains(path)) return;
    pending_.insert(path);
    auto* watcher = new QFutureWatcher<ModelSummary>(this);
    connect(watcher, &QFutureWatcher<ModelSummary>::finished, this, [this, watcher] {
        onSummary(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run(&readers_, readModelSummary, path));
}

void ModelListModel::onSummary(const ModelSummary& summary) {
    pending_.remove(summary.path);
    cache_.insert(summary.path, summary);
    const int row = indexOfPath(summary.path);
    if (row < 0) return;
    rows_[row].summary = summary;
    rows_[row].ready = true;
    emit dataChanged(index(row), index(row));
}

void ModelListModel::addFile(const QString& pathOrUrl) {
    const QString path = QFileInfo(localPath(pathOrUrl)).absoluteFilePath();
    if (!registered_.contains(path)) {
        registered_ << path;
        saveRegistry();
    }
    refresh();
}

void ModelListModel::forget(const QString& path) {
    if (registered_.removeAll(QFileInfo(localPath(path)).absoluteFilePath()) == 0) return;
    saveRegistry();
    refresh();
}

void ModelListModel::importModel(const QString& pathOrUrl) {
    const QString source = QFileInfo(localPath(pathOrUrl)).absoluteFilePath();
    if (importing_) {
        emit importFailed(tr("%1 cannot be imported while another model is being imported.")
                              .arg(QFileInfo(source).fileName()));
        return;
    }
    if (!QFileInfo(source).isFile()) {
        emit importFailed(tr("%1: no such file.").arg(source));
        return;
    }
    const QString destination = copyOnImport_ ? modelsFolder_ : QString();
    cancelImport_->store(false);
    importing_ = true;
    importName_ = QFileInfo(source).fileName();
    importProgress_ = 0;
    emit importStateChanged();
    emit importProgressChanged();
    auto* watcher = new QFutureWatcher<ImportResult>(this);
    connect(watcher, &QFutureWatcher<ImportResult>::finished, this, [this, watcher] {
        onImportDone(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run(
        &importer_, [this, source, destination] { return runImport(source, destination); }));
}

void ModelListModel::cancelImport() {
    if (importing_) cancelImport_->store(true);
}

// Runs on the importer thread: touches no member but the cancel flag, and reports
// progress through queued calls.
ModelListModel::ImportResult ModelListModel::runImport(const QString& source,
                                                       const QString& destinationFolder) {
    ImportResult result;
    const ModelSummary summary = readModelSummary(source);
    if (!summary.ok()) {
        result.error = summary.error;
        return result;
    }
    if (destinationFolder.isEmpty()) {
        result.path = source;
        return result;
    }
    const QString target = QDir(destinationFolder).filePath(QFileInfo(source).fileName());
    const QFileInfo existing(target);
    if (existing.exists() &&
        (existing.canonicalFilePath() == QFileInfo(source).canonicalFilePath() ||
         existing.size() == summary.fileSize)) {
        // Already in the models folder (or imported before): nothing to copy.
        result.path = existing.absoluteFilePath();
        return result;
    }
    const QString destination = freeName(destinationFolder, QFileInfo(source).fileName());
    const QString partial = destination + QStringLiteral(".part");
    QFile in(source), out(partial);
    if (!in.open(QIODevice::ReadOnly)) {
        result.error = tr("%1 could not be opened: %2").arg(source, in.errorString());
        return result;
    }
    if (!QDir().mkpath(destinationFolder) ||
        !out.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        result.error = tr("%1 could not be created: %2").arg(partial, out.errorString());
        return result;
    }
    const qint64 total = in.size();
    qint64 copied = 0;
    int lastPercent = -1;
    QByteArray buffer;
    while (!in.atEnd()) {
        if (cancelImport_->load()) {
            out.remove();
            result.cancelled = true;
            return result;
        }
        buffer = in.read(kCopyChunk);
        if (buffer.isEmpty() || out.write(buffer) != buffer.size()) {
            const QString why = buffer.isEmpty() ? in.errorString() : out.errorString();
            out.remove();
            result.error = tr("Copying %1 into %2 failed: %3 (is the disk full?)")
                               .arg(QFileInfo(source).fileName(), destinationFolder, why);
            return result;
        }
        copied += buffer.size();
        const int percent = total > 0 ? static_cast<int>(copied * 100 / total) : 100;
        if (percent != lastPercent) {
            lastPercent = percent;
            QMetaObject::invokeMethod(
                this,
                [this, percent] {
                    importProgress_ = percent / 100.0;
                    emit importProgressChanged();
                },
                Qt::QueuedConnection);
        }
    }
    const bool flushed = out.flush();
    out.close();
    if (!flushed || out.error() != QFileDevice::NoError || !QFile::rename(partial, destination)) {
        const QString why = out.errorString();
        QFile::remove(partial);
        result.error = tr("Copying %1 into %2 failed: %3 (is the disk full?)")
                           .arg(QFileInfo(source).fileName(), destinationFolder, why);
        return result;
    }
    result.path = destination;
    return result;
}

void ModelListModel::onImportDone(const ImportResult& result) {
    importing_ = false;
    importName_.clear();
    emit importStateChanged();
    if (result.cancelled) return;
    if (!result.error.isEmpty()) {
        emit importFailed(result.error);
        return;
    }
    importProgress_ = 1;
    emit importProgressChanged();
    const bool inModelsFolder =
        QFileInfo(result.path).absolutePath() == QDir(modelsFolder_).absolutePath();
    if (inModelsFolder)
        refresh();
    else
        addFile(result.path);
    emit imported(result.path);
}

}  // namespace siliang::app
