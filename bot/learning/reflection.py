"""The daily reflection (DEAL: Describe, Examine, Articulate Learning).

At the end of each visit day (the organisers' time, 20:00 in the visit's zone by default) each
participant gets an invitation through the outbox (mute category `reflection`). Three prompts
follow in a guided chat: what happened, what it means for Indonesia's diplomacy, what they will
do with it, answered by text or voice note (Telegram's file id and duration are kept). A
prompt or the whole day can be skipped. The window stays open until noon the next day, so an
answer can wait for the morning (the guided chat survives restarts); after it, nothing more is
written. A reflection is private to its author unless they share it with the organisers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from bot.clock import Clock
from bot.i18n import Html, Texts, day
from bot.learning import SETTING, LearningSettings, time_of_day
from bot.outbox import Button, Delivery, Outbox, OutgoingMessage, Renderer, Rendering
from bot.visits import zone_of
from storage.learning import PROMPTS, Answer, LearningStore, Reflection
from storage.people import PeopleStore
from storage.roles import Role
from storage.visits import Visit, VisitStore

REFLECTION = "reflection"  # the renderer's name, the mute category, the guided chat's feature
CLOSES_AT = time(12, 0)  # the next day, in the visit's zone
# Invitations are queued this long before they are due (a planner tick runs every 30 s); one
# whose time passed while the bot was down is queued at the next tick and goes out at once,
# as long as the day's window is open.
HORIZON = timedelta(minutes=30)


def day_code(on: date) -> str:
    """A day in callback data: 20251029."""
    return on.strftime("%Y%m%d")


def parse_day(code: str) -> date | None:
    """A day from callback data; None when it is no date."""
    try:
        return datetime.strptime(code, "%Y%m%d").date()
    except ValueError:
        return None


def voice_length(seconds: int | None) -> str:
    """0:42."""
    total = seconds or 0
    return f"{total // 60}:{total % 60:02d}"


class DailyReflection:
    """Planning the invitations, and the three prompts of each day."""

    def __init__(
        self,
        store: LearningStore,
        visits: VisitStore,
        people: PeopleStore,
        outbox: Outbox,
        texts: Texts,
        clock: Clock,
        language_of: Callable[[int | None], Awaitable[str]],
    ) -> None:
        self.store = store
        self.visits = visits
        self.people = people
        self.outbox = outbox
        self.texts = texts
        self.clock = clock
        self.language_of = language_of
        self._queued: set[str] = set()

    def renderers(self) -> dict[str, Renderer]:
        """The renderer the delivery worker calls at send time."""
        return {REFLECTION: self.render}

    # ------------------------------------------------------------------ the window

    def due(self, visit: Visit, on: date) -> datetime | None:
        """When the day's invitation goes out (None: the reflection is off)."""
        at = LearningSettings.of(visit).reflection
        if at is None:
            return None
        return datetime.combine(on, at, tzinfo=zone_of(visit)).astimezone(UTC)

    def closes(self, visit: Visit, on: date) -> datetime:
        """Noon of the next day, in the visit's zone."""
        next_day = on + timedelta(days=1)
        return datetime.combine(next_day, CLOSES_AT, tzinfo=zone_of(visit)).astimezone(UTC)

    def is_open(self, visit: Visit, on: date, now: datetime) -> bool:
        """Whether answers for that day are taken now."""
        due = self.due(visit, on)
        return (
            due is not None
            and visit.first_day <= on <= visit.last_day
            and due <= now < self.closes(visit, on)
        )

    def open_day(self, visit: Visit, now: datetime) -> date | None:
        """The visit day whose reflection is open now, if any."""
        on = visit.first_day
        while on <= visit.last_day:
            if self.is_open(visit, on, now):
                return on
            on += timedelta(days=1)
        return None

    def next_due(self, visit: Visit, now: datetime) -> datetime | None:
        """The next invitation's moment, if any is left."""
        on = visit.first_day
        while on <= visit.last_day:
            due = self.due(visit, on)
            if due is not None and due > now:
                return due
            on += timedelta(days=1)
        return None

    # ------------------------------------------------------------------ planning

    async def tick(self, now: datetime) -> None:
        """Queue each participant's invitation of every day due within the horizon."""
        for visit in await self.visits.all():
            if LearningSettings.of(visit).reflection is None:
                continue
            on = visit.first_day
            while on <= visit.last_day:
                due = self.due(visit, on)
                assert due is not None
                if due - now <= HORIZON and now < self.closes(visit, on):
                    await self._plan_day(visit, on, due)
                on += timedelta(days=1)

    async def _plan_day(self, visit: Visit, on: date, due: datetime) -> None:
        members = await self.people.members(visit.id, (Role.PARTICIPANT,))
        stamp = due.strftime("%H%M")
        deliveries = []
        for member in members:
            if not member.person.started:
                continue
            person_id = member.person.id
            key = f"reflection:{visit.id}:{on.isoformat()}:{person_id}:{stamp}"
            if key in self._queued:
                continue
            self._queued.add(key)
            language = await self.language_of(person_id)
            deliveries.append(
                Delivery(
                    chat_id=person_id,
                    message=self.invitation(visit, on, language),
                    rendering=Rendering(
                        REFLECTION, {"visit": visit.id, "day": on.isoformat(), "person": person_id}
                    ),
                    kind=REFLECTION,
                    visit_id=visit.id,
                    batch=f"reflection:{visit.id}:{on.isoformat()}",
                    dedupe_key=key,
                    due_at=due,
                    grace=self.closes(visit, on) - due,
                    mute_category=REFLECTION,
                )
            )
        if deliveries:
            await self.outbox.enqueue(deliveries)

    async def set_time(self, visit: Visit, value: str) -> LearningSettings | None:
        """`20:00`, or `off`: store it, drop the invitations not sent yet, plan again."""
        word = value.strip().lower()
        if word in ("off", "mati", "-"):
            at = None
        else:
            at = time_of_day(word)
            if at is None:
                return None
        updated = LearningSettings.of(visit).with_reflection(at)
        await self.store_settings(visit, updated)
        await self.outbox.cancel(dedupe_prefix=f"reflection:{visit.id}:")
        self._queued = {k for k in self._queued if not k.startswith(f"reflection:{visit.id}:")}
        await self.tick(self.clock.now())
        return updated

    async def store_settings(self, visit: Visit, updated: LearningSettings) -> None:
        """Keep the learning settings in the visit's settings."""
        await self.visits.set_setting(visit.id, SETTING, updated.to_json())

    # ------------------------------------------------------------------ messages

    async def render(
        self, data: dict[str, Any], language: str, late: bool
    ) -> OutgoingMessage | None:
        """The invitation as it reads now; None once the window closed or the day is done."""
        visit = await self.visits.get(int(data["visit"]))
        if visit is None:
            return None
        on = date.fromisoformat(data["day"])
        if self.clock.now() >= self.closes(visit, on):
            return None
        found = await self.store.reflection(visit.id, int(data["person"]), on)
        if found is not None and found.done:
            return None
        return self.invitation(visit, on, language)

    def invitation(self, visit: Visit, on: date, language: str) -> OutgoingMessage:
        """The day's invitation, with Start and Skip today."""
        get = self.texts.get
        code = f"{visit.id}:{day_code(on)}"
        return OutgoingMessage(
            get(language, "rf.invite", day=day(on, language)),
            (
                (
                    Button(get(language, "rf.start_button"), f"rf:go:{code}"),
                    Button(get(language, "rf.skip_day_button"), f"rf:no:{code}"),
                ),
            ),
        )

    def prompt(self, visit: Visit, on: date, prompt: str, language: str) -> OutgoingMessage:
        """One prompt (1/3, 2/3, 3/3) with a Skip button."""
        get = self.texts.get
        number = PROMPTS.index(prompt) + 1
        return OutgoingMessage(
            get(language, f"rf.prompt.{prompt}", number=number),
            ((Button(get(language, "rf.skip_button"), f"rf:sk:{visit.id}:{day_code(on)}"),),),
        )

    def finished(self, visit: Visit, reflection: Reflection, language: str) -> OutgoingMessage:
        """The closing message, with the button to share (or stop sharing)."""
        get = self.texts.get
        code = f"{visit.id}:{day_code(reflection.day)}"
        if reflection.skipped_day or not reflection.answers:
            return OutgoingMessage(get(language, "rf.skipped_day"))
        key = "rf.done_shared" if reflection.shared else "rf.done_private"
        button = Button(
            get(language, "rf.unshare_button" if reflection.shared else "rf.share_button"),
            f"rf:sh:{code}:{'n' if reflection.shared else 'y'}",
        )
        return OutgoingMessage(get(language, key), ((button,),))

    # ------------------------------------------------------------------ answers

    async def begin(
        self, visit: Visit, person_id: int, on: date
    ) -> tuple[str, Reflection | None, str | None]:
        """Start or resume a day: (`ask`, reflection, prompt), or (`closed` | `done`, ...)."""
        if not self.is_open(visit, on, self.clock.now()):
            return "closed", None, None
        reflection = await self.store.open_reflection(visit.id, person_id, on, self.clock.now())
        prompt = None if reflection.skipped_day else reflection.next_prompt()
        if prompt is None:
            return "done", reflection, None
        return "ask", reflection, prompt

    async def answer(
        self, visit: Visit, person_id: int, on: date, prompt: str, answer: Answer | None
    ) -> tuple[str, Reflection | None, str | None]:
        """Keep an answer (None: skip the prompt) and say what comes next: (`ask`, r, next
        prompt), (`done`, r, None), or (`closed`, None, None) with nothing written."""
        now = self.clock.now()
        if not self.is_open(visit, on, now):
            return "closed", None, None
        reflection = await self.store.open_reflection(visit.id, person_id, on, now)
        if answer is None:
            await self.store.skip(reflection.id, prompt, now)
        else:
            await self.store.answer(reflection.id, prompt, answer, now)
        return await self.begin(visit, person_id, on)

    async def skip_day(self, visit: Visit, person_id: int, on: date) -> str:
        """Pass over a whole day: `skipped`, or `closed` with nothing written."""
        now = self.clock.now()
        if not self.is_open(visit, on, now):
            return "closed"
        reflection = await self.store.open_reflection(visit.id, person_id, on, now)
        if reflection.answers:
            return "answered"
        await self.store.skip(reflection.id, None, now)
        return "skipped"

    async def share(
        self, visit: Visit, person_id: int, on: date, shared: bool
    ) -> Reflection | None:
        """Share a day's reflection with the organisers (or stop); None when there is none."""
        found = await self.store.reflection(visit.id, person_id, on)
        if found is None or not found.answers:
            return None
        await self.store.share(found.id, shared)
        return await self.store.reflection(visit.id, person_id, on)

    # ------------------------------------------------------------------ for organisers

    async def shared(self, visit: Visit, language: str) -> Html:
        """Reflections shared with the organisers, by day; and how many are private."""
        get = self.texts.get
        everything = await self.store.reflections_of_visit(visit.id)
        shown = [r for r in everything if r.shared and r.answers]
        private = sum(1 for r in everything if not r.shared and r.answers)
        lines = [get(language, "rf.shared.title", count=len(shown), private=private)]
        for reflection in shown:
            lines.append(
                get(
                    language,
                    "rf.shared.head",
                    name=reflection.name,
                    day=day(reflection.day, language),
                )
            )
            for prompt in PROMPTS:
                given = reflection.answers.get(prompt)
                if given is None:
                    continue
                lines.append(
                    Html(" ").join(
                        [get(language, f"rf.label.{prompt}"), self.answer_text(given, language)]
                    )
                )
        return Html("\n").join(lines)

    def answer_text(self, given: Answer, language: str) -> Html:
        """A text answer as it is, a voice note as its length."""
        if given.voice is not None:
            return self.texts.get(language, "rf.voice", length=voice_length(given.seconds))
        return self.texts.get(language, "rf.text", text=given.text or "")
