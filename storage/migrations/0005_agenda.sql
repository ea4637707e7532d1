-- The agenda feature (issue 4): agenda files waiting for an organiser's confirmation, and the
-- revision of each visit's plan (part of every reminder's dedupe key, so re-planning after a
-- change queues fresh rows while an unchanged plan queues nothing twice).

CREATE TABLE agenda_imports (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    person_id INTEGER REFERENCES people(id) ON DELETE CASCADE,
    sessions_json TEXT NOT NULL,
    created_at TEXT NOT NULL,
    closed_at TEXT
);

CREATE TABLE agenda_plans (
    visit_id INTEGER PRIMARY KEY REFERENCES visits(id) ON DELETE CASCADE,
    revision INTEGER NOT NULL DEFAULT 0
);
