"""Partner profiles of a visit and the people who represent them: the records and their SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.database import Database
from storage.times import to_db


@dataclass(frozen=True, slots=True)
class PartnerFields:
    """What an agenda file or an organiser says about a partner."""

    name: str
    country: str = ""
    sector: str = ""
    description_id: str = ""
    description_en: str = ""
    website: str = ""
    contact: str = ""

    def description(self, language: str) -> str:
        """The short description in a language (the other one when it is missing)."""
        first, second = (
            (self.description_id, self.description_en)
            if language == "id"
            else (self.description_en, self.description_id)
        )
        return first or second


@dataclass(frozen=True, slots=True)
class Partner:
    """A stored partner organisation."""

    id: int
    visit_id: int
    fields: PartnerFields

    @property
    def name(self) -> str:
        """The organisation's name."""
        return self.fields.name


def _partner(row: aiosqlite.Row) -> Partner:
    return Partner(
        id=row["id"],
        visit_id=row["visit_id"],
        fields=PartnerFields(
            name=row["name"],
            country=row["country"],
            sector=row["sector"],
            description_id=row["description_id"],
            description_en=row["description_en"],
            website=row["website"],
            contact=row["contact"],
        ),
    )


class PartnerStore:
    """Reads and writes partners and their representatives."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(self, visit_id: int, fields: PartnerFields, now: datetime) -> Partner | None:
        """Store a new partner; None when the visit has one of that name already."""
        async with self.db.transaction() as tx:
            cursor = await tx.execute(
                "INSERT OR IGNORE INTO partners (visit_id, name, country, sector, description_id,"
                " description_en, website, contact, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    visit_id,
                    fields.name,
                    fields.country,
                    fields.sector,
                    fields.description_id,
                    fields.description_en,
                    fields.website,
                    fields.contact,
                    to_db(now),
                ),
            )
            if cursor.rowcount == 0:
                return None
            partner_id = int(cursor.lastrowid or 0)
        return Partner(partner_id, visit_id, fields)

    async def get(self, partner_id: int) -> Partner | None:
        """A partner by id."""
        row = await self.db.fetch_one("SELECT * FROM partners WHERE id = ?", (partner_id,))
        return None if row is None else _partner(row)

    async def of_visit(self, visit_id: int) -> list[Partner]:
        """A visit's partners by name."""
        rows = await self.db.fetch_all(
            "SELECT * FROM partners WHERE visit_id = ? ORDER BY name COLLATE NOCASE", (visit_id,)
        )
        return [_partner(row) for row in rows]

    async def remove(self, visit_id: int, partner_id: int) -> bool:
        """Delete a partner of a visit; True if it existed."""
        changed = await self.db.execute(
            "DELETE FROM partners WHERE visit_id = ? AND id = ?", (visit_id, partner_id)
        )
        return changed > 0

    async def link(self, visit_id: int, partner_id: int, person_id: int, now: datetime) -> None:
        """Make a person a representative of a partner (replacing an earlier link)."""
        await self.db.execute(
            "INSERT INTO partner_representatives (visit_id, person_id, partner_id, linked_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (visit_id, person_id)"
            " DO UPDATE SET partner_id = excluded.partner_id, linked_at = excluded.linked_at",
            (visit_id, person_id, partner_id, to_db(now)),
        )

    async def link_if_unlinked(
        self, visit_id: int, partner_id: int, person_id: int, now: datetime
    ) -> bool:
        """Link a person who has no organisation yet; False when they already have one."""
        changed = await self.db.execute(
            "INSERT OR IGNORE INTO partner_representatives"
            " (visit_id, person_id, partner_id, linked_at) VALUES (?, ?, ?, ?)",
            (visit_id, person_id, partner_id, to_db(now)),
        )
        return changed > 0

    async def partner_of(self, visit_id: int, person_id: int) -> Partner | None:
        """The organisation a person represents in a visit, or None."""
        row = await self.db.fetch_one(
            "SELECT p.* FROM partner_representatives r JOIN partners p ON p.id = r.partner_id"
            " WHERE r.visit_id = ? AND r.person_id = ?",
            (visit_id, person_id),
        )
        return None if row is None else _partner(row)

    async def representatives(self, partner_ids: list[int]) -> list[int]:
        """Person ids of the representatives of these partners."""
        if not partner_ids:
            return []
        marks = ", ".join("?" for _ in partner_ids)
        rows = await self.db.fetch_all(
            "SELECT DISTINCT person_id FROM partner_representatives"
            f" WHERE partner_id IN ({marks}) ORDER BY person_id",
            partner_ids,
        )
        return [row[0] for row in rows]
