-- Retention: a visit's personal data is purged a number of days after its last day. Each
-- visit's purge is recorded here when it is warned about and when it starts and ends, so a
-- restart neither skips nor repeats it. No foreign key: the record outlives the visit it names
-- (the visit row goes with the purge), and holds nothing personal.

CREATE TABLE visit_purges (
    visit_id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL,
    last_day TEXT NOT NULL,
    due_at TEXT NOT NULL,
    warned_at TEXT,
    started_at TEXT,
    purged_at TEXT,
    people_forgotten INTEGER NOT NULL DEFAULT 0
);
