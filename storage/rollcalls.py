"""Roll calls: who was asked, what they answered, and the organisers' live messages (boards)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.database import Database
from storage.times import from_db, maybe_from_db, to_db

ANSWERS = ("here", "late", "not_coming")


@dataclass(frozen=True, slots=True)
class RollCall:
    """One headcount: its label, who opened it, when it opened and closes."""

    id: int
    visit_id: int
    label: str
    created_by: int | None
    opened_at: datetime
    closes_at: datetime
    closed_at: datetime | None
    pings: int
    group_name: str | None = None  # a roll call of one named group ("Bus 2")

    @property
    def closed(self) -> bool:
        """Whether answers are no longer taken."""
        return self.closed_at is not None


@dataclass(frozen=True, slots=True)
class RollCallAnswer:
    """A person asked in a roll call, and their answer so far (None: no answer yet)."""

    person_id: int
    answer: str | None
    answered_at: datetime | None


@dataclass(frozen=True, slots=True)
class RollCallBoard:
    """One organiser's live message of a roll call: where it is, and whose it is (None: nobody's
    any more, shown in the default language)."""

    rollcall_id: int
    chat_id: int
    message_id: int
    person_id: int | None


def _rollcall(row: aiosqlite.Row) -> RollCall:
    return RollCall(
        id=row["id"],
        visit_id=row["visit_id"],
        label=row["label"],
        created_by=row["created_by"],
        opened_at=from_db(row["opened_at"]),
        closes_at=from_db(row["closes_at"]),
        closed_at=maybe_from_db(row["closed_at"]),
        pings=row["pings"],
        group_name=row["group_name"],
    )


class RollCallStore:
    """Reads and writes roll calls and their answers."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def open(
        self,
        *,
        visit_id: int,
        label: str,
        created_by: int | None,
        now: datetime,
        closes_at: datetime,
        member_ids: Sequence[int],
        group_name: str | None = None,
    ) -> RollCall:
        """Open a roll call asking these people, in one transaction."""
        async with self.db.transaction() as tx:
            cursor = await tx.execute(
                "INSERT INTO rollcalls"
                " (visit_id, label, created_by, opened_at, closes_at, group_name)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (visit_id, label, created_by, to_db(now), to_db(closes_at), group_name),
            )
            rollcall_id = int(cursor.lastrowid or 0)
            await tx.executemany(
                "INSERT INTO rollcall_members (rollcall_id, person_id) VALUES (?, ?)",
                [(rollcall_id, person_id) for person_id in member_ids],
            )
        found = await self.get(rollcall_id)
        assert found is not None
        return found

    async def get(self, rollcall_id: int) -> RollCall | None:
        """A roll call by id."""
        row = await self.db.fetch_one("SELECT * FROM rollcalls WHERE id = ?", (rollcall_id,))
        return None if row is None else _rollcall(row)

    async def add_board(self, board: RollCallBoard) -> bool:
        """Keep a live message; False if its organiser has one for this roll call already."""
        changed = await self.db.execute(
            "INSERT OR IGNORE INTO rollcall_boards (rollcall_id, chat_id, message_id, person_id)"
            " VALUES (?, ?, ?, ?)",
            (board.rollcall_id, board.chat_id, board.message_id, board.person_id),
        )
        return changed > 0

    async def boards(self, rollcall_id: int) -> list[RollCallBoard]:
        """Every live message of a roll call, oldest first."""
        rows = await self.db.fetch_all(
            "SELECT rollcall_id, chat_id, message_id, person_id FROM rollcall_boards"
            " WHERE rollcall_id = ? ORDER BY rowid",
            (rollcall_id,),
        )
        return [
            RollCallBoard(row["rollcall_id"], row["chat_id"], row["message_id"], row["person_id"])
            for row in rows
        ]

    async def remove_board(self, board: RollCallBoard) -> None:
        """Stop following a live message (its organiser blocked the bot)."""
        await self.db.execute(
            "DELETE FROM rollcall_boards WHERE rollcall_id = ? AND chat_id = ? AND message_id = ?",
            (board.rollcall_id, board.chat_id, board.message_id),
        )

    async def answer(self, rollcall_id: int, person_id: int, answer: str, now: datetime) -> bool:
        """Store (or change) an answer while the roll call is open; False if it is closed."""
        changed = await self.db.execute(
            "UPDATE rollcall_members SET answer = ?, answered_at = ?"
            " WHERE rollcall_id = ? AND person_id = ? AND EXISTS"
            " (SELECT 1 FROM rollcalls WHERE id = ? AND closed_at IS NULL)",
            (answer, to_db(now), rollcall_id, person_id, rollcall_id),
        )
        return changed > 0

    async def answers(self, rollcall_id: int) -> list[RollCallAnswer]:
        """Everyone asked in a roll call with their answer."""
        rows = await self.db.fetch_all(
            "SELECT person_id, answer, answered_at FROM rollcall_members"
            " WHERE rollcall_id = ? ORDER BY person_id",
            (rollcall_id,),
        )
        return [
            RollCallAnswer(row["person_id"], row["answer"], maybe_from_db(row["answered_at"]))
            for row in rows
        ]

    async def is_member(self, rollcall_id: int, person_id: int) -> bool:
        """Whether a person was asked in this roll call."""
        found = await self.db.fetch_value(
            "SELECT 1 FROM rollcall_members WHERE rollcall_id = ? AND person_id = ?",
            (rollcall_id, person_id),
        )
        return found is not None

    async def close(self, rollcall_id: int, now: datetime) -> bool:
        """Close a roll call; True if this call closed it (it was open)."""
        changed = await self.db.execute(
            "UPDATE rollcalls SET closed_at = ? WHERE id = ? AND closed_at IS NULL",
            (to_db(now), rollcall_id),
        )
        return changed > 0

    async def count_ping(self, rollcall_id: int) -> int:
        """Count one more re-ping; returns its number."""
        async with self.db.transaction() as tx:
            await tx.execute("UPDATE rollcalls SET pings = pings + 1 WHERE id = ?", (rollcall_id,))
            async with tx.execute(
                "SELECT pings FROM rollcalls WHERE id = ?", (rollcall_id,)
            ) as rows:
                row = await rows.fetchone()
        assert row is not None
        return int(row[0])

    async def due_to_close(self, now: datetime) -> list[RollCall]:
        """Open roll calls whose time is up."""
        rows = await self.db.fetch_all(
            "SELECT * FROM rollcalls WHERE closed_at IS NULL AND closes_at <= ? ORDER BY id",
            (to_db(now),),
        )
        return [_rollcall(row) for row in rows]

    async def open_ones(self) -> list[RollCall]:
        """Every roll call still taking answers."""
        rows = await self.db.fetch_all(
            "SELECT * FROM rollcalls WHERE closed_at IS NULL ORDER BY id"
        )
        return [_rollcall(row) for row in rows]

    async def of_visit(self, visit_id: int, limit: int = 10) -> list[RollCall]:
        """A visit's latest roll calls, newest first."""
        rows = await self.db.fetch_all(
            "SELECT * FROM rollcalls WHERE visit_id = ? ORDER BY opened_at DESC, id DESC LIMIT ?",
            (visit_id, limit),
        )
        return [_rollcall(row) for row in rows]

    async def erase_person(self, person_id: int) -> int:
        """Remove a person's answers and their boards (forget-me); returns the rows removed."""
        async with self.db.transaction() as tx:
            answers = await tx.execute(
                "DELETE FROM rollcall_members WHERE person_id = ?", (person_id,)
            )
            boards = await tx.execute(
                "DELETE FROM rollcall_boards WHERE person_id = ?", (person_id,)
            )
        return answers.rowcount + boards.rowcount
