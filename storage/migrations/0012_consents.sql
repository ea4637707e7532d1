-- Consents, recorded when given: which text (catalogue key and version, in which language),
-- when, for what purpose, in which visit, and when withdrawn. They go with the person
-- (forget-me) and with the visit (retention).

CREATE TABLE consents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    visit_id INTEGER REFERENCES visits(id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('creator_profile', 'checkin_location')),
    text_key TEXT NOT NULL,
    text_version INTEGER NOT NULL,
    language TEXT,
    given_at TEXT NOT NULL,
    withdrawn_at TEXT
);

CREATE INDEX consents_by_person ON consents (person_id, purpose);

-- Creators who consented before this table existed (the consent step's first text, language
-- unknown), at the time they submitted.
INSERT INTO consents (person_id, visit_id, purpose, text_key, text_version, given_at)
SELECT person_id, visit_id, 'creator_profile', 'creators.step.consent', 1, submitted_at
FROM creator_profiles WHERE json_extract(draft_json, '$.consent') = 1;
