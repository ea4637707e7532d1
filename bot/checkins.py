"""Check-in rules: each session's window, the geofence, and the four ways to check in.

Of a shared location only the distance to the venue (whole metres) is stored, with the
method; the coordinates are used for the decision and dropped.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.audience import Audience, AudienceError
from bot.clock import Clock
from bot.people import People
from storage.checkins import ABSENT, LATE, PRESENT, CheckIn, CheckInStore
from storage.groups import GroupStore
from storage.people import Member
from storage.roles import Role
from storage.sessions import Session, SessionStore
from storage.visits import Visit

EARTH_RADIUS_M = 6_371_008.8  # the mean radius (IUGG)
CODE_PREFIX = "c-"
CODE_BYTES = 12  # 96 bits, 16 URL-safe characters
REASON_LIMIT = 200
# A person's current visit and role there, as `identify` already loaded them.
Known = tuple[Visit, Role]


def expected_roles(audience: str) -> frozenset[Role]:
    """The roles a session with this audience expects to check in.

    `everyone` sees the session on the agenda, but only the delegation (participants) is
    expected at it: partners and creators are expected where the audience names their role or a
    group they are in. Organisers run sessions and are never counted as missing.
    """
    try:
        parsed = Audience.parse(audience)
    except AudienceError:
        return frozenset()
    if parsed.group is not None:
        return frozenset(Role) - {Role.ORGANISER}
    if parsed.role is not None:
        return frozenset({parsed.role}) - {Role.ORGANISER}
    return frozenset({Role.PARTICIPANT})


@dataclass(frozen=True, slots=True)
class CheckInSettings:
    """A visit's check-in timing, in minutes relative to a session's start."""

    opens_before: int = 30
    late_after: int = 10
    closes_after: int = 30
    nudge_after: int = 10  # the nudge to those not checked in
    summary_after: int = 20  # the attendance summary to organisers

    @classmethod
    def of(cls, visit: Visit) -> CheckInSettings:
        """Read `settings["checkin"]` of a visit, each value defaulting when missing or bad."""
        raw: Any = visit.settings.get("checkin", {})
        if not isinstance(raw, dict):
            raw = {}
        defaults = cls()
        values = {}
        for name in ("opens_before", "late_after", "closes_after", "nudge_after", "summary_after"):
            value = raw.get(name, raw.get(f"{name}_minutes"))
            ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 24 * 60
            values[name] = value if ok else getattr(defaults, name)
        return cls(**values)

    def window(self, session: Session) -> CheckInWindow:
        """The moments a session's check-in opens, turns late and closes."""
        start = session.starts_at
        return CheckInWindow(
            opens_at=start - timedelta(minutes=self.opens_before),
            late_from=start + timedelta(minutes=self.late_after),
            closes_at=start + timedelta(minutes=self.closes_after),
        )


@dataclass(frozen=True, slots=True)
class CheckInWindow:
    """Open from `opens_at` to `closes_at` inclusive; from `late_from` on, a check-in is late."""

    opens_at: datetime
    late_from: datetime
    closes_at: datetime

    def contains(self, moment: datetime) -> bool:
        """Whether a check-in at this moment counts."""
        return self.opens_at <= moment <= self.closes_at

    def status_at(self, moment: datetime) -> str:
        """present, or late from `late_from` on."""
        return LATE if moment >= self.late_from else PRESENT


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine), accurate to well under a metre at 150 m."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


# -- outcomes: what a check-in attempt came to (the handler renders each) -----------------


@dataclass(frozen=True, slots=True)
class CheckedIn:
    """Recorded now."""

    session: Session
    checkin: CheckIn


@dataclass(frozen=True, slots=True)
class AlreadyCheckedIn:
    """Recorded before; `checkin.recorded_at` says when."""

    session: Session
    checkin: CheckIn


@dataclass(frozen=True, slots=True)
class NotYetOpen:
    """Too early: the window opens later."""

    session: Session
    opens_at: datetime


@dataclass(frozen=True, slots=True)
class WindowClosed:
    """Too late: the window closed."""

    session: Session
    closed_at: datetime


@dataclass(frozen=True, slots=True)
class NotInAudience:
    """The session is not for this person."""

    session: Session


@dataclass(frozen=True, slots=True)
class SessionCancelled:
    """The session was cancelled."""

    session: Session


@dataclass(frozen=True, slots=True)
class TooFar:
    """The shared location is outside the venue's radius."""

    session: Session
    distance_m: int
    radius_m: int


@dataclass(frozen=True, slots=True)
class NoOpenSession:
    """No session of this person's is open for check-in now."""


@dataclass(frozen=True, slots=True)
class BadLocation:
    """A point no place on Earth has (latitude beyond ±90°, longitude beyond ±180°)."""


@dataclass(frozen=True, slots=True)
class UnknownSession:
    """The button or code names no session (stale or forged)."""


Outcome = (
    BadLocation
    | CheckedIn
    | AlreadyCheckedIn
    | NotYetOpen
    | WindowClosed
    | NotInAudience
    | SessionCancelled
    | TooFar
    | NoOpenSession
    | UnknownSession
)


@dataclass(frozen=True, slots=True)
class Expected:
    """A person expected at a session (its audience, organisers aside) and their check-in."""

    person_id: int
    name: str
    reachable: bool
    checkin: CheckIn | None


class CheckIns:
    """Checking people in to sessions, and organisers' marks."""

    def __init__(
        self,
        store: CheckInStore,
        sessions: SessionStore,
        people: People,
        groups: GroupStore,
        clock: Clock,
    ) -> None:
        self.store = store
        self.sessions = sessions
        self.people = people
        self.groups = groups
        self.clock = clock
        # Told the visit's id whenever a check-in or mark is stored or undone.
        self.listeners: list[Callable[[int], None]] = []

    def _changed(self, visit_id: int) -> None:
        for listener in self.listeners:
            listener(visit_id)

    async def settings_of(self, visit_id: int) -> CheckInSettings:
        """The check-in settings of a visit."""
        visit = await self.people.visits.get(visit_id)
        return CheckInSettings() if visit is None else CheckInSettings.of(visit)

    async def in_audience(
        self, session: Session, person_id: int, known: Known | None = None
    ) -> bool:
        """Whether a person belongs to a session's audience."""
        if known is not None and known[0].id == session.visit_id:
            role: Role | None = known[1]
        else:
            role = await self.people.role_in(person_id, session.visit_id)
        if role is None:
            return False
        try:
            audience = Audience.parse(session.fields.audience)
        except AudienceError:
            return role is Role.ORGANISER
        if audience.group is not None:
            return person_id in await self.groups.member_ids(session.visit_id, audience.group)
        return audience.includes(role)

    async def _settings_for(self, visit_id: int, known: Known | None) -> CheckInSettings:
        if known is not None and known[0].id == visit_id:
            return CheckInSettings.of(known[0])
        return await self.settings_of(visit_id)

    async def _check(
        self, session: Session | None, person_id: int, now: datetime, known: Known | None
    ) -> Outcome | CheckInWindow:
        """Why a person cannot check in to a session now, or the window when they can."""
        if session is None:
            return UnknownSession()
        if session.cancelled:
            return SessionCancelled(session)
        if not await self.in_audience(session, person_id, known):
            return NotInAudience(session)
        window = (await self._settings_for(session.visit_id, known)).window(session)
        if now < window.opens_at:
            return NotYetOpen(session, window.opens_at)
        if now > window.closes_at:
            return WindowClosed(session, window.closes_at)
        return window

    async def _record(
        self,
        session: Session,
        person_id: int,
        window: CheckInWindow,
        now: datetime,
        method: str,
        distance: int | None = None,
    ) -> Outcome:
        checkin = CheckIn(
            session_id=session.id,
            person_id=person_id,
            status=window.status_at(now),
            method=method,
            recorded_at=now,
            distance_m=distance,
        )
        stored, written = await self.store.record(checkin)
        if written:
            self._changed(session.visit_id)
        return CheckedIn(session, stored) if written else AlreadyCheckedIn(session, stored)

    async def by_session(
        self, person_id: int, session_id: int, method: str, known: Known | None = None
    ) -> Outcome:
        """The Check in button (or a session code, once resolved to its session).

        `known` is the person's current visit and role when the caller has them already.
        """
        return await self._check_in(await self.sessions.get(session_id), person_id, method, known)

    async def _check_in(
        self, session: Session | None, person_id: int, method: str, known: Known | None
    ) -> Outcome:
        now = self.clock.now()
        checked = await self._check(session, person_id, now, known)
        if not isinstance(checked, CheckInWindow):
            return checked
        assert session is not None
        return await self._record(session, person_id, checked, now, method)

    async def by_code(self, person_id: int, code: str, known: Known | None = None) -> Outcome:
        """A scanned session QR code."""
        session = await self.store.session_of_code(code)
        if session is None:
            return UnknownSession()
        return await self._check_in(session, person_id, "code", known)

    async def open_sessions(self, person_id: int, visit_id: int) -> list[Session]:
        """The sessions this person can check in to right now."""
        now = self.clock.now()
        settings = await self.settings_of(visit_id)
        around = await self.sessions.between(
            visit_id,
            now - timedelta(minutes=settings.closes_after),
            now + timedelta(minutes=settings.opens_before) + timedelta(seconds=1),
        )
        found = []
        for session in around:
            if session.cancelled or not settings.window(session).contains(now):
                continue
            if await self.in_audience(session, person_id):
                found.append(session)
        return found

    async def by_location(
        self, person_id: int, visit_id: int, latitude: float, longitude: float
    ) -> Outcome:
        """A shared location: check in to the open session whose venue contains the point."""
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):  # NaN fails both too
            return BadLocation()
        now = self.clock.now()
        candidates = []
        done: AlreadyCheckedIn | None = None
        for session in await self.open_sessions(person_id, visit_id):
            existing = await self.store.get(session.id, person_id)
            if existing is not None:
                # Already recorded: a later location (far, or at a venue without
                # coordinates) must not say that nothing is.
                done = done or AlreadyCheckedIn(session, existing)
                continue
            venue = session.venue
            if venue.latitude is None or venue.longitude is None:
                continue
            metres = distance_m(latitude, longitude, venue.latitude, venue.longitude)
            candidates.append((metres, session))
        if not candidates:
            return done or NoOpenSession()
        metres, session = min(candidates, key=lambda pair: pair[0])
        if metres > session.venue.radius_m:
            return done or TooFar(session, round(metres), session.venue.radius_m)
        window = (await self.settings_of(visit_id)).window(session)
        return await self._record(session, person_id, window, now, "location", round(metres))

    async def mark(
        self,
        session: Session,
        person_id: int,
        present: bool,
        marked_by: int,
        reason: str | None = None,
    ) -> CheckIn:
        """An organiser marks a person present or absent (with a reason)."""
        checkin = CheckIn(
            session_id=session.id,
            person_id=person_id,
            status=PRESENT if present else ABSENT,
            method="organiser",
            recorded_at=self.clock.now(),
            reason=None if present else (reason or "").strip()[:REASON_LIMIT] or None,
            marked_by=marked_by,
        )
        await self.store.mark(checkin)
        self._changed(session.visit_id)
        return checkin

    async def undo(self, session: Session, person_id: int) -> bool:
        """Undo a check-in or mark."""
        removed = await self.store.remove(session.id, person_id)
        self._changed(session.visit_id)
        return removed

    async def code_for(self, session: Session) -> str:
        """The session's QR code (made on first use, then kept)."""
        existing = await self.store.code_of(session.id)
        if existing is not None:
            return existing
        return await self.store.keep_code(
            session.id, secrets.token_urlsafe(CODE_BYTES), self.clock.now()
        )

    async def expected(self, session: Session) -> list[Expected]:
        """Everyone a session expects (its audience, see `expected_roles`), with their check-in.

        People who checked in without being expected (an organiser, say) are listed too.
        """
        checkins = {c.person_id: c for c in await self.store.of_session(session.id)}
        members = await self.people.store.members(session.visit_id)
        found = []
        for member in members:
            counted = member.role in expected_roles(
                session.fields.audience
            ) and await self.in_audience(session, member.person.id)
            if not counted and member.person.id not in checkins:
                continue
            person = member.person
            found.append(
                Expected(
                    person_id=person.id,
                    name=person.full_name or str(person.id),
                    reachable=person.started and person.unreachable_since is None,
                    checkin=checkins.get(person.id),
                )
            )
        return found

    async def current_session(self, visit_id: int) -> Session | None:
        """The session to show by default: one open now, else the latest that started."""
        now = self.clock.now()
        settings = await self.settings_of(visit_id)
        sessions = await self.sessions.of_visit(visit_id, include_cancelled=False)
        open_now = [s for s in sessions if settings.window(s).contains(now)]
        if open_now:
            return open_now[0]
        started = [s for s in sessions if s.starts_at <= now]
        return started[-1] if started else None

    async def nearest_sessions(self, visit_id: int, count: int = 12) -> list[Session]:
        """The sessions nearest now, before or after (at most `count`, in time order): the ones
        to offer when an organiser names none."""
        now = self.clock.now()
        sessions = await self.sessions.of_visit(visit_id, include_cancelled=False)
        nearest = sorted(sessions, key=lambda s: abs(s.starts_at - now))[:count]
        return sorted(nearest, key=lambda s: s.starts_at)

    async def find_session(self, visit_id: int, key: str) -> Session | None:
        """A session by key (or id) in a visit."""
        session = await self.sessions.by_key(visit_id, key)
        if session is None and key.isdigit():
            session = await self.sessions.get(int(key))
            if session is not None and session.visit_id != visit_id:
                session = None
        return session


MARK_ACTIONS = {
    "present": "present",
    "hadir": "present",
    "absent": "absent",
    "absen": "absent",
    "undo": "undo",
    "batal": "undo",
}


@dataclass(frozen=True, slots=True)
class MarkRequest:
    """`/mark SESSION PERSON present|absent [reason]|undo`, read."""

    session_key: str
    person: str
    action: str  # present, absent or undo
    reason: str | None


def parse_mark(words: list[str]) -> MarkRequest | None:
    """Read the words of /mark; the person may be several words (a full name)."""
    if len(words) < 3:
        return None
    for index in range(2, len(words)):
        action = MARK_ACTIONS.get(words[index].lower())
        if action is not None:
            reason = " ".join(words[index + 1 :]).strip()[:REASON_LIMIT] or None
            return MarkRequest(words[0], " ".join(words[1:index]), action, reason)
    return None


def find_members(members: list[Member], who: str) -> list[Member]:
    """Members matching @username, a Telegram id, a full name or a first name."""
    wanted = who.strip().lower()
    if wanted.startswith("@"):
        return [m for m in members if (m.person.username or "").lower() == wanted[1:]]
    if wanted.isdigit():
        return [m for m in members if m.person.id == int(wanted)]
    full = [m for m in members if m.person.full_name.lower() == wanted]
    return full or [m for m in members if m.person.first_name.lower() == wanted]
