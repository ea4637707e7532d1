"""Audiences: who a session, an announcement or a roll call is for.

Written as text so it fits a column and a file: `everyone`, `role:participant`,
`group:Bus 2`. Resolved to the visit's members when it is time to send.
"""

from __future__ import annotations

from dataclasses import dataclass

from storage.groups import GroupStore
from storage.people import Member, PeopleStore
from storage.roles import Role

EVERYONE = "everyone"


class AudienceError(ValueError):
    """An audience could not be read."""


@dataclass(frozen=True, slots=True)
class Audience:
    """Everyone in the visit, one role, or a named group."""

    role: Role | None = None
    group: str | None = None

    @classmethod
    def parse(cls, text: str) -> Audience:
        """Read `everyone`, `role:NAME` (or just a role) or `group:NAME`."""
        value = (text or EVERYONE).strip()
        kind, _, rest = value.partition(":")
        kind = kind.strip().lower()
        if kind in (EVERYONE, "all", "semua") and not rest:
            return cls()
        if kind == "group" and rest.strip():
            return cls(group=rest.strip())
        role_name = rest.strip().lower() if kind == "role" else kind
        for role in Role:
            if role_name in (role.value, role.value + "s"):
                return cls(role=role)
        raise AudienceError(f"unknown audience {value!r} (everyone, role:participant, group:NAME)")

    def __str__(self) -> str:
        if self.group is not None:
            return f"group:{self.group}"
        if self.role is not None:
            return f"role:{self.role.value}"
        return EVERYONE

    def includes(self, role: Role | None, groups: set[str] | None = None) -> bool:
        """Whether someone with this role (and these groups) belongs to the audience."""
        if role is None:
            return False
        if self.group is not None:
            return self.group in (groups or set())
        return self.role is None or self.role is role


class Audiences:
    """Resolving an audience to the members of a visit."""

    def __init__(self, people: PeopleStore, groups: GroupStore) -> None:
        self.people = people
        self.groups = groups

    async def members(self, visit_id: int, audience: Audience) -> list[Member]:
        """The visit's members in the audience, by name."""
        members = await self.people.members(visit_id)
        if audience.group is not None:
            wanted = set(await self.groups.member_ids(visit_id, audience.group))
            return [m for m in members if m.person.id in wanted]
        if audience.role is not None:
            return [m for m in members if m.role is audience.role]
        return members
