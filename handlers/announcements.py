"""/announce, /announcements, /group and /linkgroup: organisers tell people things and see who
got them; recipients press "Got it".

Callback data: `ann:<action>:<args>` for the organiser's steps and reports, `ack:<id>` for the
"Got it" button; parsed in `parse_callback`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.access import MEMBERS, button
from bot.announcements import (
    AckOutcome,
    CheckedInAudience,
    DraftProblem,
    check_draft_text,
    telegram_length,
    text_limit,
)
from bot.context import BotContext
from bot.i18n import Html, plain, shorten
from handlers.common import (
    CHAT_EVENT_GROUP,
    DIALOG_GROUP,
    add_buttons,
    answer_query,
    dialog_handler,
    edit_query_message,
    inline_button,
    message_of,
    organiser_only,
    private_only,
    reply,
)
from storage.dialogs import DialogState
from storage.people import Member
from storage.roles import Role

FEATURE = "announce"
ORGANISERS = frozenset({Role.ORGANISER})
GROUP_NAME_LIMIT = 40


def _keyboard(rows: Sequence[Sequence[tuple[str, str]]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[inline_button(text, callback_data=data) for text, data in row] for row in rows]
    )


def _cancel_row(context: BotContext) -> list[tuple[str, str]]:
    return [(context.text("ann.cancel"), "ann:cancel")]


def _state(context: BotContext) -> DialogState | None:
    """The sender's announce dialog, if one is in progress."""
    assert context.person is not None
    state = context.services.dialogs.active(context.person.id)
    return state if state is not None and state.feature == FEATURE else None


# ------------------------------------------------------------------ the guided chat


@organiser_only
@private_only
async def start_announcement(update: Update, context: BotContext) -> None:
    """Begin the guided chat: first the text."""
    assert context.person is not None and context.visit is not None
    await context.services.dialogs.start(
        context.person.id, FEATURE, "text", visit_id=context.visit.id
    )
    await reply(update, context, "ann.ask_text", limit=text_limit(False))


async def cancel_announcement(update: Update, context: BotContext) -> None:
    """/cancel while writing an announcement: nothing is sent."""
    assert context.person is not None
    state = _state(context)
    if state is not None and state.data.get("draft_id"):
        await context.services.announcements.store.discard_draft(int(state.data["draft_id"]))
    await context.services.dialogs.end(context.person.id)
    await reply(update, context, "ann.cancelled")


async def dialog_message(update: Update, context: BotContext) -> None:
    """A message during the guided chat: the text at the first step, else a nudge to the buttons."""
    state = _state(context)
    if state is None:
        return
    if state.step != "text":
        await _ask_step(update, context, state, new_message=True)
        return
    message = message_of(update)
    photo = document = None
    if message.text is not None:
        plain, html_text = message.text, message.text_html
    elif message.photo or message.document:
        if message.photo:
            photo = message.photo[-1].file_id
        else:
            assert message.document is not None
            document = message.document.file_id
        plain = message.caption or ""
        html_text = message.caption_html if message.caption else ""
    else:
        await reply(update, context, "ann.unsupported")
        return
    with_attachment = photo is not None or document is not None
    problem = check_draft_text(plain, with_attachment)
    if problem is DraftProblem.EMPTY:
        await reply(update, context, "ann.empty")
        return
    if problem is DraftProblem.TOO_LONG:
        await reply(
            update,
            context,
            "ann.too_long",
            length=telegram_length(plain),
            limit=text_limit(with_attachment),
        )
        return
    state = await context.services.dialogs.advance(
        state, "audience", text_html=html_text, photo=photo, document=document
    )
    await _ask_step(update, context, state, new_message=True)


async def _ask_step(
    update: Update, context: BotContext, state: DialogState, *, new_message: bool
) -> None:
    """Show the question of the current step (a new message, or edit the pressed one)."""
    visit_id = int(state.data["visit_id"])
    services = context.services
    if state.step == "audience":
        options = await services.announcements.audience_options(visit_id, context.language)
        rows = [
            [
                (
                    context.text("ann.audience.option", label=o.label, count=o.count),
                    f"ann:aud:{o.key}",
                )
            ]
            for o in options
        ]
        text, markup = context.text("ann.ask_audience"), _keyboard([*rows, _cancel_row(context)])
    elif state.step == "urgency":
        text = context.text("ann.ask_urgency")
        markup = _keyboard(
            [
                [
                    (context.text("ann.urgency.normal"), "ann:urg:0"),
                    (context.text("ann.urgency.urgent"), "ann:urg:1"),
                ],
                _cancel_row(context),
            ]
        )
    elif state.step == "ack":
        text = context.text("ann.ask_ack")
        markup = _keyboard(
            [
                [
                    (context.text("ann.ack.yes"), "ann:ack:1"),
                    (context.text("ann.ack.no"), "ann:ack:0"),
                ],
                _cancel_row(context),
            ]
        )
    elif state.step == "groupchat":
        chat = await services.announcements.store.group_chat(visit_id)
        text = context.text("ann.ask_group_chat", title=chat.title if chat else "")
        markup = _keyboard(
            [
                [(context.text("ann.yes"), "ann:gc:1"), (context.text("ann.no"), "ann:gc:0")],
                _cancel_row(context),
            ]
        )
    else:  # preview: the summary under the preview, with Send and Cancel
        await _send_preview(update, context, state)
        return
    query = update.callback_query
    if new_message or query is None:
        await message_of(update).reply_html(text, reply_markup=markup)
    else:
        await edit_query_message(query, text, reply_markup=markup)


async def _send_preview(update: Update, context: BotContext, state: DialogState) -> None:
    """Store the draft and show it as recipients will see it, with the recipient count."""
    assert context.person is not None
    announcements = context.services.announcements
    data = state.data
    visit_id = int(data["visit_id"])
    members = await announcements.members(visit_id, data["audience"])
    if members is None:
        await context.services.dialogs.end(context.person.id)
        await reply(update, context, "ann.audience_gone")
        return
    chat = await announcements.store.group_chat(visit_id) if data.get("to_group") else None
    draft_id = data.get("draft_id")
    draft = None if draft_id is None else await announcements.store.get(int(draft_id))
    if draft is None:
        draft = await announcements.draft(
            visit_id=visit_id,
            created_by=context.person.id,
            text_html=data["text_html"],
            photo=data.get("photo"),
            document=data.get("document"),
            audience=data["audience"],
            urgent=bool(data.get("urgent")),
            needs_ack=bool(data.get("needs_ack")),
            to_group_chat=chat is not None,
        )
        await context.services.dialogs.advance(state, "preview", draft_id=draft.id)
    preview = announcements.message_for(draft, context.language)
    chat_id = message_of(update).chat_id
    bot = context.bot
    if preview.photo:
        await bot.send_photo(
            chat_id, preview.photo, caption=preview.text, parse_mode=ParseMode.HTML
        )
    elif preview.document:
        await bot.send_document(
            chat_id, preview.document, caption=preview.text, parse_mode=ParseMode.HTML
        )
    else:
        await bot.send_message(chat_id, preview.text, parse_mode=ParseMode.HTML)
    label = await announcements.audience_label(visit_id, data["audience"], context.language)
    summary = context.text(
        "ann.preview",
        audience=label or data["audience"],
        count=len(members),
        group=Html(context.text("ann.preview.group", title=chat.title)) if chat else "",
        urgency=context.text("ann.urgency.urgent" if draft.urgent else "ann.urgency.normal"),
        ack=context.text("ann.preview.ack" if draft.needs_ack else "ann.preview.no_ack"),
    )
    await bot.send_message(
        chat_id,
        summary,
        parse_mode=ParseMode.HTML,
        reply_markup=_keyboard(
            [
                [
                    (context.text("ann.send"), f"ann:send:{draft.id}"),
                    (context.text("ann.cancel"), f"ann:cancel:{draft.id}"),
                ]
            ]
        ),
    )


# ------------------------------------------------------------------ buttons


def parse_callback(data: str) -> tuple[str, str] | None:
    """`ann:<action>:<rest>` as (action, rest), or None for malformed data."""
    prefix, _, rest = data.partition(":")
    if prefix != "ann":
        return None
    action, _, argument = rest.partition(":")
    if action not in {"aud", "urg", "ack", "gc", "send", "cancel", "rep", "open", "re"}:
        return None
    return action, argument


@organiser_only
async def announce_button(update: Update, context: BotContext) -> None:
    """Every organiser button of this feature, parsed in one place."""
    query = update.callback_query
    assert query is not None and context.person is not None and context.visit is not None
    parsed = parse_callback(query.data or "")
    if parsed is None:
        await reply(update, context, "error.stale_button")
        return
    action, argument = parsed
    if action in {"rep", "open", "re"}:
        await _report_button(update, context, action, argument)
        return
    if action == "send":
        await _send_button(update, context, argument)
        return
    state = _state(context)
    if action == "cancel":
        if argument.isdigit():
            await context.services.announcements.store.discard_draft(int(argument))
        if state is not None:
            await context.services.dialogs.end(context.person.id)
        await answer_query(query)
        await edit_query_message(query, context.text("ann.cancelled"))
        return
    expected = {"aud": "audience", "urg": "urgency", "ack": "ack", "gc": "groupchat"}[action]
    if state is None or state.step != expected:
        await reply(update, context, "error.stale_button")
        return
    visit_id = int(state.data["visit_id"])
    if action == "aud":
        members = await context.services.announcements.members(visit_id, argument)
        if members is None:
            await reply(update, context, "error.stale_button")
            return
        if not members:
            await reply(update, context, "ann.no_recipients")
            return
        state = await context.services.dialogs.advance(state, "urgency", audience=argument)
    elif argument not in {"0", "1"}:
        await reply(update, context, "error.stale_button")
        return
    elif action == "urg":
        state = await context.services.dialogs.advance(state, "ack", urgent=argument == "1")
    elif action == "ack":
        linked = await context.services.announcements.store.group_chat(visit_id)
        next_step = "groupchat" if linked is not None else "preview"
        state = await context.services.dialogs.advance(state, next_step, needs_ack=argument == "1")
    else:
        state = await context.services.dialogs.advance(state, "preview", to_group=argument == "1")
    await answer_query(query)
    await _ask_step(update, context, state, new_message=False)


async def _send_button(update: Update, context: BotContext, argument: str) -> None:
    """Send: queue the draft for its audience, then show the report that updates itself."""
    query = update.callback_query
    assert query is not None and context.person is not None and context.visit is not None
    announcements = context.services.announcements
    draft = await announcements.store.get(int(argument)) if argument.isdigit() else None
    if draft is None or draft.visit_id != context.visit.id:
        await reply(update, context, "error.stale_button")
        return
    if draft.confirmed_at is not None:
        await reply(update, context, "ann.already_sent")
        return
    chat = await announcements.store.group_chat(draft.visit_id)
    visit_language = context.visit.language
    count = await announcements.send_out(
        draft, (chat.chat_id, visit_language) if chat is not None else None
    )
    state = _state(context)
    if state is not None:
        await context.services.dialogs.end(context.person.id)
    await answer_query(query)
    if count is None:
        await edit_query_message(query, context.text("ann.audience_gone"))
        return
    await edit_query_message(query, context.text("ann.queued", number=draft.id, count=count))
    await _open_report(update, context, draft.id)


async def _open_report(update: Update, context: BotContext, announcement_id: int) -> None:
    """Send a new report message; it becomes the one that updates itself."""
    announcements = context.services.announcements
    report = await announcements.report(announcement_id)
    if report is None:
        await reply(update, context, "error.stale_button")
        return
    text, markup = announcements.render_report(report, context.language)
    sent: Message = await context.bot.send_message(
        message_of(update).chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup
    )
    await announcements.store.set_report_message(announcement_id, sent.chat_id, sent.message_id)
    announcements.reports.touch(announcement_id)


async def _report_button(update: Update, context: BotContext, action: str, argument: str) -> None:
    """Refresh a report, open one from the list, or re-send to those who did not acknowledge."""
    query = update.callback_query
    assert query is not None and context.visit is not None
    announcements = context.services.announcements
    report = await announcements.report(int(argument)) if argument.isdigit() else None
    if report is None or report.announcement.visit_id != context.visit.id:
        await reply(update, context, "error.stale_button")
        return
    if action == "open":
        await answer_query(query)
        await _open_report(update, context, report.announcement.id)
        return
    if action == "re":
        queued = await announcements.resend(report.announcement)
        if queued is None:
            await reply(update, context, "ann.resend.busy")
            return
        await reply(
            update, context, "ann.resend.queued" if queued else "ann.resend.none", count=queued
        )
        report = await announcements.report(report.announcement.id) or report
    else:
        await answer_query(query)
    text, markup = announcements.render_report(report, context.language)
    await edit_query_message(query, text, reply_markup=markup)


async def acknowledge(update: Update, context: BotContext) -> None:
    """The "Got it" button under an announcement: recorded once."""
    query = update.callback_query
    assert query is not None
    _, _, argument = (query.data or "").partition(":")
    if context.person is None or not argument.isdigit():
        await reply(update, context, "error.stale_button")
        return
    announcements = context.services.announcements
    outcome = await announcements.acknowledge(int(argument), context.person.id)
    key = {
        AckOutcome.RECORDED: "ann.ack.recorded",
        AckOutcome.ALREADY: "ann.ack.already",
        AckOutcome.STALE: "error.stale_button",
    }[outcome]
    await reply(update, context, key)
    if outcome is AckOutcome.RECORDED:
        announcements.reports.touch(int(argument))


# ------------------------------------------------------------------ reports, groups, linking


@organiser_only
@private_only
async def list_announcements(update: Update, context: BotContext) -> None:
    """The latest announcements, each with a button that opens its report."""
    assert context.visit is not None
    latest = await context.services.announcements.store.of_visit(context.visit.id)
    if not latest:
        await reply(update, context, "ann.list.empty")
        return
    rows = []
    for announcement in latest:
        preview = _plain_preview(announcement.text_html)
        rows.append(
            [
                (
                    context.text("ann.list.button", number=announcement.id, preview=preview),
                    f"ann:open:{announcement.id}",
                )
            ]
        )
    await message_of(update).reply_html(
        context.text("ann.list.title"), reply_markup=_keyboard(rows)
    )


def _plain_preview(text_html: str, length: int = 30) -> str:
    """The first words of an announcement for a button label (tags dropped)."""
    return shorten(plain(text_html), length)


@organiser_only
async def link_group(update: Update, context: BotContext) -> None:
    """/linkgroup in a group chat: announcements can be posted there too."""
    assert context.visit is not None and context.person is not None
    chat = update.effective_chat
    if chat is None or chat.type not in ("group", "supergroup"):
        await reply(update, context, "ann.link.in_group_only")
        return
    services = context.services
    await services.announcements.store.link_group_chat(
        context.visit.id, chat.id, chat.title or "", context.person.id, services.clock.now()
    )
    await reply(update, context, "ann.link.done", visit=context.visit.title)


async def group_migrated(update: Update, context: BotContext) -> None:
    """Telegram upgraded a group to a supergroup: every reference follows it to its new id."""
    message = message_of(update)
    if message.migrate_to_chat_id is not None:
        old, new = message.chat.id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id is not None:
        old, new = message.migrate_from_chat_id, message.chat.id
    else:
        return
    await context.services.delivery.chat_moved(old, new)


@organiser_only
@private_only
async def define_group(update: Update, context: BotContext) -> None:
    """/group NAME @user ...: set a named group; /group NAME: show it; /group NAME -: delete."""
    assert context.visit is not None
    args = list(context.args or [])
    groups = context.services.audiences.groups
    visit_id = context.visit.id
    if not args:
        names = await groups.names(visit_id)
        await reply(update, context, "group.usage")
        if names:
            await reply(update, context, "group.list", groups=", ".join(names))
        else:
            await reply(update, context, "group.none")
        return
    handles = [a for a in args if a.startswith("@")]
    words = [a for a in args if not a.startswith("@")]
    delete = bool(words) and words[-1] == "-"
    if delete:
        words = words[:-1]
    name = " ".join(words).strip()
    if not name or len(name) > GROUP_NAME_LIMIT or name.startswith("-"):
        await reply(update, context, "group.bad_name", limit=GROUP_NAME_LIMIT)
        return
    if delete:
        if await groups.delete(visit_id, name):
            await reply(update, context, "group.deleted", name=name)
        else:
            await reply(update, context, "group.unknown", name=name)
        return
    members = await context.services.audiences.people.members(visit_id)
    if words and words[-1].lower() in LEADER_WORDS and len(handles) <= 1:
        await _set_leader(update, context, " ".join(words[:-1]).strip(), handles, members)
        return
    if not handles:
        ids = set(await groups.member_ids(visit_id, name))
        if not ids:
            await reply(update, context, "group.unknown", name=name)
            return
        listed = ", ".join(m.person.full_name for m in members if m.person.id in ids)
        await reply(update, context, "group.members", name=name, names=listed)
        leader_id = await groups.leader_id(visit_id, name)
        leader = next((m.person for m in members if m.person.id == leader_id), None)
        if leader is not None:
            await reply(update, context, "group.leader_line", leader=leader.full_name)
        return
    by_username = {(m.person.username or "").lower(): m.person.id for m in members}
    unknown = [h for h in handles if h[1:].lower() not in by_username]
    if unknown:
        await reply(update, context, "group.unknown_users", names=", ".join(unknown))
        return
    ids_to_set = sorted({by_username[h[1:].lower()] for h in handles})
    await groups.set_members(visit_id, name, ids_to_set)
    await reply(update, context, "group.saved", name=name, count=len(ids_to_set))


LEADER_WORDS = {"leader", "ketua"}


async def _set_leader(
    update: Update, context: BotContext, name: str, handles: list[str], members: list[Member]
) -> None:
    """/group NAME leader @user gives the group its leader; /group NAME leader removes it."""
    assert context.visit is not None
    groups = context.services.audiences.groups
    if not name or name not in await groups.names(context.visit.id):
        await reply(update, context, "group.unknown", name=name)
        return
    if not handles:
        await groups.set_leader(context.visit.id, name, None)
        await reply(update, context, "group.leader_removed", name=name)
        return
    by_username = {(m.person.username or "").lower(): m.person for m in members}
    leader = by_username.get(handles[0][1:].lower())
    if leader is None:
        await reply(update, context, "group.unknown_users", names=handles[0])
        return
    await groups.set_leader(context.visit.id, name, leader.id)
    await reply(update, context, "group.leader_set", name=name, leader=leader.full_name)


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Wire the commands, the guided chat, the buttons and the delivery hooks."""
    services = application.bot_data["services"]
    announcements = services.announcements
    menu = services.menu
    menu.add("announce", ORGANISERS, order=60)
    menu.add("announcements", ORGANISERS, order=61)
    menu.add("group", ORGANISERS, order=62)
    menu.add("linkgroup", ORGANISERS, order=63)
    application.add_handler(
        dialog_handler(application, FEATURE, dialog_message, on_cancel=cancel_announcement),
        group=DIALOG_GROUP,
    )
    application.add_handler(CommandHandler("announce", start_announcement))
    application.add_handler(CommandHandler("announcements", list_announcements))
    application.add_handler(CommandHandler("group", define_group))
    application.add_handler(
        CommandHandler(
            "linkgroup", link_group, filters=filters.ChatType.GROUPS | filters.ChatType.PRIVATE
        )
    )
    application.add_handler(
        MessageHandler(filters.StatusUpdate.MIGRATE, group_migrated), group=CHAT_EVENT_GROUP
    )
    add_buttons(
        application,
        announce_button,
        button("ann:aud:{audience:text}", ORGANISERS, dialog=True),
        button("ann:{step:urg|ack|gc}:{choice:0|1}", ORGANISERS, dialog=True),
        button("ann:cancel", ORGANISERS, dialog=True),
        button("ann:{verb:send|cancel|rep|open|re}:{announcement}", ORGANISERS),
    )
    add_buttons(application, acknowledge, button("ack:{announcement}", MEMBERS))

    # "Everyone checked in to a session" as an audience (buttons ann:aud:x:ci:<session id>).
    announcements.add_provider(
        "ci", CheckedInAudience(services.checkins, services.texts, services.clock)
    )
    services.delivery.unreachable_listeners.append(announcements.tell_organisers_unreachable)
    services.delivery.progress_listeners.append(announcements.reports.row_changed)
    services.extras.setdefault("settle", []).append(announcements.reports.busy)

    async def on_open(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        announcements.reports.bot = app.bot

    async def on_close(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        await announcements.reports.stop()
        announcements.reports.bot = None

    services.extras.setdefault("on_open", []).append(on_open)
    services.extras.setdefault("on_close", []).append(on_close)
