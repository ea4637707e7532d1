-- The roster: who is expected in a visit, each with a personal one-use invite.
-- Names and phone numbers are personal data: forget-me removes a person's entry
-- (RosterStore.forget_person) and the visit's retention purge removes them all
-- (RosterStore.erase_visit).

CREATE TABLE roster_entries (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    -- The name folded (case, accents, spaces): how two versions of a file match an entry.
    name_key TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('organiser', 'participant', 'partner', 'creator')),
    phone TEXT,
    username TEXT,
    group_name TEXT,
    invite_id INTEGER UNIQUE REFERENCES invites(id) ON DELETE SET NULL,
    -- Who opened the personal invite, and when: the entry has joined.
    person_id INTEGER REFERENCES people(id) ON DELETE CASCADE,
    joined_at TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (visit_id, name_key)
);

CREATE INDEX roster_entries_by_person ON roster_entries (person_id);

-- A checked roster file waiting for an organiser's confirmation (emptied once closed).
CREATE TABLE roster_imports (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    person_id INTEGER REFERENCES people(id) ON DELETE CASCADE,
    entries_json TEXT NOT NULL,
    created_at TEXT NOT NULL,
    closed_at TEXT
);
