"""Checking in: the Check in button, a shared location, a session's QR code, /checkin, and
organisers' /checkin_qr and /mark."""

from __future__ import annotations

from typing import Any

from telegram import (
    InlineKeyboardMarkup,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.ext import Application, CommandHandler, MessageHandler, filters

from bot import i18n
from bot.access import button
from bot.checkins import (
    CODE_PREFIX,
    AlreadyCheckedIn,
    BadLocation,
    CheckedIn,
    CheckInSettings,
    Known,
    NoOpenSession,
    NotInAudience,
    NotYetOpen,
    Outcome,
    SessionCancelled,
    TooFar,
    UnknownSession,
    WindowClosed,
    find_members,
    parse_mark,
)
from bot.consents import CHECKIN_LOCATION
from bot.context import BotContext
from bot.invites import qr_png, start_link
from bot.outbox import Delivery, OutgoingMessage
from bot.visits import zone_of
from handlers.common import (
    add_buttons,
    answer_query,
    inline_button,
    keyboard,
    message_of,
    organiser_only,
    picked_session,
    private_only,
    reply,
    reply_button,
    session_buttons,
)
from storage.checkins import LATE
from storage.roles import Role
from storage.sessions import Session
from storage.visits import Visit

CALLBACK_PREFIX = "ci:"
QR_PREFIX = "ciq:"  # a session picked for its QR code
ORGANISERS = frozenset({Role.ORGANISER})
MEMBERS = frozenset(Role)


async def _visit_of(context: BotContext, visit_id: int) -> Visit | None:
    if context.visit is not None and context.visit.id == visit_id:
        return context.visit
    return await context.services.visits.store.get(visit_id)


def _known(context: BotContext) -> Known | None:
    """The visit and role `identify` loaded, so the rules need not read them again."""
    if context.visit is None or context.role is None:
        return None
    return context.visit, context.role


async def render_outcome(context: BotContext, outcome: Outcome) -> str:
    """What a person is told about their check-in attempt, in their language."""
    language = context.language
    if isinstance(outcome, NoOpenSession):
        return context.text("ci.no_open")
    if isinstance(outcome, BadLocation):
        return context.text("ci.bad_location")
    if isinstance(outcome, UnknownSession):
        return context.text("ci.unknown")
    session = outcome.session
    visit = await _visit_of(context, session.visit_id)
    zone = zone_of(visit) if visit is not None else context.services.settings.zone
    title = session.title(language)

    def at(moment: Any) -> str:
        return i18n.clock_time(moment, language, zone)

    if isinstance(outcome, CheckedIn):
        extra = ""
        if outcome.checkin.status == LATE:
            extra += context.text("ci.late_note")
        if outcome.checkin.distance_m is not None:
            metres = outcome.checkin.distance_m
            extra += context.text("ci.distance_note", distance=i18n.distance(metres, language))
        return context.text(
            "ci.done", title=title, time=at(outcome.checkin.recorded_at), extra=i18n.Html(extra)
        )
    if isinstance(outcome, AlreadyCheckedIn):
        return context.text("ci.already", title=title, time=at(outcome.checkin.recorded_at))
    if isinstance(outcome, NotYetOpen):
        return context.text("ci.not_yet", title=title, time=at(outcome.opens_at))
    if isinstance(outcome, WindowClosed):
        return context.text("ci.closed", title=title, time=at(outcome.closed_at))
    if isinstance(outcome, NotInAudience):
        return context.text("ci.not_audience", title=title)
    if isinstance(outcome, SessionCancelled):
        return context.text("ci.cancelled", title=title)
    assert isinstance(outcome, TooFar)
    return context.text(
        "ci.too_far",
        distance=i18n.distance(outcome.distance_m, language),
        venue=session.venue.name or title,
        title=title,
        radius=i18n.distance(outcome.radius_m, language),
    )


async def check_in_button(update: Update, context: BotContext) -> None:
    """The Check in button on a session card, a reminder or a nudge."""
    query = update.callback_query
    assert query is not None and query.data is not None
    raw = query.data.removeprefix(CALLBACK_PREFIX)
    if not raw.isdigit() or context.person is None:
        await reply(update, context, "error.stale_button")
        return
    outcome = await context.services.checkins.by_session(
        context.person.id, int(raw), "button", _known(context)
    )
    if isinstance(outcome, UnknownSession):
        await reply(update, context, "error.stale_button")
        return
    text = await render_outcome(context, outcome)
    # The press is answered at once with a toast saying what happened: an answer takes no
    # message slot, so the person sees it even while 200 others press at the same moment.
    await answer_query(query, text, alert=False)
    if isinstance(outcome, AlreadyCheckedIn):
        # Nothing changed and the chat already holds the confirmation: a message would only
        # repeat the toast, as often as the button is pressed.
        return
    # The full reply is also a message that stays in the chat. It waits for its turn under
    # Telegram's limits in the outbox, so this update does not hold one of the bot's update
    # slots while it waits (the others' toasts would wait behind it).
    await context.services.outbox.enqueue(
        [
            Delivery(
                chat_id=context.person.id,
                message=OutgoingMessage(text),
                kind="checkin",
                visit_id=context.visit.id if context.visit is not None else None,
            )
        ]
    )


async def check_in_with_code(update: Update, context: BotContext, code: str) -> None:
    """`/start c-<code>`: the QR code printed at the venue."""
    assert context.person is not None
    outcome = await context.services.checkins.by_code(context.person.id, code, _known(context))
    await message_of(update).reply_html(await render_outcome(context, outcome))


async def share_location(update: Update, context: BotContext) -> None:
    """A shared (or live, moving) location: check in where the venue's radius contains it."""
    message = message_of(update)
    location = message.location
    assert location is not None
    moving = update.edited_message is not None  # a live location's later positions
    if context.person is None or context.visit is None:
        if not moving:
            await reply(update, context, "error.no_visit")
        return
    consents = context.services.consents
    if await consents.withdrawn(context.person.id, context.visit.id, CHECKIN_LOCATION):
        if not moving:
            await reply(update, context, "ci.location_withdrawn")
        return
    # Sharing a location (the /checkin hint says what it is used for) is the consent, noted once.
    await consents.give(context.person.id, context.visit.id, CHECKIN_LOCATION, context.language)
    outcome = await context.services.checkins.by_location(
        context.person.id, context.visit.id, location.latitude, location.longitude
    )
    if moving and not isinstance(outcome, CheckedIn):
        return  # stay quiet while a live location moves, until it checks the person in
    done = isinstance(outcome, CheckedIn | AlreadyCheckedIn)
    await context.bot.send_message(
        context.person.id,
        await render_outcome(context, outcome),
        reply_markup=ReplyKeyboardRemove() if done else None,
    )


@private_only
async def show_checkin(update: Update, context: BotContext) -> None:
    """/checkin: the sessions open now with a Check in button, and the location button."""
    if context.person is None or context.visit is None:
        await reply(update, context, "error.no_visit")
        return
    sessions = await context.services.checkins.open_sessions(context.person.id, context.visit.id)
    if not sessions:
        await reply(update, context, "ci.no_open")
        return
    language, zone = context.language, zone_of(context.visit)
    lines = [context.text("ci.open_title")]
    buttons = []
    for session in sessions[:10]:
        title = session.title(language)
        lines.append(
            context.text(
                "ci.open_line",
                title=title,
                time=i18n.clock_time(session.starts_at, language, zone),
                venue=session.venue.name or "-",
            )
        )
        buttons.append(
            [
                inline_button(
                    f"{context.text('checkin.button')}: {i18n.escape(title[:50])}",
                    callback_data=f"{CALLBACK_PREFIX}{session.id}",
                )
            ]
        )
    message = message_of(update)
    await message.reply_html("\n".join(lines), reply_markup=InlineKeyboardMarkup(buttons))
    await message.reply_html(
        context.text("ci.location_hint"),
        reply_markup=ReplyKeyboardMarkup(
            [[reply_button(context.text("ci.location_button"), request_location=True)]],
            resize_keyboard=True,
            one_time_keyboard=True,
        ),
    )


@organiser_only
async def checkin_qr(update: Update, context: BotContext) -> None:
    """/checkin_qr [SESSION]: a printable QR code that checks people in to that session;
    without a session, or with a key no session has, the nearest sessions as buttons."""
    assert context.visit is not None
    services = context.services
    session = None
    problem = ""
    if context.args:
        key = context.args[0]
        session = await services.checkins.find_session(context.visit.id, key)
        problem = context.text("ci.unknown_session", key=key) + "\n"
    if session is None:
        buttons = await session_buttons(context, QR_PREFIX)
        if not buttons:
            await reply(update, context, "agenda.empty")
            return
        await message_of(update).reply_html(
            problem + context.text("ci.qr_pick"), reply_markup=keyboard(buttons)
        )
        return
    await _send_qr(update, context, session)


async def qr_for_session(update: Update, context: BotContext) -> None:
    """A session chosen from /checkin_qr's buttons: its QR code."""
    session = await picked_session(update, context, QR_PREFIX)
    if session is not None:
        await _send_qr(update, context, session)


async def _send_qr(update: Update, context: BotContext, session: Session) -> None:
    """The printable poster: the QR code and, in its caption, the session and its link."""
    assert context.visit is not None
    services = context.services
    link = start_link(context.bot.username, CODE_PREFIX + await services.checkins.code_for(session))
    language, zone = context.language, zone_of(context.visit)
    window = CheckInSettings.of(context.visit).window(session)
    await message_of(update).reply_photo(
        qr_png(link),
        caption=context.text(
            "ci.qr_caption",
            title=session.title(language),
            when=i18n.when(session.starts_at, language, zone),
            opens=i18n.clock_time(window.opens_at, language, zone),
            closes=i18n.clock_time(window.closes_at, language, zone),
            link=link,
        ),
    )


@organiser_only
async def mark(update: Update, context: BotContext) -> None:
    """/mark SESSION PERSON present | absent [reason] | undo."""
    assert context.visit is not None and context.person is not None
    request = parse_mark(list(context.args or []))
    if request is None:
        await reply(update, context, "ci.mark_usage")
        return
    services = context.services
    session = await services.checkins.find_session(context.visit.id, request.session_key)
    if session is None:
        await reply(update, context, "ci.unknown_session", key=request.session_key)
        return
    members = find_members(await services.people.store.members(context.visit.id), request.person)
    if not members:
        await reply(update, context, "ci.unknown_person", who=request.person)
        return
    if len(members) > 1:
        names = ", ".join(
            f"{m.person.full_name} (@{m.person.username or m.person.id})" for m in members
        )
        await reply(update, context, "ci.ambiguous_person", who=request.person, names=names)
        return
    person = members[0].person
    title = session.title(context.language)
    if request.action == "undo":
        removed = await services.checkins.undo(session, person.id)
        key = "ci.unmarked" if removed else "ci.nothing_to_undo"
        await reply(update, context, key, name=person.full_name, title=title)
        return
    present = request.action == "present"
    await services.checkins.mark(session, person.id, present, context.person.id, request.reason)
    if present:
        await reply(update, context, "ci.marked_present", name=person.full_name, title=title)
    else:
        await reply(
            update,
            context,
            "ci.marked_absent",
            name=person.full_name,
            title=title,
            reason=request.reason or context.text("ci.no_reason"),
        )


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Wire check-ins: the button, locations, the QR deep link and the commands."""
    services = application.bot_data["services"]
    services.menu.add("checkin", MEMBERS, order=20)
    services.menu.add("checkin_qr", ORGANISERS, order=60)
    services.menu.add("mark", ORGANISERS, order=61)
    services.start_payload(CODE_PREFIX, check_in_with_code)

    async def forget_checkins(person_id: int) -> None:
        await services.checkins.store.erase_person(person_id)

    services.privacy.add_eraser("checkins", forget_checkins)
    private = filters.ChatType.PRIVATE
    add_buttons(application, check_in_button, button(CALLBACK_PREFIX + "{session}", MEMBERS))
    add_buttons(application, qr_for_session, button(QR_PREFIX + "{session}", ORGANISERS))
    application.add_handler(MessageHandler(private & filters.LOCATION, share_location))
    application.add_handler(CommandHandler("checkin", show_checkin))
    application.add_handler(CommandHandler("checkin_qr", checkin_qr))
    application.add_handler(CommandHandler("mark", mark))
