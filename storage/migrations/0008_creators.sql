-- Creator profiles, their review, the directory's full-text index and introductions (DESIGN.md §6).

-- One profile per creator and visit. `draft_json` is the latest submitted version;
-- `approved_json` is what the directory shows (kept while an edit waits for review).
-- Ids are never reused, so an old button or dedupe key cannot point at someone else's profile.
CREATE TABLE creator_profiles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    status TEXT NOT NULL
        CHECK (status IN ('pending', 'approved', 'rejected', 'changes_requested')),
    revision INTEGER NOT NULL DEFAULT 1,
    draft_json TEXT NOT NULL,
    approved_json TEXT,
    review_note TEXT,
    reviewed_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
    submitted_at TEXT NOT NULL,
    reviewed_at TEXT,
    approved_at TEXT,
    UNIQUE (visit_id, person_id)
);

CREATE INDEX creator_profiles_by_status ON creator_profiles (visit_id, status);

-- The approved versions, for word and discipline search (rowid = creator_profiles.id).
CREATE VIRTUAL TABLE creator_search USING fts5 (
    name, bio, place, disciplines,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Requests for an introduction from a participant, partner or organiser to a creator.
CREATE TABLE creator_introductions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    profile_id INTEGER NOT NULL REFERENCES creator_profiles(id) ON DELETE CASCADE,
    asker_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    note TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined')),
    created_at TEXT NOT NULL,
    answered_at TEXT
);

CREATE INDEX creator_introductions_by_visit ON creator_introductions (visit_id, created_at);
CREATE INDEX creator_introductions_by_asker ON creator_introductions (asker_id);
