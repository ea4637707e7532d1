-- Partner Q&A (DESIGN.md §5): partner profiles, their representatives, questions, votes,
-- the searchable archive of answered questions, and organisers' live lists for the room.

CREATE TABLE partners (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    country TEXT NOT NULL DEFAULT '',
    sector TEXT NOT NULL DEFAULT '',
    description_id TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    website TEXT NOT NULL DEFAULT '',
    contact TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (visit_id, name)
);

-- A partner's people in Telegram: one organisation per person and visit.
CREATE TABLE partner_representatives (
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    partner_id INTEGER NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
    linked_at TEXT NOT NULL,
    PRIMARY KEY (visit_id, person_id)
);

CREATE INDEX partner_representatives_by_partner ON partner_representatives (partner_id);

CREATE TABLE questions (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    asker_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    partner_id INTEGER REFERENCES partners(id) ON DELETE SET NULL,
    session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
    target_name TEXT NOT NULL,
    text TEXT NOT NULL,
    original_text TEXT NOT NULL,
    text_key TEXT NOT NULL,
    anonymous INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'waiting'
        CHECK (state IN ('waiting', 'published', 'rejected', 'answered')),
    reject_reason TEXT,
    moderated_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
    moderated_at TEXT,
    edited_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
    answer TEXT,
    answered_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
    answered_aloud INTEGER NOT NULL DEFAULT 0,
    answered_at TEXT,
    created_at TEXT NOT NULL
);

-- The same person asking the same text twice in a visit is refused.
CREATE UNIQUE INDEX questions_no_repeat ON questions (visit_id, asker_id, text_key);
CREATE INDEX questions_by_state ON questions (visit_id, state);

CREATE TABLE question_votes (
    question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    voted_at TEXT NOT NULL,
    PRIMARY KEY (question_id, person_id)
);

-- Answered questions, searchable with /qa across visits (the next cohort reads them too).
CREATE VIRTUAL TABLE question_archive USING fts5 (
    question_id UNINDEXED,
    target,
    question,
    answer,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- An organiser's live list for the room: one message, edited (throttled) as votes arrive.
CREATE TABLE question_live_lists (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    chat_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    language TEXT NOT NULL,
    partner_id INTEGER REFERENCES partners(id) ON DELETE CASCADE,
    session_id INTEGER REFERENCES sessions(id) ON DELETE CASCADE,
    opened_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
    rendered_at TEXT NOT NULL,
    dirty INTEGER NOT NULL DEFAULT 0,
    closed_at TEXT,
    UNIQUE (chat_id, message_id)
)
