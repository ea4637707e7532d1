"""Duty of care: /mygroup, /buddy, /safetycheck with its live boards, and /sos with **I'm on it**.

After an SOS (or **I need help**) the person is in a short guided chat: a location they share
and a note they write are passed on to the responders, until both came or they send /cancel.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from telegram import Message, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.access import MEMBERS, ORGANISERS, button
from bot.boards import LiveBoards
from bot.context import BotContext
from bot.i18n import fit
from bot.outbox import Button
from bot.safety.checks import BOARD_INTERVAL_SECONDS, parse_safety_check
from bot.safety.groups_file import MAX_BYTES, GroupsFile, is_groups_file, read_groups, too_large
from bot.services import Services
from handlers.common import (
    DIALOG_GROUP,
    FileReview,
    add_buttons,
    answer_query,
    board_editor,
    dialog_handler,
    edit_query_message,
    keyboard,
    message_of,
    organiser_only,
    private_only,
    receive_reviewed_file,
    reply,
    reply_button,
    reviewed_file_button,
)
from handlers.menus import sos_keyboard, sos_labels
from storage.safety import SafetyBoard

FEATURE = "sos"
GROUPS_FILE = "groups_file"
NOTE_LIMIT = 500
DRILL_WORDS = {"drill", "latihan", "test"}


# ------------------------------------------------------------------ groups


async def mygroup(update: Update, context: BotContext) -> None:
    """/mygroup: the person's groups, each with its leader, and their buddy; their own room,
    vehicle and seat, and for a group they lead, its members'."""
    assert context.visit is not None and context.person is not None
    services = context.services
    text = await services.care.my_groups(context.visit.id, context.person.id, context.language)
    rooms = await services.logistics.for_mygroup(
        context.visit.id, context.person.id, services.texts, context.language
    )
    await message_of(update).reply_html(fit(f"{text}\n\n{rooms}" if rooms else text))


@organiser_only
@private_only
async def buddy(update: Update, context: BotContext) -> None:
    """/buddy @a @b pairs two members of the visit; /buddy @a - undoes a's pair."""
    assert context.visit is not None
    args = list(context.args or [])
    handles = [a for a in args if a.startswith("@")]
    undo = args[-1:] == ["-"] and len(handles) == 1
    if not (undo or (len(handles) == 2 and len(args) == 2)):
        await reply(update, context, "care.buddy.usage")
        return
    members = await context.services.people.store.members(context.visit.id)
    by_username = {(m.person.username or "").lower(): m.person for m in members}
    unknown = [h for h in handles if h[1:].lower() not in by_username]
    if unknown:
        await reply(update, context, "group.unknown_users", names=", ".join(unknown))
        return
    people = [by_username[h[1:].lower()] for h in handles]
    groups = context.services.audiences.groups
    if undo:
        removed = await groups.remove_buddy(context.visit.id, people[0].id)
        key = "care.buddy.removed" if removed else "care.buddy.none"
        await reply(update, context, key, name=people[0].full_name)
        return
    if people[0].id == people[1].id:
        await reply(update, context, "care.buddy.usage")
        return
    await groups.set_buddies(context.visit.id, people[0].id, people[1].id)
    await reply(
        update, context, "care.buddy.paired", first=people[0].full_name, second=people[1].full_name
    )


class GroupsFileName(filters.MessageFilter):
    """A document named like a groups file (groups*.yaml/.yml/.csv, kelompok*)."""

    def filter(self, message: Message) -> bool:
        """Whether the message carries a groups file."""
        document = message.document
        return document is not None and is_groups_file(document.file_name or "")


async def groups_file(update: Update, context: BotContext) -> None:
    """A groups file: handled here and by no other feature (the agenda takes other files)."""
    await receive_groups_file(update, context)
    raise ApplicationHandlerStop


async def _read_groups(context: BotContext, content: bytes | None, name: str) -> GroupsFile:
    if content is None:
        return too_large()
    assert context.visit is not None
    members = await context.services.people.store.members(context.visit.id)
    return read_groups(content, name, [m.person for m in members])


async def _preview_groups(context: BotContext, checked: Any) -> Sequence[str]:
    assert context.visit is not None
    return await context.services.care.preview(context.visit.id, checked, context.language)


async def _apply_groups(context: BotContext, visit_id: int, data: Any) -> None:
    await context.services.care.apply(visit_id, GroupsFile.from_data(data))


GROUPS = FileReview(GROUPS_FILE, "gf", MAX_BYTES, _read_groups, _preview_groups, _apply_groups)


@private_only
@organiser_only
async def receive_groups_file(update: Update, context: BotContext) -> None:
    """Check a groups file as a whole; show the difference, to apply with a button."""
    await receive_reviewed_file(update, context, GROUPS)


async def groups_file_button(update: Update, context: BotContext) -> None:
    """Apply or discard the groups file waiting for confirmation."""
    await reviewed_file_button(update, context, GROUPS)


# ------------------------------------------------------------------ "are you safe?"


@organiser_only
async def safetycheck(update: Update, context: BotContext) -> None:
    """/safetycheck [GROUP |] [15m] [MESSAGE]: ask everyone (or a group) at once."""
    assert context.visit is not None and context.person is not None
    text = message_of(update).text or ""
    request = parse_safety_check(text.partition(" ")[2] if " " in text else "")
    if request is None:
        await reply(update, context, "safety.usage")
        return
    safety = context.services.safety
    if request.group is not None and request.group not in await safety.groups.names(
        context.visit.id
    ):
        await reply(update, context, "group.unknown", name=request.group)
        return
    check = await safety.open(context.visit, request, context.person.id)
    if check is None:
        await reply(update, context, "safety.nobody")
        return
    shown = await safety.board_now(context.language, context.visit, check)
    board = await message_of(update).reply_html(shown.text, reply_markup=keyboard(shown.buttons))
    starter = SafetyBoard(check.id, board.chat_id, board.message_id, context.person.id)
    await safety.announce(context.visit, check, starter, shown)


async def safety_button(update: Update, context: BotContext) -> None:
    """sc:a:ID:s|h from a member asked; sc:c:ID (close) from an organiser."""
    query = update.callback_query
    assert query is not None and query.data is not None and context.person is not None
    _, verb, check_id, *rest = query.data.split(":")
    safety = context.services.safety
    if verb == "c":
        closed = await safety.close(int(check_id))
        await reply(update, context, "safety.closed_now" if closed else "safety.closed")
        return
    state, check = await safety.answer(int(check_id), context.person.id, rest[0])
    if state != "recorded" or check is None:
        await reply(
            update, context, "error.stale_button" if state == "unknown" else f"safety.{state}"
        )
        return
    answer = "safe" if rest[0] == "s" else "help"
    label = context.text(f"safety.answer.{answer}")
    await answer_query(query, context.text("safety.recorded", answer=label), alert=False)
    await edit_query_message(
        query,
        safety.question(context.language, check, answer),
        reply_markup=keyboard(safety.answer_buttons(context.language, check)),
    )
    if answer == "help":
        alert = await context.services.sos.store.latest_alert(check.visit_id, context.person.id)
        if alert is not None:
            await _ask_details(update, context, alert.id)


# ------------------------------------------------------------------ SOS


async def sos(update: Update, context: BotContext) -> None:
    """/sos: alert the leaders of the person's groups and every organiser, now.
    /sos drill: the same, marked as a drill for everyone."""
    assert context.visit is not None and context.person is not None
    args = list(context.args or [])
    drill = bool(args) and args[0].lower() in DRILL_WORDS
    await _raise(update, context, drill=drill, confirmed=False)


async def _raise(update: Update, context: BotContext, *, drill: bool, confirmed: bool) -> None:
    assert context.visit is not None and context.person is not None
    outcome = await context.services.sos.raise_sos(
        context.visit, context.person, drill=drill, confirmed=confirmed
    )
    if outcome.state == "confirm":
        confirm = Button(context.text("sos.confirm_button"), f"sos:go:{'d' if drill else 'r'}")
        await message_of(update).reply_html(
            context.text("sos.confirm"), reply_markup=keyboard(((confirm,),))
        )
        return
    assert outcome.alert is not None
    await _ask_details(update, context, outcome.alert.id)


async def _ask_details(update: Update, context: BotContext, alert_id: int) -> None:
    """Start the short guided chat for a location and a note."""
    assert context.person is not None
    await context.services.dialogs.start(context.person.id, FEATURE, "details", alert=alert_id)
    message = update.effective_message
    assert message is not None
    await message.reply_html(
        context.text("sos.ask_details"),
        reply_markup=ReplyKeyboardMarkup(
            [
                [
                    reply_button(context.text("sos.location_button"), request_location=True),
                    reply_button(context.text("sos.phone_button"), request_contact=True),
                ]
            ],
            resize_keyboard=True,
        ),
    )


async def end_details(update: Update, context: BotContext) -> None:
    """/cancel after an SOS: the location and phone buttons give way to the SOS button."""
    assert context.person is not None
    await context.services.dialogs.end(context.person.id)
    await message_of(update).reply_html(
        context.text("sos.details_done"),
        reply_markup=sos_keyboard(context) or ReplyKeyboardRemove(),
    )


async def sos_pressed(update: Update, context: BotContext) -> None:
    """The persistent 🆘 SOS button: the same as /sos, for a member of a visit."""
    if context.visit is None or context.role is None or context.person is None:
        await reply(update, context, "error.no_visit")
        return
    await _raise(update, context, drill=False, confirmed=False)


async def sos_button(update: Update, context: BotContext) -> None:
    """sos:ack:ID ("I'm on it") from a responder; sos:go:r|d confirms a second SOS."""
    query = update.callback_query
    assert query is not None and query.data is not None and context.person is not None
    _, verb, value = query.data.split(":")
    if verb == "go":
        await answer_query(query)
        await edit_query_message(query, context.text("sos.confirm"))
        await _raise(update, context, drill=value == "d", confirmed=True)
        return
    state = await context.services.sos.acknowledge(int(value), context.person)
    if state == "first":
        await answer_query(query, context.text("sos.you_are_on_it"), alert=False)
    elif state == "taken":
        await reply(update, context, "sos.already_taken")
    else:
        await reply(update, context, "sos.not_yours")


async def sos_details(update: Update, context: BotContext) -> None:
    """A location or a note after an SOS: passed on to every responder."""
    assert context.person is not None
    services = context.services
    state = services.dialogs.active(context.person.id)
    if state is None or state.feature != FEATURE:
        return
    alert = await services.sos.store.alert(int(state.data["alert"]))
    message = message_of(update)
    if alert is None:
        await services.dialogs.end(context.person.id)
        return
    given = set(state.data.get("given", []))
    if message.location is not None:
        count = await services.sos.share_location(
            alert, context.person, message.location.latitude, message.location.longitude
        )
        given.add("location")
    elif message.contact is not None:
        count = await services.sos.share_phone(alert, context.person, message.contact.phone_number)
        given.add("phone")
    elif message.text in sos_labels(context.application):
        await _raise(update, context, drill=False, confirmed=False)  # asks to confirm
        return
    elif message.text:
        note = message.text.strip()[:NOTE_LIMIT]
        count = await services.sos.share_note(alert, context.person, note)
        if alert.check_id is not None:
            await services.safety.note(alert.check_id, context.person.id, note)
        given.add("note")
    else:
        await reply(update, context, "sos.ask_details")
        return
    if given >= {"location", "note", "phone"}:
        await end_details(update, context)
        return
    await services.dialogs.advance(state, given=sorted(given))
    await reply(update, context, "sos.passed_on", count=count)


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Wire /mygroup, /buddy, /safetycheck, /sos, their buttons, boards and planners."""
    services: Services = application.bot_data["services"]
    boards: LiveBoards[SafetyBoard] = LiveBoards(
        services.safety, board_editor(application), BOARD_INTERVAL_SECONDS, "safety-board"
    )
    services.safety.boards = boards
    services.delivery.sent_listeners.append(services.safety.board_sent)
    services.extras.setdefault("settle", []).append(boards.busy)

    async def stop_boards(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        await boards.stop()

    async def redraw_open_boards(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        await services.safety.redraw_after_restart()

    async def forget(person_id: int) -> None:
        await services.audiences.groups.erase_person(person_id)
        await services.safety.store.erase_person(person_id)

    services.privacy.add_eraser("safety", forget)
    services.extras.setdefault("on_close", []).append(stop_boards)
    services.extras.setdefault("on_open", []).append(redraw_open_boards)
    services.menu.add("sos", MEMBERS, order=5)
    services.menu.add("mygroup", MEMBERS, order=40)
    services.menu.add("buddy", ORGANISERS, order=62)
    services.menu.add("safetycheck", ORGANISERS, order=64)
    services.planners.add("safety", services.safety.tick)
    services.planners.add("sos", services.sos.tick)
    application.add_handler(
        dialog_handler(application, FEATURE, sos_details, on_cancel=end_details), group=DIALOG_GROUP
    )
    # Before the agenda's file handler, which takes every .yaml/.csv document otherwise.
    application.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & GroupsFileName(), groups_file),
        group=DIALOG_GROUP,
    )
    application.add_handler(CommandHandler("sos", sos))
    application.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE & filters.Text(sos_labels(application)), sos_pressed
        )
    )
    application.add_handler(CommandHandler("mygroup", mygroup))
    application.add_handler(CommandHandler("buddy", buddy))
    application.add_handler(CommandHandler("safetycheck", safetycheck))
    add_buttons(
        application,
        safety_button,
        button("sc:a:{safety}:{answer:s|h}", MEMBERS),
        button("sc:c:{safety}", ORGANISERS),
    )
    add_buttons(
        application, groups_file_button, button("gf:{choice:ok|no}", ORGANISERS, dialog=True)
    )
    add_buttons(
        application,
        sos_button,
        button("sos:ack:{sos}", MEMBERS),
        button("sos:go:{kind:r|d}", MEMBERS),
    )
