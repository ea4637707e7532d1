-- Learning and impact (issue 16): feedback on each attended session (Kirkpatrick level 1),
-- the daily reflection (DEAL), and collaboration leads followed after the visit.

-- One rating (1-5) per person and session, changeable, with an optional one-line comment, shown
-- with the person's name only when they chose to sign it.
CREATE TABLE session_feedback (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment TEXT,
    signed INTEGER NOT NULL DEFAULT 0,
    rated_at TEXT NOT NULL,
    PRIMARY KEY (session_id, person_id)
);
CREATE INDEX session_feedback_by_visit ON session_feedback (visit_id);

-- One reflection per person and visit day: three prompts (what happened, what it means for
-- Indonesia's diplomacy, what they will do with it), each answered by text or a voice note
-- (Telegram's file id and duration, the sound stays on Telegram's servers).
CREATE TABLE reflections (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    happened_text TEXT,
    happened_voice TEXT,
    happened_seconds INTEGER,
    meaning_text TEXT,
    meaning_voice TEXT,
    meaning_seconds INTEGER,
    action_text TEXT,
    action_voice TEXT,
    action_seconds INTEGER,
    -- prompts passed over with "skip", comma-separated
    skipped TEXT NOT NULL DEFAULT '',
    skipped_day INTEGER NOT NULL DEFAULT 0,
    shared INTEGER NOT NULL DEFAULT 0,
    started_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (visit_id, person_id, day)
);

-- A question or an introduction a partner or organiser marked as worth a follow-up, and
-- where it stands (changeable long after the visit).
CREATE TABLE leads (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    question_id INTEGER UNIQUE REFERENCES questions(id) ON DELETE CASCADE,
    introduction_id INTEGER UNIQUE REFERENCES creator_introductions(id) ON DELETE CASCADE,
    partner_id INTEGER REFERENCES partners(id) ON DELETE SET NULL,
    marked_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
    status TEXT NOT NULL DEFAULT 'new'
        CHECK (status IN ('new', 'contacted', 'agreed', 'dropped')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((question_id IS NULL) <> (introduction_id IS NULL))
);
CREATE INDEX leads_by_visit ON leads (visit_id, created_at);
