"""Roster files (CSV or YAML) and typed roster lines: read whole, every problem with its row.

A file is checked as a whole: either every row is valid and the entries come back, or every
problem does (row, name, field), and nothing is applied.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from bot.agenda_file import MAX_BYTES, Problem
from bot.invites import ROLE_WORDS
from storage.roster import EntryFields

MAX_ENTRIES = 1000
MAX_NAME = 100
MAX_GROUP = 60
# Column names, and the Indonesian words an organiser may write instead.
COLUMNS = ("name", "role", "phone", "username", "group")
ALIASES = {
    "nama": "name",
    "peran": "role",
    "telepon": "phone",
    "hp": "phone",
    "telegram": "username",
    "grup": "group",
    "kelompok": "group",
}
PHONE = re.compile(r"^\+?[0-9][0-9 ()\-.]{4,24}$")
USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{4,31}$")


@dataclass(frozen=True, slots=True)
class RosterFile:
    """A checked file or set of typed lines: its entries, or the problems that stop it."""

    entries: list[EntryFields] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether it can be applied."""
        return not self.problems


def name_key(name: str) -> str:
    """A name folded for matching: case, accents and runs of spaces do not count."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.casefold().split())


def too_large() -> RosterFile:
    """The answer to a file over the size limit (known before downloading it)."""
    return RosterFile(problems=[Problem("too_large", detail=str(MAX_BYTES // 1000))])


def read_roster(content: bytes, filename: str) -> RosterFile:
    """Check a whole roster file (`.csv`, `.yaml`, `.yml`)."""
    if len(content) > MAX_BYTES:
        return too_large()
    if b"\x00" in content[:8192]:
        return RosterFile(problems=[Problem("binary")])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return RosterFile(problems=[Problem("not_utf8")])
    name = filename.lower()
    if name.endswith((".yaml", ".yml")):
        raw, problems = _yaml_rows(text)
    elif name.endswith((".csv", ".txt")):
        raw, problems = _csv_rows(text)
    else:
        return RosterFile(problems=[Problem("wrong_type")])
    if problems:
        return RosterFile(problems=problems)
    return check_rows(raw)


def read_lines(lines: Iterable[str], known: Collection[str] = ()) -> RosterFile:
    """Typed entries, one a line: `NAME | ROLE | PHONE or @USERNAME | GROUP` (the last parts
    optional; a part starting with @ is a username, one of digits a phone, else the group).
    A name whose `name_key` is in `known` (on the roster already) is a problem."""
    raw: list[dict[str, Any]] = []
    for line in lines:
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        row: dict[str, Any] = {"name": parts[0]}
        if len(parts) > 1:
            row["role"] = parts[1]
        for part in parts[2:]:
            if not part:
                continue
            if part.startswith("@"):
                row["username"] = part
            elif PHONE.match(part):
                row["phone"] = part
            else:
                row["group"] = part
        raw.append(row)
    return check_rows(raw, known)


def _yaml_rows(text: str) -> tuple[list[dict[str, Any]], list[Problem]]:
    try:
        # BaseLoader keeps every value a string: a phone number stays as written.
        document = yaml.load(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return [], [Problem("yaml_syntax", detail=str(mark.line + 1) if mark else "?")]
    if isinstance(document, dict) and "people" in document:
        document = document["people"]
    if not isinstance(document, list) or not all(isinstance(item, dict) for item in document):
        return [], [Problem("yaml_shape")]
    return [_columns(item) for item in document], []


def _csv_rows(text: str) -> tuple[list[dict[str, Any]], list[Problem]]:
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [_column(name) for name in reader.fieldnames or []]
    unknown = [name for name in header if name not in COLUMNS]
    missing = [name for name in ("name", "role") if name not in header]
    if unknown or missing:
        return [], [Problem("columns", detail=", ".join(unknown + missing))]
    rows: list[dict[str, Any]] = []
    try:
        for record in reader:
            if None in record:
                return [], [Problem("csv_extra", row=len(rows) + 1)]
            values = _columns(record)
            if any(str(value).strip() for value in values.values()):
                rows.append(values)
    except csv.Error as error:
        return [], [Problem("csv_syntax", detail=str(error)[:100])]
    return rows, []


def _column(name: str | None) -> str:
    folded = (name or "").strip().lower()
    return ALIASES.get(folded, folded)


def _columns(values: Mapping[Any, Any]) -> dict[str, Any]:
    return {_column(str(name)): value for name, value in values.items() if name is not None}


def check_rows(raw: list[dict[str, Any]], known: Collection[str] = ()) -> RosterFile:
    """Every row checked; the entries, or every problem found (`known`: name keys that may
    not be added again)."""
    if not raw:
        return RosterFile(problems=[Problem("empty")])
    if len(raw) > MAX_ENTRIES:
        return RosterFile(problems=[Problem("too_many", detail=str(MAX_ENTRIES))])
    problems: list[Problem] = []
    entries: list[EntryFields] = []
    seen: dict[str, int] = {}
    for number, values in enumerate(raw, start=1):
        found = _check_row(number, values)
        if isinstance(found, EntryFields):
            entries.append(found)
        else:
            problems += found
        name = _text(values.get("name"))
        key = name_key(name)
        if not key:
            continue
        if key in known:
            problems.append(Problem("already", number, name[:40], "name"))
        elif key in seen:
            problems.append(Problem("duplicate", number, name[:40], "name", str(seen[key])))
        seen.setdefault(key, number)
    problems.sort(key=lambda problem: problem.row or 0)
    return RosterFile(problems=problems) if problems else RosterFile(entries=entries)


def _text(value: object) -> str:
    return "" if value is None else " ".join(str(value).split())


def _check_row(number: int, values: dict[str, Any]) -> EntryFields | list[Problem]:
    problems: list[Problem] = []
    name = _text(values.get("name"))
    where = name[:40] or None
    for unknown in sorted(set(values) - set(COLUMNS)):
        problems.append(Problem("unknown_field", number, where, unknown))
    if not name:
        problems.append(Problem("missing", number, None, "name"))
    elif len(name) > MAX_NAME:
        problems.append(Problem("too_long", number, where, "name", str(MAX_NAME)))
    role_word = _text(values.get("role")).lower()
    role = ROLE_WORDS.get(role_word)
    if not role_word:
        problems.append(Problem("missing", number, where, "role"))
    elif role is None:
        problems.append(Problem("bad_role", number, where, "role", role_word[:40]))
    phone = _text(values.get("phone")) or None
    if phone is not None and (not PHONE.match(phone) or sum(c.isdigit() for c in phone) < 6):
        problems.append(Problem("bad_phone", number, where, "phone", phone[:40]))
    username = _text(values.get("username")).removeprefix("@") or None
    if username is not None and not USERNAME.match(username):
        problems.append(Problem("bad_username", number, where, "username", username[:40]))
    group = _text(values.get("group")) or None
    if group is not None and len(group) > MAX_GROUP:
        problems.append(Problem("too_long", number, where, "group", str(MAX_GROUP)))
    if problems or role is None:
        return problems
    return EntryFields(name, name_key(name), role, phone, username, group)
