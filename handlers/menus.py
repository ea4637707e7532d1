"""/help and the per-person command menus (Telegram's BotCommandScopeChat)."""

from __future__ import annotations

import logging
from typing import Any

from telegram import (
    BotCommand,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    KeyboardButton,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.error import TelegramError
from telegram.ext import Application, CommandHandler

from bot.context import BotContext
from bot.i18n import LANGUAGES
from bot.menu import EVERYONE
from handlers.common import message_of
from storage.roles import Role

log = logging.getLogger(__name__)


def sos_keyboard(context: BotContext) -> ReplyKeyboardMarkup | None:
    """The persistent 🆘 SOS button under the message field of every member (None: the person
    is in no visit, so an SOS would reach nobody)."""
    if context.visit is None or context.role is None:
        return None
    label = context.services.texts.plain(context.language, "sos.menu_button")
    return ReplyKeyboardMarkup([[KeyboardButton(label)]], resize_keyboard=True, is_persistent=True)


def sos_labels(application: Application[Any, Any, Any, Any, Any, Any]) -> list[str]:
    """The SOS button's label in every language (a press sends it as a text message)."""
    texts = application.bot_data["services"].texts
    return sorted({texts.plain(language, "sos.menu_button") for language in LANGUAGES})


async def show_help(update: Update, context: BotContext) -> None:
    """List what this person can do in their current visit."""
    services = context.services
    entries = services.menu.for_role(context.role)
    if context.visit is not None and context.role is not None:
        lines: list[str] = [
            context.text(
                "help.title",
                visit=context.visit.title,
                role=context.text(f"role.one.{context.role.value}"),
            )
        ]
    else:
        lines = [context.text("help.title.no_visit")]
    for entry in entries:
        lines.append(
            context.text(
                "help.line", command=entry.command, description=context.text(entry.description_key)
            )
        )
    if context.visit is None:
        lines.append("")
        lines.append(context.text("help.join_hint"))
    else:
        lines += ["", context.text("sos.menu_ready")]
    await message_of(update).reply_html("\n".join(lines), reply_markup=sos_keyboard(context))


async def refresh_commands(context: BotContext) -> None:
    """Show this person the command menu of their role, in their language."""
    person = context.person
    if person is None:
        return
    commands = _bot_commands(context, context.role, context.language)
    try:
        await context.bot.set_my_commands(commands, scope=BotCommandScopeChat(person.id))
    except TelegramError as error:
        # A menu is a convenience; never fail the answer because of it.
        log.warning("could not set commands for %s: %s", person.id, error)


def _bot_commands(context: BotContext, role: Role | None, language: str) -> list[BotCommand]:
    texts = context.services.texts
    return [
        BotCommand(entry.command, texts.plain(language, entry.description_key)[:256])
        for entry in context.services.menu.for_role(role)
    ]


async def set_default_commands(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """The menu people see before they join: per language, and the default one."""
    services = application.bot_data["services"]
    for language in LANGUAGES:
        commands = [
            BotCommand(entry.command, services.texts.plain(language, entry.description_key))
            for entry in services.menu.for_role(None)
        ]
        await application.bot.set_my_commands(
            commands, scope=BotCommandScopeDefault(), language_code=language
        )
    default = services.settings.default_language
    await application.bot.set_my_commands(
        [
            BotCommand(entry.command, services.texts.plain(default, entry.description_key))
            for entry in services.menu.for_role(None)
        ],
        scope=BotCommandScopeDefault(),
    )


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Wire /help."""
    services = application.bot_data["services"]
    services.menu.add("help", EVERYONE, order=1)
    application.add_handler(CommandHandler("help", show_help))
