"""A screen watching the room's wall over HTTP, as a browser's EventSource would: for tests and
`bench.wall`. It reads `GET /wall/<token>/events` and keeps the latest board."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp


@dataclass
class BoardEvent:
    """One `board` event as received, and when (monotonic seconds)."""

    version: int
    order: list[int]
    votes: dict[int, int]
    html: str
    at: float


@dataclass
class ScreenViewer:
    """One open event stream of a screen link."""

    url: str  # the page's address; the stream is `<url>/events`
    language: str = ""
    status: int | None = None
    boards: list[BoardEvent] = field(default_factory=list)
    gone: bool = False
    ended: bool = False
    _task: asyncio.Task[None] | None = None
    _changed: asyncio.Event = field(default_factory=asyncio.Event)
    _session: aiohttp.ClientSession | None = None

    @property
    def latest(self) -> BoardEvent | None:
        """The newest board received."""
        return self.boards[-1] if self.boards else None

    async def open(self, session: aiohttp.ClientSession | None = None) -> None:
        """Connect, and return once the response's status is known."""
        self._session = session
        ready = asyncio.get_running_loop().create_future()
        self._task = asyncio.create_task(self._read(ready))
        await ready

    async def _read(self, ready: asyncio.Future[None]) -> None:
        own = self._session is None
        session = self._session or aiohttp.ClientSession()
        query = f"?lang={self.language}" if self.language else ""
        try:
            async with session.get(
                f"{self.url}/events{query}", timeout=aiohttp.ClientTimeout(total=None)
            ) as response:
                self.status = response.status
                ready.set_result(None)
                if response.status != 200:
                    return
                event, data = "", []
                async for raw in response.content:
                    line = raw.decode().rstrip("\r\n")
                    if line.startswith("event:"):
                        event = line[6:].strip()
                    elif line.startswith("data:"):
                        data.append(line[5:].lstrip(" "))
                    elif not line:
                        self._dispatch(event, "\n".join(data))
                        event, data = "", []
        except (TimeoutError, aiohttp.ClientError, ConnectionError):
            pass
        finally:
            if not ready.done():
                ready.set_result(None)
            self.ended = True
            self._changed.set()
            if own:
                await session.close()

    def _dispatch(self, event: str, data: str) -> None:
        if event == "board":
            found: dict[str, Any] = json.loads(data)
            self.boards.append(
                BoardEvent(
                    found["v"],
                    found["order"],
                    {int(key): count for key, count in found["votes"].items()},
                    found["html"],
                    time.monotonic(),
                )
            )
        elif event == "gone":
            self.gone = True
        else:
            return
        self._changed.set()

    async def wait_for(
        self, condition: Callable[[ScreenViewer], bool], timeout: float = 5.0
    ) -> None:
        """Wait until the condition holds (raises TimeoutError otherwise)."""
        async with asyncio.timeout(timeout):
            while not condition(self):
                self._changed.clear()
                if self.ended and not condition(self):
                    raise AssertionError("the stream ended")
                await self._changed.wait()

    async def close(self) -> None:
        """Disconnect."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
