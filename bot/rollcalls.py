"""Roll calls: an ad-hoc headcount of a visit's participants, and its organisers' live boards.

Every reachable organiser of the visit gets one live message (a board) in their language: the
starter as the answer to their command, the others through the outbox. Answers land in the
database first; the boards are then re-rendered from the database by `LiveBoards`, all the
boards of a roll call in one pass, at most one pass per interval per roll call (so each board's
chat gets at most one edit a second). Because each pass reads the state after clearing its
"dirty" mark, an answer that arrives during a pass triggers one more, so every board ends with
exactly the stored counts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.boards import BoardView, LiveBoards
from bot.clock import Clock
from bot.i18n import Html, Texts, clock_time, fit, when
from bot.outbox import Button, Delivery, Outbox, OutgoingMessage
from bot.people import People
from bot.visits import zone_of
from storage.groups import GroupStore
from storage.outbox import SENT, OutboxRow
from storage.people import Person
from storage.roles import Role
from storage.rollcalls import RollCall, RollCallBoard, RollCallStore
from storage.visits import Visit, VisitStore

log = logging.getLogger(__name__)

ANSWER_CODES = {"h": "here", "l": "late", "n": "not_coming"}
DEFAULT_MINUTES = 10
MAX_MINUTES = 240
LABEL_LIMIT = 100
# Telegram allows about one message (or edit) per second in a chat.
BOARD_INTERVAL_SECONDS = 1.0
# The outbox kind of the boards sent to the organisers who did not start the roll call.
BOARD_KIND = "rollcall_board"


@dataclass(frozen=True, slots=True)
class RollCallRequest:
    """What `/rollcall LABEL [MINUTES]` asked for."""

    label: str
    minutes: int
    group: str | None = None  # only this named group is asked ("Bus 2")


def parse_rollcall(words: list[str]) -> RollCallRequest | None:
    """Read `[GROUP |] LABEL [MINUTES]`; None when there is no label or the minutes are out of
    range."""
    group: str | None = None
    if "|" in " ".join(words):
        before, _, after = " ".join(words).partition("|")
        group = before.strip() or None
        words = after.split()
        if group is None:
            return None
    minutes = DEFAULT_MINUTES
    if len(words) > 1 and words[-1].isdigit():
        minutes = int(words[-1])
        words = words[:-1]
        if not 1 <= minutes <= MAX_MINUTES:
            return None
    label = " ".join(words).strip()
    if not label or len(label) > LABEL_LIMIT:
        return None
    return RollCallRequest(label, minutes, group)


@dataclass
class Tally:
    """A roll call's answers with names: here, late, not coming, and still missing."""

    here: list[str] = field(default_factory=list)
    late: list[str] = field(default_factory=list)
    not_coming: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    missing_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class AnswerOutcome:
    """What became of an answer: "recorded", "closed", "not_asked" or "unknown"."""

    state: str
    rollcall: RollCall | None = None
    answer: str | None = None


class RollCalls:
    """Opening, answering, re-pinging and closing roll calls."""

    def __init__(
        self,
        store: RollCallStore,
        people: People,
        visits: VisitStore,
        outbox: Outbox,
        texts: Texts,
        clock: Clock,
        groups: GroupStore,
    ) -> None:
        self.store = store
        self.people = people
        self.visits = visits
        self.outbox = outbox
        self.texts = texts
        self.clock = clock
        self.groups = groups
        # Set when the bot starts (it edits messages).
        self.boards: LiveBoards[RollCallBoard] | None = None

    async def open(
        self, visit: Visit, request: RollCallRequest, organiser_id: int
    ) -> RollCall | None:
        """Open a roll call over the visit's participants, or over one group's members (None
        when there is nobody to ask).

        The boards and the question go out with `announce`, once the starter's board exists.
        """
        now = self.clock.now()
        if request.group is not None:
            wanted = set(await self.groups.member_ids(visit.id, request.group))
            asked = [m for m in await self.people.store.members(visit.id) if m.person.id in wanted]
        else:
            asked = await self.people.store.members(visit.id, (Role.PARTICIPANT,))
        if not asked:
            return None
        return await self.store.open(
            visit_id=visit.id,
            label=request.label,
            created_by=organiser_id,
            now=now,
            closes_at=now + timedelta(minutes=request.minutes),
            member_ids=[member.person.id for member in asked],
            group_name=request.group,
        )

    async def watchers(self, visit: Visit, rollcall: RollCall) -> list[Person]:
        """Who gets a board: every reachable organiser, and the group's leader for a roll call
        of one group."""
        found = await self.people.reachable_organisers(visit.id)
        if rollcall.group_name is not None:
            leader_id = await self.groups.leader_id(visit.id, rollcall.group_name)
            leader = None if leader_id is None else await self.people.store.get(leader_id)
            if (
                leader is not None
                and leader.started
                and leader.unreachable_since is None
                and all(person.id != leader.id for person in found)
            ):
                found.append(leader)
        return found

    async def announce(
        self, visit: Visit, rollcall: RollCall, starter: RollCallBoard, shown: OutgoingMessage
    ) -> int:
        """Keep the starter's board (showing `shown`), then queue a board to every other
        reachable organiser and the question to everyone asked, in one transaction, boards first.
        """
        if self.boards is not None:
            # Noted before the board can be read back, so no pass edits it to what it shows.
            self.boards.showing(starter.rollcall_id, starter, shown.payload())
        await self.store.add_board(starter)
        tally = await self.tally(rollcall)
        organisers = {person.id for person in await self.people.reachable_organisers(visit.id)}
        deliveries = [
            Delivery(
                chat_id=organiser.id,
                message=self.board_message(
                    self.people.language(organiser),
                    visit,
                    rollcall,
                    tally,
                    controls=organiser.id in organisers,
                ),
                kind=BOARD_KIND,
                visit_id=visit.id,
                batch=f"rollcall:{rollcall.id}",
                dedupe_key=f"rollcall:{rollcall.id}:board:{organiser.id}",
                grace=max(timedelta(0), rollcall.closes_at - self.clock.now()),
                urgent=True,
            )
            for organiser in await self.watchers(visit, rollcall)
            if organiser.id != starter.person_id
        ]
        person_ids = [row.person_id for row in await self.store.answers(rollcall.id)]
        deliveries += await self._questions(visit, rollcall, person_ids, "q")
        return await self.outbox.enqueue(deliveries)

    async def board_sent(self, row: OutboxRow, message_id: int) -> None:
        """The delivery worker sent an organiser their board: keep it and bring it up to date."""
        board = board_of(row, message_id)
        if board is None:
            return
        if self.boards is not None:
            self.boards.showing(board.rollcall_id, board, row.payload)
        # Answers may have come in while it waited in the outbox.
        if await self.store.add_board(board) and self.boards is not None:
            self.boards.request(board.rollcall_id)

    async def redraw_after_restart(self) -> None:
        """Bring every open roll call's boards up to date after a start.

        A board the worker sent just before a crash may have missed `board_sent`: its outbox row
        says sent, with the message id, so it is taken from there. An answer stored just before
        the stop may not have reached the boards either.
        """
        for rollcall in await self.store.open_ones():
            for row in await self.outbox.store.of_batch(f"rollcall:{rollcall.id}"):
                board = board_of(row, row.message_id) if row.state == SENT else None
                if board is not None:
                    await self.store.add_board(board)
            if self.boards is not None:
                self.boards.request(rollcall.id)

    def question(self, language: str, visit: Visit, rollcall: RollCall, answer: str | None) -> str:
        """The question a participant sees, with their answer once given."""
        text: str = self.texts.get(
            language,
            "rc.question",
            label=rollcall.label,
            until=clock_time(rollcall.closes_at, language, zone_of(visit)),
        )
        if answer is not None:
            text += "\n" + self.texts.get(
                language, "rc.your_answer", answer=self.texts.get(language, f"rc.answer.{answer}")
            )
        return text

    def answer_buttons(self, language: str, rollcall: RollCall) -> tuple[tuple[Button, ...], ...]:
        """Here / Running late / Not coming."""
        return (
            tuple(
                Button(
                    self.texts.get(language, f"rc.answer.{answer}"), f"rc:a:{rollcall.id}:{code}"
                )
                for code, answer in ANSWER_CODES.items()
            ),
        )

    async def _questions(
        self, visit: Visit, rollcall: RollCall, person_ids: list[int], tag: str
    ) -> list[Delivery]:
        deliveries = []
        for person_id in person_ids:
            language = self.people.language(await self.people.store.get(person_id))
            deliveries.append(
                Delivery(
                    chat_id=person_id,
                    message=OutgoingMessage(
                        self.question(language, visit, rollcall, None),
                        self.answer_buttons(language, rollcall),
                    ),
                    kind="rollcall",
                    visit_id=visit.id,
                    batch=f"rollcall:{rollcall.id}",
                    dedupe_key=f"rollcall:{rollcall.id}:{tag}:{person_id}",
                    grace=max(timedelta(0), rollcall.closes_at - self.clock.now()),
                    urgent=True,
                )
            )
        return deliveries

    async def answer(self, rollcall_id: int, person_id: int, code: str) -> AnswerOutcome:
        """Store or change a participant's answer while the roll call is open."""
        answer = ANSWER_CODES.get(code)
        rollcall = await self.store.get(rollcall_id)
        if rollcall is None or answer is None:
            return AnswerOutcome("unknown")
        if not await self.store.is_member(rollcall_id, person_id):
            return AnswerOutcome("not_asked", rollcall)
        if rollcall.closed or not await self.store.answer(
            rollcall_id, person_id, answer, self.clock.now()
        ):
            return AnswerOutcome("closed", rollcall)
        if self.boards is not None:
            self.boards.request(rollcall_id)
        return AnswerOutcome("recorded", rollcall, answer)

    async def tally(self, rollcall: RollCall) -> Tally:
        """The answers so far, with names in alphabetical order."""
        names = {
            member.person.id: member.person.full_name
            for member in await self.people.store.members(rollcall.visit_id)
        }
        tally = Tally()
        rows = await self.store.answers(rollcall.id)
        for row in sorted(rows, key=lambda r: (names.get(r.person_id, "").lower(), r.person_id)):
            name = names.get(row.person_id) or str(row.person_id)
            if row.answer == "here":
                tally.here.append(name)
            elif row.answer == "late":
                tally.late.append(name)
            elif row.answer == "not_coming":
                tally.not_coming.append(name)
            else:
                tally.missing.append(name)
                tally.missing_ids.append(row.person_id)
        return tally

    def render_board(self, language: str, visit: Visit, rollcall: RollCall, tally: Tally) -> str:
        """The organiser's live message: counts, who is late or not coming, who is missing."""
        zone = zone_of(visit)
        key = "rc.board.closed" if rollcall.closed else "rc.board.open"
        headcount = []
        if rollcall.group_name is not None:
            present = len(tally.here) + len(tally.late)
            total = present + len(tally.not_coming) + len(tally.missing)
            absent = [*tally.not_coming, *tally.missing]
            headcount.append(
                self.texts.get(
                    language,
                    "rc.board.headcount_missing" if absent else "rc.board.headcount",
                    group=rollcall.group_name,
                    count=present,
                    total=total,
                    names=Html(", ").join(absent),
                )
            )
        lines = [
            *headcount,
            self.texts.get(
                language,
                key,
                label=rollcall.label,
                until=clock_time(rollcall.closes_at, language, zone),
            ),
            self.texts.get(
                language,
                "rc.board.counts",
                here=len(tally.here),
                late=len(tally.late),
                not_coming=len(tally.not_coming),
                missing=len(tally.missing),
                total=len(tally.here)
                + len(tally.late)
                + len(tally.not_coming)
                + len(tally.missing),
            ),
        ]
        for name_key, names in (
            ("rc.board.late", tally.late),
            ("rc.board.not_coming", tally.not_coming),
            ("rc.board.missing", tally.missing),
        ):
            if names:
                lines.append(self.texts.get(language, name_key, names=Html(", ").join(names)))
        return fit("\n".join(lines))

    def board_message(
        self, language: str, visit: Visit, rollcall: RollCall, tally: Tally, controls: bool = True
    ) -> OutgoingMessage:
        """A board in one language: the live message and, for organisers, its buttons (a
        group's leader watches without them: re-ping and close are the organisers')."""
        return OutgoingMessage(
            self.render_board(language, visit, rollcall, tally),
            self.board_buttons(language, rollcall) if controls else (),
        )

    async def board_now(self, language: str, visit: Visit, rollcall: RollCall) -> OutgoingMessage:
        """A board in one language as it should look now."""
        return self.board_message(language, visit, rollcall, await self.tally(rollcall))

    async def board_views(self, rollcall_id: int) -> list[BoardView[RollCallBoard]]:
        """Every board of a roll call and what it should show now, in its organiser's language."""
        rollcall = await self.store.get(rollcall_id)
        if rollcall is None:
            return []
        boards = await self.store.boards(rollcall_id)
        visit = await self.visits.get(rollcall.visit_id) if boards else None
        if visit is None:
            return []
        tally = await self.tally(rollcall)
        messages: dict[tuple[str, bool], OutgoingMessage] = {}
        views = []
        for board in boards:
            whose = board.person_id
            organiser = None if whose is None else await self.people.store.get(whose)
            language = self.people.language(organiser)
            controls = whose is None or await self.people.role_in(whose, visit.id) is Role.ORGANISER
            if (language, controls) not in messages:
                messages[language, controls] = self.board_message(
                    language, visit, rollcall, tally, controls
                )
            views.append(BoardView(board, messages[language, controls], final=rollcall.closed))
        return views

    async def forget_board(self, board: RollCallBoard) -> None:
        """Stop following a board whose organiser blocked the bot, and note them unreachable."""
        await self.store.remove_board(board)
        if board.person_id is not None:
            await self.people.store.mark_unreachable(board.person_id, self.clock.now())

    def board_buttons(self, language: str, rollcall: RollCall) -> tuple[tuple[Button, ...], ...]:
        """Re-ping the missing and close, while open."""
        if rollcall.closed:
            return ()
        return (
            (
                Button(self.texts.get(language, "rc.button.ping"), f"rc:p:{rollcall.id}"),
                Button(self.texts.get(language, "rc.button.close"), f"rc:c:{rollcall.id}"),
            ),
        )

    async def ping_missing(self, visit: Visit, rollcall: RollCall) -> int:
        """Ask again everyone who has not answered; returns how many were asked."""
        tally = await self.tally(rollcall)
        if rollcall.closed or not tally.missing_ids:
            return 0
        number = await self.store.count_ping(rollcall.id)
        await self.outbox.enqueue(
            await self._questions(visit, rollcall, tally.missing_ids, f"p{number}")
        )
        return len(tally.missing_ids)

    async def close(self, rollcall_id: int) -> bool:
        """Close a roll call (by button or on time); True if it was open."""
        closed = await self.store.close(rollcall_id, self.clock.now())
        if closed and self.boards is not None:
            self.boards.request(rollcall_id)
        return closed

    async def tick(self, now: datetime) -> None:
        """Close roll calls whose time is up."""
        for rollcall in await self.store.due_to_close(now):
            await self.close(rollcall.id)

    async def history(self, visit: Visit, language: str) -> list[str]:
        """One line per recent roll call of a visit."""
        lines: list[str] = []
        for rollcall in await self.store.of_visit(visit.id):
            tally = await self.tally(rollcall)
            lines.append(
                self.texts.get(
                    language,
                    "rc.history.line",
                    label=rollcall.label,
                    when=when(rollcall.opened_at, language, zone_of(visit)),
                    here=len(tally.here),
                    late=len(tally.late),
                    not_coming=len(tally.not_coming),
                    missing=len(tally.missing),
                    state=Html(
                        self.texts.get(
                            language, "rc.state.closed" if rollcall.closed else "rc.state.open"
                        )
                    ),
                )
            )
        return lines


def board_of(row: OutboxRow, message_id: int | None) -> RollCallBoard | None:
    """The organiser's board an outbox row sent as `message_id` (None for other rows)."""
    if row.kind != BOARD_KIND or row.batch is None or row.person_id is None or message_id is None:
        return None
    rollcall_id = int(row.batch.partition(":")[2])
    return RollCallBoard(rollcall_id, row.chat_id, message_id, row.person_id)
