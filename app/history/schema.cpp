#include "schema.h"

#include <QString>
#include <iterator>

#include "sqlitedb.h"

namespace siliang::history::schema {

namespace {

// v1: conversations and the message tree. Every message points at its parent;
// a conversation remembers the leaf of its active branch, so the prompt is the
// path from that leaf up to the root. Times are milliseconds since the epoch, UTC.
// Kept byte-for-byte in tests/app/history/data/schema_v1.sql.
constexpr const char* kV1 = R"sql(
CREATE TABLE conversations(
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    pinned INTEGER NOT NULL DEFAULT 0,
    folder TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '[]',
    model TEXT NOT NULL DEFAULT '',
    system_prompt TEXT NOT NULL DEFAULT '',
    settings TEXT NOT NULL DEFAULT '{}',
    active_leaf_id INTEGER REFERENCES messages(id) ON DELETE SET NULL
);
CREATE TABLE messages(
    id INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES messages(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK(role IN ('system','user','assistant','tool')),
    content TEXT NOT NULL DEFAULT '',
    reasoning TEXT NOT NULL DEFAULT '',
    reasoning_ms INTEGER NOT NULL DEFAULT 0,
    prompt_tokens INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    prompt_tps REAL NOT NULL DEFAULT 0,
    gen_tps REAL NOT NULL DEFAULT 0,
    model_file TEXT NOT NULL DEFAULT '',
    settings TEXT NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'complete'
        CHECK(status IN ('complete','streaming','stopped','interrupted','error')),
    error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX messages_by_conversation ON messages(conversation_id, parent_id);
CREATE INDEX messages_by_parent ON messages(parent_id);
CREATE INDEX conversations_order ON conversations(pinned DESC, updated_at DESC);
)sql";

// v2: full-text search with the "siliang" tokenizer (ftstokenizer.h: words, and
// bigrams for Chinese / Japanese / Korean, which have no spaces). The
// indexes are external-content (the text lives once, in the tables) and are kept
// in sync by triggers. A message being streamed is indexed only once it reaches a
// final status: re-indexing the growing text four times a second would make long
// answers quadratic.
constexpr const char* kV2 = R"sql(
CREATE VIRTUAL TABLE messages_fts USING fts5(
    content, reasoning, content='messages', content_rowid='id', tokenize='siliang');
CREATE VIRTUAL TABLE conversations_fts USING fts5(
    title, content='conversations', content_rowid='id', tokenize='siliang');
INSERT INTO messages_fts(rowid, content, reasoning)
    SELECT id, content, reasoning FROM messages WHERE status <> 'streaming';
INSERT INTO conversations_fts(rowid, title) SELECT id, title FROM conversations;
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.status <> 'streaming'
BEGIN
    INSERT INTO messages_fts(rowid, content, reasoning)
        VALUES (new.id, new.content, new.reasoning);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.status <> 'streaming'
BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, content, reasoning)
        VALUES ('delete', old.id, old.content, old.reasoning);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF content, reasoning, status ON messages
BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, content, reasoning)
        SELECT 'delete', old.id, old.content, old.reasoning WHERE old.status <> 'streaming';
    INSERT INTO messages_fts(rowid, content, reasoning)
        SELECT new.id, new.content, new.reasoning WHERE new.status <> 'streaming';
END;
CREATE TRIGGER conversations_fts_insert AFTER INSERT ON conversations BEGIN
    INSERT INTO conversations_fts(rowid, title) VALUES (new.id, new.title);
END;
CREATE TRIGGER conversations_fts_delete AFTER DELETE ON conversations BEGIN
    INSERT INTO conversations_fts(conversations_fts, rowid, title)
        VALUES ('delete', old.id, old.title);
END;
CREATE TRIGGER conversations_fts_update AFTER UPDATE OF title ON conversations BEGIN
    INSERT INTO conversations_fts(conversations_fts, rowid, title)
        VALUES ('delete', old.id, old.title);
    INSERT INTO conversations_fts(rowid, title) VALUES (new.id, new.title);
END;
)sql";

// v3: attachments (document Q&A hangs its chunks off them) and soft delete, so
// that "delete" can be undone; the sidebar index skips deleted conversations.
// messages_streaming lets the crash-recovery pass at open find unfinished answers
// without reading every message.
constexpr const char* kV3 = R"sql(
ALTER TABLE conversations ADD COLUMN deleted_at INTEGER;
DROP INDEX conversations_order;
CREATE INDEX conversations_order ON conversations(pinned DESC, updated_at DESC)
    WHERE deleted_at IS NULL;
CREATE TABLE attachments(
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    mime_type TEXT NOT NULL DEFAULT '',
    size INTEGER NOT NULL DEFAULT 0,
    sha256 TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX attachments_by_message ON attachments(message_id);
CREATE INDEX messages_streaming ON messages(status) WHERE status = 'streaming';
)sql";

// Migration N (index N-1) takes a version N-1 database to version N.
constexpr const char* kMigrations[] = {kV1, kV2, kV3};
static_assert(std::size(kMigrations) == kCurrentVersion);

}  // namespace

int userVersion(sql::Db& db) {
    sql::Stmt stmt = db.prepare("PRAGMA user_version");
    stmt.step();
    return int(stmt.int64(0));
}

void migrate(sql::Db& db) {
    for (int version = userVersion(db); version < kCurrentVersion; ++version) {
        const QString action = QStringLiteral("upgrade it to version %1").arg(version + 1);
        sql::Transaction transaction(db, action);
        db.exec(kMigrations[version], action);
        db.exec(QStringLiteral("PRAGMA user_version = %1").arg(version + 1).toUtf8().constData(),
                action);
        transaction.commit();
    }
}

}  // namespace siliang::history::schema
