"""The one place that decides who may do what in a visit."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from storage.roles import Role

ORGANISERS: frozenset[Role] = frozenset({Role.ORGANISER})
MEMBERS: frozenset[Role] = frozenset(Role)
ASKERS: frozenset[Role] = frozenset({Role.ORGANISER, Role.PARTICIPANT, Role.PARTNER})
DIRECTORY_READERS: frozenset[Role] = frozenset({Role.ORGANISER, Role.PARTICIPANT, Role.PARTNER})


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why an action was refused: the roles that could have done it."""

    allowed: frozenset[Role]
    no_visit: bool = False


def check(role: Role | None, allowed: Collection[Role]) -> Refusal | None:
    """None when a person with this role may act; otherwise the refusal to explain."""
    allowed_set = frozenset(allowed)
    if role is None:
        return Refusal(allowed_set, no_visit=True)
    if role not in allowed_set:
        return Refusal(allowed_set)
    return None
