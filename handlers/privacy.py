"""/forgetme: anyone can have the bot erase their personal data, after a confirmation."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CommandHandler

from bot.access import ANYONE, button
from bot.context import BotContext
from bot.menu import EVERYONE
from handlers.common import (
    add_buttons,
    answer_query,
    edit_query_message,
    message_of,
    private_only,
    reply,
)

CONFIRM, KEEP = "fm:y", "fm:n"


@private_only
async def ask(update: Update, context: BotContext) -> None:
    """Explain what will be erased and ask for a confirmation."""
    await message_of(update).reply_html(
        context.text("privacy.ask"),
        reply_markup=InlineKeyboardMarkup(
            [
                [InlineKeyboardButton(context.text("privacy.btn.yes"), callback_data=CONFIRM)],
                [InlineKeyboardButton(context.text("privacy.btn.no"), callback_data=KEEP)],
            ]
        ),
    )


async def answer(update: Update, context: BotContext) -> None:
    """Erase everything about the person (every feature's eraser), or keep it."""
    query = update.callback_query
    assert query is not None and context.person is not None
    if query.data not in (CONFIRM, KEEP):
        await reply(update, context, "error.stale_button")
        return
    # Texts are rendered before erasing: afterwards the bot no longer knows the language.
    done = context.text("privacy.done" if query.data == CONFIRM else "privacy.kept")
    if query.data == CONFIRM:
        await context.services.privacy.forget(context.person.id)
        context.services.dialogs.forget_loaded(context.person.id)
    await answer_query(query, alert=False)
    await edit_query_message(query, done)


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Wire /forgetme and its confirmation, and the retention purge."""
    services = application.bot_data["services"]
    services.menu.add("forgetme", EVERYONE, order=95)
    # After the reminders' tick, which must mark overdue rows late before the worker sends them.
    services.planners.add("retention", services.retention.tick)
    application.add_handler(CommandHandler("forgetme", ask))
    add_buttons(application, answer, button("fm:{choice:y|n}", ANYONE))
