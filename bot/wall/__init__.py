"""The room's screen (docs/wall.md): signed screen links, what the projector page shows, and
the question organisers put on screen.

A link's token is `<id>.<nonce>.<signature>`: the nonce is random (128 bits) and kept only as a
hash, the signature is an HMAC of both under the database's own key, so a token is neither
guessable nor forgeable, and a revoked or expired link (it expires with the visit's last day)
opens nothing. The page shows only what a participant sees in chat: published questions
(anonymous ones without a name), answers with who gave them, and a count of check-ins.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time

from bot.checkins import CheckIns
from bot.clock import Clock
from bot.people import People
from bot.questions import Questions
from bot.visits import zone_of
from storage.questions import ANSWERED, PUBLISHED, Question
from storage.sessions import Session, SessionStore
from storage.visits import Visit, VisitStore
from storage.wall import WallLink, WallStore

# Screens (open event streams) per link at once: the projector, a spare, people's phones.
MAX_VIEWERS = 100
SHOWN_OPEN = 10  # questions on the page, most votes first
SHOWN_ANSWERED = 3  # latest answers on the page
ASK_PREFIX = "ask-"  # /start payload of the page's QR code: ask-s<session> or ask-v<visit>
WALL_PATH = "/wall/"


@dataclass(frozen=True, slots=True)
class IssuedLink:
    """A new screen link: its record and the address to open."""

    link: WallLink
    url: str


@dataclass(frozen=True, slots=True)
class BoardQuestion:
    """A question as the screen shows it: no asker's name when anonymous (None)."""

    id: int
    text: str
    asker: str | None
    votes: int
    answer: str | None = None
    answered_by: str | None = None  # the partner's name; None: answered aloud


@dataclass(frozen=True, slots=True)
class Board:
    """What the screen of one link shows now (language-neutral; `bot.wall.page` renders it)."""

    visit: Visit
    session: Session | None
    open: list[BoardQuestion]
    more: int
    answered: list[BoardQuestion]
    on_screen: BoardQuestion | None
    here: int | None
    expected: int | None
    ask_link: str | None

    @property
    def order(self) -> list[int]:
        """The ids of the open questions in the order shown."""
        return [question.id for question in self.open]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def nonce_hash(nonce: str) -> str:
    """What is stored of a link's nonce."""
    return hashlib.sha256(nonce.encode()).hexdigest()


@dataclass
class _Attendance:
    here: int | None
    expected: int | None
    session_id: int | None


@dataclass
class Wall:
    """Screen links, the board they show, and the question on screen."""

    store: WallStore
    questions: Questions
    checkins: CheckIns
    sessions: SessionStore
    visits: VisitStore
    people: People
    clock: Clock
    base_url: str | None = None
    listeners: list[Callable[[int], None]] = field(default_factory=list)  # a visit changed
    _key: bytes | None = None
    _attendance: dict[tuple[int, int], _Attendance] = field(default_factory=dict)

    # Links

    async def key(self) -> bytes:
        """The database's signing key (made on first use)."""
        if self._key is None:
            self._key = (await self.store.signing_key(secrets.token_urlsafe(32))).encode()
        return self._key

    async def sign(self, link_id: int, nonce: str) -> str:
        """The token of a link."""
        body = f"{link_id}.{nonce}"
        mac = hmac.new(await self.key(), body.encode(), hashlib.sha256).digest()[:16]
        return f"{body}.{_b64(mac)}"

    @staticmethod
    def expiry(visit: Visit) -> datetime:
        """Links expire with the visit: the last second of its last day, in its zone."""
        return datetime.combine(visit.last_day, time(23, 59, 59), zone_of(visit))

    def url_of(self, token: str) -> str:
        """The page's address for a token."""
        assert self.base_url is not None
        return self.base_url.rstrip("/") + WALL_PATH + token

    async def create_link(
        self, visit: Visit, session: Session | None, organiser_id: int
    ) -> IssuedLink:
        """A new screen link for a visit (and session)."""
        nonce = secrets.token_urlsafe(16)
        now = self.clock.now()
        link_id = await self.store.create(
            visit.id,
            None if session is None else session.id,
            nonce_hash(nonce),
            organiser_id,
            now,
            self.expiry(visit),
        )
        link = await self.store.get(link_id)
        assert link is not None
        return IssuedLink(link, self.url_of(await self.sign(link_id, nonce)))

    async def resolve(self, token: str) -> WallLink | None:
        """The valid link a token names (None: malformed, forged, revoked or expired)."""
        parts = token.split(".")
        if len(parts) != 3 or not parts[0].isdigit() or len(token) > 120:
            return None
        link_id, nonce, _ = int(parts[0]), parts[1], parts[2]
        expected = await self.sign(link_id, nonce)
        if not hmac.compare_digest(expected.encode(), token.encode()):
            return None
        link = await self.store.get(link_id)
        if link is None or not hmac.compare_digest(link.nonce_hash, nonce_hash(nonce)):
            return None
        return link if await self._valid(link) else None

    async def still_valid(self, link: WallLink) -> bool:
        """Whether a link opened earlier is still valid now."""
        fresh = await self.store.get(link.id)
        return fresh is not None and await self._valid(fresh)

    async def _valid(self, link: WallLink) -> bool:
        """Not revoked, and the visit not over: its last day as it is now (a visit extended
        after the link was made keeps it valid longer)."""
        visit = await self.visits.get(link.visit_id)
        if visit is None or link.revoked_at is not None:
            return False
        return self.clock.now() <= self.expiry(visit)

    async def link_of(self, visit_id: int, link_id: int) -> WallLink | None:
        """A link of this visit."""
        link = await self.store.get(link_id)
        return link if link is not None and link.visit_id == visit_id else None

    async def revoke(self, link: WallLink, organiser_id: int) -> bool:
        """Revoke a link (its open screens are told at once); False if revoked already."""
        done = await self.store.revoke(link.id, organiser_id, self.clock.now())
        self._tell(link.visit_id)
        return done

    async def revoke_all(self, visit: Visit, organiser_id: int) -> int:
        """Revoke every link of a visit not revoked yet; how many."""
        count = await self.store.revoke_all(visit.id, organiser_id, self.clock.now())
        self._tell(visit.id)
        return count

    # On screen

    async def put_on_screen(self, visit: Visit, question: Question, organiser_id: int) -> bool:
        """Show a published question as the one being answered (on its session's screen and
        the visit-wide one); False when it is not published (or answered) yet."""
        if question.state not in (PUBLISHED, ANSWERED):
            return False
        now = self.clock.now()
        await self.store.put_on_screen(visit.id, 0, question.id, organiser_id, now)
        if question.session_id is not None:
            await self.store.put_on_screen(
                visit.id, question.session_id, question.id, organiser_id, now
            )
        self._tell(visit.id)
        return True

    # Changes

    def changed(self, visit_id: int, what: str = "questions") -> None:
        """Questions, votes, answers or check-ins of a visit changed: screens update."""
        if what == "checkins":
            for key in [key for key in self._attendance if key[0] == visit_id]:
                del self._attendance[key]
        self._tell(visit_id)

    def _tell(self, visit_id: int) -> None:
        for listener in self.listeners:
            listener(visit_id)

    # The board

    async def board(self, link: WallLink, bot_username: str | None) -> Board | None:
        """What the link's screen shows now (None: the visit or session is gone)."""
        visit = await self.visits.get(link.visit_id)
        session = None if link.session_id is None else await self.sessions.get(link.session_id)
        if visit is None or (link.session_id is not None and session is None):
            return None
        store = self.questions.store
        published = await store.published(visit.id, session_id=link.session_id, limit=200)
        answered = await store.answered(visit.id, link.session_id, SHOWN_ANSWERED)
        on_screen_id = await self.store.on_screen(visit.id, link.scope)
        on_screen = None
        if on_screen_id is not None:
            found = await store.get(on_screen_id)
            shown = found is not None and found.state in (PUBLISHED, ANSWERED)
            if found is not None and shown and link.session_id in (None, found.session_id):
                on_screen = await self._shown(visit, found)
        attendance = await self._attendance_of(visit, session)
        ask = None
        if bot_username:
            code = f"s{session.id}" if session is not None else f"v{visit.id}"
            ask = f"https://t.me/{bot_username}?start={ASK_PREFIX}{code}"
        return Board(
            visit=visit,
            session=session,
            open=[await self._shown(visit, q) for q in published[:SHOWN_OPEN]],
            more=max(0, len(published) - SHOWN_OPEN),
            answered=[await self._shown(visit, q) for q in answered],
            on_screen=on_screen,
            here=attendance.here,
            expected=attendance.expected,
            ask_link=ask,
        )

    async def _shown(self, visit: Visit, question: Question) -> BoardQuestion:
        asker = None
        if not question.anonymous:
            person = await self.questions.asker_of(question)
            asker = "" if person is None else person.full_name
        answered_by = None
        if question.state == ANSWERED:
            answered_by = (await self.questions.answerer_name(visit, question)).partner_name
        return BoardQuestion(
            id=question.id,
            text=question.text,
            asker=asker,
            votes=question.votes,
            answer=question.answer if question.state == ANSWERED else None,
            answered_by=answered_by,
        )

    async def _attendance_of(self, visit: Visit, session: Session | None) -> _Attendance:
        """Check-ins of the session (the visit-wide screen: the session open now), cached until
        the next check-in."""
        key = (visit.id, 0 if session is None else session.id)
        cached = self._attendance.get(key)
        shown = session or await self.checkins.current_session(visit.id)
        if cached is not None and cached.session_id == (None if shown is None else shown.id):
            return cached
        if shown is None:
            found = _Attendance(None, None, None)
        else:
            expected = await self.checkins.expected(shown)
            here = sum(1 for e in expected if e.checkin is not None and e.checkin.attended)
            found = _Attendance(here, len(expected), shown.id)
        self._attendance[key] = found
        return found
