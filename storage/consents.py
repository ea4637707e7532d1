"""The SQL of consents: recording, listing and withdrawing them, and the effects of withdrawal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.database import Database
from storage.times import from_db, maybe_from_db, to_db


@dataclass(frozen=True, slots=True)
class Consent:
    """One consent a person gave: to what text, when, for what, and whether withdrawn."""

    id: int
    person_id: int
    visit_id: int | None
    purpose: str
    text_key: str
    text_version: int
    language: str | None
    given_at: datetime
    withdrawn_at: datetime | None


class ConsentStore:
    """Consents by person."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def of_person(self, person_id: int) -> list[Consent]:
        """Every consent the person gave, the oldest first."""
        rows = await self.db.fetch_all(
            "SELECT * FROM consents WHERE person_id = ? ORDER BY id", (person_id,)
        )
        return [
            Consent(
                row["id"],
                row["person_id"],
                row["visit_id"],
                row["purpose"],
                row["text_key"],
                row["text_version"],
                row["language"],
                from_db(row["given_at"]),
                maybe_from_db(row["withdrawn_at"]),
            )
            for row in rows
        ]

    async def give(
        self,
        person_id: int,
        visit_id: int | None,
        purpose: str,
        text: tuple[str, int],
        language: str,
        now: datetime,
    ) -> None:
        """Record a consent given now."""
        await self.db.execute(
            "INSERT INTO consents (person_id, visit_id, purpose, text_key, text_version,"
            " language, given_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (person_id, visit_id, purpose, text[0], text[1], language, to_db(now)),
        )

    async def withdraw(self, consent_id: int, person_id: int, now: datetime) -> Consent | None:
        """Withdraw one of the person's own consents (another's id changes nothing)."""
        changed = await self.db.execute(
            "UPDATE consents SET withdrawn_at = ?"
            " WHERE id = ? AND person_id = ? AND withdrawn_at IS NULL",
            (to_db(now), consent_id, person_id),
        )
        if not changed:
            return None
        return next(c for c in await self.of_person(person_id) if c.id == consent_id)

    async def hide_profile(self, person_id: int, visit_id: int | None) -> None:
        """Without consent a profile is not shared: out of the directory and its index, and
        the draft no longer carries the consent (sharing again means submitting again)."""
        async with self.db.transaction() as tx:
            await tx.execute(
                "DELETE FROM creator_search WHERE rowid IN (SELECT id FROM creator_profiles"
                " WHERE person_id = ? AND visit_id IS ?)",
                (person_id, visit_id),
            )
            await tx.execute(
                "UPDATE creator_profiles SET approved_json = NULL, status = 'changes_requested',"
                " draft_json = json_set(draft_json, '$.consent', json('false'))"
                " WHERE person_id = ? AND visit_id IS ?",
                (person_id, visit_id),
            )
            await tx.execute("INSERT INTO creator_search (creator_search) VALUES ('optimize')")

    async def drop_distances(self, person_id: int, visit_id: int | None) -> None:
        """Distances measured from the person's shared locations go; the check-ins stay."""
        await self.db.execute(
            "UPDATE checkins SET distance_m = NULL WHERE person_id = ? AND method = 'location'"
            " AND session_id IN (SELECT id FROM sessions WHERE visit_id IS ?)",
            (person_id, visit_id),
        )

    async def drop_needs(self, person_id: int, visit_id: int | None) -> None:
        """Without consent no dietary or access needs are kept: the person's row goes."""
        await self.db.execute(
            "DELETE FROM dietary_needs WHERE person_id = ? AND visit_id IS ?",
            (person_id, visit_id),
        )
