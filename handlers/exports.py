"""/export: every file an organiser can take away, as CSV or Excel (.xlsx), named by word or
chosen with a button.

Features declare their exports with `add_export`; `/export` alone, or with a word no export
knows, shows two buttons for each (CSV, Excel). `/export KIND xlsx` (or `excel`) asks for the
workbook; an export sends what `export_format(context)` says with `send_export`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram import Message, Update
from telegram.ext import Application, CommandHandler

from bot.access import ORGANISERS, button
from bot.context import BotContext
from bot.exports import FORMATS, Table, export_file
from bot.outbox import Button
from handlers.common import Callback, add_buttons, answer_query, keyboard, message_of

EXPORTS = "exports"
# The words that choose a format after the export's word: `/export attendance excel`.
FORMAT_WORDS = {"csv": "csv", "xlsx": "xlsx", "excel": "xlsx"}


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


def export_format(context: BotContext) -> str:
    """The format asked for: the word after the export's (`csv`, `xlsx`, `excel`), else CSV."""
    words = [word.lower() for word in context.args or []]
    return FORMAT_WORDS.get(words[1], "csv") if len(words) > 1 else "csv"


async def send_export(
    update: Update, context: BotContext, table: Table, name: str, caption: str
) -> None:
    """Send a table as the file asked for, named `name.csv` or `name.xlsx`."""
    format_ = export_format(context)
    await message_of(update).reply_document(
        export_file(table, format_), filename=f"{name}.{format_}", caption=caption
    )


async def export(update: Update, context: BotContext) -> None:
    """`/export WORD [FORMAT]`: that export; alone or with words no export knows, the choices."""
    words = [word.lower() for word in context.args or []]
    known = len(words) == 1 or (len(words) == 2 and words[1] in FORMAT_WORDS)
    for each in _exports(context).values():
        if words and known and words[0] in each.words:
            await each.send(update, context)
            return
    rows = [
        [
            Button(
                context.text("export.as", export=context.text(each.label_key), format=name),
                f"exp:{each.kind}:{format_}",
            )
            for format_, name in zip(FORMATS, ("CSV", "Excel"), strict=True)
        ]
        for each in _exports(context).values()
    ]
    key = "export.unknown" if words else "export.choose"
    await message_of(update).reply_html(
        context.text(key, words=" ".join(words)), reply_markup=keyboard(rows)
    )


async def export_pressed(update: Update, context: BotContext) -> None:
    """An export's button: send that file in the format the button names (CSV on old ones)."""
    query = update.callback_query
    assert query is not None
    kind, _, format_ = (query.data or "").removeprefix("exp:").partition(":")
    chosen = _exports(context).get(kind)
    if chosen is None or not isinstance(query.message, Message):
        await answer_query(query, context.text("error.stale_button"))
        return
    await answer_query(query, alert=False)
    # From here on the export answers as it answers `/export KIND FORMAT`: with messages in the
    # chat (the press is answered already; a second answer would fail).
    context.args = [kind, format_ or "csv"]
    await chosen.send(Update(update.update_id, message=query.message), context)


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Wire `/export` and its buttons."""
    services = application.bot_data["services"]
    services.menu.add("export", ORGANISERS, description_key="export.cmd", order=81)
    application.add_handler(CommandHandler("export", export))
    add_buttons(
        application,
        export_pressed,
        button("exp:{kind:word}:{format:csv|xlsx}", ORGANISERS),
        button("exp:{kind:word}", ORGANISERS),  # buttons sent before the format choice
    )
