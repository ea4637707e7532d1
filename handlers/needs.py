"""/needs: a person states dietary and access needs after their own explicit consent; they can
change them, write a note, or withdraw (which deletes them). Organisers export them
(`/export needs`) and the caterer's counts (`/export catering`)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.access import MEMBERS, button
from bot.context import BotContext
from bot.outbox import Button
from handlers.common import (
    DIALOG_GROUP,
    add_buttons,
    answer_query,
    dialog_handler,
    edit_query_message,
    keyboard,
    message_of,
    organiser_only,
    private_only,
    reply,
)
from handlers.exports import add_export, send_export

FEATURE = "needs"


@private_only
async def needs(update: Update, context: BotContext) -> None:
    """/needs: the consent first; with it, the person's needs and their buttons."""
    assert context.visit is not None and context.person is not None
    service = context.services.needs
    if not await service.consented(context.person.id, context.visit.id):
        buttons = (
            (
                Button(context.text("needs.agree"), "nd:ok"),
                Button(context.text("needs.decline"), "nd:no"),
            ),
        )
        await message_of(update).reply_html(
            context.text("needs.consent"), reply_markup=keyboard(buttons)
        )
        return
    stated = await service.current(context.person.id, context.visit.id)
    text, rows = service.view(context.services.texts, context.language, stated)
    await message_of(update).reply_html(text, reply_markup=keyboard(rows))


async def needs_button(update: Update, context: BotContext) -> None:
    """nd:ok / nd:no (consent), nd:f:FLAG (toggle), nd:note (write a note), nd:wd (withdraw)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    assert context.visit is not None and context.person is not None
    services, person_id, visit_id = context.services, context.person.id, context.visit.id
    service = services.needs
    parts = query.data.split(":")
    verb = parts[1]
    if verb == "no":
        await answer_query(query, alert=False)
        await edit_query_message(query, context.text("needs.declined"))
        return
    if verb == "wd":
        await service.withdraw(person_id, visit_id)
        await answer_query(query, alert=False)
        await edit_query_message(query, context.text("needs.withdrawn"))
        return
    if verb == "ok":
        await service.agree(person_id, visit_id, context.language)
    elif not await service.consented(person_id, visit_id):
        await reply(update, context, "needs.no_consent")
        return
    elif verb == "f":
        await service.toggle(person_id, visit_id, parts[2])
    elif verb == "note":
        await services.dialogs.start(person_id, FEATURE, "note", visit_id=visit_id)
        await answer_query(query, alert=False)
        await message_of(update).reply_html(context.text("needs.ask_note"))
        return
    stated = await service.current(person_id, visit_id)
    text, rows = service.view(services.texts, context.language, stated)
    await answer_query(query, alert=False)
    await edit_query_message(query, text, reply_markup=keyboard(rows))


async def note_written(update: Update, context: BotContext) -> None:
    """The note after ✏️: stored (with a standing consent), and the needs shown again."""
    assert context.person is not None
    services = context.services
    state = services.dialogs.active(context.person.id)
    assert state is not None
    visit_id = int(state.data["visit_id"])
    text = (message_of(update).text or "").strip()
    if not text:
        await reply(update, context, "needs.ask_note")
        return
    await services.dialogs.end(context.person.id)
    if not await services.needs.set_note(context.person.id, visit_id, text):
        await reply(update, context, "needs.no_consent")
        return
    await reply(update, context, "needs.note_saved")
    stated = await services.needs.current(context.person.id, visit_id)
    shown, rows = services.needs.view(services.texts, context.language, stated)
    await message_of(update).reply_html(shown, reply_markup=keyboard(rows))


@organiser_only
async def export_needs(update: Update, context: BotContext) -> None:
    """/export needs: everything stated, for organisers only."""
    assert context.visit is not None
    services = context.services
    table = await services.needs.organiser_table(
        context.visit, services.people, services.texts, context.language
    )
    await send_export(
        update,
        context,
        table,
        f"needs-{context.visit.slug}",
        context.text("needs.export_caption", visit=context.visit.title),
    )


@organiser_only
async def export_catering(update: Update, context: BotContext) -> None:
    """/export catering: counts and first names per need, for the caterer."""
    assert context.visit is not None
    services = context.services
    table = await services.needs.catering_table(
        context.visit, services.people, services.texts, context.language
    )
    await send_export(
        update,
        context,
        table,
        f"catering-{context.visit.slug}",
        context.text("needs.catering_caption", visit=context.visit.title),
    )


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Wire /needs, its buttons and note step, and the two exports."""
    services = application.bot_data["services"]
    services.menu.add("needs", MEMBERS, order=41)
    application.add_handler(dialog_handler(application, FEATURE, note_written), group=DIALOG_GROUP)
    application.add_handler(CommandHandler("needs", needs))
    add_buttons(
        application,
        needs_button,
        button("nd:{choice:ok|no|wd|note}", MEMBERS),
        button("nd:f:{flag:halal|vegetarian|allergies|mobility}", MEMBERS),
    )
    add_export(application, "needs", export_needs, label_key="export.needs", words=("diet",))
    add_export(
        application, "catering", export_catering, label_key="export.catering", words=("katering",)
    )
