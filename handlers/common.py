"""What every feature's handlers share: who is writing, the role check, replies and dialogs."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Awaitable, Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from telegram import (
    CallbackQuery,
    Document,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import access, menu
from bot.access import Allowed, ButtonRule, Refusal
from bot.boards import BOARD_GONE, BOARD_SHOWN, BoardEdit, BoardEditor, BoardView
from bot.context import BotContext
from bot.i18n import Html, clock_time, escape, fit, plain
from bot.outbox import Button
from bot.people import Sender
from bot.sendlimits import seconds_of
from bot.telegram_errors import is_not_modified
from bot.visits import zone_of
from storage.roles import Role
from storage.sessions import Session

log = logging.getLogger(__name__)

Callback = Callable[[Update, BotContext], Awaitable[None]]
F = TypeVar("F", bound=Callback)

# Handler groups: news about a chat itself (a group upgraded), who is writing, whether they may
# do what they ask, then dialogs in progress, then the features.
CHAT_EVENT_GROUP = -4
IDENTIFY_GROUP = -3
ACCESS_GROUP = -2
DIALOG_GROUP = -1
FEATURE_GROUP = 0


async def identify(update: Update, context: BotContext) -> None:
    """Record who is writing and load their visit, role and dialog for the handlers after."""
    user = update.effective_user
    if user is None or user.is_bot:
        return
    services = context.services
    chat = update.effective_chat
    # One query for who they are and their guided chat in progress.
    known, _ = await services.dialogs.load_with_person(user.id)
    person = await services.people.seen(
        Sender(
            id=user.id,
            first_name=user.first_name,
            last_name=user.last_name,
            username=user.username,
            language_code=user.language_code,
            private_chat=chat is not None and chat.type == "private",
        ),
        known=known,
    )
    context.person = person
    current = await services.people.current_visit(person)
    if current is not None:
        context.visit, context.role = current


async def guard(update: Update, context: BotContext) -> None:
    """Before any handler: a button or command the sender may not use here is refused.

    A button acts in the visit of the record it names (see `bot.access`); the handlers after
    this one see that visit and the sender's role in it as `context.visit` and `context.role`.
    """
    person = context.person
    if person is None:
        return
    access_rules = context.services.access
    query = update.callback_query
    if query is not None:
        state = context.services.dialogs.active(person.id)
        dialog_visit = str(state.data.get("visit_id", "")) if state is not None else ""
        current = (context.visit, context.role) if context.visit and context.role else None
        decision = await access_rules.check_button(
            person.id,
            query.data or "",
            current,
            int(dialog_visit) if dialog_visit.isdigit() else None,
        )
        if isinstance(decision, Allowed):
            if decision.visit is not None:
                context.visit, context.role = decision.visit, decision.role
            return
        await refuse(update, context, decision)
        raise ApplicationHandlerStop
    command = command_of(update, context.bot.username)
    if command is not None:
        refusal = access_rules.check_command(command, context.role)
        if refusal is not None:
            await refuse(update, context, refusal)
            raise ApplicationHandlerStop


def command_of(update: Update, bot_username: str | None) -> str | None:
    """The command a new message starts with (`/help@ourbot` too), or None."""
    message = update.message
    if message is None or not message.text or not message.entities:
        return None
    entity = message.entities[0]
    if entity.type != "bot_command" or entity.offset != 0:
        return None
    name, _, addressee = message.text[1 : entity.length].partition("@")
    if addressee and bot_username and addressee.lower() != bot_username.lower():
        return None
    return name.lower()


async def refuse(update: Update, context: BotContext, refusal: Refusal) -> None:
    """Tell the sender, in their language, why not; nothing else happens."""
    if refusal.key or refusal.no_visit:
        await reply(update, context, refusal.text_key)
    else:
        await reply(update, context, refusal.text_key, roles=role_names(context, refusal.allowed))


def add_buttons(
    application: Application[Any, Any, Any, Any, Any, Any],
    callback: Callback,
    *rules: ButtonRule,
) -> None:
    """Declare a feature's buttons and the callback that answers them.

    The callback only ever sees data one of `rules` describes, pressed by someone whose role
    in the named record's visit the rule allows: the pattern is built from the rules.
    """
    access_rules = application.bot_data["services"].access
    for rule in rules:
        access_rules.add(rule)
    # The rules' named groups would clash in one pattern; the access check reads them.
    unnamed = (re.sub(r"\(\?P<\w+>", "(?:", rule.regex.pattern) for rule in rules)
    pattern = "|".join(f"(?:{each})" for each in unnamed)
    application.add_handler(
        CallbackQueryHandler(callback, pattern=f"^(?:{pattern})$")  # type: ignore[arg-type]
    )


async def session_buttons(context: BotContext, data_prefix: str) -> list[list[Button]]:
    """The visit's sessions nearest now (at most 12, in time order), one button each, its data
    `data_prefix` and the session's id: for commands that need a session, so nobody types keys."""
    assert context.visit is not None
    zone, language = zone_of(context.visit), context.language
    nearest = await context.services.checkins.nearest_sessions(context.visit.id)
    return [
        [
            Button(
                f"{s.starts_at.astimezone(zone):%d/%m} {clock_time(s.starts_at, language, zone)}"
                f" {escape(s.title(language)[:45])}",
                f"{data_prefix}{s.id}",
            )
        ]
        for s in nearest
    ]


async def picked_session(update: Update, context: BotContext, data_prefix: str) -> Session | None:
    """The session a `session_buttons` button names, its press answered; None (and the person
    told the button is stale) when the session is gone or not this visit's."""
    query = update.callback_query
    assert query is not None and query.data is not None and context.visit is not None
    raw = query.data.removeprefix(data_prefix)
    session = await context.services.checkins.sessions.get(int(raw))
    if session is None or session.visit_id != context.visit.id:
        await reply(update, context, "error.stale_button")
        return None
    await answer_query(query, alert=False)
    return session


async def reply(update: Update, context: BotContext, key: str, /, **values: object) -> None:
    """Answer the sender with a catalogue text (as an alert for a button press)."""
    text = context.text(key, **values)
    if update.callback_query is not None:
        await answer_query(update.callback_query, text)
        return
    message = update.effective_message
    if message is not None:
        await message.reply_text(text, parse_mode=ParseMode.HTML)


async def answer_query(query: CallbackQuery, text: str | None = None, alert: bool = True) -> None:
    """Answer a button press; a long or alerting text is shown as a pop-up."""
    await query.answer(text=None if text is None else plain(text)[:200], show_alert=alert)


def keyboard(rows: Iterable[Iterable[Button]]) -> InlineKeyboardMarkup | None:
    """Inline buttons from the plain `Button` rows bot/ builds (None when there are none)."""
    built = [[inline_button(b.text, b.data, b.url) for b in row] for row in rows]
    return InlineKeyboardMarkup(built) if any(built) else None


def inline_button(
    label: str, callback_data: str | None = None, url: str | None = None
) -> InlineKeyboardButton:
    """An inline button. `label` is HTML like every rendered text (user values escaped), and
    Telegram shows a label as plain text: it goes as the text it reads ("&amp;" as "&")."""
    return InlineKeyboardButton(plain(label), callback_data=callback_data, url=url)


def reply_button(label: str, **options: Any) -> KeyboardButton:
    """A reply-keyboard button (`options`: request_location, request_contact); `label` as for
    `inline_button`."""
    return KeyboardButton(plain(label), **options)


async def edit_query_message(query: CallbackQuery, text: str, **options: Any) -> None:
    """Edit the message a button belongs to; an identical edit (a double press) is no error."""
    try:
        await query.edit_message_text(text, parse_mode=ParseMode.HTML, **options)
    except BadRequest as error:
        if not is_not_modified(error):
            raise


async def edit_query_markup(query: CallbackQuery, markup: InlineKeyboardMarkup) -> None:
    """Change only the buttons of the message a button belongs to; an identical edit is fine."""
    try:
        await query.edit_message_reply_markup(markup)
    except BadRequest as error:
        if not is_not_modified(error):
            raise


def board_editor(application: Application[Any, Any, Any, Any, Any, Any]) -> BoardEditor:
    """How live boards (roll calls, safety checks) edit one board in Telegram."""

    async def edit(view: BoardView[Any]) -> BoardEdit:
        try:
            await application.bot.edit_message_text(
                view.message.text,
                chat_id=view.board.chat_id,
                message_id=view.board.message_id,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard(view.message.buttons),
            )
        except RetryAfter as error:
            return BoardEdit(retry_after=seconds_of(error.retry_after))
        except Forbidden:
            return BOARD_GONE
        except BadRequest as error:
            if not is_not_modified(error):
                raise
        return BOARD_SHOWN

    return edit


async def document_bytes(document: Document, limit: int) -> bytes | None:
    """A sent file's content, or None when Telegram says it is larger than `limit` bytes
    (then it is not downloaded at all)."""
    if document.file_size is not None and document.file_size > limit:
        return None
    return bytes(await (await document.get_file()).download_as_bytearray())


def role_names(context: BotContext, roles: Collection[Role]) -> Html:
    """'organisers' / 'panitia', or several joined, in the sender's language."""
    order = [role for role in Role if role in roles]
    return Html(", ").join(context.text(f"role.{role.value}") for role in order)


def requires_role(*allowed: Role, end_dialog: bool = False) -> Callable[[F], F]:
    """Let only these roles in the current visit run the callback; others are told why.

    This is the one place where permission is checked; a refused action writes nothing
    (with `end_dialog`, a guided chat the person can no longer continue is ended).
    """

    def decorate(callback: F) -> F:
        @functools.wraps(callback)
        async def guarded(update: Update, context: BotContext) -> None:
            refusal = access.check(context.role, allowed)
            if refusal is None:
                await callback(update, context)
                return
            if end_dialog and context.person is not None:
                await context.services.dialogs.end(context.person.id)
            if refusal.no_visit:
                await reply(update, context, "error.no_visit")
            else:
                await reply(
                    update, context, "error.not_allowed", roles=role_names(context, refusal.allowed)
                )

        return guarded  # type: ignore[return-value]

    return decorate


organiser_only = requires_role(Role.ORGANISER)
# For the steps of an organiser's guided chat: the role is checked again at every step.
organiser_step = requires_role(Role.ORGANISER, end_dialog=True)


def private_only(callback: F) -> F:
    """Run only in a private chat; in a group, say so briefly."""

    @functools.wraps(callback)
    async def guarded(update: Update, context: BotContext) -> None:
        chat = update.effective_chat
        if chat is not None and chat.type != "private":
            await reply(update, context, "error.private_only")
            return
        await callback(update, context)

    return guarded  # type: ignore[return-value]


class InDialog(filters.UpdateFilter):
    """Passes updates from a person whose guided chat with `feature` is in progress."""

    def __init__(self, application: Application[Any, Any, Any, Any, Any, Any], feature: str):
        super().__init__(name=f"InDialog({feature})")
        self.application = application
        self.feature = feature

    def filter(self, update: Update) -> bool:
        """Sync check on the state loaded by `identify`."""
        user = update.effective_user
        if user is None:
            return False
        state = self.application.bot_data["services"].dialogs.active(user.id)
        return state is not None and state.feature == self.feature


def dialog_handler(
    application: Application[Any, Any, Any, Any, Any, Any],
    feature: str,
    callback: Callback,
    on_cancel: Callback | None = None,
) -> BaseHandler[Update, BotContext, None]:
    """A handler for every non-command private message while `feature`'s dialog is active.

    It stops further handling, so nothing else answers the same message. `/cancel` ends the
    dialog (see `cancel_dialog`); `on_cancel` is the feature's own ending (discard a draft,
    answer in its words), called instead of the plain one.
    """
    cancellers: dict[str, Callback] = application.bot_data.setdefault(CANCELLERS, {})
    if on_cancel is not None:
        cancellers[feature] = on_cancel

    async def run_then_stop(update: Update, context: BotContext) -> None:
        await callback(update, context)
        raise ApplicationHandlerStop

    return MessageHandler(
        InDialog(application, feature)
        & filters.ChatType.PRIVATE
        & ~filters.COMMAND
        # An edit of an earlier answer is not the answer to the current step.
        & ~filters.UpdateType.EDITED,
        run_then_stop,
    )


CANCELLERS = "dialog_cancellers"


async def cancel_dialog(update: Update, context: BotContext) -> None:
    """`/cancel`, whatever guided chat is in progress: it ends, and nothing of it is kept.

    Every feature's dialog ends here, so no step can take `/cancel` for its answer.
    """
    person = context.person
    if person is None:
        return
    state = context.services.dialogs.active(person.id)
    if state is None:
        await reply(update, context, "dialog.nothing_to_cancel")
        raise ApplicationHandlerStop
    own = context.application.bot_data.get(CANCELLERS, {}).get(state.feature)
    if own is not None:
        await own(update, context)
    else:
        await context.services.dialogs.end(person.id)
        await reply(update, context, "dialog.cancelled")
    raise ApplicationHandlerStop


def message_of(update: Update) -> Message:
    """The message of an update that handlers registered for messages receive."""
    message = update.effective_message
    assert message is not None
    return message


def register_identify(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Record the sender, then check what they ask for, before any feature sees the update."""
    application.add_handler(TypeHandler(Update, identify), group=IDENTIFY_GROUP)
    application.add_handler(TypeHandler(Update, guard), group=ACCESS_GROUP)
    # One `/cancel` for every guided chat, before any dialog's own handler sees the message.
    application.bot_data["services"].access.command("cancel", menu.EVERYONE)
    application.add_handler(
        CommandHandler("cancel", cancel_dialog, filters=filters.ChatType.PRIVATE),
        group=DIALOG_GROUP,
    )


# ------------------------------------------------------------------ files checked whole


class CheckedFile(Protocol):
    """A file read and checked as a whole: applicable, or the problems found in it."""

    @property
    def ok(self) -> bool:
        """Whether the file can be applied."""
        ...

    @property
    def problems(self) -> list[tuple[str, dict[str, Any]]]:
        """Text keys and their values, one per problem."""
        ...

    def data(self) -> Any:
        """Plain JSON values, kept in the guided chat's state until Apply."""
        ...


@dataclass(frozen=True)
class FileReview:
    """A file an organiser sends that is checked whole, shown as a difference and applied only
    on **Apply** (groups, rooming lists): all or nothing, and nothing changes before the press.

    `prefix` names its texts (`PREFIX.problems`, `.unchanged`, `.confirm`, `.apply`,
    `.discard`, `.applied`, `.discarded`) and its buttons (`PREFIX:ok`, `PREFIX:no`).
    """

    feature: str  # the guided chat that holds the checked file until Apply
    prefix: str
    max_bytes: int
    # The file's content (None: over `max_bytes`, not downloaded) and name -> the checked file.
    read: Callable[[BotContext, bytes | None, str], Awaitable[CheckedFile]]
    # The checked file -> the lines of its difference with what is stored (none: no change).
    preview: Callable[[BotContext, CheckedFile], Awaitable[Sequence[str]]]
    # Apply the kept data to the visit.
    apply: Callable[[BotContext, int, Any], Awaitable[None]]


async def receive_reviewed_file(update: Update, context: BotContext, review: FileReview) -> None:
    """Check a sent file as a whole; show its problems, or its difference with an Apply button."""
    assert context.visit is not None and context.person is not None
    message = message_of(update)
    document = message.document
    assert document is not None
    content = await document_bytes(document, review.max_bytes)
    checked = await review.read(context, content, document.file_name or "")
    if not checked.ok:
        lines: list[str] = [context.text(f"{review.prefix}.problems")]
        lines += ["• " + context.text(key, **values) for key, values in checked.problems]
        await message.reply_html(fit("\n".join(lines)))
        return
    changes = await review.preview(context, checked)
    if not changes:
        await reply(update, context, f"{review.prefix}.unchanged")
        return
    await context.services.dialogs.start(
        context.person.id, review.feature, "confirm", visit_id=context.visit.id, plan=checked.data()
    )
    buttons = (
        (
            Button(context.text(f"{review.prefix}.apply"), f"{review.prefix}:ok"),
            Button(context.text(f"{review.prefix}.discard"), f"{review.prefix}:no"),
        ),
    )
    await message.reply_html(
        fit("\n".join([context.text(f"{review.prefix}.confirm"), *changes])),
        reply_markup=keyboard(buttons),
    )


async def reviewed_file_button(update: Update, context: BotContext, review: FileReview) -> None:
    """Apply or discard the file waiting for confirmation."""
    query = update.callback_query
    assert query is not None and query.data is not None and context.person is not None
    dialogs = context.services.dialogs
    state = dialogs.active(context.person.id)
    if state is None or state.feature != review.feature:
        await reply(update, context, "error.stale_button")
        return
    await dialogs.end(context.person.id)
    outcome = "discarded"
    if query.data == f"{review.prefix}:ok":
        await review.apply(context, int(state.data["visit_id"]), state.data["plan"])
        outcome = "applied"
    await answer_query(query)
    await edit_query_message(query, context.text(f"{review.prefix}.{outcome}"))
