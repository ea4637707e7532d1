""" "Are you safe?": every member of a visit (or a group) is asked at once, urgently, with
**I'm safe** / **I need help**; the organisers watch one live board each.

Silence escalates, driven by the clock (the Planners tick) from what is in the database, so a
restart neither loses nor repeats a stage: after N minutes the silent get a second message,
after 2N their group leaders and buddy are asked to find them. Each stage's messages are queued
with dedupe keys before the stage is noted, so a crash in between queues nothing twice.
**I need help** raises an SOS (bot/safety/sos.py) and asks for a location and a short note.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.boards import BoardView, LiveBoards
from bot.clock import Clock
from bot.i18n import Html, Texts, clock_time, fit
from bot.outbox import Button, Delivery, Outbox, OutgoingMessage
from bot.people import People
from bot.safety.groups import GroupCare
from bot.safety.sos import ALERT_GRACE, SosAlerts
from bot.visits import zone_of
from storage.groups import GroupStore
from storage.outbox import SENT, OutboxRow
from storage.safety import (
    ASKED_AGAIN,
    HELP,
    SAFE,
    SEARCHED,
    SafetyBoard,
    SafetyCheck,
    SafetyStore,
)
from storage.visits import Visit, VisitStore

log = logging.getLogger(__name__)

DEFAULT_MINUTES = 10
MAX_MINUTES = 120
MESSAGE_LIMIT = 300
BOARD_KIND = "safety_board"
BOARD_INTERVAL_SECONDS = 1.0
ANSWER_CODES = {"s": SAFE, "h": HELP}


@dataclass(frozen=True, slots=True)
class SafetyRequest:
    """What `/safetycheck [GROUP |] [15m] [MESSAGE]` asked for."""

    message: str
    minutes: int = DEFAULT_MINUTES
    group: str | None = None


def parse_safety_check(text: str) -> SafetyRequest | None:
    """Read `[GROUP |] [MINUTESm] [MESSAGE]`; None when the minutes or message are out of range."""
    group: str | None = None
    if "|" in text:
        before, _, text = text.partition("|")
        group = before.strip()
        if not group:
            return None
    words = text.split()
    minutes = DEFAULT_MINUTES
    if words and words[0].lower().endswith("m") and words[0][:-1].isdigit():
        minutes = int(words[0][:-1])
        words = words[1:]
        if not 1 <= minutes <= MAX_MINUTES:
            return None
    message = " ".join(words)
    if len(message) > MESSAGE_LIMIT:
        return None
    return SafetyRequest(message, minutes, group)


@dataclass
class SafetyTally:
    """Answers by name: safe, needing help (with notes), and the silent by stage."""

    safe: list[str] = field(default_factory=list)
    help: list[str] = field(default_factory=list)
    silent: dict[int, list[str]] = field(default_factory=lambda: {0: [], 1: [], 2: []})

    @property
    def total(self) -> int:
        """Everyone asked."""
        return len(self.safe) + len(self.help) + sum(len(n) for n in self.silent.values())


class SafetyChecks:
    """Opening, answering, escalating and closing safety checks."""

    def __init__(
        self,
        store: SafetyStore,
        groups: GroupStore,
        care: GroupCare,
        sos: SosAlerts,
        people: People,
        visits: VisitStore,
        outbox: Outbox,
        texts: Texts,
        clock: Clock,
    ) -> None:
        self.store = store
        self.groups = groups
        self.care = care
        self.sos = sos
        self.people = people
        self.visits = visits
        self.outbox = outbox
        self.texts = texts
        self.clock = clock
        # Set when the bot starts (it edits messages).
        self.boards: LiveBoards[SafetyBoard] | None = None

    async def open(
        self, visit: Visit, request: SafetyRequest, organiser_id: int
    ) -> SafetyCheck | None:
        """Open a check over every member of the visit but its starter, or over one group's
        members (None when there is nobody to ask)."""
        members = await self.people.store.members(visit.id)
        if request.group is not None:
            wanted = set(await self.groups.member_ids(visit.id, request.group))
            members = [m for m in members if m.person.id in wanted]
        asked = [m.person.id for m in members if m.person.id != organiser_id]
        if not asked:
            return None
        return await self.store.open(
            visit_id=visit.id,
            created_by=organiser_id,
            message=request.message,
            group_name=request.group,
            minutes=request.minutes,
            now=self.clock.now(),
            member_ids=asked,
        )

    async def announce(
        self, visit: Visit, check: SafetyCheck, starter: SafetyBoard, shown: OutgoingMessage
    ) -> int:
        """Keep the starter's board, then queue a board to every other reachable organiser and
        the urgent question to everyone asked, in one transaction, boards first."""
        if self.boards is not None:
            self.boards.showing(starter.check_id, starter, shown.payload())
        await self.store.add_board(starter)
        deliveries = [
            Delivery(
                chat_id=organiser.id,
                message=await self.board_now(self.people.language(organiser), visit, check),
                kind=BOARD_KIND,
                visit_id=visit.id,
                batch=f"safety:{check.id}",
                dedupe_key=f"safety:{check.id}:board:{organiser.id}",
                grace=ALERT_GRACE,
                urgent=True,
            )
            for organiser in await self.people.reachable_organisers(visit.id)
            if organiser.id != starter.person_id
        ]
        asked = [answer.person_id for answer in await self.store.answers(check.id)]
        deliveries += await self._questions(visit, check, asked, again=False)
        return await self.outbox.enqueue(deliveries)

    async def _questions(
        self, visit: Visit, check: SafetyCheck, person_ids: list[int], *, again: bool
    ) -> list[Delivery]:
        deliveries = []
        for person_id in person_ids:
            language = self.people.language(await self.people.store.get(person_id))
            deliveries.append(
                Delivery(
                    chat_id=person_id,
                    message=OutgoingMessage(
                        self.question(language, check, None, again=again),
                        self.answer_buttons(language, check),
                    ),
                    kind="safety",
                    visit_id=visit.id,
                    batch=f"safety:{check.id}",
                    dedupe_key=f"safety:{check.id}:{'q2' if again else 'q'}:{person_id}",
                    grace=ALERT_GRACE,
                    urgent=True,
                )
            )
        return deliveries

    def question(
        self, language: str, check: SafetyCheck, answer: str | None, *, again: bool = False
    ) -> Html:
        """The question a member sees (the second time, marked so), with their answer once
        given."""
        lines = []
        if again:
            lines.append(self.texts.get(language, "safety.again"))
        lines.append(self.texts.get(language, "safety.question"))
        if check.message:
            lines.append(self.texts.get(language, "safety.message", message=check.message))
        if answer is not None:
            lines.append(
                self.texts.get(
                    language,
                    "safety.your_answer",
                    answer=self.texts.get(language, f"safety.answer.{answer}"),
                )
            )
        return Html("\n").join(lines)

    def answer_buttons(self, language: str, check: SafetyCheck) -> tuple[tuple[Button, ...], ...]:
        """I'm safe / I need help."""
        return (
            tuple(
                Button(
                    self.texts.get(language, f"safety.answer.{answer}"), f"sc:a:{check.id}:{code}"
                )
                for code, answer in ANSWER_CODES.items()
            ),
        )

    async def answer(
        self, check_id: int, person_id: int, code: str
    ) -> tuple[str, SafetyCheck | None]:
        """Store an answer: "recorded", "closed", "not_asked" or "unknown". "I need help"
        raises an SOS for the person (once per check)."""
        answer = ANSWER_CODES.get(code)
        check = await self.store.get(check_id)
        if check is None or answer is None:
            return "unknown", check
        if not await self.store.is_member(check_id, person_id):
            return "not_asked", check
        before = {a.person_id: a.answer for a in await self.store.answers(check_id)}
        if check.closed or not await self.store.answer(
            check_id, person_id, answer, self.clock.now()
        ):
            return "closed", check
        if answer == HELP and before.get(person_id) != HELP:
            visit = await self.visits.get(check.visit_id)
            person = await self.people.store.get(person_id)
            if visit is not None and person is not None:
                await self.sos.raise_sos(visit, person, check_id=check.id)
        if self.boards is not None:
            self.boards.request(check_id)
        return "recorded", check

    async def note(self, check_id: int, person_id: int, note: str) -> None:
        """Keep the note of someone who asked for help, and show it on the boards."""
        await self.store.set_note(check_id, person_id, note)
        if self.boards is not None:
            self.boards.request(check_id)

    async def tally(self, check: SafetyCheck, language: str = "id") -> SafetyTally:
        """The answers so far, with names in alphabetical order (someone whose search reached
        nobody, having no leader or buddy the bot can write to, is marked so)."""
        names = {
            member.person.id: member.person.full_name
            for member in await self.people.store.members(check.visit_id)
        }
        tally = SafetyTally()
        rows = await self.store.answers(check.id)
        for row in sorted(rows, key=lambda r: (names.get(r.person_id, "").lower(), r.person_id)):
            name = names.get(row.person_id) or str(row.person_id)
            if row.answer == SAFE:
                tally.safe.append(name)
            elif row.answer == HELP:
                tally.help.append(f"{name} ({row.note})" if row.note else name)
            elif row.stage >= SEARCHED:
                carers = await self.care.carers(check.visit_id, row.person_id)
                if not carers.reachable(exclude=row.person_id):
                    name = self.texts.get(language, "safety.board.no_carers", name=name)
                tally.silent[SEARCHED].append(name)
            else:
                tally.silent[row.stage].append(name)
        return tally

    def render_board(
        self, language: str, visit: Visit, check: SafetyCheck, tally: SafetyTally
    ) -> str:
        """The organiser's live message: counts, who needs help, the silent at each stage."""
        zone = zone_of(visit)
        title_key = "safety.board.closed" if check.closed else "safety.board.open"
        lines = [
            self.texts.get(
                language,
                title_key,
                group=check.group_name or self.texts.get(language, "safety.everyone"),
                at=clock_time(check.opened_at, language, zone),
            )
        ]
        if check.message:
            lines.append(self.texts.get(language, "safety.message", message=check.message))
        silent = sum(len(names) for names in tally.silent.values())
        lines.append(
            self.texts.get(
                language,
                "safety.board.counts",
                safe=len(tally.safe),
                help=len(tally.help),
                silent=silent,
                total=tally.total,
            )
        )
        if tally.help:
            lines.append(
                self.texts.get(language, "safety.board.help", names=Html(", ").join(tally.help))
            )
        second = clock_time(check.opened_at + timedelta(minutes=check.minutes), language, zone)
        search = clock_time(check.opened_at + timedelta(minutes=2 * check.minutes), language, zone)
        for stage, key in enumerate(
            ("safety.board.silent", "safety.board.asked_again", "safety.board.searched")
        ):
            if tally.silent[stage]:
                lines.append(
                    self.texts.get(
                        language,
                        key,
                        names=Html(", ").join(tally.silent[stage]),
                        second=second,
                        search=search,
                    )
                )
        return fit("\n".join(lines))

    def board_buttons(self, language: str, check: SafetyCheck) -> tuple[tuple[Button, ...], ...]:
        """Close, while open."""
        if check.closed:
            return ()
        return ((Button(self.texts.get(language, "safety.button.close"), f"sc:c:{check.id}"),),)

    async def board_now(self, language: str, visit: Visit, check: SafetyCheck) -> OutgoingMessage:
        """A board in one language as it should look now."""
        tally = await self.tally(check, language)
        return OutgoingMessage(
            self.render_board(language, visit, check, tally), self.board_buttons(language, check)
        )

    async def board_views(self, check_id: int) -> list[BoardView[SafetyBoard]]:
        """Every board of a check and what it should show now, in its organiser's language."""
        check = await self.store.get(check_id)
        visit = None if check is None else await self.visits.get(check.visit_id)
        if check is None or visit is None:
            return []
        messages: dict[str, OutgoingMessage] = {}
        views = []
        for board in await self.store.boards(check_id):
            whose = (
                None if board.person_id is None else await self.people.store.get(board.person_id)
            )
            language = self.people.language(whose)
            if language not in messages:
                messages[language] = await self.board_now(language, visit, check)
            views.append(BoardView(board, messages[language]))
        return views

    async def board_sent(self, row: OutboxRow, message_id: int) -> None:
        """The delivery worker sent an organiser their board: keep it and bring it up to date."""
        board = board_of(row, message_id)
        if board is None:
            return
        if self.boards is not None:
            self.boards.showing(board.check_id, board, row.payload)
        if await self.store.add_board(board) and self.boards is not None:
            self.boards.request(board.check_id)

    async def forget_board(self, board: SafetyBoard) -> None:
        """A board whose organiser blocked the bot is not edited any more."""
        await self.store.remove_board(board)

    async def redraw_after_restart(self) -> None:
        """Bring every open check's boards up to date after a start (a board sent just before
        a crash is taken from its outbox row)."""
        for check in await self.store.open_ones():
            for row in await self.outbox.store.of_batch(f"safety:{check.id}"):
                board = board_of(row, row.message_id) if row.state == SENT else None
                if board is not None:
                    await self.store.add_board(board)
            if self.boards is not None:
                self.boards.request(check.id)

    async def close(self, check_id: int) -> bool:
        """Close a check: no more answers, no more escalation."""
        closed = await self.store.close(check_id, self.clock.now())
        if closed and self.boards is not None:
            self.boards.request(check_id)
        return closed

    async def tick(self, now: datetime) -> None:
        """Escalate silence: the second message after N minutes, leader and buddy after 2N."""
        for check in await self.store.open_ones():
            visit = await self.visits.get(check.visit_id)
            if visit is None:
                continue
            moved = False
            if now >= check.opened_at + timedelta(minutes=check.minutes):
                silent = await self.store.silent_below(check.id, ASKED_AGAIN)
                if silent:
                    await self.outbox.enqueue(
                        await self._questions(visit, check, silent, again=True)
                    )
                    await self.store.reach_stage(check.id, silent, ASKED_AGAIN)
                    moved = True
            if now >= check.opened_at + timedelta(minutes=2 * check.minutes):
                silent = await self.store.silent_below(check.id, SEARCHED)
                if silent:
                    await self.outbox.enqueue(await self._searches(visit, check, silent))
                    await self.store.reach_stage(check.id, silent, SEARCHED)
                    moved = True
            if moved and self.boards is not None:
                self.boards.request(check.id)

    async def _searches(
        self, visit: Visit, check: SafetyCheck, person_ids: list[int]
    ) -> list[Delivery]:
        """Ask each silent person's group leaders and buddy to find them."""
        deliveries = []
        for person_id in person_ids:
            person = await self.people.store.get(person_id)
            if person is None:
                continue
            carers = await self.care.carers(visit.id, person_id)
            for carer in carers.reachable(exclude=person_id):
                language = self.people.language(carer)
                deliveries.append(
                    Delivery(
                        chat_id=carer.id,
                        message=OutgoingMessage(
                            self.texts.get(
                                language,
                                "safety.find",
                                name=person.full_name,
                                minutes=2 * check.minutes,
                            )
                        ),
                        kind="safety",
                        visit_id=visit.id,
                        batch=f"safety:{check.id}",
                        dedupe_key=f"safety:{check.id}:find:{person_id}:{carer.id}",
                        grace=ALERT_GRACE,
                        urgent=True,
                    )
                )
        return deliveries


def board_of(row: OutboxRow, message_id: int | None) -> SafetyBoard | None:
    """The organiser's board an outbox row sent as `message_id` (None for other rows)."""
    if row.kind != BOARD_KIND or row.batch is None or row.person_id is None or message_id is None:
        return None
    return SafetyBoard(int(row.batch.partition(":")[2]), row.chat_id, message_id, row.person_id)
