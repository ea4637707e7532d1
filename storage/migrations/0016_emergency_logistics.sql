-- Duty of care, the rest of issue 15: the emergency pack, meeting points, rooming and transport
-- lists, and dietary and access needs (specific personal data, with their own consent).

-- The emergency pack of a visit (numbers, hotel, hospitals, organisers' phones, meeting points,
-- what to do if separated), loaded with the agenda file or set by chat.
CREATE TABLE emergency_packs (
    visit_id INTEGER PRIMARY KEY REFERENCES visits(id) ON DELETE CASCADE,
    pack_json TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- An agenda file waiting for Apply carries its emergency pack (NULL: the file names none).
ALTER TABLE agenda_imports ADD COLUMN emergency_json TEXT;

-- Where to gather for a session, and when the group leaves from there (UTC).
ALTER TABLE sessions ADD COLUMN meeting_name TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN meeting_latitude REAL;
ALTER TABLE sessions ADD COLUMN meeting_longitude REAL;
ALTER TABLE sessions ADD COLUMN departs_at TEXT;

-- Who sleeps in which room and rides in which vehicle and seat.
CREATE TABLE logistics (
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    room TEXT NOT NULL DEFAULT '',
    vehicle TEXT NOT NULL DEFAULT '',
    seat TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (visit_id, person_id)
);

-- Dietary and access needs a person stated after their own consent (UU 27/2022 Pasal 4:
-- specific personal data). Seen by organisers only, and withdrawing the consent deletes the row.
CREATE TABLE dietary_needs (
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    halal INTEGER NOT NULL DEFAULT 0,
    vegetarian INTEGER NOT NULL DEFAULT 0,
    allergies INTEGER NOT NULL DEFAULT 0,
    mobility INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (visit_id, person_id)
);

-- A new consent purpose: SQLite cannot widen a CHECK in place, so the table is rebuilt.
CREATE TABLE consents_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    visit_id INTEGER REFERENCES visits(id) ON DELETE CASCADE,
    purpose TEXT NOT NULL
        CHECK (purpose IN ('creator_profile', 'checkin_location', 'dietary_needs')),
    text_key TEXT NOT NULL,
    text_version INTEGER NOT NULL,
    language TEXT,
    given_at TEXT NOT NULL,
    withdrawn_at TEXT
);
INSERT INTO consents_new SELECT id, person_id, visit_id, purpose, text_key, text_version,
    language, given_at, withdrawn_at FROM consents;
DROP TABLE consents;
ALTER TABLE consents_new RENAME TO consents;
CREATE INDEX consents_by_person ON consents (person_id, purpose);
