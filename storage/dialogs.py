"""Guided chats in progress: which feature a person is talking to, at which step, with what."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from storage.database import Database
from storage.people import Person, person_from_row
from storage.times import from_db, to_db


@dataclass(frozen=True, slots=True)
class DialogState:
    """One person's guided chat: the feature, the step and the answers so far."""

    person_id: int
    feature: str
    step: str
    data: dict[str, Any] = field(default_factory=dict)
    updated_at: datetime | None = None


class DialogStore:
    """Reads and writes dialog states."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, person_id: int) -> DialogState | None:
        """The person's dialog in progress, or None."""
        row = await self.db.fetch_one("SELECT * FROM dialogs WHERE person_id = ?", (person_id,))
        if row is None:
            return None
        return DialogState(
            person_id=row["person_id"],
            feature=row["feature"],
            step=row["step"],
            data=json.loads(row["data_json"]),
            updated_at=from_db(row["updated_at"]),
        )

    async def with_person(self, person_id: int) -> tuple[Person | None, DialogState | None]:
        """The person and their dialog in progress, in one query (every update needs both)."""
        row = await self.db.fetch_one(
            "SELECT p.*, d.feature AS dialog_feature, d.step AS dialog_step,"
            " d.data_json AS dialog_data, d.updated_at AS dialog_updated_at"
            " FROM people p LEFT JOIN dialogs d ON d.person_id = p.id WHERE p.id = ?",
            (person_id,),
        )
        if row is None:
            return None, None
        state = None
        if row["dialog_feature"] is not None:
            state = DialogState(
                person_id=person_id,
                feature=row["dialog_feature"],
                step=row["dialog_step"],
                data=json.loads(row["dialog_data"]),
                updated_at=from_db(row["dialog_updated_at"]),
            )
        return person_from_row(row), state

    async def save(self, state: DialogState, now: datetime) -> None:
        """Store (or replace) the person's dialog."""
        await self.db.execute(
            "INSERT INTO dialogs (person_id, feature, step, data_json, updated_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (person_id) DO UPDATE SET"
            " feature = excluded.feature, step = excluded.step,"
            " data_json = excluded.data_json, updated_at = excluded.updated_at",
            (state.person_id, state.feature, state.step, json.dumps(state.data), to_db(now)),
        )

    async def clear(self, person_id: int) -> bool:
        """End the person's dialog; True if there was one."""
        return await self.db.execute("DELETE FROM dialogs WHERE person_id = ?", (person_id,)) > 0
