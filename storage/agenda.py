"""The agenda's own tables (pending imports, plan revisions) and its reads of the outbox."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from storage.database import Database
from storage.times import from_db, to_db

REMINDER_KINDS = ("reminder", "briefing")


@dataclass(frozen=True, slots=True)
class PendingImport:
    """An agenda file checked and waiting for an organiser to confirm it."""

    id: int
    visit_id: int
    person_id: int | None
    sessions: list[dict[str, Any]]
    created_at: datetime
    closed: bool
    emergency: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class DeliveryLog:
    """How a visit's reminders and briefings went: sent (of which late), dropped, pending."""

    sent: int
    late: int
    expired: int
    muted: int
    failed: int
    pending: int


class AgendaStore:
    """SQL of the agenda feature."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def revision(self, visit_id: int) -> int:
        """The current plan revision of a visit (0 before any change)."""
        value = await self.db.fetch_value(
            "SELECT revision FROM agenda_plans WHERE visit_id = ?", (visit_id,)
        )
        return int(value or 0)

    async def bump_revision(self, visit_id: int) -> int:
        """Start a new plan revision; returns it."""
        async with self.db.transaction() as tx:
            await tx.execute(
                "INSERT INTO agenda_plans (visit_id, revision) VALUES (?, 1)"
                " ON CONFLICT (visit_id) DO UPDATE SET revision = revision + 1",
                (visit_id,),
            )
            cursor = await tx.execute(
                "SELECT revision FROM agenda_plans WHERE visit_id = ?", (visit_id,)
            )
            row = await cursor.fetchone()
        assert row is not None
        return int(row[0])

    async def stage_import(
        self,
        visit_id: int,
        person_id: int | None,
        sessions: list[dict[str, Any]],
        now: datetime,
        emergency: dict[str, Any] | None = None,
    ) -> int:
        """Keep a checked file until it is confirmed (closing earlier ones of the visit)."""
        async with self.db.transaction() as tx:
            await tx.execute(
                "UPDATE agenda_imports SET closed_at = ? WHERE visit_id = ? AND closed_at IS NULL",
                (to_db(now), visit_id),
            )
            cursor = await tx.execute(
                "INSERT INTO agenda_imports"
                " (visit_id, person_id, sessions_json, created_at, emergency_json)"
                " VALUES (?, ?, ?, ?, ?)",
                (
                    visit_id,
                    person_id,
                    json.dumps(sessions, ensure_ascii=False),
                    to_db(now),
                    None if emergency is None else json.dumps(emergency, ensure_ascii=False),
                ),
            )
            return int(cursor.lastrowid or 0)

    async def pending_import(self, import_id: int) -> PendingImport | None:
        """A staged import by id."""
        row = await self.db.fetch_one("SELECT * FROM agenda_imports WHERE id = ?", (import_id,))
        if row is None:
            return None
        return PendingImport(
            id=row["id"],
            visit_id=row["visit_id"],
            person_id=row["person_id"],
            sessions=json.loads(row["sessions_json"]),
            created_at=from_db(row["created_at"]),
            closed=row["closed_at"] is not None,
            emergency=None if row["emergency_json"] is None else json.loads(row["emergency_json"]),
        )

    async def close_import(self, import_id: int, now: datetime) -> bool:
        """Mark a staged import used or discarded; False if it was closed already."""
        changed = await self.db.execute(
            "UPDATE agenda_imports SET closed_at = ? WHERE id = ? AND closed_at IS NULL",
            (to_db(now), import_id),
        )
        return changed > 0

    async def drop_planned(self, visit_id: int, since: datetime) -> int:
        """Drop a visit's pending reminders and briefings due at `since` or later (a re-plan)."""
        return await self.db.execute(
            "UPDATE outbox SET state = 'dropped', last_error = 'replanned'"
            " WHERE state = 'pending' AND visit_id = ? AND kind IN ('reminder', 'briefing')"
            " AND due_at >= ?",
            (visit_id, to_db(since)),
        )

    async def mark_overdue_late(
        self,
        now: datetime,
        overdue_before: datetime,
        language_of: Callable[[str | None, str | None], str],
        notes: Mapping[str, str],
    ) -> int:
        """Mark pending reminders and briefings that are overdue but within grace as late.

        One transaction, so the delivery worker (which reads under the same lock) sees the
        rows either before or after, never half-marked. The note is put in front of the text.
        """
        marked = 0
        async with self.db.transaction() as tx:
            cursor = await tx.execute(
                "SELECT o.id, o.payload_json, p.language, p.telegram_language FROM outbox o"
                " LEFT JOIN people p ON p.id = o.person_id"
                " WHERE o.state = 'pending' AND o.late = 0 AND o.kind IN ('reminder', 'briefing')"
                " AND o.due_at < ? AND (o.expires_at IS NULL OR o.expires_at >= ?)",
                (to_db(overdue_before), to_db(now)),
            )
            rows = list(await cursor.fetchall())
            for row in rows:
                payload = json.loads(row["payload_json"])
                note = notes[language_of(row["language"], row["telegram_language"])]
                payload["text"] = note + (payload.get("text") or "")
                await tx.execute(
                    "UPDATE outbox SET late = 1, payload_json = ? WHERE id = ?",
                    (json.dumps(payload, ensure_ascii=False), row["id"]),
                )
                marked += 1
        return marked

    async def delivery_log(self, visit_id: int) -> DeliveryLog:
        """Counts of the visit's reminders and briefings by outcome."""
        row = await self.db.fetch_one(
            "SELECT"
            " SUM(state = 'sent'),"
            " SUM(state = 'sent' AND late = 1),"
            " SUM(state = 'dropped' AND last_error LIKE 'expired%'),"
            " SUM(state = 'dropped' AND last_error = 'muted'),"
            " SUM(state = 'failed'),"
            " SUM(state = 'pending')"
            " FROM outbox WHERE visit_id = ? AND kind IN ('reminder', 'briefing')",
            (visit_id,),
        )
        values = [int(value or 0) for value in (row or [0] * 6)]
        return DeliveryLog(*values)
