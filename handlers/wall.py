"""The room's screen in chat: /wall [SESSION] gives organisers a link and QR code for the
projector, **Revoke** (or /wall revoke) ends links, **On screen** marks the question being
answered, and the page's QR code (`/start ask-…`) opens /ask for that session on a phone.

The page itself is served by `bot.wall.server`; the rules are in `bot.wall`.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot import i18n
from bot.access import ORGANISERS, button
from bot.context import BotContext
from bot.invites import qr_png
from bot.outbox import Button
from bot.questions_views import ButtonData
from bot.services import Services
from bot.visits import zone_of
from bot.wall import ASK_PREFIX, MAX_VIEWERS
from handlers.common import (
    add_buttons,
    answer_query,
    edit_query_message,
    keyboard,
    message_of,
    organiser_only,
    private_only,
    reply,
)
from handlers.questions import ASKERS, ask, qa_dialogs, send_step
from storage.sessions import Session

REVOKE_WORDS = ("revoke", "cabut")


async def _session_named(context: BotContext, words: str) -> Session | None:
    """A session of the current visit by key, id or (unique) title."""
    assert context.visit is not None
    services = context.services
    session = await services.checkins.find_session(context.visit.id, words)
    if session is not None:
        return session
    scope = await services.questions.find_scope(context.visit.id, words)
    if scope is None or scope.kind != "s":
        return None
    return await services.agenda.sessions.get(scope.id)


@private_only  # the link is a credential: not for a group chat
@organiser_only
async def wall(update: Update, context: BotContext) -> None:
    """/wall [SESSION] or /wall revoke: a screen link with its QR code, or revoke them all."""
    assert context.visit is not None and context.person is not None
    services = context.services
    words = " ".join(context.args or []).strip()
    if words.lower() in REVOKE_WORDS:
        count = await services.wall.revoke_all(context.visit, context.person.id)
        await reply(update, context, "wall.revoked_all", count=count)
        return
    session = None
    if words:
        session = await _session_named(context, words)
        if session is None:
            await reply(update, context, "wall.unknown_session", words=words)
            await reply(update, context, "wall.usage")
            return
    if services.wall.base_url is None:
        await reply(update, context, "wall.no_url")
        return
    issued = await services.wall.create_link(context.visit, session, context.person.id)
    if session is not None:
        scope = session.title(context.language)
    else:
        scope = context.text("wall.scope.visit", visit=context.visit.title)
    zone = zone_of(context.visit)
    until = i18n.day(issued.link.expires_at, context.language, zone)
    until += " " + i18n.clock_time(issued.link.expires_at, context.language, zone)
    message = message_of(update)
    revoke = Button(context.text("wall.btn.revoke"), f"wl:rv:{issued.link.id}")
    await message.reply_html(
        context.text("wall.link", scope=scope, url=issued.url, until=until, viewers=MAX_VIEWERS),
        reply_markup=keyboard(((revoke,),)),
        disable_web_page_preview=True,
    )
    caption = context.text("wall.qr_caption", scope=scope)
    await message.reply_photo(qr_png(issued.url), caption=caption)


async def on_button(update: Update, context: BotContext) -> None:
    """**Revoke this link** and **On screen** (the access check has passed)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    assert context.visit is not None and context.person is not None
    services = context.services
    _, action, number = query.data.split(":")
    if action == "rv":
        link = await services.wall.link_of(context.visit.id, int(number))
        if link is None:
            await reply(update, context, "error.stale_button")
            return
        if not await services.wall.revoke(link, context.person.id):
            await reply(update, context, "wall.revoked_already")
            return
        await answer_query(query, alert=False)
        await edit_query_message(query, context.text("wall.revoked"))
        return
    question = await services.questions.get(context.visit.id, int(number))
    if question is None:
        await reply(update, context, "error.stale_button")
        return
    if not await services.wall.put_on_screen(context.visit, question, context.person.id):
        await reply(update, context, "wall.on_screen.not_published")
        return
    await answer_query(query, context.text("wall.on_screen.done", id=question.id), alert=False)


async def ask_from_screen(update: Update, context: BotContext, code: str) -> None:
    """`/start ask-s<session>` (the screen's QR code): write a question about that session;
    `ask-v<visit>`: choose what to ask about, as /ask does."""
    kind, number = code[:1], code[1:]
    visit, person = context.visit, context.person
    if not number.isdigit() or visit is None or person is None or context.role not in ASKERS:
        await reply(update, context, "wall.ask_start")
        return
    if kind == "v" and int(number) == visit.id:
        await ask(update, context)
        return
    session = await context.services.agenda.sessions.get(int(number)) if kind == "s" else None
    if session is None or session.visit_id != visit.id:
        await reply(update, context, "wall.ask_start")
        return
    step = await qa_dialogs(context).start_question(
        visit, person, ButtonData("ask", ("s", str(session.id)))
    )
    if step is None:
        await reply(update, context, "error.stale_button")
        return
    await send_step(context, step)


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Wire /wall, its buttons and the screen's /ask deep link."""
    services: Services = application.bot_data["services"]
    services.menu.add("wall", ORGANISERS, order=62)
    application.add_handler(CommandHandler("wall", wall))
    add_buttons(
        application,
        on_button,
        button("wl:rv:{wall}", ORGANISERS),
        button("wl:on:{question}", ORGANISERS),
    )
    services.start_payload(ASK_PREFIX, ask_from_screen)
