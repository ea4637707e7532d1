"""The roster: the people a visit expects, their personal invites, and who has joined."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.database import Database
from storage.invites import Invite
from storage.roles import Role
from storage.times import maybe_from_db, to_db


@dataclass(frozen=True, slots=True)
class EntryFields:
    """What a roster file or an organiser says about one expected person."""

    name: str
    name_key: str
    role: Role
    phone: str | None = None
    username: str | None = None
    group_name: str | None = None

    def to_json(self) -> dict[str, str | None]:
        """The fields as JSON (a staged import)."""
        return {
            "name": self.name,
            "name_key": self.name_key,
            "role": self.role.value,
            "phone": self.phone,
            "username": self.username,
            "group_name": self.group_name,
        }

    @classmethod
    def from_json(cls, data: dict[str, str | None]) -> EntryFields:
        """Fields back from a staged import."""
        return cls(
            name=str(data["name"]),
            name_key=str(data["name_key"]),
            role=Role(str(data["role"])),
            phone=data.get("phone"),
            username=data.get("username"),
            group_name=data.get("group_name"),
        )


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """One expected person of a visit, with their personal invite and whether they joined."""

    id: int
    visit_id: int
    fields: EntryFields
    invite_code: str | None
    person_id: int | None
    joined_at: datetime | None

    @property
    def joined(self) -> bool:
        """Whether the person opened their personal invite."""
        return self.joined_at is not None


@dataclass(frozen=True, slots=True)
class StagedRoster:
    """A checked roster file waiting for an organiser's confirmation."""

    id: int
    visit_id: int
    entries: list[EntryFields]
    closed: bool


def _entry(row: aiosqlite.Row) -> RosterEntry:
    return RosterEntry(
        id=row["id"],
        visit_id=row["visit_id"],
        fields=EntryFields(
            name=row["name"],
            name_key=row["name_key"],
            role=Role(row["role"]),
            phone=row["phone"],
            username=row["username"],
            group_name=row["group_name"],
        ),
        invite_code=row["code"],
        person_id=row["person_id"],
        joined_at=maybe_from_db(row["joined_at"]),
    )


# The label of personal invites in /invites (the name stays in the roster, not in the invite).
INVITE_LABEL = "roster"
ENTRY_SELECT = "SELECT r.*, i.code FROM roster_entries r LEFT JOIN invites i ON i.id = r.invite_id"


class RosterStore:
    """Reads and writes roster entries and staged roster files."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def of_visit(self, visit_id: int) -> list[RosterEntry]:
        """A visit's roster, by name."""
        rows = await self.db.fetch_all(
            ENTRY_SELECT + " WHERE r.visit_id = ? ORDER BY r.name COLLATE NOCASE, r.id",
            (visit_id,),
        )
        return [_entry(row) for row in rows]

    async def by_invite(self, invite_id: int) -> RosterEntry | None:
        """The entry a personal invite belongs to, or None for an ordinary invite."""
        row = await self.db.fetch_one(ENTRY_SELECT + " WHERE r.invite_id = ?", (invite_id,))
        return None if row is None else _entry(row)

    async def apply(
        self,
        visit_id: int,
        added: list[tuple[EntryFields, str]],
        changed: list[tuple[RosterEntry, EntryFields]],
        removed: list[RosterEntry],
        created_by: int | None,
        now: datetime,
    ) -> None:
        """Add, change and remove entries in one transaction.

        Each added entry gets its personal invite (the given code): one use, for its role.
        A removed entry that has not joined has its invite revoked; a person who joined stays
        in the visit. A changed role moves the unused invite with it; a changed group moves a
        person who joined to the new group.
        """
        stamp = to_db(now)
        async with self.db.transaction() as tx:
            for entry in removed:
                if not entry.joined:
                    await tx.execute(
                        "UPDATE invites SET revoked_at = ? WHERE id ="
                        " (SELECT invite_id FROM roster_entries WHERE id = ?)"
                        " AND revoked_at IS NULL",
                        (stamp, entry.id),
                    )
                await tx.execute("DELETE FROM roster_entries WHERE id = ?", (entry.id,))
            for entry, new in changed:
                await tx.execute(
                    "UPDATE roster_entries SET name = ?, role = ?, phone = ?, username = ?,"
                    " group_name = ? WHERE id = ?",
                    (new.name, new.role.value, new.phone, new.username, new.group_name, entry.id),
                )
                if not entry.joined:
                    await tx.execute(
                        "UPDATE invites SET role = ? WHERE id ="
                        " (SELECT invite_id FROM roster_entries WHERE id = ?)",
                        (new.role.value, entry.id),
                    )
                elif entry.person_id is not None and entry.fields.group_name != new.group_name:
                    if entry.fields.group_name:
                        await tx.execute(
                            "DELETE FROM person_group_members WHERE person_id = ? AND group_id ="
                            " (SELECT id FROM person_groups WHERE visit_id = ? AND name = ?)",
                            (entry.person_id, visit_id, entry.fields.group_name),
                        )
                    await _join_group(tx, visit_id, new.group_name, entry.person_id)
            for fields, code in added:
                cursor = await tx.execute(
                    "INSERT INTO invites (code, visit_id, role, label, created_by, created_at,"
                    " max_uses) VALUES (?, ?, ?, ?, ?, ?, 1)",
                    (code, visit_id, fields.role.value, INVITE_LABEL, created_by, stamp),
                )
                await tx.execute(
                    "INSERT INTO roster_entries (visit_id, name, name_key, role, phone, username,"
                    " group_name, invite_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        visit_id,
                        fields.name,
                        fields.name_key,
                        fields.role.value,
                        fields.phone,
                        fields.username,
                        fields.group_name,
                        cursor.lastrowid,
                        stamp,
                    ),
                )

    async def claim(
        self, tx: aiosqlite.Connection, invite: Invite, person_id: int, now: datetime
    ) -> None:
        """Inside an invite's redeeming transaction: mark its entry joined, and put the person
        in the entry's group (nothing for an ordinary invite)."""
        async with tx.execute(
            "SELECT id, group_name FROM roster_entries WHERE invite_id = ? AND joined_at IS NULL",
            (invite.id,),
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return
        await tx.execute(
            "UPDATE roster_entries SET person_id = ?, joined_at = ? WHERE id = ?",
            (person_id, to_db(now), row["id"]),
        )
        await _join_group(tx, invite.visit_id, row["group_name"], person_id)

    async def stage(
        self, visit_id: int, person_id: int | None, entries: list[EntryFields], now: datetime
    ) -> int:
        """Keep a checked file until it is confirmed (closing earlier ones); returns its id."""
        async with self.db.transaction() as tx:
            await tx.execute(
                "UPDATE roster_imports SET closed_at = ?, entries_json = '[]'"
                " WHERE visit_id = ? AND closed_at IS NULL",
                (to_db(now), visit_id),
            )
            cursor = await tx.execute(
                "INSERT INTO roster_imports (visit_id, person_id, entries_json, created_at)"
                " VALUES (?, ?, ?, ?)",
                (
                    visit_id,
                    person_id,
                    json.dumps([entry.to_json() for entry in entries], ensure_ascii=False),
                    to_db(now),
                ),
            )
            assert cursor.lastrowid is not None
            return cursor.lastrowid

    async def staged(self, import_id: int) -> StagedRoster | None:
        """A staged file by id."""
        row = await self.db.fetch_one("SELECT * FROM roster_imports WHERE id = ?", (import_id,))
        if row is None:
            return None
        return StagedRoster(
            id=row["id"],
            visit_id=row["visit_id"],
            entries=[EntryFields.from_json(data) for data in json.loads(row["entries_json"])],
            closed=row["closed_at"] is not None,
        )

    async def close(self, import_id: int, now: datetime) -> bool:
        """Close a staged file (used or discarded) and drop its names; False if closed already."""
        changed = await self.db.execute(
            "UPDATE roster_imports SET closed_at = ?, entries_json = '[]'"
            " WHERE id = ? AND closed_at IS NULL",
            (to_db(now), import_id),
        )
        return changed > 0

    async def phone_of(self, visit_id: int, person_id: int) -> str | None:
        """The phone number the roster gives for a person who joined through it, if any."""
        row = await self.db.fetch_one(
            "SELECT phone FROM roster_entries WHERE visit_id = ? AND person_id = ?"
            " AND phone IS NOT NULL AND phone != '' ORDER BY id LIMIT 1",
            (visit_id, person_id),
        )
        return None if row is None else str(row["phone"])

    async def forget_person(self, person_id: int) -> list[str]:
        """Forget-me: remove the entry of a person who joined; returns its name, phone and
        username, to scrub from messages to others."""
        rows = await self.db.fetch_all(
            "SELECT name, phone, username FROM roster_entries WHERE person_id = ?", (person_id,)
        )
        await self.db.execute("DELETE FROM roster_entries WHERE person_id = ?", (person_id,))
        return [value for row in rows for value in row if value]

    async def erase_visit(self, visit_id: int) -> int:
        """The visit's retention purge: every entry and staged file of the visit goes; returns
        how many entries there were."""
        async with self.db.transaction() as tx:
            cursor = await tx.execute("DELETE FROM roster_entries WHERE visit_id = ?", (visit_id,))
            count = cursor.rowcount
            await tx.execute("DELETE FROM roster_imports WHERE visit_id = ?", (visit_id,))
        return count


async def _join_group(
    tx: aiosqlite.Connection, visit_id: int, group_name: str | None, person_id: int
) -> None:
    if not group_name:
        return
    await tx.execute(
        "INSERT OR IGNORE INTO person_groups (visit_id, name) VALUES (?, ?)", (visit_id, group_name)
    )
    await tx.execute(
        "INSERT OR IGNORE INTO person_group_members (group_id, person_id)"
        " SELECT id, ? FROM person_groups WHERE visit_id = ? AND name = ?",
        (person_id, visit_id, group_name),
    )
