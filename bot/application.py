"""Building the application: the one `build_application(settings)` that production, the sandbox
and the tests all use.

This is the composition root: the only module in bot/ that imports the handlers, to wire the
features in.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, ApplicationBuilder, Defaults

import handlers
from bot.clock import Clock, ManualClock
from bot.context import CONTEXT_TYPES, BotContext
from bot.i18n import language_for
from bot.logs import PollingTrouble, register_secrets
from bot.processing import PerPersonUpdateProcessor
from bot.scheduling import TICK_SECONDS
from bot.sendlimits import SharedRateLimiter
from bot.services import Services
from bot.transport import AiohttpRequest
from config import Settings
from handlers.common import register_identify
from handlers.menus import set_default_commands

log = logging.getLogger(__name__)

# Updates of different people handled at once. Each holds its place for at least one round trip
# to Telegram (its answer), so with 150 ms to Telegram 32 places served about 200 updates a
# second and 200 check-ins at once waited up to 1.5 s for their toast (bench.checkin). 96, with
# the worker's 8 messages in flight, about fill the HTTP pool's 100 connections (bot/transport.py).
MAX_CONCURRENT_UPDATES = 96

BotApplication = Application[Any, BotContext, Any, Any, dict[str, Any], Any]


def build_application(settings: Settings, clock: Clock | None = None) -> BotApplication:
    """The bot, wired with every feature, over the settings' database and Bot API server."""
    if settings.bot_token is None:
        raise ValueError("build_application needs BOT_TOKEN (the sandbox passes its own)")
    token = settings.bot_token.get_secret_value()
    register_secrets([token])
    services = Services.create(settings, clock)
    requests = (
        AiohttpRequest(settings.api_root),
        AiohttpRequest(settings.api_root, connections=1, on_answer=services.health.polled),
    )
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{settings.api_root}/bot")
        .base_file_url(f"{settings.api_root}/file/bot")
        .request(requests[0])
        .get_updates_request(requests[1])
        .context_types(CONTEXT_TYPES)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.zone))
        .concurrent_updates(PerPersonUpdateProcessor(MAX_CONCURRENT_UPDATES))
        # One set of buckets for the outbox worker and direct replies (bot/sendlimits.py).
        .rate_limiter(SharedRateLimiter(services.delivery.limits))
        .post_init(_open)
        .post_stop(_stop_sending)
        .post_shutdown(_close)
        .build()
    )
    application.bot_data["services"] = services
    application.bot_data["requests"] = requests  # to close them if getMe fails at start
    application.bot_data["polling_trouble"] = PollingTrouble()
    register_identify(application)
    for feature in handlers.FEATURES:
        feature.register(application)
    application.add_error_handler(_on_error)
    return application


def services_of(application: Application[Any, Any, Any, Any, Any, Any]) -> Services:
    """The services an application was built with."""
    services: Services = application.bot_data["services"]
    return services


async def _open(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    services = services_of(application)
    await services.open()
    _wake_worker_through_job_queue(application, services)
    await services.delivery.start(application.bot)
    await _start_planners(application, services)
    for hook in services.extras.get("on_open", []):
        await hook(application)
    try:
        await set_default_commands(application)
    except TelegramError as error:
        log.warning("could not set the default command menu: %s", error)


def _wake_worker_through_job_queue(
    application: Application[Any, Any, Any, Any, Any, Any], services: Services
) -> None:
    """In production the JobQueue (APScheduler) wakes the worker when the next row is due."""
    job_queue = application.job_queue
    if isinstance(services.clock, ManualClock) or job_queue is None:
        return  # a manual clock wakes the worker whenever it moves

    async def wake(context: BotContext) -> None:
        services.delivery.wake()

    def schedule(moment: datetime) -> None:
        for job in job_queue.get_jobs_by_name("outbox-wake"):
            job.schedule_removal()
        job_queue.run_once(wake, when=max(moment, services.clock.now()), name="outbox-wake")

    services.delivery.schedule_wake = schedule


async def _start_planners(
    application: Application[Any, Any, Any, Any, Any, Any], services: Services
) -> None:
    """Run the planners now (catching up after a restart), then on every tick."""
    await services.planners.run()
    if isinstance(services.clock, ManualClock):
        services.planners.attach_to_clock()
    elif application.job_queue is not None:

        async def tick(context: BotContext) -> None:
            await services.planners.run()

        application.job_queue.run_repeating(tick, interval=TICK_SECONDS, first=TICK_SECONDS)


async def _stop_sending(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Let the messages on the wire finish while the bot can still hear Telegram's answers."""
    await services_of(application).delivery.stop()


async def _close(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    services = services_of(application)
    for hook in services.extras.get("on_close", []):
        await hook(application)
    services.planners.detach_from_clock()
    await services.delivery.stop()
    await services.close()


async def _on_error(update: object, context: BotContext) -> None:
    """Log the update id and the exception; tell the person something short in their language."""
    if update is None and context.job is None and isinstance(context.error, TelegramError):
        # run_polling hands failed polls here: one line each, no traceback (bot/logs.py).
        context.application.bot_data["polling_trouble"](context.error)
        return
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("update %s failed", update_id, exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if update.effective_chat.type != "private":
        return
    services = services_of(context.application)
    text = services.texts.get(await _language_of(update, services), "error.generic")
    query = update.callback_query
    try:
        if query is not None:
            try:
                await query.answer(text, show_alert=True)
                return
            except BadRequest:
                pass  # answered already, before the failure: a message is the only way left
        await context.bot.send_message(update.effective_chat.id, text)
    except TelegramError:
        log.warning("could not tell chat %s about the error", update.effective_chat.id)


async def _language_of(update: Update, services: Services) -> str:
    """The sender's language as stored now (PTB hands the error handler a fresh context)."""
    user = update.effective_user
    person = None
    if user is not None:
        try:
            person = await services.people.store.get(user.id)
        except Exception:  # the database may be what failed
            log.warning("could not read the language of %s", user.id)
    if person is None and user is not None:
        return language_for(None, user.language_code, services.settings.default_language)
    return services.people.language(person)
