"""/profile, /creators, introductions, review, /introductions, /export creators and /poster.

A creator fills their profile in a guided chat whose state lives in the `dialogs` table, so a
restart continues at the same step; organisers review submissions sent through the outbox.
"""

from __future__ import annotations

import contextlib
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    filters,
)

from bot import access, i18n
from bot.context import BotContext
from bot.creators import (
    APPROVED,
    BIO_MAX,
    CHANGES,
    DISCIPLINES,
    EDITABLE,
    LINKS_MAX,
    NAME_MAX,
    NOTE_MAX,
    PAGE_SIZE,
    PENDING,
    PHOTOS_MAX,
    PLACE_MAX,
    REASON_MAX,
    REJECTED,
    STEPS,
    Invalid,
    SubmitOutcome,
    check_contact,
    check_links,
    check_text,
    creators_csv,
)
from bot.i18n import Html
from bot.invites import InviteRequest, Invites, qr_png, start_link
from bot.outbox import Button, Delivery, OutgoingMessage
from bot.services import Services
from bot.visits import zone_of
from handlers.common import (
    DIALOG_GROUP,
    InDialog,
    answer_query,
    dialog_handler,
    edit_query_message,
    message_of,
    organiser_only,
    private_only,
    reply,
    requires_role,
)
from storage.creators import CreatorProfile
from storage.dialogs import DialogState
from storage.people import Person
from storage.roles import Role

FEATURE = "creators"
PREFIX = "cr:"
ORGANISERS = frozenset({Role.ORGANISER})
CREATORS = frozenset({Role.CREATOR})
READERS = (Role.PARTICIPANT, Role.PARTNER, Role.ORGANISER)
# Dialog steps that are not part of the profile: an organiser's reason, an asker's note.
REASON, INTRO = "reason", "intro"
SUMMARY, EDIT = "summary", "edit"
REVIEW_ACTIONS = {"ap": APPROVED, "rj": REJECTED, "ch": CHANGES}
CALLBACK_MAX = 64

Rows = list[list[tuple[str, str]]]


# -- callback data: parsed here, and only here ----------------------------------------------


def parse(data: str | None) -> list[str]:
    """`cr:action:arg...` as [action, arg, ...]; [] for anything else."""
    if not data or not data.startswith(PREFIX):
        return []
    return data[len(PREFIX) :].split(":")


def number(value: str) -> int | None:
    """A positive id from callback data, or None when forged."""
    return int(value) if value.isdigit() and len(value) < 12 else None


def page_data(page: int, discipline: str | None, words: str) -> str:
    """Paging button data; long search words are cut to fit Telegram's 64 bytes."""
    head = f"{PREFIX}p:{page}:{discipline or '-'}:"
    room = CALLBACK_MAX - len(head.encode())
    cut = words.encode()[:room].decode(errors="ignore")
    return head + cut


# -- rendering ------------------------------------------------------------------------------


def keyboard(rows: Rows) -> InlineKeyboardMarkup | None:
    """Inline buttons from (text, data) rows."""
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(text, callback_data=data) for text, data in row] for row in rows]
    )


def contact_of(data: dict[str, Any]) -> str:
    """@username · phone · e-mail, as far as given."""
    parts = []
    if data.get("username"):
        parts.append("@" + str(data["username"]))
    parts += [str(data[key]) for key in ("phone", "email") if data.get(key)]
    return " · ".join(parts)


def place_of(services: Services, language: str, data: dict[str, Any]) -> str:
    """The place as typed, or the shared location's coordinates."""
    if data.get("place"):
        return str(data["place"])
    if data.get("latitude") is not None:
        label = services.texts.get(language, "creators.card.location")
        return f"{label} ({data['latitude']:.4f}, {data['longitude']:.4f})"
    return services.texts.get(language, "creators.none")


def disciplines_of(services: Services, language: str, data: dict[str, Any]) -> str:
    """The chosen disciplines' names."""
    chosen = data.get("disciplines") or []
    names = [services.texts.get(language, f"creators.discipline.{code}") for code in chosen]
    return ", ".join(names) or services.texts.get(language, "creators.none")


def card(services: Services, language: str, data: dict[str, Any]) -> Html:
    """A profile as HTML, every value escaped (so HTML in any field shows as text)."""
    texts = services.texts
    links = data.get("links") or []
    contact = contact_of(data)
    extra = ""
    if data.get("photos"):
        extra = texts.get(language, "creators.card.photos", count=len(data["photos"]))
    return Html(
        texts.get(
            language,
            "creators.card",
            name=data.get("name") or texts.get(language, "creators.none"),
            disciplines=disciplines_of(services, language, data),
            place=place_of(services, language, data),
            bio=data.get("bio") or texts.get(language, "creators.none"),
            links=texts.html(language, "creators.card.links", links="\n".join(links))
            if links
            else Html(""),
            contact=texts.html(language, "creators.card.contact", contact=contact)
            if contact
            else Html(""),
        )
        + extra
    )


async def send(update: Update, context: BotContext, text: str, rows: Rows | None = None) -> Message:
    """A new message in the sender's chat, with buttons."""
    chat = update.effective_chat
    assert chat is not None
    return await context.bot.send_message(
        chat.id,
        text,
        parse_mode=ParseMode.HTML,
        reply_markup=keyboard(rows or []),
        disable_web_page_preview=True,
    )


def language_of(services: Services, person: Person | None) -> str:
    """The language to write to someone else in."""
    return services.people.language(person)


# -- the guided chat ------------------------------------------------------------------------


def prompt(context: BotContext, state: DialogState) -> tuple[str, Rows]:
    """The question of the current step and its buttons."""
    data, step = state.data, state.step
    back = (context.text("creators.btn.back"), f"{PREFIX}back")
    cancel = (context.text("creators.btn.cancel"), f"{PREFIX}cancel")
    nav = [back, cancel] if step != "name" or data.get("editing") else [cancel]
    skip = (context.text("creators.btn.skip"), f"{PREFIX}skip")
    done = (context.text("creators.btn.done"), f"{PREFIX}done")
    if step == "name":
        return context.text("creators.step.name", limit=NAME_MAX), [nav]
    if step == "disciplines":
        chosen = set(data.get("disciplines") or [])
        buttons = [
            (
                ("✓ " if code in chosen else "") + context.text(f"creators.discipline.{code}"),
                f"{PREFIX}d:{code}",
            )
            for code in DISCIPLINES
        ]
        rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
        return context.text("creators.step.disciplines"), [*rows, [done], nav]
    if step == "bio":
        return context.text("creators.step.bio", limit=BIO_MAX), [nav]
    if step == "place":
        return context.text("creators.step.place"), [nav]
    if step == "links":
        return context.text("creators.step.links", limit=LINKS_MAX), [[skip], nav]
    if step == "contact":
        username = context.person.username if context.person else None
        if username:
            return context.text("creators.step.contact", username="@" + username), [[skip], nav]
        return context.text("creators.step.contact_required"), [nav]
    if step == "photos":
        count = len(data.get("photos") or [])
        return context.text("creators.step.photos", limit=PHOTOS_MAX, count=count), [[done], nav]
    if step == "consent":
        return context.text("creators.step.consent"), [
            [(context.text("creators.btn.consent_yes"), f"{PREFIX}yes")],
            [(context.text("creators.btn.consent_no"), f"{PREFIX}no")],
            nav,
        ]
    if step == SUMMARY:
        return context.text(
            "creators.step.summary", card=card(context.services, context.language, data)
        ), [
            [(context.text("creators.btn.submit"), f"{PREFIX}submit")],
            [(context.text("creators.btn.edit"), f"{PREFIX}edit")],
            [cancel],
        ]
    if step == EDIT:
        fields = [
            (context.text(f"creators.field.{field}"), f"{PREFIX}e:{field}") for field in EDITABLE
        ]
        rows = [fields[i : i + 2] for i in range(0, len(fields), 2)]
        return context.text("creators.step.edit"), [*rows, [back, cancel]]
    if step == REASON:
        key = (
            "creators.review.ask_reason"
            if data["status"] == REJECTED
            else "creators.review.ask_changes"
        )
        return context.text(key, name=data.get("name", "")), [[cancel]]
    if step == INTRO:
        return context.text("creators.intro.ask_note", name=data.get("name", ""), limit=NOTE_MAX), [
            [cancel]
        ]
    raise ValueError(f"unknown step {step!r}")


async def show(update: Update, context: BotContext, state: DialogState, hint: str = "") -> None:
    """Ask the current step's question (after a hint, when the last answer was refused)."""
    text, rows = prompt(context, state)
    await send(update, context, f"{hint}\n\n{text}" if hint else text, rows)


async def go(
    update: Update, context: BotContext, state: DialogState, step: str, **data: Any
) -> None:
    """Store the answers, move to a step and ask its question."""
    state = await context.services.dialogs.advance(state, step, **data)
    await show(update, context, state)


def after(state: DialogState) -> str:
    """The step after the current one: the summary when editing a single field."""
    if state.data.get("editing") or state.step == STEPS[-1]:
        return SUMMARY
    return STEPS[STEPS.index(state.step) + 1]


def invalid_text(context: BotContext, problem: Invalid) -> str:
    """The hint for a refused answer."""
    return context.text(
        f"creators.bad.{problem.problem.value}",
        count=problem.detail,
        limit=problem.limit,
        detail=problem.detail,
    )


@private_only
@requires_role(Role.CREATOR)
async def start_profile(update: Update, context: BotContext) -> None:
    """Continue the profile chat, start it, or show the profile with Edit and Delete."""
    assert context.person is not None and context.visit is not None
    services = context.services
    state = services.dialogs.active(context.person.id)
    if state is not None and state.feature == FEATURE and state.step not in (REASON, INTRO):
        await show(update, context, state)
        return
    profile = await services.creators.profile(context.visit.id, context.person.id)
    if profile is None:
        state = await services.dialogs.start(
            context.person.id, FEATURE, "name", visit_id=context.visit.id
        )
        await show(update, context, state)
        return
    note = ""
    if profile.review_note:
        note = context.text("creators.mine.note", note=profile.review_note)
    await send(
        update,
        context,
        context.text(
            "creators.mine",
            status=context.text(f"creators.status.{profile.status}"),
            card=card(services, context.language, profile.draft),
            note=Html(note),
        ),
        [
            [(context.text("creators.btn.edit"), f"{PREFIX}edit")],
            [(context.text("creators.btn.delete"), f"{PREFIX}del")],
        ],
    )


async def cancel(update: Update, context: BotContext) -> None:
    """End whichever creators chat is in progress; nothing is stored."""
    assert context.person is not None
    state = context.services.dialogs.active(context.person.id)
    await context.services.dialogs.end(context.person.id)
    key = "creators.cancelled"
    if state is not None and state.step == REASON:
        key = "creators.review.cancelled"
    elif state is not None and state.step == INTRO:
        key = "creators.intro.cancelled"
    await send(update, context, context.text(key))


async def cancel_command(update: Update, context: BotContext) -> None:
    """/cancel during a creators chat."""
    await cancel(update, context)
    raise ApplicationHandlerStop


async def on_message(update: Update, context: BotContext) -> None:
    """An answer in the creators chat: check it for the current step, store it, move on."""
    assert context.person is not None
    state = context.services.dialogs.active(context.person.id)
    if state is None:
        return
    message = message_of(update)
    step = state.step
    if step in ("name", "bio", REASON, INTRO):
        limit = {"name": NAME_MAX, "bio": BIO_MAX, REASON: REASON_MAX, INTRO: NOTE_MAX}[step]
        if message.text is None:
            await show(update, context, state, context.text("creators.hint.text"))
            return
        value = check_text(message.text, limit)
        if isinstance(value, Invalid):
            await show(update, context, state, invalid_text(context, value))
            return
        if step == REASON:
            await finish_review(update, context, state, value)
        elif step == INTRO:
            await finish_introduction(update, context, state, value)
        else:
            await go(update, context, state, after(state), **{step: value})
        return
    if step == "place":
        if message.location is not None:
            await go(
                update,
                context,
                state,
                after(state),
                place="",
                latitude=round(message.location.latitude, 5),
                longitude=round(message.location.longitude, 5),
            )
            return
        if message.text is None:
            await show(update, context, state, context.text("creators.hint.place"))
            return
        value = check_text(message.text, PLACE_MAX)
        if isinstance(value, Invalid):
            await show(update, context, state, invalid_text(context, value))
            return
        await go(update, context, state, after(state), place=value, latitude=None, longitude=None)
        return
    if step == "links":
        if message.text is None:
            await show(update, context, state, context.text("creators.hint.text"))
            return
        links = check_links(message.text)
        if isinstance(links, Invalid):
            await show(update, context, state, invalid_text(context, links))
            return
        await go(update, context, state, after(state), links=links)
        return
    if step == "contact":
        if message.contact is not None:
            text: str | None = message.contact.phone_number
        else:
            text = message.text
        if text is None:
            await show(update, context, state, context.text("creators.hint.text"))
            return
        found = check_contact(text)
        if isinstance(found, Invalid):
            await show(update, context, state, invalid_text(context, found))
            return
        await go(
            update,
            context,
            state,
            after(state),
            username=context.person.username,
            phone=found.get("phone"),
            email=found.get("email"),
        )
        return
    if step == "photos":
        if not message.photo:
            await show(update, context, state, context.text("creators.hint.photo"))
            return
        photos = list(state.data.get("photos") or [])
        if len(photos) >= PHOTOS_MAX:
            await show(
                update,
                context,
                state,
                context.text("creators.bad.too_many_photos", limit=PHOTOS_MAX),
            )
            return
        photos.append(message.photo[-1].file_id)
        state = await context.services.dialogs.advance(state, photos=photos)
        await show(
            update,
            context,
            state,
            context.text("creators.photo_added", count=len(photos), limit=PHOTOS_MAX),
        )
        return
    # Steps answered with buttons: disciplines, consent, summary, edit.
    await show(update, context, state, context.text("creators.hint.choice"))


def button_fits(action: list[str], step: str, state: DialogState, person: Person) -> bool:
    """Whether a chat button belongs to the current step (an old or forged one does not)."""
    verb, args = action[0], action[1:]
    if verb == "cancel":
        return not args
    if verb == "back":
        return not args and step not in (REASON, INTRO)
    wanted = {
        "d": (step == "disciplines" and len(args) == 1 and args[0] in DISCIPLINES),
        "done": step in ("disciplines", "photos") and not args,
        "skip": not args and (step == "links" or (step == "contact" and bool(person.username))),
        "yes": step == "consent" and not args,
        "no": step == "consent" and not args,
        "edit": step == SUMMARY and not args,
        "e": step == EDIT and len(args) == 1 and args[0] in EDITABLE,
        "submit": step == SUMMARY and not args and bool(state.data.get("consent")),
    }
    return wanted.get(verb, False)


async def on_dialog_button(update: Update, context: BotContext) -> None:
    """A button of the profile chat: back, cancel, skip, done, a discipline, consent, submit."""
    query = update.callback_query
    assert query is not None and context.person is not None
    services = context.services
    action = parse(query.data)
    state = services.dialogs.active(context.person.id)
    if not action or state is None or state.feature != FEATURE:
        await reply(update, context, "error.stale_button")
        return
    step, verb = state.step, action[0]
    if not button_fits(action, step, state, context.person):
        await reply(update, context, "error.stale_button")
        return
    await answer_query(query, alert=False)
    if verb == "cancel":
        await cancel(update, context)
    elif verb == "back":
        await go_back(update, context, state)
    elif verb == "d":
        chosen = list(state.data.get("disciplines") or [])
        code = action[1]
        chosen = [c for c in chosen if c != code] if code in chosen else [*chosen, code]
        state = await services.dialogs.advance(state, disciplines=chosen)
        text, rows = prompt(context, state)
        await edit_query_message(query, text, reply_markup=keyboard(rows))
    elif verb == "done" and step == "disciplines":
        if not state.data.get("disciplines"):
            await show(update, context, state, context.text("creators.bad.no_discipline"))
        else:
            await go(update, context, state, after(state))
    elif verb == "done" and step == "photos":
        await go(update, context, state, after(state), photos=state.data.get("photos") or [])
    elif verb == "skip" and step == "links":
        await go(update, context, state, after(state), links=[])
    elif verb == "skip" and step == "contact":
        await go(
            update,
            context,
            state,
            after(state),
            username=context.person.username,
            phone=None,
            email=None,
        )
    elif verb == "yes":
        await go(update, context, state, SUMMARY, consent=True)
    elif verb == "no":
        await show(update, context, state, context.text("creators.no_consent"))
    elif verb == "edit":
        await go(update, context, state, EDIT)
    elif verb == "e":
        if action[1] == "photos":
            # New photos replace the old ones; Back brings the old ones back.
            photos = state.data.get("photos") or []
            await go(update, context, state, "photos", editing=True, photos=[], kept=photos)
        else:
            await go(update, context, state, action[1], editing=True)
    elif verb == "submit":
        await submit(update, context, state)


async def go_back(update: Update, context: BotContext, state: DialogState) -> None:
    """One step back; to the summary when editing; the first step's Back cancels."""
    if state.step == "photos" and state.data.get("editing"):
        await go(update, context, state, SUMMARY, editing=False, photos=state.data.get("kept"))
    elif state.step == EDIT or state.data.get("editing"):
        await go(update, context, state, SUMMARY, editing=False)
    elif state.step in STEPS and state.step != STEPS[0]:
        await go(update, context, state, STEPS[STEPS.index(state.step) - 1])
    elif state.step == SUMMARY:
        await go(update, context, state, STEPS[-1])
    else:
        await cancel(update, context)


async def submit(update: Update, context: BotContext, state: DialogState) -> None:
    """Store the profile; tell the organisers when it needs their review."""
    assert context.person is not None
    services = context.services
    visit_id = int(state.data["visit_id"])
    before = await services.creators.profile(visit_id, context.person.id)
    submitted = await services.creators.submit(visit_id, context.person.id, state.data)
    await services.dialogs.end(context.person.id)
    if submitted.outcome is SubmitOutcome.UPDATED:
        await send(update, context, context.text("creators.submitted.updated"))
        return
    kept = before is not None and before.approved is not None
    await send(
        update,
        context,
        context.text("creators.submitted.review_kept" if kept else "creators.submitted.review"),
    )
    await services.outbox.enqueue(
        await review_deliveries(services, submitted.profile, context.person, edited=kept)
    )


async def review_deliveries(
    services: Services, profile: CreatorProfile, sender: Person, edited: bool
) -> list[Delivery]:
    """The photos and the card with Approve / Reject / Ask for changes, for each organiser."""
    deliveries = []
    data = profile.draft
    photos = data.get("photos") or []
    for organiser in await services.people.reachable_organisers(profile.visit_id):
        language = language_of(services, organiser)
        texts = services.texts
        key = f"cr:review:{profile.id}:{profile.revision}:{organiser.id}"
        for number_, photo in enumerate(photos, start=1):
            caption = texts.get(
                language,
                "creators.review.photo",
                name=data.get("name", ""),
                number=number_,
                total=len(photos),
            )
            deliveries.append(
                Delivery(
                    chat_id=organiser.id,
                    message=OutgoingMessage(caption, photo=photo),
                    kind="review",
                    visit_id=profile.visit_id,
                    dedupe_key=f"{key}:photo{number_}",
                )
            )
        suffix = f"{profile.id}:{profile.revision}"
        text = texts.get(
            language,
            "creators.review.edited" if edited else "creators.review.new",
            sender=sender.full_name,
            card=card(services, language, data),
        )
        buttons = (
            (Button(texts.get(language, "creators.btn.approve"), f"{PREFIX}ap:{suffix}"),),
            (Button(texts.get(language, "creators.btn.reject"), f"{PREFIX}rj:{suffix}"),),
            (Button(texts.get(language, "creators.btn.changes"), f"{PREFIX}ch:{suffix}"),),
        )
        deliveries.append(
            Delivery(
                chat_id=organiser.id,
                message=OutgoingMessage(text, buttons),
                kind="review",
                visit_id=profile.visit_id,
                dedupe_key=f"{key}:card",
            )
        )
    return deliveries


# -- review by organisers -------------------------------------------------------------------


@organiser_only
async def review_button(update: Update, context: BotContext) -> None:
    """Approve at once; for Reject and Ask for changes, ask the organiser for the message."""
    query = update.callback_query
    assert query is not None and context.person is not None
    action = parse(query.data)
    if len(action) != 3 or action[0] not in REVIEW_ACTIONS:
        await reply(update, context, "error.stale_button")
        return
    profile_id, revision = number(action[1]), number(action[2])
    services = context.services
    profile = None if profile_id is None else await services.creators.store.get(profile_id)
    if profile is None or revision is None:
        await reply(update, context, "error.stale_button")
        return
    if profile.revision != revision or profile.status != PENDING:
        await reply(update, context, "creators.review.already")
        return
    status = REVIEW_ACTIONS[action[0]]
    if status == APPROVED:
        reviewed = await services.creators.review(profile.id, revision, APPROVED, context.person.id)
        if reviewed is None:
            await reply(update, context, "creators.review.already")
            return
        await answer_query(query, alert=False)
        await close_review(update, context, reviewed, None)
        return
    await answer_query(query, alert=False)
    state = await services.dialogs.start(
        context.person.id,
        FEATURE,
        REASON,
        profile_id=profile.id,
        revision=revision,
        status=status,
        name=profile.draft.get("name", ""),
        message_id=query.message.message_id if query.message else None,
    )
    await show(update, context, state)


async def finish_review(update: Update, context: BotContext, state: DialogState, note: str) -> None:
    """The organiser's reason or requested changes: record the decision and tell the creator."""
    assert context.person is not None
    services = context.services
    await services.dialogs.end(context.person.id)
    # The role is checked again: the chat may have started before the person lost it.
    if access.check(context.role, access.ORGANISERS) is not None:
        await reply(update, context, "error.not_allowed", roles=context.text("role.organiser"))
        return
    reviewed = await services.creators.review(
        int(state.data["profile_id"]),
        int(state.data["revision"]),
        str(state.data["status"]),
        context.person.id,
        note,
    )
    if reviewed is None:
        await reply(update, context, "creators.review.already")
        return
    chat = update.effective_chat
    if state.data.get("message_id") and chat is not None:
        # The card the organiser pressed loses its buttons, as after Approve.
        with contextlib.suppress(TelegramError):
            await context.bot.edit_message_reply_markup(
                chat.id, int(state.data["message_id"]), reply_markup=None
            )
    await close_review(update, context, reviewed, note)


async def close_review(
    update: Update, context: BotContext, profile: CreatorProfile, note: str | None
) -> None:
    """Say the decision to the organiser and, in their own language, to the creator."""
    assert context.person is not None
    services = context.services
    name = profile.draft.get("name", "")
    done = context.text(
        f"creators.review.done.{profile.status}",
        name=name,
        reviewer=context.person.full_name,
        note=note or "",
    )
    query = update.callback_query
    if query is not None and query.message is not None and isinstance(query.message, Message):
        original = query.message.text_html or ""
        await edit_query_message(query, f"{original}\n\n{done}", reply_markup=None)
    else:
        await send(update, context, done)
    creator = await services.people.store.get(profile.person_id)
    language = language_of(services, creator)
    await services.outbox.enqueue(
        [
            Delivery(
                chat_id=profile.person_id,
                message=OutgoingMessage(
                    services.texts.get(
                        language, f"creators.outcome.{profile.status}", note=note or ""
                    )
                ),
                kind="review",
                visit_id=profile.visit_id,
                dedupe_key=f"cr:outcome:{profile.id}:{profile.revision}",
            )
        ]
    )


# -- deleting one's profile -----------------------------------------------------------------


@requires_role(Role.CREATOR)
async def profile_button(update: Update, context: BotContext) -> None:
    """Edit or Delete under the creator's profile, and the delete confirmation."""
    query = update.callback_query
    assert query is not None and context.person is not None and context.visit is not None
    services = context.services
    action = parse(query.data)
    profile = await services.creators.profile(context.visit.id, context.person.id)
    if profile is None:
        await reply(update, context, "error.stale_button")
        return
    await answer_query(query, alert=False)
    if action == ["edit"]:
        data = {**profile.draft, "visit_id": context.visit.id, "consent": True}
        state = await services.dialogs.start(context.person.id, FEATURE, EDIT, **data)
        await show(update, context, state)
    elif action == ["del"]:
        await send(
            update,
            context,
            context.text("creators.delete_confirm"),
            [
                [(context.text("creators.btn.delete_yes"), f"{PREFIX}del:y")],
                [(context.text("creators.btn.keep"), f"{PREFIX}del:n")],
            ],
        )
    elif action == ["del", "y"]:
        await services.creators.delete(profile)
        await edit_query_message(query, context.text("creators.deleted"))
    elif action == ["del", "n"]:
        await edit_query_message(query, context.text("creators.kept"))


DIALOG_VERBS = frozenset(
    {"cancel", "back", "d", "done", "skip", "yes", "no", "edit", "e", "submit"}
)


async def creator_buttons(update: Update, context: BotContext) -> None:
    """Buttons of a creators chat in progress, else those under the creator's profile."""
    assert context.person is not None
    state = context.services.dialogs.active(context.person.id)
    action = parse(update.callback_query.data if update.callback_query else None)
    if state is not None and state.feature == FEATURE and action and action[0] in DIALOG_VERBS:
        await on_dialog_button(update, context)
        return
    await profile_button(update, context)


# -- the directory --------------------------------------------------------------------------


@private_only
@requires_role(*READERS)
async def directory(update: Update, context: BotContext) -> None:
    """/creators [WORDS]: discipline buttons, or the first page of matching profiles."""
    words = " ".join(context.args or [])[:200]
    if not words.strip():
        buttons = [
            (context.text(f"creators.discipline.{code}"), f"{PREFIX}f:{code}")
            for code in DISCIPLINES
        ]
        rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
        rows.append([(context.text("creators.btn.all"), f"{PREFIX}f:-")])
        await send(update, context, context.text("creators.dir.choose"), rows)
        return
    text, rows = await results(context, words, None, 0)
    await send(update, context, text, rows)


async def results(
    context: BotContext, words: str, discipline: str | None, page: int
) -> tuple[str, Rows]:
    """One page of the directory, with a button per profile and paging."""
    assert context.visit is not None
    services = context.services
    found = await services.creators.search(context.visit.id, words, discipline, page)
    what = ", ".join(
        part
        for part in (
            words.strip(),
            context.text(f"creators.discipline.{discipline}") if discipline else "",
        )
        if part
    ) or context.text("creators.dir.everything")
    if not found.profiles:
        return context.text("creators.dir.none", what=what), []
    pages = max(1, -(-found.total // PAGE_SIZE))
    lines, rows = [], []
    for index, profile in enumerate(found.profiles, start=page * PAGE_SIZE + 1):
        data = profile.approved or {}
        lines.append(
            context.text(
                "creators.dir.line",
                number=index,
                name=data.get("name", ""),
                disciplines=disciplines_of(services, context.language, data),
                place=place_of(services, context.language, data),
            )
        )
        rows.append([(f"{index}. {data.get('name', '')}"[:60], f"{PREFIX}v:{profile.id}")])
    paging = []
    if page > 0:
        paging.append((context.text("creators.btn.prev"), page_data(page - 1, discipline, words)))
    if page + 1 < pages:
        paging.append((context.text("creators.btn.next"), page_data(page + 1, discipline, words)))
    if paging:
        rows.append(paging)
    text = context.text(
        "creators.dir.results",
        total=found.total,
        what=what,
        page=page + 1,
        pages=pages,
        lines=Html("\n".join(lines)),
    )
    return text, rows


@requires_role(*READERS)
async def directory_button(update: Update, context: BotContext) -> None:
    """A discipline, a page, a profile's card, or Request an introduction."""
    query = update.callback_query
    assert query is not None and context.visit is not None and context.person is not None
    services = context.services
    action = parse(query.data)
    verb = action[0] if action else ""
    if verb == "f" and len(action) == 2 and (action[1] in DISCIPLINES or action[1] == "-"):
        await answer_query(query, alert=False)
        discipline = None if action[1] == "-" else action[1]
        text, rows = await results(context, "", discipline, 0)
        await edit_query_message(query, text, reply_markup=keyboard(rows))
        return
    if verb == "p" and len(action) >= 4 and number(action[1]) is not None:
        discipline = action[2] if action[2] in DISCIPLINES else None
        words = ":".join(action[3:])
        await answer_query(query, alert=False)
        text, rows = await results(context, words, discipline, int(action[1]))
        await edit_query_message(query, text, reply_markup=keyboard(rows))
        return
    profile_id = number(action[1]) if len(action) == 2 else None
    profile = None if profile_id is None else await services.creators.store.get(profile_id)
    if verb not in ("v", "i") or profile is None:
        await reply(update, context, "error.stale_button")
        return
    if profile.approved is None or profile.visit_id != context.visit.id:
        await reply(update, context, "creators.dir.gone")
        return
    data = profile.approved
    if verb == "v":
        await answer_query(query, alert=False)
        chat = update.effective_chat
        assert chat is not None
        if data.get("photos"):
            await context.bot.send_photo(
                chat.id, data["photos"][0], caption=i18n.escape(data.get("name", "")[:100])
            )
        rows = []
        if profile.person_id != context.person.id:
            rows = [[(context.text("creators.btn.intro"), f"{PREFIX}i:{profile.id}")]]
        await send(update, context, card(services, context.language, data), rows)
        return
    if profile.person_id == context.person.id:
        await reply(update, context, "creators.intro.own")
        return
    await answer_query(query, alert=False)
    state = await services.dialogs.start(
        context.person.id, FEATURE, INTRO, profile_id=profile.id, name=data.get("name", "")
    )
    await show(update, context, state)


# -- introductions --------------------------------------------------------------------------


async def finish_introduction(
    update: Update, context: BotContext, state: DialogState, note: str
) -> None:
    """Record the request and send it to the creator with Accept and Decline."""
    assert context.person is not None and context.visit is not None
    services = context.services
    await services.dialogs.end(context.person.id)
    profile = await services.creators.store.get(int(state.data["profile_id"]))
    if profile is None or profile.approved is None or context.role not in READERS:
        await reply(update, context, "creators.dir.gone")
        return
    name = profile.approved.get("name", "")
    introduction_id = await services.creators.ask_introduction(profile, context.person.id, note)
    if introduction_id is None:
        await reply(update, context, "creators.intro.already", name=name)
        return
    creator = await services.people.store.get(profile.person_id)
    language = language_of(services, creator)
    texts = services.texts
    request = texts.get(
        language,
        "creators.intro.request",
        asker=context.person.full_name,
        role=texts.get(
            language, f"role.one.{context.role.value if context.role else 'participant'}"
        ),
        visit=context.visit.title,
        note=note,
    )
    await services.outbox.enqueue(
        [
            Delivery(
                chat_id=profile.person_id,
                message=OutgoingMessage(
                    request,
                    (
                        (
                            Button(
                                texts.get(language, "creators.btn.accept"),
                                f"{PREFIX}ia:{introduction_id}",
                            ),
                            Button(
                                texts.get(language, "creators.btn.decline"),
                                f"{PREFIX}id:{introduction_id}",
                            ),
                        ),
                    ),
                ),
                kind="introduction",
                visit_id=profile.visit_id,
                dedupe_key=f"cr:intro:{introduction_id}",
            )
        ]
    )
    await reply(update, context, "creators.intro.sent", name=name)


def person_contact(person: Person) -> str:
    """How to reach someone on Telegram: their @username, else their name and id link."""
    if person.username:
        return "@" + person.username
    return f"{person.full_name} (tg://user?id={person.id})"


async def introduction_answer(update: Update, context: BotContext) -> None:
    """The creator accepts (both get each other's contact) or declines (asker told politely)."""
    query = update.callback_query
    assert query is not None and context.person is not None
    services = context.services
    action = parse(query.data)
    introduction_id = number(action[1]) if len(action) == 2 else None
    introduction = (
        None
        if introduction_id is None
        else await services.creators.store.introduction(introduction_id)
    )
    if introduction is None or introduction.creator_id != context.person.id:
        await reply(update, context, "error.stale_button")
        return
    accept = action[0] == "ia"
    if not await services.creators.answer_introduction(introduction, context.person.id, accept):
        await reply(update, context, "creators.intro.answered")
        return
    await answer_query(query, alert=False)
    profile = await services.creators.store.get(introduction.profile_id)
    asker = (
        None
        if introduction.asker_id is None
        else await services.people.store.get(introduction.asker_id)
    )
    assert profile is not None
    data = profile.approved or profile.draft
    original = query.message.text_html if isinstance(query.message, Message) else ""
    if asker is None:
        await edit_query_message(query, f"{original}\n\n{context.text('creators.intro.answered')}")
        return
    language = language_of(services, asker)
    texts = services.texts
    if accept:
        told = texts.get(
            language,
            "creators.intro.accepted_asker",
            name=data.get("name", ""),
            contact=contact_of(data) or texts.get(language, "creators.intro.no_contact"),
        )
        mine = context.text(
            "creators.intro.accepted_creator", asker=asker.full_name, contact=person_contact(asker)
        )
    else:
        told = texts.get(language, "creators.intro.declined_asker", name=data.get("name", ""))
        mine = context.text("creators.intro.declined_creator")
    await services.outbox.enqueue(
        [
            Delivery(
                chat_id=asker.id,
                message=OutgoingMessage(told),
                kind="introduction",
                visit_id=introduction.visit_id,
                dedupe_key=f"cr:intro:{introduction.id}:answer",
            )
        ]
    )
    await edit_query_message(query, f"{original}\n\n{mine}", reply_markup=None)


@private_only
@organiser_only
async def list_introductions(update: Update, context: BotContext) -> None:
    """/introductions: the visit's latest requests and how they were answered."""
    assert context.visit is not None
    services = context.services
    introductions = await services.creators.store.introductions(context.visit.id)
    if not introductions:
        await reply(update, context, "creators.intro.list.empty")
        return
    lines = [context.text("creators.intro.list.title", count=len(introductions))]
    zone = zone_of(context.visit)
    for introduction in introductions:
        asker = None
        if introduction.asker_id is not None:
            asker = await services.people.store.get(introduction.asker_id)
        profile = await services.creators.store.get(introduction.profile_id)
        creator = "" if profile is None else (profile.approved or profile.draft).get("name", "")
        lines.append(
            context.text(
                "creators.intro.list.line",
                when=i18n.when(introduction.created_at, context.language, zone),
                asker=asker.full_name if asker else context.text("creators.intro.forgotten"),
                creator=creator,
                status=context.text(f"creators.intro.status.{introduction.status}"),
            )
        )
    await message_of(update).reply_html(i18n.fit("\n".join(lines)))


# -- export and poster ----------------------------------------------------------------------


@private_only
@organiser_only
async def export_creators(update: Update, context: BotContext) -> None:
    """/export creators: a CSV of the approved profiles."""
    assert context.visit is not None
    services = context.services
    profiles = await services.creators.store.approved(context.visit.id)
    if not profiles:
        await reply(update, context, "creators.export.empty")
        return
    await message_of(update).reply_document(
        InputFile(creators_csv(profiles), filename="creators.csv"),
        caption=context.text("creators.export.caption", count=len(profiles)),
    )


@organiser_only
async def poster(update: Update, context: BotContext) -> None:
    """/poster [HUB]: a creator invite as a QR code to print for a creative hub."""
    assert context.visit is not None and context.person is not None
    label = " ".join(context.args or [])[:100] or None
    invite = await context.services.invites.create(
        context.visit.id, InviteRequest(Role.CREATOR, label=label), context.person.id
    )
    link = start_link(context.bot.username, Invites.payload(invite))
    message = message_of(update)
    await message.reply_photo(
        qr_png(link),
        caption=context.text(
            "creators.poster.caption",
            visit=context.visit.title,
            label=Html(f"\n<i>{i18n.escape(label)}</i>" if label else ""),
        ),
    )
    await reply(update, context, "creators.poster.link", link=link)


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Wire the creators commands, the profile chat, review, directory and introductions."""
    services: Services = application.bot_data["services"]
    services.menu.add("profile", CREATORS, order=40)
    services.menu.add("creators", frozenset(READERS), order=41)
    services.menu.add("introductions", ORGANISERS, order=80)
    services.menu.add("export", ORGANISERS, description_key="creators.cmd.export", order=81)
    services.menu.add("poster", ORGANISERS, description_key="creators.cmd.poster", order=82)
    services.privacy.add_eraser(FEATURE, services.creators.forget)
    in_chat = InDialog(application, FEATURE) & filters.ChatType.PRIVATE
    application.add_handler(
        CommandHandler("cancel", cancel_command, filters=in_chat), group=DIALOG_GROUP
    )
    application.add_handler(dialog_handler(application, FEATURE, on_message), group=DIALOG_GROUP)
    application.add_handler(CommandHandler("profile", start_profile))
    application.add_handler(CommandHandler("creators", directory))
    application.add_handler(CommandHandler("introductions", list_introductions))
    application.add_handler(
        CommandHandler(
            "export",
            export_creators,
            filters=filters.Regex(r"^/export(@\w+)?\s+creators?\s*$"),
        )
    )
    application.add_handler(CommandHandler("poster", poster))
    application.add_handler(CallbackQueryHandler(review_button, pattern=r"^cr:(ap|rj|ch):"))
    application.add_handler(CallbackQueryHandler(introduction_answer, pattern=r"^cr:(ia|id):"))
    application.add_handler(CallbackQueryHandler(directory_button, pattern=r"^cr:(f|p|v|i):"))
    application.add_handler(CallbackQueryHandler(creator_buttons, pattern=r"^cr:"))
