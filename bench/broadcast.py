"""Broadcast benchmark: one announcement to N participants through the real application and the
stand-in with Telegram's limits enforced — clean, with faults, and a baseline loop over
`bot.send_message` with python-telegram-bot's AIORateLimiter, all in the same run.

    python -m bench.broadcast --recipients 1000 --rtt-ms 150

Every run's stand-in enforces Telegram's limits (`RateLimits()`) and puts a round trip of
`--rtt-ms` (± `--jitter-ms`) between the bot and "Telegram". The floor is `recipients / 30` s
from the first send with an empty bucket. The baseline is the strongest thing a
python-telegram-bot user would write: `AIORateLimiter(max_retries=3)` with the sends issued
concurrently (`asyncio.gather` over chunks of 30), retrying 5xx and dropped connections with a
backoff, on the same stand-in and faults.

Each run gets a fresh stand-in and database. Counts come from the stand-in's side: who got
the message exactly once, who never got it (lost), extra copies (duplicates), and how many
injected faults were "accepted, then the reply was lost" (ambiguous; only those can duplicate).
The last line is `broadcast: recipients=N rtt_ms=T clean_ratio=R1 faulty_ratio=R2
baseline_ratio=R3 clean_normal_ratio=R4 lost=L duplicates=D ambiguous=A flood_429=Q` (one line),
ratios being elapsed / floor (floor = N / 30 s); lost, duplicates and ambiguous add up the two
runs of the bot (clean and faulty); flood_429 is the 429s the stand-in's limits drew in the
clean run (injected 429s are faults, not counted there).

What `synchronous=FULL` costs: the clean run is repeated with the database opened with
`synchronous=NORMAL` (the bot's setting before), and a context line compares the two, with the
average time of one committed single-row write under each setting, on the same disk.

Memory is measured on the bot alone in a fourth, clean run where the bot is its own process
(`python -m bot`, the production entry point, pointed at the stand-in): its peak resident size
(VmHWM) while the organiser announces to everyone and the broadcast goes out.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import AIORateLimiter, ExtBot

from bench import peak_rss_mb
from bot.clock import SystemClock
from bot.services import Services
from bot.visits import check_new_visit
from sandbox.harness import TOKEN, Member, Rehearsal, enrol_started, settings_for, start_live_bot
from sandbox.limits import Faults, RateLimits
from sandbox.standin import TelegramStandIn
from sandbox.users import SentMessage, SimulatedUser
from storage.database import Database
from storage.roles import Role

TELEGRAM_RATE = 30.0
TEXT = "Bus ke Kemiren berangkat pukul 08.15 dari lobi hotel."
FIRST_RECIPIENT = 200_000
RUN_TIMEOUT = 600.0


def faults() -> Faults:
    """5% 5xx, 2% dropped connections (half after the message was accepted), 1% 429."""
    return Faults(
        server_error_rate=0.05,
        drop_before_rate=0.01,
        drop_after_rate=0.01,
        too_many_requests_rate=0.01,
        retry_after=1,
    )


@dataclass
class Outcome:
    """One run, as the stand-in saw it."""

    name: str
    elapsed: float
    exactly_once: int
    lost: int
    duplicates: int
    ambiguous: int
    flood_429: int  # refused by the stand-in's limits (injected 429s not included)

    def ratio(self, floor: float) -> float:
        """Elapsed time against the floor the limits set."""
        return self.elapsed / floor


class Recipients:
    """The simulated participants of one run and when each first got the message."""

    def __init__(self, standin: TelegramStandIn, count: int) -> None:
        self.standin = standin
        self.users: list[SimulatedUser] = []
        for number in range(count):
            user = standin.user(f"Peserta {number}", user_id=FIRST_RECIPIENT + number)
            user.started = True  # they pressed Start long ago
            self.users.append(user)
        self.ids = {user.id for user in self.users}
        self.first_at: dict[int, float] = {}
        standin.listeners.append(self._seen)

    def _seen(self, event: str, message: SentMessage) -> None:
        if event == "sent" and message.chat_id in self.ids:
            self.first_at.setdefault(message.chat_id, time.perf_counter())

    def everyone_reached(self) -> bool:
        """Whether each recipient has the message."""
        return len(self.first_at) == len(self.ids)

    def outcome(self, name: str, started: float) -> Outcome:
        """Count from the stand-in's side."""
        counts = [self.standin.delivery_counts(user.id) for user in self.users]
        ambiguous = sum(
            1
            for call in self.standin.calls
            if call.dropped_after_accept and call.params.get("chat_id") in self.ids
        )
        last = max(self.first_at.values(), default=time.perf_counter())
        return Outcome(
            name=name,
            elapsed=last - started,
            exactly_once=sum(1 for c in counts if c == 1),
            lost=sum(1 for c in counts if c == 0),
            duplicates=sum(c - 1 for c in counts if c > 1),
            ambiguous=ambiguous,
            flood_429=self.standin.rate_limit_violations,
        )


async def wait_for(condition: Callable[[], bool], timeout: float) -> bool:
    """Poll a condition (every 20 ms) until it holds or the time is up."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            return False
        await asyncio.sleep(0.02)
    return True


@dataclass(frozen=True)
class Network:
    """The round trip between the bot and the stand-in."""

    rtt_ms: float
    jitter_ms: float

    def standin(self, faults: Faults | None = None) -> TelegramStandIn:
        """A stand-in with Telegram's limits on, this network and these faults."""
        return TelegramStandIn(
            token=TOKEN,
            limits=RateLimits(),
            faults=faults,
            rtt_ms=self.rtt_ms,
            jitter_ms=self.jitter_ms,
        )


def days_around_today() -> tuple[str, str]:
    """A visit on now (yesterday to tomorrow): one that ended long ago is purged by retention
    (RETENTION_DAYS) as soon as a bot on the system clock starts."""
    today = datetime.now(UTC).date()
    return f"{today - timedelta(days=1):%Y-%m-%d}", f"{today + timedelta(days=1):%Y-%m-%d}"


async def bot_run(
    name: str, count: int, workdir: Path, with_faults: bool, network: Network
) -> Outcome:
    """The real bot: an organiser announces to every participant through /announce."""
    standin = network.standin()
    await standin.start()
    _, live = await start_live_bot(
        workdir / f"{name}.sqlite3", clock=SystemClock(), standin=standin
    )
    world = Rehearsal(standin, live)
    try:
        services = world.services
        visit = await services.visits.create(
            check_new_visit(
                slug="banyuwangi-2025",
                title="Sesdilu Banyuwangi",
                region="Banyuwangi, Jawa Timur",
                first_day=days_around_today()[0],
                last_day=days_around_today()[1],
                timezone="Asia/Jakarta",
                language="id",
            )
        )
        # The announcement alone: the evening's reflection prompt (on by default, open until
        # noon the next day) would reach the same people at some hours of the day.
        await services.learning.reflection.set_time(visit, "off")
        recipients = Recipients(standin, count)
        await enrol_started(services, visit.id, recipients.users, Role.PARTICIPANT)
        organiser: Member = await world.join("Tubagus", Role.ORGANISER, visit.id)
        await organiser.send("/announce")
        await organiser.send(TEXT)
        await organiser.press(f"Peserta ({count})")
        await organiser.press("Biasa")
        await organiser.press("Tidak perlu")
        if with_faults:
            standin.faults = faults()
        started = time.perf_counter()
        await organiser.user.press("📤 Kirim")  # not settled: the broadcast takes a while
        outbox = services.outbox.store

        await wait_for(recipients.everyone_reached, RUN_TIMEOUT)
        deadline = time.perf_counter() + RUN_TIMEOUT
        while time.perf_counter() < deadline:  # late retries may still add duplicates
            if not (await outbox.count_by_state("announcement")).get("pending"):
                break
            await asyncio.sleep(0.1)
        return recipients.outcome(name, started)
    finally:
        await world.close()


@contextmanager
def synchronous(mode: str) -> Iterator[None]:
    """Open databases with this `PRAGMA synchronous` setting (the bot's own is FULL)."""
    saved = Database.synchronous
    Database.synchronous = mode
    try:
        yield
    finally:
        Database.synchronous = saved


async def commit_ms(workdir: Path, mode: str, commits: int = 500) -> float:
    """The average time of one committed single-row write with this setting, in ms."""
    with synchronous(mode):
        db = Database(workdir / f"commits-{mode}.sqlite3")
        await db.open()
    try:
        await db.execute("CREATE TABLE probe (id INTEGER PRIMARY KEY, state TEXT)")
        started = time.perf_counter()
        for _ in range(commits):
            await db.execute("INSERT INTO probe (state) VALUES ('sent')")
        return (time.perf_counter() - started) / commits * 1000
    finally:
        await db.close()


BASELINE_CHUNK = 30  # sends issued at once by the baseline (one second's worth)


async def baseline_run(count: int, network: Network) -> Outcome:
    """bot.send_message through AIORateLimiter(max_retries=3), chunks of sends issued at once
    with asyncio.gather, 5xx and dropped connections retried with a backoff."""
    standin = network.standin(faults())
    await standin.start()
    recipients = Recipients(standin, count)
    bot = ExtBot(
        TOKEN,
        base_url=f"{standin.api_root}/bot",
        base_file_url=f"{standin.api_root}/file/bot",
        rate_limiter=AIORateLimiter(max_retries=3),
    )

    async def send(user: SimulatedUser) -> None:
        for attempt in range(6):
            try:
                await bot.send_message(user.id, TEXT)
                return
            except (BadRequest, Forbidden):
                return
            except RetryAfter:
                return  # AIORateLimiter gave up after its own retries
            except NetworkError:  # 5xx, timeouts, dropped connections
                await asyncio.sleep(min(60.0, 0.5 * 2**attempt))

    try:
        await bot.initialize()
        started = time.perf_counter()
        users = recipients.users
        for first in range(0, len(users), BASELINE_CHUNK):
            await asyncio.gather(*(send(user) for user in users[first : first + BASELINE_CHUNK]))
        return recipients.outcome("baseline", started)
    finally:
        await bot.shutdown()
        await standin.stop()


async def seed_visit(database: Path, standin: TelegramStandIn, count: int) -> SimulatedUser:
    """A database with the visit, `count` participants and an organiser (who is returned)."""
    services = Services.create(settings_for(standin, database), SystemClock())
    await services.open()
    try:
        visit = await services.visits.create(
            check_new_visit(
                slug="banyuwangi-2025",
                title="Sesdilu Banyuwangi",
                region="Banyuwangi, Jawa Timur",
                first_day=days_around_today()[0],
                last_day=days_around_today()[1],
                timezone="Asia/Jakarta",
                language="id",
            )
        )
        # The announcement alone: the evening's reflection prompt (on by default, open until
        # noon the next day) would reach the same people at some hours of the day.
        await services.learning.reflection.set_time(visit, "off")
        organiser = standin.user("Tubagus", user_id=FIRST_RECIPIENT - 1, username="tubagus")
        await enrol_started(services, visit.id, [organiser], Role.ORGANISER)
        await enrol_started(services, visit.id, Recipients(standin, count).users, Role.PARTICIPANT)
        return organiser
    finally:
        await services.close()


async def press_when_shown(standin: TelegramStandIn, user: SimulatedUser, button: str) -> None:
    """Wait until the bot shows a button to the user, then press it."""

    def shown() -> SentMessage | None:
        for message in reversed(user.messages):
            if button in message.button_texts():
                return message
        return None

    message = await standin.wait_until(shown, timeout=30, what=f"the button {button!r}")
    await user.press(button, message)


async def bot_process_memory(count: int, workdir: Path, network: Network) -> float:
    """Run `python -m bot` against the stand-in through one announcement; its peak memory."""
    standin = network.standin()
    await standin.start()
    database = workdir / "process.sqlite3"
    organiser = await seed_visit(database, standin, count)
    recipients = [user for user in standin.users.values() if user.id >= FIRST_RECIPIENT]
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
        await organiser.send("/announce")
        await standin.wait_until(lambda: organiser.messages, timeout=60, what="the bot's answer")
        await organiser.send(TEXT)
        await press_when_shown(standin, organiser, f"Peserta ({count})")
        await press_when_shown(standin, organiser, "Biasa")
        await press_when_shown(standin, organiser, "Tidak perlu")
        await press_when_shown(standin, organiser, "📤 Kirim")
        await standin.wait_until(
            lambda: all(standin.delivery_counts(user.id) for user in recipients),
            timeout=RUN_TIMEOUT,
            what="everyone reached",
        )
        return peak_rss_mb(process.pid)
    finally:
        if process.returncode is None:
            process.terminate()
            await process.wait()
        await standin.stop()


async def main_async(count: int, network: Network) -> None:
    """Run the three broadcasts, then the memory run, and print the figures."""
    floor = count / TELEGRAM_RATE

    def report(run: Outcome) -> Outcome:
        # Each run's line as soon as it ends: a later failure does not take it along.
        print(
            f"{run.name}: elapsed={run.elapsed:.2f}s floor={floor:.2f}s"
            f" ratio={run.ratio(floor):.3f} exactly_once={run.exactly_once} lost={run.lost}"
            f" duplicates={run.duplicates} ambiguous={run.ambiguous}"
            f" flood_429={run.flood_429}",
            flush=True,
        )
        return run

    with tempfile.TemporaryDirectory(prefix="bench-broadcast-") as folder:
        workdir = Path(folder)
        clean = report(await bot_run("clean", count, workdir, False, network))
        with synchronous("NORMAL"):
            clean_normal = report(await bot_run("clean_normal", count, workdir, False, network))
        full_ms = await commit_ms(workdir, "FULL")
        normal_ms = await commit_ms(workdir, "NORMAL")
        faulty = report(await bot_run("faulty", count, workdir, True, network))
        baseline = report(await baseline_run(count, network))
        memory = await bot_process_memory(count, workdir, network)
    print(
        f"synchronous: clean_ratio FULL={clean.ratio(floor):.3f}"
        f" NORMAL={clean_normal.ratio(floor):.3f};"
        f" one commit FULL={full_ms:.2f}ms NORMAL={normal_ms:.2f}ms"
    )
    print(f"memory: bot_process_peak_rss_mb={memory:.1f} (python -m bot, {count} recipients)")
    bot_runs = (clean, faulty)
    print(
        f"broadcast: recipients={count} rtt_ms={network.rtt_ms:g}"
        f" clean_ratio={clean.ratio(floor):.3f}"
        f" faulty_ratio={faulty.ratio(floor):.3f}"
        f" baseline_ratio={baseline.ratio(floor):.3f}"
        f" clean_normal_ratio={clean_normal.ratio(floor):.3f}"
        f" lost={sum(r.lost for r in bot_runs)}"
        f" duplicates={sum(r.duplicates for r in bot_runs)}"
        f" ambiguous={sum(r.ambiguous for r in bot_runs)}"
        f" flood_429={clean.flood_429}"
    )


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--recipients", type=int, default=1000)
    parser.add_argument("--rtt-ms", type=float, default=150.0)
    parser.add_argument("--jitter-ms", type=float, default=20.0)
    args = parser.parse_args(argv)
    if args.recipients < 1:
        parser.error("--recipients must be at least 1")
    logging.basicConfig(level=logging.CRITICAL)  # the faults are on purpose; keep the output clean
    asyncio.run(main_async(args.recipients, Network(args.rtt_ms, args.jitter_ms)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
