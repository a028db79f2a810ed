// Conversations: create, read, list for the sidebar, edit, soft delete and purge.
#include "historystore.h"
#include "sqlitedb.h"
#include "storeutil.h"

namespace siliang::history {

namespace {

constexpr const char* kColumns =
    "id, title, created_at, updated_at, pinned, folder, tags, model, system_prompt, settings, "
    "active_leaf_id, deleted_at FROM conversations ";

Conversation readConversation(sql::Stmt& stmt) {
    Conversation c;
    c.id = stmt.int64(0);
    c.title = stmt.text(1);
    c.createdAt = util::fromMs(stmt.int64(2));
    c.updatedAt = util::fromMs(stmt.int64(3));
    c.pinned = stmt.int64(4) != 0;
    c.folder = stmt.text(5);
    c.tags = util::listFromText(stmt.text(6));
    c.model = stmt.text(7);
    c.systemPrompt = stmt.text(8);
    c.settings = util::objectFromText(stmt.text(9));
    c.activeLeafId = stmt.int64(10);
    if (!stmt.isNull(11)) c.deletedAt = util::fromMs(stmt.int64(11));
    return c;
}

QList<Conversation> readAll(sql::Stmt& stmt) {
    QList<Conversation> list;
    while (stmt.step()) list << readConversation(stmt);
    return list;
}

// Runs a one-row UPDATE in its own transaction; NotFound if no row changed.
template <typename Bind>
void updateOne(sql::Db& db, const char* sqlText, qint64 id, const QString& action, Bind bind) {
    sql::Transaction transaction(db, action);
    sql::Stmt stmt = db.cached(sqlText);
    bind(stmt);
    stmt.bind(1, id).run();
    if (db.changes() == 0)
        throw HistoryError(
            ErrorKind::NotFound,
            QStringLiteral("Cannot %1: conversation %2 does not exist.").arg(action).arg(id));
    transaction.commit();
}

}  // namespace

qint64 HistoryStore::createConversation(const NewConversation& init) {
    sql::Transaction transaction(*db_, QStringLiteral("create the conversation"));
    const qint64 now = util::toMs({});
    db_->cached(
           "INSERT INTO conversations(title, created_at, updated_at, pinned, folder, tags, "
           "model, system_prompt, settings) VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
        .bind(1, init.title)
        .bind(2, now)
        .bind(3, init.pinned ? 1 : 0)
        .bind(4, init.folder)
        .bind(5, util::toJsonText(init.tags))
        .bind(6, init.model)
        .bind(7, init.systemPrompt)
        .bind(8, util::toJsonText(init.settings))
        .run();
    const qint64 id = db_->lastInsertId();
    transaction.commit();
    return id;
}

std::optional<Conversation> HistoryStore::conversation(qint64 id) {
    sql::Stmt stmt = db_->prepare(QByteArray("SELECT ") + kColumns + "WHERE id = ?1");
    stmt.bind(1, id);
    if (!stmt.step()) return std::nullopt;
    return readConversation(stmt);
}

QList<Conversation> HistoryStore::listConversations(int offset, int limit) {
    // Matches the partial index conversations_order exactly, so the first page is
    // read straight off the index whatever the history's size.
    static const QByteArray query = QByteArray("SELECT ") + kColumns +
                                    "WHERE deleted_at IS NULL ORDER BY pinned DESC, updated_at "
                                    "DESC LIMIT ?1 OFFSET ?2";
    sql::Stmt stmt = db_->cached(query.constData());
    stmt.bind(1, limit).bind(2, offset);
    return readAll(stmt);
}

qint64 HistoryStore::conversationCount() {
    sql::Stmt stmt = db_->cached("SELECT count(*) FROM conversations WHERE deleted_at IS NULL");
    stmt.step();
    return stmt.int64(0);
}

void HistoryStore::setTitle(qint64 conversationId, const QString& title) {
    updateOne(*db_, "UPDATE conversations SET title = ?2 WHERE id = ?1", conversationId,
              QStringLiteral("rename the conversation"), [&](sql::Stmt& s) { s.bind(2, title); });
}

void HistoryStore::setPinned(qint64 conversationId, bool pinned) {
    updateOne(*db_, "UPDATE conversations SET pinned = ?2 WHERE id = ?1", conversationId,
              QStringLiteral("pin the conversation"),
              [&](sql::Stmt& s) { s.bind(2, pinned ? 1 : 0); });
}

void HistoryStore::setFolder(qint64 conversationId, const QString& folder) {
    updateOne(*db_, "UPDATE conversations SET folder = ?2 WHERE id = ?1", conversationId,
              QStringLiteral("move the conversation"), [&](sql::Stmt& s) { s.bind(2, folder); });
}

void HistoryStore::setTags(qint64 conversationId, const QStringList& tags) {
    updateOne(*db_, "UPDATE conversations SET tags = ?2 WHERE id = ?1", conversationId,
              QStringLiteral("tag the conversation"),
              [&](sql::Stmt& s) { s.bind(2, util::toJsonText(tags)); });
}

void HistoryStore::setModelSettings(qint64 conversationId, const QString& model,
                                    const QString& systemPrompt, const QJsonObject& settings) {
    updateOne(
        *db_,
        "UPDATE conversations SET model = ?2, system_prompt = ?3, settings = ?4 WHERE id = ?1",
        conversationId, QStringLiteral("save the conversation settings"), [&](sql::Stmt& s) {
            s.bind(2, model).bind(3, systemPrompt).bind(4, util::toJsonText(settings));
        });
}

void HistoryStore::deleteConversation(qint64 conversationId) {
    updateOne(*db_, "UPDATE conversations SET deleted_at = ?2 WHERE id = ?1", conversationId,
              QStringLiteral("delete the conversation"),
              [&](sql::Stmt& s) { s.bind(2, util::toMs({})); });
}

void HistoryStore::restoreConversation(qint64 conversationId) {
    updateOne(*db_, "UPDATE conversations SET deleted_at = NULL WHERE id = ?1", conversationId,
              QStringLiteral("restore the conversation"), [](sql::Stmt&) {});
}

QList<Conversation> HistoryStore::deletedConversations() {
    sql::Stmt stmt = db_->prepare(QByteArray("SELECT ") + kColumns +
                                  "WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC");
    return readAll(stmt);
}

int HistoryStore::purgeDeleted(const QDateTime& before) {
    sql::Transaction transaction(*db_, QStringLiteral("empty the deleted conversations"));
    // Messages, their FTS entries and attachments go by cascade and triggers.
    db_->cached("DELETE FROM conversations WHERE deleted_at IS NOT NULL AND deleted_at < ?1")
        .bind(1, util::toMs(before))
        .run();
    const int count = db_->changes();
    transaction.commit();
    return count;
}

// Bumps updated_at (the sidebar order) and moves the active leaf.
void HistoryStore::touch(qint64 conversationId, qint64 activeLeafId) {
    db_->cached("UPDATE conversations SET updated_at = ?2, active_leaf_id = ?3 WHERE id = ?1")
        .bind(1, conversationId)
        .bind(2, util::toMs({}))
        .bindId(3, activeLeafId)
        .run();
}

}  // namespace siliang::history
