"""/today, /next, /agenda, session cards, calendar files, agenda files, changes and /settings."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import Application, CommandHandler, MessageHandler, filters

from bot.access import MEMBERS, ORGANISERS, button
from bot.agenda import EDITABLE, AgendaDiff, AgendaError, Viewer, diff_lines, problem_lines
from bot.agenda_file import MAX_BYTES, AgendaFile, too_large
from bot.calendar import calendar_file
from bot.context import BotContext
from bot.i18n import clock_time, daily_time, escape, fit
from bot.i18n import day as day_name
from bot.outbox import Button
from bot.reminders import ReminderSettings, SettingError
from bot.visits import zone_of
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
    requires_role,
)
from storage.roles import Role
from storage.sessions import Session

ANYONE = tuple(Role)
TELEGRAM_LIMIT = 4000  # a little under 4096, for the markup the limit does not count
MAX_PROBLEM_LINES = 25
AGENDA_FILES = ("yaml", "yml", "csv", "txt", "json", "xlsx", "xls", "ods")


def _viewer(context: BotContext) -> Viewer:
    assert context.person is not None
    return Viewer(context.person.id, context.role, context.language)


def _chunks(lines: list[str]) -> list[str]:
    """Lines joined into messages that stay under Telegram's length limit."""
    chunks, current = [], ""
    for line in lines:
        if current and len(current) + 1 + len(line) > TELEGRAM_LIMIT:
            chunks.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    return [*chunks, current] if current else chunks


# Days ------------------------------------------------------------------------------------


def _visit_day(context: BotContext, wanted: date | None = None) -> date:
    """Today (or the wanted day), kept inside the visit's days."""
    assert context.visit is not None
    on = wanted or context.services.agenda.today(context.visit)
    return min(max(on, context.visit.first_day), context.visit.last_day)


async def _day_view(context: BotContext, on: date) -> tuple[list[str], InlineKeyboardMarkup | None]:
    """A day's sessions as message texts, with buttons to open them and move between days."""
    assert context.visit is not None
    agenda, visit, language = context.services.agenda, context.visit, context.language
    zone = zone_of(visit)
    sessions = await agenda.on_day(visit, _viewer(context), on)
    lines: list[str] = [context.text("agenda.day.title", day=day_name(on, language))]
    lines += [agenda.line(s, language, zone) for s in sessions]
    if not sessions:
        lines.append(context.text("agenda.day.empty"))
    else:
        lines.append(context.text("agenda.day.pick"))
    rows: list[list[Button]] = []
    for session in sessions:
        if not session.cancelled:
            start = clock_time(session.starts_at, language, zone)
            label = f"{start} {escape(session.title(language)[:50])}"
            rows.append([Button(label, f"ag:s:{session.id}")])
    navigation = []
    if on > visit.first_day:
        navigation.append(
            Button(context.text("agenda.day.previous"), f"ag:d:{on - timedelta(days=1):%Y%m%d}")
        )
    if on < visit.last_day:
        navigation.append(
            Button(context.text("agenda.day.next"), f"ag:d:{on + timedelta(days=1):%Y%m%d}")
        )
    if navigation:
        rows.append(navigation)
    rows.append([Button(context.text("agenda.day.calendar"), "ag:ics:all")])
    return _chunks(lines), keyboard(rows)


async def _send_day(message: Message, context: BotContext, on: date) -> None:
    texts, buttons = await _day_view(context, on)
    for number, text in enumerate(texts, start=1):
        await message.reply_html(text, reply_markup=buttons if number == len(texts) else None)


@requires_role(*ANYONE)
async def show_today(update: Update, context: BotContext) -> None:
    """Today's sessions (or the nearest day of the visit)."""
    await _send_day(message_of(update), context, _visit_day(context))


@requires_role(*ANYONE)
async def show_next(update: Update, context: BotContext) -> None:
    """The session the person is in now, or their next one, as a card."""
    assert context.visit is not None
    session = await context.services.agenda.next_for(context.visit, _viewer(context))
    if session is None:
        await reply(update, context, "agenda.next.none")
        return
    await _send_card(message_of(update), context, session)


async def _send_card(message: Message, context: BotContext, session: Session) -> None:
    assert context.visit is not None
    agenda = context.services.agenda
    text = agenda.card(session, context.language, zone_of(context.visit))
    buttons = agenda.buttons(session, context.role, context.language)
    await message.reply_html(fit(text), reply_markup=keyboard(buttons))


# /agenda and its organiser subcommands -----------------------------------------------------


@requires_role(*ANYONE)
async def agenda_command(update: Update, context: BotContext) -> None:
    """`/agenda [day]` for everyone; `shift`, `cancel`, `edit`, `log` for organisers; `ics`."""
    args = list(context.args or [])
    action = args[0].lower() if args else ""
    if action in ("shift", "geser", "cancel", "batal", "edit", "ubah", "log", "help"):
        await organiser_agenda(update, context)
        return
    if action == "ics":
        await _send_calendar(message_of(update), context, None)
        return
    if not action:
        await _send_day(message_of(update), context, _visit_day(context))
        return
    assert context.visit is not None
    words = " ".join(args)
    wanted = context.services.agenda.day_named(context.visit, words)
    visit = context.visit
    if wanted is not None and visit.first_day <= wanted <= visit.last_day:
        await _send_day(message_of(update), context, wanted)
        return
    # Not understood, or not a day of the visit: say which, and offer the visit's days.
    if wanted is None:
        text = context.text("agenda.day.unknown", words=words)
    else:
        text = context.text("agenda.day.outside", day=day_name(wanted, context.language))
    await message_of(update).reply_html(text, reply_markup=keyboard(_day_buttons(context)))


def _day_buttons(context: BotContext) -> list[list[Button]]:
    """A button for each day of the visit ("Day 1 · 29/10"), three to a row."""
    assert context.visit is not None
    visit, rows = context.visit, list[list[Button]]()
    days = (visit.last_day - visit.first_day).days + 1
    for number in range(1, min(days, 30) + 1):
        on = visit.first_day + timedelta(days=number - 1)
        label = context.text("agenda.day.button", number=number, day=f"{on:%d/%m}")
        if number % 3 == 1:
            rows.append([])
        rows[-1].append(Button(label, f"ag:d:{on:%Y%m%d}"))
    return rows


@organiser_only
async def organiser_agenda(update: Update, context: BotContext) -> None:
    """Shift, cancel or edit a session, or read the reminders' log."""
    assert context.visit is not None and context.person is not None
    args = list(context.args or [])
    action = args[0].lower()
    agenda, visit, actor = context.services.agenda, context.visit, context.person.id
    if action == "log":
        log = await agenda.store.delivery_log(visit.id)
        await reply(
            update,
            context,
            "agenda.log",
            sent=log.sent,
            late=log.late,
            expired=log.expired,
            muted=log.muted,
            failed=log.failed,
            pending=log.pending,
        )
        return
    try:
        if action in ("shift", "geser") and len(args) >= 3:
            change = await agenda.shift(visit, args[1], " ".join(args[2:]), actor)
            await _report_change(update, context, change)
        elif action in ("cancel", "batal") and len(args) == 2:
            session = await agenda.cancel(visit, args[1], actor)
            await reply(update, context, "agenda.cancelled", title=session.title(context.language))
        elif action in ("edit", "ubah") and len(args) >= 4:
            change = await agenda.edit(visit, args[1], args[2], " ".join(args[3:]), actor)
            await _report_change(update, context, change)
        else:
            await reply(update, context, "agenda.usage", fields=", ".join(EDITABLE))
    except AgendaError as error:
        await reply(update, context, error.key, **error.values)


async def _report_change(update: Update, context: BotContext, change: AgendaDiff) -> None:
    if change.empty:
        await reply(update, context, "agenda.unchanged")
        return
    after = change.changed[0].after
    title = after.title_id if context.language == "id" else after.title_en
    await reply(update, context, "agenda.changed", title=title)


# Buttons ----------------------------------------------------------------------------------


async def agenda_button(update: Update, context: BotContext) -> None:
    """Every `ag:` button: days, session cards, venues, calendar files, import confirmation."""
    query = update.callback_query
    assert query is not None
    parts = (query.data or "").split(":")
    if context.visit is None or context.person is None or context.role is None:
        await reply(update, context, "error.no_visit")
        return
    action, argument = (parts[1], parts[2]) if len(parts) == 3 else (parts[-1], "")
    if action == "imp" or (len(parts) == 4 and parts[1] == "imp"):
        await import_button(update, context)
        return
    message = query.message
    if not isinstance(message, Message):
        await reply(update, context, "error.stale_button")
        return
    if action == "d" and len(argument) == 8 and argument.isdigit():
        try:
            on = date(int(argument[:4]), int(argument[4:6]), int(argument[6:]))
        except ValueError:
            on = None
        if on is not None and context.visit.first_day <= on <= context.visit.last_day:
            await answer_query(query, alert=False)
            texts, buttons = await _day_view(context, on)
            if len(texts) == 1 and message.text is not None:
                await edit_query_message(query, texts[0], reply_markup=buttons)
            else:
                await _send_day(message, context, on)
            return
    elif action == "ics" and argument == "all":
        await answer_query(query, alert=False)
        await _send_calendar(message, context, None)
        return
    elif action in ("s", "v", "ics") and argument.isdigit():
        session = await _visible_session(context, int(argument))
        if session is not None:
            await answer_query(query, alert=False)
            if action == "s":
                await _send_card(message, context, session)
            elif action == "ics":
                await _send_calendar(message, context, session)
            else:
                await _send_venue(message, context, session)
            return
    await reply(update, context, "error.stale_button")


async def _visible_session(context: BotContext, session_id: int) -> Session | None:
    """A session of the person's visit that they may see, or None (stale or forged button)."""
    assert context.visit is not None
    agenda = context.services.agenda
    session = await agenda.sessions.get(session_id)
    if session is None or session.visit_id != context.visit.id:
        return None
    shown = await agenda.visible(context.visit, _viewer(context), [session])
    return shown[0] if shown else None


async def _send_venue(message: Message, context: BotContext, session: Session) -> None:
    venue = session.venue
    if venue.latitude is None or venue.longitude is None:
        await message.reply_html(context.text("agenda.no_location"))
        return
    await message.reply_venue(
        latitude=venue.latitude,
        longitude=venue.longitude,
        title=(venue.name or session.title(context.language))[:100],
        address=(venue.address or venue.name or "-")[:200],
    )


async def _send_calendar(message: Message, context: BotContext, session: Session | None) -> None:
    assert context.visit is not None
    services = context.services
    if session is None:
        sessions = await services.agenda.visible(
            context.visit,
            _viewer(context),
            await services.agenda.sessions.of_visit(context.visit.id),
        )
        if not sessions:
            await message.reply_html(context.text("agenda.empty"))
            return
        name = f"{context.visit.slug}.ics"
    else:
        sessions, name = [session], f"{context.visit.slug}-{session.key}.ics"
    content = calendar_file(
        context.visit, sessions, context.language, services.clock.now(), services.texts
    )
    await message.reply_document(
        document=content, filename=name, caption=context.text("agenda.ics.caption")
    )


# Agenda files -------------------------------------------------------------------------------


@private_only
@organiser_only
async def receive_file(update: Update, context: BotContext) -> None:
    """Check an agenda file as a whole; apply it, or show the difference to confirm."""
    assert context.visit is not None and context.person is not None
    message = message_of(update)
    document = message.document
    assert document is not None
    agenda, visit = context.services.agenda, context.visit
    content = await document_bytes(document, MAX_BYTES)
    if content is None:
        await _report_problems(message, context, too_large())
        return
    checked = await agenda.read(visit, content, document.file_name or "")
    if not checked.ok:
        await _report_problems(message, context, checked)
        return
    warnings = problem_lines(context.services.texts, context.language, checked.warnings)
    change = await agenda.preview(visit, checked.sessions, checked.emergency)
    zone = zone_of(visit)
    if change.empty:
        await reply(update, context, "agenda.import.unchanged")
        return
    lines = diff_lines(context.services.texts, context.language, change, zone)
    if warnings:
        lines += ["", context.text("agenda.import.warnings"), *warnings]
    if not await agenda.sessions.of_visit(visit.id):
        await agenda.load(visit, checked.sessions, context.person.id, checked.emergency)
        lines.insert(0, _applied(context, change))
        for text in _chunks(lines):
            await message.reply_html(text)
        return
    import_id = await agenda.stage(visit, context.person.id, checked.sessions, checked.emergency)
    buttons = keyboard(
        [
            [
                Button(context.text("agenda.import.apply"), f"ag:imp:ok:{import_id}"),
                Button(context.text("agenda.import.discard"), f"ag:imp:no:{import_id}"),
            ]
        ]
    )
    texts = _chunks([context.text("agenda.import.confirm", visit=visit.title), *lines])
    for number, text in enumerate(texts, start=1):
        await message.reply_html(text, reply_markup=buttons if number == len(texts) else None)


def _applied(context: BotContext, change: AgendaDiff) -> str:
    return context.text(
        "agenda.import.applied",
        added=len(change.added),
        changed=len(change.changed),
        removed=len(change.removed),
    )


async def _report_problems(message: Message, context: BotContext, checked: AgendaFile) -> None:
    lines = problem_lines(context.services.texts, context.language, checked.problems)
    shown = lines[:MAX_PROBLEM_LINES]
    if len(lines) > len(shown):
        shown.append(context.text("agenda.import.more", count=len(lines) - len(shown)))
    head = context.text("agenda.import.problems", count=len(lines))
    for text in _chunks([head, *shown]):
        await message.reply_html(text)


@organiser_only
async def import_button(update: Update, context: BotContext) -> None:
    """Apply or discard a staged agenda file."""
    assert context.visit is not None and context.person is not None
    query = update.callback_query
    assert query is not None
    parts = (query.data or "").split(":")
    if len(parts) != 4 or parts[2] not in ("ok", "no") or not parts[3].isdigit():
        await reply(update, context, "error.stale_button")
        return
    agenda, import_id = context.services.agenda, int(parts[3])
    if parts[2] == "no":
        if not await agenda.discard(import_id, context.visit):
            await reply(update, context, "agenda.import.stale")
            return
        await answer_query(query, alert=False)
        await edit_query_message(query, context.text("agenda.import.discarded"))
        return
    change = await agenda.confirm(import_id, context.visit, context.person.id)
    if change is None:
        await reply(update, context, "agenda.import.stale")
        return
    await answer_query(query, alert=False)
    await edit_query_message(query, _applied(context, change))


# Settings ---------------------------------------------------------------------------------


@organiser_only
async def settings_command(update: Update, context: BotContext) -> None:
    """Show or change the visit's reminder settings."""
    assert context.visit is not None
    args = list(context.args or [])
    reminders = context.services.reminders
    current = ReminderSettings.of(context.visit)
    if args:
        if len(args) < 2:
            await reply(update, context, "settings.usage")
            return
        try:
            current = await reminders.change_settings(context.visit, args[0], " ".join(args[1:]))
        except SettingError as error:
            await reply(update, context, error.key)
            return
        await reply(update, context, "settings.saved")
    off = context.text("settings.off")
    await reply(
        update,
        context,
        "settings.show",
        offsets=", ".join(str(o) for o in current.offsets) or off,
        briefing=daily_time(current.briefing, context.language) if current.briefing else off,
        grace=current.grace,
        evening=daily_time(current.evening, context.language) if current.evening else off,
    )


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Wire the agenda's commands, buttons, file upload and the reminder planner."""
    services = application.bot_data["services"]
    everyone = frozenset(Role)
    services.menu.add("today", everyone, order=20)
    services.menu.add("next", everyone, order=21)
    services.menu.add("agenda", everyone, order=22)
    services.menu.add("settings", frozenset({Role.ORGANISER}), order=75)
    services.planners.add("agenda", services.reminders.tick)
    application.add_handler(CommandHandler("today", show_today))
    application.add_handler(CommandHandler("next", show_next))
    application.add_handler(CommandHandler("agenda", agenda_command))
    application.add_handler(CommandHandler("settings", settings_command))
    add_buttons(
        application,
        agenda_button,
        button("ag:d:{day:int}", MEMBERS),
        button("ag:ics:all", MEMBERS),
        button("ag:{view:s|v|ics}:{session}", MEMBERS),
        button("ag:imp:{choice:ok|no}:{import}", ORGANISERS),
    )
    extensions: filters.BaseFilter = filters.Document.FileExtension(AGENDA_FILES[0])
    for extension in AGENDA_FILES[1:]:
        extensions = extensions | filters.Document.FileExtension(extension)
    application.add_handler(MessageHandler(filters.ChatType.PRIVATE & extensions, receive_file))
