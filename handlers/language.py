"""/language: choose Indonesian or English."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import Application, CommandHandler

from bot.access import ANYONE, button
from bot.context import BotContext
from bot.i18n import LANGUAGES
from bot.menu import EVERYONE
from handlers.common import add_buttons, edit_query_message, inline_button, message_of, reply
from handlers.menus import refresh_commands

CALLBACK_PREFIX = "lang:"


async def choose_language(update: Update, context: BotContext) -> None:
    """Offer the two languages as buttons."""
    texts = context.services.texts
    buttons = [
        inline_button(
            texts.get(lang, f"language.name.{lang}"), callback_data=CALLBACK_PREFIX + lang
        )
        for lang in LANGUAGES
    ]
    await message_of(update).reply_html(
        context.text("language.choose"), reply_markup=InlineKeyboardMarkup([buttons])
    )


async def set_language(update: Update, context: BotContext) -> None:
    """Remember the chosen language and confirm in it."""
    query = update.callback_query
    assert query is not None and query.data is not None
    language = query.data.removeprefix(CALLBACK_PREFIX)
    if language not in LANGUAGES or context.person is None:
        await reply(update, context, "error.stale_button")
        return
    await context.services.people.store.set_language(context.person.id, language)
    context.person = await context.services.people.store.get(context.person.id)
    await query.answer()
    await edit_query_message(query, context.text("language.set"))
    await refresh_commands(context)


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Wire /language and its buttons."""
    services = application.bot_data["services"]
    services.menu.add("language", EVERYONE, order=90)
    application.add_handler(CommandHandler("language", choose_language))
    add_buttons(application, set_language, button(CALLBACK_PREFIX + "{language:word}", ANYONE))
