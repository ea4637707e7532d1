"""/profile, /creators, introductions, review, /introductions, /export creators and /poster.

A creator fills their profile in a guided chat whose state lives in the `dialogs` table, so a
restart continues at the same step; organisers review submissions sent through the outbox.
The rules live in `bot.creators`, the texts and buttons in `bot.creator_cards`.
"""

from __future__ import annotations

import contextlib
from typing import Any

from telegram import Message, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CommandHandler,
)

from bot import access, i18n
from bot.access import button
from bot.consents import CREATOR_PROFILE
from bot.context import BotContext
from bot.creator_cards import CreatorCards, Rows, cover_photo, review_deliveries
from bot.creators import (
    APPROVED,
    EDIT,
    FEATURE,
    INTRO,
    PENDING,
    REASON,
    Answer,
    Cancel,
    Hint,
    Move,
    Note,
    Submit,
    SubmitOutcome,
    Turn,
    creators_table,
    is_chat_button,
    is_profile_chat,
    listed_introductions,
    page_request,
    parse,
    press,
    review_press,
    single_id,
    take_answer,
)
from bot.invites import InviteRequest, Invites, qr_png, start_link
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
    organiser_only,
    private_only,
    reply,
    requires_role,
)
from handlers.exports import add_export, send_export
from storage.creators import CreatorProfile
from storage.dialogs import DialogState
from storage.people import Person
from storage.roles import Role

ORGANISERS = frozenset({Role.ORGANISER})
CREATORS = frozenset({Role.CREATOR})
READERS = (Role.PARTICIPANT, Role.PARTNER, Role.ORGANISER)


def cards(context: BotContext) -> CreatorCards:
    """The creators texts in the sender's language."""
    return CreatorCards(context.services.texts, context.language)


def cards_for(services: Services, person: Person | None) -> CreatorCards:
    """The creators texts in the language of someone else."""
    return CreatorCards(services.texts, services.people.language(person))


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


# -- the guided chat ------------------------------------------------------------------------


def prompt(context: BotContext, state: DialogState) -> tuple[str, Rows]:
    """The question of the current step and its buttons."""
    username = context.person.username if context.person else None
    return cards(context).prompt(state, username)


async def show(update: Update, context: BotContext, state: DialogState, hint: str = "") -> None:
    """Ask the current step's question (after a hint, when the last answer was refused)."""
    text, rows = prompt(context, state)
    await send(update, context, f"{hint}\n\n{text}" if hint else text, rows)


def hint_text(context: BotContext, hint: Hint | None) -> str:
    """A hint in the sender's language ("" for none)."""
    return "" if hint is None else context.text(hint.key, **hint.values)


async def follow(update: Update, context: BotContext, state: DialogState, turn: Turn) -> None:
    """Carry out what an answer or a button of the chat led to."""
    if isinstance(turn, Hint):
        await show(update, context, state, hint_text(context, turn))
    elif isinstance(turn, Cancel):
        await cancel(update, context)
    elif isinstance(turn, Submit):
        await submit(update, context, state)
    elif isinstance(turn, Note):
        finish = finish_review if state.step == REASON else finish_introduction
        await finish(update, context, state, turn.text)
    elif isinstance(turn, Move):
        state = await context.services.dialogs.advance(state, turn.step, **turn.data)
        if turn.in_place and update.callback_query is not None:
            text, rows = prompt(context, state)
            await edit_query_message(update.callback_query, text, reply_markup=keyboard(rows))
        else:
            await show(update, context, state, hint_text(context, turn.hint))


@private_only
@requires_role(Role.CREATOR)
async def start_profile(update: Update, context: BotContext) -> None:
    """Continue the profile chat, start it, or show the profile with Edit and Delete."""
    assert context.person is not None and context.visit is not None
    services = context.services
    state = services.dialogs.active(context.person.id)
    if is_profile_chat(state):
        await show(update, context, state)
        return
    profile = await services.creators.profile(context.visit.id, context.person.id)
    if profile is None:
        state = await services.dialogs.start(
            context.person.id, FEATURE, "name", visit_id=context.visit.id
        )
        await show(update, context, state)
        return
    text, rows = cards(context).own_profile(profile)
    await send(update, context, text, rows)


async def cancel(update: Update, context: BotContext) -> None:
    """End whichever creators chat is in progress; nothing is stored."""
    assert context.person is not None
    state = context.services.dialogs.active(context.person.id)
    await context.services.dialogs.end(context.person.id)
    await send(update, context, cards(context).cancelled(state))


def answer_of(message: Message) -> Answer:
    """What a message carries for the chat: text, a location, a contact's phone or a photo."""
    location = message.location
    return Answer(
        text=message.text,
        location=None if location is None else (location.latitude, location.longitude),
        phone=None if message.contact is None else message.contact.phone_number,
        photo=message.photo[-1].file_id if message.photo else None,
    )


async def on_message(update: Update, context: BotContext) -> None:
    """An answer in the creators chat: check it for the current step, store it, move on."""
    assert context.person is not None
    state = context.services.dialogs.active(context.person.id)
    if state is None:
        return
    answer = answer_of(message_of(update))
    await follow(update, context, state, take_answer(state, answer, context.person.username))


async def on_dialog_button(update: Update, context: BotContext) -> None:
    """A button of the profile chat: back, cancel, skip, done, a discipline, consent, submit."""
    query = update.callback_query
    assert query is not None and context.person is not None
    state = context.services.dialogs.active(context.person.id)
    turn = press(state, parse(query.data), context.person.username)
    if state is None or turn is None:
        await reply(update, context, "error.stale_button")
        return
    await answer_query(query, alert=False)
    await follow(update, context, state, turn)


async def submit(update: Update, context: BotContext, state: DialogState) -> None:
    """Store the profile; tell the organisers when it needs their review."""
    assert context.person is not None
    services = context.services
    visit_id = int(state.data["visit_id"])
    submitted = await services.creators.submit(visit_id, context.person.id, state.data)
    # Submitting needs the consent step's Yes: recorded with the text's key and version.
    await services.consents.give(context.person.id, visit_id, CREATOR_PROFILE, context.language)
    await services.dialogs.end(context.person.id)
    if submitted.outcome is SubmitOutcome.UPDATED:
        await send(update, context, context.text("creators.submitted.updated"))
        return
    kept = submitted.approved_kept
    key = "creators.submitted.review_kept" if kept else "creators.submitted.review"
    await send(update, context, context.text(key))
    await services.outbox.enqueue(
        await review_deliveries(
            services.texts, services.people, submitted.profile, context.person, edited=kept
        )
    )


# -- review by organisers -------------------------------------------------------------------


@organiser_only
async def review_button(update: Update, context: BotContext) -> None:
    """Approve at once; for Reject and Ask for changes, ask the organiser for the message."""
    query = update.callback_query
    assert query is not None and context.person is not None
    services = context.services
    pressed = review_press(parse(query.data))
    profile = None if pressed is None else await services.creators.store.get(pressed.profile_id)
    if pressed is None or profile is None:
        await reply(update, context, "error.stale_button")
        return
    if profile.revision != pressed.revision or profile.status != PENDING:
        await reply(update, context, "creators.review.already")
        return
    if pressed.status == APPROVED:
        reviewed = await services.creators.review(
            profile.id, pressed.revision, APPROVED, context.person.id
        )
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
        revision=pressed.revision,
        status=pressed.status,
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
    done = cards(context).review_done(profile, context.person.full_name, note)
    query = update.callback_query
    if query is not None and query.message is not None and isinstance(query.message, Message):
        original = query.message.text_html or ""
        await edit_query_message(query, f"{original}\n\n{done}", reply_markup=None)
    else:
        await send(update, context, done)
    creator = await services.people.store.get(profile.person_id)
    await services.outbox.enqueue([cards_for(services, creator).review_outcome(profile, note)])


# -- the creator's own profile: edit and delete ---------------------------------------------


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
        text, rows = cards(context).delete_confirmation()
        await send(update, context, text, rows)
    elif action == ["del", "y"]:
        await services.creators.delete(profile)
        await edit_query_message(query, context.text("creators.deleted"))
    elif action == ["del", "n"]:
        await edit_query_message(query, context.text("creators.kept"))


async def creator_buttons(update: Update, context: BotContext) -> None:
    """Buttons of a creators chat in progress, else those under the creator's profile."""
    assert context.person is not None
    state = context.services.dialogs.active(context.person.id)
    action = parse(update.callback_query.data if update.callback_query else None)
    if is_chat_button(state, action):
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
        text, rows = cards(context).directory_choice()
    else:
        text, rows = await results(context, words, None, 0)
    await send(update, context, text, rows)


async def results(
    context: BotContext, words: str, discipline: str | None, page: int
) -> tuple[str, Rows]:
    """One page of the directory, with a button per profile and paging."""
    assert context.visit is not None
    found = await context.services.creators.search(context.visit.id, words, discipline, page)
    return cards(context).directory_page(found, words, discipline, page)


@requires_role(*READERS)
async def directory_button(update: Update, context: BotContext) -> None:
    """A discipline, a page, a profile's card, or Request an introduction."""
    query = update.callback_query
    assert query is not None and context.visit is not None and context.person is not None
    services = context.services
    action = parse(query.data)
    wanted = page_request(action)
    if wanted is not None:
        await answer_query(query, alert=False)
        text, rows = await results(context, wanted.words, wanted.discipline, wanted.page)
        await edit_query_message(query, text, reply_markup=keyboard(rows))
        return
    verb = action[0] if action else ""
    profile_id = single_id(action)
    profile = None if profile_id is None else await services.creators.store.get(profile_id)
    if verb not in ("v", "i") or profile is None:
        await reply(update, context, "error.stale_button")
        return
    if profile.approved is None or profile.visit_id != context.visit.id:
        await reply(update, context, "creators.dir.gone")
        return
    if verb == "v":
        await answer_query(query, alert=False)
        chat = update.effective_chat
        assert chat is not None
        cover = cover_photo(profile.approved)
        if cover is not None:
            await context.bot.send_photo(chat.id, cover[0], caption=cover[1])
        text, rows = cards(context).profile_view(profile, context.person.id)
        await send(update, context, text, rows)
        return
    if profile.person_id == context.person.id:
        await reply(update, context, "creators.intro.own")
        return
    await answer_query(query, alert=False)
    state = await services.dialogs.start(
        context.person.id,
        FEATURE,
        INTRO,
        profile_id=profile.id,
        name=profile.approved.get("name", ""),
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
    request = cards_for(services, creator).introduction_request(
        introduction_id,
        profile,
        asker=context.person.full_name,
        role=context.role,
        visit=context.visit.title,
        note=note,
    )
    await services.outbox.enqueue([request])
    await reply(update, context, "creators.intro.sent", name=name)


async def introduction_answer(update: Update, context: BotContext) -> None:
    """The creator accepts (both get each other's contact) or declines (asker told politely)."""
    query = update.callback_query
    assert query is not None and context.person is not None
    services = context.services
    action = parse(query.data)
    introduction_id = single_id(action)
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
    original = query.message.text_html if isinstance(query.message, Message) else ""
    if asker is None:
        await edit_query_message(query, f"{original}\n\n{context.text('creators.intro.answered')}")
        return
    told = cards_for(services, asker).introduction_answer(
        introduction, asker.id, profile.approved or profile.draft, accept
    )
    await services.outbox.enqueue([told])
    mine = cards(context).introduction_answered(asker, accept)
    await edit_query_message(query, f"{original}\n\n{mine}", reply_markup=None)


@private_only
@organiser_only
async def list_introductions(update: Update, context: BotContext) -> None:
    """/introductions: the visit's latest requests and how they were answered."""
    assert context.visit is not None
    services = context.services
    listed = await listed_introductions(services.creators, services.people.store, context.visit.id)
    if not listed:
        await reply(update, context, "creators.intro.list.empty")
        return
    text = cards(context).introduction_list(listed, zone_of(context.visit))
    await message_of(update).reply_html(i18n.fit(text))


# -- export and poster ----------------------------------------------------------------------


@private_only
@organiser_only
async def export_creators(update: Update, context: BotContext) -> None:
    """/export creators [xlsx]: the approved profiles, as CSV or Excel."""
    assert context.visit is not None
    services = context.services
    profiles = await services.creators.store.approved(context.visit.id)
    if not profiles:
        await reply(update, context, "creators.export.empty")
        return
    await send_export(
        update,
        context,
        creators_table(profiles, zone_of(context.visit)),
        "creators",
        context.text("creators.export.caption", count=len(profiles)),
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
    caption = cards(context).poster_caption(context.visit.title, label)
    await message_of(update).reply_photo(qr_png(link), caption=caption)
    await reply(update, context, "creators.poster.link", link=link)


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Wire the creators commands, the profile chat, review, directory and introductions."""
    services: Services = application.bot_data["services"]
    services.menu.add("profile", CREATORS, order=40)
    services.menu.add("creators", frozenset(READERS), order=41)
    services.menu.add("introductions", ORGANISERS, order=80)
    services.menu.add("poster", ORGANISERS, description_key="creators.cmd.poster", order=82)
    services.privacy.add_eraser(FEATURE, services.creators.forget)
    application.add_handler(
        dialog_handler(application, FEATURE, on_message, on_cancel=cancel), group=DIALOG_GROUP
    )
    application.add_handler(CommandHandler("profile", start_profile))
    application.add_handler(CommandHandler("creators", directory))
    application.add_handler(CommandHandler("introductions", list_introductions))
    add_export(
        application,
        "creators",
        export_creators,
        label_key="export.creators",
        words=("creator", "kreator"),
    )
    application.add_handler(CommandHandler("poster", poster))
    add_buttons(
        application,
        review_button,
        button("cr:{verb:ap|rj|ch}:{profile}:{revision:int}", ORGANISERS),
    )
    add_buttons(
        application, introduction_answer, button("cr:{verb:ia|id}:{introduction}", CREATORS)
    )
    add_buttons(
        application,
        directory_button,
        button("cr:f:{discipline:word}", READERS),
        button("cr:p:{page:int}:{discipline:word}:{words:text}", READERS),
        button("cr:{verb:v|i}:{profile}", READERS),
    )
    add_buttons(
        application,
        creator_buttons,
        # Organisers' reasons and readers' introduction notes are creators chats too.
        button("cr:cancel", access.MEMBERS, dialog=True),
        button("cr:{verb:back|done|skip|yes|no|submit|edit}", CREATORS, dialog=True),
        button("cr:{verb:d|e}:{choice:word}", CREATORS, dialog=True),
        button("cr:del", CREATORS),
        button("cr:del:{choice:y|n}", CREATORS),
    )
