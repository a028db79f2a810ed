// HistoryStore: Siliang's conversation history in one SQLite database.
//
// One HistoryStore is one SQLite connection and must be used from one thread at a
// time; a second thread (the streaming writer) takes its own with openConnection().
// Every method throws HistoryError on failure, never anything else, and leaves the
// database as it was before the call (each write is one short transaction).
//
// One app instance owns a database at a time: open() takes an instance lock
// (<path>.lock, released by the OS when the process dies) and a second instance
// gets the history read-only through WAL, with OpenOutcome::InUse to tell the user.
// That is what makes it safe to mark messages left in 'streaming' as 'interrupted'
// when the owner opens the database: nobody else can be streaming into them.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <memory>

#include "historyerror.h"
#include "historytypes.h"

class QLockFile;

namespace siliang::history {

namespace sql {
class Db;
}

class HistoryStore;

enum class OpenOutcome {
    Opened,       // existing database opened (and upgraded if it was older)
    Created,      // no database yet: a new one was created
    Recovered,    // the file was unusable; it was moved aside and a new one created
    ReadOnly,     // the file or folder cannot be written: history is shown read-only
    InUse,        // another Siliang instance owns it: history is shown read-only
    Unavailable,  // nothing usable on disk: an in-memory store, nothing will be saved
};

struct OpenOptions {
    int busyTimeoutMs = 5000;
    // SQLite VFS to use (tests inject faults through one); empty: the default.
    QByteArray vfs;
    // Run PRAGMA quick_check at open (reads the whole file: slow on big histories).
    bool quickCheck = false;
};

struct OpenResult {
    // Null only if not even an in-memory database could be created.
    std::unique_ptr<HistoryStore> store;
    OpenOutcome outcome = OpenOutcome::Opened;
    QString message;              // for the user; empty when there is nothing to say
    QString movedAsidePath;       // Recovered: where the unusable file now is
    int previousVersion = 0;      // schema version found on disk (0: none)
    int interruptedMessages = 0;  // streams found unfinished and marked interrupted
};

class HistoryStore {
public:
    static OpenResult open(const QString& path, const OpenOptions& options = {});
    ~HistoryStore();
    HistoryStore(const HistoryStore&) = delete;
    HistoryStore& operator=(const HistoryStore&) = delete;

    // Another connection to the same database for another thread (same lock, same
    // read-only state; no recovery pass).
    std::unique_ptr<HistoryStore> openConnection() const;

    QString path() const;
    bool isReadOnly() const;
    // "ok", or SQLite's list of problems (PRAGMA integrity_check).
    QString integrityCheck();

    // ---- conversations (historystore_conversations.cpp) ----
    qint64 createConversation(const NewConversation& init);
    std::optional<Conversation> conversation(qint64 id);
    // The sidebar: pinned first, then most recently updated; deleted ones excluded.
    QList<Conversation> listConversations(int offset = 0, int limit = 100);
    qint64 conversationCount();
    void setTitle(qint64 conversationId, const QString& title);
    void setPinned(qint64 conversationId, bool pinned);
    void setFolder(qint64 conversationId, const QString& folder);
    void setTags(qint64 conversationId, const QStringList& tags);
    void setModelSettings(qint64 conversationId, const QString& model, const QString& systemPrompt,
                          const QJsonObject& settings);
    // Soft delete: hidden from the list and search until restored or purged.
    void deleteConversation(qint64 conversationId);
    void restoreConversation(qint64 conversationId);
    QList<Conversation> deletedConversations();
    // Permanently removes conversations deleted before `before`; returns how many.
    int purgeDeleted(const QDateTime& before);

    // ---- messages and branches (historystore_messages.cpp) ----
    // Adds a message under `parentId` (-1: under the active leaf, which is also right
    // for a conversation's first message; 0: as a new root) and makes it the active
    // leaf.
    qint64 appendMessage(qint64 conversationId, const NewMessage& message, qint64 parentId = -1);
    // Edit / regenerate: a new message with the same parent as `siblingOf`; it
    // becomes the active leaf. The original branch stays reachable.
    qint64 addSibling(qint64 siblingOf, const NewMessage& message);
    std::optional<Message> message(qint64 id);
    // The active branch, root first: what the chat view shows and the prompt uses.
    QList<Message> activeBranch(qint64 conversationId);
    // Ids of the messages sharing `messageId`'s parent, oldest first (itself included).
    QList<qint64> siblings(qint64 messageId);
    // Makes the branch through `messageId` active: the new leaf is found by
    // following the newest child from it. Returns the new leaf.
    qint64 switchBranch(qint64 messageId);
    // Streaming: append text to a message in Streaming status (one short transaction).
    void appendStreamText(qint64 messageId, const QString& content, const QString& reasoning);
    // Final status, stats and error text of a streamed message.
    void finishMessage(qint64 messageId, MessageStatus status, const MessageStats& stats,
                       const QString& errorMessage = {});

    qint64 addAttachment(qint64 messageId, const Attachment& attachment);
    QList<Attachment> attachments(qint64 messageId);

    // ---- search (historystore_search.cpp) ----
    // Titles (first, up to 10), then message text and reasoning, through the FTS5
    // index ranked by bm25. Every word must match; if whole words find fewer than
    // `limit`, the last word also matches as a prefix ("pyth" finds "python").
    // Chinese of two or more characters is found inside running text; a query made
    // only of single CJK characters falls back to a substring scan, newest first.
    // Queries are literal: quotes and FTS5 operators in them are just text.
    // bm25 has to score every match before returning the best ones; for a word in a
    // large share of a big history that takes long. Past the ranking budget search
    // returns the newest matches instead (score 0). Default 25 ms.
    QList<SearchHit> search(const QString& query, int limit = 50);
    void setRankingBudget(int milliseconds) { rankingBudgetMs_ = milliseconds; }

    // ---- export / import (historystore_export.cpp) ----
    QString exportMarkdown(qint64 conversationId);  // the active branch
    QJsonObject exportJson(qint64 conversationId);  // every branch, lossless
    qint64 importJson(const QJsonObject& json);     // a new conversation

private:
    HistoryStore(std::unique_ptr<sql::Db> db, std::shared_ptr<QLockFile> lock, QByteArray vfs,
                 int busyTimeoutMs);
    friend struct StoreOpener;
    void touch(qint64 conversationId, qint64 activeLeafId);
    Message readMessage(qint64 id);
    std::unique_ptr<sql::Db> db_;
    std::shared_ptr<QLockFile> lock_;
    QByteArray vfs_;
    int busyTimeoutMs_;
    int rankingBudgetMs_ = 25;
};

}  // namespace siliang::history
