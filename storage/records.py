"""Which visit a record belongs to: the one lookup the access check makes for every button."""

from __future__ import annotations

from storage.database import Database

# A record kind named in callback data, and the table that holds it (every one has `visit_id`).
RECORD_TABLES: dict[str, str] = {
    "session": "sessions",
    "profile": "creator_profiles",
    "introduction": "creator_introductions",
    "announcement": "announcements",
    "question": "questions",
    "rollcall": "rollcalls",
    "partner": "partners",
    "import": "agenda_imports",
    "roster_import": "roster_imports",
    "safety": "safety_checks",
    "sos": "sos_alerts",
    "lead": "leads",
    "wall": "wall_links",
}
RECORD_KINDS = frozenset({*RECORD_TABLES, "visit"})


class RecordStore:
    """Reads the visit of a record by kind and id."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def visit_of(self, kind: str, record_id: int) -> int | None:
        """The visit the record belongs to; None when there is no such record."""
        if kind == "visit":
            sql = "SELECT id FROM visits WHERE id = ?"
        else:
            sql = f"SELECT visit_id FROM {RECORD_TABLES[kind]} WHERE id = ?"
        value = await self.db.fetch_value(sql, (record_id,))
        return None if value is None else int(value)
