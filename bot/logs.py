"""Logging set-up that keeps secrets (the bot token, the webhook secret) and personal data out
of every log line.

Redaction happens where records are made, so it covers every handler, including ones added
later (a test's log capture, a host's log shipper), and the text of tracebacks. At DEBUG,
python-telegram-bot logs every call's parameters and every update it receives (texts,
locations, phone numbers, names): those lines keep their first words (which endpoint) and lose
the rest.
"""

from __future__ import annotations

import logging
import re
import sys
import time
import traceback
from collections.abc import Callable, Iterable

_log = logging.getLogger(__name__)
_SECRETS: set[str] = set()
_ORIGINAL_FACTORY = logging.getLogRecordFactory()
# Where python-telegram-bot's debug lines start quoting data: a mapping, a list, an object.
_DATA_STARTS = re.compile(r"[{\[(<]|\b(?:Update|Message|User|Chat)\(", re.DOTALL)
WITHHELD = "[data withheld]"


def redact(text: str) -> str:
    """The text with every registered secret replaced by '***'."""
    for secret in _SECRETS:
        text = text.replace(secret, "***")
    return text


def withhold_data(text: str) -> str:
    """A debug line of python-telegram-bot without the data it quotes."""
    found = _DATA_STARTS.search(text)
    return text if found is None else text[: found.start()] + WITHHELD


def _redacting_factory(*args: object, **kwargs: object) -> logging.LogRecord:
    record = _ORIGINAL_FACTORY(*args, **kwargs)
    if record.levelno <= logging.DEBUG and record.name.startswith(("telegram", "aiohttp")):
        record.msg, record.args = withhold_data(record.getMessage()), None
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
    """Log to stderr at `level`, with secrets redacted and personal data withheld."""
    register_secrets(secrets)
    logging.setLogRecordFactory(_redacting_factory)
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


class PollingTrouble:
    """The error callback of long polling: a failed poll is one line, not a traceback.

    python-telegram-bot retries by itself; a flaky network would otherwise print an ERROR with a
    traceback for every failed poll. A streak of failures is a WARNING at its start and at most
    one more each `every` seconds; other refusals (another instance polling) stay errors.
    """

    def __init__(self, every: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.every = every
        self.clock = clock
        self._last_warning: float | None = None
        self.failures = 0

    def __call__(self, error: Exception) -> None:
        """Log one failed poll."""
        from telegram.error import NetworkError

        self.failures += 1
        if not isinstance(error, NetworkError):
            _log.error("polling for updates was refused: %s", error)
            return
        now = self.clock()
        if self._last_warning is None or now - self._last_warning >= self.every:
            self._last_warning = now
            _log.warning(
                "cannot reach Telegram for updates (%s: %s); retrying (%d failed polls so far)",
                type(error).__name__,
                error,
                self.failures,
            )
        else:
            _log.debug("polling failed again: %s", error)
