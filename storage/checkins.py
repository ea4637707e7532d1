"""Check-ins to sessions and the sessions' QR codes: the records and their SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.database import Database
from storage.sessions import Session, session_from_row
from storage.times import from_db, to_db

PRESENT, LATE, ABSENT = "present", "late", "absent"
METHODS = ("button", "location", "code", "organiser")


@dataclass(frozen=True, slots=True)
class CheckIn:
    """A person's attendance at one session: how and when it was recorded."""

    session_id: int
    person_id: int
    status: str  # present, late or absent (absent only by an organiser's mark)
    method: str  # button, location, code or organiser
    recorded_at: datetime
    distance_m: int | None = None  # location check-ins: metres from the venue, nothing else
    reason: str | None = None  # an organiser's reason for an absence
    marked_by: int | None = None

    @property
    def attended(self) -> bool:
        """Present or late."""
        return self.status != ABSENT


def _checkin(row: aiosqlite.Row) -> CheckIn:
    return CheckIn(
        session_id=row["session_id"],
        person_id=row["person_id"],
        status=row["status"],
        method=row["method"],
        recorded_at=from_db(row["recorded_at"]),
        distance_m=row["distance_m"],
        reason=row["reason"],
        marked_by=row["marked_by"],
    )


class CheckInStore:
    """Reads and writes check-ins and session codes."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def record(self, checkin: CheckIn) -> tuple[CheckIn, bool]:
        """Store a person's own check-in once; (the stored row, whether it is this one).

        An organiser's absent mark gives way to the person checking in after all. One
        statement in the common case (RETURNING), since every check-in of a crowd waits for it.
        """
        row = await self.db.fetch_one(
            "INSERT INTO checkins (session_id, person_id, status, method, distance_m,"
            " reason, marked_by, recorded_at) VALUES (?, ?, ?, ?, ?, NULL, NULL, ?)"
            " ON CONFLICT (session_id, person_id) DO UPDATE SET status = excluded.status,"
            " method = excluded.method, distance_m = excluded.distance_m, reason = NULL,"
            " marked_by = NULL, recorded_at = excluded.recorded_at"
            " WHERE checkins.status = 'absent' RETURNING *",
            (
                checkin.session_id,
                checkin.person_id,
                checkin.status,
                checkin.method,
                checkin.distance_m,
                to_db(checkin.recorded_at),
            ),
        )
        if row is not None:
            return _checkin(row), True
        existing = await self.get(checkin.session_id, checkin.person_id)
        assert existing is not None
        return existing, False

    async def mark(self, checkin: CheckIn) -> None:
        """An organiser's mark (present or absent): replaces whatever was stored."""
        await self.db.execute(
            "INSERT INTO checkins (session_id, person_id, status, method, distance_m, reason,"
            " marked_by, recorded_at) VALUES (?, ?, ?, ?, NULL, ?, ?, ?)"
            " ON CONFLICT (session_id, person_id) DO UPDATE SET status = excluded.status,"
            " method = excluded.method, distance_m = NULL, reason = excluded.reason,"
            " marked_by = excluded.marked_by, recorded_at = excluded.recorded_at",
            (
                checkin.session_id,
                checkin.person_id,
                checkin.status,
                checkin.method,
                checkin.reason,
                checkin.marked_by,
                to_db(checkin.recorded_at),
            ),
        )

    async def remove(self, session_id: int, person_id: int) -> bool:
        """Undo a check-in or mark; True if there was one."""
        changed = await self.db.execute(
            "DELETE FROM checkins WHERE session_id = ? AND person_id = ?", (session_id, person_id)
        )
        return changed > 0

    async def get(self, session_id: int, person_id: int) -> CheckIn | None:
        """A person's check-in to a session, or None."""
        row = await self.db.fetch_one(
            "SELECT * FROM checkins WHERE session_id = ? AND person_id = ?",
            (session_id, person_id),
        )
        return None if row is None else _checkin(row)

    async def of_session(self, session_id: int) -> list[CheckIn]:
        """Every check-in and mark of a session, oldest first."""
        rows = await self.db.fetch_all(
            "SELECT * FROM checkins WHERE session_id = ? ORDER BY recorded_at, person_id",
            (session_id,),
        )
        return [_checkin(row) for row in rows]

    async def of_visit(self, visit_id: int) -> list[CheckIn]:
        """Every check-in of a visit's sessions."""
        rows = await self.db.fetch_all(
            "SELECT c.* FROM checkins c JOIN sessions s ON s.id = c.session_id"
            " WHERE s.visit_id = ? ORDER BY s.starts_at, c.recorded_at, c.person_id",
            (visit_id,),
        )
        return [_checkin(row) for row in rows]

    async def code_of(self, session_id: int) -> str | None:
        """The QR code of a session, if one was made."""
        value = await self.db.fetch_value(
            "SELECT code FROM session_codes WHERE session_id = ?", (session_id,)
        )
        return None if value is None else str(value)

    async def keep_code(self, session_id: int, code: str, now: datetime) -> str:
        """Store a session's code unless it has one; return the code that is stored."""
        async with self.db.transaction() as tx:
            await tx.execute(
                "INSERT OR IGNORE INTO session_codes (session_id, code, created_at)"
                " VALUES (?, ?, ?)",
                (session_id, code, to_db(now)),
            )
            async with tx.execute(
                "SELECT code FROM session_codes WHERE session_id = ?", (session_id,)
            ) as rows:
                row = await rows.fetchone()
        assert row is not None
        return str(row[0])

    async def session_of_code(self, code: str) -> Session | None:
        """The session a printed check-in code belongs to (one query)."""
        row = await self.db.fetch_one(
            "SELECT s.* FROM session_codes c JOIN sessions s ON s.id = c.session_id"
            " WHERE c.code = ?",
            (code,),
        )
        return None if row is None else session_from_row(row)

    async def sessions_starting_between(self, start: datetime, end: datetime) -> list[int]:
        """Ids of sessions of any visit, not cancelled, that start in [start, end]."""
        rows = await self.db.fetch_all(
            "SELECT id FROM sessions WHERE cancelled_at IS NULL AND starts_at >= ?"
            " AND starts_at <= ? ORDER BY starts_at, id",
            (to_db(start), to_db(end)),
        )
        return [int(row[0]) for row in rows]

    async def erase_person(self, person_id: int) -> int:
        """Remove a person's check-ins (forget-me); returns how many rows went."""
        return await self.db.execute("DELETE FROM checkins WHERE person_id = ?", (person_id,))

    async def planned(self, dedupe_prefix: str) -> bool:
        """Whether the outbox holds a row whose dedupe key starts with this prefix."""
        escaped = dedupe_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        found = await self.db.fetch_value(
            "SELECT 1 FROM outbox WHERE dedupe_key LIKE ? ESCAPE '\\' LIMIT 1", (escaped + "%",)
        )
        return found is not None
