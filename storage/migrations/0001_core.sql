-- Visits, people, memberships and invites: what every feature builds on.
-- All times are UTC text 'YYYY-MM-DD HH:MM:SS'.

CREATE TABLE visits (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    region TEXT NOT NULL DEFAULT '',
    timezone TEXT NOT NULL,
    first_day TEXT NOT NULL,
    last_day TEXT NOT NULL,
    language TEXT NOT NULL DEFAULT 'id',
    settings_json TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    CHECK (first_day <= last_day)
);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT,
    username TEXT,
    telegram_language TEXT,
    language TEXT,
    started INTEGER NOT NULL DEFAULT 0,
    unreachable_since TEXT,
    current_visit_id INTEGER REFERENCES visits(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE invites (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('organiser', 'participant', 'partner', 'creator')),
    label TEXT,
    created_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT,
    max_uses INTEGER CHECK (max_uses IS NULL OR max_uses > 0),
    uses INTEGER NOT NULL DEFAULT 0,
    revoked_at TEXT
);

CREATE TABLE memberships (
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('organiser', 'participant', 'partner', 'creator')),
    invite_id INTEGER REFERENCES invites(id) ON DELETE SET NULL,
    joined_at TEXT NOT NULL,
    PRIMARY KEY (visit_id, person_id)
);

CREATE INDEX memberships_by_person ON memberships (person_id);
CREATE INDEX invites_by_visit ON invites (visit_id);

-- A guided chat in progress (one per person), so it survives a restart of the bot.
CREATE TABLE dialogs (
    person_id INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    feature TEXT NOT NULL,
    step TEXT NOT NULL,
    data_json TEXT NOT NULL DEFAULT '{}',
    updated_at TEXT NOT NULL
);

-- Named groups of people in a visit ("bus 2", "batik workshop"), defined by organisers.
CREATE TABLE person_groups (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    UNIQUE (visit_id, name)
);

CREATE TABLE person_group_members (
    group_id INTEGER NOT NULL REFERENCES person_groups(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, person_id)
);
