"""Telegram answers that are not failures for the bot."""

from telegram.error import BadRequest


def is_not_modified(error: BadRequest) -> bool:
    """Telegram refuses an edit that changes nothing: the message already shows what we want."""
    return "not modified" in str(error).lower()
