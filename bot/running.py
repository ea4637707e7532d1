"""Running on Telegram: long polling, or a webhook with a secret token."""

from __future__ import annotations

import secrets
from typing import Any

from telegram import Update

from bot.application import BotApplication, build_application, services_of
from bot.clock import Clock, FileClock
from bot.logs import register_secrets
from config import Settings


def webhook_options(settings: Settings, listen: str = "0.0.0.0") -> dict[str, Any]:
    """The arguments of `run_webhook`/`start_webhook` for these settings."""
    assert settings.webhook_url is not None
    secret = (
        settings.webhook_secret.get_secret_value()
        if settings.webhook_secret
        # Telegram is told the secret at every start, so a fresh one per run is fine.
        else secrets.token_urlsafe(32)
    )
    register_secrets([secret])
    url = str(settings.webhook_url)
    return {
        "listen": listen,
        "port": settings.port,
        "url_path": url.split("://", 1)[-1].partition("/")[2],
        "webhook_url": url,
        "secret_token": secret,
        "allowed_updates": Update.ALL_TYPES,
    }


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
    """Block running the bot until interrupted (SIGINT/SIGTERM stop it cleanly)."""
    clock = clock_for(settings)
    application = build_application(settings, clock)
    if isinstance(clock, FileClock):
        follow_file_clock(application, clock)
    if settings.webhook_url is None:
        application.run_polling(allowed_updates=Update.ALL_TYPES)
    else:
        application.run_webhook(**webhook_options(settings))
