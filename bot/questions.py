"""Partner Q&A rules: asking, moderation, votes, answers and the archive (DESIGN.md §5).

Messages to other people (organisers' moderation cards, partners' questions, answers for the
asker and voters) are rendered in each recipient's language (`bot.questions_views`) and queued
in the outbox. Anonymous questions show the asker to organisers only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta, tzinfo
from typing import Any

from bot.clock import Clock
from bot.exports import Table
from bot.i18n import Texts
from bot.outbox import Delivery, Outbox, OutgoingMessage
from bot.partners import Partners
from bot.people import People
from bot.questions_views import (
    ANSWER_LIMIT,
    QUESTION_LIMIT,
    REJECT_REASONS,
    ButtonData,
    QuestionViews,
    Target,
)
from storage.partners import Partner
from storage.people import Person
from storage.questions import (
    PUBLISHED,
    WAITING,
    ArchiveHit,
    LiveList,
    NewQuestion,
    Question,
    QuestionStore,
)
from storage.roles import Role
from storage.sessions import Session, SessionStore
from storage.visits import Visit, VisitStore

MODERATION_SETTING = "qa_moderation"
MODERATION_WORDS = {
    **dict.fromkeys(("on", "aktif", "nyala"), True),
    **dict.fromkeys(("off", "mati", "nonaktif"), False),
}
# Problems with a typed text that leave a guided chat at its step, to try again.
TEXT_PROBLEMS = ("empty", "no_words", "too_long")
LIVE_THROTTLE = timedelta(seconds=5)
LIST_LIMIT = 10
# Sessions that ended longer ago than this are no longer offered in /ask.
ASKABLE_AFTER_END = timedelta(hours=12)
WORD = re.compile(r"\w+", re.UNICODE)


def text_problem(text: str, limit: int) -> str | None:
    """Why a question, answer or reason cannot be used: `empty`, `no_words`, `too_long`."""
    stripped = text.strip()
    if not stripped:
        return "empty"
    if len(stripped) > limit:
        return "too_long"
    if not any(char.isalnum() for char in stripped):
        return "no_words"  # only emoji or punctuation
    return None


def text_key(text: str) -> str:
    """The text compared when someone asks the same thing twice."""
    return " ".join(text.casefold().split())


def fts_query(words: str) -> str | None:
    """A safe FTS5 query (every word as a quoted prefix) from what a person typed."""
    found = WORD.findall(words)[:8]
    if not found:
        return None
    return " ".join(f'"{word}"*' for word in found)


def moderation_word(word: str) -> bool | None:
    """/moderation on|off in either language; None for any other word."""
    return MODERATION_WORDS.get(word.lower())


@dataclass(frozen=True, slots=True)
class Asked:
    """The outcome of asking: the stored question, or the problem (a text key suffix)."""

    question: Question | None = None
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome of a moderation press: whether this press decided, and the question now."""

    done: bool
    question: Question


@dataclass(frozen=True, slots=True)
class CardEdit:
    """A message the bot sent that should now read differently."""

    chat_id: int
    message_id: int
    text: str


@dataclass(frozen=True, slots=True)
class LiveEdit:
    """A live list due for a new rendering, and that rendering."""

    live: LiveList
    text: str


class Questions:
    """Asking, moderating, voting and answering."""

    def __init__(
        self,
        store: QuestionStore,
        partners: Partners,
        sessions: SessionStore,
        people: People,
        visits: VisitStore,
        outbox: Outbox,
        texts: Texts,
        clock: Clock,
    ) -> None:
        self.store = store
        self.partners = partners
        self.sessions = sessions
        self.people = people
        self.visits = visits
        self.outbox = outbox
        self.texts = texts
        self.clock = clock
        self.views = QuestionViews(texts)
        # Told the visit's id whenever its published questions, votes or answers change.
        self.listeners: list[Callable[[int], None]] = []

    # Settings

    @staticmethod
    def moderated(visit: Visit) -> bool:
        """Whether organisers review questions first (on unless switched off)."""
        return bool(visit.settings.get(MODERATION_SETTING, True))

    async def switch_moderation(self, visit: Visit, on: bool | None) -> Visit:
        """Switch moderation on or off (None: leave it); the visit with its settings now."""
        if on is not None:
            await self.visits.set_setting(visit.id, MODERATION_SETTING, on)
        now = await self.visits.get(visit.id)
        assert now is not None
        return now

    async def moderation_queue(self, visit_id: int) -> list[Question]:
        """The questions waiting for an organiser's review, oldest first."""
        return [q for q in await self.store.of_visit(visit_id) if q.state == WAITING]

    async def queue_card(self, language: str, question: Question) -> OutgoingMessage:
        """A waiting question's moderation card, with its buttons, to show again."""
        card = self.views.moderation_card(language, question, await self.asker_of(question))
        return OutgoingMessage(card, self.views.moderation_buttons(language, question.id))

    # Targets

    async def target(self, visit_id: int, kind: str, target_id: int) -> Target | None:
        """A partner or session of this visit that can be asked, or None."""
        if kind == "p":
            partner = await self.partners.get(visit_id, target_id)
            return None if partner is None else Target("p", partner.id, partner.name, partner.name)
        if kind == "s":
            session = await self.sessions.get(target_id)
            if session is None or session.visit_id != visit_id or session.cancelled:
                return None
            return Target("s", session.id, session.fields.title_id, session.fields.title_en)
        return None

    async def targets(self, visit_id: int) -> list[Target]:
        """Everything that can be asked now: partners, then sessions not long over."""
        found = [
            Target("p", partner.id, partner.name, partner.name)
            for partner in await self.partners.of_visit(visit_id)
        ]
        since = self.clock.now() - ASKABLE_AFTER_END
        for session in await self.sessions.of_visit(visit_id, include_cancelled=False):
            if session.ends_at > since:
                found.append(
                    Target("s", session.id, session.fields.title_id, session.fields.title_en)
                )
        return found[:30]

    async def target_of(self, visit_id: int, parsed: ButtonData) -> Target | None:
        """The target an **Ask a question** button names (None: stale or forged)."""
        number = parsed.number(1)
        return None if number is None else await self.target(visit_id, parsed.text(0), number)

    async def target_in(self, visit_id: int, data: dict[str, Any]) -> Target | None:
        """The target a guided chat in progress is about (None if it disappeared meanwhile)."""
        return await self.target(visit_id, str(data.get("kind")), int(data.get("target") or 0))

    async def scope_of(self, visit_id: int, args: Sequence[str]) -> tuple[str, Target | None]:
        """The words after /questions or /live, and the partner or session they name."""
        words = " ".join(args)
        return words, (await self.find_scope(visit_id, words) if words else None)

    async def find_scope(self, visit_id: int, words: str) -> Target | None:
        """A partner (by name) or a session (by key or title) named in /questions or /live."""
        partner = await self.partners.find(visit_id, words)
        if partner is not None:
            return Target("p", partner.id, partner.name, partner.name)
        wanted = words.strip().casefold()
        sessions = await self.sessions.of_visit(visit_id, include_cancelled=False)
        for session in sessions:
            if session.key.casefold() == wanted:
                return Target("s", session.id, session.fields.title_id, session.fields.title_en)
        matches = [
            s
            for s in sessions
            if wanted in s.fields.title_id.casefold() or wanted in s.fields.title_en.casefold()
        ]
        if len(matches) == 1:
            s = matches[0]
            return Target("s", s.id, s.fields.title_id, s.fields.title_en)
        return None

    # Asking

    async def check_question(self, visit_id: int, asker_id: int, text: str) -> str | None:
        """Why this question cannot be asked (a text key suffix), or None."""
        problem = text_problem(text, QUESTION_LIMIT)
        if problem is None and await self.store.repeated(visit_id, asker_id, text_key(text)):
            problem = "repeated"
        return problem

    async def ask(
        self, visit: Visit, asker: Person, target: Target, text: str, anonymous: bool
    ) -> Asked:
        """Store a confirmed question and tell the organisers (or, unmoderated, the partners)."""
        problem = await self.check_question(visit.id, asker.id, text)
        if problem is not None:
            return Asked(problem=problem)
        moderated = self.moderated(visit)
        question_id = await self.store.create(
            NewQuestion(
                visit_id=visit.id,
                asker_id=asker.id,
                partner_id=target.id if target.kind == "p" else None,
                session_id=target.id if target.kind == "s" else None,
                target_name=target.name(visit.language),
                text=text.strip(),
                text_key=text_key(text),
                anonymous=anonymous,
            ),
            WAITING if moderated else PUBLISHED,
            self.clock.now(),
        )
        if question_id is None:
            return Asked(problem="repeated")
        question = await self.store.get(question_id)
        assert question is not None
        if moderated:
            await self.outbox.enqueue(await self._moderation_cards(visit, question, asker))
        else:
            await self.outbox.enqueue(await self._to_partners(visit, question, asker))
            await self.touch_live(visit.id)
        return Asked(question=question)

    # Moderation

    async def get(self, visit_id: int, question_id: int) -> Question | None:
        """A question of this visit."""
        question = await self.store.get(question_id)
        return question if question is not None and question.visit_id == visit_id else None

    async def named_by(self, visit_id: int, parsed: ButtonData, index: int) -> Question | None:
        """The question of this visit a button's argument names (None: stale or forged)."""
        number = parsed.number(index)
        return None if number is None else await self.get(visit_id, number)

    async def publish(self, visit: Visit, question: Question, organiser: Person) -> Decision:
        """Publish a waiting question; only the first of several presses decides."""
        done = await self.store.publish(question.id, organiser.id, self.clock.now())
        now = await self.store.get(question.id)
        assert now is not None
        if done:
            asker = await self._person(now.asker_id)
            deliveries = await self._to_partners(visit, now, asker)
            if asker is not None:
                deliveries.append(self._note(visit, now, asker, "qa.note.published"))
            await self.outbox.enqueue(deliveries)
            await self.touch_live(visit.id)
        return Decision(done, now)

    async def reject(
        self, visit: Visit, question: Question, organiser: Person, reason: str
    ) -> Decision:
        """Reject a waiting question with a reason; only the first of several presses decides."""
        done = await self.store.reject(question.id, organiser.id, reason, self.clock.now())
        now = await self.store.get(question.id)
        assert now is not None
        if done:
            asker = await self._person(now.asker_id)
            if asker is not None:
                await self.outbox.enqueue(
                    [self._note(visit, now, asker, "qa.note.rejected", reason=reason)]
                )
        return Decision(done, now)

    async def reject_for_reason(
        self, visit: Visit, question: Question, organiser: Person, code: str
    ) -> Decision | None:
        """Reject with a preset reason, in the asker's language (None: no such reason)."""
        if code not in REJECT_REASONS:
            return None
        language = self.people.language(await self.asker_of(question))
        return await self.reject(visit, question, organiser, self.views.reason_text(language, code))

    async def edit(self, question: Question, organiser: Person, text: str) -> str | None:
        """Fix a waiting question's text, keeping the original; a problem key, or None."""
        problem = text_problem(text, QUESTION_LIMIT)
        if problem is not None:
            return problem
        if not await self.store.edit(question.id, text.strip(), text_key(text), organiser.id):
            return "decided"
        return None

    # Votes

    async def vote(self, question: Question, voter: Person) -> str:
        """`voted`, `unvoted`, `own` (no vote on one's own question) or `closed`."""
        if question.asker_id == voter.id:
            return "own"
        if question.state != PUBLISHED:
            return "closed"
        voted = await self.store.toggle_vote(question.id, voter.id, self.clock.now())
        await self.touch_live(question.visit_id)
        return "voted" if voted else "unvoted"

    async def public_list(
        self, visit: Visit, reader: Person, role: Role | None, scope: Target | None
    ) -> list[OutgoingMessage]:
        """/questions for this reader: a title, then a card each (or a line saying none)."""
        language = self.people.language(reader)
        cards = []
        for question in await self.published(visit.id, scope):
            asker = await self.asker_of(question)
            answerable = await self.can_answer(visit, reader, role, question)
            cards.append(
                self.views.public_card(
                    language, question, asker, role is Role.ORGANISER, answerable
                )
            )
        return self.views.question_list(language, scope, cards)

    async def published(self, visit_id: int, scope: Target | None) -> list[Question]:
        """Published, unanswered questions by votes, for one partner or session or all."""
        if scope is None:
            return await self.store.published(visit_id, limit=LIST_LIMIT)
        if scope.kind == "p":
            return await self.store.published(visit_id, partner_ids=[scope.id], limit=LIST_LIMIT)
        return await self.store.published(visit_id, session_id=scope.id, limit=LIST_LIMIT)

    # Answers

    async def can_answer(
        self, visit: Visit, person: Person, role: Role | None, question: Question
    ) -> bool:
        """Organisers record any answer; a partner only those meant for their organisation."""
        if question.visit_id != visit.id:
            return False
        if role is Role.ORGANISER:
            return True
        if role is not Role.PARTNER:
            return False
        partner = await self.partners.partner_of(visit.id, person.id)
        if partner is None:
            return False
        return partner.id in [p.id for p in await self._partners_of(question)]

    async def answer_refusal(
        self, visit: Visit, person: Person, role: Role | None, question: Question
    ) -> str | None:
        """Why this person cannot start answering: `not_yours`, `not_open`, or None."""
        if not await self.can_answer(visit, person, role, question):
            return "not_yours"
        return None if question.state == PUBLISHED else "not_open"

    async def answer(
        self, visit: Visit, question: Question, person: Person, role: Role | None, text: str
    ) -> str | None:
        """Record an answer and send it to the asker and the voters; a problem key, or None."""
        if not await self.can_answer(visit, person, role, question):
            return "not_yours"
        problem = text_problem(text, ANSWER_LIMIT)
        if problem is not None:
            return problem
        aloud = role is Role.ORGANISER
        if not await self.store.answer(
            question.id, text.strip(), person.id, aloud, self.clock.now()
        ):
            return "not_open"
        answered = await self.store.get(question.id)
        assert answered is not None
        answerer = await self.answerer_name(visit, answered)
        recipients = [answered.asker_id, *await self.store.voters(question.id)]
        deliveries = []
        for person_id in dict.fromkeys(recipients):
            recipient = await self._person(person_id)
            if recipient is None:
                continue
            language = self.people.language(recipient)
            deliveries.append(
                Delivery(
                    chat_id=recipient.id,
                    message=OutgoingMessage(
                        self.texts.get(
                            language,
                            "qa.note.answer",
                            id=answered.id,
                            target=answered.target(language),
                            question=answered.text,
                            answer=answered.answer or "",
                            answerer=answerer(language),
                        )
                    ),
                    kind="answer",
                    visit_id=visit.id,
                    batch=f"qa-ans:{answered.id}",
                    dedupe_key=f"qa-ans:{answered.id}:{recipient.id}",
                )
            )
        await self.outbox.enqueue(deliveries)
        await self.touch_live(visit.id)
        return None

    async def reach(self, question: Question) -> int:
        """How many people an answer goes to: the asker and the voters."""
        return len(await self.store.voters(question.id)) + 1

    async def answerer_name(self, visit: Visit, question: Question) -> _Answerer:
        """Who answered, as everyone may read it: the organisation, or 'aloud'."""
        partner = None
        if question.answered_by is not None and not question.answered_aloud:
            partner = await self.partners.partner_of(visit.id, question.answered_by)
        return _Answerer(self.texts, None if partner is None else partner.name)

    # The person's own questions, the archive and the export

    async def asked_by(self, visit_id: int, asker_id: int) -> list[Question]:
        """A person's questions in a visit."""
        return await self.store.of_asker(visit_id, asker_id)

    async def search(self, words: str) -> list[ArchiveHit] | None:
        """Answered questions of every visit matching the words (None: no words given)."""
        query = fts_query(words)
        return None if query is None else await self.store.search(query)

    async def export_table(self, visit: Visit, zone: tzinfo) -> Table:
        """Every question of a visit (organisers only: it names anonymous askers)."""
        rows = []
        header = [
            "id",
            "asked_at",
            "target",
            "asker",
            "username",
            "anonymous",
            "state",
            "question",
            "original_question",
            "votes",
            "reject_reason",
            "answer",
            "answered_aloud",
            "answered_at",
        ]
        for question in await self.store.of_visit(visit.id):
            asker = await self._person(question.asker_id)
            rows.append(
                [
                    question.id,
                    question.created_at,
                    question.target_name,
                    "" if asker is None else asker.full_name,
                    "" if asker is None or not asker.username else "@" + asker.username,
                    int(question.anonymous),
                    question.state,
                    question.text,
                    question.original_text,
                    question.votes,
                    question.reject_reason or "",
                    question.answer or "",
                    int(question.answered_aloud),
                    question.answered_at,
                ]
            )
        return Table(header, rows, zone, title="questions")

    # Live lists

    async def touch_live(self, visit_id: int) -> None:
        """Votes or answers changed: the visit's open live lists need a new rendering."""
        for listener in self.listeners:
            listener(visit_id)
        for live in await self.store.live_lists(visit_id):
            if not live.dirty:
                await self.store.mark_live(live.id, True)

    async def due_live_lists(self, visit_id: int | None = None) -> list[LiveList]:
        """Dirty live lists whose last edit is old enough to edit again (the throttle)."""
        now = self.clock.now()
        return [
            live
            for live in await self.store.live_lists(visit_id, dirty_only=True)
            if now - live.rendered_at >= LIVE_THROTTLE
        ]

    async def open_live(
        self,
        visit_id: int,
        place: tuple[int, int],
        language: str,
        scope: Target | None,
        organiser_id: int,
    ) -> None:
        """Remember a live list just sent (chat, message) so votes and answers edit it."""
        chat_id, message_id = place
        await self.store.open_live(
            visit_id,
            chat_id,
            message_id,
            language,
            scope.id if scope and scope.kind == "p" else None,
            scope.id if scope and scope.kind == "s" else None,
            organiser_id,
            self.clock.now(),
        )

    async def live_text(self, visit_id: int, language: str, scope: Target | None) -> str:
        """The live list as it is now."""
        found = await self.published(visit_id, scope)
        askers: dict[int, Person] = {}
        for question in found:
            asker = await self.asker_of(question)
            if asker is not None:
                askers[asker.id] = asker
        return self.views.live_text(language, scope, found, askers)

    async def live_edits(self, visit_id: int | None = None) -> list[LiveEdit]:
        """The live lists due for an edit (all visits' when None), each rendered afresh."""
        edits = []
        for live in await self.due_live_lists(visit_id):
            scope = await self.live_scope(live)
            edits.append(LiveEdit(live, await self.live_text(live.visit_id, live.language, scope)))
        return edits

    async def live_rendered(self, live: LiveList) -> None:
        """A live list was edited (or could not be): clean until the next change."""
        await self.store.mark_live(live.id, False, self.clock.now())

    async def live_scope(self, live: LiveList) -> Target | None:
        """What a live list shows (None: the whole visit)."""
        if live.partner_id is not None:
            return await self.target(live.visit_id, "p", live.partner_id)
        if live.session_id is not None:
            return await self.target(live.visit_id, "s", live.session_id)
        return None

    # Who asked, and the moderation cards

    async def asker_of(self, question: Question) -> Person | None:
        """The person who asked (None after they were forgotten)."""
        return await self._person(question.asker_id)

    async def moderation_view(self, language: str, question: Question) -> str:
        """The moderation card as it stands now: with who decided, and why, once decided."""
        asker = await self.asker_of(question)
        moderator = None if question.state == WAITING else await self._person(question.moderated_by)
        return self.views.moderation_status(language, question, asker, moderator)

    async def edited_view(self, language: str, question: Question) -> OutgoingMessage:
        """The card again after an organiser fixed its text, with its buttons."""
        status = await self.moderation_view(language, question)
        return self.views.edited(language, status, question.id)

    async def other_moderation_cards(self, question: Question, except_chat: int) -> list[CardEdit]:
        """The other organisers' copies of a card, showing the decision in their language."""
        edits = []
        for chat_id, message_id in await self.store.moderation_messages(question.id):
            if chat_id == except_chat:
                continue
            language = self.people.language(await self.people.store.get(chat_id))
            edits.append(
                CardEdit(chat_id, message_id, await self.moderation_view(language, question))
            )
        return edits

    # Helpers

    async def _person(self, person_id: int | None) -> Person | None:
        return None if person_id is None else await self.people.store.get(person_id)

    async def _partners_of(self, question: Question) -> list[Partner]:
        """The partners a question is meant for (a session's partners for session questions)."""
        if question.partner_id is not None:
            partner = await self.partners.get(question.visit_id, question.partner_id)
            return [] if partner is None else [partner]
        if question.session_id is not None:
            session: Session | None = await self.sessions.get(question.session_id)
            return [] if session is None else await self.partners.of_session(session)
        return []

    async def _moderation_cards(
        self, visit: Visit, question: Question, asker: Person
    ) -> list[Delivery]:
        deliveries = []
        for organiser in await self.people.reachable_organisers(visit.id):
            language = self.people.language(organiser)
            deliveries.append(
                Delivery(
                    chat_id=organiser.id,
                    message=OutgoingMessage(
                        self.views.moderation_card(language, question, asker),
                        self.views.moderation_buttons(language, question.id),
                    ),
                    kind="question",
                    visit_id=visit.id,
                    batch=f"qa-mod:{question.id}",
                    dedupe_key=f"qa-mod:{question.id}:{organiser.id}",
                )
            )
        return deliveries

    async def _to_partners(
        self, visit: Visit, question: Question, asker: Person | None
    ) -> list[Delivery]:
        deliveries = []
        for person_id in await self.partners.representatives(await self._partners_of(question)):
            representative = await self._person(person_id)
            if representative is None:
                continue
            language = self.people.language(representative)
            deliveries.append(
                Delivery(
                    chat_id=person_id,
                    message=self.views.partner_card(language, question, asker),
                    kind="question",
                    visit_id=visit.id,
                    batch=f"qa-q:{question.id}",
                    dedupe_key=f"qa-q:{question.id}:{person_id}",
                )
            )
        return deliveries

    def _note(
        self, visit: Visit, question: Question, asker: Person, key: str, **values: object
    ) -> Delivery:
        language = self.people.language(asker)
        return Delivery(
            chat_id=asker.id,
            message=OutgoingMessage(
                self.texts.get(
                    language, key, id=question.id, target=question.target(language), **values
                )
            ),
            kind="question",
            visit_id=visit.id,
            batch=f"qa-note:{question.id}",
            dedupe_key=f"{key}:{question.id}",
        )


class _Answerer:
    """Who answered, in any language: the organisation's name or 'answered aloud'."""

    def __init__(self, texts: Texts, partner_name: str | None) -> None:
        self.texts = texts
        self.partner_name = partner_name

    def __call__(self, language: str) -> str:
        if self.partner_name is not None:
            return self.partner_name
        return self.texts.get(language, "qa.answered_aloud")
