"""The SQL of retention: each visit's purge record, and erasing a visit with everything in it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.database import Database
from storage.times import maybe_from_db, to_db

# The visit a guided chat in progress acts in (see handlers.common.guard).
DIALOG_VISIT = "CAST(json_extract(data_json, '$.visit_id') AS INTEGER)"


@dataclass(frozen=True, slots=True)
class PurgeRecord:
    """What was done about one visit's purge, and when."""

    visit_id: int
    slug: str
    due_at: datetime
    warned_at: datetime | None
    started_at: datetime | None
    purged_at: datetime | None
    people_forgotten: int


class RetentionStore:
    """Purge records, and the one transaction that erases a visit."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, visit_id: int) -> PurgeRecord | None:
        """The purge record of a visit (also of a visit purged already), or None."""
        row = await self.db.fetch_one("SELECT * FROM visit_purges WHERE visit_id = ?", (visit_id,))
        if row is None:
            return None
        due = maybe_from_db(row["due_at"])
        assert due is not None
        return PurgeRecord(
            row["visit_id"],
            row["slug"],
            due,
            maybe_from_db(row["warned_at"]),
            maybe_from_db(row["started_at"]),
            maybe_from_db(row["purged_at"]),
            row["people_forgotten"],
        )

    async def all(self) -> list[PurgeRecord]:
        """Every purge record, by visit id."""
        ids = await self.db.fetch_all("SELECT visit_id FROM visit_purges ORDER BY visit_id")
        found = [await self.get(row[0]) for row in ids]
        return [record for record in found if record is not None]

    async def plan(self, visit_id: int, slug: str, last_day: str, due_at: datetime) -> None:
        """Note when a visit's purge is due (the date follows the visit's days and settings)."""
        await self.db.execute(
            "INSERT INTO visit_purges (visit_id, slug, last_day, due_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (visit_id) DO UPDATE SET slug = excluded.slug,"
            " last_day = excluded.last_day, due_at = excluded.due_at"
            " WHERE visit_purges.purged_at IS NULL",
            (visit_id, slug, last_day, to_db(due_at)),
        )

    async def mark_warned(self, visit_id: int, now: datetime) -> None:
        """The organisers were warned (once)."""
        await self.db.execute(
            "UPDATE visit_purges SET warned_at = ? WHERE visit_id = ? AND warned_at IS NULL",
            (to_db(now), visit_id),
        )

    async def mark_started(self, visit_id: int, now: datetime) -> None:
        """The purge began; a restart finishes it."""
        await self.db.execute(
            "UPDATE visit_purges SET started_at = ? WHERE visit_id = ? AND started_at IS NULL",
            (to_db(now), visit_id),
        )

    async def count_forgotten(self, visit_id: int) -> None:
        """One more of the visit's people was forgotten entirely."""
        await self.db.execute(
            "UPDATE visit_purges SET people_forgotten = people_forgotten + 1 WHERE visit_id = ?",
            (visit_id,),
        )

    async def member_ids(self, visit_id: int) -> list[int]:
        """The ids of the visit's members."""
        rows = await self.db.fetch_all(
            "SELECT person_id FROM memberships WHERE visit_id = ? ORDER BY person_id", (visit_id,)
        )
        return [row[0] for row in rows]

    async def dialog_people(self, visit_id: int) -> list[int]:
        """People whose guided chat in progress acts in this visit."""
        rows = await self.db.fetch_all(
            f"SELECT person_id FROM dialogs WHERE {DIALOG_VISIT} = ?",
            (visit_id,),
        )
        return [row[0] for row in rows]

    async def erase_visit(self, visit_id: int, now: datetime) -> None:
        """Erase the visit and every row that belongs to it, in one transaction.

        Every table keyed by visit references visits(id) ON DELETE CASCADE (memberships,
        invites, sessions and check-ins, questions and votes, profiles, introductions,
        announcements, roll calls, the outbox rows of the visit...), so deleting the visit
        takes them all; the full-text indexes, which hold no foreign keys, are cleared first
        and merged afterwards so no deleted word stays in their pages.
        """
        async with self.db.transaction() as tx:
            await tx.execute(
                "DELETE FROM creator_search WHERE rowid IN"
                " (SELECT id FROM creator_profiles WHERE visit_id = ?)",
                (visit_id,),
            )
            await tx.execute(
                "DELETE FROM question_archive WHERE question_id IN"
                " (SELECT id FROM questions WHERE visit_id = ?)",
                (visit_id,),
            )
            await tx.execute(
                f"DELETE FROM dialogs WHERE {DIALOG_VISIT} = ?",
                (visit_id,),
            )
            await tx.execute("DELETE FROM visits WHERE id = ?", (visit_id,))
            await tx.execute(
                "UPDATE visit_purges SET purged_at = ? WHERE visit_id = ?", (to_db(now), visit_id)
            )
            await tx.execute("INSERT INTO creator_search (creator_search) VALUES ('optimize')")
            await tx.execute("INSERT INTO question_archive (question_archive) VALUES ('optimize')")
