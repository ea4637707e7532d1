"""The SQL of `/mydata`: every row of every table that names a person, found from the schema.

A row is about a person when one of its columns references `people(id)` (a foreign key) and
holds their id; tables later features add are covered without changing this module.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from aiosqlite import Row

from storage.database import Database


@dataclass
class HeldData:
    """Everything stored about one person: their row, then rows per table."""

    person: dict[str, Any] | None
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def _value(column: str, value: Any) -> Any:
    """A column's value for the copy: stored JSON (`*_json`) is read back as JSON."""
    if column.endswith("_json") and isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    if isinstance(value, bytes):
        return value.hex()
    return value


def _columns(row: Row) -> dict[str, Any]:
    """A row as a dict of its columns (iterating a Row gives its values, not its names)."""
    return dict(zip(row.keys(), tuple(row), strict=True))


class MyDataStore:
    """Reads what the database holds about a person."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def person_columns(self) -> dict[str, list[str]]:
        """For each table, the columns that reference people(id)."""
        found: dict[str, list[str]] = {}
        tables = await self.db.fetch_all(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
            " ORDER BY rowid"
        )
        for (table,) in tables:
            keys = await self.db.fetch_all(f'PRAGMA foreign_key_list("{table}")')
            columns = [key["from"] for key in keys if key["table"] == "people"]
            if columns:
                found[table] = columns
        return found

    async def held_about(self, person_id: int) -> HeldData:
        """The person's row and every row naming them; ids of *other* people in those rows are
        left out (None): a copy of one's own data tells nothing about anyone else."""
        row = await self.db.fetch_one("SELECT * FROM people WHERE id = ?", (person_id,))
        held = HeldData(None if row is None else _columns(row))
        for table, columns in (await self.person_columns()).items():
            condition = " OR ".join(f'"{column}" = ?' for column in columns)
            rows = await self.db.fetch_all(
                f'SELECT * FROM "{table}" WHERE {condition} ORDER BY rowid',
                tuple(person_id for _ in columns),
            )
            if not rows:
                continue
            held.tables[table] = [
                {
                    key: None if key in columns and value != person_id else _value(key, value)
                    for key, value in _columns(item).items()
                }
                for item in rows
            ]
        visits = await self.db.fetch_all(
            "SELECT v.id, v.slug, v.title, v.region, v.first_day, v.last_day FROM visits v"
            " JOIN memberships m ON m.visit_id = v.id WHERE m.person_id = ? ORDER BY v.first_day",
            (person_id,),
        )
        if visits:
            held.tables["visits"] = [_columns(item) for item in visits]
        return held
