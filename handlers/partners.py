"""/partners, /partner and /organisation: the partner directory and who speaks for whom."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import Application, CommandHandler

from bot import i18n
from bot.access import button
from bot.context import BotContext
from bot.invites import InviteRequest, qr_png, start_link
from bot.outbox import Button, Delivery, OutgoingMessage
from bot.partners import (
    PARTNER_INVITE_PREFIX,
    PartnerFormError,
    ask_button_data,
    invite_label,
    parse_partner_line,
)
from bot.visits import zone_of
from handlers.common import (
    DIALOG_GROUP,
    add_buttons,
    answer_query,
    dialog_handler,
    edit_query_message,
    inline_button,
    message_of,
    organiser_only,
    organiser_step,
    reply,
    requires_role,
)
from handlers.start import join_with_invite
from storage.partners import Partner
from storage.roles import Role

FEATURE = "partners"
ASKERS = frozenset({Role.PARTICIPANT, Role.ORGANISER, Role.CREATOR})
CHOOSE_PREFIX = "qa:org:"


async def partner_card(context: BotContext, partner: Partner) -> str:
    """A partner's card: who they are, how to reach them, and their sessions."""
    assert context.visit is not None
    fields = partner.fields
    zone = zone_of(context.visit)
    lines = [context.text("pt.card.name", name=partner.name)]
    details = " · ".join(value for value in (fields.country, fields.sector) if value)
    if details:
        lines.append(context.text("pt.card.details", details=details))
    description = fields.description(context.language)
    if description:
        lines.append(context.text("pt.card.description", description=description))
    if fields.website:
        lines.append(context.text("pt.card.website", website=fields.website))
    if fields.contact:
        lines.append(context.text("pt.card.contact", contact=fields.contact))
    sessions = await context.services.partners.sessions_of(partner)
    if sessions:
        lines.append(context.text("pt.card.sessions"))
        for session in sessions:
            lines.append(
                context.text(
                    "pt.card.session",
                    title=session.title(context.language),
                    when=i18n.when(session.starts_at, context.language, zone),
                )
            )
    return "\n".join(lines)


@requires_role(*Role)
async def list_partners(update: Update, context: BotContext) -> None:
    """/partners: a card for each partner, with **Ask a question** for those who can ask."""
    assert context.visit is not None
    partners = await context.services.partners.of_visit(context.visit.id)
    if not partners:
        await reply(update, context, "pt.none")
        return
    message = message_of(update)
    for partner in partners[:30]:
        markup = None
        if context.role in ASKERS:
            markup = InlineKeyboardMarkup(
                [
                    [
                        inline_button(
                            context.text("pt.btn.ask"), callback_data=ask_button_data(partner.id)
                        )
                    ]
                ]
            )
        await message.reply_html(
            await partner_card(context, partner),
            reply_markup=markup,
            disable_web_page_preview=True,
        )


@organiser_only
async def manage_partner(update: Update, context: BotContext) -> None:
    """/partner add LINE | remove ID | invite PARTNER | rep PARTNER @username."""
    assert context.visit is not None and context.person is not None
    text = message_of(update).text or ""
    rest = text.partition(" ")[2].strip()
    verb, _, rest = rest.partition(" ")
    verb = verb.lower()
    rest = rest.strip()
    partners = context.services.partners
    if verb in ("add", "tambah"):
        if not rest:
            await context.services.dialogs.start(context.person.id, FEATURE, "line")
            await reply(update, context, "pt.add.prompt")
            return
        await add_from_line(update, context, rest)
    elif verb in ("remove", "hapus") and rest.isdigit():
        partner = await partners.get(context.visit.id, int(rest))
        if partner is None or not await partners.remove(context.visit.id, partner.id):
            await reply(update, context, "pt.unknown", words=rest)
            return
        await reply(update, context, "pt.removed", name=partner.name)
    elif verb in ("invite", "undang"):
        partner = await partners.find(context.visit.id, rest)
        if partner is None:
            await reply(update, context, "pt.unknown", words=rest)
            return
        await send_partner_invite(update, context, partner)
    elif verb in ("rep", "wakil"):
        words, _, who = rest.rpartition(" ")
        partner = await partners.find(context.visit.id, words) if words else None
        if partner is None:
            await reply(update, context, "pt.unknown", words=words or rest)
            return
        outcome = await partners.link(context.visit.id, partner, who)
        await reply(update, context, f"pt.link.{outcome.result}", name=partner.name, who=who)
    else:
        await reply(update, context, "pt.usage")


async def send_partner_invite(update: Update, context: BotContext, partner: Partner) -> None:
    """A link and QR code that enrol a partner representative already linked to `partner`."""
    assert context.visit is not None and context.person is not None
    invite = await context.services.invites.create(
        context.visit.id,
        InviteRequest(Role.PARTNER, label=invite_label(partner)),
        context.person.id,
    )
    link = start_link(context.bot.username, PARTNER_INVITE_PREFIX + invite.code)
    message = message_of(update)
    await message.reply_html(
        context.text("pt.invite.created", name=partner.name, link=link),
        disable_web_page_preview=True,
    )
    await message.reply_photo(qr_png(link), caption=context.text("pt.invite.qr", name=partner.name))


async def join_as_representative(update: Update, context: BotContext, code: str) -> None:
    """`/start pi-<code>`: enrol with the invite, then link the person to its organisation."""
    await join_with_invite(update, context, code)
    assert context.person is not None
    invite = await context.services.invites.store.by_code(code)
    if invite is None:
        return
    role = await context.services.people.role_in(context.person.id, invite.visit_id)
    if role is not Role.PARTNER:
        return
    partner = await context.services.partners.link_invited(invite, context.person.id)
    if partner is not None:
        await reply(update, context, "pt.mine", name=partner.name)


async def add_from_line(update: Update, context: BotContext, line: str) -> bool:
    """Add a partner from the one-line form; True when added."""
    assert context.visit is not None
    try:
        fields = parse_partner_line(line)
    except PartnerFormError as error:
        await reply(update, context, f"pt.add.{error.problem}")
        await reply(update, context, "pt.add.format")
        return False
    partner = await context.services.partners.add(context.visit.id, fields)
    if partner is None:
        await reply(update, context, "pt.add.exists", name=fields.name)
        return True
    await reply(update, context, "pt.added", name=partner.name, id=partner.id)
    return True


@organiser_step
async def in_dialog(update: Update, context: BotContext) -> None:
    """The partner line an organiser types after `/partner add`."""
    assert context.person is not None and context.visit is not None
    line = message_of(update).text
    if line is None:
        await reply(update, context, "pt.add.format")
        return
    if await add_from_line(update, context, line):
        await context.services.dialogs.end(context.person.id)


@requires_role(Role.PARTNER)
async def my_organisation(update: Update, context: BotContext) -> None:
    """/organisation: a representative sees their organisation, or chooses it once."""
    assert context.visit is not None and context.person is not None
    partners = context.services.partners
    mine = await partners.partner_of(context.visit.id, context.person.id)
    if mine is not None:
        await reply(update, context, "pt.mine", name=mine.name)
        return
    options = await partners.of_visit(context.visit.id)
    if not options:
        await reply(update, context, "pt.none")
        return
    buttons = [
        [inline_button(i18n.escape(p.name[:60]), callback_data=f"{CHOOSE_PREFIX}{p.id}")]
        for p in options[:30]
    ]
    await message_of(update).reply_html(
        context.text("pt.choose"), reply_markup=InlineKeyboardMarkup(buttons)
    )


async def choose_organisation(update: Update, context: BotContext) -> None:
    """A representative's choice of organisation: a request the organisers approve or not.

    An organisation is never claimed freely: only its own invite, an organiser's `/partner rep`
    or an organiser's approval of this request links someone to it.
    """
    query = update.callback_query
    assert query is not None and context.visit is not None and context.person is not None
    raw = (query.data or "").removeprefix(CHOOSE_PREFIX)
    services = context.services
    partner = await services.partners.get(context.visit.id, int(raw)) if raw.isdigit() else None
    if partner is None:
        await reply(update, context, "error.stale_button")
        return
    if await services.partners.partner_of(context.visit.id, context.person.id) is not None:
        await reply(update, context, "pt.already_linked")
        return
    await answer_query(query, alert=False)
    await edit_query_message(query, context.text("pt.request.sent", name=partner.name))
    deliveries = []
    for organiser in await services.people.reachable_organisers(context.visit.id):
        language = services.people.language(organiser)
        data = f"{partner.id}:{context.person.id}"
        text = services.texts.get(
            language, "pt.request.card", person=context.person.full_name, name=partner.name
        )
        buttons = (
            (
                Button(services.texts.get(language, "pt.btn.approve"), f"pt:ok:{data}"),
                Button(services.texts.get(language, "pt.btn.decline"), f"pt:no:{data}"),
            ),
        )
        deliveries.append(
            Delivery(
                chat_id=organiser.id,
                message=OutgoingMessage(text, buttons),
                kind="notice",
                visit_id=context.visit.id,
                dedupe_key=f"pt:request:{data}:{organiser.id}",
            )
        )
    await services.outbox.enqueue(deliveries)


async def decide_request(update: Update, context: BotContext) -> None:
    """An organiser approves (the person now represents the organisation) or declines."""
    query = update.callback_query
    assert query is not None and context.visit is not None
    _, verb, partner_id, person_id = (query.data or "").split(":")
    services = context.services
    partner = await services.partners.get(context.visit.id, int(partner_id))
    role = await services.people.role_in(int(person_id), context.visit.id)
    person = await services.people.store.get(int(person_id))
    if partner is None or person is None or role is not Role.PARTNER:
        await reply(update, context, "error.stale_button")
        return
    await answer_query(query, alert=False)
    original = query.message.text_html if isinstance(query.message, Message) else ""
    if verb == "no":
        await edit_query_message(query, f"{original}\n\n{context.text('pt.request.declined')}")
        key, values = "pt.request.declined_rep", {"name": partner.name}
    else:
        await services.partners.choose(context.visit.id, partner, person.id)
        await edit_query_message(query, f"{original}\n\n{context.text('pt.request.approved')}")
        key, values = "pt.chosen", {"name": partner.name}
    text = services.texts.get(services.people.language(person), key, **values)
    await services.outbox.enqueue(
        [Delivery(chat_id=person.id, message=OutgoingMessage(text), kind="notice")]
    )


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Wire the partner directory."""
    services = application.bot_data["services"]
    services.menu.add("partners", frozenset(Role), order=20)
    services.menu.add("partner", frozenset({Role.ORGANISER}), order=62)
    services.menu.add("organisation", frozenset({Role.PARTNER}), order=21)
    services.start_payload(PARTNER_INVITE_PREFIX, join_as_representative)
    application.add_handler(dialog_handler(application, FEATURE, in_dialog), group=DIALOG_GROUP)
    application.add_handler(CommandHandler("partners", list_partners))
    application.add_handler(CommandHandler("partner", manage_partner))
    application.add_handler(CommandHandler("organisation", my_organisation))
    add_buttons(
        application, choose_organisation, button(CHOOSE_PREFIX + "{partner}", {Role.PARTNER})
    )
    add_buttons(
        application,
        decide_request,
        button("pt:{verb:ok|no}:{partner}:{person:int}", {Role.ORGANISER}),
    )
