// Messages as a tree: appending, sibling branches (edit / regenerate), the active
// branch, switching branches, streamed text and attachments.
#include <QHash>
#include <algorithm>

#include "historystore.h"
#include "sqlitedb.h"
#include "storeutil.h"

namespace siliang::history {

namespace {

#define MESSAGE_COLUMNS                                                                         \
    "m.id, m.conversation_id, m.parent_id, m.role, m.content, m.reasoning, m.reasoning_ms, "    \
    "m.prompt_tokens, m.completion_tokens, m.prompt_tps, m.gen_tps, m.model_file, m.settings, " \
    "m.created_at, m.status, m.error "

Message readRow(sql::Stmt& stmt) {
    Message m;
    m.id = stmt.int64(0);
    m.conversationId = stmt.int64(1);
    m.parentId = stmt.int64(2);
    m.role = roleFromString(stmt.text(3));
    m.content = stmt.text(4);
    m.reasoning = stmt.text(5);
    m.stats.reasoningMs = stmt.int64(6);
    m.stats.promptTokens = int(stmt.int64(7));
    m.stats.completionTokens = int(stmt.int64(8));
    m.stats.promptTokensPerSecond = stmt.real(9);
    m.stats.generationTokensPerSecond = stmt.real(10);
    m.modelFile = stmt.text(11);
    m.settings = util::objectFromText(stmt.text(12));  // "{}" is not parsed
    m.createdAt = util::fromMs(stmt.int64(13));
    m.status = statusFromString(stmt.text(14));
    m.errorMessage = stmt.text(15);
    return m;
}

[[noreturn]] void notFound(const QString& action, qint64 id) {
    throw HistoryError(ErrorKind::NotFound,
                       QStringLiteral("Cannot %1: message %2 does not exist.").arg(action).arg(id));
}

qint64 insertMessage(sql::Db& db, qint64 conversationId, qint64 parentId, const NewMessage& m) {
    db.cached(
          "INSERT INTO messages(conversation_id, parent_id, role, content, reasoning, "
          "reasoning_ms, prompt_tokens, completion_tokens, prompt_tps, gen_tps, model_file, "
          "settings, created_at, status, error) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)")
        .bind(1, conversationId)
        .bindId(2, parentId)
        .bind(3, nameOf(m.role))
        .bind(4, m.content)
        .bind(5, m.reasoning)
        .bind(6, m.stats.reasoningMs)
        .bind(7, m.stats.promptTokens)
        .bind(8, m.stats.completionTokens)
        .bind(9, m.stats.promptTokensPerSecond)
        .bind(10, m.stats.generationTokensPerSecond)
        .bind(11, m.modelFile)
        .bind(12, util::toJsonText(m.settings))
        .bind(13, util::toMs(m.createdAt))
        .bind(14, nameOf(m.status))
        .bind(15, m.errorMessage)
        .run();
    return db.lastInsertId();
}

}  // namespace

Message HistoryStore::readMessage(qint64 id) {
    sql::Stmt stmt = db_->cached("SELECT " MESSAGE_COLUMNS "FROM messages m WHERE m.id = ?1");
    stmt.bind(1, id);
    if (!stmt.step()) notFound(QStringLiteral("read the message"), id);
    return readRow(stmt);
}

std::optional<Message> HistoryStore::message(qint64 id) {
    sql::Stmt stmt = db_->cached("SELECT " MESSAGE_COLUMNS "FROM messages m WHERE m.id = ?1");
    stmt.bind(1, id);
    if (!stmt.step()) return std::nullopt;
    return readRow(stmt);
}

qint64 HistoryStore::appendMessage(qint64 conversationId, const NewMessage& message,
                                   qint64 parentId) {
    const QString action = QStringLiteral("save the message");
    sql::Transaction transaction(*db_, action);
    sql::Stmt conv = db_->cached("SELECT active_leaf_id FROM conversations WHERE id = ?1");
    conv.bind(1, conversationId);
    if (!conv.step())
        throw HistoryError(ErrorKind::NotFound,
                           QStringLiteral("Cannot %1: conversation %2 does not exist.")
                               .arg(action)
                               .arg(conversationId));
    if (parentId < 0) parentId = conv.int64(0);
    conv.reset();
    if (parentId > 0) {
        sql::Stmt parent = db_->cached("SELECT conversation_id FROM messages WHERE id = ?1");
        parent.bind(1, parentId);
        if (!parent.step() || parent.int64(0) != conversationId)
            throw HistoryError(
                ErrorKind::InvalidArgument,
                QStringLiteral("Cannot %1: message %2 is not part of conversation %3.")
                    .arg(action)
                    .arg(parentId)
                    .arg(conversationId));
    }
    const qint64 id = insertMessage(*db_, conversationId, parentId, message);
    touch(conversationId, id);
    transaction.commit();
    return id;
}

qint64 HistoryStore::addSibling(qint64 siblingOf, const NewMessage& message) {
    const QString action = QStringLiteral("save the new branch");
    sql::Transaction transaction(*db_, action);
    sql::Stmt stmt = db_->cached("SELECT conversation_id, parent_id FROM messages WHERE id = ?1");
    stmt.bind(1, siblingOf);
    if (!stmt.step()) notFound(action, siblingOf);
    const qint64 conversationId = stmt.int64(0);
    const qint64 parentId = stmt.int64(1);
    stmt.reset();
    const qint64 id = insertMessage(*db_, conversationId, parentId, message);
    touch(conversationId, id);
    transaction.commit();
    return id;
}

QList<Message> HistoryStore::activeBranch(qint64 conversationId) {
    // Walk from the active leaf up to the root (one primary-key lookup per
    // message). Rows arrive leaf first and are reversed here: cheaper than an
    // ORDER BY, which would copy every message's text through a sorter.
    sql::Stmt stmt = db_->cached(
        "WITH RECURSIVE path(id) AS ("
        "  SELECT active_leaf_id FROM conversations WHERE id = ?1 AND active_leaf_id IS NOT NULL"
        "  UNION ALL SELECT m.parent_id FROM messages m JOIN path p ON m.id = p.id"
        "  WHERE m.parent_id IS NOT NULL) "
        "SELECT " MESSAGE_COLUMNS "FROM path JOIN messages m ON m.id = path.id");
    stmt.bind(1, conversationId);
    QList<Message> branch;
    while (stmt.step()) branch << readRow(stmt);
    std::reverse(branch.begin(), branch.end());

    // Branch points only: one pass over the covering index, instead of a
    // count per message.
    sql::Stmt forks = db_->cached(
        "SELECT ifnull(parent_id, 0), group_concat(id) FROM messages WHERE conversation_id = ?1 "
        "GROUP BY parent_id HAVING count(*) > 1");
    forks.bind(1, conversationId);
    QHash<qint64, QList<qint64>> siblingsOf;
    while (forks.step()) {
        QList<qint64>& ids = siblingsOf[forks.int64(0)];
        for (const QString& id : forks.text(1).split(QLatin1Char(','))) ids << id.toLongLong();
        std::sort(ids.begin(), ids.end());
    }
    for (Message& m : branch) {
        const auto it = siblingsOf.constFind(m.parentId);
        if (it == siblingsOf.constEnd()) continue;
        m.siblingCount = int(it->size());
        m.siblingIndex = int(it->indexOf(m.id));
    }
    return branch;
}

QList<qint64> HistoryStore::siblings(qint64 messageId) {
    const Message m = readMessage(messageId);
    sql::Stmt stmt = db_->cached(
        "SELECT id FROM messages WHERE conversation_id = ?1 AND "
        "parent_id IS ?2 ORDER BY id");
    stmt.bind(1, m.conversationId).bindId(2, m.parentId);
    QList<qint64> ids;
    while (stmt.step()) ids << stmt.int64(0);
    return ids;
}

qint64 HistoryStore::switchBranch(qint64 messageId) {
    const QString action = QStringLiteral("switch to the other branch");
    sql::Transaction transaction(*db_, action);
    sql::Stmt owner = db_->cached("SELECT conversation_id FROM messages WHERE id = ?1");
    owner.bind(1, messageId);
    if (!owner.step()) notFound(action, messageId);
    const qint64 conversationId = owner.int64(0);
    owner.reset();
    sql::Stmt child = db_->cached("SELECT max(id) FROM messages WHERE parent_id = ?1");
    qint64 leaf = messageId;
    for (;;) {
        child.bind(1, leaf);
        child.step();
        const bool hasChild = !child.isNull(0);
        const qint64 next = child.int64(0);
        child.reset();
        if (!hasChild) break;
        leaf = next;
    }
    db_->cached("UPDATE conversations SET active_leaf_id = ?2 WHERE id = ?1")
        .bind(1, conversationId)
        .bind(2, leaf)
        .run();
    transaction.commit();
    return leaf;
}

void HistoryStore::appendStreamText(qint64 messageId, const QString& content,
                                    const QString& reasoning) {
    sql::Transaction transaction(*db_, QStringLiteral("save the answer being written"));
    db_->cached(
           "UPDATE messages SET content = content || ?2, reasoning = reasoning || ?3 "
           "WHERE id = ?1 AND status = 'streaming'")
        .bind(1, messageId)
        .bind(2, content)
        .bind(3, reasoning)
        .run();
    if (db_->changes() == 0)
        throw HistoryError(ErrorKind::InvalidArgument,
                           QStringLiteral("Cannot save streamed text: message %1 does not exist or "
                                          "is not being streamed.")
                               .arg(messageId));
    transaction.commit();
}

void HistoryStore::finishMessage(qint64 messageId, MessageStatus status, const MessageStats& stats,
                                 const QString& errorMessage) {
    const QString action = QStringLiteral("save the finished answer");
    sql::Transaction transaction(*db_, action);
    db_->cached(
           "UPDATE messages SET status = ?2, reasoning_ms = ?3, prompt_tokens = ?4, "
           "completion_tokens = ?5, prompt_tps = ?6, gen_tps = ?7, error = ?8 WHERE id = ?1")
        .bind(1, messageId)
        .bind(2, nameOf(status))
        .bind(3, stats.reasoningMs)
        .bind(4, stats.promptTokens)
        .bind(5, stats.completionTokens)
        .bind(6, stats.promptTokensPerSecond)
        .bind(7, stats.generationTokensPerSecond)
        .bind(8, errorMessage)
        .run();
    if (db_->changes() == 0) notFound(action, messageId);
    transaction.commit();
}

qint64 HistoryStore::addAttachment(qint64 messageId, const Attachment& a) {
    const QString action = QStringLiteral("save the attachment");
    sql::Transaction transaction(*db_, action);
    if (!message(messageId)) notFound(action, messageId);
    db_->cached(
           "INSERT INTO attachments(message_id, file_name, mime_type, size, sha256, "
           "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        .bind(1, messageId)
        .bind(2, a.fileName)
        .bind(3, a.mimeType)
        .bind(4, a.size)
        .bind(5, a.sha256)
        .bind(6, util::toMs(a.createdAt))
        .run();
    const qint64 id = db_->lastInsertId();
    transaction.commit();
    return id;
}

QList<Attachment> HistoryStore::attachments(qint64 messageId) {
    sql::Stmt stmt = db_->cached(
        "SELECT id, message_id, file_name, mime_type, size, sha256, "
        "created_at FROM attachments WHERE message_id = ?1 ORDER BY id");
    stmt.bind(1, messageId);
    QList<Attachment> list;
    while (stmt.step()) {
        Attachment a;
        a.id = stmt.int64(0);
        a.messageId = stmt.int64(1);
        a.fileName = stmt.text(2);
        a.mimeType = stmt.text(3);
        a.size = stmt.int64(4);
        a.sha256 = stmt.text(5);
        a.createdAt = util::fromMs(stmt.int64(6));
        list << a;
    }
    return list;
}

}  // namespace siliang::history
