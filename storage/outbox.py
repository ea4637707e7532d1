"""The outbox table: queued messages, their state, and what the delivery worker reads."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from storage.database import Database
from storage.times import from_db, maybe_from_db, to_db

PENDING, SENT, FAILED, DROPPED = "pending", "sent", "failed", "dropped"


@dataclass(frozen=True, slots=True)
class NewRow:
    """A message to queue: whom, what (payload), when, and how it may be treated."""

    chat_id: int
    kind: str
    payload: dict[str, Any]
    due_at: datetime
    person_id: int | None = None
    visit_id: int | None = None
    batch: str | None = None
    dedupe_key: str | None = None
    expires_at: datetime | None = None
    urgent: bool = False
    mute_category: str | None = None


@dataclass(frozen=True, slots=True)
class OutboxRow:
    """A queued message as stored."""

    id: int
    chat_id: int
    person_id: int | None
    visit_id: int | None
    kind: str
    batch: str | None
    dedupe_key: str | None
    payload: dict[str, Any]
    due_at: datetime
    expires_at: datetime | None
    urgent: bool
    mute_category: str | None
    state: str
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    late: bool
    message_id: int | None
    sent_at: datetime | None
    sending_since: datetime | None = None  # set while an attempt is claimed and not yet settled


def _row(row: aiosqlite.Row) -> OutboxRow:
    return OutboxRow(
        id=row["id"],
        chat_id=row["chat_id"],
        person_id=row["person_id"],
        visit_id=row["visit_id"],
        kind=row["kind"],
        batch=row["batch"],
        dedupe_key=row["dedupe_key"],
        payload=json.loads(row["payload_json"]),
        due_at=from_db(row["due_at"]),
        expires_at=maybe_from_db(row["expires_at"]),
        urgent=bool(row["urgent"]),
        mute_category=row["mute_category"],
        state=row["state"],
        attempts=row["attempts"],
        next_attempt_at=maybe_from_db(row["next_attempt_at"]),
        last_error=row["last_error"],
        late=bool(row["late"]),
        message_id=row["message_id"],
        sent_at=maybe_from_db(row["sent_at"]),
        sending_since=maybe_from_db(row["sending_since"]),
    )


class OutboxStore:
    """Reads and writes outbox rows."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(self, rows: Sequence[NewRow], now: datetime) -> int:
        """Queue rows in one transaction; rows whose dedupe key exists already are skipped.

        So are rows for a person or a visit that is gone meanwhile (a /forgetme or a purge
        running at the same moment as the feature that queues for them): nothing is sent to
        someone forgotten, and the feature's update does not fail on the foreign key.
        """
        added = 0
        async with self.db.transaction() as tx:
            for new in rows:
                cursor = await tx.execute(
                    "INSERT OR IGNORE INTO outbox (chat_id, person_id, visit_id, kind, batch,"
                    " dedupe_key, payload_json, due_at, expires_at, urgent, mute_category,"
                    " created_at) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12"
                    " WHERE (?2 IS NULL OR EXISTS (SELECT 1 FROM people WHERE id = ?2))"
                    " AND (?3 IS NULL OR EXISTS (SELECT 1 FROM visits WHERE id = ?3))",
                    (
                        new.chat_id,
                        new.person_id,
                        new.visit_id,
                        new.kind,
                        new.batch,
                        new.dedupe_key,
                        json.dumps(new.payload, ensure_ascii=False),
                        to_db(new.due_at),
                        None if new.expires_at is None else to_db(new.expires_at),
                        int(new.urgent),
                        new.mute_category,
                        to_db(now),
                    ),
                )
                added += cursor.rowcount
        return added

    async def due(self, now: datetime, limit: int = 200) -> list[OutboxRow]:
        """Pending rows whose time has come, urgent first, then oldest due.

        A row waits while an earlier row of its chat is pending and not yet due again (backing
        off, or claimed): a chat gets its messages in order. Urgent rows do not wait.
        """
        stamp = to_db(now)
        rows = await self.db.fetch_all(
            "SELECT * FROM outbox AS o WHERE state = 'pending' AND due_at <= ?"
            " AND (next_attempt_at IS NULL OR next_attempt_at <= ?)"
            " AND (urgent OR NOT EXISTS (SELECT 1 FROM outbox AS e"
            "  WHERE e.chat_id = o.chat_id AND e.state = 'pending' AND e.next_attempt_at > ?"
            "  AND (e.due_at < o.due_at OR (e.due_at = o.due_at AND e.id < o.id))))"
            " ORDER BY urgent DESC, due_at, id LIMIT ?",
            (stamp, stamp, stamp, limit),
        )
        return [_row(row) for row in rows]

    async def next_due_at(self) -> datetime | None:
        """When the next pending row becomes due (or may be retried).

        A row held behind an earlier pending row of its chat is not counted: the earlier row's
        moment is the chat's next one (counting both would wake the worker for nothing).
        """
        value = await self.db.fetch_value(
            "SELECT MIN(MAX(due_at, COALESCE(next_attempt_at, due_at))) FROM outbox AS o"
            " WHERE state = 'pending' AND (urgent OR NOT EXISTS (SELECT 1 FROM outbox AS e"
            "  WHERE e.chat_id = o.chat_id AND e.state = 'pending'"
            "  AND (e.due_at < o.due_at OR (e.due_at = o.due_at AND e.id < o.id))))"
        )
        return None if value is None else from_db(value)

    async def claim(self, row_id: int, now: datetime, lease_until: datetime, limit: int) -> int:
        """Count an attempt before its send: the attempt's number, or 0 when the row may not be
        sent (no longer pending, or `limit` attempts made already).

        Until the attempt is settled the row is not due again before `lease_until`, so a lost
        outcome (a crash, a database error) delays the next try instead of hurrying it.
        """
        rows = await self.db.fetch_all(
            "UPDATE outbox SET attempts = attempts + 1, sending_since = ?, next_attempt_at = ?"
            " WHERE id = ? AND state = 'pending' AND attempts < ? RETURNING attempts",
            (to_db(now), to_db(lease_until), row_id, limit),
        )
        return int(rows[0][0]) if rows else 0

    async def release_claims(self) -> int:
        """At start-up: attempts claimed by a process that is gone may be tried again at once."""
        return await self.db.execute(
            "UPDATE outbox SET next_attempt_at = NULL, sending_since = NULL"
            " WHERE state = 'pending' AND sending_since IS NOT NULL"
        )

    async def give_up(self, row_id: int, limit: int, error: str) -> bool:
        """Fail a pending row that has had `limit` attempts already; True if it was one."""
        changed = await self.db.execute(
            "UPDATE outbox SET state = 'failed', sending_since = NULL, last_error = ?"
            " WHERE id = ? AND state = 'pending' AND attempts >= ?",
            (error[:500], row_id, limit),
        )
        return changed > 0

    async def mark_sent(self, row_id: int, message_id: int | None, now: datetime) -> None:
        """Telegram accepted the message of the claimed attempt."""
        await self.db.execute(
            "UPDATE outbox SET state = 'sent', message_id = ?, sent_at = ?, sending_since = NULL,"
            " last_error = NULL WHERE id = ?",
            (message_id, to_db(now), row_id),
        )

    async def mark_late(self, row_id: int) -> None:
        """The row is sent after its due time (the bot was down)."""
        await self.db.execute("UPDATE outbox SET late = 1 WHERE id = ?", (row_id,))

    async def retry_later(
        self, row_id: int, error: str, at: datetime, *, refund: bool = False
    ) -> None:
        """The claimed attempt failed in passing: try again at `at`.

        `refund`: Telegram said for certain that nothing was sent (429), so the attempt does not
        count against the limit.
        """
        await self.db.execute(
            "UPDATE outbox SET attempts = attempts - ?, last_error = ?, next_attempt_at = ?,"
            " sending_since = NULL WHERE id = ? AND state = 'pending'",
            (int(refund), error[:500], to_db(at), row_id),
        )

    async def finish(self, row_id: int, state: str, error: str | None) -> None:
        """End a row as failed or dropped, with the reason."""
        await self.db.execute(
            "UPDATE outbox SET state = ?, last_error = ?, sending_since = NULL"
            " WHERE id = ? AND state = 'pending'",
            (state, None if error is None else error[:500], row_id),
        )

    async def drop_pending(
        self, batch: str | None = None, dedupe_prefix: str | None = None, reason: str = "cancelled"
    ) -> int:
        """Drop pending rows of a batch, or whose dedupe key starts with a prefix."""
        if batch is None and dedupe_prefix is None:
            raise ValueError("name a batch or a dedupe prefix")
        if batch is not None:
            return await self.db.execute(
                "UPDATE outbox SET state = 'dropped', last_error = ?"
                " WHERE state = 'pending' AND batch = ?",
                (reason, batch),
            )
        return await self.db.execute(
            "UPDATE outbox SET state = 'dropped', last_error = ?"
            " WHERE state = 'pending' AND dedupe_key LIKE ? ESCAPE '\\'",
            (reason, _like_prefix(dedupe_prefix or "")),
        )

    async def of_batch(self, batch: str) -> list[OutboxRow]:
        """Every row of a batch."""
        rows = await self.db.fetch_all("SELECT * FROM outbox WHERE batch = ? ORDER BY id", (batch,))
        return [_row(row) for row in rows]

    async def get(self, row_id: int) -> OutboxRow | None:
        """One row by id."""
        row = await self.db.fetch_one("SELECT * FROM outbox WHERE id = ?", (row_id,))
        return None if row is None else _row(row)

    async def count_by_state(self, kind: str | None = None) -> dict[str, int]:
        """How many rows are in each state (optionally of one kind)."""
        sql = "SELECT state, COUNT(*) FROM outbox"
        params: tuple[object, ...] = ()
        if kind is not None:
            sql += " WHERE kind = ?"
            params = (kind,)
        rows = await self.db.fetch_all(sql + " GROUP BY state", params)
        return {row[0]: row[1] for row in rows}

    async def backlog(self, now: datetime) -> tuple[int, int, datetime | None]:
        """Pending rows: how many, how many are due by `now`, and the oldest due moment."""
        row = await self.db.fetch_one(
            "SELECT COUNT(*), COALESCE(SUM(due_at <= ?), 0), MIN(due_at) FROM outbox"
            " WHERE state = 'pending'",
            (to_db(now),),
        )
        assert row is not None
        return int(row[0]), int(row[1]), None if row[2] is None else from_db(row[2])

    async def is_muted(self, person_id: int, visit_id: int, category: str) -> bool:
        """Whether a person turned this kind of notification off in a visit."""
        found = await self.db.fetch_value(
            "SELECT 1 FROM mutes WHERE person_id = ? AND visit_id = ? AND category = ?",
            (person_id, visit_id, category),
        )
        return found is not None

    async def set_muted(self, person_id: int, visit_id: int, category: str, muted: bool) -> None:
        """Turn a kind of notification off (or on again)."""
        if muted:
            await self.db.execute(
                "INSERT OR IGNORE INTO mutes (person_id, visit_id, category) VALUES (?, ?, ?)",
                (person_id, visit_id, category),
            )
        else:
            await self.db.execute(
                "DELETE FROM mutes WHERE person_id = ? AND visit_id = ? AND category = ?",
                (person_id, visit_id, category),
            )


def _like_prefix(prefix: str) -> str:
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"
