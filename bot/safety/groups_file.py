"""Groups from a file (YAML or CSV): checked as a whole, shown as a difference, applied
all-or-nothing, like the agenda.

YAML:

    groups:
      - name: Bus 2
        leader: "@ayu"
        members: ["@rani_d", "@dimas", 5003]
    buddies:
      - ["@rani_d", "@dimas"]

CSV: columns `group`, `person` and optionally `role` (`member`, the default, or `leader`), one
row per person and group. People are named by `@username` or Telegram id and must be members of
the visit. The groups a file names are set exactly as written (members and leader); groups it
does not name are kept. Buddy pairs in the file replace the pairs of the people they name.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from storage.people import Person

MAX_BYTES = 200_000
MAX_GROUPS = 200
NAME_LIMIT = 40
CSV_COLUMNS = {"group", "person", "role"}


# A problem: a text key (bot/texts/safety.py) and its values.
Problem = tuple[str, dict[str, object]]


@dataclass(frozen=True, slots=True)
class GroupPlan:
    """One group as the file wants it."""

    name: str
    member_ids: tuple[int, ...]
    leader_id: int | None


@dataclass
class GroupsFile:
    """A checked file: the groups and buddy pairs it sets, or the problems (one line each)."""

    groups: list[GroupPlan] = field(default_factory=list)
    buddies: list[tuple[int, int]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the whole file can be applied."""
        return not self.problems

    def data(self) -> dict[str, Any]:
        """Plain JSON values, to keep a staged file in a guided chat's state."""
        return {
            "groups": [[g.name, list(g.member_ids), g.leader_id] for g in self.groups],
            "buddies": [list(pair) for pair in self.buddies],
        }

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> GroupsFile:
        """The file kept by `data`."""
        return cls(
            groups=[
                GroupPlan(
                    str(name), tuple(int(i) for i in ids), None if lead is None else int(lead)
                )
                for name, ids, lead in data.get("groups", [])
            ],
            buddies=[(int(a), int(b)) for a, b in data.get("buddies", [])],
        )


def is_groups_file(filename: str) -> bool:
    """Files named groups*.yaml / .yml / .csv (kelompok* too) are groups, not an agenda."""
    name = filename.lower()
    return name.startswith(("group", "kelompok")) and name.endswith((".yaml", ".yml", ".csv"))


def too_large() -> GroupsFile:
    """The answer to a file over MAX_BYTES (checked before it is downloaded)."""
    return GroupsFile(problems=[("gf.too_large", {"limit": MAX_BYTES // 1000})])


def read_groups(content: bytes, filename: str, members: list[Person]) -> GroupsFile:
    """Check a whole groups file against the visit's members."""
    if len(content) > MAX_BYTES:
        return too_large()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return GroupsFile(problems=[("gf.not_utf8", {})])
    if filename.lower().endswith(".csv"):
        raw, buddies, problems = _csv(text)
    else:
        raw, buddies, problems = _yaml(text)
    if problems:
        return GroupsFile(problems=problems)
    return _check(raw, buddies, members)


# A group as read: its name, its people as written, its leader as written (or None).
RawGroup = tuple[str, list[str], str | None]


def _yaml(text: str) -> tuple[list[RawGroup], list[list[str]], list[Problem]]:
    try:
        document = yaml.load(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = str(mark.line + 1) if mark is not None else "?"
        return [], [], [("gf.yaml_syntax", {"line": line})]
    if not isinstance(document, dict):
        return [], [], [("gf.yaml_shape", {})]
    groups: list[RawGroup] = []
    problems: list[Problem] = []
    for number, item in enumerate(document.get("groups") or [], start=1):
        if not isinstance(item, dict) or not isinstance(item.get("members", []), list):
            problems.append(("gf.group_shape", {"number": number}))
            continue
        leader = item.get("leader")
        groups.append(
            (str(item.get("name", "")).strip(), [str(m) for m in item.get("members", [])], leader)
        )
    buddies = document.get("buddies") or []
    if not isinstance(buddies, list) or not all(
        isinstance(pair, list) and len(pair) == 2 for pair in buddies
    ):
        problems.append(("gf.buddies_shape", {}))
        buddies = []
    return groups, [[str(a), str(b)] for a, b in buddies], problems


def _csv(text: str) -> tuple[list[RawGroup], list[list[str]], list[Problem]]:
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = {(name or "").strip().lower() for name in reader.fieldnames or []}
    if not {"group", "person"} <= header or header - CSV_COLUMNS:
        return [], [], [("gf.csv_columns", {})]
    groups: dict[str, RawGroup] = {}
    problems: list[Problem] = []
    try:
        for number, record in enumerate(reader, start=2):
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in record.items()}
            name, person, role = row.get("group", ""), row.get("person", ""), row.get("role", "")
            if not name and not person:
                continue
            known = groups.setdefault(name, (name, [], None))
            if role.lower() in ("leader", "ketua"):
                groups[name] = (name, known[1], person)
            elif role.lower() in ("", "member", "anggota"):
                known[1].append(person)
            else:
                problems.append(("gf.csv_role", {"line": number, "role": role}))
    except csv.Error as error:
        return [], [], [("gf.csv_syntax", {"detail": str(error)[:100]})]
    return list(groups.values()), [], problems


def _check(raw: list[RawGroup], buddies: list[list[str]], members: list[Person]) -> GroupsFile:
    by_handle: dict[str, int] = {}
    for person in members:
        by_handle[str(person.id)] = person.id
        if person.username:
            by_handle["@" + person.username.lower()] = person.id

    def find(written: str) -> int | None:
        value = written.strip().lower()
        return by_handle.get(value if value.startswith("@") or value.isdigit() else "@" + value)

    checked = GroupsFile()
    if not raw and not buddies:
        checked.problems.append(("gf.empty", {}))
    if len(raw) > MAX_GROUPS:
        checked.problems.append(("gf.too_many", {"limit": MAX_GROUPS}))
    seen: set[str] = set()
    for name, people, leader in raw:
        if not name or len(name) > NAME_LIMIT or name.startswith(("@", "-")) or "|" in name:
            checked.problems.append(("gf.bad_name", {"name": name, "limit": NAME_LIMIT}))
            continue
        if name in seen:
            checked.problems.append(("gf.twice", {"name": name}))
            continue
        seen.add(name)
        ids = []
        for written in people:
            found = find(written)
            if found is None:
                checked.problems.append(("gf.not_member", {"name": name, "person": written}))
            elif found not in ids:
                ids.append(found)
        leader_id = None if leader in (None, "") else find(str(leader))
        if leader not in (None, "") and leader_id is None:
            checked.problems.append(("gf.not_member", {"name": name, "person": leader}))
        checked.groups.append(GroupPlan(name, tuple(sorted(ids)), leader_id))
    paired: set[int] = set()
    for first, second in buddies:
        a, b = find(first), find(second)
        if a is None or b is None or a == b:
            checked.problems.append(("gf.buddy_pair", {"first": first, "second": second}))
        elif a in paired or b in paired:
            checked.problems.append(("gf.two_buddies", {"first": first, "second": second}))
        else:
            paired |= {a, b}
            checked.buddies.append((a, b))
    return checked
