"""/emergency: the visit's emergency pack for every member; organisers change it piece by piece
(`/emergency hotel …`, `/emergency remove hospital …`) or with the agenda file."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.access import MEMBERS
from bot.context import BotContext
from bot.i18n import fit
from handlers.common import keyboard, message_of, reply
from storage.roles import Role


async def emergency(update: Update, context: BotContext) -> None:
    """/emergency shows the pack; an organiser's `/emergency KIND VALUE` changes it."""
    assert context.visit is not None
    services = context.services
    text = message_of(update).text or ""
    words = text.partition(" ")[2].strip()
    if words and context.role is Role.ORGANISER:
        if words.lower() in ("help", "bantuan", "edit", "ubah"):
            await reply(update, context, "emergency.set.usage")
            return
        key, values = await services.emergency.change(context.visit.id, words, services.clock.now())
        await reply(update, context, key, **values)
        if key != "emergency.set.saved":
            return
    shown, rows = await services.emergency.show(
        context.visit.id, context.visit.title, context.language
    )
    await message_of(update).reply_html(fit(shown), reply_markup=keyboard(rows))


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Wire /emergency for every member."""
    services = application.bot_data["services"]
    services.menu.add("emergency", MEMBERS, order=6)
    application.add_handler(CommandHandler("emergency", emergency))
