"""Planners that look at the clock: reminders, nudges, summaries, closing roll calls.

Features register a `tick(now)` coroutine. In production python-telegram-bot's JobQueue
(APScheduler) calls every tick once a minute; with a manual clock (tests, rehearsals) each
move of the clock calls them, so a test lives through a day without sleeping. Ticks must be
idempotent (plan with outbox dedupe keys): calling one twice for the same minute is harmless,
which is also what makes a restart safe.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from bot.clock import Clock, ManualClock

log = logging.getLogger(__name__)

Tick = Callable[[datetime], Awaitable[None]]
TICK_SECONDS = 30


class Planners:
    """The registered ticks, and running them."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._ticks: list[tuple[str, Tick]] = []

    def add(self, name: str, tick: Tick) -> None:
        """Register a feature's tick."""
        self._ticks.append((name, tick))

    async def run(self, now: datetime | None = None) -> None:
        """Call every tick once; one failing tick does not stop the others."""
        moment = now or self.clock.now()
        for name, tick in self._ticks:
            try:
                await tick(moment)
            except Exception:
                log.exception("planner %s failed", name)

    def attach_to_clock(self) -> None:
        """With a manual clock, run the ticks after every move."""
        if isinstance(self.clock, ManualClock):
            self.clock.listen(self.run)

    def detach_from_clock(self) -> None:
        """Stop following a manual clock."""
        if isinstance(self.clock, ManualClock):
            self.clock.forget(self.run)
