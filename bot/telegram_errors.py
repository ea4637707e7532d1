"""Telegram answers that are not failures for the bot, and failures told in one line."""

from telegram.error import BadRequest, InvalidToken, TelegramError

from bot.logs import redact


def is_not_modified(error: BadRequest) -> bool:
    """Telegram refuses an edit that changes nothing: the message already shows what we want."""
    return "not modified" in str(error).lower()


def describe_failure(error: TelegramError) -> str:
    """A failed request in a few words for one line, without the token (PTB's InvalidToken
    quotes it; a URL in a transport error holds it)."""
    if isinstance(error, InvalidToken):
        return "InvalidToken: Telegram rejected the token"
    return redact(f"{type(error).__name__}: {error.message}")
