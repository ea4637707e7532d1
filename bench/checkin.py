"""200 people press **Check in** on a reminder at the same moment, with Telegram's limits on.

    python -m bench.checkin --users 200 --rtt-ms 150

The bot runs as `python -m bot` (the production entry point, on the system clock, in its own
process) and polls a stand-in in this process that enforces Telegram's flood limits
(`sandbox.limits.RateLimits()`: 30 a second overall, about 1 a second per chat) with a round trip
of `--rtt-ms` (± `--jitter-ms`) between the bot and "Telegram". Each round, on a fresh stand-in
and database:

1. a visit with one session starting in ten minutes and a few seconds; once the bot is up, its
   own 10-minute reminder, with its Check in button, goes out to every participant through
   the outbox;
2. once everyone has it, every participant presses Check in on it at the same moment;
3. from the stand-in's side (the moment it recorded each request): `feedback` is the time from a
   press to the first thing the person sees confirm it (the callback answer's toast, an edit of
   the reminder or a new message, whichever comes first); `reply` is the time from the press to
   the full reply (a new message) arriving.

`floor_s` is what Telegram's limits allow for the replies: one message each, 30 a second overall,
so `users / 30` s. `reply_ratio` is the time of the *last* reply after the presses against that
floor (not the p99: the floor is for all of them). `lost` counts people without a reply or
without a stored check-in, `flood_429` the requests the stand-in refused for flooding over the
whole round (the reminders included). With `--rounds` > 1 the figures are medians (lost and
flood_429: sums). Last line:

    checkin: users=200 rtt_ms=150 feedback_p99_ms=F reply_p99_s=R floor_s=FL reply_ratio=RR
    lost=L flood_429=Q

Context lines first, at the same round trip and limits: an echo application (PTB's
`concurrent_updates(32)` and `AIORateLimiter(max_retries=3)`, what a python-telegram-bot user
would write to respect the limits) answering 200 people who write at once, on PTB's default HTTP
client (httpx) and on the bot's own (bot/transport.py, aiohttp).

This process (the stand-in and the simulated people) measures with its automatic garbage
collection off (`bench.without_collector_pauses`): a collection's pause would stamp the
requests that reached the stand-in meanwhile late and together, a 429 the bot did not cause.

Memory: the bot process's peak resident size (VmHWM from /proc) at the end of each round; the
largest is printed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import math
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ContextTypes,
    MessageHandler,
    filters,
)

from bench import peak_rss_mb, without_collector_pauses
from bot.application import MAX_CONCURRENT_UPDATES
from bot.clock import SystemClock
from bot.services import Services
from bot.transport import AiohttpRequest
from bot.visits import check_new_visit
from sandbox.harness import TOKEN, enrol_started, settings_for
from sandbox.limits import RateLimits
from sandbox.standin import TelegramStandIn
from sandbox.users import SentMessage, SimulatedUser
from storage.roles import Role
from storage.sessions import SessionFields, SessionStore, Venue

REMINDER_BEFORE = timedelta(minutes=10)  # the visit's default 10-minute reminder
SETUP_SECONDS = 8.0  # the reminder falls due this long after the visit is seeded (bot start-up)
FIRST_USER_ID = 100_000
TELEGRAM_RATE = 30.0


def p99(values: list[float]) -> float:
    """The 99th percentile (nearest rank); inf when there is nothing."""
    if not values:
        return math.inf
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]


def new_standin(rtt_ms: float, jitter_ms: float) -> TelegramStandIn:
    """A stand-in with Telegram's limits on and the given network."""
    return TelegramStandIn(token=TOKEN, limits=RateLimits(), rtt_ms=rtt_ms, jitter_ms=jitter_ms)


def people(standin: TelegramStandIn, count: int) -> list[SimulatedUser]:
    """The participants, who pressed Start long ago."""
    users = [
        standin.user(f"Peserta{number:03d}", user_id=FIRST_USER_ID + number)
        for number in range(count)
    ]
    for user in users:
        user.started = True
    return users


@dataclass
class Round:
    """One round of presses, timed from the stand-in's records."""

    feedback: list[float]  # seconds, press -> first confirmation seen
    reply: list[float]  # seconds, press -> full reply arrived
    last_reply: float  # seconds from the first press to the last reply
    lost: int
    flood_429: int  # the whole round
    reminder_429: int  # of which while the reminders went out, before the presses
    peak_rss_mb: float  # the bot process's VmHWM


def _checkin_button(message: SentMessage) -> int | None:
    data = message.button_data()
    for index, value in enumerate(data):
        if value is not None and value.startswith("ci:"):
            return index
    return None


async def seed(database: Path, standin: TelegramStandIn, users: list[SimulatedUser]) -> int:
    """The visit, its participants and one session starting in ten minutes; the session id."""
    services = Services.create(settings_for(standin, database), SystemClock())
    await services.open()
    try:
        today = datetime.now(UTC).date()
        visit = await services.visits.create(
            check_new_visit(
                slug="bench",
                title="Bench visit",
                region="Banyuwangi",
                first_day=f"{today - timedelta(days=1):%Y-%m-%d}",
                last_day=f"{today + timedelta(days=2):%Y-%m-%d}",
                timezone="Asia/Jakarta",
                language="id",
            )
        )
        # This bench measures its own messages alone: the evening's reflection prompt (on by
        # default, open until noon the next day) would join them at some hours of the day.
        await services.learning.reflection.set_time(visit, "off")
        await enrol_started(services, visit.id, users, Role.PARTICIPANT)
        # The 10-minute reminder falls due a few seconds from now, once the bot is up.
        start = services.clock.now().replace(microsecond=0) + REMINDER_BEFORE
        start += timedelta(seconds=SETUP_SECONDS)
        fields = SessionFields(
            key="plenary",
            title_id="Pleno",
            title_en="Plenary",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            venue=Venue(name="Pendopo", latitude=-8.2192, longitude=114.3691),
        )
        await SessionStore(services.db).apply(visit.id, [fields], [], services.clock.now())
        session = await services.checkins.find_session(visit.id, "plenary")
        assert session is not None
        return session.id
    finally:
        await services.close()


def stored_checkins(database: Path, session_id: int) -> int:
    """Check-ins the bot stored for the session."""
    with contextlib.closing(sqlite3.connect(database)) as connection:
        row = connection.execute(
            "SELECT COUNT(*) FROM checkins WHERE session_id = ?", (session_id,)
        ).fetchone()
    return int(row[0])


async def checkin_round(
    count: int, rtt_ms: float, jitter_ms: float, folder: Path, timeout: float
) -> Round:
    """One round: reminders out, everyone presses Check in at once, replies timed."""
    standin = new_standin(rtt_ms, jitter_ms)
    await standin.start()
    users = people(standin, count)
    database = folder / "bench.sqlite3"
    session_id = await seed(database, standin, users)
    # The production entry point, on the system clock, in its own process (its own core).
    env = {
        **os.environ,
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": standin.api_root,
        "DATABASE_PATH": str(database),
        "LOG_LEVEL": "ERROR",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:

        def reminder_of(user: SimulatedUser) -> SentMessage | None:
            for message in reversed(user.messages):
                if _checkin_button(message) is not None:
                    return message
            return None

        # 1. The bot's own reminder goes out to everyone, paced under the limits.
        await standin.wait_until(
            lambda: all(reminder_of(user) for user in users),
            timeout=timeout,
            what="everyone's reminder",
        )
        await asyncio.sleep(1.5)  # the buckets fill again, as they would before people react

        reminder_429 = standin.rate_limit_violations
        # 2. Everyone presses Check in at the same moment.
        pressed_at: dict[int, float] = {}
        marks: dict[int, int] = {}
        reminders: dict[int, SentMessage] = {}
        answers_before: dict[int, int] = {}
        for user in users:
            reminder = reminder_of(user)
            assert reminder is not None
            reminders[user.id] = reminder
            marks[user.id] = user.mark()
            answers_before[user.id] = len(user.callback_answers)

        async def press(user: SimulatedUser) -> None:
            reminder = reminders[user.id]
            index = _checkin_button(reminder)
            assert index is not None
            pressed_at[user.id] = time.perf_counter()
            await user.press(index, reminder)

        def replied(user: SimulatedUser) -> bool:
            return bool(user.messages_since(marks[user.id]))

        await asyncio.gather(*(press(user) for user in users))
        with contextlib.suppress(TimeoutError):
            await standin.wait_until(
                lambda: all(replied(user) for user in users), timeout=timeout, what="replies"
            )
        await asyncio.sleep(1.0)  # anything late (a second copy) is counted too
        memory = peak_rss_mb(process.pid)

        # 3. Timed from the stand-in's records.
        feedback: list[float] = []
        reply: list[float] = []
        reply_moments: list[float] = []
        lost = 0
        for user in users:
            pressed = pressed_at[user.id]
            seen: list[float] = [
                a.answered_at for a in user.callback_answers[answers_before[user.id] :]
            ]
            edited = reminders[user.id].edited_at
            if edited is not None and edited >= pressed:
                seen.append(edited)
            new = user.messages_since(marks[user.id])
            if new:
                seen.append(new[0].sent_at)
                reply.append(new[0].sent_at - pressed)
                reply_moments.append(new[0].sent_at)
            else:
                lost += 1
            if seen:
                feedback.append(min(seen) - pressed)
        lost = max(lost, count - stored_checkins(database, session_id))
        first_press = min(pressed_at.values())
        last_reply = max(reply_moments) - first_press if reply_moments else math.inf
        return Round(
            feedback, reply, last_reply, lost, standin.rate_limit_violations, reminder_429, memory
        )
    finally:
        if process.returncode is None:
            process.terminate()
            await process.wait()
        await standin.stop()


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Say the same text back."""
    message = update.effective_message
    if message is not None and message.text:
        await message.reply_text(message.text)


async def echo_run(
    count: int, rtt_ms: float, jitter_ms: float, timeout: float, bots_client: bool
) -> str:
    """PTB's echo with 32 updates at once and AIORateLimiter(max_retries=3); a context line."""
    standin = new_standin(rtt_ms, jitter_ms)
    await standin.start()
    users = people(standin, count)
    builder = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(f"{standin.api_root}/bot")
        .base_file_url(f"{standin.api_root}/file/bot")
        .concurrent_updates(MAX_CONCURRENT_UPDATES)
        .rate_limiter(AIORateLimiter(max_retries=3))
    )
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
        warm = standin.user("Pemanasan", user_id=FIRST_USER_ID - 1)
        await warm.send("halo")
        await standin.wait_until(lambda: warm.messages, timeout=timeout, what="warm-up")
        await asyncio.sleep(1.0)
        sent_at: dict[int, float] = {}

        async def send(user: SimulatedUser) -> None:
            sent_at[user.id] = time.perf_counter()
            await user.send("halo")

        await asyncio.gather(*(send(user) for user in users))
        with contextlib.suppress(TimeoutError):
            await standin.wait_until(
                lambda: all(user.messages for user in users), timeout=timeout, what="echoes"
            )
        latencies = [u.messages[0].sent_at - sent_at[u.id] for u in users if u.messages]
        lost = count - len(latencies)
        last = max((u.messages[0].sent_at for u in users if u.messages), default=math.inf)
        last_s = last - min(sent_at.values())
        client = "the bot's client" if bots_client else "PTB's default client"
        return (
            f"context: echo, {MAX_CONCURRENT_UPDATES} updates at once,"
            f" AIORateLimiter(max_retries=3), {client}: reply_p99_s={p99(latencies):.2f}"
            f" last_reply_s={last_s:.2f} reply_ratio={last_s / (count / TELEGRAM_RATE):.3f}"
            f" lost={lost} flood_429={standin.rate_limit_violations}"
        )
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
        await standin.stop()


async def main(count: int, rtt_ms: float, jitter_ms: float, timeout: float, rounds: int) -> str:
    """The context lines, the rounds, and the result line (returned)."""
    for bots_client in (False, True):
        print(await echo_run(count, rtt_ms, jitter_ms, timeout, bots_client), flush=True)
    floor = count / TELEGRAM_RATE
    results: list[Round] = []
    for number in range(1, rounds + 1):
        with tempfile.TemporaryDirectory(prefix="bench-checkin-") as folder:
            result = await checkin_round(count, rtt_ms, jitter_ms, Path(folder), timeout)
        results.append(result)
        print(
            f"round {number}: feedback_p99_ms={p99(result.feedback) * 1000:.0f}"
            f" feedback_max_ms={max(result.feedback, default=math.inf) * 1000:.0f}"
            f" reply_p99_s={p99(result.reply):.2f} last_reply_s={result.last_reply:.2f}"
            f" reply_ratio={result.last_reply / floor:.3f}"
            f" lost={result.lost} flood_429={result.flood_429}"
            f" (during the reminders: {result.reminder_429})",
            flush=True,
        )
    feedback_ms = statistics.median(p99(r.feedback) for r in results) * 1000
    reply_s = statistics.median(p99(r.reply) for r in results)
    ratio = statistics.median(r.last_reply for r in results) / floor
    peak = max(r.peak_rss_mb for r in results)
    print(f"memory: bot_process_peak_rss_mb={peak:.1f} (python -m bot, VmHWM, largest round)")
    return (
        f"checkin: users={count} rtt_ms={rtt_ms:g} feedback_p99_ms={feedback_ms:.0f}"
        f" reply_p99_s={reply_s:.2f} floor_s={floor:.2f} reply_ratio={ratio:.3f}"
        f" lost={sum(r.lost for r in results)} flood_429={sum(r.flood_429 for r in results)}"
    )


def cli() -> None:
    """Parse the arguments, run, print the result line last."""
    parser = argparse.ArgumentParser(prog="python -m bench.checkin", description=__doc__)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--rtt-ms", type=float, default=150.0)
    parser.add_argument("--jitter-ms", type=float, default=20.0)
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds to wait per step")
    parser.add_argument("--rounds", type=int, default=3, help="the figures are medians")
    arguments = parser.parse_args()
    # Stopping the echo cuts its last long poll off mid-request; the stand-in's server logs it.
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)
    with without_collector_pauses():
        line = asyncio.run(
            main(
                arguments.users,
                arguments.rtt_ms,
                arguments.jitter_ms,
                arguments.timeout,
                max(1, arguments.rounds),
            )
        )
    print(line)


if __name__ == "__main__":
    cli()
