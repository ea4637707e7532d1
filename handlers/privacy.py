"""The rights of every person, by chat: /mydata (a copy of everything held about them),
/privacy (the consents given, each withdrawn with one button), /forgetme (erase it all, after a
confirmation); and the retention purge's planner."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, InputFile, Update
from telegram.ext import Application, CommandHandler

from bot.access import ANYONE, button
from bot.consents import AGAIN, WITHDRAW
from bot.context import BotContext
from bot.i18n import Html
from bot.menu import EVERYONE
from handlers.common import (
    add_buttons,
    answer_query,
    edit_query_message,
    inline_button,
    keyboard,
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
                [inline_button(context.text("privacy.btn.yes"), callback_data=CONFIRM)],
                [inline_button(context.text("privacy.btn.no"), callback_data=KEEP)],
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


@private_only
async def send_my_data(update: Update, context: BotContext) -> None:
    """Send the sender a copy of everything the bot holds about them: JSON and HTML."""
    assert context.person is not None
    copy = await context.services.mydata.copy(context.person.id, context.language)
    message = message_of(update)
    await message.reply_document(
        InputFile(copy.html, filename="rombongan-mydata.html"),
        caption=context.text("mydata.caption.html"),
        parse_mode="HTML",
    )
    await message.reply_document(
        InputFile(copy.json, filename="rombongan-mydata.json"),
        caption=context.text("mydata.caption.json"),
        parse_mode="HTML",
    )


@private_only
async def show_consents(update: Update, context: BotContext) -> None:
    """/privacy: what the sender agreed to, when, and what withdrawing each would do."""
    assert context.person is not None
    text, rows = await context.services.consents.overview(context.person.id, context.language)
    await message_of(update).reply_html(text, reply_markup=keyboard(rows))


async def consent_button(update: Update, context: BotContext) -> None:
    """Withdraw a consent (or give a location consent again); only one's own."""
    query = update.callback_query
    assert query is not None and query.data is not None and context.person is not None
    consents = context.services.consents
    consent_id = int(query.data.rsplit(":", 1)[1])
    if query.data.startswith(WITHDRAW):
        withdrawn = await consents.withdraw(context.person.id, consent_id)
        if withdrawn is None:
            await reply(update, context, "error.stale_button")
            return
        effect = context.text(f"privacy.effect.{withdrawn.purpose}")
        done = context.text("privacy.withdrawn", effect=Html(effect))
    else:
        if not await consents.again(context.person.id, consent_id, context.language):
            await reply(update, context, "error.stale_button")
            return
        done = context.text("privacy.given_again")
    await answer_query(query, alert=False)
    text, rows = await consents.overview(context.person.id, context.language)
    await edit_query_message(query, f"{done}\n\n{text}", reply_markup=keyboard(rows))


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Wire /forgetme and its confirmation, and the retention purge."""
    services = application.bot_data["services"]
    services.menu.add("mydata", EVERYONE, order=93)
    services.menu.add("privacy", EVERYONE, order=94)
    services.menu.add("forgetme", EVERYONE, order=95)
    application.add_handler(CommandHandler("privacy", show_consents))
    add_buttons(
        application,
        consent_button,
        button(WITHDRAW + "{n:int}", ANYONE),
        button(AGAIN + "{n:int}", ANYONE),
    )
    application.add_handler(CommandHandler("mydata", send_my_data))
    # After the reminders' tick, which must mark overdue rows late before the worker sends them.
    services.planners.add("retention", services.retention.tick)
    application.add_handler(CommandHandler("forgetme", ask))
    add_buttons(application, answer, button("fm:{choice:y|n}", ANYONE))
