"""How times are written to SQLite: UTC text that sorts in time order."""

from __future__ import annotations

from datetime import UTC, datetime

FORMAT = "%Y-%m-%d %H:%M:%S"


def to_db(moment: datetime) -> str:
    """An aware datetime as UTC text; naive datetimes are refused to keep zones honest."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass an aware one (UTC)")
    return moment.astimezone(UTC).strftime(FORMAT)


def from_db(text: str) -> datetime:
    """UTC text from the database as an aware datetime."""
    # fromisoformat reads FORMAT too, and is far cheaper than strptime on this hot path.
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def maybe_from_db(text: str | None) -> datetime | None:
    """Like `from_db`, passing None through."""
    return None if text is None else from_db(text)
