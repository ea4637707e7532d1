"""What nobody else answered: unknown commands, unexpected messages, stale or forged buttons.

Registered last, so it only sees what every feature passed over.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters

from bot.context import BotContext
from handlers.common import reply


async def unknown_command(update: Update, context: BotContext) -> None:
    """Point to /help."""
    await reply(update, context, "error.unknown_command")


async def unexpected_message(update: Update, context: BotContext) -> None:
    """Say that this kind of message is not used here."""
    await reply(update, context, "error.unsupported_message")


async def stale_button(update: Update, context: BotContext) -> None:
    """Answer a button whose data nobody recognises (old, or forged)."""
    await reply(update, context, "error.stale_button")


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Wire the catch-alls (private chats only: in groups the bot stays quiet)."""
    private = filters.ChatType.PRIVATE
    application.add_handler(MessageHandler(private & filters.COMMAND, unknown_command))
    application.add_handler(
        MessageHandler(private & ~filters.COMMAND & ~filters.UpdateType.EDITED, unexpected_message)
    )
    application.add_handler(CallbackQueryHandler(stale_button))
