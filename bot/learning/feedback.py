"""Feedback after each attended session (Kirkpatrick level 1: reaction).

A planner looks at sessions that ended and queues one outbox message to each person whose
check-in says they attended (present or late), never to anyone else: a 1-5 rating with
buttons, then an optional one-line comment. It is rendered when sent (in the recipient's
language then, and not at all if the check-in was taken back or the session cancelled), it
respects the `feedback` mute, and the bot's quiet hours (22:00-07:00 in the visit's zone) hold
it until the morning. A rating can be changed; a comment is anonymous to the organisers unless
its author signs it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from bot.clock import Clock
from bot.exports import Table
from bot.i18n import Html, Texts, when
from bot.learning import LearningSettings
from bot.outbox import Button, Delivery, Outbox, OutgoingMessage, Renderer, Rendering
from bot.partners import takes_part
from bot.visits import zone_of
from storage.checkins import CheckInStore
from storage.learning import Feedback, FeedbackTally, LearningStore
from storage.partners import PartnerStore
from storage.sessions import Session, SessionStore
from storage.visits import Visit, VisitStore

FEEDBACK = "feedback"  # the renderer's name and the mute category
AFTER_END = timedelta(minutes=5)
LOOKBACK = timedelta(hours=24)  # sessions that ended this long ago are still asked about
GRACE = timedelta(hours=12)
QUIET_FROM = time(22, 0)
QUIET_UNTIL = time(7, 0)
COMMENT_LIMIT = 280
RATINGS = range(1, 6)


def after_quiet_hours(moment: datetime, zone: Any) -> datetime:
    """The moment itself, or the end of the quiet hours it falls in (in the visit's zone)."""
    wall = moment.astimezone(zone)
    if QUIET_UNTIL <= wall.time() < QUIET_FROM:
        return moment
    morning: date = wall.date() if wall.time() < QUIET_UNTIL else wall.date() + timedelta(days=1)
    return datetime.combine(morning, QUIET_UNTIL, tzinfo=zone).astimezone(UTC)


def stars(rating: int) -> str:
    """★★★★☆ for 4."""
    return "★" * rating + "☆" * (5 - rating)


def tally(feedback: list[Feedback]) -> FeedbackTally:
    """Counts per rating value."""
    counted = FeedbackTally()
    for each in feedback:
        counted.counts[each.rating] += 1
    return counted


class SessionFeedback:
    """Asking for, recording and summing up feedback on sessions."""

    def __init__(
        self,
        store: LearningStore,
        checkins: CheckInStore,
        sessions: SessionStore,
        visits: VisitStore,
        partners: PartnerStore,
        outbox: Outbox,
        texts: Texts,
        clock: Clock,
        language_of: Callable[[int | None], Awaitable[str]],
    ) -> None:
        self.language_of = language_of
        self.store = store
        self.checkins = checkins
        self.sessions = sessions
        self.visits = visits
        self.partners = partners
        self.outbox = outbox
        self.texts = texts
        self.clock = clock
        self._queued: set[str] = set()

    def renderers(self) -> dict[str, Renderer]:
        """The renderer the delivery worker calls at send time."""
        return {FEEDBACK: self.render}

    # ------------------------------------------------------------------ asking

    async def tick(self, now: datetime) -> None:
        """Queue the feedback request of every attended session that ended lately."""
        today = now.date()
        for visit in await self.visits.all():
            if not visit.first_day - timedelta(days=1) <= today <= visit.last_day + timedelta(2):
                continue
            zone = zone_of(visit)
            deliveries = []
            sessions: dict[int, Session] = {}
            for session_id, person_id, ends_at in await self.store.attended_between(
                visit.id, now - LOOKBACK, now
            ):
                key = f"feedback:{session_id}:{person_id}"
                if key in self._queued:
                    continue
                self._queued.add(key)
                due = max(after_quiet_hours(ends_at + AFTER_END, zone), now)
                if session_id not in sessions:
                    found = await self.sessions.get(session_id)
                    assert found is not None
                    sessions[session_id] = found
                language = await self.language_of(person_id)
                deliveries.append(
                    Delivery(
                        chat_id=person_id,
                        # As planned; rendered again when sent (bot.outbox.Rendering).
                        message=self.message(sessions[session_id], language, None),
                        rendering=Rendering(FEEDBACK, {"session": session_id, "person": person_id}),
                        kind=FEEDBACK,
                        visit_id=visit.id,
                        batch=f"feedback:{visit.id}",
                        dedupe_key=key,
                        due_at=due,
                        grace=GRACE,
                        mute_category=FEEDBACK,
                    )
                )
            if deliveries:
                await self.outbox.enqueue(deliveries)

    async def render(
        self, data: dict[str, Any], language: str, late: bool
    ) -> OutgoingMessage | None:
        """The request as it reads now; None when the person no longer counts as attending
        or the session is gone."""
        session = await self.sessions.get(int(data["session"]))
        person_id = int(data["person"])
        if session is None or session.cancelled:
            return None
        attendance = await self.checkins.get(session.id, person_id)
        if attendance is None or not attendance.attended:
            return None
        return self.message(session, language, await self.store.feedback_of(session.id, person_id))

    def message(
        self, session: Session, language: str, feedback: Feedback | None
    ) -> OutgoingMessage:
        """The rating message: the question, or the rating given, with the buttons to change
        it, add a comment and sign it."""
        get = self.texts.get
        title = session.title(language)
        lines = [get(language, "fb.ask", title=title)]
        if feedback is not None:
            lines = [get(language, "fb.rated", title=title, stars=stars(feedback.rating))]
            if feedback.comment:
                lines.append(get(language, "fb.your_comment", comment=feedback.comment))
                lines.append(get(language, "fb.signed" if feedback.signed else "fb.anonymous"))
        ratings = tuple(
            Button(
                f"·{value}·" if feedback is not None and feedback.rating == value else str(value),
                f"fb:r:{session.id}:{value}",
            )
            for value in RATINGS
        )
        rows: list[tuple[Button, ...]] = [ratings]
        if feedback is not None:
            extra = [
                Button(
                    get(language, "fb.comment_button" if not feedback.comment else "fb.recomment"),
                    f"fb:c:{session.id}",
                )
            ]
            if feedback.comment:
                extra.append(
                    Button(
                        get(language, "fb.unsign_button" if feedback.signed else "fb.sign_button"),
                        f"fb:s:{session.id}:{'n' if feedback.signed else 'y'}",
                    )
                )
            rows.append(tuple(extra))
        return OutgoingMessage("\n".join(lines), tuple(rows))

    # ------------------------------------------------------------------ answers

    async def attended(self, session_id: int, person_id: int) -> Session | None:
        """The session, when the person attended it and it went ahead."""
        session = await self.sessions.get(session_id)
        if session is None or session.cancelled:
            return None
        attendance = await self.checkins.get(session_id, person_id)
        if attendance is None or not attendance.attended:
            return None
        return session

    async def rate(
        self, session_id: int, person_id: int, rating: int
    ) -> tuple[str, Session | None]:
        """Record (or change) a rating: `rated`, `changed`, `bad_rating`, `not_attended`."""
        if rating not in RATINGS:
            return "bad_rating", None
        session = await self.attended(session_id, person_id)
        if session is None:
            return "not_attended", None
        first = await self.store.rate(
            session.visit_id, session.id, person_id, rating, self.clock.now()
        )
        return ("rated" if first else "changed"), session

    async def can_comment(self, session_id: int, person_id: int) -> tuple[str, Session | None]:
        """`ok` and the session, or `not_attended` / `rate_first` and None."""
        session = await self.attended(session_id, person_id)
        if session is None:
            return "not_attended", None
        if await self.store.feedback_of(session_id, person_id) is None:
            return "rate_first", None
        return "ok", session

    async def comment(
        self, session_id: int, person_id: int, text: str
    ) -> tuple[str, Session | None]:
        """Keep a one-line comment (its first line, at most COMMENT_LIMIT characters): `ok` and
        the session, else `empty` or why not (as `can_comment`) and None."""
        state, session = await self.can_comment(session_id, person_id)
        if session is None:
            return state, None
        line = " ".join(text.strip().splitlines()[0].split()) if text.strip() else ""
        if not line:
            return "empty", None
        await self.store.comment(session_id, person_id, line[:COMMENT_LIMIT])
        return "ok", session

    async def sign(
        self, session_id: int, person_id: int, signed: bool
    ) -> tuple[str, Session | None]:
        """Show or hide the author's name with their comment; as `can_comment` returns."""
        state, session = await self.can_comment(session_id, person_id)
        if session is not None:
            await self.store.sign(session_id, person_id, signed)
        return state, session

    # ------------------------------------------------------------------ summaries

    async def partner_session_ids(self, visit: Visit, person_id: int) -> set[int] | None:
        """The sessions of the partner organisation the person represents (None: none)."""
        partner = await self.partners.partner_of(visit.id, person_id)
        if partner is None:
            return None
        return {s.id for s in await self.sessions.of_visit(visit.id) if takes_part(partner, s)}

    async def summary(
        self,
        visit: Visit,
        language: str,
        *,
        session: Session | None = None,
        only: set[int] | None = None,
        comments: bool = True,
    ) -> Html:
        """Per session: responses, average, distribution; with `session`, its comments too
        (names only of those who signed). `only` limits it to some sessions (a partner's)."""
        get = self.texts.get
        feedback = await self.store.feedback_of_visit(visit.id)
        sessions = {s.id: s for s in await self.sessions.of_visit(visit.id)}
        by_session: dict[int, list[Feedback]] = {}
        for each in feedback:
            if only is not None and each.session_id not in only:
                continue
            if session is not None and each.session_id != session.id:
                continue
            by_session.setdefault(each.session_id, []).append(each)
        if session is not None:
            by_session.setdefault(session.id, [])
        if not by_session:
            return get(language, "fb.summary.none")
        lines = [get(language, "fb.summary.title", visit=visit.title)]
        for session_id in sorted(by_session, key=lambda i: sessions[i].starts_at):
            shown = sessions[session_id]
            counted = tally(by_session[session_id])
            lines.append(self.tally_line(shown, counted, language, zone_of(visit)))
            if session is not None and comments:
                written = [f for f in by_session[session_id] if f.comment]
                for each in written:
                    who = each.name if each.signed else get(language, "fb.anonymous_name")
                    lines.append(get(language, "fb.comment_line", comment=each.comment, who=who))
                if not written:
                    lines.append(get(language, "fb.no_comments"))
        return Html("\n").join(lines)

    def tally_line(
        self, session: Session, counted: FeedbackTally, language: str, zone: Any
    ) -> Html:
        """One session's line: title, time, responses, average and distribution."""
        distribution = " · ".join(
            f"{value}★ {counted.counts[value]}" for value in reversed(RATINGS)
        )
        average = counted.average
        return self.texts.get(
            language,
            "fb.summary.line",
            title=session.title(language),
            when=when(session.starts_at, language, zone),
            count=counted.responses,
            average="–" if average is None else f"{average:.1f}",
            distribution=distribution,
        )

    async def export_table(self, visit: Visit, language: str) -> Table:
        """Every rating, one row each; the name only where the person signed their comment."""
        sessions = {s.id: s for s in await self.sessions.of_visit(visit.id)}
        rows = []
        for each in await self.store.feedback_of_visit(visit.id):
            session = sessions[each.session_id]
            rows.append(
                [
                    session.key,
                    session.title(language),
                    session.starts_at,
                    each.rating,
                    each.comment or "",
                    each.name if each.signed and each.comment else "",
                    each.rated_at,
                ]
            )
        return Table(
            ["session", "title", "starts", "rating", "comment", "signed by", "rated at"],
            rows,
            zone_of(visit),
            title="feedback",
        )

    def settings(self, visit: Visit) -> LearningSettings:
        """The visit's learning settings."""
        return LearningSettings.of(visit)
