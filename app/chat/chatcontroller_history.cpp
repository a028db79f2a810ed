// ChatController: what the sidebar does to the history: rename, pin, delete with
// undo, export, search and opening a search hit at its message; and showing an
// answer that kept streaming while another conversation was open.
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>

#include "chatcontroller.h"

namespace siliang::app {

using history::HistoryError;

void ChatController::setUpSidebar() {
    search_.setStore(store_.get());
    noticeTimer_.setSingleShot(true);
    noticeTimer_.setInterval(kNoticeMs);
    connect(&noticeTimer_, &QTimer::timeout, this, &ChatController::dismissNotice);
}

void ChatController::showNotice(const QString& text, qint64 undoConversation) {
    notice_ = text;
    undoConversation_ = undoConversation;
    noticeTimer_.start();
    emit noticeChanged();
}

void ChatController::dismissNotice() {
    noticeTimer_.stop();
    if (notice_.isEmpty() && undoConversation_ == 0) return;
    notice_.clear();
    undoConversation_ = 0;
    undoReopens_ = false;
    emit noticeChanged();
}

void ChatController::renameConversation(qint64 id, const QString& title) {
    const QString simplified = title.simplified();
    // An empty name is a slip, not a request: the old one stays.
    if (!store_ || simplified.isEmpty()) return;
    try {
        store_->setTitle(id, simplified);
    } catch (const HistoryError& e) {
        setError(e.message());
        return;
    }
    if (id == conversationId_) {
        conversationTitle_ = simplified;
        emit conversationChanged();
    }
    if (generating_ && id == streamingConversation_) {
        streamingTitle_ = simplified;
        emit answeringChanged();  // sendBlockedReason names it
    }
    reloadConversations();
    search_.refresh();
}

void ChatController::setPinned(qint64 id, bool pinned) {
    if (!store_) return;
    try {
        store_->setPinned(id, pinned);
    } catch (const HistoryError& e) {
        setError(e.message());
        return;
    }
    reloadConversations();
}

void ChatController::deleteConversation(qint64 id) {
    if (!store_) return;
    QString title;
    try {
        const std::optional<history::Conversation> c = store_->conversation(id);
        if (!c || c->deletedAt) return;
        title = c->title;
        // Deleting what is being answered stops the answer (it ends stopped, like Stop).
        if (generating_ && streamingConversation_ == id) stop();
        store_->deleteConversation(id);
    } catch (const HistoryError& e) {
        setError(e.message());
        return;
    }
    const bool wasOpen = id == conversationId_;
    if (wasOpen) newConversation();
    reloadConversations();
    search_.refresh();
    showNotice(title.isEmpty() ? tr("Conversation deleted") : tr("Deleted “%1”").arg(title), id);
    undoReopens_ = wasOpen;
}

void ChatController::restoreConversation(qint64 id) {
    if (!store_) return;
    try {
        store_->restoreConversation(id);
    } catch (const HistoryError& e) {
        setError(e.message());
        return;
    }
    reloadConversations();
    search_.refresh();
}

void ChatController::undoDelete() {
    const qint64 id = undoConversation_;
    const bool reopen = undoReopens_;
    if (id == 0) return;
    dismissNotice();
    restoreConversation(id);
    // Back where the user was, unless they have started something else since.
    if (reopen && conversationId_ == 0 && messages_.rowCount() == 0) openConversation(id);
}

QString ChatController::exportFileName(qint64 id, const QString& format) {
    QString title;
    if (store_) {
        try {
            if (auto c = store_->conversation(id)) title = c->title;
        } catch (const HistoryError&) {
            // Only the suggested name depends on it.
        }
    }
    // Characters no file system accepts (Windows' list is the longest) and control
    // characters become "_"; a name of only dots or spaces would vanish.
    static const QRegularExpression bad(QStringLiteral("[\\\\/:*?\"<>|\\x00-\\x1f]"));
    QString base = title.simplified().replace(bad, QStringLiteral("_")).left(80).trimmed();
    while (base.startsWith(QLatin1Char('.'))) base.remove(0, 1);
    if (base.isEmpty()) base = tr("conversation");
    return base +
           (format == QLatin1String("json") ? QStringLiteral(".json") : QStringLiteral(".md"));
}

QUrl ChatController::exportFileUrl(qint64 id, const QString& format) {
    QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (folder.isEmpty() || !QFileInfo(folder).isDir()) folder = QDir::homePath();
    return QUrl::fromLocalFile(QDir(folder).filePath(exportFileName(id, format)));
}

bool ChatController::exportConversation(qint64 id, const QString& fileUrl, const QString& format) {
    if (!store_) return false;
    if (format != QLatin1String("markdown") && format != QLatin1String("json")) {
        setError(tr("Unknown export format “%1”.").arg(format));
        return false;
    }
    const QUrl url(fileUrl.isEmpty() ? exportFileUrl(id, format).toString() : fileUrl);
    const QString path = url.isLocalFile() ? url.toLocalFile() : fileUrl;
    QByteArray bytes;
    try {
        if (!store_->conversation(id)) {
            setError(tr("That conversation no longer exists."));
            return false;
        }
        bytes = format == QLatin1String("json")
                    ? QJsonDocument(store_->exportJson(id)).toJson(QJsonDocument::Indented)
                    : store_->exportMarkdown(id).toUtf8();
    } catch (const HistoryError& e) {
        setError(e.message());
        return false;
    }
    // QSaveFile: a failed write (disk full) leaves any earlier file at `path` intact.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        setError(tr("Could not export to %1: %2")
                     .arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    showNotice(tr("Exported to %1").arg(QDir::toNativeSeparators(path)));
    return true;
}

int ChatController::rowOfMessage(qint64 messageId) const {
    for (int i = 0; i < messages_.rowCount(); ++i)
        if (messages_.at(i).id == messageId) return i;
    return -1;
}

void ChatController::openSearchHit(qint64 conversationId, qint64 messageId) {
    if (!store_) return;
    if (conversationId != conversationId_) openConversation(conversationId);
    if (conversationId != conversationId_ || messageId == 0) return;
    int row = rowOfMessage(messageId);
    // On another branch (an earlier answer that was regenerated): show that branch,
    // unless an answer is streaming into this conversation's current one.
    if (row < 0 && !(generating_ && streamingConversation_ == conversationId)) {
        try {
            // Only a message of this conversation: switchBranch() would move another's.
            const std::optional<history::Message> m = store_->message(messageId);
            if (!m || m->conversationId != conversationId) {
                setError(tr("That message no longer exists."));
                return;
            }
            store_->switchBranch(messageId);
        } catch (const HistoryError& e) {
            setError(e.message());
            return;
        }
        reloadMessages();
        row = rowOfMessage(messageId);
    }
    if (row >= 0) emit scrollToMessage(row);
}

void ChatController::flushStreaming() {
    if (!writer_ || streamingConversation_ != conversationId_) return;
    // What the store has is what the reopened view will show: save the last batch.
    try {
        writer_->flush();
    } catch (const HistoryError& e) {
        setError(e.message());
    }
}

void ChatController::attachStreamingRow() {
    if (!writer_ || streamingConversation_ != conversationId_) return;
    streamingRow_ = rowOfMessage(writer_->messageId());
    if (streamingRow_ < 0) return;
    messages_.setThinking(streamingRow_, thinking_);
    const qint64 reasoningMs = thinking_ ? reasoningClock_.elapsed() : reasoningMs_;
    messages_.setReasoningSeconds(streamingRow_, static_cast<int>(reasoningMs / 1000));
    emit streamed();
}

}  // namespace siliang::app
