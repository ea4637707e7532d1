-- Duty of care (issue 15): group leaders and buddy pairs, roll calls of one group,
-- "are you safe?" checks with escalation of silence, and SOS alerts.

-- A group's leader: an organiser or a member of the visit given the leader role for it.
ALTER TABLE person_groups ADD COLUMN leader_id INTEGER REFERENCES people(id) ON DELETE SET NULL;

-- Buddy pairs: each person has at most one buddy per visit, and a pair is stored once, both ways
-- read through `person_id = ? OR buddy_id = ?`.
CREATE TABLE buddies (
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    buddy_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (visit_id, person_id)
);
CREATE INDEX buddies_by_buddy ON buddies (visit_id, buddy_id);

-- A roll call limited to one named group (NULL: the visit's participants).
ALTER TABLE rollcalls ADD COLUMN group_name TEXT;

-- "Are you safe?": who was asked, their answer, and how far silence has escalated
-- (stage 0: asked, 1: asked a second time, 2: their leader and buddy asked to find them).
CREATE TABLE safety_checks (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    created_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
    message TEXT NOT NULL DEFAULT '',
    group_name TEXT,
    minutes INTEGER NOT NULL,
    opened_at TEXT NOT NULL,
    closed_at TEXT
);

CREATE TABLE safety_members (
    check_id INTEGER NOT NULL REFERENCES safety_checks(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    answer TEXT CHECK (answer IN ('safe', 'help')),
    answered_at TEXT,
    stage INTEGER NOT NULL DEFAULT 0,
    note TEXT,
    PRIMARY KEY (check_id, person_id)
);

CREATE TABLE safety_boards (
    check_id INTEGER NOT NULL REFERENCES safety_checks(id) ON DELETE CASCADE,
    chat_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    person_id INTEGER REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (check_id, chat_id, message_id)
);
CREATE UNIQUE INDEX safety_boards_one_each ON safety_boards (check_id, person_id);

-- SOS alerts: who raised it, whether it is a drill, who pressed "I'm on it" first, and
-- whether the unacknowledged alert was sent again.
CREATE TABLE sos_alerts (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    person_id INTEGER REFERENCES people(id) ON DELETE CASCADE,
    drill INTEGER NOT NULL DEFAULT 0,
    -- "I need help" in this safety check (NULL: /sos)
    check_id INTEGER REFERENCES safety_checks(id) ON DELETE SET NULL,
    raised_at TEXT NOT NULL,
    acked_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
    acked_at TEXT,
    resent_at TEXT
);
CREATE INDEX sos_alerts_open ON sos_alerts (acked_at, resent_at);
