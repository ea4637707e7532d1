"""Running on Telegram: long polling, or a webhook with a secret token."""

from __future__ import annotations

import secrets

from telegram import Update

from bot.application import build_application
from config import Settings


def run_on_telegram(settings: Settings) -> None:
    """Block running the bot until interrupted (SIGINT/SIGTERM stop it cleanly)."""
    application = build_application(settings)
    if settings.webhook_url is None:
        application.run_polling(allowed_updates=Update.ALL_TYPES)
        return
    secret = (
        settings.webhook_secret.get_secret_value()
        if settings.webhook_secret
        # Telegram is told the secret at every start, so a fresh one per run is fine.
        else secrets.token_urlsafe(32)
    )
    url = str(settings.webhook_url)
    path = url.split("://", 1)[-1].partition("/")[2]
    application.run_webhook(
        listen="0.0.0.0",
        port=settings.port,
        url_path=path,
        webhook_url=url,
        secret_token=secret,
        allowed_updates=Update.ALL_TYPES,
    )
