"""Partner Q&A in chat: /ask, moderation buttons, /questions with votes, answers, /qa, /live.

Callback data (all `qa:`, parsed once by `bot.questions.parse_callback`):
`qa:ask:p:<partner>` / `qa:ask:s:<session>` start asking, `qa:an:0|1` name or anonymous,
`qa:ok` / `qa:x` send or cancel, `qa:m:pub|rej|edit|back:<q>` and `qa:m:r:<q>:<reason>`
moderate, `qa:v:<q>` vote, `qa:ans:<q>` answer.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ExtBot,
    MessageHandler,
    filters,
)

from bot import i18n
from bot.context import BotContext
from bot.i18n import Html
from bot.outbox import Button
from bot.questions import (
    ANSWER_LIMIT,
    QUESTION_LIMIT,
    REASON_LIMIT,
    REJECT_REASONS,
    ButtonData,
    Target,
    parse_callback,
    text_problem,
)
from bot.sendlimits import PACED
from bot.services import Services
from bot.telegram_errors import is_not_modified
from bot.visits import zone_of
from handlers.common import (
    DIALOG_GROUP,
    Callback,
    answer_query,
    dialog_handler,
    edit_query_markup,
    edit_query_message,
    message_of,
    organiser_only,
    organiser_step,
    private_only,
    reply,
    requires_role,
)
from storage.people import Person
from storage.questions import PUBLISHED, WAITING, Question
from storage.roles import Role

log = logging.getLogger(__name__)

FEATURE = "qa"
ASKERS = (Role.PARTICIPANT, Role.ORGANISER, Role.CREATOR)
ANSWERERS = (Role.PARTNER, Role.ORGANISER)
MEMBERS = tuple(Role)
LIMITS = {"question": QUESTION_LIMIT, "answer": ANSWER_LIMIT, "reason": REASON_LIMIT}


def markup(rows: tuple[tuple[Button, ...], ...] | list[list[Button]]) -> InlineKeyboardMarkup:
    """Inline buttons from the outbox's plain Button rows."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b.text, callback_data=b.data, url=b.url) for b in row]
            for row in rows
        ]
    )


def cancel_row(context: BotContext) -> list[Button]:
    """The Cancel button of every step of a guided chat."""
    return [Button(context.text("qa.btn.cancel"), "qa:x")]


async def problem_reply(update: Update, context: BotContext, problem: str, kind: str) -> None:
    """Tell the person why their text cannot be used."""
    await reply(update, context, f"qa.problem.{problem}", limit=LIMITS[kind])


# Asking


@private_only
@requires_role(*ASKERS)
async def ask(update: Update, context: BotContext) -> None:
    """Offer the partners and sessions a question can be meant for."""
    assert context.visit is not None
    targets = await context.services.questions.targets(context.visit.id)
    if not targets:
        await reply(update, context, "qa.ask.no_targets")
        return
    rows = [
        [Button(("🤝 " if t.kind == "p" else "🗓 ") + t.name(context.language)[:60], t.data)]
        for t in targets
    ]
    await message_of(update).reply_html(context.text("qa.ask.choose"), reply_markup=markup(rows))


async def start_question(update: Update, context: BotContext, parsed: ButtonData) -> None:
    """**Ask a question** (on /ask, a partner card or a session card): ask for the text."""
    query = update.callback_query
    assert query is not None and context.visit is not None and context.person is not None
    kind = parsed.args[0] if parsed.args else ""
    number = parsed.number(1)
    target = None
    if number is not None:
        target = await context.services.questions.target(context.visit.id, kind, number)
    if target is None:
        await reply(update, context, "error.stale_button")
        return
    await context.services.dialogs.start(
        context.person.id, FEATURE, "text", kind=target.kind, target=target.id
    )
    await answer_query(query, alert=False)
    await context.bot.send_message(
        context.person.id,
        context.text("qa.ask.write", target=target.name(context.language), limit=QUESTION_LIMIT),
        reply_markup=markup([cancel_row(context)]),
    )


async def dialog_target(context: BotContext, data: dict[str, Any]) -> Target | None:
    """The target a dialog in progress is about (None if it disappeared meanwhile)."""
    assert context.visit is not None
    return await context.services.questions.target(
        context.visit.id, str(data.get("kind")), int(data.get("target") or 0)
    )


async def question_text(update: Update, context: BotContext) -> None:
    """Step `text`: check the question, then ask about showing the name."""
    assert context.person is not None and context.visit is not None
    state = context.services.dialogs.active(context.person.id)
    assert state is not None
    text = message_of(update).text
    if text is None:
        await reply(update, context, "qa.ask.text_only")
        return
    problem = await context.services.questions.check_question(
        context.visit.id, context.person.id, text
    )
    if problem is not None:
        await problem_reply(update, context, problem, "question")
        return
    await context.services.dialogs.advance(state, "anon", text=text.strip())
    rows = [
        [Button(context.text("qa.btn.named"), "qa:an:0")],
        [Button(context.text("qa.btn.anonymous"), "qa:an:1")],
        cancel_row(context),
    ]
    await message_of(update).reply_html(context.text("qa.ask.anon"), reply_markup=markup(rows))


async def choose_anonymity(update: Update, context: BotContext, parsed: ButtonData) -> None:
    """Name or anonymous chosen: show the question to confirm."""
    query = update.callback_query
    assert query is not None and context.person is not None
    state = context.services.dialogs.active(context.person.id)
    target = None if state is None else await dialog_target(context, state.data)
    if state is None or state.feature != FEATURE or state.step != "anon" or target is None:
        await reply(update, context, "error.stale_button")
        return
    anonymous = parsed.args[:1] == ("1",)
    state = await context.services.dialogs.advance(state, "confirm", anonymous=anonymous)
    await answer_query(query, alert=False)
    await edit_query_message(
        query,
        context.text(
            "qa.ask.confirm",
            target=target.name(context.language),
            text=state.data["text"],
            how=context.text("qa.ask.how.anonymous" if anonymous else "qa.ask.how.named"),
        ),
        reply_markup=markup([[Button(context.text("qa.btn.send"), "qa:ok")], cancel_row(context)]),
    )


async def send_question(update: Update, context: BotContext, parsed: ButtonData) -> None:
    """Confirmed: store the question and say what happens next."""
    query = update.callback_query
    assert query is not None and context.person is not None and context.visit is not None
    state = context.services.dialogs.active(context.person.id)
    target = None if state is None else await dialog_target(context, state.data)
    if state is None or state.feature != FEATURE or state.step != "confirm" or target is None:
        await reply(update, context, "error.stale_button")
        return
    asked = await context.services.questions.ask(
        context.visit,
        context.person,
        target,
        str(state.data["text"]),
        bool(state.data.get("anonymous")),
    )
    await context.services.dialogs.end(context.person.id)
    await answer_query(query, alert=False)
    if asked.question is None:
        await edit_query_message(
            query, context.text(f"qa.problem.{asked.problem}", limit=QUESTION_LIMIT)
        )
        return
    key = "qa.ask.sent_waiting" if asked.question.state == WAITING else "qa.ask.sent_published"
    await edit_query_message(
        query, context.text(key, id=asked.question.id, target=target.name(context.language))
    )


async def cancel(update: Update, context: BotContext, parsed: ButtonData) -> None:
    """Cancel the guided chat in progress."""
    query = update.callback_query
    assert query is not None and context.person is not None
    state = context.services.dialogs.active(context.person.id)
    if state is None or state.feature != FEATURE:
        await reply(update, context, "error.stale_button")
        return
    await context.services.dialogs.end(context.person.id)
    await answer_query(query, alert=False)
    await edit_query_message(query, context.text("qa.cancelled"))


# Moderation


async def moderation_status(context: BotContext, question: Question) -> str:
    """The card with a line saying how it was decided (in the reader's language)."""
    return await context.services.questions.moderation_view(context.language, question)


async def refresh_other_cards(context: BotContext, question: Question, except_chat: int) -> None:
    """Show the decision on the other organisers' copies of the card too."""
    services = context.services
    for chat_id, message_id in await services.questions.store.moderation_messages(question.id):
        if chat_id == except_chat:
            continue
        language = services.people.language(await services.people.store.get(chat_id))
        text = await services.questions.moderation_view(language, question)
        try:
            await context.bot.edit_message_text(
                text, chat_id=chat_id, message_id=message_id, rate_limit_args=PACED
            )
        except TelegramError as error:
            log.info("could not update moderation card in chat %s: %s", chat_id, error)


async def button_question(
    update: Update, context: BotContext, parsed: ButtonData, index: int
) -> Question | None:
    """The question a button's argument names; a stale or forged one is answered here."""
    assert context.visit is not None
    number = parsed.number(index)
    question = (
        None if number is None else await context.services.questions.get(context.visit.id, number)
    )
    if question is None:
        await reply(update, context, "error.stale_button")
    return question


async def moderate(update: Update, context: BotContext, parsed: ButtonData) -> None:
    """Publish, start rejecting (choose a reason), pick a reason, start editing, or go back."""
    query = update.callback_query
    assert query is not None and context.visit is not None and context.person is not None
    questions = context.services.questions
    verb = parsed.args[0] if parsed.args else ""
    if verb not in ("pub", "rej", "r", "edit", "back"):
        await reply(update, context, "error.stale_button")
        return
    question = await button_question(update, context, parsed, 1)
    if question is None:
        return
    if question.state != WAITING:
        await answer_query(query, context.text(f"qa.mod.already.{question.state}"))
        await edit_query_message(query, await moderation_status(context, question))
        return
    if verb == "pub":
        decision = await questions.publish(context.visit, question, context.person)
        await decided(update, context, decision.done, decision.question)
    elif verb == "rej":
        rows = [
            [Button(context.text(f"qa.reason.{code}"), f"qa:m:r:{question.id}:{code}")]
            for code in REJECT_REASONS
        ]
        rows.append([Button(context.text("qa.btn.other_reason"), f"qa:m:r:{question.id}:other")])
        rows.append([Button(context.text("qa.btn.back"), f"qa:m:back:{question.id}")])
        await answer_query(query, alert=False)
        await query.edit_message_reply_markup(markup(rows))
    elif verb == "r":
        code = parsed.args[2] if len(parsed.args) > 2 else ""
        if code == "other":
            await context.services.dialogs.start(
                context.person.id, FEATURE, "reason", question=question.id
            )
            await answer_query(query, alert=False)
            await context.bot.send_message(
                context.person.id,
                context.text("qa.mod.type_reason", id=question.id, limit=REASON_LIMIT),
                reply_markup=markup([cancel_row(context)]),
            )
            return
        if code not in REJECT_REASONS:
            await reply(update, context, "error.stale_button")
            return
        asker = await questions.asker_of(question)
        language = context.services.people.language(asker)
        decision = await questions.reject(
            context.visit, question, context.person, questions.reason_text(language, code)
        )
        await decided(update, context, decision.done, decision.question)
    elif verb == "edit":
        await context.services.dialogs.start(
            context.person.id, FEATURE, "edit", question=question.id
        )
        await answer_query(query, alert=False)
        await context.bot.send_message(
            context.person.id,
            context.text("qa.mod.type_edit", id=question.id, text=question.text),
            reply_markup=markup([cancel_row(context)]),
        )
    else:
        await answer_query(query, alert=False)
        await query.edit_message_reply_markup(
            markup(questions.moderation_buttons(context.language, question.id))
        )


async def decided(update: Update, context: BotContext, done: bool, question: Question) -> None:
    """After a press: the card shows the decision; a late press is told who was first."""
    query = update.callback_query
    assert query is not None
    if done:
        await answer_query(query, context.text(f"qa.mod.done.{question.state}"), alert=False)
        await refresh_other_cards(
            context, question, except_chat=query.message.chat.id if query.message else 0
        )
    else:
        await answer_query(query, context.text(f"qa.mod.already.{question.state}"))
    await edit_query_message(query, await moderation_status(context, question))


@organiser_step
async def typed_reason(update: Update, context: BotContext) -> None:
    """Step `reason`: reject with the typed reason."""
    assert context.visit is not None and context.person is not None
    state = context.services.dialogs.active(context.person.id)
    assert state is not None
    questions = context.services.questions
    question = await questions.get(context.visit.id, int(state.data.get("question") or 0))
    text = message_of(update).text or ""
    problem = text_problem(text, REASON_LIMIT)
    if problem is not None:
        await problem_reply(update, context, problem, "reason")
        return
    await context.services.dialogs.end(context.person.id)
    if question is None:
        await reply(update, context, "error.stale_button")
        return
    decision = await questions.reject(context.visit, question, context.person, text.strip())
    if decision.done:
        await refresh_other_cards(context, decision.question, except_chat=0)
        await reply(update, context, "qa.mod.done.rejected")
    else:
        await reply(update, context, f"qa.mod.already.{decision.question.state}")


@organiser_step
async def typed_edit(update: Update, context: BotContext) -> None:
    """Step `edit`: store the corrected text (the original stays) and show the card again."""
    assert context.visit is not None and context.person is not None
    state = context.services.dialogs.active(context.person.id)
    assert state is not None
    questions = context.services.questions
    question = await questions.get(context.visit.id, int(state.data.get("question") or 0))
    if question is None:
        await context.services.dialogs.end(context.person.id)
        await reply(update, context, "error.stale_button")
        return
    problem = await questions.edit(question, context.person, message_of(update).text or "")
    if problem in ("empty", "no_words", "too_long"):
        await problem_reply(update, context, problem, "question")
        return
    await context.services.dialogs.end(context.person.id)
    if problem == "decided":
        await reply(update, context, "qa.mod.already.decided")
        return
    fresh = await questions.get(context.visit.id, question.id)
    assert fresh is not None
    await message_of(update).reply_html(
        context.text("qa.mod.edited_ok") + "\n\n" + await moderation_status(context, fresh),
        reply_markup=markup(questions.moderation_buttons(context.language, fresh.id)),
    )


@organiser_only
async def switch_moderation(update: Update, context: BotContext) -> None:
    """/moderation on|off: review questions before they are published, or not."""
    assert context.visit is not None
    questions = context.services.questions
    word = (context.args or [""])[0].lower()
    if word in ("on", "aktif", "nyala"):
        await questions.set_moderation(context.visit, True)
    elif word in ("off", "mati", "nonaktif"):
        await questions.set_moderation(context.visit, False)
    elif word:
        await reply(update, context, "qa.moderation.usage")
        return
    visit = await context.services.visits.store.get(context.visit.id)
    assert visit is not None
    key = "qa.moderation.on" if questions.moderated(visit) else "qa.moderation.off"
    await reply(update, context, key, visit=visit.title)


# Votes and lists


def card_buttons(context: BotContext, question: Question, answerable: bool) -> list[list[Button]]:
    """👍 and, for who may answer, **Answer**."""
    row = [context.services.questions.vote_button(question)]
    if answerable:
        row.append(context.services.questions.answer_button(context.language, question.id))
    return [row]


async def scope_from_args(update: Update, context: BotContext) -> tuple[bool, Target | None]:
    """(whether a partner or session was named, which one); an unknown name is answered here."""
    assert context.visit is not None
    if not context.args:
        return False, None
    words = " ".join(context.args)
    scope = await context.services.questions.find_scope(context.visit.id, words)
    if scope is None:
        await reply(update, context, "qa.list.unknown_scope", words=words)
    return True, scope


@requires_role(*MEMBERS)
async def list_questions(update: Update, context: BotContext) -> None:
    """/questions [PARTNER|SESSION]: published, unanswered questions by votes, a card each."""
    assert context.visit is not None and context.person is not None
    questions = context.services.questions
    named, scope = await scope_from_args(update, context)
    if named and scope is None:
        return
    found = await questions.published(context.visit.id, scope)
    scope_name = scope.name(context.language) if scope else context.text("qa.scope.all")
    if not found:
        await reply(update, context, "qa.list.empty", scope=scope_name)
        return
    message = message_of(update)
    await message.reply_html(context.text("qa.list.title", scope=scope_name, count=len(found)))
    for question in found:
        asker = await questions.asker_of(question)
        answerable = await questions.can_answer(
            context.visit, context.person, context.role, question
        )
        await message.reply_html(
            questions.public_card(
                context.language, question, asker, for_organiser=context.role is Role.ORGANISER
            ),
            reply_markup=markup(card_buttons(context, question, answerable)),
        )


async def vote(update: Update, context: BotContext, parsed: ButtonData) -> None:
    """👍: vote, or take the vote back; not on one's own question."""
    query = update.callback_query
    assert query is not None and context.visit is not None and context.person is not None
    questions = context.services.questions
    question = await button_question(update, context, parsed, 0)
    if question is None:
        return
    outcome = await questions.vote(question, context.person)
    await answer_query(
        query, context.text(f"qa.vote.{outcome}"), alert=outcome in ("own", "closed")
    )
    if outcome in ("voted", "unvoted") and isinstance(query.message, Message):
        fresh = await questions.get(context.visit.id, question.id)
        assert fresh is not None
        old = query.message.reply_markup
        rows = [
            [
                InlineKeyboardButton(f"👍 {fresh.votes}", callback_data=query.data)
                if button.callback_data == query.data
                else button
                for button in row
            ]
            for row in (old.inline_keyboard if old else ())
        ]
        await edit_query_markup(query, InlineKeyboardMarkup(rows))
        await flush_live(context.bot, context.services, context.visit.id)


# Answers


async def start_answer(update: Update, context: BotContext, parsed: ButtonData) -> None:
    """**Answer**: check the question is this partner's (or an organiser's) and ask for the text."""
    query = update.callback_query
    assert query is not None and context.visit is not None and context.person is not None
    questions = context.services.questions
    question = await button_question(update, context, parsed, 0)
    if question is None:
        return
    if not await questions.can_answer(context.visit, context.person, context.role, question):
        await reply(update, context, "qa.answer.not_yours")
        return
    if question.state != PUBLISHED:
        await reply(update, context, "qa.answer.not_open")
        return
    await context.services.dialogs.start(context.person.id, FEATURE, "answer", question=question.id)
    await answer_query(query, alert=False)
    key = "qa.answer.write_aloud" if context.role is Role.ORGANISER else "qa.answer.write"
    await context.bot.send_message(
        context.person.id,
        context.text(key, id=question.id, text=question.text, limit=ANSWER_LIMIT),
        reply_markup=markup([cancel_row(context)]),
    )


async def record_answer(update: Update, context: BotContext, question_id: int, text: str) -> bool:
    """Answer a question; True when the guided chat (if any) is over."""
    assert context.visit is not None and context.person is not None
    questions = context.services.questions
    question = await questions.get(context.visit.id, question_id)
    if question is None:
        await reply(update, context, "error.stale_button")
        return True
    problem = await questions.answer(context.visit, question, context.person, context.role, text)
    if problem in ("empty", "no_words", "too_long"):
        await problem_reply(update, context, problem, "answer")
        return False
    if problem is not None:
        await reply(update, context, f"qa.answer.{problem}")
        return True
    voters = await questions.store.voters(question.id)
    await reply(update, context, "qa.answer.sent", id=question.id, count=len(voters) + 1)
    await flush_live(context.bot, context.services, context.visit.id)
    return True


async def typed_answer(update: Update, context: BotContext) -> None:
    """Step `answer`: the partner's (or the organiser's recorded) answer."""
    assert context.person is not None
    state = context.services.dialogs.active(context.person.id)
    assert state is not None
    text = message_of(update).text
    if text is None:
        await reply(update, context, "qa.ask.text_only")
        return
    if await record_answer(update, context, int(state.data.get("question") or 0), text):
        await context.services.dialogs.end(context.person.id)


async def reply_answer(update: Update, context: BotContext) -> None:
    """A reply to a question the bot delivered is that question's answer."""
    message = message_of(update)
    replied = message.reply_to_message
    question_id = None
    if replied is not None:
        question_id = await context.services.questions.store.message_question(
            message.chat.id, replied.message_id
        )
    if question_id is None or context.visit is None or message.text is None:
        await reply(update, context, "error.unsupported_message")
        return
    await record_answer(update, context, question_id, message.text)


async def in_dialog(update: Update, context: BotContext) -> None:
    """Route a message to the step of the Q&A guided chat in progress."""
    assert context.person is not None
    state = context.services.dialogs.active(context.person.id)
    assert state is not None
    if context.visit is None:
        await context.services.dialogs.end(context.person.id)
        await reply(update, context, "error.no_visit")
        return
    steps = {
        "text": question_text,
        "answer": typed_answer,
        "reason": typed_reason,
        "edit": typed_edit,
    }
    step = steps.get(state.step)
    if step is None:
        await reply(update, context, "qa.ask.use_buttons")
        return
    await step(update, context)


# The person's own questions, the archive, the export


@requires_role(*ASKERS)
async def my_questions(update: Update, context: BotContext) -> None:
    """/myquestions: the state of each of the sender's questions."""
    assert context.visit is not None and context.person is not None
    mine = await context.services.questions.store.of_asker(context.visit.id, context.person.id)
    if not mine:
        await reply(update, context, "qa.mine.empty")
        return
    lines = [context.text("qa.mine.title", count=len(mine))]
    for question in mine[:20]:
        state = context.text(
            f"qa.state.{question.state}",
            votes=question.votes,
            reason=question.reject_reason or "",
            answer=(question.answer or "")[:300],
        )
        lines.append(
            context.text(
                "qa.mine.line",
                id=question.id,
                target=question.target_name,
                text=question.text[:300],
                state=Html(state),
            )
        )
    await message_of(update).reply_html(i18n.fit("\n\n".join(lines)))


@requires_role(*MEMBERS)
async def search_archive(update: Update, context: BotContext) -> None:
    """/qa WORDS: answered questions of every visit matching the words."""
    words = " ".join(context.args or [])
    hits = await context.services.questions.search(words)
    if hits is None:
        await reply(update, context, "qa.search.usage")
        return
    if not hits:
        await reply(update, context, "qa.search.none", words=words)
        return
    lines = [context.text("qa.search.title", words=words, count=len(hits))]
    for hit in hits:
        lines.append(
            context.text(
                "qa.search.hit",
                visit=hit.visit_title,
                target=hit.target,
                question=hit.question[:400],
                answer=hit.answer[:600],
            )
        )
    await message_of(update).reply_html(i18n.fit("\n\n".join(lines)))


@organiser_only
async def export_questions(update: Update, context: BotContext) -> None:
    """/export questions: every question of the visit as a CSV file."""
    assert context.visit is not None
    data = await context.services.questions.export_csv(context.visit, zone_of(context.visit))
    await message_of(update).reply_document(
        data,
        filename=f"questions-{context.visit.slug}.csv",
        caption=context.text("qa.export.caption", visit=context.visit.title),
        parse_mode=ParseMode.HTML,
    )


# The live list for the room


@organiser_only
async def open_live(update: Update, context: BotContext) -> None:
    """/live [PARTNER|SESSION]: one message, edited as votes arrive, to read out in the room."""
    assert context.visit is not None and context.person is not None
    questions = context.services.questions
    named, scope = await scope_from_args(update, context)
    if named and scope is None:
        return
    text = await live_text(context.services, context.visit.id, context.language, scope)
    sent = await message_of(update).reply_html(text)
    await questions.store.open_live(
        context.visit.id,
        sent.chat.id,
        sent.message_id,
        context.language,
        scope.id if scope and scope.kind == "p" else None,
        scope.id if scope and scope.kind == "s" else None,
        context.person.id,
        context.services.clock.now(),
    )


async def live_text(services: Services, visit_id: int, language: str, scope: Target | None) -> str:
    """The live list as it is now."""
    questions = services.questions
    found = await questions.published(visit_id, scope)
    askers: dict[int, Person] = {}
    for question in found:
        asker = await questions.asker_of(question)
        if asker is not None:
            askers[asker.id] = asker
    return questions.live_text(language, scope, found, askers)


async def flush_live(bot: ExtBot[Any], services: Services, visit_id: int | None = None) -> None:
    """Edit the live lists that changed, at most once per throttle interval each."""
    questions = services.questions
    for live in await questions.due_live_lists(visit_id):
        scope = await questions.live_scope(live)
        text = await live_text(services, live.visit_id, live.language, scope)
        try:
            await bot.edit_message_text(
                text, chat_id=live.chat_id, message_id=live.message_id, rate_limit_args=PACED
            )
        except BadRequest as error:
            if not is_not_modified(error):
                log.info("live list %s could not be edited: %s", live.id, error)
        except TelegramError as error:
            log.info("live list %s could not be edited: %s", live.id, error)
        await questions.store.mark_live(live.id, False, services.clock.now())


# Wiring


async def on_button(update: Update, context: BotContext) -> None:
    """Every `qa:` button, routed by its action."""
    query = update.callback_query
    assert query is not None
    parsed = parse_callback(query.data or "")
    routed = BUTTONS.get(parsed.action) if parsed is not None else None
    if routed is None:
        await reply(update, context, "error.stale_button")
        return
    callback, roles = routed
    # The one permission check: a refused press writes nothing.
    await requires_role(*roles)(_with(callback, parsed))(update, context)


ButtonCallback = Callable[[Update, BotContext, ButtonData], Awaitable[None]]
BUTTONS: dict[str, tuple[ButtonCallback, tuple[Role, ...]]] = {
    "ask": (start_question, ASKERS),
    "an": (choose_anonymity, ASKERS),
    "ok": (send_question, ASKERS),
    "x": (cancel, MEMBERS),
    "m": (moderate, (Role.ORGANISER,)),
    "v": (vote, MEMBERS),
    "ans": (start_answer, ANSWERERS),
}


def _with(callback: ButtonCallback, parsed: ButtonData | None) -> Callback:
    """Bind the parsed data, keeping the role guard on the outside."""

    async def run(update: Update, context: BotContext) -> None:
        assert parsed is not None
        await callback(update, context, parsed)

    return run


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Wire the Q&A commands, buttons, guided chats, replies and the live-list tick."""
    services: Services = application.bot_data["services"]
    askers = frozenset(ASKERS)
    organisers = frozenset({Role.ORGANISER})
    services.menu.add("ask", askers, order=30)
    services.menu.add("myquestions", askers, order=31)
    services.menu.add("questions", frozenset(MEMBERS), order=32)
    services.menu.add("qa", frozenset(MEMBERS), order=33)
    services.menu.add("live", organisers, order=60)
    services.menu.add("moderation", organisers, order=61)
    application.add_handler(dialog_handler(application, FEATURE, in_dialog), group=DIALOG_GROUP)
    application.add_handler(CommandHandler("ask", ask))
    application.add_handler(CommandHandler("myquestions", my_questions))
    application.add_handler(CommandHandler("questions", list_questions))
    application.add_handler(CommandHandler("qa", search_archive))
    application.add_handler(CommandHandler("live", open_live))
    application.add_handler(CommandHandler("moderation", switch_moderation))
    application.add_handler(
        CommandHandler(
            "export",
            export_questions,
            filters.Regex(r"^/export(@\w+)?\s+(questions|pertanyaan)\s*$"),
        )
    )
    application.add_handler(
        CallbackQueryHandler(on_button, pattern=r"^qa:(ask|an|ok|x|m|v|ans)(:|$)")
    )
    application.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE & filters.REPLY & filters.TEXT & ~filters.COMMAND,
            reply_answer,
        )
    )

    async def tick(now: datetime) -> None:
        await flush_live(application.bot, services)

    services.planners.add("qa-live", tick)
