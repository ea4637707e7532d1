"""Reminders before sessions and the daily briefing, planned as outbox rows.

The plan is derived from the agenda and the visit's settings and written ahead (the next 36
hours) as outbox rows with dedupe keys, so planning twice queues nothing twice and a restart
loses nothing. Each agenda change starts a new plan revision: pending rows are dropped and the
plan is written again. The delivery worker sends rows at their time; a row found overdue is
marked late here, and one past its grace is dropped by the worker and counted in `/agenda log`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from bot.agenda import Agenda, Viewer
from bot.i18n import Html, clock_time, day, language_for
from bot.outbox import Button, Delivery, OutgoingMessage, Renderer, Rendering
from bot.visits import zone_of
from storage.people import Member
from storage.roles import Role
from storage.sessions import Session
from storage.visits import Visit

DEFAULT_OFFSETS = (30, 10)
DEFAULT_BRIEFING = time(6, 30)
# Sessions that start before the briefing (the 04:30 Ijen departure) are announced the
# evening before, at this local time.
DEFAULT_EVENING = time(19, 0)
DEFAULT_GRACE_MINUTES = 15
HORIZON = timedelta(hours=36)
# A row still pending this long after its time was not sent on time (the bot was down).
LATE_AFTER = timedelta(minutes=1)
MAX_OFFSETS = 5


class SettingError(ValueError):
    """A setting value that cannot be used; `key` is the text key that explains it."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True, slots=True)
class ReminderSettings:
    """A visit's reminder settings: minutes before sessions, briefing time, grace minutes, and
    the evening notice of sessions that start before the briefing."""

    offsets: tuple[int, ...] = DEFAULT_OFFSETS
    briefing: time | None = DEFAULT_BRIEFING
    grace: int = DEFAULT_GRACE_MINUTES
    evening: time | None = DEFAULT_EVENING

    @classmethod
    def of(cls, visit: Visit) -> ReminderSettings:
        """Read from the visit's settings JSON (defaults where unset)."""
        stored: dict[str, Any] = visit.settings.get("reminders") or {}
        briefing = stored.get("briefing", DEFAULT_BRIEFING.strftime("%H:%M"))
        evening = stored.get("evening", DEFAULT_EVENING.strftime("%H:%M"))
        return cls(
            offsets=tuple(stored.get("offsets", DEFAULT_OFFSETS)),
            briefing=None if briefing is None else time.fromisoformat(briefing),
            grace=int(stored.get("grace", DEFAULT_GRACE_MINUTES)),
            evening=None if evening is None else time.fromisoformat(evening),
        )

    def to_json(self) -> dict[str, Any]:
        """As stored in the visit's settings."""
        return {
            "offsets": list(self.offsets),
            "briefing": None if self.briefing is None else self.briefing.strftime("%H:%M"),
            "grace": self.grace,
            "evening": None if self.evening is None else self.evening.strftime("%H:%M"),
        }


def changed_setting(current: ReminderSettings, name: str, value: str) -> ReminderSettings:
    """Settings with one of `reminders 30,10`, `briefing 06:30` (or off), `grace 15`,
    `evening 19:00` (or off) applied."""
    value = value.strip().lower()
    off = value in ("off", "mati", "none", "-")
    if name in ("reminders", "reminder", "pengingat"):
        if off:
            return replace(current, offsets=())
        try:
            offsets = sorted(
                {int(part) for part in value.replace(" ", "").split(",")}, reverse=True
            )
        except ValueError as error:
            raise SettingError("settings.bad.reminders") from error
        if not offsets or len(offsets) > MAX_OFFSETS or not all(1 <= o <= 1440 for o in offsets):
            raise SettingError("settings.bad.reminders")
        return replace(current, offsets=tuple(offsets))
    if name in ("briefing", "ringkasan"):
        return replace(current, briefing=None if off else _time_of_day(value))
    if name in ("evening", "malam"):
        return replace(current, evening=None if off else _time_of_day(value))
    if name in ("grace", "tenggang"):
        if not value.isdigit() or not 0 <= int(value) <= 180:
            raise SettingError("settings.bad.grace")
        return replace(current, grace=int(value))
    raise SettingError("settings.usage")


def _time_of_day(value: str) -> time:
    try:
        hours, minutes = value.replace(".", ":").split(":")
        return time(int(hours), int(minutes))
    except ValueError as error:
        raise SettingError("settings.bad.briefing") from error


# Names of the renderers the delivery worker calls at send time (bot.outbox.Rendering).
REMINDER = "reminder"
BRIEFING = "briefing"
EVENING = "evening"


class Reminders:
    """Planning reminders and briefings for the visits that are on."""

    def __init__(self, agenda: Agenda) -> None:
        self.agenda = agenda
        self.texts = agenda.texts
        self.clock = agenda.clock
        # Per visit: what the last plan was made from, and up to when it reaches.
        self._planned: dict[int, tuple[object, datetime]] = {}
        agenda.listeners.append(self.replan)

    def renderers(self) -> dict[str, Renderer]:
        """What the delivery worker calls to render planned reminders and briefings at send time."""
        return {
            REMINDER: self.render_reminder,
            BRIEFING: self.render_briefing,
            EVENING: self.render_evening,
        }

    async def settings(self, visit: Visit) -> ReminderSettings:
        """A visit's reminder settings."""
        return ReminderSettings.of(visit)

    async def change_settings(self, visit: Visit, name: str, value: str) -> ReminderSettings:
        """Change one setting, store it, and re-plan the visit."""
        updated = changed_setting(ReminderSettings.of(visit), name.lower(), value)
        await self.agenda.visits.set_setting(visit.id, "reminders", updated.to_json())
        await self.agenda.store.bump_revision(visit.id)
        fresh = await self.agenda.visits.get(visit.id)
        assert fresh is not None
        await self.replan(fresh)
        return updated

    async def mute(self, person_id: int, visit_id: int, category: str, muted: bool) -> None:
        """Turn a kind of notification off or on for a person (the worker checks at sending)."""
        await self.agenda.outbox.store.set_muted(person_id, visit_id, category, muted)

    async def replan(self, visit: Visit) -> None:
        """Drop what is planned and not yet due, and plan again (after a change).

        Both start after the current second (the table keeps whole seconds): a row due in it
        stays and goes out, rendered as things are then, so a change at the very second a row
        falls due neither sends it twice nor drops it without a replacement.
        """
        fresh = await self.agenda.visits.get(visit.id) or visit
        after = self.clock.now().replace(microsecond=0) + timedelta(seconds=1)
        await self.agenda.store.drop_planned(visit.id, after)
        self._planned.pop(visit.id, None)
        await self.plan(fresh, after)

    async def tick(self, now: datetime) -> None:
        """Mark overdue rows late (first: before the worker sends them), then plan ahead."""
        notes = {language: self.texts.get(language, "reminder.late") for language in ("id", "en")}
        default = self.agenda.default_language
        await self.agenda.store.mark_overdue_late(
            now,
            now - LATE_AFTER,
            lambda chosen, telegram: language_for(chosen, telegram, default),
            notes,
        )
        today = now.date()
        for visit in await self.agenda.visits.all():
            if visit.first_day - timedelta(days=2) <= today <= visit.last_day + timedelta(days=1):
                await self.plan(visit, now)

    async def plan(self, visit: Visit, now: datetime) -> int:
        """Queue every reminder and briefing due in the next 36 hours; returns how many were new."""
        settings = ReminderSettings.of(visit)
        revision = await self.agenda.store.revision(visit.id)
        members = [m for m in await self.agenda.people.members(visit.id) if m.person.started]
        source = (
            revision,
            settings,
            # Languages are not in it: planned texts are rendered at send time.
            frozenset((m.person.id, m.role) for m in members),
        )
        start = now
        previous = self._planned.get(visit.id)
        if previous is not None and previous[0] == source:
            start = max(now, previous[1])  # only the part of the horizon not planned yet
        end = now + HORIZON
        if start >= end:
            return 0
        deliveries = await self._reminders(visit, settings, revision, members, start, end)
        deliveries += await self._briefings(visit, settings, revision, members, start, end)
        deliveries += await self._evenings(visit, settings, revision, members, start, end)
        added = await self.agenda.outbox.enqueue(deliveries) if deliveries else 0
        self._planned[visit.id] = (source, end)
        return added

    async def _reminders(
        self,
        visit: Visit,
        settings: ReminderSettings,
        revision: int,
        members: list[Member],
        start: datetime,
        end: datetime,
    ) -> list[Delivery]:
        if not settings.offsets:
            return []
        zone = zone_of(visit)
        latest = end + timedelta(minutes=max(settings.offsets))
        sessions = [
            s
            for s in await self.agenda.sessions.between(visit.id, start, latest)
            if not s.cancelled and start <= s.starts_at
        ]
        by_id = {m.person.id: m for m in members}
        audiences: dict[str, set[int]] = {}
        deliveries = []
        for session in sessions:
            audience = session.fields.audience
            if audience not in audiences:
                audiences[audience] = await self.agenda.audience_ids(visit.id, audience)
            stamp = session.starts_at.strftime("%Y%m%d%H%M")
            for offset in settings.offsets:
                due = session.starts_at - timedelta(minutes=offset)
                if not start <= due < end:
                    continue
                for person_id in sorted(audiences[audience] & by_id.keys()):
                    member = by_id[person_id]
                    language = self.agenda.language(member.person)
                    deliveries.append(
                        Delivery(
                            chat_id=person_id,
                            message=self.reminder_message(
                                session, member.role, language, zone, due
                            ),
                            rendering=Rendering(
                                REMINDER, {"session": session.id, "role": member.role.value}
                            ),
                            kind="reminder",
                            visit_id=visit.id,
                            batch=f"reminders:{visit.id}",
                            dedupe_key=(
                                f"reminder:{session.id}:{offset}:{person_id}:{stamp}:r{revision}"
                            ),
                            due_at=due,
                            grace=timedelta(minutes=settings.grace),
                            mute_category="reminders",
                        )
                    )
        return deliveries

    async def _going_ahead(self, data: dict[str, Any]) -> tuple[Session, Visit] | None:
        """The session a planned text names and its visit, unless it is gone or cancelled."""
        session = await self.agenda.sessions.get(int(data["session"]))
        visit = None if session is None else await self.agenda.visits.get(session.visit_id)
        if session is None or visit is None or session.cancelled:
            return None
        return session, visit

    async def render_reminder(
        self, data: dict[str, Any], language: str, late: bool
    ) -> OutgoingMessage | None:
        """A planned reminder as it reads now (None: the session is gone or cancelled)."""
        found = await self._going_ahead(data)
        if found is None:
            return None
        session, visit = found
        message = self.reminder_message(
            session, Role(data["role"]), language, zone_of(visit), self.clock.now()
        )
        return _noted_late(message, self.texts.get(language, "reminder.late")) if late else message

    def reminder_message(
        self, session: Session, role: Role | None, language: str, zone: Any, now: datetime
    ) -> OutgoingMessage:
        """A reminder: what starts when and where, and how long is left as of `now` (the
        moment it is sent: a reminder sent late says so in the minutes it shows)."""
        first = self.texts.get(
            language,
            "reminder.text",
            title=session.title(language),
            time=clock_time(session.starts_at, language, zone),
            left=self.time_left(session.starts_at - now, language),
        )
        return self._with_details(first, session, role, language, zone)

    def _with_details(
        self, first: str, session: Session, role: Role | None, language: str, zone: Any
    ) -> OutgoingMessage:
        """A first line, then where, where to gather and what to wear, with the session's
        buttons (a pin of the meeting point among them)."""
        get = self.texts.get
        lines = [first]
        venue = session.venue
        if venue.name or venue.address:
            place = ", ".join(p for p in (venue.name, venue.address) if p)
            lines.append(get(language, "agenda.card.venue", venue=place))
        if session.fields.meeting.given:
            lines.append(self.agenda.meeting_line(session, language, zone))
        if session.fields.dress_code:
            lines.append(get(language, "agenda.card.dress", dress=session.fields.dress_code))
        buttons = self.agenda.buttons(session, role, language)
        return OutgoingMessage("\n".join(lines), buttons)

    async def _evenings(
        self,
        visit: Visit,
        settings: ReminderSettings,
        revision: int,
        members: list[Member],
        start: datetime,
        end: datetime,
    ) -> list[Delivery]:
        """The evening before, a notice of each session starting before the morning briefing."""
        if settings.evening is None or settings.briefing is None:
            return []
        zone = zone_of(visit)
        sessions = [
            s
            for s in await self.agenda.sessions.between(visit.id, start, end + timedelta(days=1))
            if not s.cancelled and s.starts_at.astimezone(zone).time() < settings.briefing
        ]
        by_id = {m.person.id: m for m in members}
        deliveries = []
        for session in sessions:
            the_day_before = session.starts_at.astimezone(zone).date() - timedelta(days=1)
            due = datetime.combine(the_day_before, settings.evening, tzinfo=zone).astimezone(UTC)
            if not start <= due < end or due >= session.starts_at:
                continue
            audience = await self.agenda.audience_ids(visit.id, session.fields.audience)
            stamp = session.starts_at.strftime("%Y%m%d%H%M")
            for person_id in sorted(audience & by_id.keys()):
                member = by_id[person_id]
                language = self.agenda.language(member.person)
                deliveries.append(
                    Delivery(
                        chat_id=person_id,
                        message=self.evening_message(session, member.role, language, zone),
                        rendering=Rendering(
                            EVENING, {"session": session.id, "role": member.role.value}
                        ),
                        kind="reminder",
                        visit_id=visit.id,
                        batch=f"reminders:{visit.id}",
                        dedupe_key=f"evening:{session.id}:{person_id}:{stamp}:r{revision}",
                        due_at=due,
                        grace=timedelta(minutes=settings.grace),
                        mute_category="reminders",
                    )
                )
        return deliveries

    async def render_evening(
        self, data: dict[str, Any], language: str, late: bool
    ) -> OutgoingMessage | None:
        """An evening notice as the agenda reads now (None: the session is gone or cancelled)."""
        found = await self._going_ahead(data)
        if found is None:
            return None
        session, visit = found
        message = self.evening_message(session, Role(data["role"]), language, zone_of(visit))
        return _noted_late(message, self.texts.get(language, "reminder.late")) if late else message

    def evening_message(
        self, session: Session, role: Role | None, language: str, zone: Any
    ) -> OutgoingMessage:
        """Tomorrow, before the briefing: what starts when and where."""
        notice = self.texts.get(
            language,
            "evening.text",
            title=session.title(language),
            day=day(session.starts_at, language, zone),
            time=clock_time(session.starts_at, language, zone),
        )
        return self._with_details(notice, session, role, language, zone)

    def time_left(self, left: timedelta, language: str) -> Html:
        """'in 30 min', 'any moment now' or 'it has started'."""
        minutes = round(left.total_seconds() / 60)
        if left <= timedelta(0):
            return self.texts.get(language, "reminder.left.started")
        if minutes < 1:
            return self.texts.get(language, "reminder.left.now")
        return self.texts.get(language, "reminder.left", count=minutes)

    async def _briefings(
        self,
        visit: Visit,
        settings: ReminderSettings,
        revision: int,
        members: list[Member],
        start: datetime,
        end: datetime,
    ) -> list[Delivery]:
        if settings.briefing is None:
            return []
        zone = zone_of(visit)
        deliveries = []
        on: date = visit.first_day
        while on <= visit.last_day:
            due = datetime.combine(on, settings.briefing, tzinfo=zone).astimezone(UTC)
            if start <= due < end:
                day_plan = await self._day_plan(visit, on)
                for member in members:
                    person_id = member.person.id
                    language = self.agenda.language(member.person)
                    message = self._briefing(day_plan, person_id, member.role, on, language, zone)
                    if message is None:
                        continue
                    deliveries.append(
                        Delivery(
                            chat_id=person_id,
                            message=message,
                            rendering=Rendering(
                                BRIEFING,
                                {
                                    "visit": visit.id,
                                    "day": on.isoformat(),
                                    "person": person_id,
                                    "role": member.role.value,
                                },
                            ),
                            kind="briefing",
                            visit_id=visit.id,
                            batch=f"briefings:{visit.id}",
                            dedupe_key=f"briefing:{visit.id}:{on}:{person_id}:r{revision}",
                            due_at=due,
                            grace=timedelta(minutes=settings.grace),
                            mute_category="briefing",
                        )
                    )
            on += timedelta(days=1)
        return deliveries

    async def render_briefing(
        self, data: dict[str, Any], language: str, late: bool
    ) -> OutgoingMessage | None:
        """A planned briefing as the day looks now (None: nothing left on it for the person)."""
        visit = await self.agenda.visits.get(int(data["visit"]))
        if visit is None:
            return None
        on = date.fromisoformat(data["day"])
        day_plan = await self._day_plan(visit, on)
        message = self._briefing(
            day_plan, int(data["person"]), Role(data["role"]), on, language, zone_of(visit)
        )
        if message is None or not late:
            return message
        return _noted_late(message, self.texts.get(language, "reminder.late"))

    async def _day_plan(self, visit: Visit, on: date) -> tuple[list[Session], dict[str, set[int]]]:
        """The day's sessions that go ahead, and who is in each one's audience."""
        everything = Viewer(0, Role.ORGANISER, "en")
        of_day = [s for s in await self.agenda.on_day(visit, everything, on) if not s.cancelled]
        audiences: dict[str, set[int]] = {}
        for session in of_day:
            audience = session.fields.audience
            if audience not in audiences:
                audiences[audience] = await self.agenda.audience_ids(visit.id, audience)
        return of_day, audiences

    def _briefing(
        self,
        day_plan: tuple[list[Session], dict[str, set[int]]],
        person_id: int,
        role: Role | None,
        on: date,
        language: str,
        zone: Any,
    ) -> OutgoingMessage | None:
        """One person's briefing for a day (None when none of the day's sessions is theirs)."""
        of_day, audiences = day_plan
        sessions = [
            s for s in of_day if role is Role.ORGANISER or person_id in audiences[s.fields.audience]
        ]
        if not sessions:
            return None
        lines = [
            self.texts.get(language, "briefing.title", day=day(on, language)),
            *(self.agenda.line(s, language, zone) for s in sessions),
        ]
        button = Button(self.texts.get(language, "briefing.button"), f"ag:d:{on:%Y%m%d}")
        return OutgoingMessage("\n".join(lines), ((button,),))


def _noted_late(message: OutgoingMessage, note: str) -> OutgoingMessage:
    """The message with the note that it comes late (the bot was down) in front."""
    return replace(message, text=note + message.text)


MUTE_WORDS = {
    "reminders": "reminders",
    "reminder": "reminders",
    "pengingat": "reminders",
    "briefing": "briefing",
    "briefings": "briefing",
    "ringkasan": "briefing",
    "feedback": "feedback",
    "umpanbalik": "feedback",
    "reflection": "reflection",
    "refleksi": "reflection",
}


def mute_category(word: str) -> str | None:
    """The mute category a word names (`reminders`, `briefing`, `feedback`, `reflection`),
    or None."""
    return MUTE_WORDS.get(word.strip().lower())
