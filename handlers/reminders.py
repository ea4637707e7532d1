"""/mute and /unmute: a person turns reminders or briefings off (urgent messages still arrive)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.context import BotContext
from bot.reminders import mute_category
from handlers.common import reply, requires_role
from storage.roles import Role


async def _set(update: Update, context: BotContext, muted: bool) -> None:
    assert context.visit is not None and context.person is not None
    category = mute_category(" ".join(context.args or []))
    if category is None:
        await reply(update, context, "mute.usage")
        return
    await context.services.reminders.mute(context.person.id, context.visit.id, category, muted)
    what = context.text(f"mute.category.{category}")
    await reply(update, context, "mute.done" if muted else "unmute.done", what=what)


@requires_role(*Role)
async def mute(update: Update, context: BotContext) -> None:
    """Turn reminders or briefings off."""
    await _set(update, context, True)


@requires_role(*Role)
async def unmute(update: Update, context: BotContext) -> None:
    """Turn reminders or briefings back on."""
    await _set(update, context, False)


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Wire /mute and /unmute."""
    menu = application.bot_data["services"].menu
    menu.add("mute", frozenset(Role), order=80)
    menu.add("unmute", frozenset(Role), order=81)
    application.add_handler(CommandHandler("mute", mute))
    application.add_handler(CommandHandler("unmute", unmute))
