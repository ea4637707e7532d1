-- The outbox: every message the bot sends on its own is a row here first (DESIGN.md §3).

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    chat_id INTEGER NOT NULL,
    person_id INTEGER REFERENCES people(id) ON DELETE CASCADE,
    visit_id INTEGER REFERENCES visits(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    batch TEXT,
    dedupe_key TEXT,
    payload_json TEXT NOT NULL,
    due_at TEXT NOT NULL,
    expires_at TEXT,
    urgent INTEGER NOT NULL DEFAULT 0,
    mute_category TEXT,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'sent', 'failed', 'dropped')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error TEXT,
    late INTEGER NOT NULL DEFAULT 0,
    message_id INTEGER,
    sent_at TEXT,
    created_at TEXT NOT NULL
);

CREATE UNIQUE INDEX outbox_dedupe ON outbox (dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX outbox_pending ON outbox (state, due_at);
CREATE INDEX outbox_batch ON outbox (batch);

-- Kinds of notification a person turned off in a visit (urgent messages ignore these).
CREATE TABLE mutes (
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    category TEXT NOT NULL,
    PRIMARY KEY (person_id, visit_id, category)
);
