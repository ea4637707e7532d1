-- Check-ins, session codes and roll calls (DESIGN.md §4).
-- Of a shared location only the distance to the venue (whole metres) and the method are kept,
-- never the coordinates.

CREATE TABLE checkins (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('present', 'late', 'absent')),
    method TEXT NOT NULL CHECK (method IN ('button', 'location', 'code', 'organiser')),
    distance_m INTEGER,
    reason TEXT,
    marked_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (session_id, person_id)
);

CREATE INDEX checkins_by_person ON checkins (person_id);

-- The code printed as a QR deep link at a session's venue (`/start c-<code>`).
CREATE TABLE session_codes (
    session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    code TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE rollcalls (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    created_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
    opened_at TEXT NOT NULL,
    closes_at TEXT NOT NULL,
    closed_at TEXT,
    pings INTEGER NOT NULL DEFAULT 0,
    -- The organiser's one live message, edited as answers arrive.
    board_chat_id INTEGER,
    board_message_id INTEGER
);

CREATE INDEX rollcalls_open ON rollcalls (closed_at, closes_at);

-- Who was asked (the visit's participants when the roll call opened) and what they answered.
CREATE TABLE rollcall_members (
    rollcall_id INTEGER NOT NULL REFERENCES rollcalls(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    answer TEXT CHECK (answer IS NULL OR answer IN ('here', 'late', 'not_coming')),
    answered_at TEXT,
    PRIMARY KEY (rollcall_id, person_id)
);
