"""People (Telegram users the bot has met) and their memberships in visits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.database import Database
from storage.roles import Role
from storage.times import from_db, maybe_from_db, to_db


@dataclass(frozen=True, slots=True)
class Person:
    """A Telegram user as the bot knows them."""

    id: int
    first_name: str
    last_name: str | None
    username: str | None
    telegram_language: str | None
    language: str | None
    started: bool
    unreachable_since: datetime | None
    current_visit_id: int | None

    @property
    def full_name(self) -> str:
        """First and last name, as Telegram shows them."""
        return " ".join(part for part in (self.first_name, self.last_name) if part)


@dataclass(frozen=True, slots=True)
class Membership:
    """A person's role in one visit."""

    visit_id: int
    person_id: int
    role: Role
    joined_at: datetime


@dataclass(frozen=True, slots=True)
class Member:
    """A person together with their role in a visit, for lists."""

    person: Person
    role: Role


def person_from_row(row: aiosqlite.Row) -> Person:
    """A `people` row (SELECT *) as a record."""
    return Person(
        id=row["id"],
        first_name=row["first_name"],
        last_name=row["last_name"],
        username=row["username"],
        telegram_language=row["telegram_language"],
        language=row["language"],
        started=bool(row["started"]),
        unreachable_since=maybe_from_db(row["unreachable_since"]),
        current_visit_id=row["current_visit_id"],
    )


def _membership(row: aiosqlite.Row) -> Membership:
    return Membership(
        visit_id=row["visit_id"],
        person_id=row["person_id"],
        role=Role(row["role"]),
        joined_at=from_db(row["joined_at"]),
    )


class PeopleStore:
    """Reads and writes people and memberships."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def seen(
        self,
        *,
        person_id: int,
        first_name: str,
        last_name: str | None,
        username: str | None,
        telegram_language: str | None,
        private_chat: bool,
        now: datetime,
    ) -> Person:
        """Record that this user wrote to the bot; a private message means they can be reached."""
        stamp = to_db(now)
        async with self.db.transaction() as tx:
            await tx.execute(
                "INSERT INTO people (id, first_name, last_name, username, telegram_language,"
                " started, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET first_name = excluded.first_name,"
                " last_name = excluded.last_name, username = excluded.username,"
                " telegram_language = excluded.telegram_language,"
                " started = MAX(people.started, excluded.started),"
                " unreachable_since = CASE WHEN excluded.started = 1 THEN NULL"
                "   ELSE people.unreachable_since END,"
                " updated_at = excluded.updated_at",
                (
                    person_id,
                    first_name,
                    last_name,
                    username,
                    telegram_language,
                    int(private_chat),
                    stamp,
                    stamp,
                ),
            )
            async with tx.execute("SELECT * FROM people WHERE id = ?", (person_id,)) as cursor:
                row = await cursor.fetchone()
        assert row is not None
        return person_from_row(row)

    async def get(self, person_id: int) -> Person | None:
        """The person with this Telegram id, or None."""
        row = await self.db.fetch_one("SELECT * FROM people WHERE id = ?", (person_id,))
        return None if row is None else person_from_row(row)

    async def set_language(self, person_id: int, language: str | None) -> None:
        """Remember the language a person chose (None follows Telegram again)."""
        await self.db.execute("UPDATE people SET language = ? WHERE id = ?", (language, person_id))

    async def set_current_visit(self, person_id: int, visit_id: int | None) -> None:
        """Remember which visit a person is working in."""
        await self.db.execute(
            "UPDATE people SET current_visit_id = ? WHERE id = ?", (visit_id, person_id)
        )

    async def mark_unreachable(self, person_id: int, now: datetime) -> bool:
        """Mark a person who blocked the bot; True if they were reachable until now."""
        changed = await self.db.execute(
            "UPDATE people SET unreachable_since = ? WHERE id = ? AND unreachable_since IS NULL",
            (to_db(now), person_id),
        )
        return changed > 0

    async def add_membership(
        self, *, visit_id: int, person_id: int, role: Role, now: datetime
    ) -> Membership:
        """Give a person a role in a visit (replacing an earlier role there)."""
        async with self.db.transaction() as tx:
            await tx.execute(
                "INSERT INTO memberships (visit_id, person_id, role, joined_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (visit_id, person_id)"
                " DO UPDATE SET role = excluded.role",
                (visit_id, person_id, role.value, to_db(now)),
            )
        membership = await self.membership(visit_id, person_id)
        assert membership is not None
        return membership

    async def membership(self, visit_id: int, person_id: int) -> Membership | None:
        """A person's membership in a visit, or None."""
        row = await self.db.fetch_one(
            "SELECT * FROM memberships WHERE visit_id = ? AND person_id = ?",
            (visit_id, person_id),
        )
        return None if row is None else _membership(row)

    async def memberships_of(self, person_id: int) -> list[Membership]:
        """Every visit a person belongs to."""
        rows = await self.db.fetch_all(
            "SELECT * FROM memberships WHERE person_id = ? ORDER BY joined_at", (person_id,)
        )
        return [_membership(row) for row in rows]

    async def members(self, visit_id: int, roles: tuple[Role, ...] = ()) -> list[Member]:
        """The people of a visit, optionally only some roles, by name."""
        sql = (
            "SELECT p.*, m.role AS member_role FROM memberships m"
            " JOIN people p ON p.id = m.person_id WHERE m.visit_id = ?"
        )
        params: list[object] = [visit_id]
        if roles:
            sql += f" AND m.role IN ({', '.join('?' for _ in roles)})"
            params.extend(role.value for role in roles)
        sql += " ORDER BY p.first_name COLLATE NOCASE, p.id"
        rows = await self.db.fetch_all(sql, params)
        return [Member(person_from_row(row), Role(row["member_role"])) for row in rows]
