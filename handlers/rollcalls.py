"""/rollcall: a headcount with Here / Running late / Not coming, and one live board for each
organiser of the visit, edited as answers arrive."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.access import button
from bot.boards import LiveBoards
from bot.context import BotContext
from bot.i18n import fit
from bot.rollcalls import (
    BOARD_INTERVAL_SECONDS,
    parse_rollcall,
)
from bot.services import Services
from handlers.common import (
    add_buttons,
    answer_query,
    board_editor,
    edit_query_message,
    keyboard,
    message_of,
    organiser_only,
    reply,
)
from storage.roles import Role
from storage.rollcalls import RollCallBoard

CALLBACK_PREFIX = "rc:"
ORGANISERS = frozenset({Role.ORGANISER})
HISTORY_WORDS = {"history", "riwayat"}


@organiser_only
async def rollcall(update: Update, context: BotContext) -> None:
    """/rollcall LABEL [MINUTES] opens one; /rollcall history lists the latest."""
    assert context.visit is not None and context.person is not None
    words = list(context.args or [])
    rollcalls = context.services.rollcalls
    if len(words) == 1 and words[0].lower() in HISTORY_WORDS:
        lines = await rollcalls.history(context.visit, context.language)
        title = context.text("rc.history.title")
        text = "\n".join([title, *lines]) if lines else context.text("rc.history.empty")
        await message_of(update).reply_html(fit(text))
        return
    request = parse_rollcall(words)
    if request is None:
        await reply(update, context, "rc.usage")
        return
    if request.group is not None and request.group not in await rollcalls.groups.names(
        context.visit.id
    ):
        await reply(update, context, "group.unknown", name=request.group)
        return
    opened = await rollcalls.open(context.visit, request, context.person.id)
    if opened is None:
        await reply(update, context, "rc.no_participants")
        return
    shown = await rollcalls.board_now(context.language, context.visit, opened)
    board = await message_of(update).reply_html(shown.text, reply_markup=keyboard(shown.buttons))
    starter = RollCallBoard(opened.id, board.chat_id, board.message_id, context.person.id)
    await rollcalls.announce(context.visit, opened, starter, shown)


async def on_button(update: Update, context: BotContext) -> None:
    """Every rc: button: answers from participants, re-ping and close from organisers."""
    query = update.callback_query
    assert query is not None and query.data is not None
    parts = query.data.split(":")
    if len(parts) >= 3 and parts[2].isdigit():
        if parts[1] == "a" and len(parts) == 4:
            await answer(update, context, int(parts[2]), parts[3])
            return
        if parts[1] == "p" and len(parts) == 3:
            await ping_missing(update, context)
            return
        if parts[1] == "c" and len(parts) == 3:
            await close(update, context)
            return
    await reply(update, context, "error.stale_button")


async def answer(update: Update, context: BotContext, rollcall_id: int, code: str) -> None:
    """A participant's answer (changeable until the roll call closes)."""
    query = update.callback_query
    assert query is not None
    if context.person is None:
        await reply(update, context, "error.stale_button")
        return
    services = context.services
    outcome = await services.rollcalls.answer(rollcall_id, context.person.id, code)
    if outcome.state == "unknown":
        await reply(update, context, "error.stale_button")
        return
    if outcome.state != "recorded":
        await reply(update, context, f"rc.{outcome.state}")
        return
    assert outcome.rollcall is not None and outcome.answer is not None
    label = context.text(f"rc.answer.{outcome.answer}")
    await answer_query(query, context.text("rc.recorded", answer=label), alert=False)
    visit = await services.visits.store.get(outcome.rollcall.visit_id)
    assert visit is not None
    rollcalls = services.rollcalls
    await edit_query_message(
        query,
        rollcalls.question(context.language, visit, outcome.rollcall, outcome.answer),
        reply_markup=keyboard(rollcalls.answer_buttons(context.language, outcome.rollcall)),
    )


async def _own_rollcall(update: Update, context: BotContext) -> int | None:
    """The id of the pressed roll call, if it belongs to the organiser's visit."""
    query = update.callback_query
    assert query is not None and query.data is not None and context.visit is not None
    rollcall = await context.services.rollcalls.store.get(int(query.data.split(":")[2]))
    if rollcall is None or rollcall.visit_id != context.visit.id:
        await reply(update, context, "error.stale_button")
        return None
    return rollcall.id


@organiser_only
async def ping_missing(update: Update, context: BotContext) -> None:
    """Ask again everyone who has not answered."""
    rollcall_id = await _own_rollcall(update, context)
    if rollcall_id is None:
        return
    assert context.visit is not None and update.callback_query is not None
    rollcalls = context.services.rollcalls
    found = await rollcalls.store.get(rollcall_id)
    assert found is not None
    count = await rollcalls.ping_missing(context.visit, found)
    if count:
        await answer_query(
            update.callback_query, context.text("rc.pinged", count=count), alert=False
        )
    else:
        await answer_query(update.callback_query, context.text("rc.nobody_to_ping"))


@organiser_only
async def close(update: Update, context: BotContext) -> None:
    """Close the roll call now."""
    rollcall_id = await _own_rollcall(update, context)
    if rollcall_id is None:
        return
    assert update.callback_query is not None
    if await context.services.rollcalls.close(rollcall_id):
        await answer_query(update.callback_query, context.text("rc.closed_now"), alert=False)
    else:
        await answer_query(update.callback_query, context.text("rc.closed"))


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Wire /rollcall, its buttons, the organisers' live boards and closing on time."""
    services: Services = application.bot_data["services"]
    boards: LiveBoards[RollCallBoard] = LiveBoards(
        services.rollcalls, board_editor(application), BOARD_INTERVAL_SECONDS, "rollcall-board"
    )
    services.rollcalls.boards = boards
    services.delivery.sent_listeners.append(services.rollcalls.board_sent)
    services.extras.setdefault("settle", []).append(boards.busy)

    async def stop_boards(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        await boards.stop()

    async def redraw_open_boards(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        await services.rollcalls.redraw_after_restart()

    async def forget_answers(person_id: int) -> None:
        await services.rollcalls.store.erase_person(person_id)

    services.privacy.add_eraser("rollcalls", forget_answers)
    services.extras.setdefault("on_close", []).append(stop_boards)
    services.extras.setdefault("on_open", []).append(redraw_open_boards)
    services.menu.add("rollcall", ORGANISERS, order=63)
    services.planners.add("rollcalls", services.rollcalls.tick)
    application.add_handler(CommandHandler("rollcall", rollcall))
    add_buttons(
        application,
        on_button,
        button(CALLBACK_PREFIX + "a:{rollcall}:{answer:word}", frozenset(Role)),
        button(CALLBACK_PREFIX + "{verb:p|c}:{rollcall}", ORGANISERS),
    )
