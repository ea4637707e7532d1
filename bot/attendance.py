"""Attendance: who came to a session, the after-start nudge and summary, and the CSV export."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.checkins import CheckIns, CheckInSettings, Expected
from bot.clock import Clock
from bot.exports import Table
from bot.i18n import Html, Texts, clock_time, fit, when
from bot.outbox import Button, Delivery, Outbox, OutgoingMessage
from bot.people import People
from bot.visits import zone_of
from storage.checkins import ABSENT, LATE, PRESENT, CheckInStore
from storage.sessions import Session
from storage.visits import Visit

SUMMARY_GRACE = timedelta(minutes=30)
LOOKBACK = timedelta(hours=6)  # no visit sets nudges or summaries later than this after a start
NAMES_LIMIT = 3500  # keeps an overview inside Telegram's 4096 characters
CSV_COLUMNS = [
    "session_key",
    "session_title",
    "session_start",
    "person_id",
    "name",
    "username",
    "role",
    "status",
    "method",
    "checked_in_at",
    "distance_m",
    "reason",
]


@dataclass
class Attendance:
    """A session's expected people sorted by how they stand."""

    session: Session
    present: list[Expected] = field(default_factory=list)
    late: list[Expected] = field(default_factory=list)
    absent: list[Expected] = field(default_factory=list)
    missing: list[Expected] = field(default_factory=list)  # not checked in, reachable
    unreachable: list[Expected] = field(default_factory=list)  # not checked in, cannot be nudged

    @classmethod
    def sort(cls, session: Session, people: list[Expected]) -> Attendance:
        """Put each expected person in one group."""
        attendance = cls(session)
        for person in people:
            status = person.checkin.status if person.checkin is not None else None
            if status == PRESENT:
                attendance.present.append(person)
            elif status == LATE:
                attendance.late.append(person)
            elif status == ABSENT:
                attendance.absent.append(person)
            elif person.reachable:
                attendance.missing.append(person)
            else:
                attendance.unreachable.append(person)
        return attendance


def render_attendance(texts: Texts, language: str, visit: Visit, attendance: Attendance) -> str:
    """The overview organisers read: title, then each group with its names."""
    session = attendance.session
    zone = zone_of(visit)
    lines = [
        texts.get(
            language,
            "att.title",
            title=session.title(language),
            when=when(session.starts_at, language, zone),
        )
    ]
    groups: list[tuple[str, list[Expected]]] = [
        ("att.present", attendance.present),
        ("att.late", attendance.late),
        ("att.absent", attendance.absent),
        ("att.missing", attendance.missing),
        ("att.unreachable", attendance.unreachable),
    ]
    for key, people in groups:
        names = []
        for person in people:
            if key == "att.absent" and person.checkin and person.checkin.reason:
                names.append(
                    texts.get(
                        language, "att.with_reason", name=person.name, reason=person.checkin.reason
                    )
                )
            elif key == "att.late" and person.checkin is not None:
                names.append(
                    texts.get(
                        language,
                        "att.with_time",
                        name=person.name,
                        time=clock_time(person.checkin.recorded_at, language, zone),
                    )
                )
            else:
                names.append(texts.get(language, "att.name", name=person.name))
        joined = Html(", ").join(names) if names else texts.get(language, "att.nobody")
        lines.append(texts.get(language, key, count=len(people), names=joined))
    return fit("\n".join(lines), NAMES_LIMIT)


class AttendanceBook:
    """Reading attendance, nudging the missing, summarising for organisers, exporting."""

    def __init__(
        self,
        checkins: CheckIns,
        store: CheckInStore,
        outbox: Outbox,
        people: People,
        texts: Texts,
        clock: Clock,
    ) -> None:
        self.checkins = checkins
        self.store = store
        self.outbox = outbox
        self.people = people
        self.texts = texts
        self.clock = clock

    async def of_session(self, session: Session) -> Attendance:
        """How everyone expected at a session stands now."""
        return Attendance.sort(session, await self.checkins.expected(session))

    async def nudge(self, visit: Visit, session: Session, tag: str) -> int:
        """Queue a nudge with a Check in button to every reachable person not checked in.

        `tag` makes the dedupe key: "auto" once per person and session, or a manual one.
        """
        attendance = await self.of_session(session)
        window = CheckInSettings.of(visit).window(session)
        now = self.clock.now()
        if now > window.closes_at:
            return 0
        deliveries = []
        for person in attendance.missing:
            stored = await self.people.store.get(person.person_id)
            language = self.people.language(stored)
            # Organisers may nudge before the start too: "starts at", not "started at".
            text = self.texts.get(
                language,
                "nudge.text" if now >= session.starts_at else "nudge.text.before",
                title=session.title(language),
                time=clock_time(session.starts_at, language, zone_of(visit)),
                until=clock_time(window.closes_at, language, zone_of(visit)),
            )
            button = Button(self.texts.get(language, "checkin.button"), data=f"ci:{session.id}")
            deliveries.append(
                Delivery(
                    chat_id=person.person_id,
                    message=OutgoingMessage(text, ((button,),)),
                    kind="nudge",
                    visit_id=visit.id,
                    batch=f"nudge:{session.id}",
                    dedupe_key=f"nudge:{session.id}:{person.person_id}:{tag}",
                    grace=window.closes_at - now,
                    mute_category="reminders",
                )
            )
        return await self.outbox.enqueue(deliveries) if deliveries else 0

    async def summarise(self, visit: Visit, session: Session) -> int:
        """Queue the attendance summary to each organiser, in their language."""
        attendance = await self.of_session(session)
        deliveries = []
        for organiser in await self.people.reachable_organisers(visit.id):
            language = self.people.language(organiser)
            text = (
                self.texts.get(language, "att.summary_intro")
                + "\n"
                + render_attendance(self.texts, language, visit, attendance)
            )
            buttons: tuple[tuple[Button, ...], ...] = ()
            if attendance.missing:
                buttons = (
                    (Button(self.texts.get(language, "att.nudge_button"), f"att:n:{session.id}"),),
                )
            deliveries.append(
                Delivery(
                    chat_id=organiser.id,
                    message=OutgoingMessage(text, buttons),
                    kind="attendance_summary",
                    visit_id=visit.id,
                    batch=f"attsum:{session.id}",
                    dedupe_key=f"attsum:{session.id}:{organiser.id}",
                    grace=SUMMARY_GRACE,
                )
            )
        return await self.outbox.enqueue(deliveries) if deliveries else 0

    async def tick(self, now: datetime) -> None:
        """Nudge and summarise sessions that started a set time ago (idempotent)."""
        for session_id in await self.store.sessions_starting_between(now - LOOKBACK, now):
            session = await self.checkins.sessions.get(session_id)
            if session is None or session.cancelled:
                continue
            visit = await self.people.visits.get(session.visit_id)
            if visit is None:
                continue
            settings = CheckInSettings.of(visit)
            nudge_at = session.starts_at + timedelta(minutes=settings.nudge_after)
            if nudge_at <= now <= settings.window(session).closes_at:
                await self.nudge(visit, session, "auto")
            summary_at = session.starts_at + timedelta(minutes=settings.summary_after)
            if summary_at <= now <= summary_at + SUMMARY_GRACE and not await self.store.planned(
                f"attsum:{session.id}:"
            ):
                await self.summarise(visit, session)

    async def export_table(self, visit: Visit) -> Table:
        """Person × session for every session that was not cancelled (bot.exports writes it)."""
        rows: list[list[object]] = []
        members = {m.person.id: m for m in await self.people.store.members(visit.id)}
        for session in await self.checkins.sessions.of_visit(visit.id, include_cancelled=False):
            for person in await self.checkins.expected(session):
                member = members.get(person.person_id)
                checkin = person.checkin
                rows.append(
                    [
                        session.key,
                        session.fields.title_en or session.fields.title_id,
                        session.starts_at,
                        person.person_id,
                        person.name,
                        member.person.username or "" if member else "",
                        member.role.value if member else "",
                        checkin.status if checkin else "not_checked_in",
                        checkin.method if checkin else "",
                        checkin.recorded_at if checkin else None,
                        None if checkin is None else checkin.distance_m,
                        (checkin.reason or "") if checkin else "",
                    ]
                )
        return Table(
            CSV_COLUMNS,
            rows,
            zone_of(visit),
            moments={"checked_in_at": "%Y-%m-%d %H:%M:%S"},
            title="attendance",
        )
