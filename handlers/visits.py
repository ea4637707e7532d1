"""/visit, /newvisit and /members: which visit a person works in, and who is in it."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import Application, CommandHandler

from bot import i18n
from bot.access import button
from bot.context import BotContext
from bot.menu import EVERYONE
from bot.roster import entry_line
from bot.visits import VisitProblem, check_new_visit
from handlers.common import (
    add_buttons,
    edit_query_message,
    inline_button,
    message_of,
    organiser_only,
    reply,
)
from handlers.menus import refresh_commands
from storage.roles import Role

CALLBACK_PREFIX = "visit:"
MEMBER_ROLES = frozenset(Role)


async def show_visit(update: Update, context: BotContext) -> None:
    """Show the current visit; with several, offer buttons to switch."""
    person = context.person
    if person is None or context.visit is None or context.role is None:
        await reply(update, context, "error.no_visit")
        return
    visit = context.visit
    await reply(
        update,
        context,
        "visit.current",
        visit=visit.title,
        region=visit.region or "-",
        first=i18n.day(visit.first_day, context.language),
        last=i18n.day(visit.last_day, context.language),
        role=context.text(f"role.one.{context.role.value}"),
    )
    options = await context.services.people.visits_of(person)
    if len(options) > 1:
        buttons = [
            [
                inline_button(
                    ("• " if other.id == visit.id else "") + i18n.escape(other.title[:60]),
                    callback_data=f"{CALLBACK_PREFIX}{other.id}",
                )
            ]
            for other, _ in options[:20]
        ]
        await message_of(update).reply_html(
            context.text("visit.choose"), reply_markup=InlineKeyboardMarkup(buttons)
        )


async def switch_visit(update: Update, context: BotContext) -> None:
    """Switch to the visit whose button was pressed, if the person belongs to it."""
    query = update.callback_query
    assert query is not None and query.data is not None
    raw = query.data.removeprefix(CALLBACK_PREFIX)
    person = context.person
    visit = await context.services.visits.store.get(int(raw)) if raw.isdigit() else None
    role = (
        None
        if visit is None or person is None
        else await context.services.people.role_in(person.id, visit.id)
    )
    if visit is None or person is None or role is None:
        await reply(update, context, "error.stale_button")
        return
    await context.services.people.store.set_current_visit(person.id, visit.id)
    context.visit, context.role = visit, role
    await query.answer()
    await edit_query_message(query, context.text("visit.switched", visit=visit.title))
    await refresh_commands(context)


async def new_visit(update: Update, context: BotContext) -> None:
    """Create a visit from `code | title | region | first | last [| zone]` (bootstrap only)."""
    person = context.person
    services = context.services
    if person is None or not services.people.is_bootstrap_organiser(person.id):
        await reply(update, context, "error.not_allowed", roles=context.text("role.organiser"))
        return
    text = message_of(update).text or ""
    raw = text.partition(" ")[2]
    parts = [part.strip() for part in raw.split("|")]
    if len(parts) not in (5, 6):
        await reply(update, context, "visit.usage")
        return
    try:
        new = check_new_visit(
            slug=parts[0],
            title=parts[1],
            region=parts[2],
            first_day=parts[3],
            last_day=parts[4],
            timezone=parts[5] if len(parts) == 6 else services.settings.timezone,
            language=services.settings.default_language,
        )
        visit = await services.visits.create(new, organiser_id=person.id)
    except VisitProblem as problem:
        await reply(update, context, "visit.invalid", problem=str(problem))
        return
    previous = context.visit
    context.visit, context.role = visit, Role.ORGANISER
    await reply(update, context, "visit.created", visit=visit.title, slug=visit.slug)
    # Every command from now on acts in the new visit: say so, and how to go back.
    if previous is not None and previous.id != visit.id:
        await reply(
            update, context, "visit.now_current", visit=visit.title, previous=previous.title
        )
    else:
        await reply(update, context, "visit.now_current_first", visit=visit.title)
    await refresh_commands(context)


@organiser_only
async def list_members(update: Update, context: BotContext) -> None:
    """List the visit's members by role, and who cannot be reached yet."""
    assert context.visit is not None
    members = await context.services.people.store.members(context.visit.id)
    lines: list[str] = [
        context.text("members.title", visit=context.visit.title, count=len(members))
    ]
    for role in Role:
        names = [m.person.full_name for m in members if m.role is role]
        if names:
            lines.append(
                context.text(
                    "members.role_line",
                    role=context.text(f"role.{role.value}"),
                    count=len(names),
                    names=", ".join(names),
                )
            )
    lines += await _roster_lines(context)
    unreachable = [
        m.person.full_name
        for m in members
        if not m.person.started or m.person.unreachable_since is not None
    ]
    lines.append("")
    if unreachable:
        lines.append(context.text("members.unreachable", names=", ".join(unreachable)))
    else:
        lines.append(context.text("members.all_reachable"))
    await message_of(update).reply_html(i18n.fit("\n".join(lines)))


async def _roster_lines(context: BotContext) -> list[str]:
    """Who of the roster has joined, and who is still expected (with how to reach them)."""
    assert context.visit is not None
    entries = await context.services.roster.of_visit(context.visit)
    if not entries:
        return []
    waiting = [entry for entry in entries if not entry.joined]
    lines = [
        "",
        context.text(
            "roster.members.summary", joined=len(entries) - len(waiting), total=len(entries)
        ),
    ]
    if waiting:
        texts, language = context.services.texts, context.language
        entry_lines = "\n".join(entry_line(texts, language, e.fields) for e in waiting)
        lines.append(
            context.text("roster.members.waiting", count=len(waiting), lines=i18n.Html(entry_lines))
        )
    return lines


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Wire the visit commands."""
    services = application.bot_data["services"]
    menu = services.menu
    menu.add("visit", MEMBER_ROLES, order=80)
    menu.add("members", frozenset({Role.ORGANISER}), order=73)
    menu.add("newvisit", frozenset({Role.ORGANISER}), order=79)
    # Bootstrap organisers create visits before they are in one; the handler checks them.
    services.access.command("newvisit", EVERYONE)
    application.add_handler(CommandHandler("visit", show_visit))
    application.add_handler(CommandHandler("newvisit", new_visit))
    application.add_handler(CommandHandler("members", list_members))
    add_buttons(application, switch_visit, button(CALLBACK_PREFIX + "{visit}", frozenset(Role)))
