"""Partner Q&A in chat: /ask, moderation buttons, /questions with votes, answers, /qa, /live.

The rules are in `bot.questions`; every text, button row and callback data (`qa:…`) in
`bot.questions_views`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    Application,
    CommandHandler,
    ExtBot,
    MessageHandler,
    filters,
)

from bot.access import button
from bot.context import BotContext
from bot.outbox import OutgoingMessage
from bot.questions import Decision, moderation_word
from bot.questions_dialogs import DIALOG, MODERATION_STEPS, QuestionDialogs, Turn
from bot.questions_views import ButtonData, answers_a_question, parse_callback
from bot.services import Services
from bot.telegram_errors import is_not_modified
from bot.visits import zone_of
from handlers.common import (
    DIALOG_GROUP,
    add_buttons,
    answer_query,
    dialog_handler,
    edit_query_markup,
    edit_query_message,
    inline_button,
    keyboard,
    message_of,
    organiser_only,
    organiser_step,
    private_only,
    reply,
    requires_role,
)
from handlers.exports import add_export, send_export
from storage.people import Person
from storage.questions import WAITING, Question
from storage.roles import Role
from storage.visits import Visit

log = logging.getLogger(__name__)

ASKERS = (Role.PARTICIPANT, Role.ORGANISER, Role.CREATOR)
ANSWERERS = (Role.PARTNER, Role.ORGANISER)
MEMBERS = tuple(Role)
QUEUE_SHOWN = 10  # cards /moderation shows at once
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Press:
    """A `qa:` button pressed by a member of a visit."""

    query: CallbackQuery
    data: ButtonData
    visit: Visit
    person: Person


class StaleButton(Exception):
    """A button naming nothing that exists (any more); `on_button` answers it."""


def or_stale(found: T | None) -> T:
    """What a button names, or the stale-button answer when it names nothing."""
    if found is None:
        raise StaleButton
    return found


async def show(update: Update, view: OutgoingMessage) -> Message:
    """Answer the sender's message with a view."""
    return await message_of(update).reply_html(view.text, reply_markup=keyboard(view.buttons))


async def send_step(context: BotContext, view: OutgoingMessage) -> None:
    """Send the next step of a guided chat to the sender's private chat."""
    assert context.person is not None
    await context.bot.send_message(
        context.person.id, view.text, reply_markup=keyboard(view.buttons)
    )


def qa_dialogs(context: BotContext) -> QuestionDialogs:
    """The Q&A guided chats, over this application's services."""
    return QuestionDialogs(context.services.questions, context.services.dialogs)


async def present(update: Update, context: BotContext, turn: Turn) -> None:
    """Answer a typed message; the other organisers' cards and the live lists catch up."""
    if turn.rejected is not None:
        await refresh_other_cards(context, turn.rejected, except_chat=0)
    await show(update, turn.view)
    if turn.answered:
        assert context.visit is not None
        await flush_live(context.bot, context.services, context.visit.id)


# Asking


@private_only
@requires_role(*ASKERS)
async def ask(update: Update, context: BotContext) -> None:
    """Offer the partners and sessions a question can be meant for."""
    assert context.visit is not None
    questions = context.services.questions
    targets = await questions.targets(context.visit.id)
    await show(update, questions.views.choose_target(context.language, targets))


async def start_question(context: BotContext, press: Press) -> None:
    """**Ask a question** (on /ask, a partner card or a session card): ask for the text."""
    step = or_stale(await qa_dialogs(context).start_question(press.visit, press.person, press.data))
    await answer_query(press.query, alert=False)
    await send_step(context, step)


async def choose_anonymity(context: BotContext, press: Press) -> None:
    """Name or anonymous chosen: show the question to confirm."""
    anonymous = press.data.text(0) == "1"
    view = or_stale(
        await qa_dialogs(context).choose_anonymity(press.visit, press.person, anonymous)
    )
    await answer_query(press.query, alert=False)
    await edit_query_message(press.query, view.text, reply_markup=keyboard(view.buttons))


async def send_question(context: BotContext, press: Press) -> None:
    """Confirmed: store the question and say what happens next."""
    outcome = or_stale(await qa_dialogs(context).send_question(press.visit, press.person))
    await answer_query(press.query, alert=False)
    await edit_query_message(press.query, outcome)


async def cancel(context: BotContext, press: Press) -> None:
    """Cancel the guided chat in progress."""
    if not await qa_dialogs(context).cancel(press.person):
        raise StaleButton
    await answer_query(press.query, alert=False)
    await edit_query_message(press.query, context.text("qa.cancelled"))


async def cancel_typed(update: Update, context: BotContext) -> None:
    """/cancel while writing a question, an answer, a reason or a corrected text."""
    assert context.person is not None
    await qa_dialogs(context).cancel(context.person)
    await reply(update, context, "qa.cancelled")


# Moderation


async def refresh_other_cards(context: BotContext, question: Question, except_chat: int) -> None:
    """Show the decision on the other organisers' copies of the card too."""
    for card in await context.services.questions.other_moderation_cards(question, except_chat):
        try:
            await context.bot.edit_message_text(
                card.text, chat_id=card.chat_id, message_id=card.message_id
            )
        except TelegramError as error:
            log.info("could not update moderation card in chat %s: %s", card.chat_id, error)


async def moderate(context: BotContext, press: Press) -> None:
    """Publish, start rejecting (choose a reason), pick a reason, start editing, or go back."""
    query, questions = press.query, context.services.questions
    verb = press.data.text(0)
    if verb not in ("pub", "rej", "r", "edit", "back"):
        raise StaleButton
    question = or_stale(await questions.named_by(press.visit.id, press.data, 1))
    if question.state != WAITING:
        await decided(context, press, Decision(False, question))
        return
    if verb == "pub":
        decision = await questions.publish(press.visit, question, press.person)
        await decided(context, press, decision)
    elif verb == "r" and press.data.text(2) == "other":
        step = await qa_dialogs(context).start_reason(press.person, question)
        await answer_query(query, alert=False)
        await send_step(context, step)
    elif verb == "r":
        code = press.data.text(2)
        rejected = await questions.reject_for_reason(press.visit, question, press.person, code)
        await decided(context, press, or_stale(rejected))
    elif verb == "edit":
        step = await qa_dialogs(context).start_edit(press.person, question)
        await answer_query(query, alert=False)
        await send_step(context, step)
    else:
        views = questions.views
        rows = (
            views.reject_reasons(context.language, question.id)
            if verb == "rej"
            else views.moderation_buttons(context.language, question.id)
        )
        await answer_query(query, alert=False)
        await query.edit_message_reply_markup(keyboard(rows))


async def decided(context: BotContext, press: Press, decision: Decision) -> None:
    """After a press: the card shows the decision; a late press is told who was first."""
    query, question = press.query, decision.question
    if decision.done:
        await answer_query(query, context.text(f"qa.mod.done.{question.state}"), alert=False)
        await refresh_other_cards(
            context, question, except_chat=query.message.chat.id if query.message else 0
        )
    else:
        await answer_query(query, context.text(f"qa.mod.already.{question.state}"))
    view = await context.services.questions.moderation_view(context.language, question)
    await edit_query_message(query, view)


@organiser_only
async def switch_moderation(update: Update, context: BotContext) -> None:
    """/moderation on|off: review questions before they are published, or not."""
    assert context.visit is not None
    questions = context.services.questions
    word = (context.args or [""])[0]
    on = moderation_word(word)
    if word and on is None:
        await reply(update, context, "qa.moderation.usage")
        return
    visit = await questions.switch_moderation(context.visit, on)
    key = "qa.moderation.on" if questions.moderated(visit) else "qa.moderation.off"
    await reply(update, context, key, visit=visit.title)
    if word:
        return
    # `/moderation` alone: the queue again, a card with its buttons for each waiting question
    # (a card lost far up the chat is hard to find).
    queue = await questions.moderation_queue(visit.id)
    if not queue:
        await reply(update, context, "qa.moderation.queue_empty")
        return
    await reply(update, context, "qa.moderation.queue", count=len(queue))
    for question in queue[:QUEUE_SHOWN]:
        await show(update, await questions.queue_card(context.language, question))
    if len(queue) > QUEUE_SHOWN:
        await reply(
            update, context, "qa.moderation.queue_more", shown=QUEUE_SHOWN, count=len(queue)
        )


# Votes and lists


@requires_role(*MEMBERS)
async def list_questions(update: Update, context: BotContext) -> None:
    """/questions [PARTNER|SESSION]: published, unanswered questions by votes, a card each."""
    assert context.visit is not None and context.person is not None
    questions = context.services.questions
    words, scope = await questions.scope_of(context.visit.id, context.args or [])
    if words and scope is None:
        await reply(update, context, "qa.list.unknown_scope", words=words)
        return
    for view in await questions.public_list(context.visit, context.person, context.role, scope):
        await show(update, view)


async def vote(context: BotContext, press: Press) -> None:
    """👍: vote, or take the vote back; not on one's own question."""
    query, questions = press.query, context.services.questions
    question = or_stale(await questions.named_by(press.visit.id, press.data, 0))
    outcome = await questions.vote(question, press.person)
    await answer_query(
        query, context.text(f"qa.vote.{outcome}"), alert=outcome in ("own", "closed")
    )
    if outcome in ("voted", "unvoted") and isinstance(query.message, Message):
        fresh = await questions.get(press.visit.id, question.id)
        assert fresh is not None
        shown = questions.views.vote_button(fresh)
        count = inline_button(shown.text, callback_data=query.data)
        old = query.message.reply_markup.inline_keyboard if query.message.reply_markup else ()
        # Only the 👍 changes: the other buttons are the ones this reader was shown.
        rows = [[count if b.callback_data == query.data else b for b in row] for row in old]
        await edit_query_markup(query, InlineKeyboardMarkup(rows))
        await flush_live(context.bot, context.services, press.visit.id)


# Answers


async def start_answer(context: BotContext, press: Press) -> None:
    """**Answer**: check the question is this partner's (or an organiser's) and ask for the text."""
    questions = context.services.questions
    question = or_stale(await questions.named_by(press.visit.id, press.data, 0))
    refusal = await questions.answer_refusal(press.visit, press.person, context.role, question)
    if refusal is not None:
        await answer_query(press.query, context.text(f"qa.answer.{refusal}"))
        return
    step = await qa_dialogs(context).start_answer(press.person, context.role, question)
    await answer_query(press.query, alert=False)
    await send_step(context, step)


class RepliesToAQuestion(filters.MessageFilter):
    """Passes replies to a bot message carrying a question's **Answer** button.

    Decided on the replied-to message alone (no database), so replies to anything else go on
    to the features wired after this one.
    """

    def filter(self, message: Message) -> bool:
        """Whether the replied-to message is the bot's and has an **Answer** button."""
        replied = message.reply_to_message
        if replied is None or replied.from_user is None or not replied.from_user.is_bot:
            return False
        keyboard = replied.reply_markup
        return keyboard is not None and any(
            answers_a_question(button.callback_data)
            for row in keyboard.inline_keyboard
            for button in row
        )


async def reply_answer(update: Update, context: BotContext) -> None:
    """A reply to a question the bot delivered is that question's answer."""
    message = message_of(update)
    assert message.reply_to_message is not None and context.person is not None
    if context.visit is None or message.text is None:
        await reply(update, context, "error.unsupported_message")
        return
    replied = (message.chat.id, message.reply_to_message.message_id)
    turn = await qa_dialogs(context).answer_by_reply(
        context.visit, context.person, context.role, replied, message.text
    )
    await present(update, context, turn)


async def in_dialog(update: Update, context: BotContext) -> None:
    """Route a message to the step of the Q&A guided chat in progress."""
    assert context.person is not None
    state = context.services.dialogs.active(context.person.id)
    assert state is not None
    if context.visit is None:
        await context.services.dialogs.end(context.person.id)
        await reply(update, context, "error.no_visit")
        return
    # An organiser's step checks the role again: they may have lost it since.
    await (organiser_step(typed) if state.step in MODERATION_STEPS else typed)(update, context)


async def typed(update: Update, context: BotContext) -> None:
    """A message in the guided chat (the question, an answer, a reason or a corrected text)."""
    assert context.visit is not None and context.person is not None
    text = message_of(update).text
    turn = await qa_dialogs(context).typed(context.visit, context.person, context.role, text)
    await present(update, context, turn)


# The person's own questions, the archive, the export


@requires_role(*ASKERS)
async def my_questions(update: Update, context: BotContext) -> None:
    """/myquestions: the state of each of the sender's questions."""
    assert context.visit is not None and context.person is not None
    questions = context.services.questions
    mine = await questions.asked_by(context.visit.id, context.person.id)
    await message_of(update).reply_html(questions.views.mine(context.language, mine))


@requires_role(*MEMBERS)
async def search_archive(update: Update, context: BotContext) -> None:
    """/qa WORDS: answered questions of every visit matching the words."""
    questions = context.services.questions
    words = " ".join(context.args or [])
    hits = await questions.search(words)
    await message_of(update).reply_html(questions.views.archive(context.language, words, hits))


@organiser_only
async def export_questions(update: Update, context: BotContext) -> None:
    """/export questions [xlsx]: every question of the visit, as CSV or Excel."""
    assert context.visit is not None
    await send_export(
        update,
        context,
        await context.services.questions.export_table(context.visit, zone_of(context.visit)),
        f"questions-{context.visit.slug}",
        context.text("qa.export.caption", visit=context.visit.title),
    )


# The live list for the room


@organiser_only
async def open_live(update: Update, context: BotContext) -> None:
    """/live [PARTNER|SESSION]: one message, edited as votes arrive, to read out in the room."""
    assert context.visit is not None and context.person is not None
    questions = context.services.questions
    words, scope = await questions.scope_of(context.visit.id, context.args or [])
    if words and scope is None:
        await reply(update, context, "qa.list.unknown_scope", words=words)
        return
    text = await questions.live_text(context.visit.id, context.language, scope)
    sent = await message_of(update).reply_html(text)
    place = (sent.chat.id, sent.message_id)
    await questions.open_live(context.visit.id, place, context.language, scope, context.person.id)


async def flush_live(bot: ExtBot[Any], services: Services, visit_id: int | None = None) -> None:
    """Edit the live lists that changed, at most once per throttle interval each."""
    questions = services.questions
    for edit in await questions.live_edits(visit_id):
        live = edit.live
        try:
            await bot.edit_message_text(edit.text, chat_id=live.chat_id, message_id=live.message_id)
        except BadRequest as error:
            if not is_not_modified(error):
                log.info("live list %s could not be edited: %s", live.id, error)
        except TelegramError as error:
            log.info("live list %s could not be edited: %s", live.id, error)
        await questions.live_rendered(live)


# Wiring


async def on_button(update: Update, context: BotContext) -> None:
    """Every `qa:` button, routed by its action; stale or forged ones are answered here."""
    query = update.callback_query
    assert query is not None
    parsed = parse_callback(query.data or "")
    routed = None if parsed is None else BUTTONS.get(parsed.action)
    if parsed is None or routed is None:
        await reply(update, context, "error.stale_button")
        return
    callback, roles = routed

    async def pressed(update: Update, context: BotContext) -> None:
        assert context.visit is not None and context.person is not None
        await callback(context, Press(query, parsed, context.visit, context.person))

    try:
        # The one permission check (so there is a visit): a refused press writes nothing.
        await requires_role(*roles)(pressed)(update, context)
    except StaleButton:
        await reply(update, context, "error.stale_button")


ButtonCallback = Callable[[BotContext, Press], Awaitable[None]]
BUTTONS: dict[str, tuple[ButtonCallback, tuple[Role, ...]]] = {
    "ask": (start_question, ASKERS),
    "an": (choose_anonymity, ASKERS),
    "ok": (send_question, ASKERS),
    "x": (cancel, MEMBERS),
    "m": (moderate, (Role.ORGANISER,)),
    "v": (vote, MEMBERS),
    "ans": (start_answer, ANSWERERS),
}


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Wire the Q&A commands, buttons, guided chats, replies and the live-list tick."""
    services: Services = application.bot_data["services"]
    askers = frozenset(ASKERS)
    organisers = frozenset({Role.ORGANISER})
    services.menu.add("ask", askers, order=30)
    services.privacy.add_eraser("questions", services.questions.store.forget)
    services.menu.add("myquestions", askers, order=31)
    services.menu.add("questions", frozenset(MEMBERS), order=32)
    services.menu.add("qa", frozenset(MEMBERS), order=33)
    services.menu.add("live", organisers, order=60)
    services.menu.add("moderation", organisers, order=61)
    application.add_handler(
        dialog_handler(application, DIALOG, in_dialog, on_cancel=cancel_typed), group=DIALOG_GROUP
    )
    application.add_handler(CommandHandler("ask", ask))
    application.add_handler(CommandHandler("myquestions", my_questions))
    application.add_handler(CommandHandler("questions", list_questions))
    application.add_handler(CommandHandler("qa", search_archive))
    application.add_handler(CommandHandler("live", open_live))
    application.add_handler(CommandHandler("moderation", switch_moderation))
    add_export(
        application,
        "questions",
        export_questions,
        label_key="export.questions",
        words=("pertanyaan",),
    )
    add_buttons(
        application,
        on_button,
        button("qa:ask:p:{partner}", ASKERS),
        button("qa:ask:s:{session}", ASKERS),
        button("qa:an:{anonymous:0|1}", ASKERS, dialog=True),
        button("qa:ok", ASKERS, dialog=True),
        button("qa:x", MEMBERS, dialog=True),
        button("qa:m:{verb:pub|rej|edit|back}:{question}", organisers),
        button("qa:m:r:{question}:{reason:word}", organisers),
        button("qa:v:{question}", MEMBERS),
        button("qa:ans:{question}", ANSWERERS),
    )
    application.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE & RepliesToAQuestion() & filters.TEXT & ~filters.COMMAND,
            reply_answer,
        )
    )

    async def tick(now: datetime) -> None:
        await flush_live(application.bot, services)

    services.planners.add("qa-live", tick)
