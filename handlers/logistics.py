"""Rooming and transport lists: `/rooming @user room | vehicle | seat`, a `rooming….csv` file
(checked whole, the difference shown, applied with a button), and `/export rooming`. People see
their own in /mygroup, leaders their group's (handlers/safety.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from telegram import Message, Update
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.access import ORGANISERS, button
from bot.context import BotContext
from bot.safety.logistics import MAX_BYTES, LogisticsFile, is_logistics_file, read_logistics
from handlers.common import (
    DIALOG_GROUP,
    FileReview,
    add_buttons,
    message_of,
    organiser_only,
    private_only,
    receive_reviewed_file,
    reply,
    reviewed_file_button,
)
from handlers.exports import add_export, send_export

FILE = "logistics_file"


@organiser_only
@private_only
async def rooming(update: Update, context: BotContext) -> None:
    """/rooming @user room | vehicle | seat: one person's row."""
    assert context.visit is not None
    text = message_of(update).text or ""
    handle, _, rest = text.partition(" ")[2].strip().partition(" ")
    if not handle.startswith("@") or not rest.strip():
        await reply(update, context, "lg.usage")
        return
    members = await context.services.people.store.members(context.visit.id)
    found = next(
        (m.person for m in members if (m.person.username or "").lower() == handle[1:].lower()),
        None,
    )
    if found is None:
        await reply(update, context, "lg.unknown_user", name=handle)
        return
    logistics = context.services.logistics
    changed = await logistics.set_one(context.visit.id, found.id, rest)
    if changed.empty:
        await reply(update, context, "lg.cleared", name=found.full_name)
        return
    described = logistics.describe(context.services.texts, context.language, changed)
    await reply(update, context, "lg.saved", name=found.full_name, assignment=described)


class LogisticsFileName(filters.MessageFilter):
    """A document named like a rooming/transport list."""

    def filter(self, message: Message) -> bool:
        """Whether the message carries such a file."""
        document = message.document
        return document is not None and is_logistics_file(document.file_name or "")


async def logistics_file(update: Update, context: BotContext) -> None:
    """A rooming file: handled here and by no other feature (the agenda takes other .csv)."""
    await receive_file(update, context)
    raise ApplicationHandlerStop


async def _read(context: BotContext, content: bytes | None, name: str) -> LogisticsFile:
    if content is None:
        return LogisticsFile(problems=[("lg.problem.unreadable", {})])
    assert context.visit is not None
    members = await context.services.people.store.members(context.visit.id)
    return read_logistics(content, [m.person for m in members])


async def _preview(context: BotContext, checked: Any) -> Sequence[str]:
    assert context.visit is not None
    services = context.services
    return await services.logistics.preview(
        context.visit.id, checked, services.texts, context.language
    )


async def _apply(context: BotContext, visit_id: int, data: Any) -> None:
    await context.services.logistics.apply(visit_id, LogisticsFile.from_data(data))


ROOMING_FILE = FileReview(FILE, "lg", MAX_BYTES, _read, _preview, _apply)


@private_only
@organiser_only
async def receive_file(update: Update, context: BotContext) -> None:
    """Check a rooming file as a whole; show the difference, to apply with a button."""
    await receive_reviewed_file(update, context, ROOMING_FILE)


async def file_button(update: Update, context: BotContext) -> None:
    """Apply or discard the rooming file waiting for confirmation."""
    await reviewed_file_button(update, context, ROOMING_FILE)


@organiser_only
async def export_rooming(update: Update, context: BotContext) -> None:
    """/export rooming [xlsx]: name, room, vehicle and seat of everyone assigned."""
    assert context.visit is not None
    await send_export(
        update,
        context,
        await context.services.logistics.export_table(context.visit.id),
        f"rooming-{context.visit.slug}",
        context.text("lg.export_caption", visit=context.visit.title),
    )


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Wire /rooming, the rooming file with its buttons, and /export rooming."""
    services = application.bot_data["services"]
    services.menu.add("rooming", ORGANISERS, order=63)
    # Before the agenda's file handler, which takes every .csv document otherwise.
    application.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & LogisticsFileName(), logistics_file),
        group=DIALOG_GROUP,
    )
    application.add_handler(CommandHandler("rooming", rooming))
    add_buttons(application, file_button, button("lg:{choice:ok|no}", ORGANISERS, dialog=True))
    add_export(
        application,
        "rooming",
        export_rooming,
        label_key="export.rooming",
        words=("kamar", "transport"),
    )
