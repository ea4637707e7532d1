"""Visits: the unit every other record belongs to."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import aiosqlite

from storage.database import Database
from storage.times import from_db, to_db


@dataclass(frozen=True, slots=True)
class Visit:
    """A visit: title, region, time zone, days, default language and its settings."""

    id: int
    slug: str
    title: str
    region: str
    timezone: str
    first_day: date
    last_day: date
    language: str
    settings: dict[str, Any] = field(default_factory=dict)
    created_at: datetime | None = None


def _visit(row: aiosqlite.Row) -> Visit:
    return Visit(
        id=row["id"],
        slug=row["slug"],
        title=row["title"],
        region=row["region"],
        timezone=row["timezone"],
        first_day=date.fromisoformat(row["first_day"]),
        last_day=date.fromisoformat(row["last_day"]),
        language=row["language"],
        settings=json.loads(row["settings_json"]),
        created_at=from_db(row["created_at"]),
    )


class VisitStore:
    """Reads and writes visits."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(
        self,
        *,
        slug: str,
        title: str,
        region: str,
        timezone: str,
        first_day: date,
        last_day: date,
        language: str,
        now: datetime,
        settings: dict[str, Any] | None = None,
    ) -> Visit:
        """Insert a visit and return it."""
        visit_id = await self.db.insert(
            "INSERT INTO visits (slug, title, region, timezone, first_day, last_day, language,"
            " settings_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                slug,
                title,
                region,
                timezone,
                first_day.isoformat(),
                last_day.isoformat(),
                language,
                json.dumps(settings or {}),
                to_db(now),
            ),
        )
        visit = await self.get(visit_id)
        assert visit is not None
        return visit

    async def get(self, visit_id: int) -> Visit | None:
        """The visit with this id, or None."""
        row = await self.db.fetch_one("SELECT * FROM visits WHERE id = ?", (visit_id,))
        return None if row is None else _visit(row)

    async def by_slug(self, slug: str) -> Visit | None:
        """The visit with this short name, or None."""
        row = await self.db.fetch_one("SELECT * FROM visits WHERE slug = ?", (slug,))
        return None if row is None else _visit(row)

    async def all(self) -> list[Visit]:
        """Every visit, the latest first."""
        rows = await self.db.fetch_all("SELECT * FROM visits ORDER BY first_day DESC, id DESC")
        return [_visit(row) for row in rows]

    async def with_roles_of(self, person_id: int) -> list[tuple[Visit, str]]:
        """The visits a person is a member of, with the role (as stored), in one query."""
        rows = await self.db.fetch_all(
            "SELECT v.*, m.role AS member_role FROM memberships m"
            " JOIN visits v ON v.id = m.visit_id WHERE m.person_id = ? ORDER BY m.joined_at",
            (person_id,),
        )
        return [(_visit(row), row["member_role"]) for row in rows]

    async def set_setting(self, visit_id: int, key: str, value: Any) -> None:
        """Set one of a visit's settings, leaving the others as they are *now* in the database.

        One statement, so two features that change their own settings at the same time (or a
        handler holding a visit read before another change) never write back each other's
        old values.
        """
        await self.db.execute(
            "UPDATE visits SET settings_json = json_set(COALESCE(settings_json, '{}'),"
            " '$.\"' || ? || '\"', json(?)) WHERE id = ?",
            (key, json.dumps(value), visit_id),
        )

    async def update_settings(self, visit_id: int, settings: dict[str, Any]) -> None:
        """Replace a visit's settings whole (tests; features use `set_setting`)."""
        await self.db.execute(
            "UPDATE visits SET settings_json = ? WHERE id = ?", (json.dumps(settings), visit_id)
        )
