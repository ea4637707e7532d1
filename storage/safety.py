"""Safety checks ("are you safe?"), their answers, escalation stages and live boards; SOS alerts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.database import Database
from storage.times import from_db, maybe_from_db, to_db

SAFE, HELP = "safe", "help"
# How far silence has escalated: asked; asked a second time; leader and buddy asked to find them.
ASKED, ASKED_AGAIN, SEARCHED = 0, 1, 2


@dataclass(frozen=True, slots=True)
class SafetyCheck:
    """One "are you safe?" check: its message, the group asked (None: everyone), the minutes of
    silence before each escalation stage, and whether it is closed."""

    id: int
    visit_id: int
    created_by: int | None
    message: str
    group_name: str | None
    minutes: int
    opened_at: datetime
    closed_at: datetime | None

    @property
    def closed(self) -> bool:
        """Whether answers are no longer taken and silence no longer escalates."""
        return self.closed_at is not None


@dataclass(frozen=True, slots=True)
class SafetyAnswer:
    """A person asked, their answer (None: silent so far), its stage of escalation and note."""

    person_id: int
    answer: str | None
    answered_at: datetime | None
    stage: int
    note: str | None


@dataclass(frozen=True, slots=True)
class SafetyBoard:
    """One organiser's live message of a safety check."""

    check_id: int
    chat_id: int
    message_id: int
    person_id: int | None


@dataclass(frozen=True, slots=True)
class SosAlert:
    """An SOS: who raised it, a drill or not, who answered "I'm on it" first, and whether the
    unanswered alert was sent again."""

    id: int
    visit_id: int
    person_id: int | None
    drill: bool
    check_id: int | None
    raised_at: datetime
    acked_by: int | None
    acked_at: datetime | None
    resent_at: datetime | None


def _check(row: aiosqlite.Row) -> SafetyCheck:
    return SafetyCheck(
        id=row["id"],
        visit_id=row["visit_id"],
        created_by=row["created_by"],
        message=row["message"],
        group_name=row["group_name"],
        minutes=row["minutes"],
        opened_at=from_db(row["opened_at"]),
        closed_at=maybe_from_db(row["closed_at"]),
    )


def _alert(row: aiosqlite.Row) -> SosAlert:
    return SosAlert(
        id=row["id"],
        visit_id=row["visit_id"],
        person_id=row["person_id"],
        drill=bool(row["drill"]),
        check_id=row["check_id"],
        raised_at=from_db(row["raised_at"]),
        acked_by=row["acked_by"],
        acked_at=maybe_from_db(row["acked_at"]),
        resent_at=maybe_from_db(row["resent_at"]),
    )


class SafetyStore:
    """Reads and writes safety checks, their answers and boards, and SOS alerts."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def open(
        self,
        *,
        visit_id: int,
        created_by: int | None,
        message: str,
        group_name: str | None,
        minutes: int,
        now: datetime,
        member_ids: Sequence[int],
    ) -> SafetyCheck:
        """Open a check asking these people, in one transaction."""
        async with self.db.transaction() as tx:
            cursor = await tx.execute(
                "INSERT INTO safety_checks"
                " (visit_id, created_by, message, group_name, minutes, opened_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (visit_id, created_by, message, group_name, minutes, to_db(now)),
            )
            check_id = int(cursor.lastrowid or 0)
            await tx.executemany(
                "INSERT INTO safety_members (check_id, person_id) VALUES (?, ?)",
                [(check_id, person_id) for person_id in member_ids],
            )
        found = await self.get(check_id)
        assert found is not None
        return found

    async def get(self, check_id: int) -> SafetyCheck | None:
        """A check by id."""
        row = await self.db.fetch_one("SELECT * FROM safety_checks WHERE id = ?", (check_id,))
        return None if row is None else _check(row)

    async def open_ones(self) -> list[SafetyCheck]:
        """Every check still open."""
        rows = await self.db.fetch_all(
            "SELECT * FROM safety_checks WHERE closed_at IS NULL ORDER BY id"
        )
        return [_check(row) for row in rows]

    async def close(self, check_id: int, now: datetime) -> bool:
        """Close a check; True if this call closed it."""
        changed = await self.db.execute(
            "UPDATE safety_checks SET closed_at = ? WHERE id = ? AND closed_at IS NULL",
            (to_db(now), check_id),
        )
        return changed > 0

    async def answers(self, check_id: int) -> list[SafetyAnswer]:
        """Everyone asked, with their answer and stage."""
        rows = await self.db.fetch_all(
            "SELECT person_id, answer, answered_at, stage, note FROM safety_members"
            " WHERE check_id = ? ORDER BY person_id",
            (check_id,),
        )
        return [
            SafetyAnswer(
                row["person_id"],
                row["answer"],
                maybe_from_db(row["answered_at"]),
                row["stage"],
                row["note"],
            )
            for row in rows
        ]

    async def is_member(self, check_id: int, person_id: int) -> bool:
        """Whether a person was asked in this check."""
        found = await self.db.fetch_value(
            "SELECT 1 FROM safety_members WHERE check_id = ? AND person_id = ?",
            (check_id, person_id),
        )
        return found is not None

    async def answer(self, check_id: int, person_id: int, answer: str, now: datetime) -> bool:
        """Store (or change) an answer while the check is open; False if it is closed."""
        changed = await self.db.execute(
            "UPDATE safety_members SET answer = ?, answered_at = ?"
            " WHERE check_id = ? AND person_id = ? AND EXISTS"
            " (SELECT 1 FROM safety_checks WHERE id = ? AND closed_at IS NULL)",
            (answer, to_db(now), check_id, person_id, check_id),
        )
        return changed > 0

    async def set_note(self, check_id: int, person_id: int, note: str) -> None:
        """Keep the short note of someone who asked for help."""
        await self.db.execute(
            "UPDATE safety_members SET note = ? WHERE check_id = ? AND person_id = ?",
            (note, check_id, person_id),
        )

    async def silent_below(self, check_id: int, stage: int) -> list[int]:
        """The people who have not answered and whose silence has not reached `stage` yet."""
        rows = await self.db.fetch_all(
            "SELECT person_id FROM safety_members"
            " WHERE check_id = ? AND answer IS NULL AND stage < ? ORDER BY person_id",
            (check_id, stage),
        )
        return [row[0] for row in rows]

    async def reach_stage(self, check_id: int, person_ids: Sequence[int], stage: int) -> None:
        """Note that these people's silence reached `stage` (their messages are queued)."""
        await self.db.execute(
            f"UPDATE safety_members SET stage = ? WHERE check_id = ? AND answer IS NULL"
            f" AND stage < ? AND person_id IN ({','.join('?' * len(person_ids))})",
            (stage, check_id, stage, *person_ids),
        )

    async def add_board(self, board: SafetyBoard) -> bool:
        """Keep a live message; False if its organiser has one for this check already."""
        changed = await self.db.execute(
            "INSERT OR IGNORE INTO safety_boards (check_id, chat_id, message_id, person_id)"
            " VALUES (?, ?, ?, ?)",
            (board.check_id, board.chat_id, board.message_id, board.person_id),
        )
        return changed > 0

    async def boards(self, check_id: int) -> list[SafetyBoard]:
        """Every live message of a check, oldest first."""
        rows = await self.db.fetch_all(
            "SELECT check_id, chat_id, message_id, person_id FROM safety_boards"
            " WHERE check_id = ? ORDER BY rowid",
            (check_id,),
        )
        return [
            SafetyBoard(row["check_id"], row["chat_id"], row["message_id"], row["person_id"])
            for row in rows
        ]

    async def remove_board(self, board: SafetyBoard) -> None:
        """Stop following a live message (its organiser blocked the bot)."""
        await self.db.execute(
            "DELETE FROM safety_boards WHERE check_id = ? AND chat_id = ? AND message_id = ?",
            (board.check_id, board.chat_id, board.message_id),
        )

    # SOS alerts

    async def raise_alert(
        self, visit_id: int, person_id: int, drill: bool, now: datetime, check_id: int | None
    ) -> SosAlert:
        """Record an SOS (or a call for help in a safety check)."""
        alert_id = await self.db.insert(
            "INSERT INTO sos_alerts (visit_id, person_id, drill, check_id, raised_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (visit_id, person_id, int(drill), check_id, to_db(now)),
        )
        found = await self.alert(alert_id)
        assert found is not None
        return found

    async def alert(self, alert_id: int) -> SosAlert | None:
        """An SOS by id."""
        row = await self.db.fetch_one("SELECT * FROM sos_alerts WHERE id = ?", (alert_id,))
        return None if row is None else _alert(row)

    async def latest_alert(self, visit_id: int, person_id: int) -> SosAlert | None:
        """A person's latest SOS in a visit."""
        row = await self.db.fetch_one(
            "SELECT * FROM sos_alerts WHERE visit_id = ? AND person_id = ?"
            " ORDER BY raised_at DESC, id DESC LIMIT 1",
            (visit_id, person_id),
        )
        return None if row is None else _alert(row)

    async def acknowledge(self, alert_id: int, person_id: int, now: datetime) -> bool:
        """ "I'm on it": True only for the first press (one UPDATE, so two at once cannot both
        win)."""
        changed = await self.db.execute(
            "UPDATE sos_alerts SET acked_by = ?, acked_at = ? WHERE id = ? AND acked_at IS NULL",
            (person_id, to_db(now), alert_id),
        )
        return changed > 0

    async def unacknowledged_since(self, moment: datetime) -> list[SosAlert]:
        """Alerts raised at or before `moment`, still unacknowledged and not sent again."""
        rows = await self.db.fetch_all(
            "SELECT * FROM sos_alerts WHERE acked_at IS NULL AND resent_at IS NULL"
            " AND raised_at <= ? ORDER BY id",
            (to_db(moment),),
        )
        return [_alert(row) for row in rows]

    async def mark_resent(self, alert_id: int, now: datetime) -> None:
        """Note that the unacknowledged alert went out again."""
        await self.db.execute(
            "UPDATE sos_alerts SET resent_at = ? WHERE id = ? AND resent_at IS NULL",
            (to_db(now), alert_id),
        )

    async def erase_person(self, person_id: int) -> int:
        """Remove a person's answers, notes, boards and alerts (forget-me)."""
        async with self.db.transaction() as tx:
            answers = await tx.execute(
                "DELETE FROM safety_members WHERE person_id = ?", (person_id,)
            )
            boards = await tx.execute("DELETE FROM safety_boards WHERE person_id = ?", (person_id,))
            alerts = await tx.execute("DELETE FROM sos_alerts WHERE person_id = ?", (person_id,))
            await tx.execute(
                "UPDATE sos_alerts SET acked_by = NULL WHERE acked_by = ?", (person_id,)
            )
            await tx.execute(
                "UPDATE safety_checks SET created_by = NULL WHERE created_by = ?", (person_id,)
            )
        return answers.rowcount + boards.rowcount + alerts.rowcount
