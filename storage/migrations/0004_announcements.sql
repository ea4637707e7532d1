-- Announcements (DESIGN.md §3): what an organiser sent to whom, who acknowledged it, the
-- report message that updates itself, and the visit's linked Telegram group.

CREATE TABLE announcements (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    created_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
    text_html TEXT NOT NULL,
    photo TEXT,
    document TEXT,
    audience TEXT NOT NULL,
    urgent INTEGER NOT NULL DEFAULT 0,
    needs_ack INTEGER NOT NULL DEFAULT 0,
    to_group_chat INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    confirmed_at TEXT,
    resends INTEGER NOT NULL DEFAULT 0,
    report_chat_id INTEGER,
    report_message_id INTEGER
);

CREATE INDEX announcements_by_visit ON announcements (visit_id, created_at);

CREATE TABLE announcement_acks (
    announcement_id INTEGER NOT NULL REFERENCES announcements(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    acked_at TEXT NOT NULL,
    PRIMARY KEY (announcement_id, person_id)
);

-- The Telegram group of a visit, linked by an organiser with /linkgroup in that group.
CREATE TABLE visit_group_chats (
    visit_id INTEGER PRIMARY KEY REFERENCES visits(id) ON DELETE CASCADE,
    chat_id INTEGER NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    linked_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
    linked_at TEXT NOT NULL
);

-- The delivery report reads an announcement's rows by batch and person.
CREATE INDEX outbox_batch_person ON outbox (batch, person_id);
