// AttachmentListModel: the documents waiting in the composer to be sent with the
// next message, shown as chips (name, size, remove). Only documents are accepted
// (text, Markdown, PDF, Word, HTML, CSV, ...; a .gguf goes to the model import
// instead). Each file's SHA-256 and MIME type are worked out off the GUI thread
// as it is added; send() takes the list and stores one history::Attachment per
// file with the user message. Nothing is parsed here: extraction and retrieval
// belong to app/documents.
#pragma once

#include <QAbstractListModel>
#include <QFutureWatcher>
#include <QStringList>
#include <QThreadPool>
#include <QVariant>

#include "historytypes.h"

namespace siliang::app {

class AttachmentListModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)
public:
    enum Roles {
        PathRole = Qt::UserRole + 1,
        FileNameRole,
        SizeRole,
        SizeTextRole,  // "12 KiB"
        MimeTypeRole,
        KindRole,   // "pdf", "docx", "md": the suffix, for the chip's badge
        ReadyRole,  // checksum computed
    };
    Q_ENUM(Roles)

    // Larger documents are refused with a message (no document needs more to be useful).
    static constexpr qint64 kMaxBytes = 200LL * 1024 * 1024;

    explicit AttachmentListModel(QObject* parent = nullptr);
    ~AttachmentListModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString lastError() const { return lastError_; }
    // The attachments for the history, in the order they were added; empties the list.
    QList<history::Attachment> take();
    // Blocks until every checksum is known (tests; send() does not wait).
    void waitForChecksums();

    // The suffixes accepted as documents, lower case without the dot.
    static const QStringList& documentSuffixes();
    Q_INVOKABLE static bool isDocument(const QString& pathOrUrl);

public slots:
    // Paths or file:// URLs, one or a list (what a DropArea or FileDialog gives).
    // Returns how many were added; refused files are named in lastError.
    int add(const QVariant& pathsOrUrls);
    void remove(int row);
    void clear();
    void dismissError();

signals:
    void countChanged();
    void lastErrorChanged();

private:
    struct Row {
        QString path;
        QString fileName;
        qint64 size = 0;
        QString mimeType;
        QString sha256;
        bool ready = false;
    };
    struct Checksum {
        QString path;
        QString sha256;
        QString mimeType;
    };
    static Checksum checksum(const QString& path);
    void onChecksum(const Checksum& result);
    void setError(const QString& message);

    QList<Row> rows_;
    QString lastError_;
    QThreadPool pool_;
};

}  // namespace siliang::app
