"""The one source of "now": the system clock in production, a movable one in tests."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol

ClockListener = Callable[[datetime], Awaitable[None]]


class Clock(Protocol):
    """Anything that tells the current time (aware, UTC)."""

    def now(self) -> datetime:
        """The current moment in UTC."""
        ...


class SystemClock:
    """The machine's clock."""

    def now(self) -> datetime:
        """The current moment in UTC."""
        return datetime.now(UTC)


class ManualClock:
    """A clock that only moves when told to, and tells listeners when it does.

    Listeners (the delivery worker, the planners) react to a move as they would to time passing,
    so a test or a rehearsal can live through a day in a second without sleeping.
    """

    def __init__(self, start: datetime | None = None) -> None:
        self._now = (start or datetime.now(UTC)).astimezone(UTC)
        self._listeners: list[ClockListener] = []

    def now(self) -> datetime:
        """The moment the clock was last moved to."""
        return self._now

    def listen(self, listener: ClockListener) -> None:
        """Call `listener(now)` after every move."""
        self._listeners.append(listener)

    def forget(self, listener: ClockListener) -> None:
        """Stop calling a listener."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    async def move_to(self, moment: datetime) -> None:
        """Jump to a moment (never backwards) and let the listeners catch up."""
        if moment.tzinfo is None:
            raise ValueError("naive datetime: pass an aware one")
        moment = moment.astimezone(UTC)
        if moment < self._now:
            raise ValueError(f"the clock does not go back ({moment} < {self._now})")
        self._now = moment
        for listener in list(self._listeners):
            await listener(moment)

    async def advance(self, delta: timedelta) -> None:
        """Move forward by a duration."""
        await self.move_to(self._now + delta)
