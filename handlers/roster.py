"""/roster: organisers load who is expected (a file, or typed), and share personal links."""

from __future__ import annotations

from typing import Any

from telegram import Message, Update
from telegram.ext import Application, CommandHandler, MessageHandler, filters

from bot.access import ORGANISERS, button
from bot.agenda_file import MAX_BYTES
from bot.context import BotContext
from bot.i18n import Html
from bot.invites import start_link
from bot.outbox import Button
from bot.roster import RosterDiff, diff_lines, entry_line, problem_lines
from bot.roster_file import RosterFile, too_large
from handlers.common import (
    add_buttons,
    answer_query,
    document_bytes,
    edit_query_message,
    keyboard,
    message_of,
    organiser_only,
    private_only,
    reply,
)
from storage.roster import RosterEntry

TELEGRAM_LIMIT = 4000  # a little under 4096, for the markup the limit does not count
MAX_PROBLEM_LINES = 25
# A document whose caption is the command is a roster file (any other is an agenda file).
ROSTER_CAPTION = r"(?i)^/roster(@\w+)?(\s|$)"


def _chunks(lines: list[str]) -> list[str]:
    """Lines joined into messages that stay under Telegram's length limit."""
    chunks, current = [], ""
    for line in lines:
        if current and len(current) + 1 + len(line) > TELEGRAM_LIMIT:
            chunks.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    return [*chunks, current] if current else chunks


async def _send(message: Message, lines: list[str], buttons: Any = None) -> None:
    texts = _chunks(lines)
    for number, text in enumerate(texts, start=1):
        await message.reply_html(
            text,
            reply_markup=buttons if number == len(texts) else None,
            disable_web_page_preview=True,
        )


@private_only
@organiser_only
async def roster_command(update: Update, context: BotContext) -> None:
    """`/roster` (summary and usage), `/roster links`, `/roster add` lines."""
    assert context.visit is not None and context.person is not None
    text = message_of(update).text or ""
    _, _, rest = text.partition(" ")
    first_line, _, more = rest.strip().partition("\n")
    action, _, first_entry = first_line.strip().partition(" ")
    action = action.lower()
    if action in ("links", "tautan"):
        await _send_links(message_of(update), context)
        return
    if action in ("add", "tambah"):
        lines = [first_entry, *more.splitlines()]
        outcome = await context.services.roster.add(context.visit, lines, context.person.id)
        if not outcome.ok:
            await _report_problems(message_of(update), context, outcome)
            return
        added = {entry.name_key for entry in outcome.entries}
        entries = [
            e
            for e in await context.services.roster.of_visit(context.visit)
            if e.fields.name_key in added
        ]
        head = context.text("roster.added", count=len(entries))
        await _send(message_of(update), [head, *_link_lines(context, entries)])
        return
    entries = await context.services.roster.of_visit(context.visit)
    joined = sum(1 for entry in entries if entry.joined)
    await reply(
        update,
        context,
        "roster.usage",
        visit=context.visit.title,
        total=len(entries),
        joined=joined,
        waiting=len(entries) - joined,
    )


def _link_lines(context: BotContext, entries: list[RosterEntry]) -> list[str]:
    roster = context.services.roster
    lines: list[str] = []
    for entry in entries:
        payload = roster.payload(entry)
        if payload is None:
            continue
        line = entry_line(context.services.texts, context.language, entry.fields)
        link = start_link(context.bot.username, payload)
        lines.append(context.text("roster.link_line", line=Html(line), link=link))
    return lines


async def _send_links(message: Message, context: BotContext) -> None:
    assert context.visit is not None
    waiting = [e for e in await context.services.roster.of_visit(context.visit) if not e.joined]
    lines = _link_lines(context, waiting)
    if not lines:
        await message.reply_html(context.text("roster.links.none"))
        return
    await _send(message, [context.text("roster.links.title", count=len(lines)), *lines])


async def _report_problems(message: Message, context: BotContext, checked: RosterFile) -> None:
    lines = problem_lines(context.services.texts, context.language, checked.problems)
    shown = lines[:MAX_PROBLEM_LINES]
    if len(lines) > len(shown):
        shown.append(context.text("roster.import.more", count=len(lines) - len(shown)))
    await _send(message, [context.text("roster.import.problems", count=len(lines)), *shown])


def _applied(context: BotContext, diff: RosterDiff) -> str:
    return context.text(
        "roster.import.applied",
        added=len(diff.added),
        changed=len(diff.changed),
        removed=len(diff.removed),
    )


@private_only
@organiser_only
async def receive_file(update: Update, context: BotContext) -> None:
    """Check a roster file as a whole; apply it, or show the difference to confirm."""
    assert context.visit is not None and context.person is not None
    message = message_of(update)
    document = message.document
    assert document is not None
    roster, visit = context.services.roster, context.visit
    content = await document_bytes(document, MAX_BYTES)
    if content is None:
        await _report_problems(message, context, too_large())
        return
    checked = roster.read(content, document.file_name or "")
    if not checked.ok:
        await _report_problems(message, context, checked)
        return
    diff = await roster.preview(visit, checked.entries)
    if diff.empty:
        await reply(update, context, "roster.import.unchanged")
        return
    lines = diff_lines(context.services.texts, context.language, diff)
    if not await roster.of_visit(visit):
        await roster.apply(visit, diff, context.person.id)
        await _send(message, [_applied(context, diff), *lines])
        return
    import_id = await roster.stage(visit, context.person.id, checked.entries)
    buttons = keyboard(
        [
            [
                Button(context.text("roster.import.apply"), f"ro:imp:ok:{import_id}"),
                Button(context.text("roster.import.discard"), f"ro:imp:no:{import_id}"),
            ]
        ]
    )
    head = context.text("roster.import.confirm", visit=visit.title)
    await _send(message, [head, *lines], buttons)


async def import_button(update: Update, context: BotContext) -> None:
    """Apply or discard a staged roster file."""
    assert context.visit is not None and context.person is not None
    query = update.callback_query
    assert query is not None
    _, _, choice, raw_id = (query.data or "").split(":")
    roster, import_id = context.services.roster, int(raw_id)
    if choice == "no":
        if not await roster.discard(import_id, context.visit):
            await reply(update, context, "roster.import.stale")
            return
        await answer_query(query, alert=False)
        await edit_query_message(query, context.text("roster.import.discarded"))
        return
    diff = await roster.confirm(import_id, context.visit, context.person.id)
    if diff is None:
        await reply(update, context, "roster.import.stale")
        return
    await answer_query(query, alert=False)
    await edit_query_message(query, _applied(context, diff))


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Wire /roster, roster files, the confirm buttons and the roster's forget-me eraser."""
    services = application.bot_data["services"]
    services.menu.add("roster", ORGANISERS, order=74)
    services.privacy.add_eraser("roster", services.roster.forget)
    application.add_handler(CommandHandler("roster", roster_command))
    application.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE & filters.Document.ALL & filters.CaptionRegex(ROSTER_CAPTION),
            receive_file,
        )
    )
    add_buttons(
        application,
        import_button,
        button("ro:imp:{choice:ok|no}:{roster_import}", ORGANISERS),
    )
