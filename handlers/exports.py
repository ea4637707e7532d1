"""/export: every CSV an organiser can take away, named by word or chosen with a button.

Features declare their exports with `add_export`; `/export` alone, or with a word no export
knows, shows a button for each.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram import Message, Update
from telegram.ext import Application, CommandHandler

from bot.access import ORGANISERS, button
from bot.context import BotContext
from bot.outbox import Button
from handlers.common import Callback, add_buttons, answer_query, keyboard, message_of

EXPORTS = "exports"


@dataclass(frozen=True, slots=True)
class Export:
    """One kind of export: its button's word, the words that name it, and what sends it."""

    kind: str
    words: frozenset[str]
    label_key: str
    send: Callback


def add_export(
    application: Application[Any, Any, Any, Any, Any, Any],
    kind: str,
    send: Callback,
    *,
    label_key: str,
    words: tuple[str, ...] = (),
) -> None:
    """Offer an export under `/export KIND` (or one of `words`) and as a button."""
    exports: dict[str, Export] = application.bot_data.setdefault(EXPORTS, {})
    exports[kind] = Export(kind, frozenset({kind, *words}), label_key, send)


def _exports(context: BotContext) -> dict[str, Export]:
    return context.application.bot_data.get(EXPORTS, {})


async def export(update: Update, context: BotContext) -> None:
    """`/export WORD`: that export; alone or with a word no export knows, the choices."""
    word = " ".join(context.args or []).strip().lower()
    for each in _exports(context).values():
        if word and word in each.words:
            await each.send(update, context)
            return
    rows = [
        [Button(context.text(each.label_key), f"exp:{each.kind}")]
        for each in _exports(context).values()
    ]
    key = "export.unknown" if word else "export.choose"
    await message_of(update).reply_html(context.text(key, words=word), reply_markup=keyboard(rows))


async def export_pressed(update: Update, context: BotContext) -> None:
    """An export's button: send that file."""
    query = update.callback_query
    assert query is not None
    chosen = _exports(context).get((query.data or "").removeprefix("exp:"))
    if chosen is None or not isinstance(query.message, Message):
        await answer_query(query, context.text("error.stale_button"))
        return
    await answer_query(query, alert=False)
    # From here on the export answers as it answers `/export KIND`: with messages in the chat
    # (the press is answered already; a second answer would fail).
    await chosen.send(Update(update.update_id, message=query.message), context)


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Wire `/export` and its buttons."""
    services = application.bot_data["services"]
    services.menu.add("export", ORGANISERS, description_key="export.cmd", order=81)
    application.add_handler(CommandHandler("export", export))
    add_buttons(application, export_pressed, button("exp:{kind:word}", ORGANISERS))
