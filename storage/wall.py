"""The room's screen: screen links, their signing key, and the question on screen (SQL only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.database import Database
from storage.times import from_db, maybe_from_db, to_db


@dataclass(frozen=True, slots=True)
class WallLink:
    """A link to the projector page of a visit (and one session, or the whole visit)."""

    id: int
    visit_id: int
    session_id: int | None
    nonce_hash: str
    created_by: int | None
    created_at: datetime
    expires_at: datetime  # the visit's end when the link was made
    revoked_at: datetime | None

    @property
    def scope(self) -> int:
        """The session's id, or 0 for the visit-wide screen."""
        return self.session_id or 0


def _link(row: aiosqlite.Row) -> WallLink:
    return WallLink(
        id=row["id"],
        visit_id=row["visit_id"],
        session_id=row["session_id"],
        nonce_hash=row["nonce_hash"],
        created_by=row["created_by"],
        created_at=from_db(row["created_at"]),
        expires_at=from_db(row["expires_at"]),
        revoked_at=maybe_from_db(row["revoked_at"]),
    )


class WallStore:
    """Reads and writes screen links and what is on screen."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def signing_key(self, fresh: str) -> str:
        """The database's signing key: the one kept, or `fresh` kept from now on."""
        await self.db.execute("INSERT OR IGNORE INTO wall_keys (id, key) VALUES (1, ?)", (fresh,))
        return str(await self.db.fetch_value("SELECT key FROM wall_keys WHERE id = 1"))

    async def create(
        self,
        visit_id: int,
        session_id: int | None,
        nonce_hash: str,
        by: int,
        now: datetime,
        expires_at: datetime,
    ) -> int:
        """Store a new link; its id."""
        return await self.db.insert(
            "INSERT INTO wall_links (visit_id, session_id, nonce_hash, created_by, created_at,"
            " expires_at) VALUES (?, ?, ?, ?, ?, ?)",
            (visit_id, session_id, nonce_hash, by, to_db(now), to_db(expires_at)),
        )

    async def get(self, link_id: int) -> WallLink | None:
        """A link by id."""
        row = await self.db.fetch_one("SELECT * FROM wall_links WHERE id = ?", (link_id,))
        return None if row is None else _link(row)

    async def revoke_all(self, visit_id: int, by: int, now: datetime) -> int:
        """Revoke every link of a visit not revoked yet; how many."""
        return await self.db.execute(
            "UPDATE wall_links SET revoked_at = ?, revoked_by = ?"
            " WHERE visit_id = ? AND revoked_at IS NULL",
            (to_db(now), by, visit_id),
        )

    async def revoke(self, link_id: int, by: int, now: datetime) -> bool:
        """Revoke a link; False if it was revoked already."""
        changed = await self.db.execute(
            "UPDATE wall_links SET revoked_at = ?, revoked_by = ?"
            " WHERE id = ? AND revoked_at IS NULL",
            (to_db(now), by, link_id),
        )
        return changed > 0

    async def put_on_screen(
        self, visit_id: int, scope: int, question_id: int, by: int, now: datetime
    ) -> None:
        """The question now being answered on the screen of this visit and scope."""
        await self.db.execute(
            "INSERT INTO wall_on_screen (visit_id, scope, question_id, set_by, set_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (visit_id, scope) DO UPDATE SET"
            " question_id = excluded.question_id, set_by = excluded.set_by,"
            " set_at = excluded.set_at",
            (visit_id, scope, question_id, by, to_db(now)),
        )

    async def on_screen(self, visit_id: int, scope: int) -> int | None:
        """The question on screen for this visit and scope (0: visit-wide)."""
        value = await self.db.fetch_value(
            "SELECT question_id FROM wall_on_screen WHERE visit_id = ? AND scope = ?",
            (visit_id, scope),
        )
        return None if value is None else int(value)
