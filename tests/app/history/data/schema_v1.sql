-- A history database written by Siliang schema v1: the v1 DDL exactly as
-- migration 1 creates it, then sample rows.
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

-- Sample history as Siliang with schema v1 saved it (times: ms since epoch, UTC).
INSERT INTO conversations(id, title, created_at, updated_at, pinned, folder, tags, model,
    system_prompt, settings, active_leaf_id)
VALUES (1, '旧对话 about trains', 1700000000000, 1700000500000, 1, 'travel', '["trip","北京"]',
        'qwen3-4b-q4_k_m.gguf', 'You are helpful.', '{"temperature":0.7}', 4),
       (2, 'Second chat', 1700001000000, 1700001000000, 0, '', '[]', '', '', '{}', 5);
INSERT INTO messages(id, conversation_id, parent_id, role, content, reasoning, reasoning_ms,
    prompt_tokens, completion_tokens, prompt_tps, gen_tps, model_file, settings, created_at,
    status, error)
VALUES (1, 1, NULL, 'user', '我们明天去北京吗？', '', 0, 0, 0, 0, 0, '', '{}', 1700000000000,
        'complete', ''),
       (2, 1, 1, 'assistant', '好的，明天去北京天安门。', 'The user asks about a locomotive trip.',
        1500, 12, 9, 250.5, 31.25, 'qwen3-4b-q4_k_m.gguf', '{"temperature":0.7}',
        1700000100000, 'complete', ''),
       (3, 1, 1, 'assistant', 'Regenerated answer', '', 0, 12, 3, 200, 30,
        'qwen3-4b-q4_k_m.gguf', '{}', 1700000200000, 'stopped', ''),
       (4, 1, 2, 'user', 'And the timetable?', '', 0, 0, 0, 0, 0, '', '{}', 1700000300000,
        'complete', ''),
       (5, 2, NULL, 'user', 'hello there', '', 0, 0, 0, 0, 0, '', '{}', 1700001000000,
        'complete', ''),
       (6, 1, 4, 'assistant', 'The timetable says', '', 0, 0, 0, 0, 0, '', '{}', 1700000400000,
        'streaming', '');
UPDATE conversations SET active_leaf_id = 6 WHERE id = 1;
PRAGMA user_version = 1;
