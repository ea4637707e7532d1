"""The agenda: loading files over the stored sessions, changes by chat, and session cards.

Every change goes through `Agenda.change`, which stores it in one transaction, starts a new plan
revision (so reminders are re-planned) and queues one notice per person concerned.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.agenda_file import AgendaFile, Problem, overlaps, read_agenda
from bot.audience import Audience, AudienceError, Audiences
from bot.clock import Clock
from bot.i18n import Html, Texts, clock_time, day, language_for, when
from bot.outbox import Button, Delivery, Outbox, OutgoingMessage
from bot.safety.sos import map_url
from bot.visits import zone_of
from storage.agenda import AgendaStore
from storage.emergency import EmergencyStore
from storage.people import PeopleStore, Person
from storage.roles import Role
from storage.sessions import MeetingPoint, Session, SessionFields, SessionStore, Venue
from storage.visits import Visit, VisitStore

# Listeners told after every change of a visit's agenda (the reminder planner).
ChangeListener = Callable[[Visit], Awaitable[None]]
SHIFT = re.compile(r"^([+-])(\d{1,4})([mh])$")
EDITABLE = (
    "title_id",
    "title_en",
    "venue",
    "address",
    "location",
    "radius_m",
    "dress_code",
    "description_id",
    "description_en",
    "audience",
    "end",
    "meeting",
    "meeting_location",
    "departure",
)


RELATIVE_DAYS = {
    "today": 0,
    "hari ini": 0,
    "hariini": 0,
    "tomorrow": 1,
    "besok": 1,
    "yesterday": -1,
    "kemarin": -1,
}
DAY_NUMBER = re.compile(r"^(?:day|hari|hari ke|hari ke-)?\s*-?(\d{1,2})$")


def named_day(words: str, today: date, first_day: date) -> date | None:
    """`today`, `tomorrow` (`hari ini`, `besok`...), `2025-10-30` or a day number of the visit
    (`2`, `day 2`, `hari 2`) as a date; None when the words say none of these."""
    spoken = " ".join(words.lower().split())
    if spoken in RELATIVE_DAYS:
        return today + timedelta(days=RELATIVE_DAYS[spoken])
    number = DAY_NUMBER.match(spoken)
    if number is not None and int(number.group(1)) >= 1:
        return first_day + timedelta(days=int(number.group(1)) - 1)
    try:
        return date.fromisoformat(spoken)
    except ValueError:
        return None


class AgendaError(ValueError):
    """A change that cannot be made; `key` is the text key that explains it."""

    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True, slots=True)
class Changed:
    """One session before and after a change, and what about it changed."""

    before: Session
    after: SessionFields
    what: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AgendaDiff:
    """What applying a file (or a change) does: sessions added, changed and removed."""

    added: list[SessionFields] = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)
    removed: list[Session] = field(default_factory=list)
    # The file's emergency pack when it differs from the stored one (None: unchanged or none).
    emergency: dict[str, Any] | None = None
    emergency_new: bool = False

    @property
    def empty(self) -> bool:
        """Whether nothing would change."""
        return not (self.added or self.changed or self.removed or self.emergency is not None)

    @property
    def sessions_changed(self) -> bool:
        """Whether any session would change."""
        return bool(self.added or self.changed or self.removed)


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who looks at the agenda: to filter sessions by audience and pick buttons."""

    person_id: int
    role: Role | None
    language: str


def what_changed(before: Session, after: SessionFields) -> tuple[str, ...]:
    """Names of the aspects that differ: time, venue, title, details, reinstated."""
    old = before.fields
    what = []
    if before.cancelled:
        what.append("reinstated")
    if (old.starts_at, old.ends_at) != (after.starts_at, after.ends_at):
        what.append("time")
    if old.venue != after.venue:
        what.append("venue")
    if (old.title_id, old.title_en) != (after.title_id, after.title_en):
        what.append("title")
    rest = ("partners", "description_id", "description_en", "dress_code", "audience")
    if any(getattr(old, name) != getattr(after, name) for name in rest):
        what.append("details")
    if old.meeting != after.meeting:
        what.append("meeting")
    return tuple(what)


def diff(existing: list[Session], wanted: list[SessionFields]) -> AgendaDiff:
    """The difference between the stored sessions and a file's."""
    stored = {session.key: session for session in existing}
    result = AgendaDiff()
    for fields in wanted:
        before = stored.pop(fields.key, None)
        if before is None:
            result.added.append(fields)
            continue
        what = what_changed(before, fields)
        if what:
            result.changed.append(Changed(before, fields, what))
    result.removed.extend(stored.values())
    return result


def fields_to_json(fields: SessionFields) -> dict[str, Any]:
    """Session fields as JSON (UTC ISO times), to keep a staged import."""
    venue = fields.venue
    return {
        "key": fields.key,
        "title_id": fields.title_id,
        "title_en": fields.title_en,
        "starts_at": fields.starts_at.isoformat(),
        "ends_at": fields.ends_at.isoformat(),
        "venue": [venue.name, venue.address, venue.latitude, venue.longitude, venue.radius_m],
        "partners": list(fields.partners),
        "description_id": fields.description_id,
        "description_en": fields.description_en,
        "dress_code": fields.dress_code,
        "audience": fields.audience,
        "meeting": [
            fields.meeting.name,
            fields.meeting.latitude,
            fields.meeting.longitude,
            None if fields.meeting.departs_at is None else fields.meeting.departs_at.isoformat(),
        ],
    }


def fields_from_json(data: dict[str, Any]) -> SessionFields:
    """The inverse of `fields_to_json`."""
    name, address, latitude, longitude, radius = data["venue"]
    point, point_latitude, point_longitude, departs = data.get("meeting", ["", None, None, None])
    return SessionFields(
        key=data["key"],
        title_id=data["title_id"],
        title_en=data["title_en"],
        starts_at=datetime.fromisoformat(data["starts_at"]),
        ends_at=datetime.fromisoformat(data["ends_at"]),
        venue=Venue(name, address, latitude, longitude, radius),
        partners=tuple(data["partners"]),
        description_id=data["description_id"],
        description_en=data["description_en"],
        dress_code=data["dress_code"],
        audience=data["audience"],
        meeting=MeetingPoint(
            point,
            point_latitude,
            point_longitude,
            None if departs is None else datetime.fromisoformat(departs),
        ),
    )


def shifted(fields: SessionFields, spec: str, zone: ZoneInfo) -> SessionFields:
    """The session moved by `+30m`/`-1h`, or to a new local start `10:30` / `2025-10-30 10:30`."""
    spec = spec.strip()
    duration = fields.ends_at - fields.starts_at
    relative = SHIFT.match(spec.lower())
    if relative:
        amount = int(relative.group(2)) * (60 if relative.group(3) == "h" else 1)
        delta = timedelta(minutes=amount if relative.group(1) == "+" else -amount)
        start = fields.starts_at + delta
    else:
        local_start = fields.starts_at.astimezone(zone)
        parts = spec.split()
        try:
            on_day = date.fromisoformat(parts[0]) if len(parts) == 2 else local_start.date()
            hours, _, minutes = parts[-1].replace(".", ":").partition(":")
            at = time(int(hours), int(minutes))
        except (ValueError, IndexError) as error:
            raise AgendaError("agenda.shift.bad") from error
        start = datetime.combine(on_day, at, tzinfo=zone).astimezone(UTC)
    meeting = fields.meeting
    if meeting.departs_at is not None:  # the group leaves as much earlier as before
        meeting = replace(meeting, departs_at=meeting.departs_at + (start - fields.starts_at))
    return replace(fields, starts_at=start, ends_at=start + duration, meeting=meeting)


def edited(fields: SessionFields, name: str, value: str, zone: ZoneInfo) -> SessionFields:
    """The session with one field set from text, checked like a file's."""
    value = value.strip()
    if name not in EDITABLE:
        raise AgendaError("agenda.edit.unknown_field", fields=", ".join(EDITABLE))
    if len(value) > 1500:
        raise AgendaError("agenda.edit.bad_value", field=name)
    venue = fields.venue
    try:
        if name in ("venue", "address"):
            if name == "venue":
                return replace(fields, venue=replace(venue, name=value[:200]))
            return replace(fields, venue=replace(venue, address=value[:300]))
        if name == "location":
            latitude, longitude = (float(part) for part in value.replace(" ", "").split(","))
            if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
                raise ValueError(value)
            return replace(fields, venue=replace(venue, latitude=latitude, longitude=longitude))
        if name == "radius_m":
            radius = int(value)
            if not 10 <= radius <= 5000:
                raise ValueError(value)
            return replace(fields, venue=replace(venue, radius_m=radius))
        if name == "audience":
            return replace(fields, audience=str(Audience.parse(value)))
        if name in ("meeting", "meeting_location", "departure"):
            return replace(fields, meeting=_meeting_edited(fields, name, value, zone))
        if name == "end":
            hours, _, minutes = value.replace(".", ":").partition(":")
            local_day = fields.starts_at.astimezone(zone).date()
            end = datetime.combine(local_day, time(int(hours), int(minutes)), tzinfo=zone)
            if end.astimezone(UTC) <= fields.starts_at:
                raise AgendaError("agenda.problem.ends_first", where="", field="", detail="")
            return replace(fields, ends_at=end.astimezone(UTC))
        if name.startswith("title"):
            if not value or len(value) > 200:
                raise ValueError(value)
            if name == "title_id":
                return replace(fields, title_id=value)
            return replace(fields, title_en=value)
        if name == "dress_code":
            return replace(fields, dress_code=value[:200])
        if name == "description_id":
            return replace(fields, description_id=value)
        return replace(fields, description_en=value)
    except (ValueError, AudienceError) as error:
        if isinstance(error, AgendaError):
            raise
        raise AgendaError("agenda.edit.bad_value", field=name) from error


def _meeting_edited(fields: SessionFields, name: str, value: str, zone: ZoneInfo) -> MeetingPoint:
    """The meeting point with its name, pin (`lat, lon`) or departure (`HH:MM`) set; `-`
    clears it."""
    meeting = fields.meeting
    clear = value in ("-", "")
    if name == "meeting":
        return replace(meeting, name="" if clear else value[:200])
    if name == "meeting_location":
        if clear:
            return replace(meeting, latitude=None, longitude=None)
        latitude, longitude = (float(part) for part in value.replace(" ", "").split(","))
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise ValueError(value)
        return replace(meeting, latitude=latitude, longitude=longitude)
    if clear:
        return replace(meeting, departs_at=None)
    hours, _, minutes = value.replace(".", ":").partition(":")
    local_day = fields.starts_at.astimezone(zone).date()
    departs = datetime.combine(local_day, time(int(hours), int(minutes)), tzinfo=zone)
    if departs.astimezone(UTC) > fields.starts_at:
        raise AgendaError("agenda.problem.departs_late", where="", field="", detail="")
    return replace(meeting, departs_at=departs.astimezone(UTC))


class Agenda:
    """Sessions of visits: reading, loading, changing, and rendering them for a person."""

    def __init__(
        self,
        sessions: SessionStore,
        store: AgendaStore,
        visits: VisitStore,
        people: PeopleStore,
        audiences: Audiences,
        outbox: Outbox,
        texts: Texts,
        clock: Clock,
        default_language: str,
    ) -> None:
        self.sessions = sessions
        self.store = store
        self.visits = visits
        self.people = people
        self.audiences = audiences
        self.outbox = outbox
        self.texts = texts
        self.clock = clock
        self.default_language = default_language
        self.listeners: list[ChangeListener] = []
        # The emergency pack is loaded with the agenda file (bot/safety/emergency.py reads it).
        self.packs = EmergencyStore(store.db)

    # Reading -----------------------------------------------------------------------------

    def language(self, person: Person) -> str:
        """The language to write to a person in."""
        return language_for(person.language, person.telegram_language, self.default_language)

    async def audience_ids(self, visit_id: int, audience: str) -> set[int]:
        """Ids of the visit's members in an audience."""
        try:
            parsed = Audience.parse(audience)
        except AudienceError:
            return set()
        return {member.person.id for member in await self.audiences.members(visit_id, parsed)}

    async def visible(self, visit: Visit, viewer: Viewer, sessions: list[Session]) -> list[Session]:
        """The sessions a viewer is in the audience of (organisers see every session)."""
        if viewer.role is Role.ORGANISER:
            return sessions
        cache: dict[str, set[int]] = {}
        shown = []
        for session in sessions:
            audience = session.fields.audience
            if audience not in cache:
                cache[audience] = await self.audience_ids(visit.id, audience)
            if viewer.person_id in cache[audience]:
                shown.append(session)
        return shown

    async def on_day(self, visit: Visit, viewer: Viewer, on: date) -> list[Session]:
        """A viewer's sessions of one local day, cancelled ones included."""
        zone = zone_of(visit)
        start = datetime.combine(on, time(0), tzinfo=zone).astimezone(UTC)
        end = datetime.combine(on + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
        found = await self.sessions.between(visit.id, start, end)
        found = [s for s in found if start <= s.starts_at < end]
        return await self.visible(visit, viewer, found)

    async def next_for(self, visit: Visit, viewer: Viewer) -> Session | None:
        """The session a viewer is in now, or the next one."""
        now = self.clock.now()
        for session in await self.visible(
            visit, viewer, await self.sessions.of_visit(visit.id, include_cancelled=False)
        ):
            if session.ends_at > now:
                return session
        return None

    def today(self, visit: Visit) -> date:
        """Today in the visit's time zone."""
        return self.clock.now().astimezone(zone_of(visit)).date()

    def day_named(self, visit: Visit, words: str) -> date | None:
        """The day `/agenda WORDS` means (see `named_day`), None when not understood."""
        return named_day(words, self.today(visit), visit.first_day)

    # Loading files -----------------------------------------------------------------------

    async def read(self, visit: Visit, content: bytes, filename: str) -> AgendaFile:
        """Check a file against a visit (its zone, days and groups)."""
        groups = await self.audiences.groups.names(visit.id)
        days = (visit.first_day, visit.last_day)
        return read_agenda(content, filename, zone_of(visit), days, groups)

    async def preview(
        self,
        visit: Visit,
        sessions: list[SessionFields],
        emergency: dict[str, Any] | None = None,
    ) -> AgendaDiff:
        """What loading these sessions (and an emergency pack) over the stored agenda would
        change; a file without a pack leaves the stored pack as it is."""
        change = diff(await self.sessions.of_visit(visit.id), sessions)
        if emergency is not None:
            stored = await self.packs.get(visit.id)
            if stored != emergency:
                change = replace(change, emergency=emergency, emergency_new=stored is None)
        return change

    async def stage(
        self,
        visit: Visit,
        person_id: int | None,
        sessions: list[SessionFields],
        emergency: dict[str, Any] | None = None,
    ) -> int:
        """Keep checked sessions until an organiser confirms; returns the import's id."""
        return await self.store.stage_import(
            visit.id,
            person_id,
            [fields_to_json(f) for f in sessions],
            self.clock.now(),
            emergency=emergency,
        )

    async def confirm(
        self, import_id: int, visit: Visit, actor_id: int | None
    ) -> AgendaDiff | None:
        """Apply a staged import (once); None when it is unknown, of another visit, or used."""
        staged = await self.store.pending_import(import_id)
        if staged is None or staged.visit_id != visit.id or staged.closed:
            return None
        if not await self.store.close_import(import_id, self.clock.now()):
            return None
        sessions = [fields_from_json(data) for data in staged.sessions]
        return await self.load(visit, sessions, actor_id, staged.emergency)

    async def discard(self, import_id: int, visit: Visit) -> bool:
        """Forget a staged import; False when it was not pending."""
        staged = await self.store.pending_import(import_id)
        if staged is None or staged.visit_id != visit.id:
            return False
        return await self.store.close_import(import_id, self.clock.now())

    async def load(
        self,
        visit: Visit,
        sessions: list[SessionFields],
        actor_id: int | None,
        emergency: dict[str, Any] | None = None,
    ) -> AgendaDiff:
        """Apply a whole agenda: add, change and remove sessions so the visit has these (and
        its emergency pack, when the file has one)."""
        change = await self.preview(visit, sessions, emergency)
        await self.change(visit, change, actor_id)
        return change

    # Changes by chat ---------------------------------------------------------------------

    async def session(self, visit: Visit, key: str) -> Session:
        """A session of the visit by key (or id), or AgendaError."""
        found = await self.sessions.by_key(visit.id, key.strip().lower())
        if found is None and key.isdigit():
            found = await self.sessions.get(int(key))
            found = found if found is not None and found.visit_id == visit.id else None
        if found is None:
            raise AgendaError("agenda.unknown_session", key=key)
        return found

    async def shift(self, visit: Visit, key: str, spec: str, actor_id: int | None) -> AgendaDiff:
        """Move a session, keeping its length."""
        before = await self.session(visit, key)
        after = shifted(before.fields, spec, zone_of(visit))
        return await self._change_one(visit, before, after, actor_id)

    async def edit(
        self, visit: Visit, key: str, name: str, value: str, actor_id: int | None
    ) -> AgendaDiff:
        """Set one field of a session."""
        before = await self.session(visit, key)
        after = edited(before.fields, name.lower(), value, zone_of(visit))
        group = Audience.parse(after.audience).group
        if group is not None and group not in await self.audiences.groups.names(visit.id):
            where = f"{before.key}: "
            raise AgendaError("agenda.problem.unknown_group", where=where, field="", detail=group)
        return await self._change_one(visit, before, after, actor_id)

    async def cancel(self, visit: Visit, key: str, actor_id: int | None) -> Session:
        """Cancel a session (it stays in the agenda, marked cancelled)."""
        before = await self.session(visit, key)
        if before.cancelled:
            raise AgendaError("agenda.cancel.already", key=before.key)
        await self.sessions.cancel(before.id, self.clock.now())
        await self._after_change(visit, [(before, None, ("cancelled",))], actor_id)
        return before

    async def _change_one(
        self, visit: Visit, before: Session, after: SessionFields, actor_id: int | None
    ) -> AgendaDiff:
        what = what_changed(before, after)
        change = AgendaDiff(changed=[Changed(before, after, what)] if what else [])
        await self.change(visit, change, actor_id)
        return change

    async def change(self, visit: Visit, change: AgendaDiff, actor_id: int | None) -> None:
        """Store a change in one transaction, re-plan, and tell the people concerned."""
        if change.emergency is not None:
            await self.packs.put(visit.id, change.emergency, self.clock.now())
        if not change.sessions_changed:
            return
        had_agenda = bool(change.changed or change.removed) or bool(
            await self.sessions.of_visit(visit.id)
        )
        upserts = change.added + [item.after for item in change.changed]
        await self.sessions.apply(
            visit.id, upserts, [s.key for s in change.removed], self.clock.now()
        )
        concerned: list[tuple[Session, SessionFields | None, tuple[str, ...]]] = [
            (item.before, item.after, item.what) for item in change.changed
        ]
        concerned += [(session, None, ("removed",)) for session in change.removed]
        if had_agenda:  # the first load is news to nobody: the briefings carry it
            for fields in change.added:
                stored = await self.sessions.by_key(visit.id, fields.key)
                if stored is not None:
                    concerned.append((stored, fields, ("added",)))
        await self._after_change(visit, concerned, actor_id)

    async def _after_change(
        self,
        visit: Visit,
        concerned: list[tuple[Session, SessionFields | None, tuple[str, ...]]],
        actor_id: int | None,
    ) -> None:
        revision = await self.store.bump_revision(visit.id)
        await self._notify(visit, revision, concerned, actor_id)
        for listener in self.listeners:
            await listener(visit)

    async def _notify(
        self,
        visit: Visit,
        revision: int,
        concerned: list[tuple[Session, SessionFields | None, tuple[str, ...]]],
        actor_id: int | None,
    ) -> None:
        """One message per person listing every change that concerns them."""
        now = self.clock.now()
        zone = zone_of(visit)
        lines: dict[int, list[tuple[Session, SessionFields | None, tuple[str, ...]]]] = {}
        for before, after, what in concerned:
            latest_end = max(before.ends_at, after.ends_at if after else before.ends_at)
            if latest_end < now:
                continue  # a change to the past concerns nobody
            people = await self.audience_ids(visit.id, before.fields.audience)
            if after is not None and "added" not in what:
                people |= await self.audience_ids(visit.id, after.audience)
            for person_id in people:
                lines.setdefault(person_id, []).append((before, after, what))
        deliveries = []
        for person_id, items in lines.items():
            person = await self.people.get(person_id)
            if person is None or not person.started or person_id == actor_id:
                continue
            language = self.language(person)
            text: list[str] = [self.texts.get(language, "agenda.notice.title", visit=visit.title)]
            text += [self._notice_line(language, zone, *item) for item in items]
            deliveries.append(
                Delivery(
                    chat_id=person_id,
                    message=OutgoingMessage("\n".join(text)),
                    kind="change",
                    visit_id=visit.id,
                    batch=f"change:{visit.id}:{revision}",
                    dedupe_key=f"change:{visit.id}:{revision}:{person_id}",
                )
            )
        if deliveries:
            await self.outbox.enqueue(deliveries)

    def _notice_line(
        self,
        language: str,
        zone: ZoneInfo,
        before: Session,
        after: SessionFields | None,
        what: tuple[str, ...],
    ) -> str:
        title = (after.title_id if language == "id" else after.title_en) if after else None
        title = title or before.title(language)
        if "cancelled" in what or "removed" in what or after is None:
            return self.texts.get(language, "agenda.notice.cancelled", title=title)
        span = self.span(after.starts_at, after.ends_at, language, zone)
        if "added" in what:
            return self.texts.get(language, "agenda.notice.added", title=title, when=span)
        parts = []
        if "time" in what:
            was = self.span(before.starts_at, before.ends_at, language, zone)
            parts.append(self.texts.get(language, "agenda.notice.time", when=span, was=was))
        if "venue" in what:
            parts.append(self.texts.get(language, "agenda.notice.venue", venue=after.venue.name))
        if "reinstated" in what:
            parts.append(self.texts.get(language, "agenda.notice.reinstated", when=span))
        if not parts:
            parts.append(self.texts.get(language, "agenda.notice.details", when=span))
        return self.texts.get(
            language, "agenda.notice.line", title=title, what=Html("; ".join(parts))
        )

    # Rendering ---------------------------------------------------------------------------

    @staticmethod
    def span(start: datetime, end: datetime, language: str, zone: ZoneInfo) -> str:
        """'Kam, 30 Okt 09.00–10.30'."""
        return f"{when(start, language, zone)}–{clock_time(end, language, zone)}"

    def card(self, session: Session, language: str, zone: ZoneInfo) -> str:
        """The full card of a session, HTML."""
        get = self.texts.get
        fields = session.fields
        lines = [get(language, "agenda.card.title", title=session.title(language))]
        if session.cancelled:
            lines.append(get(language, "agenda.card.cancelled"))
        lines.append(
            get(
                language,
                "agenda.card.time",
                day=day(session.starts_at, language, zone),
                start=clock_time(session.starts_at, language, zone),
                end=clock_time(session.ends_at, language, zone),
            )
        )
        if fields.venue.name or fields.venue.address:
            place = ", ".join(p for p in (fields.venue.name, fields.venue.address) if p)
            lines.append(get(language, "agenda.card.venue", venue=place))
        if fields.meeting.given:
            lines.append(self.meeting_line(session, language, zone))
        if fields.dress_code:
            lines.append(get(language, "agenda.card.dress", dress=fields.dress_code))
        if fields.partners:
            lines.append(get(language, "agenda.card.partners", partners=", ".join(fields.partners)))
        description = fields.description_id if language == "id" else fields.description_en
        if description:
            lines.append(get(language, "agenda.card.description", text=description))
        return "\n".join(lines)

    def meeting_line(self, session: Session, language: str, zone: ZoneInfo) -> Html:
        """Where to gather and when the group leaves: '🚩 Meeting point: Lobby — leaves 04.30'."""
        get = self.texts.get
        meeting = session.fields.meeting
        departs = (
            get(
                language, "agenda.card.departs", time=clock_time(meeting.departs_at, language, zone)
            )
            if meeting.departs_at is not None
            else ""
        )
        place = meeting.name or get(language, "agenda.card.meeting_pin")
        return get(language, "agenda.card.meeting", place=place, departs=departs)

    def meeting_button(self, session: Session, language: str) -> Button | None:
        """A map pin of the meeting point (None: no coordinates)."""
        meeting = session.fields.meeting
        if meeting.latitude is None or meeting.longitude is None:
            return None
        label = self.texts.get(language, "agenda.button.meeting_pin")
        return Button(label, url=map_url(meeting.latitude, meeting.longitude))

    def line(self, session: Session, language: str, zone: ZoneInfo) -> str:
        """One line of a day's list, HTML."""
        venue = session.venue.name
        key = "agenda.day.line.cancelled" if session.cancelled else "agenda.day.line"
        return self.texts.get(
            language,
            key,
            start=clock_time(session.starts_at, language, zone),
            end=clock_time(session.ends_at, language, zone),
            title=session.title(language),
            venue=f" · {venue}" if venue else "",
        )

    def buttons(
        self, session: Session, role: Role | None, language: str, *, details: bool = True
    ) -> tuple[tuple[Button, ...], ...]:
        """What the person can do next with a session: check in, ask, calendar, map."""
        if session.cancelled:
            return ()
        get = self.texts.get
        rows: list[tuple[Button, ...]] = []
        if role is Role.PARTICIPANT:
            rows.append(
                (
                    Button(get(language, "agenda.button.checkin"), f"ci:{session.id}"),
                    Button(get(language, "agenda.button.ask"), f"qa:ask:s:{session.id}"),
                )
            )
        extra = [Button(get(language, "agenda.button.calendar"), f"ag:ics:{session.id}")]
        if session.venue.latitude is not None:
            extra.append(Button(get(language, "agenda.button.map"), f"ag:v:{session.id}"))
        if details:
            rows.append(tuple(extra))
        pin = self.meeting_button(session, language)
        if pin is not None:
            rows.append((pin,))
        return tuple(rows)


def problem_lines(texts: Texts, language: str, problems: Iterable[Problem]) -> list[str]:
    """Every problem of a file as a line: 'row 7 (batik), end: ends before it starts'."""
    lines: list[str] = []
    for problem in problems:
        where = ""
        if problem.row is not None:
            where = texts.get(language, "agenda.problem.row", row=problem.row)
            if problem.key:
                where += f" ({problem.key})"
        elif problem.key:
            where = problem.key
        field_name = f"{problem.field}: " if problem.field else ""
        lines.append(
            texts.get(
                language,
                f"agenda.problem.{problem.code}",
                where=where + (": " if where else ""),
                field=field_name,
                detail=problem.detail,
            )
        )
    return lines


def diff_lines(texts: Texts, language: str, change: AgendaDiff, zone: ZoneInfo) -> list[str]:
    """A file's difference as lines for the organiser to confirm."""
    get = texts.get
    lines: list[str] = []
    for fields in change.added:
        title = fields.title_id if language == "id" else fields.title_en
        lines.append(
            get(
                language,
                "agenda.diff.added",
                key=fields.key,
                title=title,
                when=Agenda.span(fields.starts_at, fields.ends_at, language, zone),
            )
        )
    for item in change.changed:
        what = Html(", ").join(get(language, f"agenda.aspect.{name}") for name in item.what)
        lines.append(get(language, "agenda.diff.changed", key=item.before.key, what=what))
    for session in change.removed:
        lines.append(
            get(language, "agenda.diff.removed", key=session.key, title=session.title(language))
        )
    if change.emergency is not None:
        lines.append(
            get(
                language,
                "agenda.diff.emergency_new" if change.emergency_new else "agenda.diff.emergency",
            )
        )
    return lines


__all__ = ["Agenda", "AgendaDiff", "AgendaError", "Viewer", "overlaps"]
