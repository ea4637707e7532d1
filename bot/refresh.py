"""Throttled refreshes of live messages (announcement reports, roll-call boards): one mechanism,
so no board can lose a wake-up.

A request is always followed by a pass that starts after it: the "dirty" mark is cleared before
a pass reads anything, and a task ends only when no mark is left, with no pause in between in
which a request could find a task that is about to end.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

Key = TypeVar("Key", bound=Hashable)
# One pass for a key; returns the seconds Telegram asked to wait (a 429), or None.
Refresh = Callable[[Key], Awaitable[float | None]]
# Whether a key's pass should go now, without waiting out the interval (e.g. the last copy out).
Hurry = Callable[[Key], Awaitable[bool]]


class ThrottledRefresher(Generic[Key]):
    """Runs `refresh(key)` after each `request(key)`, at most once every `interval` seconds per
    key (the first at once); requests that arrive close together make one pass."""

    def __init__(
        self,
        refresh: Refresh[Key],
        interval: float,
        name: str,
        hurry: Hurry[Key] | None = None,
    ) -> None:
        self._refresh = refresh
        self.interval = interval
        self.name = name
        self._hurry = hurry
        self._dirty: set[Key] = set()
        self._tasks: dict[Key, asyncio.Task[None]] = {}
        self._last: dict[Key, float] = {}
        self._requested: dict[Key, asyncio.Event] = {}

    def request(self, key: Key) -> None:
        """Ask for a pass that starts after now."""
        self._dirty.add(key)
        self._requested.setdefault(key, asyncio.Event()).set()
        if key not in self._tasks:
            self._tasks[key] = asyncio.create_task(self._run(key), name=f"{self.name}-{key}")

    def forget(self, key: Key) -> None:
        """Nothing more will change for this key: drop what is kept about it."""
        self._last.pop(key, None)
        if key not in self._tasks:
            self._requested.pop(key, None)

    async def busy(self) -> bool:
        """Whether a pass is pending or running (tests settle on this)."""
        return bool(self._tasks)

    async def stop(self) -> None:
        """Cancel the passes still waiting."""
        for task in list(self._tasks.values()):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self, key: Key) -> None:
        try:
            while key in self._dirty:
                await self._wait_for_turn(key)
                # Cleared before reading, so a request during the pass asks for another.
                self._dirty.discard(key)
                try:
                    retry_after = await self._refresh(key)
                except Exception:
                    log.exception("%s: could not refresh %s", self.name, key)
                    retry_after = None
                self._last[key] = time.monotonic()
                if retry_after is not None:
                    self._dirty.add(key)
                    await asyncio.sleep(retry_after)
        finally:
            del self._tasks[key]

    async def _wait_for_turn(self, key: Key) -> None:
        """Wait out the interval since the last pass, unless the key is in a hurry."""
        requested = self._requested.setdefault(key, asyncio.Event())
        while True:
            wait = self._last.get(key, -math.inf) + self.interval - time.monotonic()
            if wait <= 0 or (self._hurry is not None and await self._hurry(key)):
                return
            requested.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(requested.wait(), wait)
