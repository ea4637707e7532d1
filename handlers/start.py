"""/start: enrolment by invite link, deep links of other features, and the greeting."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CommandHandler, filters

from bot.context import BotContext
from bot.deeplinks import split_payload
from bot.invites import INVITE_PREFIX
from bot.menu import EVERYONE
from handlers.common import message_of, reply
from handlers.menus import refresh_commands, sos_keyboard
from storage.invites import InviteProblem


async def start(update: Update, context: BotContext) -> None:
    """Enrol with an invite code, follow another feature's deep link, or greet."""
    services = context.services
    payload = context.args[0] if context.args else ""
    if payload:
        parsed = split_payload(payload, set(services.start_payloads))
        if parsed is None:
            await reply(update, context, "start.bad_code.unknown")
            return
        prefix, code = parsed
        await services.start_payloads[prefix](update, context, code)
        return
    if context.visit is not None and context.role is not None and context.person is not None:
        await message_of(update).reply_html(
            context.text(
                "start.welcome_back",
                name=context.person.first_name,
                visit=context.visit.title,
                role=context.text(f"role.one.{context.role.value}"),
            ),
            reply_markup=sos_keyboard(context),
        )
    else:
        await reply(update, context, "start.no_code")
    await refresh_commands(context)


async def join_with_invite(update: Update, context: BotContext, code: str) -> None:
    """Redeem an invite code and greet the person by their new role."""
    services = context.services
    person = context.person
    assert person is not None
    outcome = await services.invites.redeem(code, person.id)
    if isinstance(outcome, InviteProblem):
        await reply(update, context, f"start.bad_code.{outcome.value}")
        return
    visit = await services.visits.store.get(outcome.invite.visit_id)
    assert visit is not None
    role = await services.people.role_in(person.id, visit.id)
    assert role is not None
    context.visit, context.role = visit, role
    if outcome.newly_enrolled:
        # With the persistent 🆘 SOS button under the message field from the first message.
        await message_of(update).reply_html(
            context.text(f"start.welcome.{role.value}", name=person.first_name, visit=visit.title),
            reply_markup=sos_keyboard(context),
        )
    else:
        await reply(
            update,
            context,
            "start.already_member",
            visit=visit.title,
            role=context.text(f"role.one.{role.value}"),
        )
    await refresh_commands(context)


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Wire /start and the invite deep link."""
    services = application.bot_data["services"]
    services.menu.add("start", EVERYONE, order=0)
    services.start_payload(INVITE_PREFIX, join_with_invite)
    application.add_handler(CommandHandler("start", start, filters.ChatType.PRIVATE))
