"""Invites: codes that enrol a person in a visit with a role."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import aiosqlite

from storage.database import Database
from storage.roles import Role
from storage.times import from_db, maybe_from_db, to_db


class InviteProblem(StrEnum):
    """Why a code cannot be redeemed."""

    UNKNOWN = "unknown"
    EXPIRED = "expired"
    REVOKED = "revoked"
    USED_UP = "used_up"


@dataclass(frozen=True, slots=True)
class Invite:
    """An invite code bound to a visit and a role."""

    id: int
    code: str
    visit_id: int
    role: Role
    label: str | None
    created_by: int | None
    created_at: datetime
    expires_at: datetime | None
    max_uses: int | None
    uses: int
    revoked_at: datetime | None


@dataclass(frozen=True, slots=True)
class Redeemed:
    """The result of redeeming a code: the invite, and whether the person was new to the visit."""

    invite: Invite
    newly_enrolled: bool


def _invite(row: aiosqlite.Row) -> Invite:
    return Invite(
        id=row["id"],
        code=row["code"],
        visit_id=row["visit_id"],
        role=Role(row["role"]),
        label=row["label"],
        created_by=row["created_by"],
        created_at=from_db(row["created_at"]),
        expires_at=maybe_from_db(row["expires_at"]),
        max_uses=row["max_uses"],
        uses=row["uses"],
        revoked_at=maybe_from_db(row["revoked_at"]),
    )


def problem_with(invite: Invite | None, now: datetime) -> InviteProblem | None:
    """Why this invite cannot be used now, or None when it can."""
    if invite is None:
        return InviteProblem.UNKNOWN
    if invite.revoked_at is not None:
        return InviteProblem.REVOKED
    if invite.expires_at is not None and invite.expires_at <= now:
        return InviteProblem.EXPIRED
    if invite.max_uses is not None and invite.uses >= invite.max_uses:
        return InviteProblem.USED_UP
    return None


# Runs inside the redeeming transaction when a person is newly enrolled, with (tx, invite,
# person id, now): what follows from an enrolment (a roster entry marked joined) commits with it.
EnrolHook = Callable[[aiosqlite.Connection, Invite, int, datetime], Awaitable[None]]


class InviteStore:
    """Reads, writes and redeems invites."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.enrol_hooks: list[EnrolHook] = []

    async def create(
        self,
        *,
        code: str,
        visit_id: int,
        role: Role,
        created_by: int | None,
        now: datetime,
        expires_at: datetime | None = None,
        max_uses: int | None = None,
        label: str | None = None,
    ) -> Invite:
        """Store a new invite."""
        invite_id = await self.db.insert(
            "INSERT INTO invites (code, visit_id, role, label, created_by, created_at,"
            " expires_at, max_uses) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                code,
                visit_id,
                role.value,
                label,
                created_by,
                to_db(now),
                None if expires_at is None else to_db(expires_at),
                max_uses,
            ),
        )
        row = await self.db.fetch_one("SELECT * FROM invites WHERE id = ?", (invite_id,))
        assert row is not None
        return _invite(row)

    async def by_code(self, code: str) -> Invite | None:
        """The invite with this code, or None."""
        row = await self.db.fetch_one("SELECT * FROM invites WHERE code = ?", (code,))
        return None if row is None else _invite(row)

    async def of_visit(self, visit_id: int) -> list[Invite]:
        """Every invite of a visit, newest first."""
        rows = await self.db.fetch_all(
            "SELECT * FROM invites WHERE visit_id = ? ORDER BY id DESC", (visit_id,)
        )
        return [_invite(row) for row in rows]

    async def revoke(self, visit_id: int, code: str, now: datetime) -> bool:
        """Revoke an invite of this visit; True if it was active."""
        changed = await self.db.execute(
            "UPDATE invites SET revoked_at = ? WHERE visit_id = ? AND code = ?"
            " AND revoked_at IS NULL",
            (to_db(now), visit_id, code),
        )
        return changed > 0

    async def redeem(self, code: str, person_id: int, now: datetime) -> Redeemed | InviteProblem:
        """Check the code and enrol the person, all in one transaction.

        Someone already in the visit keeps their role and uses no slot of the invite.
        """
        async with self.db.transaction() as tx:
            async with tx.execute("SELECT * FROM invites WHERE code = ?", (code,)) as cursor:
                row = await cursor.fetchone()
            invite = None if row is None else _invite(row)
            async with tx.execute(
                "SELECT 1 FROM memberships WHERE visit_id = ? AND person_id = ?",
                (invite.visit_id if invite else -1, person_id),
            ) as cursor:
                already = await cursor.fetchone() is not None
            problem = problem_with(invite, now)
            if problem is not None and not (already and problem is InviteProblem.USED_UP):
                return problem
            assert invite is not None
            if already:
                return Redeemed(invite, newly_enrolled=False)
            await tx.execute(
                "INSERT INTO memberships (visit_id, person_id, role, invite_id, joined_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (invite.visit_id, person_id, invite.role.value, invite.id, to_db(now)),
            )
            await tx.execute("UPDATE invites SET uses = uses + 1 WHERE id = ?", (invite.id,))
            await tx.execute(
                "UPDATE people SET current_visit_id = ? WHERE id = ?", (invite.visit_id, person_id)
            )
            for hook in self.enrol_hooks:
                await hook(tx, invite, person_id, now)
        return Redeemed(invite, newly_enrolled=True)
