"""Agenda files (YAML or CSV): reading them whole, and every problem with its row and field.

The format is documented in docs/agenda-format.md. A file is checked as a whole: either every
row is valid and the sessions are returned, or the problems are, and nothing is applied.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.audience import Audience, AudienceError
from bot.safety.emergency import check_pack
from storage.sessions import MeetingPoint, SessionFields, Venue

MAX_BYTES = 1_000_000
MAX_SESSIONS = 500
KEY_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,39}$"
COLUMNS = (
    "key",
    "title_id",
    "title_en",
    "date",
    "start",
    "end",
    "venue",
    "address",
    "latitude",
    "longitude",
    "radius_m",
    "partners",
    "description_id",
    "description_en",
    "dress_code",
    "audience",
    "meeting_point",
    "meeting_latitude",
    "meeting_longitude",
    "departure",
)
REQUIRED_COLUMNS = ("key", "date", "start", "end")
TIME_PATTERN = re.compile(r"^(\d{1,2})[:.](\d{2})$")


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in a file: where (row, key, field) and what (a text key and a detail)."""

    code: str
    row: int | None = None
    key: str | None = None
    field: str | None = None
    detail: str = ""


@dataclass(frozen=True, slots=True)
class AgendaFile:
    """A checked file: its sessions (UTC times), warnings, or the problems that stop it."""

    sessions: list[SessionFields] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # The file's emergency pack, checked (None: the file has no `emergency:` section).
    emergency: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        """Whether the file can be applied."""
        return not self.problems


def _clock(value: object) -> time:
    text = str(value).strip()
    match = TIME_PATTERN.match(text)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValueError("write the time as HH:MM")
    return time(int(match.group(1)), int(match.group(2)))


class SessionRow(BaseModel):
    """One session as written in a file (times local to the visit)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    key: str = Field(pattern=KEY_PATTERN)
    title_id: str = Field("", max_length=200)
    title_en: str = Field("", max_length=200)
    date: date
    start: time
    end: time
    venue: str = Field("", max_length=200)
    address: str = Field("", max_length=300)
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    radius_m: int = Field(150, ge=10, le=5000)
    partners: list[str] = Field(default_factory=list, max_length=20)
    description_id: str = Field("", max_length=1500)
    description_en: str = Field("", max_length=1500)
    dress_code: str = Field("", max_length=200)
    audience: str = Field("everyone", max_length=100)
    meeting_point: str = Field("", max_length=200)
    meeting_latitude: float | None = Field(None, ge=-90, le=90)
    meeting_longitude: float | None = Field(None, ge=-180, le=180)
    departure: time | None = None

    @field_validator("key", mode="before")
    @classmethod
    def _lower_key(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("start", "end", mode="before")
    @classmethod
    def _read_clock(cls, value: object) -> time:
        return _clock(value)

    @field_validator("departure", mode="before")
    @classmethod
    def _read_departure(cls, value: object) -> time | None:
        return None if value is None or str(value).strip() == "" else _clock(value)

    @field_validator("partners", mode="before")
    @classmethod
    def _split_partners(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(";") if part.strip()]
        return value

    @field_validator("audience")
    @classmethod
    def _check_audience(cls, value: str) -> str:
        try:
            return str(Audience.parse(value))
        except AudienceError as error:
            raise ValueError(str(error)) from error


def too_large() -> AgendaFile:
    """The answer to a file over the size limit (known before downloading it)."""
    return AgendaFile(problems=[Problem("too_large", detail=str(MAX_BYTES // 1000))])


def read_agenda(
    content: bytes,
    filename: str,
    zone: ZoneInfo,
    days: tuple[date, date] | None = None,
    groups: Collection[str] | None = None,
) -> AgendaFile:
    """Check a whole file; sessions come back with UTC times, or the problems do.

    With `days` and `groups`, a session outside the days or for a group not among `groups`
    is a problem."""
    if len(content) > MAX_BYTES:
        return too_large()
    if b"\x00" in content[:8192]:
        return AgendaFile(problems=[Problem("binary")])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return AgendaFile(problems=[Problem("not_utf8")])
    name = filename.lower()
    emergency: dict[str, Any] | None = None
    if name.endswith((".yaml", ".yml")):
        raw, problems, section = _yaml_rows(text)
        if section is not None:
            emergency, found = check_pack(section)
            problems += [Problem("emergency", field=where, detail=what) for where, what in found]
    elif name.endswith(".csv"):
        raw, problems = _csv_rows(text)
    else:
        return AgendaFile(problems=[Problem("wrong_type")])
    if len(raw) > MAX_SESSIONS:
        return AgendaFile(problems=[Problem("too_many", detail=str(MAX_SESSIONS))])
    if not raw:
        return AgendaFile(problems=problems or [Problem("empty")])
    checked = _check_rows(raw, zone, days, groups)
    problems += checked.problems
    if problems:  # the pack's problems and the sessions' together, in one answer
        return AgendaFile(problems=problems)
    return replace(checked, emergency=emergency)


def _yaml_rows(text: str) -> tuple[list[dict[str, Any]], list[Problem], object]:
    """The session rows, the problems, and the `emergency:` section (None: none)."""
    try:
        # BaseLoader keeps every scalar a string: YAML 1.1 would read 10:30 as a number.
        document = yaml.load(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = str(mark.line + 1) if mark is not None else "?"
        return [], [Problem("yaml_syntax", detail=line)], None
    section = None
    if isinstance(document, dict) and "sessions" in document:
        unknown = [str(k) for k in document if k not in ("sessions", "emergency")]
        if unknown:
            return [], [Problem("yaml_shape", detail=", ".join(unknown))], None
        section = document.get("emergency")
        document = document["sessions"]
    if not isinstance(document, list) or not all(isinstance(item, dict) for item in document):
        return [], [Problem("yaml_shape")], None
    return [dict(item) for item in document], [], section


def _csv_rows(text: str) -> tuple[list[dict[str, Any]], list[Problem]]:
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [name.strip().lower() for name in reader.fieldnames or []]
    unknown = [name for name in header if name not in COLUMNS]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if unknown or missing or not any(name in header for name in ("title_id", "title_en")):
        return [], [Problem("columns", detail=", ".join(unknown + missing) or "title_id/title_en")]
    rows: list[dict[str, Any]] = []
    try:
        for record in reader:
            values = {
                (name or "").strip().lower(): value
                for name, value in record.items()
                if name is not None and value is not None and str(value).strip() != ""
            }
            if None in record:
                return [], [Problem("csv_extra", row=len(rows) + 1)]
            if values:
                rows.append(values)
    except csv.Error as error:
        return [], [Problem("csv_syntax", detail=str(error)[:100])]
    return rows, []


def _check_rows(
    raw: list[dict[str, Any]],
    zone: ZoneInfo,
    days: tuple[date, date] | None,
    groups: Collection[str] | None = None,
) -> AgendaFile:
    """Every problem of every row in one pass: a field that cannot be read does not hide what
    is wrong with the others (an end before the start, a day outside the visit, a key used
    twice, a group that does not exist)."""
    problems: list[Problem] = []
    rows: list[SessionRow] = []
    seen: dict[str, int] = {}
    for number, values in enumerate(raw, start=1):
        key = str(values.get("key", "")).strip().lower() or None
        try:
            row = SessionRow.model_validate(values)
        except ValidationError as error:
            for item in error.errors():
                where = str(item["loc"][0]) if item["loc"] else None
                code = {"missing": "missing", "extra_forbidden": "unknown_field"}.get(
                    item["type"], "invalid"
                )
                problems.append(Problem(code, number, key, where, _short(item.get("input"))))
            parts = _readable(values)
        else:
            rows.append(row)
            parts = row.model_dump(include={"date", "start", "end", "audience"})
            if not row.title_id and not row.title_en:
                problems.append(Problem("missing", number, row.key, "title_id"))
            if (row.latitude is None) != (row.longitude is None):
                problems.append(Problem("half_location", number, row.key, "longitude"))
            if (row.meeting_latitude is None) != (row.meeting_longitude is None):
                problems.append(Problem("half_location", number, row.key, "meeting_longitude"))
            if row.departure is not None and row.departure > row.start:
                problems.append(Problem("departs_late", number, row.key, "departure"))
        start, end, day = parts.get("start"), parts.get("end"), parts.get("date")
        if start is not None and end is not None and end <= start:
            problems.append(Problem("ends_first", number, key))
        if days is not None and day is not None and not days[0] <= day <= days[1]:
            problems.append(Problem("outside_visit", number, key, "date", str(day)))
        audience = parts.get("audience")
        if groups is not None and isinstance(audience, str):
            group = Audience.parse(audience).group
            if group is not None and group not in groups:
                problems.append(Problem("unknown_group", number, key, "audience", group))
        if key is not None and re.match(KEY_PATTERN, key):
            if key in seen:
                problems.append(Problem("duplicate_key", number, key, "key", str(seen[key])))
            seen.setdefault(key, number)
    if problems:
        return AgendaFile(problems=problems)
    sessions = [to_fields(row, zone) for row in rows]
    return AgendaFile(sessions=sessions, warnings=overlaps(sessions))


def _readable(values: dict[str, Any]) -> dict[str, Any]:
    """The fields of a row that failed validation which can still be read on their own."""
    readable: dict[str, Any] = {}
    for name in ("date", "start", "end", "audience"):
        try:
            checked = SessionRow.__pydantic_validator__.validate_assignment(
                SessionRow.model_construct(), name, values[name]
            )
        except (KeyError, ValidationError):
            continue
        readable[name] = getattr(checked, name)
    return readable


def to_fields(row: SessionRow, zone: ZoneInfo) -> SessionFields:
    """A checked row as stored fields, local times turned into UTC."""

    def utc(clock: time) -> datetime:
        return datetime.combine(row.date, clock, tzinfo=zone).astimezone(ZoneInfo("UTC"))

    return SessionFields(
        key=row.key,
        title_id=row.title_id or row.title_en,
        title_en=row.title_en or row.title_id,
        starts_at=utc(row.start),
        ends_at=utc(row.end),
        venue=Venue(
            name=row.venue,
            address=row.address,
            latitude=row.latitude,
            longitude=row.longitude,
            radius_m=row.radius_m,
        ),
        partners=tuple(row.partners),
        description_id=row.description_id or row.description_en,
        description_en=row.description_en or row.description_id,
        dress_code=row.dress_code,
        audience=row.audience,
        meeting=MeetingPoint(
            name=row.meeting_point,
            latitude=row.meeting_latitude,
            longitude=row.meeting_longitude,
            departs_at=None if row.departure is None else utc(row.departure),
        ),
    )


def overlaps(sessions: list[SessionFields]) -> list[Problem]:
    """Warnings for sessions of the same audience that overlap in time."""
    warnings = []
    ordered = sorted(sessions, key=lambda s: s.starts_at)
    for index, first in enumerate(ordered):
        for second in ordered[index + 1 :]:
            if second.starts_at >= first.ends_at:
                break
            if first.audience == second.audience:
                warnings.append(Problem("overlap", key=first.key, detail=second.key))
    return warnings


def _short(value: object) -> str:
    text = "" if value is None or isinstance(value, dict) else str(value)
    return text if len(text) <= 40 else text[:39] + "…"
