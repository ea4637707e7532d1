"""What people see of partner Q&A: texts and button rows in a reader's language, and the
buttons' callback data, built and parsed here only. The value types the rules share with the
views (`Target`, `ButtonData`, the length limits) live here too, so `bot.questions` imports
this module and never the other way round.

Callback data: `qa:ask:p:<partner>` / `qa:ask:s:<session>` start asking, `qa:an:0|1` name or
anonymous, `qa:ok` / `qa:x` send or cancel, `qa:m:pub|rej|edit|back:<q>` and
`qa:m:r:<q>:<reason>` moderate, `qa:v:<q>` vote, `qa:ans:<q>` answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.i18n import Html, Texts, escape, fit
from bot.outbox import Button, OutgoingMessage
from storage.people import Person
from storage.questions import REJECTED, WAITING, ArchiveHit, Question

QUESTION_LIMIT = 1000
ANSWER_LIMIT = 2000
REASON_LIMIT = 300
LIMITS = {"question": QUESTION_LIMIT, "answer": ANSWER_LIMIT, "reason": REASON_LIMIT}
REJECT_REASONS = ("duplicate", "off_topic", "tone")
ANSWER_DATA = "qa:ans:"

Rows = tuple[tuple[Button, ...], ...]


@dataclass(frozen=True, slots=True)
class ButtonData:
    """A parsed `qa:` button: the action and its arguments."""

    action: str
    args: tuple[str, ...]

    def number(self, index: int = 0) -> int | None:
        """An argument as a number (None when missing or not a number)."""
        if index >= len(self.args) or not self.args[index].isdigit():
            return None
        return int(self.args[index])

    def text(self, index: int = 0) -> str:
        """An argument as text ('' when missing)."""
        return self.args[index] if index < len(self.args) else ""


def parse_callback(data: str) -> ButtonData | None:
    """Read `qa:<action>:<args>`; None for anything that is not ours or is malformed."""
    parts = data.split(":")
    if len(parts) < 2 or parts[0] != "qa" or len(data) > 64:
        return None
    return ButtonData(parts[1], tuple(parts[2:]))


def answers_a_question(data: object) -> bool:
    """Whether a button's data is a question's **Answer**: a message carrying it is a question."""
    return isinstance(data, str) and data.startswith(ANSWER_DATA)


@dataclass(frozen=True, slots=True)
class Target:
    """Whom a question is for: a partner (`p`) or a session (`s`)."""

    kind: str
    id: int
    name_id: str
    name_en: str

    def name(self, language: str) -> str:
        """The partner's name, or the session's title in a language."""
        return self.name_id if language == "id" else self.name_en


class QuestionViews:
    """Every Q&A text and button row, rendered for one reader's language at a time."""

    def __init__(self, texts: Texts) -> None:
        self.texts = texts

    # Asking

    def cancel_row(self, language: str) -> tuple[Button, ...]:
        """The Cancel button of every step of a guided chat."""
        return (Button(self.texts.get(language, "qa.btn.cancel"), "qa:x"),)

    def problem(self, language: str, problem: str, kind: str) -> str:
        """Why a question, answer or reason cannot be used, with its length limit."""
        return self.texts.get(language, f"qa.problem.{problem}", limit=LIMITS[kind])

    def choose_target(self, language: str, targets: Sequence[Target]) -> OutgoingMessage:
        """/ask: a button for each partner (🤝) and session (🗓) that can be asked."""
        if not targets:
            return OutgoingMessage(self.texts.get(language, "qa.ask.no_targets"))
        rows = tuple(
            (
                Button(
                    ("🤝 " if t.kind == "p" else "🗓 ") + escape(t.name(language)[:60]),
                    f"qa:ask:{t.kind}:{t.id}",
                ),
            )
            for t in targets
        )
        return OutgoingMessage(self.texts.get(language, "qa.ask.choose"), rows)

    def write_question(self, language: str, target: Target) -> OutgoingMessage:
        """The step that asks for the question's text."""
        text = self.texts.get(
            language, "qa.ask.write", target=target.name(language), limit=QUESTION_LIMIT
        )
        return OutgoingMessage(text, (self.cancel_row(language),))

    def choose_anonymity(self, language: str) -> OutgoingMessage:
        """The step that asks whether to show the asker's name."""
        rows = (
            (Button(self.texts.get(language, "qa.btn.named"), "qa:an:0"),),
            (Button(self.texts.get(language, "qa.btn.anonymous"), "qa:an:1"),),
            self.cancel_row(language),
        )
        return OutgoingMessage(self.texts.get(language, "qa.ask.anon"), rows)

    def confirm(self, language: str, target: Target, text: str, anonymous: bool) -> OutgoingMessage:
        """The question as it will be sent, with Send and Cancel."""
        how = self.texts.get(language, "qa.ask.how.anonymous" if anonymous else "qa.ask.how.named")
        shown = self.texts.get(
            language, "qa.ask.confirm", target=target.name(language), text=text, how=how
        )
        rows = (
            (Button(self.texts.get(language, "qa.btn.send"), "qa:ok"),),
            self.cancel_row(language),
        )
        return OutgoingMessage(shown, rows)

    def sent(self, language: str, question: Question, target: Target) -> str:
        """What happens next to a question just sent: review first, or straight to partners."""
        key = "qa.ask.sent_waiting" if question.state == WAITING else "qa.ask.sent_published"
        return self.texts.get(language, key, id=question.id, target=target.name(language))

    # Moderation

    def asker_label(
        self, language: str, question: Question, asker: Person | None, for_organiser: bool
    ) -> Html:
        """The asker as this reader may see them: anonymous askers only to organisers."""
        if asker is None:
            return self.texts.get(language, "qa.asker.gone")
        name = asker.full_name + (f" (@{asker.username})" if asker.username else "")
        if question.anonymous and not for_organiser:
            return self.texts.get(language, "qa.asker.anonymous")
        if question.anonymous:
            return self.texts.get(language, "qa.asker.anonymous_to_others", name=name)
        return escape(name if for_organiser else asker.full_name)

    def moderation_card(self, language: str, question: Question, asker: Person | None) -> str:
        """What organisers see of a question to review."""
        return self.texts.get(
            language,
            "qa.mod.card",
            id=question.id,
            target=question.target(language),
            asker=self.asker_label(language, question, asker, for_organiser=True),
            text=question.text,
            edited=Html(
                self.texts.get(language, "qa.mod.edited", original=question.original_text)
                if question.edited
                else ""
            ),
        )

    def moderation_status(
        self, language: str, question: Question, asker: Person | None, moderator: Person | None
    ) -> str:
        """The moderation card with who decided, and why, once decided."""
        card = self.moderation_card(language, question, asker)
        if question.state == WAITING:
            return card
        by = moderator.full_name if moderator else self.texts.get(language, "qa.mod.nobody")
        key = "qa.mod.status.rejected" if question.state == REJECTED else "qa.mod.status.published"
        return (
            card
            + "\n\n"
            + self.texts.get(language, key, by=by, reason=question.reject_reason or "")
        )

    def moderation_buttons(self, language: str, question_id: int) -> Rows:
        """Publish / Reject / Edit."""
        return (
            (
                Button(self.texts.get(language, "qa.btn.publish"), f"qa:m:pub:{question_id}"),
                Button(self.texts.get(language, "qa.btn.reject"), f"qa:m:rej:{question_id}"),
            ),
            (Button(self.texts.get(language, "qa.btn.edit"), f"qa:m:edit:{question_id}"),),
        )

    def reject_reasons(self, language: str, question_id: int) -> Rows:
        """The preset reasons, 'other reason' and Back, in place of the moderation buttons."""
        rows = [
            (Button(self.texts.get(language, f"qa.reason.{code}"), f"qa:m:r:{question_id}:{code}"),)
            for code in REJECT_REASONS
        ]
        other = self.texts.get(language, "qa.btn.other_reason")
        rows.append((Button(other, f"qa:m:r:{question_id}:other"),))
        rows.append((Button(self.texts.get(language, "qa.btn.back"), f"qa:m:back:{question_id}"),))
        return tuple(rows)

    def reason_text(self, language: str, code: str) -> str:
        """A preset rejection reason in a language."""
        return self.texts.get(language, f"qa.reason.{code}")

    def type_reason(self, language: str, question: Question) -> OutgoingMessage:
        """The step that asks an organiser for their own rejection reason."""
        text = self.texts.get(language, "qa.mod.type_reason", id=question.id, limit=REASON_LIMIT)
        return OutgoingMessage(text, (self.cancel_row(language),))

    def type_edit(self, language: str, question: Question) -> OutgoingMessage:
        """The step that asks an organiser for the corrected text."""
        text = self.texts.get(language, "qa.mod.type_edit", id=question.id, text=question.text)
        return OutgoingMessage(text, (self.cancel_row(language),))

    def edited(self, language: str, status: str, question_id: int) -> OutgoingMessage:
        """The card again after an edit, still to be decided."""
        text = self.texts.get(language, "qa.mod.edited_ok") + "\n\n" + status
        return OutgoingMessage(text, self.moderation_buttons(language, question_id))

    # Cards, lists and answers

    def partner_card(
        self, language: str, question: Question, asker: Person | None
    ) -> OutgoingMessage:
        """A question as its partner receives it, with **Answer** (replies to it answer it)."""
        text = self.texts.get(
            language,
            "qa.partner.card",
            id=question.id,
            target=question.target(language),
            text=question.text,
            asker=self.asker_label(language, question, asker, for_organiser=False),
        )
        return OutgoingMessage(text, ((self.answer_button(language, question.id),),))

    def public_card(
        self,
        language: str,
        question: Question,
        asker: Person | None,
        for_organiser: bool,
        answerable: bool,
    ) -> OutgoingMessage:
        """A published question in /questions: 👍 and, for who may answer, **Answer**."""
        text = self.texts.get(
            language,
            "qa.card",
            id=question.id,
            target=question.target(language),
            text=question.text,
            asker=self.asker_label(language, question, asker, for_organiser),
        )
        row = [self.vote_button(question)]
        if answerable:
            row.append(self.answer_button(language, question.id))
        rows: Rows = (tuple(row),)
        if for_organiser:
            # The room's screen (handlers/wall.py): this question is the one being answered.
            label = self.texts.get(language, "wall.btn.on_screen")
            rows = (*rows, (Button(label, f"wl:on:{question.id}"),))
        return OutgoingMessage(text, rows)

    def vote_button(self, question: Question) -> Button:
        """👍 with the current count."""
        return Button(f"👍 {question.votes}", f"qa:v:{question.id}")

    def answer_button(self, language: str, question_id: int) -> Button:
        """**Answer** (partners) or **Record answer** (organisers) on a question."""
        return Button(self.texts.get(language, "qa.btn.answer"), f"{ANSWER_DATA}{question_id}")

    def scope_name(self, language: str, scope: Target | None) -> str:
        """A partner's or session's name, or 'all questions'."""
        return scope.name(language) if scope else self.texts.get(language, "qa.scope.all")

    def question_list(
        self, language: str, scope: Target | None, cards: Sequence[OutgoingMessage]
    ) -> list[OutgoingMessage]:
        """/questions: a title, then a card each (or one line saying there are none)."""
        name = self.scope_name(language, scope)
        if not cards:
            return [OutgoingMessage(self.texts.get(language, "qa.list.empty", scope=name))]
        title = self.texts.get(language, "qa.list.title", scope=name, count=len(cards))
        return [OutgoingMessage(title), *cards]

    def write_answer(self, language: str, question: Question, aloud: bool) -> OutgoingMessage:
        """The step that asks a partner (or an organiser, for an answer given aloud) to write."""
        key = "qa.answer.write_aloud" if aloud else "qa.answer.write"
        text = self.texts.get(language, key, id=question.id, text=question.text, limit=ANSWER_LIMIT)
        return OutgoingMessage(text, (self.cancel_row(language),))

    def live_text(
        self,
        language: str,
        scope: Target | None,
        questions: list[Question],
        askers: dict[int, Person],
    ) -> str:
        """The live list for the room: top questions first."""
        title = self.texts.get(language, "qa.live.title", scope=self.scope_name(language, scope))
        if not questions:
            return title + "\n\n" + self.texts.get(language, "qa.live.empty")
        lines = [title, ""]
        for rank, question in enumerate(questions, start=1):
            asker = askers.get(question.asker_id or 0)
            lines.append(
                self.texts.get(
                    language,
                    "qa.live.line",
                    rank=rank,
                    votes=question.votes,
                    text=question.text,
                    asker=self.asker_label(language, question, asker, for_organiser=False),
                )
            )
        return "\n".join(lines)

    # The person's own questions and the archive

    def mine(self, language: str, mine: Sequence[Question]) -> str:
        """/myquestions: the state of each of the reader's questions (the first 20)."""
        if not mine:
            return self.texts.get(language, "qa.mine.empty")
        lines = [self.texts.get(language, "qa.mine.title", count=len(mine))]
        for question in mine[:20]:
            state = self.texts.get(
                language,
                f"qa.state.{question.state}",
                votes=question.votes,
                reason=question.reject_reason or "",
                answer=(question.answer or "")[:300],
            )
            lines.append(
                self.texts.get(
                    language,
                    "qa.mine.line",
                    id=question.id,
                    target=question.target(language),
                    text=question.text[:300],
                    state=Html(state),
                )
            )
        return fit("\n\n".join(lines))

    def archive(self, language: str, words: str, hits: Sequence[ArchiveHit] | None) -> str:
        """/qa WORDS: the answered questions found, or how to search."""
        if hits is None:
            return self.texts.get(language, "qa.search.usage")
        if not hits:
            return self.texts.get(language, "qa.search.none", words=words)
        lines = [self.texts.get(language, "qa.search.title", words=words, count=len(hits))]
        for hit in hits:
            lines.append(
                self.texts.get(
                    language,
                    "qa.search.hit",
                    visit=hit.visit_title,
                    target=hit.target,
                    question=hit.question[:400],
                    answer=hit.answer[:600],
                )
            )
        return fit("\n\n".join(lines))
