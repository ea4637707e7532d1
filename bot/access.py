"""The one place that decides who may do what, and in which visit.

Every button a feature shows is declared as a `ButtonRule`: a template of its callback data
(`"cr:rj:{profile}:{revision:int}"`), the roles it needs, and, when the data names a record,
which kind of record. Before any handler runs, `Access.check_button` resolves the record to its
own visit and checks the presser's role **in that visit**; data that no rule describes is
refused. Commands are checked against the roles each feature declared for its menu entry.
A refusal comes back as a `Refusal` (a text key and its values), and nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from bot.menu import CommandMenu
from storage.records import RECORD_KINDS, RecordStore
from storage.roles import Role
from storage.visits import Visit, VisitStore

ORGANISERS: frozenset[Role] = frozenset({Role.ORGANISER})
MEMBERS: frozenset[Role] = frozenset(Role)
ASKERS: frozenset[Role] = frozenset({Role.ORGANISER, Role.PARTICIPANT, Role.PARTNER})
DIRECTORY_READERS: frozenset[Role] = frozenset({Role.ORGANISER, Role.PARTICIPANT, Role.PARTNER})
# `needs=ANYONE`: no visit is needed (the language, forget-me, one's own data).
ANYONE: frozenset[Role] = frozenset()

# The kinds of plain field a template may hold, as `{name:kind}`; `{kind}` alone is a record.
FIELD_PATTERNS = {
    "int": r"\d{1,12}",
    "word": r"[A-Za-z0-9_.\-]{1,40}",
    "text": r".{0,64}",
}
FIELD_SAMPLES = {"int": "1", "word": "x", "text": "x"}
_FIELD = re.compile(r"\{([a-z_]+)(?::([^}]+))?\}")


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why an action was refused: a text key, its values, and the roles that could have."""

    allowed: frozenset[Role]
    no_visit: bool = False
    key: str = ""

    @property
    def text_key(self) -> str:
        """The catalogue text that explains the refusal."""
        if self.key:
            return self.key
        return "error.no_visit" if self.no_visit else "error.not_allowed"


def check(role: Role | None, allowed: Collection[Role]) -> Refusal | None:
    """None when a person with this role may act; otherwise the refusal to explain."""
    allowed_set = frozenset(allowed)
    if role is None:
        return Refusal(allowed_set, no_visit=True)
    if role not in allowed_set:
        return Refusal(allowed_set)
    return None


@dataclass(frozen=True, slots=True)
class ButtonRule:
    """One kind of button: its data's template, who may press it, and the record it names."""

    template: str
    needs: frozenset[Role]
    regex: re.Pattern[str] = field(compare=False)
    record: str | None = None
    record_group: str | None = None
    # A step of a guided chat: without a record, it acts in the chat's visit.
    dialog: bool = False

    def matches(self, data: str) -> re.Match[str] | None:
        """The parsed data when this rule describes it."""
        return self.regex.fullmatch(data)

    def samples(self, records: Mapping[str, int]) -> list[str]:
        """Well-formed data for this rule, naming the given record of each kind (tests, audit)."""
        found = [""]
        position = 0
        for part in _FIELD.finditer(self.template):
            literal = self.template[position : part.start()]
            name, kind = part.group(1), part.group(2)
            if kind is None:
                options = [str(records[name])]
            elif kind in FIELD_SAMPLES:
                options = [FIELD_SAMPLES[kind]]
            else:
                options = kind.split("|")
            found = [done + literal + option for done in found for option in options]
            position = part.end()
        return [done + self.template[position:] for done in found]


def button(template: str, needs: Collection[Role], *, dialog: bool = False) -> ButtonRule:
    """A button rule from its template: `{profile}` names a record, `{n:int}`, `{w:word}`,
    `{t:text}` and `{v:a|b}` are plain fields; `dialog` marks a step of a guided chat."""
    pattern, position, record, group = "", 0, None, None
    for index, part in enumerate(_FIELD.finditer(template)):
        pattern += re.escape(template[position : part.start()])
        name, kind = part.group(1), part.group(2)
        if kind is None:
            if name not in RECORD_KINDS:
                raise ValueError(f"{template}: unknown record kind {name!r}")
            if record is not None:
                raise ValueError(f"{template}: one record per button")
            record, group = name, f"f{index}"
            pattern += rf"(?P<{group}>\d{{1,12}})"
        elif kind in FIELD_PATTERNS:
            pattern += f"(?:{FIELD_PATTERNS[kind]})"
        else:
            pattern += "(?:" + "|".join(re.escape(option) for option in kind.split("|")) + ")"
        position = part.end()
    pattern += re.escape(template[position:])
    return ButtonRule(template, frozenset(needs), re.compile(pattern), record, group, dialog)


class RoleReader(Protocol):
    """What the check needs to know about people: their role in a visit."""

    async def role_in(self, person_id: int, visit_id: int) -> Role | None:
        """The person's role in a visit, or None."""


@dataclass(frozen=True, slots=True)
class Allowed:
    """The press may go on, in this visit (None: no visit is involved) with this role."""

    visit: Visit | None
    role: Role | None


class Access:
    """Every button rule and command rule of the application, and the check before handlers."""

    def __init__(
        self, records: RecordStore, visits: VisitStore, people: RoleReader, menu: CommandMenu
    ) -> None:
        self.records = records
        self.menu = menu
        self.visits = visits
        self.people = people
        self.rules: list[ButtonRule] = []
        self.commands: dict[str, frozenset[Role | None]] = {}
        self.refused = 0

    def add(self, rule: ButtonRule) -> None:
        """Declare a button; two rules may not describe the same template."""
        if any(known.template == rule.template for known in self.rules):
            raise ValueError(f"button {rule.template!r} is declared twice")
        self.rules.append(rule)

    def rule_for(self, data: str) -> tuple[ButtonRule, re.Match[str]] | None:
        """The rule that describes this callback data, with the parsed data."""
        for rule in self.rules:
            found = rule.matches(data)
            if found is not None:
                return rule, found
        return None

    def command(self, name: str, roles: Collection[Role | None]) -> None:
        """Declare who may send a command that has no menu entry, or whose handler decides
        (None in `roles`: someone not in any visit)."""
        self.commands[name] = frozenset(roles)

    def command_roles(self, name: str) -> frozenset[Role | None] | None:
        """Who may send a command: as declared here, else as its menu entry says."""
        return self.commands.get(name, self.menu.roles_of(name))

    def _refuse(self, refusal: Refusal) -> Refusal:
        self.refused += 1
        return refusal

    async def check_button(
        self,
        person_id: int,
        data: str,
        current: tuple[Visit, Role] | None,
        dialog_visit_id: int | None,
    ) -> Allowed | Refusal:
        """May this person press a button with this data, and in which visit does it act?

        The visit is the named record's own; without a record, that of the guided chat in
        progress, else the person's current visit.
        """
        matched = self.rule_for(data)
        if matched is None:
            return self._refuse(Refusal(frozenset(), key="error.stale_button"))
        rule, found = matched
        if not rule.needs:
            return Allowed(*current) if current else Allowed(None, None)
        if rule.record is not None:
            assert rule.record_group is not None
            visit_id = await self.records.visit_of(rule.record, int(found.group(rule.record_group)))
            if visit_id is None:
                # Nothing by that id: say what the role would allow, else that it is stale.
                if current is not None and current[1] not in rule.needs:
                    return self._refuse(Refusal(rule.needs))
                return self._refuse(Refusal(rule.needs, key="error.stale_button"))
        elif rule.dialog and dialog_visit_id is not None:
            visit_id = dialog_visit_id
        elif current is not None:
            visit_id = current[0].id
        else:
            return self._refuse(Refusal(rule.needs, no_visit=True))
        if current is not None and current[0].id == visit_id:
            visit: Visit | None = current[0]
            role: Role | None = current[1]
        else:
            visit = await self.visits.get(visit_id)
            role = None if visit is None else await self.people.role_in(person_id, visit_id)
        if visit is None or role is None:
            # Someone else's visit: the same answer whether or not the record exists.
            return self._refuse(Refusal(rule.needs, key="access.refused"))
        if role not in rule.needs:
            return self._refuse(Refusal(rule.needs))
        return Allowed(visit, role)

    def check_command(self, name: str, role: Role | None) -> Refusal | None:
        """May someone with this role in their current visit send this command?"""
        roles = self.command_roles(name)
        if roles is None or role in roles:
            return None
        allowed = frozenset(r for r in roles if r is not None)
        return self._refuse(Refusal(allowed, no_visit=role is None))
