"""Fixtures named after the story: `telegram` (the stand-in with the live bot), `visit`, people."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.visits import check_new_visit
from sandbox.harness import TOKEN, Member, Rehearsal, free_port, start_live_bot
from sandbox.limits import RateLimits
from sandbox.standin import TelegramStandIn
from storage.roles import Role
from storage.visits import Visit
from tests import browser

BOOTSTRAP_ORGANISER_ID = 1


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say plainly whether the browser tests of the room's screen ran (tests/browser.py)."""
    reason = browser.missing()
    if reason is None:
        terminalreporter.write_line(f"browser tests: ran in headless {browser.chromium()}")
    else:
        terminalreporter.write_line(f"browser tests: NOT RUN, {reason}", yellow=True, bold=True)


# The demo visit runs 29-31 October 2025; the story starts the day before, 09:00 in Jakarta.
STORY_START = datetime(2025, 10, 28, 2, 0, tzinfo=UTC)


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """A fresh SQLite file for this test."""
    return tmp_path / "rombongan.sqlite3"


@pytest.fixture
async def telegram(database: Path, request: pytest.FixtureRequest) -> AsyncIterator[Rehearsal]:
    """The stand-in for Telegram with the real bot polling it, over a real database file.

    Telegram's flood limits are on, as on Telegram, measured in the rehearsal's time (moves of
    the clock and people's time to answer count: sandbox.limits.LimitClock). A test marked
    `no_flood_limits(reason=...)` gets a stand-in without them, and a bot that paces nothing.
    """
    exempt = request.node.get_closest_marker("no_flood_limits")
    if exempt is not None and not exempt.kwargs.get("reason"):
        raise pytest.UsageError("no_flood_limits needs reason=...: say why limits are off")
    standin = TelegramStandIn(token=TOKEN, limits=None if exempt else RateLimits())
    await standin.start()
    screen: dict[str, object] = {}
    if request.node.get_closest_marker("screen") is not None:
        # The room's screen, served by the bot as in polling mode with WALL_PORT.
        port = free_port()
        screen = {"wall_port": port, "wall_url": f"http://127.0.0.1:{port}"}
    standin, live = await start_live_bot(
        database,
        clock=ManualClock(STORY_START),
        standin=standin,
        organiser_ids=[BOOTSTRAP_ORGANISER_ID],
        **screen,
    )
    world = Rehearsal(standin, live)
    try:
        yield world
        # Every object the stand-in returned or pushed had the Bot API's required fields.
        standin.assert_schema_clean()
        # The bot paced itself: Telegram never had to refuse a request for flooding.
        refused = [
            (c.method, c.params.get("chat_id"), c.error)
            for c in standin.calls
            if c.error and c.error.startswith("Too Many Requests")
        ]
        assert standin.rate_limit_violations == 0, f"the bot drew 429s for flooding: {refused}"
    finally:
        await world.close()


@pytest.fixture
async def visit(telegram: Rehearsal) -> Visit:
    """Sesdilu's visit to Banyuwangi."""
    new = check_new_visit(
        slug="banyuwangi-2025",
        title="Sesdilu Banyuwangi",
        region="Banyuwangi, Jawa Timur",
        first_day="2025-10-29",
        last_day="2025-10-31",
        timezone="Asia/Jakarta",
        language="id",
    )
    return await telegram.services.visits.create(new)


@pytest.fixture
async def organiser(telegram: Rehearsal, visit: Visit) -> Member:
    """Tubagus, the course director: an organiser of the visit."""
    return await telegram.join("Tubagus", Role.ORGANISER, visit.id, username="tubagus")


@pytest.fixture
async def rani(telegram: Rehearsal, visit: Visit) -> Member:
    """Rani, a participant who writes in Indonesian."""
    return await telegram.join("Rani", Role.PARTICIPANT, visit.id, username="rani_d")
