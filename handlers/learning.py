"""Learning and impact: feedback buttons and comments, /feedback, the daily reflection
(/reflect and its guided chat), /leads, /myreport and /report (DOCX, charts as photos)."""

from __future__ import annotations

from datetime import date
from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.access import ORGANISERS, button
from bot.context import BotContext
from bot.i18n import Html, clock_time, daily_time, escape, fit, shorten, when
from bot.learning.documents import charts, impact_docx, personal_docx
from bot.learning.feedback import stars
from bot.learning.leads import SHOWN
from bot.learning.reflection import REFLECTION, parse_day
from bot.outbox import Button, OutgoingMessage
from bot.services import Services
from bot.visits import zone_of
from handlers.common import (
    DIALOG_GROUP,
    add_buttons,
    answer_query,
    dialog_handler,
    edit_query_message,
    keyboard,
    message_of,
    reply,
)
from handlers.exports import add_export, send_export
from storage.learning import Answer
from storage.roles import Role
from storage.visits import Visit

FEEDBACK = "feedback"
PARTICIPANTS = frozenset({Role.PARTICIPANT})
LEAD_KEEPERS = frozenset({Role.ORGANISER, Role.PARTNER})
FEEDBACK_READERS = frozenset({Role.ORGANISER, Role.PARTNER})
REPORT_READERS = frozenset({Role.ORGANISER, Role.PARTICIPANT, Role.PARTNER, Role.CREATOR})
RATERS = frozenset(Role)


async def _show(update: Update, context: BotContext, message: OutgoingMessage) -> None:
    await message_of(update).reply_html(message.text, reply_markup=keyboard(message.buttons))


# ------------------------------------------------------------------ session feedback


async def feedback_button(update: Update, context: BotContext) -> None:
    """fb:r:SESSION:N rates, fb:c:SESSION asks for a comment, fb:s:SESSION:y|n signs it."""
    query = update.callback_query
    assert query is not None and query.data is not None and context.person is not None
    _, verb, session_id, *rest = query.data.split(":")
    feedback = context.services.learning.feedback
    person_id = context.person.id
    if verb == "r":
        rating = int(rest[0])
        state, session = await feedback.rate(int(session_id), person_id, rating)
        if session is None:
            await reply(update, context, f"fb.{state}")
            return
        key = "fb.thanks" if state == "rated" else "fb.changed"
        await answer_query(query, context.text(key, stars=stars(rating)), alert=False)
        mine = await feedback.store.feedback_of(session.id, person_id)
        shown = feedback.message(session, context.language, mine)
        await edit_query_message(query, shown.text, reply_markup=keyboard(shown.buttons))
        return
    if verb == "c":
        state, session = await feedback.can_comment(int(session_id), person_id)
        if session is None:
            await reply(update, context, f"fb.{state}")
            return
        await context.services.dialogs.start(
            person_id, FEEDBACK, "comment", session=session.id, visit_id=session.visit_id
        )
        await answer_query(query)
        await message_of(update).reply_html(
            context.text("fb.ask_comment", title=session.title(context.language))
        )
        return
    signed = rest[0] == "y"
    state, session = await feedback.sign(int(session_id), person_id, signed)
    if session is None:
        await reply(update, context, f"fb.{state}")
        return
    await answer_query(query, context.text("fb.sign_done" if signed else "fb.unsign_done"), False)
    mine = await feedback.store.feedback_of(session.id, person_id)
    shown = feedback.message(session, context.language, mine)
    await edit_query_message(query, shown.text, reply_markup=keyboard(shown.buttons))


async def feedback_comment(update: Update, context: BotContext) -> None:
    """The one-line comment after a rating (a guided chat of one step)."""
    assert context.person is not None
    services = context.services
    state = services.dialogs.active(context.person.id)
    assert state is not None
    message = message_of(update)
    if not message.text:
        await reply(update, context, "fb.comment_text_only")
        return
    session_id = int(state.data["session"])
    feedback = services.learning.feedback
    outcome, session = await feedback.comment(session_id, context.person.id, message.text)
    if outcome == "empty":
        await reply(update, context, "fb.comment_text_only")
        return
    await services.dialogs.end(context.person.id)
    if session is None:
        await reply(update, context, f"fb.{outcome}")
        return
    mine = await services.learning.store.feedback_of(session_id, context.person.id)
    shown = services.learning.feedback.message(session, context.language, mine)
    await message_of(update).reply_html(
        context.text("fb.comment_saved") + "\n\n" + shown.text, reply_markup=keyboard(shown.buttons)
    )


async def feedback_command(update: Update, context: BotContext) -> None:
    """/feedback: organisers see every session (or one, with comments) and may let partners
    see theirs; a partner sees their own sessions, aggregated, when allowed."""
    assert context.visit is not None and context.person is not None
    services = context.services
    visit = context.visit
    args = [a.lower() for a in context.args or []]
    feedback = services.learning.feedback
    if context.role is Role.PARTNER:
        if not feedback.settings(visit).partners_see_feedback:
            await reply(update, context, "fb.partner_not_shared")
            return
        own = await feedback.partner_session_ids(visit, context.person.id)
        if own is None:
            await reply(update, context, "fb.partner_none")
            return
        text = await feedback.summary(visit, context.language, only=own, comments=False)
        await message_of(update).reply_html(fit(text))
        return
    if args[:1] == ["share"] and len(args) == 2 and args[1] in ("on", "off", "ya", "tidak"):
        allowed = args[1] in ("on", "ya")
        updated = feedback.settings(visit).with_partners_seeing(allowed)
        await services.learning.reflection.store_settings(visit, updated)
        await reply(update, context, "fb.share_on" if allowed else "fb.share_off")
        return
    if args[:1] == ["help"] or len(args) > 1:
        await reply(update, context, "fb.usage")
        return
    session = None
    if args:
        key = (context.args or [""])[0]
        session = await services.checkins.find_session(visit.id, key)
        if session is None:
            await reply(update, context, "fb.unknown_session", key=key)
            return
    text = await feedback.summary(visit, context.language, session=session)
    await message_of(update).reply_html(fit(text))


async def export_feedback(update: Update, context: BotContext) -> None:
    """/export feedback: every rating, names only where a comment was signed."""
    assert context.visit is not None
    table = await context.services.learning.feedback.export_table(context.visit, context.language)
    await send_export(
        update, context, table, f"feedback-{context.visit.slug}", context.text("export.feedback")
    )


# ------------------------------------------------------------------ daily reflection


async def _ask(update: Update, context: BotContext, visit: Visit, on: date) -> None:
    """Start or resume the day's reflection at its first open prompt."""
    assert context.person is not None
    services = context.services
    reflection = services.learning.reflection
    state, found, prompt = await reflection.begin(visit, context.person.id, on)
    if state == "closed":
        await reply(update, context, "rf.closed")
        return
    if state == "done" or prompt is None:
        await services.dialogs.end(context.person.id)
        if update.callback_query is not None and found is not None and found.answers:
            await answer_query(update.callback_query)
        if found is not None and found.answers and not found.skipped_day:
            await _show(update, context, reflection.finished(visit, found, context.language))
        else:
            await reply(update, context, "rf.done_already")
        return
    await services.dialogs.start(
        context.person.id, REFLECTION, prompt, visit_id=visit.id, day=on.isoformat()
    )
    if update.callback_query is not None:
        await answer_query(update.callback_query)
    await _show(update, context, reflection.prompt(visit, on, prompt, context.language))


async def reflect_command(update: Update, context: BotContext) -> None:
    """/reflect: a participant starts or resumes the open day; organisers set the time or read
    what was shared."""
    assert context.visit is not None and context.person is not None
    visit = context.visit
    reflection = context.services.learning.reflection
    args = [a.lower() for a in context.args or []]
    now = context.services.clock.now()
    if context.role is Role.ORGANISER:
        if (args[:1] == ["time"] and len(args) == 2) or args == ["off"]:
            updated = await reflection.set_time(visit, args[-1])
            if updated is None:
                await reply(update, context, "rf.bad_time")
            elif updated.reflection is None:
                await reply(update, context, "rf.time_off")
            else:
                shown = daily_time(updated.reflection, context.language)
                await reply(update, context, "rf.time_set", time=shown)
            return
        if args == ["shared"]:
            await message_of(update).reply_html(
                fit(await reflection.shared(visit, context.language))
            )
            return
        at = reflection.due(visit, visit.first_day)
        shown = (
            context.text("rf.off")
            if at is None
            else clock_time(at, context.language, zone_of(visit))
        )
        await reply(update, context, "rf.organiser_usage", time=shown)
        return
    on = reflection.open_day(visit, now)
    if on is None:
        upcoming = reflection.next_due(visit, now)
        text = context.text("rf.none_open")
        if upcoming is not None:
            text = Html("\n").join(
                [
                    text,
                    context.text(
                        "rf.next_at", when=when(upcoming, context.language, zone_of(visit))
                    ),
                ]
            )
        await message_of(update).reply_html(text)
        return
    await _ask(update, context, visit, on)


async def reflection_button(update: Update, context: BotContext) -> None:
    """rf:go (start), rf:no (skip the day), rf:sk (skip a prompt), rf:sh (share) for a day."""
    query = update.callback_query
    assert query is not None and query.data is not None and context.person is not None
    assert context.visit is not None
    _, verb, _visit, code, *rest = query.data.split(":")
    on = parse_day(code)
    services = context.services
    reflection = services.learning.reflection
    visit = context.visit
    if on is None:
        await reply(update, context, "error.stale_button")
        return
    if verb == "go":
        await _ask(update, context, visit, on)
    elif verb == "no":
        state = await reflection.skip_day(visit, context.person.id, on)
        if state == "skipped":
            await services.dialogs.end(context.person.id)
            await answer_query(query)
            await edit_query_message(query, context.text("rf.skipped_day"))
        else:
            await reply(update, context, f"rf.{state}")
    elif verb == "sk":
        dialog = services.dialogs.active(context.person.id)
        if (
            dialog is None
            or dialog.feature != REFLECTION
            or dialog.data.get("day") != on.isoformat()
        ):
            await reply(update, context, "error.stale_button")
            return
        state, _, _ = await reflection.answer(visit, context.person.id, on, dialog.step, None)
        if state == "closed":
            await services.dialogs.end(context.person.id)
            await reply(update, context, "rf.closed")
            return
        await _ask(update, context, visit, on)
    else:
        shared = await reflection.share(visit, context.person.id, on, rest[0] == "y")
        if shared is None:
            await reply(update, context, "rf.nothing_to_share")
            return
        await answer_query(
            query, context.text("rf.shared_now" if shared.shared else "rf.unshared_now"), False
        )
        shown = reflection.finished(visit, shared, context.language)
        await edit_query_message(query, shown.text, reply_markup=keyboard(shown.buttons))


async def reflection_answer(update: Update, context: BotContext) -> None:
    """An answer to the current prompt, by text or voice note."""
    assert context.person is not None
    services = context.services
    state = services.dialogs.active(context.person.id)
    assert state is not None
    visit = await services.visits.store.get(int(state.data["visit_id"]))
    on = date.fromisoformat(state.data["day"])
    if visit is None:
        await services.dialogs.end(context.person.id)
        return
    message = message_of(update)
    if message.voice is not None:
        given = Answer(voice=message.voice.file_id, seconds=_seconds(message.voice.duration))
    elif message.text:
        given = Answer(text=message.text.strip())
    else:
        await reply(update, context, "rf.text_or_voice")
        return
    outcome, _, _ = await services.learning.reflection.answer(
        visit, context.person.id, on, state.step, given
    )
    if outcome == "closed":
        await services.dialogs.end(context.person.id)
        await reply(update, context, "rf.closed")
        return
    await _ask(update, context, visit, on)


def _seconds(duration: Any) -> int:
    """A voice note's duration in whole seconds (an int, or a timedelta in PTB 23)."""
    return int(duration.total_seconds()) if hasattr(duration, "total_seconds") else int(duration)


# ------------------------------------------------------------------ leads


async def leads_command(update: Update, context: BotContext) -> None:
    """/leads: the visit's leads, each a button to change its status, and Mark a new lead."""
    assert context.visit is not None and context.person is not None and context.role is not None
    await _leads_list(update, context)


async def _leads_list(update: Update, context: BotContext) -> None:
    assert context.visit is not None and context.person is not None and context.role is not None
    leads = context.services.learning.leads
    lines = await leads.lines(context.visit, context.language)
    visible = [
        line
        for line in lines
        if await leads.may_update(context.visit, line.lead, context.person.id, context.role)
    ]
    if visible:
        text = Html("\n").join(
            [
                context.text("ld.title"),
                *(leads.line_text(line, context.language) for line in visible),
            ]
        )
    else:
        text = context.text("ld.none")
    numbers = [Button(f"#{line.lead.id}", f"ld:v:{line.lead.id}") for line in visible[:SHOWN]]
    rows = [tuple(numbers[i : i + 6]) for i in range(0, len(numbers), 6)]
    rows.append((Button(context.text("ld.mark_button"), "ld:add"),))
    await message_of(update).reply_html(fit(text), reply_markup=keyboard(rows))


async def leads_button(update: Update, context: BotContext) -> None:
    """ld:add (candidates), ld:q / ld:i (mark one), ld:v (a lead's card), ld:s (its status)."""
    query = update.callback_query
    assert query is not None and query.data is not None and context.person is not None
    assert context.visit is not None and context.role is not None
    parts = query.data.split(":")
    verb = parts[1]
    leads = context.services.learning.leads
    visit, person_id, role = context.visit, context.person.id, context.role
    if verb == "add":
        found = await leads.candidates(visit, person_id, role)
        if not found:
            await reply(update, context, "ld.candidates.none")
            return
        await answer_query(query)
        buttons = [
            (
                Button(
                    ("❓ " if kind == "q" else "🤝 ") + escape(shorten(label, 40)),
                    f"ld:{kind}:{record}",
                ),
            )
            for kind, record, label in found[:SHOWN]
        ]
        await message_of(update).reply_html(
            context.text("ld.candidates.title"), reply_markup=keyboard(buttons)
        )
        return
    if verb in ("q", "i"):
        mark = leads.mark_question if verb == "q" else leads.mark_introduction
        state, lead = await mark(visit, person_id, role, int(parts[2]))
        if lead is None:
            await reply(update, context, f"ld.{state}")
            return
        await answer_query(query, context.text("ld.marked", number=lead.id), alert=False)
        await _lead_card(update, context, lead.id, edit=False)
        return
    lead_id = int(parts[2])
    if verb == "v":
        lead = await leads.store.lead(lead_id)
        if lead is None or not await leads.may_update(visit, lead, person_id, role):
            await reply(update, context, "ld.not_yours")
            return
        await answer_query(query)
        await _lead_card(update, context, lead_id, edit=False)
        return
    state, lead = await leads.set_status(visit, lead_id, person_id, role, parts[3])
    if lead is None:
        await reply(update, context, f"ld.{state}")
        return
    status = context.text(f"ld.status.{lead.status}")
    await answer_query(query, context.text(f"ld.{state}", status=status), alert=False)
    await _lead_card(update, context, lead_id, edit=True)


async def _lead_card(update: Update, context: BotContext, lead_id: int, *, edit: bool) -> None:
    assert context.visit is not None
    leads = context.services.learning.leads
    line = next(
        x for x in await leads.lines(context.visit, context.language) if x.lead.id == lead_id
    )
    text, buttons = leads.card(line, context.language)
    query = update.callback_query
    if edit and query is not None:
        await edit_query_message(query, text, reply_markup=keyboard(buttons))
    else:
        await message_of(update).reply_html(text, reply_markup=keyboard(buttons))


# ------------------------------------------------------------------ reports


async def myreport(update: Update, context: BotContext) -> None:
    """/myreport: the person's own visit report as a DOCX, in their language."""
    assert context.visit is not None and context.person is not None and context.role is not None
    services = context.services
    report = await services.learning.reports.personal(context.visit, context.person, context.role)
    data = personal_docx(report, services.texts, context.language)
    await message_of(update).reply_document(
        data,
        filename=f"laporan-{context.visit.slug}.docx"
        if context.language == "id"
        else f"visit-report-{context.visit.slug}.docx",
        caption=context.text("rp.my_caption"),
        parse_mode="HTML",
    )


async def impact_report(update: Update, context: BotContext) -> None:
    """/report: the impact report as a DOCX, and its charts as pictures."""
    assert context.visit is not None
    services = context.services
    report = await services.learning.reports.impact(context.visit, context.language)
    drawn = charts(report, services.texts, context.language)
    data = impact_docx(report, services.texts, context.language, drawn, services.clock.now())
    message = message_of(update)
    for chart in drawn:
        await message.reply_photo(chart.png, caption=chart.caption)
    await message.reply_document(
        data,
        filename=f"impact-{context.visit.slug}.docx",
        caption=context.text("rp.impact_caption", visit=context.visit.title),
        parse_mode="HTML",
    )


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Wire feedback, the daily reflection, leads and reports."""
    services: Services = application.bot_data["services"]
    learning = services.learning

    async def forget(person_id: int) -> list[str]:
        return await learning.store.erase_person(person_id)

    services.privacy.add_eraser("learning", forget)
    services.planners.add("feedback", learning.feedback.tick)
    services.planners.add("reflection", learning.reflection.tick)
    services.menu.add("reflect", frozenset({Role.PARTICIPANT, Role.ORGANISER}), order=45)
    services.menu.add("myreport", REPORT_READERS, order=46)
    services.menu.add("feedback", FEEDBACK_READERS, order=66)
    services.menu.add("leads", LEAD_KEEPERS, order=67)
    services.menu.add("report", ORGANISERS, order=68)
    application.add_handler(
        dialog_handler(application, FEEDBACK, feedback_comment), group=DIALOG_GROUP
    )
    application.add_handler(
        dialog_handler(application, REFLECTION, reflection_answer), group=DIALOG_GROUP
    )
    application.add_handler(CommandHandler("feedback", feedback_command))
    application.add_handler(CommandHandler("reflect", reflect_command))
    application.add_handler(CommandHandler("myreport", myreport))
    application.add_handler(CommandHandler("report", impact_report))
    application.add_handler(CommandHandler("leads", leads_command))
    add_export(
        application, "feedback", export_feedback, label_key="export.feedback", words=("umpanbalik",)
    )
    add_buttons(
        application,
        feedback_button,
        button("fb:r:{session}:{rating:int}", RATERS),
        button("fb:c:{session}", RATERS),
        button("fb:s:{session}:{signed:y|n}", RATERS),
    )
    add_buttons(
        application,
        reflection_button,
        button("rf:go:{visit}:{day:int}", PARTICIPANTS),
        button("rf:no:{visit}:{day:int}", PARTICIPANTS),
        button("rf:sk:{visit}:{day:int}", PARTICIPANTS),
        button("rf:sh:{visit}:{day:int}:{shared:y|n}", PARTICIPANTS),
    )
    add_buttons(
        application,
        leads_button,
        button("ld:add", LEAD_KEEPERS),
        button("ld:q:{question}", LEAD_KEEPERS),
        button("ld:i:{introduction}", LEAD_KEEPERS),
        button("ld:v:{lead}", LEAD_KEEPERS),
        button("ld:s:{lead}:{status:new|contacted|agreed|dropped}", LEAD_KEEPERS),
    )
