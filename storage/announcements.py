"""Announcements, their acknowledgements, delivery progress by person, and linked group chats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.database import Database
from storage.times import from_db, maybe_from_db, to_db


@dataclass(frozen=True, slots=True)
class Announcement:
    """An announcement as stored (a draft until `confirmed_at` is set)."""

    id: int
    visit_id: int
    created_by: int | None
    text_html: str
    photo: str | None
    document: str | None
    audience: str
    urgent: bool
    needs_ack: bool
    to_group_chat: bool
    created_at: datetime
    confirmed_at: datetime | None
    resends: int
    report_chat_id: int | None
    report_message_id: int | None

    @property
    def batch(self) -> str:
        """The outbox batch its messages belong to."""
        return batch_of(self.id)


@dataclass(frozen=True, slots=True)
class RecipientState:
    """How one person's copies of an announcement went."""

    person_id: int
    name: str
    sent: bool
    pending: bool
    failed: bool
    unreachable: bool
    acknowledged: bool


@dataclass(frozen=True, slots=True)
class GroupChat:
    """A visit's linked Telegram group."""

    visit_id: int
    chat_id: int
    title: str


@dataclass(frozen=True, slots=True)
class NamedGroup:
    """A named group of people, with its id (buttons carry the id, not the name)."""

    id: int
    name: str
    size: int


def batch_of(announcement_id: int) -> str:
    """The outbox batch of an announcement."""
    return f"announcement:{announcement_id}"


def _announcement(row: aiosqlite.Row) -> Announcement:
    return Announcement(
        id=row["id"],
        visit_id=row["visit_id"],
        created_by=row["created_by"],
        text_html=row["text_html"],
        photo=row["photo"],
        document=row["document"],
        audience=row["audience"],
        urgent=bool(row["urgent"]),
        needs_ack=bool(row["needs_ack"]),
        to_group_chat=bool(row["to_group_chat"]),
        created_at=from_db(row["created_at"]),
        confirmed_at=maybe_from_db(row["confirmed_at"]),
        resends=row["resends"],
        report_chat_id=row["report_chat_id"],
        report_message_id=row["report_message_id"],
    )


class AnnouncementStore:
    """Reads and writes announcements."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def create_draft(
        self,
        *,
        visit_id: int,
        created_by: int,
        text_html: str,
        photo: str | None,
        document: str | None,
        audience: str,
        urgent: bool,
        needs_ack: bool,
        to_group_chat: bool,
        now: datetime,
    ) -> Announcement:
        """Store a draft (shown as a preview; nothing is queued yet)."""
        new_id = await self.db.insert(
            "INSERT INTO announcements (visit_id, created_by, text_html, photo, document,"
            " audience, urgent, needs_ack, to_group_chat, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                visit_id,
                created_by,
                text_html,
                photo,
                document,
                audience,
                int(urgent),
                int(needs_ack),
                int(to_group_chat),
                to_db(now),
            ),
        )
        found = await self.get(new_id)
        assert found is not None
        return found

    async def get(self, announcement_id: int) -> Announcement | None:
        """One announcement by id."""
        row = await self.db.fetch_one(
            "SELECT * FROM announcements WHERE id = ?", (announcement_id,)
        )
        return None if row is None else _announcement(row)

    async def confirm(self, announcement_id: int, now: datetime) -> bool:
        """Mark a draft as sent out; False if it was confirmed already."""
        changed = await self.db.execute(
            "UPDATE announcements SET confirmed_at = ? WHERE id = ? AND confirmed_at IS NULL",
            (to_db(now), announcement_id),
        )
        return changed > 0

    async def discard_draft(self, announcement_id: int) -> bool:
        """Delete a draft that was never confirmed."""
        changed = await self.db.execute(
            "DELETE FROM announcements WHERE id = ? AND confirmed_at IS NULL", (announcement_id,)
        )
        return changed > 0

    async def count_resend(self, announcement_id: int) -> int:
        """Count one more re-send; returns its number (1, 2, ...)."""
        async with self.db.transaction() as tx:
            await tx.execute(
                "UPDATE announcements SET resends = resends + 1 WHERE id = ?", (announcement_id,)
            )
            async with tx.execute(
                "SELECT resends FROM announcements WHERE id = ?", (announcement_id,)
            ) as cursor:
                row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def set_report_message(self, announcement_id: int, chat_id: int, message_id: int) -> None:
        """Remember the report message that is edited as the announcement goes out."""
        await self.db.execute(
            "UPDATE announcements SET report_chat_id = ?, report_message_id = ? WHERE id = ?",
            (chat_id, message_id, announcement_id),
        )

    async def of_visit(self, visit_id: int, limit: int = 10) -> list[Announcement]:
        """The visit's latest sent announcements, newest first."""
        rows = await self.db.fetch_all(
            "SELECT * FROM announcements WHERE visit_id = ? AND confirmed_at IS NOT NULL"
            " ORDER BY id DESC LIMIT ?",
            (visit_id, limit),
        )
        return [_announcement(row) for row in rows]

    async def acknowledge(self, announcement_id: int, person_id: int, now: datetime) -> bool:
        """Record a 'Got it'; False if this person had acknowledged already."""
        changed = await self.db.execute(
            "INSERT OR IGNORE INTO announcement_acks (announcement_id, person_id, acked_at)"
            " VALUES (?, ?, ?)",
            (announcement_id, person_id, to_db(now)),
        )
        return changed > 0

    async def acknowledged_by(self, announcement_id: int) -> set[int]:
        """Who acknowledged an announcement."""
        rows = await self.db.fetch_all(
            "SELECT person_id FROM announcement_acks WHERE announcement_id = ?",
            (announcement_id,),
        )
        return {row[0] for row in rows}

    async def was_sent_to(self, announcement_id: int, person_id: int) -> bool:
        """Whether the person is a recipient of the announcement."""
        found = await self.db.fetch_value(
            "SELECT 1 FROM outbox WHERE batch = ? AND person_id = ? LIMIT 1",
            (batch_of(announcement_id), person_id),
        )
        return found is not None

    async def recipients(self, announcement_id: int) -> list[RecipientState]:
        """Each recipient person once, with how their copies went (a re-send adds copies)."""
        rows = await self.db.fetch_all(
            "SELECT o.person_id, p.first_name, p.last_name,"
            " MAX(o.state = 'sent') AS sent,"
            " MAX(o.state = 'pending') AS pending,"
            " MAX(o.state = 'failed' AND o.last_error NOT LIKE 'unreachable:%') AS failed,"
            " MAX(o.state = 'failed' AND o.last_error LIKE 'unreachable:%') AS unreachable,"
            " EXISTS (SELECT 1 FROM announcement_acks a WHERE a.announcement_id = ?"
            "   AND a.person_id = o.person_id) AS acknowledged"
            " FROM outbox o JOIN people p ON p.id = o.person_id"
            " WHERE o.batch = ? GROUP BY o.person_id ORDER BY p.first_name COLLATE NOCASE, p.id",
            (announcement_id, batch_of(announcement_id)),
        )
        return [
            RecipientState(
                person_id=row["person_id"],
                name=" ".join(part for part in (row["first_name"], row["last_name"]) if part),
                sent=bool(row["sent"]),
                pending=bool(row["pending"]) and not row["sent"],
                failed=bool(row["failed"]) and not row["sent"] and not row["pending"],
                unreachable=bool(row["unreachable"]) and not row["sent"] and not row["pending"],
                acknowledged=bool(row["acknowledged"]),
            )
            for row in rows
        ]

    async def group_chat_state(self, announcement_id: int) -> str | None:
        """How the copy for the linked group went: 'sent', 'pending', 'failed' or None."""
        value = await self.db.fetch_value(
            "SELECT state FROM outbox WHERE batch = ? AND person_id IS NULL ORDER BY id LIMIT 1",
            (batch_of(announcement_id),),
        )
        return None if value is None else str(value)

    async def link_group_chat(
        self, visit_id: int, chat_id: int, title: str, person_id: int, now: datetime
    ) -> None:
        """Link (or re-link) the visit's Telegram group."""
        await self.db.execute(
            "INSERT INTO visit_group_chats (visit_id, chat_id, title, linked_by, linked_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (visit_id) DO UPDATE SET"
            " chat_id = excluded.chat_id, title = excluded.title,"
            " linked_by = excluded.linked_by, linked_at = excluded.linked_at",
            (visit_id, chat_id, title, person_id, to_db(now)),
        )

    async def group_chat(self, visit_id: int) -> GroupChat | None:
        """The visit's linked group, or None."""
        row = await self.db.fetch_one(
            "SELECT visit_id, chat_id, title FROM visit_group_chats WHERE visit_id = ?",
            (visit_id,),
        )
        return None if row is None else GroupChat(row[0], row[1], row[2])

    async def named_groups(self, visit_id: int) -> list[NamedGroup]:
        """The visit's named groups with their sizes, by name."""
        rows = await self.db.fetch_all(
            "SELECT g.id, g.name, COUNT(m.person_id) FROM person_groups g"
            " LEFT JOIN person_group_members m ON m.group_id = g.id"
            " WHERE g.visit_id = ? GROUP BY g.id ORDER BY g.name COLLATE NOCASE",
            (visit_id,),
        )
        return [NamedGroup(row[0], row[1], row[2]) for row in rows]
