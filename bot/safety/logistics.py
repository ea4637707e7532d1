"""Rooming and transport lists: who sleeps in which room and rides in which vehicle and seat.

Loaded from a CSV file (`rooming….csv`, `transport….csv`, `kamar….csv`; columns `person`,
`room`, `vehicle`, `seat`; people by `@username` or Telegram id), checked as a whole and applied
all-or-nothing after the organiser sees the difference; the file is the whole list. Or set for
one person by chat. Each person sees their own in /mygroup, a group's leader sees the group's.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from bot.exports import Table
from bot.i18n import Html, Texts
from bot.people import People
from storage.groups import GroupStore
from storage.logistics import Assignment, LogisticsStore
from storage.people import Person

MAX_BYTES = 200_000
MAX_ROWS = 2000
VALUE_LIMIT = 60
COLUMNS = ("person", "room", "vehicle", "seat")
FILE_PREFIXES = ("rooming", "transport", "kamar", "logistics")

# A problem: a text key (bot/texts/care.py) and its values.
Problem = tuple[str, dict[str, object]]


def is_logistics_file(filename: str) -> bool:
    """Whether a document is a rooming/transport list (by its name)."""
    name = filename.lower()
    return name.endswith(".csv") and name.startswith(FILE_PREFIXES)


@dataclass
class LogisticsFile:
    """A checked file: the whole list, or the problems."""

    assignments: list[Assignment] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the file can be applied."""
        return not self.problems

    def data(self) -> list[list[Any]]:
        """Plain JSON values, to keep the file in a guided chat's state until Apply."""
        return [[a.person_id, a.room, a.vehicle, a.seat] for a in self.assignments]

    @classmethod
    def from_data(cls, data: list[list[Any]]) -> LogisticsFile:
        """The file kept by `data`."""
        return cls([Assignment(int(p), str(r), str(v), str(s)) for p, r, v, s in data])


def read_logistics(content: bytes, members: list[Person]) -> LogisticsFile:
    """Check a whole CSV file against the visit's members."""
    if len(content) > MAX_BYTES or b"\x00" in content[:8192]:
        return LogisticsFile(problems=[("lg.problem.unreadable", {})])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return LogisticsFile(problems=[("lg.problem.unreadable", {})])
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    if "person" not in header or not set(header) <= set(COLUMNS):
        return LogisticsFile(problems=[("lg.problem.columns", {"detail": ", ".join(header)})])
    by_handle: dict[str, int] = {}
    for person in members:
        by_handle[str(person.id)] = person.id
        if person.username:
            by_handle["@" + person.username.lower()] = person.id
    problems: list[Problem] = []
    found: list[Assignment] = []
    seen: set[int] = set()
    seats: dict[tuple[str, str], int] = {}
    try:
        records = list(reader)
    except csv.Error:
        return LogisticsFile(problems=[("lg.problem.unreadable", {})])
    for number, record in enumerate(records[:MAX_ROWS], start=2):
        values = {
            (k or "").strip().lower(): (v or "").strip() for k, v in record.items() if k is not None
        }
        written = values.get("person", "")
        if not any(values.values()):
            continue
        person_id = by_handle.get(written.lower())
        if person_id is None:
            problems.append(("lg.problem.unknown", {"row": number, "detail": written or "—"}))
            continue
        if person_id in seen:
            problems.append(("lg.problem.twice", {"row": number, "detail": written}))
            continue
        seen.add(person_id)
        long = [v for k, v in values.items() if k != "person" and len(v) > VALUE_LIMIT]
        if long:
            problems.append(("lg.problem.too_long", {"row": number, "detail": long[0][:20]}))
            continue
        assignment = Assignment(
            person_id, values.get("room", ""), values.get("vehicle", ""), values.get("seat", "")
        )
        if assignment.vehicle and assignment.seat:
            place = (assignment.vehicle.lower(), assignment.seat.lower())
            if place in seats:
                detail = f"{assignment.vehicle} {assignment.seat}"
                problems.append(("lg.problem.seat_taken", {"row": number, "detail": detail}))
                continue
            seats[place] = person_id
        found.append(assignment)
    if not found and not problems:
        problems.append(("lg.problem.empty", {}))
    return LogisticsFile(problems=problems) if problems else LogisticsFile(found)


class Logistics:
    """Reading and changing the lists, and showing them to each person."""

    def __init__(self, store: LogisticsStore, groups: GroupStore, people: People) -> None:
        self.store = store
        self.groups = groups
        self.people = people

    def describe(self, texts: Texts, language: str, assignment: Assignment | None) -> Html:
        """'🛏 Room 214 · 🚌 Bus 2, seat 3A' (or 'not set yet')."""
        if assignment is None or assignment.empty:
            return texts.get(language, "lg.nothing")
        parts: list[Html] = []
        if assignment.room:
            parts.append(texts.get(language, "lg.room", room=assignment.room))
        if assignment.vehicle or assignment.seat:
            ride = [
                texts.get(language, "lg.vehicle", vehicle=assignment.vehicle or "—"),
                *(
                    [texts.get(language, "lg.seat", seat=assignment.seat)]
                    if assignment.seat
                    else []
                ),
            ]
            parts.append(Html(", ").join(ride))
        return Html(" · ").join(parts)

    async def for_mygroup(self, visit_id: int, person_id: int, texts: Texts, language: str) -> Html:
        """The lines /mygroup adds: the person's own room and ride, then, for each group they
        lead, every member's."""
        lines: list[Html] = []
        mine = await self.store.of_person(visit_id, person_id)
        if mine is not None:
            lines.append(
                texts.get(language, "lg.mine", assignment=self.describe(texts, language, mine))
            )
        everyone = {a.person_id: a for a in await self.store.of_visit(visit_id)}
        for name in await self.groups.names(visit_id):
            if await self.groups.leader_id(visit_id, name) != person_id:
                continue
            lines.append(texts.get(language, "lg.group_title", group=name))
            for member_id in await self.groups.member_ids(visit_id, name):
                member = await self.people.store.get(member_id)
                if member is None:
                    continue
                described = self.describe(texts, language, everyone.get(member_id))
                lines.append(
                    texts.get(
                        language, "lg.group_line", name=member.full_name, assignment=described
                    )
                )
        return Html("\n").join(lines)

    async def preview(
        self, visit_id: int, checked: LogisticsFile, texts: Texts, language: str
    ) -> list[Html]:
        """The difference a file makes: each person whose row changes, and who loses theirs."""
        stored = {a.person_id: a for a in await self.store.of_visit(visit_id)}
        lines: list[Html] = []
        wanted = {a.person_id: a for a in checked.assignments}
        for person_id, assignment in wanted.items():
            if stored.get(person_id) == assignment:
                continue
            person = await self.people.store.get(person_id)
            name = person.full_name if person else str(person_id)
            described = self.describe(texts, language, assignment)
            lines.append(texts.get(language, "lg.diff.set", name=name, assignment=described))
        for person_id in stored.keys() - wanted.keys():
            person = await self.people.store.get(person_id)
            name = person.full_name if person else str(person_id)
            lines.append(texts.get(language, "lg.diff.removed", name=name))
        return lines

    async def apply(self, visit_id: int, checked: LogisticsFile) -> None:
        """Make the visit's list exactly the file's, in one transaction."""
        await self.store.replace(visit_id, checked.assignments)

    async def set_one(self, visit_id: int, person_id: int, words: str) -> Assignment:
        """`room | vehicle | seat` for one person (`-` clears a part, a missing part stays)."""
        current = await self.store.of_person(visit_id, person_id) or Assignment(person_id)
        parts = [part.strip()[:VALUE_LIMIT] for part in words.split("|")]
        values = [current.room, current.vehicle, current.seat]
        for index, part in enumerate(parts[:3]):
            if part == "-":
                values[index] = ""
            elif part:
                values[index] = part
        changed = Assignment(person_id, *values)
        await self.store.put(visit_id, changed)
        return changed

    async def export_table(self, visit_id: int) -> Table:
        """Everyone's room, vehicle and seat, for organisers."""
        rows: list[list[object]] = []
        for each in await self.store.of_visit(visit_id):
            person = await self.people.store.get(each.person_id)
            if person is None:
                continue
            username = person.username or ""
            rows.append([person.full_name, username, each.room, each.vehicle, each.seat])
        return Table(["name", "username", "room", "vehicle", "seat"], rows, title="rooming")
