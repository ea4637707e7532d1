"""200 people check in to one session at the same moment, against a bare echo bot's floor.

python -m bench.checkin --users 200

All runs use the same stand-in (no rate limit) in the same process. The baseline is a bare
python-telegram-bot application, as PTB builds it by default, that echoes text to every user
writing at once. The real bot (database, identify, the check-in rules) answers `/start c-<code>`
from the same users at once. Latency runs from a user's send to the reply reaching that user.
Baseline and bot take turns for `--rounds` rounds (default 5; this machine's speed wanders) and
the figures are the medians; `lost` counts over all rounds. The last line is `checkin: users=N
throughput=T baseline_throughput=BT ratio=R p99_ms=P baseline_p99_ms=BP p99_ratio=PR lost=L`.

Two context lines come first, so the figures can be read fairly: the echo with as many updates
at once as the bot handles, on PTB's default HTTP client (httpx) and on the bot's own
(bot/transport.py, aiohttp). The bot's client is part of why it can beat the default echo.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from bot.application import MAX_CONCURRENT_UPDATES
from bot.checkins import CODE_PREFIX
from bot.clock import ManualClock
from bot.transport import AiohttpRequest
from bot.visits import check_new_visit
from sandbox.harness import TOKEN, LiveBot, enrol_started, settings_for
from sandbox.standin import TelegramStandIn
from sandbox.users import SentMessage, SimulatedUser
from storage.roles import Role
from storage.sessions import SessionFields, SessionStore, Venue

START = datetime(2025, 10, 29, 2, 0, tzinfo=UTC)
FIRST_USER_ID = 100_000


@dataclass
class Run:
    """One burst: when each user sent, and when their reply arrived."""

    sent_at: dict[int, float]
    replied_at: dict[int, float]

    @property
    def throughput(self) -> float:
        """Replies per second, from the first send to the last reply."""
        if not self.replied_at:
            return 0.0
        span = max(self.replied_at.values()) - min(self.sent_at.values())
        return len(self.replied_at) / span if span > 0 else math.inf

    @property
    def p99_ms(self) -> float:
        """The 99th percentile latency in milliseconds."""
        latencies = sorted(
            (self.replied_at[user] - self.sent_at[user]) * 1000 for user in self.replied_at
        )
        if not latencies:
            return math.inf
        return latencies[max(0, math.ceil(0.99 * len(latencies)) - 1)]


async def burst(
    standin: TelegramStandIn, users: list[SimulatedUser], text_of: dict[int, str], timeout: float
) -> Run:
    """Every user sends at once; wait until each has a reply (or the timeout)."""
    sent_at: dict[int, float] = {}
    replied_at: dict[int, float] = {}
    wanted = {user.id for user in users}
    done = asyncio.Event()

    def listener(event: str, message: SentMessage) -> None:
        if event == "sent" and message.chat_id in wanted and message.chat_id not in replied_at:
            replied_at[message.chat_id] = time.perf_counter()
            if len(replied_at) == len(wanted):
                done.set()

    async def send(user: SimulatedUser) -> None:
        sent_at[user.id] = time.perf_counter()
        await user.send(text_of[user.id])

    standin.listeners.append(listener)
    try:
        await asyncio.gather(*(send(user) for user in users))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), timeout)
    finally:
        standin.listeners.remove(listener)
    return Run(sent_at, replied_at)


async def warm_up(standin: TelegramStandIn, user_id: int, timeout: float) -> None:
    """One message answered first, so the burst meets a bot that is already polling."""
    user = standin.users.get(user_id) or standin.user("Pemanasan", user_id=user_id)
    await burst(standin, [user], {user.id: "/start"}, timeout)


async def checkin_run(
    standin: TelegramStandIn, folder: Path, users: list[SimulatedUser], timeout: float
) -> tuple[Run, int]:
    """The real bot: a visit, one session, its QR code, and every user scanning it at once."""
    live = LiveBot(
        standin,
        settings_for(standin, folder / "bench.sqlite3"),
        ManualClock(START - timedelta(minutes=5)),
    )
    await live.start()
    try:
        services = live.services
        visit = await services.visits.create(
            check_new_visit(
                slug="bench",
                title="Bench visit",
                region="Banyuwangi",
                first_day="2025-10-29",
                last_day="2025-10-31",
                timezone="Asia/Jakarta",
                language="id",
            )
        )
        fields = SessionFields(
            key="plenary",
            title_id="Pleno",
            title_en="Plenary",
            starts_at=START,
            ends_at=START + timedelta(hours=1),
            venue=Venue(name="Pendopo", latitude=-8.2192, longitude=114.3691),
        )
        await SessionStore(services.db).apply(visit.id, [fields], [], services.clock.now())
        session = await services.checkins.find_session(visit.id, "plenary")
        assert session is not None
        code = CODE_PREFIX + await services.checkins.code_for(session)
        await enrol_started(services, visit.id, users, Role.PARTICIPANT)
        await warm_up(standin, FIRST_USER_ID - 1, timeout)
        run = await burst(standin, users, {user.id: f"/start {code}" for user in users}, timeout)
        await live.settle(timeout)
        stored = await services.db.fetch_value(
            "SELECT COUNT(*) FROM checkins WHERE session_id = ?", (session.id,)
        )
        return run, int(stored)
    finally:
        await live.stop()


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Say the same text back."""
    message = update.effective_message
    if message is not None and message.text:
        await message.reply_text(message.text)


async def baseline_run(
    standin: TelegramStandIn,
    users: list[SimulatedUser],
    timeout: float,
    concurrency: int = 0,
    bots_client: bool = False,
) -> Run:
    """A bare echo application on the same stand-in, polled the same way.

    By default it is PTB's default application (updates one after another, httpx); `concurrency`
    > 0 processes that many at once and `bots_client` uses bot/transport.py, like our bot.
    """
    builder = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(f"{standin.api_root}/bot")
        .base_file_url(f"{standin.api_root}/file/bot")
    )
    if concurrency:
        builder = builder.concurrent_updates(concurrency)
    if bots_client:
        builder = builder.request(AiohttpRequest(standin.api_root)).get_updates_request(
            AiohttpRequest(standin.api_root, connections=1)
        )
    application: Application[Any, Any, Any, Any, Any, Any] = builder.build()
    application.add_handler(MessageHandler(filters.TEXT, echo))
    await application.initialize()
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0, timeout=timedelta(seconds=2))
    try:
        await warm_up(standin, FIRST_USER_ID - 1, timeout)
        return await burst(standin, users, {user.id: "halo" for user in users}, timeout)
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()


async def main(count: int, timeout: float, rounds: int) -> str:
    """Every run on one stand-in; prints context lines and returns the result line."""
    standin = TelegramStandIn(token=TOKEN)
    await standin.start()
    users = [
        standin.user(f"Peserta{number:03d}", user_id=FIRST_USER_ID + number)
        for number in range(count)
    ]
    baselines: list[Run] = []
    bots: list[Run] = []
    lost = 0
    try:
        for client, bots_client in (("PTB's default client", False), ("the bot's client", True)):
            echo_run = await baseline_run(
                standin, users, timeout, MAX_CONCURRENT_UPDATES, bots_client=bots_client
            )
            print(
                f"context: echo, {MAX_CONCURRENT_UPDATES} updates at once, {client}: "
                f"throughput={echo_run.throughput:.1f} p99_ms={echo_run.p99_ms:.1f}"
            )
        # Baseline and bot take turns, so a machine that slows down or speeds up mid-run
        # weighs on both; each bot round has a fresh database.
        for number in range(1, rounds + 1):
            baselines.append(await baseline_run(standin, users, timeout))
            with tempfile.TemporaryDirectory() as folder:
                checkins, stored = await checkin_run(standin, Path(folder), users, timeout)
            bots.append(checkins)
            lost += sum(1 for user in users if user.id not in checkins.replied_at)
            lost += count - min(stored, count)
            print(
                f"round {number}: throughput={checkins.throughput:.1f} "
                f"baseline_throughput={baselines[-1].throughput:.1f} "
                f"p99_ms={checkins.p99_ms:.1f} baseline_p99_ms={baselines[-1].p99_ms:.1f}"
            )
    finally:
        await standin.stop()
    throughput = statistics.median(run.throughput for run in bots)
    baseline_throughput = statistics.median(run.throughput for run in baselines)
    p99_ms = statistics.median(run.p99_ms for run in bots)
    baseline_p99_ms = statistics.median(run.p99_ms for run in baselines)
    ratio = throughput / baseline_throughput if baseline_throughput else 0.0
    p99_ratio = p99_ms / baseline_p99_ms if baseline_p99_ms else math.inf
    return (
        f"checkin: users={count} throughput={throughput:.1f} "
        f"baseline_throughput={baseline_throughput:.1f} ratio={ratio:.2f} "
        f"p99_ms={p99_ms:.1f} baseline_p99_ms={baseline_p99_ms:.1f} "
        f"p99_ratio={p99_ratio:.2f} lost={lost}"
    )


def cli() -> None:
    """Parse the arguments, run, print the result line last."""
    parser = argparse.ArgumentParser(prog="python -m bench.checkin", description=__doc__)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait per run")
    parser.add_argument(
        "--rounds", type=int, default=5, help="baseline/bot pairs; the figures are medians"
    )
    arguments = parser.parse_args()
    print(asyncio.run(main(arguments.users, arguments.timeout, max(1, arguments.rounds))))


if __name__ == "__main__":
    cli()
