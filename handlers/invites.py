"""/invite, /invites and /revoke: organisers enrol people with links and QR codes."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot import i18n
from bot.context import BotContext
from bot.invites import InviteOptionError, Invites, parse_invite_request, qr_png, start_link
from bot.visits import zone_of
from handlers.common import message_of, organiser_only, reply
from storage.invites import Invite
from storage.roles import Role

ORGANISERS = frozenset({Role.ORGANISER})


@organiser_only
async def create_invite(update: Update, context: BotContext) -> None:
    """Create an invite for a role and answer with its link and QR code."""
    assert context.visit is not None and context.person is not None
    try:
        request = parse_invite_request(list(context.args or []))
    except InviteOptionError as error:
        if error.option:
            await reply(update, context, f"invite.bad.{error.problem}", option=error.option)
        await reply(update, context, "invite.usage")
        return
    invite = await context.services.invites.create(context.visit.id, request, context.person.id)
    link = start_link(context.bot.username, Invites.payload(invite))
    role = context.text(f"role.one.{invite.role.value}")
    limits = invite_limits(context, invite)
    message = message_of(update)
    await message.reply_html(
        context.text(
            "invite.created",
            role=role,
            visit=context.visit.title,
            limits=i18n.Html(limits),
            link=link,
        ),
        disable_web_page_preview=True,
    )
    await message.reply_photo(
        qr_png(link),
        caption=context.text("invite.qr_caption", role=role, visit=context.visit.title),
    )


def invite_limits(context: BotContext, invite: Invite) -> str:
    """ ", valid until Kamis, 6 November 2025 09.00, for 20 people, label «Bus 2»" (HTML)."""
    assert context.visit is not None
    limits = ""
    if invite.expires_at is not None:
        zone = zone_of(context.visit)
        moment = i18n.day(invite.expires_at, context.language, zone)
        moment += " " + i18n.clock_time(invite.expires_at, context.language, zone)
        limits += context.text("invite.limit.expires", when=moment)
    else:
        limits += context.text("invite.limit.no_expiry")
    if invite.max_uses is not None:
        limits += context.text("invite.limit.uses", count=invite.max_uses)
    if invite.label:
        limits += context.text("invite.limit.label", label=invite.label)
    return limits


@organiser_only
async def list_invites(update: Update, context: BotContext) -> None:
    """List the visit's invites with their use counts and state."""
    assert context.visit is not None
    invites = await context.services.invites.of_visit(context.visit.id)
    if not invites:
        await reply(update, context, "invite.list.empty")
        return
    lines = [context.text("invite.list.title", visit=context.visit.title)]
    for invite in invites[:50]:
        problem = context.services.invites.problem(invite)
        state = ""
        if problem is not None and problem.value in ("revoked", "expired"):
            state = context.text(f"invite.state.{problem.value}")
        lines.append(
            context.text(
                "invite.list.line",
                code=Invites.payload(invite),
                role=context.text(f"role.one.{invite.role.value}"),
                uses=invite.uses,
                max="" if invite.max_uses is None else f"/{invite.max_uses}",
                state=state,
                limits=i18n.Html(invite_limits(context, invite)),
            )
        )
    await message_of(update).reply_html("\n".join(lines))


@organiser_only
async def revoke_invite(update: Update, context: BotContext) -> None:
    """Revoke an invite by its code."""
    assert context.visit is not None
    if not context.args:
        await reply(update, context, "invite.revoke_usage")
        return
    code = context.args[0]
    if await context.services.invites.revoke(context.visit.id, code):
        await reply(update, context, "invite.revoked", code=code)
    else:
        await reply(update, context, "invite.revoke_unknown")


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Wire the invite commands."""
    menu = application.bot_data["services"].menu
    menu.add("invite", ORGANISERS, order=70)
    menu.add("invites", ORGANISERS, order=71)
    menu.add("revoke", ORGANISERS, order=72)
    application.add_handler(CommandHandler("invite", create_invite))
    application.add_handler(CommandHandler("invites", list_invites))
    application.add_handler(CommandHandler("revoke", revoke_invite))
