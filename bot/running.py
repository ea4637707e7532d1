"""Running on Telegram: long polling, or a webhook with a secret token; one web server
(`bot.web`) for `GET /healthz` and the room's screen on the webhook's port (or, while polling, on
HEALTH_PORT and WALL_PORT).

A start that cannot work ends with one line (`StartupFailed`): Telegram refusing the token
(getMe), the webhook (setWebhook), or a port already taken.
"""

from __future__ import annotations

import asyncio
import gc
import hmac
import logging
import secrets
import signal
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from telegram import Update
from telegram.error import TelegramError

from bot.application import BotApplication, build_application, services_of
from bot.clock import Clock, FileClock
from bot.logs import register_secrets
from bot.telegram_errors import describe_failure
from bot.web import HEALTH_PATH, WebServer
from config import Settings

log = logging.getLogger(__name__)

__all__ = ["HEALTH_PATH", "RunningBot", "StartupFailed", "run_on_telegram"]
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class StartupFailed(Exception):
    """The bot could not start; the message is one line saying why."""


@dataclass(frozen=True, slots=True)
class Webhook:
    """Where Telegram pushes updates, and the secret it sends with each."""

    url: str
    path: str
    secret: str


def webhook_of(settings: Settings) -> Webhook:
    """The webhook for these settings (a fresh secret per start when none is set)."""
    assert settings.webhook_url is not None
    secret = (
        settings.webhook_secret.get_secret_value()
        if settings.webhook_secret
        # Telegram is told the secret at every start, so a fresh one per run is fine.
        else secrets.token_urlsafe(32)
    )
    register_secrets([secret])
    url = str(settings.webhook_url)
    path = "/" + url.split("://", 1)[-1].partition("/")[2].partition("?")[0]
    return Webhook(url, path, secret)


class RunningBot:
    """The bot on Telegram: `start()` returns once it listens, `stop()` ends it cleanly."""

    def __init__(self, settings: Settings, clock: Clock | None = None, listen: str = "0.0.0.0"):
        self.settings = settings
        self.listen = listen
        self.application: BotApplication = build_application(settings, clock)
        self.services = services_of(self.application)
        self.webhook = None if settings.webhook_url is None else webhook_of(settings)
        self._web: WebServer | None = None
        self._initialized = False
        self._opened = False

    async def start(self) -> None:
        """Ask getMe, open the database, start the worker and listen (polling or webhook)."""
        application = self.application
        try:
            await application.initialize()
        except TelegramError as error:
            # The Bot closes its connections only once initialised: close them here.
            for request in self.application.bot_data["requests"]:
                await request.shutdown()
            raise StartupFailed(
                f"cannot start: Telegram refused getMe ({describe_failure(error)}); "
                "check BOT_TOKEN and TELEGRAM_API_BASE_URL"
            ) from None
        self._initialized = True
        assert application.post_init is not None
        self._opened = True
        await application.post_init(application)
        await application.start()
        if self.webhook is None:
            await self._start_polling()
            if self.settings.wall_url is not None and self.settings.wall_port is None:
                log.warning("WALL_URL is set but WALL_PORT is not: no screen is served")
            ports = [self.settings.health_port, self.settings.wall_port]
            if any(port is not None for port in ports):
                await self._serve([port for port in ports if port is not None])
        else:
            await self._start_webhook(self.webhook)

    async def _start_polling(self) -> None:
        application = self.application
        self.services.health.mode = "polling"
        assert application.updater is not None
        try:
            await application.updater.start_polling(
                allowed_updates=Update.ALL_TYPES,
                error_callback=self._poll_failed,
            )
        except TelegramError as error:
            raise StartupFailed(
                "cannot start: Telegram refused deleteWebhook before polling"
                f" ({describe_failure(error)})"
            ) from None
        log.info("polling Telegram for updates")

    def _poll_failed(self, error: TelegramError) -> None:
        # As run_polling() does: a failed poll goes to the error handler (one line).
        self.application.create_task(self.application.process_error(error=error, update=None))

    async def _start_webhook(self, webhook: Webhook) -> None:
        self.services.health.mode = "webhook"
        await self._serve([self.settings.port], webhook=webhook)
        try:
            await self.application.bot.set_webhook(
                url=webhook.url, secret_token=webhook.secret, allowed_updates=Update.ALL_TYPES
            )
        except TelegramError as error:
            raise StartupFailed(
                "cannot start: Telegram refused setWebhook for WEBHOOK_URL"
                f" ({describe_failure(error)})"
            ) from None
        log.info("webhook set; listening on port %s", self.settings.port)

    async def _serve(self, ports: list[int], webhook: Webhook | None = None) -> None:
        server = WebServer(self.services, lambda: self.application.bot.username)
        if webhook is not None:
            server.add_post(webhook.path, self._receive)
        self._web = server
        try:
            await server.start(self.listen, ports)
        except OSError as error:
            raise StartupFailed(
                f"cannot start: cannot listen on port {', '.join(map(str, ports))}"
                f" ({error.strerror})"
            ) from None

    async def _receive(self, request: web.Request) -> web.Response:
        assert self.webhook is not None
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.webhook.secret.encode()):
            return web.Response(status=403)
        try:
            data: Any = await request.json()
            update = Update.de_json(data, self.application.bot)
        except (ValueError, TypeError, KeyError):
            return web.Response(status=400)
        self.services.health.received()
        await self.application.update_queue.put(update)
        return web.Response()

    async def stop(self) -> None:
        """Stop listening, let the messages on the wire finish, close the database."""
        application = self.application
        if self._web is not None:
            await self._web.stop()
            self._web = None
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
            if application.post_stop is not None:
                await application.post_stop(application)
        if self._initialized:
            self._initialized = False
            await application.shutdown()
        if self._opened:
            self._opened = False
            if application.post_shutdown is not None:
                await application.post_shutdown(application)


def clock_for(settings: Settings) -> Clock | None:
    """The clock to run on: the system's (None), or a rehearsal's file clock when set."""
    if settings.rehearsal_clock_file is None:
        return None
    return FileClock(settings.rehearsal_clock_file)


def follow_file_clock(application: BotApplication, clock: FileClock) -> None:
    """Read the rehearsal's clock file while the application runs (after the planners start)."""
    services = services_of(application)

    async def start(application: BotApplication) -> None:
        clock.start_following()

    async def stop(application: BotApplication) -> None:
        await clock.stop_following()

    services.extras.setdefault("on_open", []).append(start)
    services.extras.setdefault("on_close", []).insert(0, stop)


def run_on_telegram(settings: Settings) -> None:
    """Block running the bot until SIGINT/SIGTERM; raises `StartupFailed` if it cannot start."""
    asyncio.run(_run_until_signalled(settings))


async def _run_until_signalled(settings: Settings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    clock = clock_for(settings)
    running = RunningBot(settings, clock)
    if isinstance(clock, FileClock):
        follow_file_clock(running.application, clock)
    try:
        await running.start()
        # What start-up built (libraries, texts, the application) lives as long as the bot:
        # out of the collector's way, a full collection takes a millisecond, not 25-35, and
        # no longer holds up sends that already have their turn until they go out together.
        gc.freeze()
        await stop.wait()
    finally:
        await running.stop()
