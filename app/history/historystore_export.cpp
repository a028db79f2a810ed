// Export to Markdown (the active branch, for reading) and JSON (every branch,
// every field: a lossless backup), and import of that JSON as a new conversation.
//
// JSON messages are numbered 1..n in the file (not database ids) and listed
// parents first, so exporting an imported conversation reproduces the file exactly.
#include <QHash>
#include <QJsonArray>
#include <QJsonValue>

#include "historystore.h"
#include "sqlitedb.h"
#include "storeutil.h"

namespace siliang::history {

namespace {

const QString kFormat = QStringLiteral("siliang.conversation");
constexpr int kFormatVersion = 1;

QString isoTime(const QDateTime& time) {
    return time.toUTC().toString(Qt::ISODateWithMs);
}

[[noreturn]] void badImport(const QString& why) {
    throw HistoryError(ErrorKind::InvalidArgument,
                       QStringLiteral("Cannot import the conversation: %1").arg(why));
}

QDateTime timeField(const QJsonObject& object, const char* key) {
    const QDateTime time =
        QDateTime::fromString(object.value(QLatin1String(key)).toString(), Qt::ISODateWithMs);
    if (!time.isValid()) badImport(QStringLiteral("\"%1\" is not a valid time.").arg(key));
    return time.toUTC();
}

QString stringField(const QJsonObject& object, const char* key) {
    const QJsonValue value = object.value(QLatin1String(key));
    if (!value.isUndefined() && !value.isString())
        badImport(QStringLiteral("\"%1\" must be a string.").arg(key));
    return value.toString();
}

}  // namespace

QString HistoryStore::exportMarkdown(qint64 conversationId) {
    const std::optional<Conversation> c = conversation(conversationId);
    if (!c)
        throw HistoryError(ErrorKind::NotFound, QStringLiteral("Cannot export: conversation %1 "
                                                               "does not exist.")
                                                    .arg(conversationId));
    QString out =
        QStringLiteral("# %1\n\n").arg(c->title.isEmpty() ? QStringLiteral("Untitled") : c->title);
    if (!c->model.isEmpty()) out += QStringLiteral("Model: `%1`\n\n").arg(c->model);
    if (!c->systemPrompt.isEmpty())
        out += QStringLiteral("**System prompt**\n\n%1\n\n").arg(c->systemPrompt);
    for (const Message& m : activeBranch(conversationId)) {
        const QString role = nameOf(m.role);
        out +=
            QStringLiteral("## %1%2\n\n")
                .arg(role.at(0).toUpper() + role.mid(1),
                     m.modelFile.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(m.modelFile));
        if (!m.reasoning.isEmpty())
            out += QStringLiteral(
                       "<details><summary>Thought for %1 s</summary>\n\n%2\n\n"
                       "</details>\n\n")
                       .arg(double(m.stats.reasoningMs) / 1000.0, 0, 'f', 1)
                       .arg(m.reasoning);
        out += m.content + QStringLiteral("\n\n");
        if (m.status == MessageStatus::Stopped) out += QStringLiteral("*(stopped)*\n\n");
        if (m.status == MessageStatus::Interrupted) out += QStringLiteral("*(interrupted)*\n\n");
        if (m.status == MessageStatus::Error)
            out += QStringLiteral("*(error: %1)*\n\n").arg(m.errorMessage);
    }
    return out;
}

QJsonObject HistoryStore::exportJson(qint64 conversationId) {
    const std::optional<Conversation> c = conversation(conversationId);
    if (!c)
        throw HistoryError(ErrorKind::NotFound, QStringLiteral("Cannot export: conversation %1 "
                                                               "does not exist.")
                                                    .arg(conversationId));
    QHash<qint64, int> number;  // database id -> number in the file
    QJsonArray messages;
    // Ordered by id: a parent is always older than its children.
    sql::Stmt stmt = db_->cached("SELECT id FROM messages WHERE conversation_id = ?1 ORDER BY id");
    stmt.bind(1, conversationId);
    QList<qint64> ids;
    while (stmt.step()) ids << stmt.int64(0);
    stmt.reset();
    for (const qint64 id : ids) {
        const Message m = readMessage(id);
        number.insert(id, int(number.size()) + 1);
        QJsonArray files;
        for (const Attachment& a : attachments(id))
            files.append(QJsonObject{{"fileName", a.fileName},
                                     {"mimeType", a.mimeType},
                                     {"size", double(a.size)},
                                     {"sha256", a.sha256},
                                     {"createdAt", isoTime(a.createdAt)}});
        messages.append(QJsonObject{
            {"id", number.value(id)},
            {"parent", m.parentId ? QJsonValue(number.value(m.parentId)) : QJsonValue()},
            {"role", nameOf(m.role)},
            {"content", m.content},
            {"reasoning", m.reasoning},
            {"reasoningMs", double(m.stats.reasoningMs)},
            {"promptTokens", m.stats.promptTokens},
            {"completionTokens", m.stats.completionTokens},
            {"promptTokensPerSecond", m.stats.promptTokensPerSecond},
            {"generationTokensPerSecond", m.stats.generationTokensPerSecond},
            {"modelFile", m.modelFile},
            {"settings", m.settings},
            {"createdAt", isoTime(m.createdAt)},
            {"status", nameOf(m.status)},
            {"error", m.errorMessage},
            {"attachments", files}});
    }
    return QJsonObject{
        {"format", kFormat},
        {"version", kFormatVersion},
        {"title", c->title},
        {"createdAt", isoTime(c->createdAt)},
        {"updatedAt", isoTime(c->updatedAt)},
        {"pinned", c->pinned},
        {"folder", c->folder},
        {"tags", QJsonArray::fromStringList(c->tags)},
        {"model", c->model},
        {"systemPrompt", c->systemPrompt},
        {"settings", c->settings},
        {"activeLeaf", c->activeLeafId ? QJsonValue(number.value(c->activeLeafId)) : QJsonValue()},
        {"messages", messages}};
}

qint64 HistoryStore::importJson(const QJsonObject& json) {
    if (json.value(QLatin1String("format")).toString() != kFormat)
        badImport(QStringLiteral("this is not a Siliang conversation file."));
    if (json.value(QLatin1String("version")).toInt() != kFormatVersion)
        badImport(QStringLiteral("file format version %1 is not supported.")
                      .arg(json.value(QLatin1String("version")).toInt()));
    const QJsonValue messagesValue = json.value(QLatin1String("messages"));
    if (!messagesValue.isArray()) badImport(QStringLiteral("\"messages\" must be a list."));

    sql::Transaction transaction(*db_, QStringLiteral("import the conversation"));
    QStringList tags;
    for (const QJsonValue& tag : json.value(QLatin1String("tags")).toArray())
        tags << tag.toString();
    db_->cached(
           "INSERT INTO conversations(title, created_at, updated_at, pinned, folder, tags, "
           "model, system_prompt, settings) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
        .bind(1, stringField(json, "title"))
        .bind(2, util::toMs(timeField(json, "createdAt")))
        .bind(3, util::toMs(timeField(json, "updatedAt")))
        .bind(4, json.value(QLatin1String("pinned")).toBool() ? 1 : 0)
        .bind(5, stringField(json, "folder"))
        .bind(6, util::toJsonText(tags))
        .bind(7, stringField(json, "model"))
        .bind(8, stringField(json, "systemPrompt"))
        .bind(9, util::toJsonText(json.value(QLatin1String("settings")).toObject()))
        .run();
    const qint64 conversationId = db_->lastInsertId();

    QHash<int, qint64> ids;  // number in the file -> new database id
    for (const QJsonValue& value : messagesValue.toArray()) {
        const QJsonObject m = value.toObject();
        const int number = m.value(QLatin1String("id")).toInt();
        if (number <= 0 || ids.contains(number))
            badImport(QStringLiteral("message ids must be distinct positive numbers."));
        qint64 parentId = 0;
        if (!m.value(QLatin1String("parent")).isNull()) {
            const int parent = m.value(QLatin1String("parent")).toInt();
            if (!ids.contains(parent))
                badImport(QStringLiteral("message %1 refers to parent %2, which is not listed "
                                         "before it.")
                              .arg(number)
                              .arg(parent));
            parentId = ids.value(parent);
        }
        MessageStatus status = statusFromString(stringField(m, "status"));
        // An import is never "being streamed": nothing will ever finish it.
        if (status == MessageStatus::Streaming) status = MessageStatus::Interrupted;
        db_->cached(
               "INSERT INTO messages(conversation_id, parent_id, role, content, reasoning, "
               "reasoning_ms, prompt_tokens, completion_tokens, prompt_tps, gen_tps, "
               "model_file, settings, created_at, status, error) VALUES (?1, ?2, ?3, ?4, "
               "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)")
            .bind(1, conversationId)
            .bindId(2, parentId)
            .bind(3, nameOf(roleFromString(stringField(m, "role"))))
            .bind(4, stringField(m, "content"))
            .bind(5, stringField(m, "reasoning"))
            .bind(6, qint64(m.value(QLatin1String("reasoningMs")).toDouble()))
            .bind(7, m.value(QLatin1String("promptTokens")).toInt())
            .bind(8, m.value(QLatin1String("completionTokens")).toInt())
            .bind(9, m.value(QLatin1String("promptTokensPerSecond")).toDouble())
            .bind(10, m.value(QLatin1String("generationTokensPerSecond")).toDouble())
            .bind(11, stringField(m, "modelFile"))
            .bind(12, util::toJsonText(m.value(QLatin1String("settings")).toObject()))
            .bind(13, util::toMs(timeField(m, "createdAt")))
            .bind(14, nameOf(status))
            .bind(15, stringField(m, "error"))
            .run();
        const qint64 id = db_->lastInsertId();
        ids.insert(number, id);
        for (const QJsonValue& file : m.value(QLatin1String("attachments")).toArray()) {
            const QJsonObject a = file.toObject();
            db_->cached(
                   "INSERT INTO attachments(message_id, file_name, mime_type, size, sha256, "
                   "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                .bind(1, id)
                .bind(2, stringField(a, "fileName"))
                .bind(3, stringField(a, "mimeType"))
                .bind(4, qint64(a.value(QLatin1String("size")).toDouble()))
                .bind(5, stringField(a, "sha256"))
                .bind(6, util::toMs(timeField(a, "createdAt")))
                .run();
        }
    }
    const QJsonValue leafValue = json.value(QLatin1String("activeLeaf"));
    const QJsonValue leaf = leafValue.isUndefined() ? QJsonValue() : leafValue;
    if (!leaf.isNull() && !ids.contains(leaf.toInt()))
        badImport(QStringLiteral("the active message %1 is not in the file.").arg(leaf.toInt()));
    db_->cached("UPDATE conversations SET active_leaf_id = ?2 WHERE id = ?1")
        .bind(1, conversationId)
        .bindId(2, leaf.isNull() ? 0 : ids.value(leaf.toInt()))
        .run();
    transaction.commit();
    return conversationId;
}

}  // namespace siliang::history
