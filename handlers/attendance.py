"""/attendance, its nudge button, and /export attendance: organisers watch who came."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import Application, CommandHandler

from bot.access import button
from bot.attendance import render_attendance
from bot.context import BotContext
from handlers.common import (
    add_buttons,
    answer_query,
    inline_button,
    keyboard,
    message_of,
    organiser_only,
    picked_session,
    reply,
    session_buttons,
)
from handlers.exports import add_export, send_export
from storage.roles import Role
from storage.sessions import Session

CALLBACK_PREFIX = "att:"
ORGANISERS = frozenset({Role.ORGANISER})


@organiser_only
async def show_attendance(update: Update, context: BotContext) -> None:
    """/attendance [SESSION]: present, late, absent, not checked in and unreachable, by name.

    Without a session on now, or with a key no session has, the nearest sessions as buttons.
    """
    assert context.visit is not None
    services = context.services
    if context.args:
        key = context.args[0]
        session = await services.checkins.find_session(context.visit.id, key)
        problem = context.text("ci.unknown_session", key=key)
    else:
        session = await services.checkins.current_session(context.visit.id)
        problem = context.text("att.no_session")
    if session is None:
        await message_of(update).reply_html(
            problem + "\n" + context.text("att.pick_session"),
            reply_markup=keyboard(await session_buttons(context, f"{CALLBACK_PREFIX}s:")),
        )
        return
    await _show(update, context, session)


async def pick_session(update: Update, context: BotContext) -> None:
    """A session chosen from the buttons: its attendance."""
    session = await picked_session(update, context, f"{CALLBACK_PREFIX}s:")
    if session is not None:
        await _show(update, context, session)


async def _show(update: Update, context: BotContext, session: Session) -> None:
    """A session's attendance, with the nudge button while someone is missing."""
    assert context.visit is not None
    services = context.services
    attendance = await services.attendance.of_session(session)
    text = render_attendance(services.texts, context.language, context.visit, attendance)
    markup = None
    if attendance.missing:
        markup = InlineKeyboardMarkup(
            [
                [
                    inline_button(
                        context.text("att.nudge_button"),
                        callback_data=f"{CALLBACK_PREFIX}n:{session.id}",
                    )
                ]
            ]
        )
    await message_of(update).reply_html(
        text + "\n\n" + context.text("att.export_hint"), reply_markup=markup
    )


@organiser_only
async def nudge_missing(update: Update, context: BotContext) -> None:
    """The nudge button: remind (through the outbox) everyone not checked in yet."""
    query = update.callback_query
    assert query is not None and query.data is not None and context.visit is not None
    raw = query.data.removeprefix(f"{CALLBACK_PREFIX}n:")
    services = context.services
    session = await services.checkins.sessions.get(int(raw)) if raw.isdigit() else None
    if session is None or session.visit_id != context.visit.id:
        await reply(update, context, "error.stale_button")
        return
    # One nudge per person per minute, however often the button is pressed.
    tag = "m" + services.clock.now().strftime("%Y%m%d%H%M")
    count = await services.attendance.nudge(context.visit, session, tag)
    if count:
        await answer_query(query, context.text("att.nudged", count=count), alert=False)
    else:
        await answer_query(query, context.text("att.nothing_to_nudge"))


@organiser_only
async def export_attendance(update: Update, context: BotContext) -> None:
    """/export attendance [xlsx]: person × session with method and time, as CSV or Excel."""
    assert context.visit is not None
    await send_export(
        update,
        context,
        await context.services.attendance.export_table(context.visit),
        f"attendance-{context.visit.slug}",
        context.text("att.export_caption", visit=context.visit.title),
    )


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Wire /attendance, its nudge button, /export attendance and the after-start planner."""
    services = application.bot_data["services"]
    services.menu.add("attendance", ORGANISERS, order=62)
    services.planners.add("attendance", services.attendance.tick)
    application.add_handler(CommandHandler("attendance", show_attendance))
    add_export(
        application,
        "attendance",
        export_attendance,
        label_key="export.attendance",
        words=("kehadiran",),
    )
    add_buttons(application, nudge_missing, button(CALLBACK_PREFIX + "n:{session}", ORGANISERS))
    add_buttons(application, pick_session, button(CALLBACK_PREFIX + "s:{session}", ORGANISERS))
