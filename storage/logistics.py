"""The SQL of rooming and transport lists (room, vehicle, seat per person) and of dietary and
access needs (specific personal data: written only after the person's own consent)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aiosqlite import Row

from storage.database import Database
from storage.times import from_db, to_db

FLAGS = ("halal", "vegetarian", "allergies", "mobility")


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where a person sleeps and rides."""

    person_id: int
    room: str = ""
    vehicle: str = ""
    seat: str = ""

    @property
    def empty(self) -> bool:
        """Whether nothing is assigned."""
        return not (self.room or self.vehicle or self.seat)


class LogisticsStore:
    """Rooming and transport rows of a visit."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def of_visit(self, visit_id: int) -> list[Assignment]:
        """Every assignment of a visit."""
        rows = await self.db.fetch_all(
            "SELECT person_id, room, vehicle, seat FROM logistics WHERE visit_id = ?"
            " ORDER BY vehicle, seat, room, person_id",
            (visit_id,),
        )
        return [Assignment(r[0], r[1], r[2], r[3]) for r in rows]

    async def of_person(self, visit_id: int, person_id: int) -> Assignment | None:
        """A person's assignment (None: nothing assigned)."""
        row = await self.db.fetch_one(
            "SELECT person_id, room, vehicle, seat FROM logistics"
            " WHERE visit_id = ? AND person_id = ?",
            (visit_id, person_id),
        )
        return None if row is None else Assignment(row[0], row[1], row[2], row[3])

    async def put(self, visit_id: int, assignment: Assignment) -> None:
        """Set one person's row (an empty one is removed)."""
        await self.replace(visit_id, [assignment], everyone=False)

    async def replace(
        self, visit_id: int, assignments: Sequence[Assignment], *, everyone: bool = True
    ) -> None:
        """Set these rows in one transaction; with `everyone`, the visit's list becomes exactly
        these (people not named lose theirs)."""
        async with self.db.transaction() as tx:
            if everyone:
                await tx.execute("DELETE FROM logistics WHERE visit_id = ?", (visit_id,))
            for each in assignments:
                await tx.execute(
                    "DELETE FROM logistics WHERE visit_id = ? AND person_id = ?",
                    (visit_id, each.person_id),
                )
                if not each.empty:
                    await tx.execute(
                        "INSERT INTO logistics (visit_id, person_id, room, vehicle, seat)"
                        " VALUES (?, ?, ?, ?, ?)",
                        (visit_id, each.person_id, each.room, each.vehicle, each.seat),
                    )


@dataclass(frozen=True, slots=True)
class StatedNeeds:
    """What a person stated: the flags they chose and a note."""

    person_id: int
    flags: frozenset[str]
    note: str
    updated_at: datetime


class NeedsStore:
    """Dietary and access needs; nothing here is written without a standing consent (the
    rules in bot/safety/needs.py check it)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, visit_id: int, person_id: int) -> StatedNeeds | None:
        """A person's needs in a visit."""
        row = await self.db.fetch_one(
            "SELECT * FROM dietary_needs WHERE visit_id = ? AND person_id = ?",
            (visit_id, person_id),
        )
        return None if row is None else _needs(row)

    async def of_visit(self, visit_id: int) -> list[StatedNeeds]:
        """Every stated need of a visit."""
        rows = await self.db.fetch_all(
            "SELECT * FROM dietary_needs WHERE visit_id = ? ORDER BY person_id", (visit_id,)
        )
        return [_needs(row) for row in rows]

    async def put(
        self, visit_id: int, person_id: int, flags: frozenset[str], note: str, now: datetime
    ) -> None:
        """Store a person's needs (replacing what was there)."""
        values = [int(flag in flags) for flag in FLAGS]
        await self.db.execute(
            "INSERT INTO dietary_needs (visit_id, person_id, halal, vegetarian, allergies,"
            " mobility, note, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (visit_id, person_id) DO UPDATE SET halal = excluded.halal,"
            " vegetarian = excluded.vegetarian, allergies = excluded.allergies,"
            " mobility = excluded.mobility, note = excluded.note,"
            " updated_at = excluded.updated_at",
            (visit_id, person_id, *values, note, to_db(now)),
        )

    async def delete(self, person_id: int, visit_id: int | None) -> int:
        """Delete a person's needs in a visit (every visit when None); the rows removed."""
        if visit_id is None:
            return await self.db.execute(
                "DELETE FROM dietary_needs WHERE person_id = ?", (person_id,)
            )
        return await self.db.execute(
            "DELETE FROM dietary_needs WHERE person_id = ? AND visit_id = ?",
            (person_id, visit_id),
        )


def _needs(row: Row) -> StatedNeeds:
    values: dict[str, Any] = dict(zip(row.keys(), tuple(row), strict=True))
    return StatedNeeds(
        values["person_id"],
        frozenset(flag for flag in FLAGS if values[flag]),
        values["note"],
        from_db(values["updated_at"]),
    )
