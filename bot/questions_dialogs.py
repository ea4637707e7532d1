"""The Q&A guided chats, step by step: writing a question, an answer, a rejection reason or a
corrected text. The state lives in `bot.dialogs`, so a restart continues at the same step.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.dialogs import Dialogs
from bot.outbox import OutgoingMessage
from bot.questions import TEXT_PROBLEMS, Questions, text_problem
from bot.questions_views import REASON_LIMIT, ButtonData, Target
from storage.dialogs import DialogState
from storage.people import Person
from storage.questions import Question
from storage.roles import Role
from storage.visits import Visit

DIALOG = "qa"
# Steps only organisers take (moderation): their role is checked again at each one.
MODERATION_STEPS = frozenset({"reason", "edit"})


@dataclass(frozen=True, slots=True)
class Turn:
    """What one typed message in a Q&A guided chat leads to."""

    view: OutgoingMessage  # the answer to the person who wrote
    rejected: Question | None = None  # decided now: the other organisers' cards should show it
    answered: bool = False  # an answer went out: the live lists changed


class QuestionDialogs:
    """Start, continue and finish the Q&A guided chats."""

    def __init__(self, questions: Questions, dialogs: Dialogs) -> None:
        self.questions = questions
        self.dialogs = dialogs
        self.views = questions.views

    async def typed(
        self, visit: Visit, person: Person, role: Role | None, text: str | None
    ) -> Turn:
        """A message in the guided chat in progress: its step says what it means."""
        step = self._state(person).step
        if step == "text":
            return await self.question_text(visit, person, text)
        if step == "answer":
            return await self.typed_answer(visit, person, role, text)
        if step == "reason":
            return await self.typed_reason(visit, person, text)
        if step == "edit":
            return await self.typed_edit(visit, person, text)
        return self._say(person, "qa.ask.use_buttons")

    # Asking

    async def start_question(
        self, visit: Visit, asker: Person, parsed: ButtonData
    ) -> OutgoingMessage | None:
        """**Ask a question** pressed: the step asking for the text (None: a stale button)."""
        target = await self.questions.target_of(visit.id, parsed)
        if target is None:
            return None
        await self.dialogs.start(asker.id, DIALOG, "text", kind=target.kind, target=target.id)
        return self.views.write_question(self._language(asker), target)

    async def question_text(self, visit: Visit, asker: Person, text: str | None) -> Turn:
        """Step `text`: check the question, then ask about showing the name."""
        state = self._state(asker)
        language = self._language(asker)
        if text is None:
            return self._say(asker, "qa.ask.text_only")
        problem = await self.questions.check_question(visit.id, asker.id, text)
        if problem is not None:
            return self._problem(asker, problem, "question")
        await self.dialogs.advance(state, "anon", text=text.strip())
        return Turn(self.views.choose_anonymity(language))

    async def choose_anonymity(
        self, visit: Visit, asker: Person, anonymous: bool
    ) -> OutgoingMessage | None:
        """Name or anonymous chosen: the question to confirm (None: a stale button)."""
        draft = await self._draft(visit, asker, "anon")
        if draft is None:
            return None
        state, target = draft
        state = await self.dialogs.advance(state, "confirm", anonymous=anonymous)
        return self.views.confirm(self._language(asker), target, state.data["text"], anonymous)

    async def send_question(self, visit: Visit, asker: Person) -> str | None:
        """**Send** pressed: store the question and say what happens next (None: stale)."""
        draft = await self._draft(visit, asker, "confirm")
        if draft is None:
            return None
        state, target = draft
        asked = await self.questions.ask(
            visit, asker, target, str(state.data["text"]), bool(state.data.get("anonymous"))
        )
        await self.dialogs.end(asker.id)
        language = self._language(asker)
        if asked.question is None:
            assert asked.problem is not None
            return self.views.problem(language, asked.problem, "question")
        return self.views.sent(language, asked.question, target)

    async def cancel(self, person: Person) -> bool:
        """**Cancel** pressed: end the Q&A guided chat in progress (False: there was none)."""
        state = self.dialogs.active(person.id)
        if state is None or state.feature != DIALOG:
            return False
        await self.dialogs.end(person.id)
        return True

    # Moderation

    async def start_reason(self, organiser: Person, question: Question) -> OutgoingMessage:
        """**Other reason** pressed: the step asking for the organiser's own reason."""
        await self.dialogs.start(organiser.id, DIALOG, "reason", question=question.id)
        return self.views.type_reason(self._language(organiser), question)

    async def typed_reason(self, visit: Visit, organiser: Person, text: str | None) -> Turn:
        """Step `reason`: reject with the typed reason."""
        question = await self._question(visit, organiser)
        text = text or ""
        problem = text_problem(text, REASON_LIMIT)
        if problem is not None:
            return self._problem(organiser, problem, "reason")
        await self.dialogs.end(organiser.id)
        if question is None:
            return self._say(organiser, "error.stale_button")
        decision = await self.questions.reject(visit, question, organiser, text.strip())
        if decision.done:
            return Turn(self._text(organiser, "qa.mod.done.rejected"), decision.question)
        return self._say(organiser, f"qa.mod.already.{decision.question.state}")

    async def start_edit(self, organiser: Person, question: Question) -> OutgoingMessage:
        """**Edit** pressed: the step asking for the corrected text."""
        await self.dialogs.start(organiser.id, DIALOG, "edit", question=question.id)
        return self.views.type_edit(self._language(organiser), question)

    async def typed_edit(self, visit: Visit, organiser: Person, text: str | None) -> Turn:
        """Step `edit`: store the corrected text (the original stays) and show the card again."""
        question = await self._question(visit, organiser)
        if question is None:
            await self.dialogs.end(organiser.id)
            return self._say(organiser, "error.stale_button")
        language = self._language(organiser)
        problem = await self.questions.edit(question, organiser, text or "")
        if problem in TEXT_PROBLEMS:
            return self._problem(organiser, problem, "question")
        await self.dialogs.end(organiser.id)
        if problem == "decided":
            return self._say(organiser, "qa.mod.already.decided")
        fresh = await self.questions.get(visit.id, question.id)
        assert fresh is not None
        return Turn(await self.questions.edited_view(language, fresh))

    # Answers

    async def start_answer(
        self, person: Person, role: Role | None, question: Question
    ) -> OutgoingMessage:
        """**Answer** pressed (and allowed): the step asking for the text."""
        await self.dialogs.start(person.id, DIALOG, "answer", question=question.id)
        aloud = role is Role.ORGANISER
        return self.views.write_answer(self._language(person), question, aloud)

    async def typed_answer(
        self, visit: Visit, person: Person, role: Role | None, text: str | None
    ) -> Turn:
        """Step `answer`: the partner's (or the organiser's recorded) answer."""
        state = self._state(person)
        if text is None:
            return self._say(person, "qa.ask.text_only")
        turn, over = await self._answer(
            visit, person, role, int(state.data.get("question") or 0), text
        )
        if over:
            await self.dialogs.end(person.id)
        return turn

    async def answer_by_reply(
        self, visit: Visit, person: Person, role: Role | None, replied: tuple[int, int], text: str
    ) -> Turn:
        """A reply to the message (chat, message id) that delivered a question: its answer."""
        question_id = await self.questions.store.message_question(*replied)
        if question_id is None:
            return self._say(person, "error.unsupported_message")
        turn, _ = await self._answer(visit, person, role, question_id, text)
        return turn

    async def _answer(
        self, visit: Visit, person: Person, role: Role | None, question_id: int, text: str
    ) -> tuple[Turn, bool]:
        """Record an answer; the turn, and whether the guided chat (if any) is over."""
        question = await self.questions.get(visit.id, question_id)
        if question is None:
            return self._say(person, "error.stale_button"), True
        problem = await self.questions.answer(visit, question, person, role, text)
        if problem in TEXT_PROBLEMS:
            return self._problem(person, problem, "answer"), False
        if problem is not None:
            return self._say(person, f"qa.answer.{problem}"), True
        count = await self.questions.reach(question)
        sent = self._text(person, "qa.answer.sent", id=question.id, count=count)
        return Turn(sent, answered=True), True

    # Helpers

    def _language(self, person: Person) -> str:
        return self.questions.people.language(person)

    def _text(self, person: Person, key: str, /, **values: object) -> OutgoingMessage:
        """A catalogue text in the person's language."""
        return OutgoingMessage(self.questions.texts.get(self._language(person), key, **values))

    def _say(self, person: Person, key: str, /, **values: object) -> Turn:
        """A catalogue text as the whole answer."""
        return Turn(self._text(person, key, **values))

    def _problem(self, person: Person, problem: str, kind: str) -> Turn:
        """Why the typed text cannot be used (the guided chat stays at its step)."""
        return Turn(OutgoingMessage(self.views.problem(self._language(person), problem, kind)))

    def _state(self, person: Person) -> DialogState:
        state = self.dialogs.active(person.id)
        assert state is not None, "a step runs only while its guided chat is in progress"
        return state

    async def _draft(
        self, visit: Visit, asker: Person, step: str
    ) -> tuple[DialogState, Target] | None:
        """The question being written, when its guided chat is at this step."""
        state = self.dialogs.active(asker.id)
        if state is None or state.feature != DIALOG or state.step != step:
            return None
        target = await self.questions.target_in(visit.id, state.data)
        return None if target is None else (state, target)

    async def _question(self, visit: Visit, organiser: Person) -> Question | None:
        """The question a moderation step is about (None if it disappeared meanwhile)."""
        state = self._state(organiser)
        return await self.questions.get(visit.id, int(state.data.get("question") or 0))
