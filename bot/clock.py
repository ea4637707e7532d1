"""The one source of "now": the system clock in production, a movable one in tests."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)

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


class FileClock(ManualClock):
    """A manual clock moved by another process through a file (rehearsals and benchmarks only).

    The file holds one ISO moment (UTC offset included) and is replaced atomically by whoever
    drives the rehearsal (`write_clock_file`). The bot reads it every `poll_seconds` of real
    time and, when it moved forward, moves exactly as `ManualClock.move_to` does: the delivery
    worker and the planners react as in the tests. Once the listeners are done, the moment is
    written to the acknowledgement file (`<file>.ack`), so the driver knows the move was seen.
    """

    def __init__(self, path: Path, poll_seconds: float = 0.05) -> None:
        self.path = Path(path)
        self.ack_path = self.path.with_name(self.path.name + ".ack")
        self.poll_seconds = poll_seconds
        start = read_clock_file(self.path)
        if start is None:
            raise ValueError(f"the clock file {self.path} does not hold a moment")
        super().__init__(start)
        self._task: asyncio.Task[None] | None = None

    def start_following(self) -> None:
        """Start reading the file in the background (needs a running event loop)."""
        if self._task is None:
            self._task = asyncio.create_task(self._follow(), name="file-clock")

    async def stop_following(self) -> None:
        """Stop reading the file."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def catch_up(self) -> bool:
        """Move to the file's moment if it is ahead; True if the clock moved."""
        moment = read_clock_file(self.path)
        if moment is None or moment <= self._now:
            return False
        await self.move_to(moment)
        return True

    async def _follow(self) -> None:
        write_clock_file(self.ack_path, self._now)
        while True:
            await asyncio.sleep(self.poll_seconds)
            try:
                if await self.catch_up():
                    write_clock_file(self.ack_path, self._now)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("the rehearsal clock could not move")


def read_clock_file(path: Path) -> datetime | None:
    """The moment a clock file holds (None if it is missing, empty or half-written)."""
    try:
        text = Path(path).read_text(encoding="utf-8").strip()
        moment = datetime.fromisoformat(text)
    except (OSError, ValueError):
        return None
    if moment.tzinfo is None:
        return None
    return moment.astimezone(UTC)


def write_clock_file(path: Path, moment: datetime) -> None:
    """Replace a clock file with a moment, atomically (a reader never sees half of it)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass an aware one")
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(moment.astimezone(UTC).isoformat(), encoding="utf-8")
    os.replace(temporary, path)
