-- The room's screen (docs/wall.md): links to a projector page for a visit (and session), and
-- the question organisers put on screen.

-- A screen link: its token is `<id>.<nonce>.<signature>`, and only a hash of the nonce is kept, so
-- the database alone cannot make a working link. Expires with the visit, revocable by chat.
CREATE TABLE wall_links (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    session_id INTEGER REFERENCES sessions(id) ON DELETE CASCADE,
    nonce_hash TEXT NOT NULL,
    created_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT,
    revoked_by INTEGER REFERENCES people(id) ON DELETE SET NULL
);

CREATE INDEX wall_links_by_visit ON wall_links (visit_id);

-- The key links are signed with, made once per database (a backup carries it along).
CREATE TABLE wall_keys (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    key TEXT NOT NULL
);

-- The question being answered, per visit and session (session 0: the visit-wide screen).
CREATE TABLE wall_on_screen (
    visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
    scope INTEGER NOT NULL,
    question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    set_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
    set_at TEXT NOT NULL,
    PRIMARY KEY (visit_id, scope)
);
