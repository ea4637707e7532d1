"""The SQL of a visit's emergency pack (stored as the JSON the agenda file or chat gave)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from storage.database import Database
from storage.times import to_db


class EmergencyStore:
    """One emergency pack per visit."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, visit_id: int) -> dict[str, Any] | None:
        """The visit's pack as stored (None: none yet)."""
        value = await self.db.fetch_value(
            "SELECT pack_json FROM emergency_packs WHERE visit_id = ?", (visit_id,)
        )
        return None if value is None else dict(json.loads(str(value)))

    async def put(self, visit_id: int, pack: dict[str, Any], now: datetime) -> None:
        """Store (or replace) the visit's pack."""
        await self.db.execute(
            "INSERT INTO emergency_packs (visit_id, pack_json, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (visit_id) DO UPDATE SET pack_json = excluded.pack_json,"
            " updated_at = excluded.updated_at",
            (visit_id, json.dumps(pack, ensure_ascii=False, sort_keys=True), to_db(now)),
        )
