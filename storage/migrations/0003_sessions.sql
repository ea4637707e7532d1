-- The agenda: sessions of a visit (DESIGN.md §2). Titles and descriptions in both languages.

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    title_id TEXT NOT NULL,
    title_en TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    venue_name TEXT NOT NULL DEFAULT '',
    venue_address TEXT NOT NULL DEFAULT '',
    latitude REAL,
    longitude REAL,
    radius_m INTEGER NOT NULL DEFAULT 150,
    partners_json TEXT NOT NULL DEFAULT '[]',
    description_id TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    dress_code TEXT NOT NULL DEFAULT '',
    audience TEXT NOT NULL DEFAULT 'everyone',
    cancelled_at TEXT,
    updated_at TEXT NOT NULL,
    UNIQUE (visit_id, key),
    CHECK (starts_at < ends_at)
);

CREATE INDEX sessions_by_time ON sessions (visit_id, starts_at);
