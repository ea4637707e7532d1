"""Logging set-up that keeps secrets (the bot token) out of every log line.

Redaction happens where records are made, so it covers every handler, including ones added
later (a test's log capture, a host's log shipper), and the text of tracebacks.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Iterable

_SECRETS: set[str] = set()
_ORIGINAL_FACTORY = logging.getLogRecordFactory()


def redact(text: str) -> str:
    """The text with every registered secret replaced by '***'."""
    for secret in _SECRETS:
        text = text.replace(secret, "***")
    return text


def _redacting_factory(*args: object, **kwargs: object) -> logging.LogRecord:
    record = _ORIGINAL_FACTORY(*args, **kwargs)
    if not _SECRETS:
        return record
    record.msg, record.args = redact(record.getMessage()), None
    if record.exc_info and record.exc_info[0] is not None:
        record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip())
    return record


def register_secrets(secrets: Iterable[str]) -> None:
    """Never let these strings reach a log line."""
    _SECRETS.update(secret for secret in secrets if secret)
    logging.setLogRecordFactory(_redacting_factory)


def setup_logging(level: int, secrets: Iterable[str] = ()) -> None:
    """Log to stderr at `level`, with secrets redacted."""
    register_secrets(secrets)
    root = logging.getLogger()
    root.setLevel(level)
    if not any(getattr(handler, "_rombongan", False) for handler in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler._rombongan = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    # httpx logs every request URL at INFO, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
