"""Reminder bench: a visit's reminders and briefing sent by the real bot, which is killed with
`kill -9` halfway and started again; what was expected against what arrived, from the
stand-in's side.

    python -m bench.reminders --participants 100 --sessions 20 --rtt-ms 150

The bot runs as `python -m bot` (the production entry point) in its own process, on the system
clock, against a stand-in in this process that enforces Telegram's limits (`RateLimits()`) with
a round trip of `--rtt-ms` (± `--jitter-ms`). So that everything falls due within the run, the
visit's settings are real settings made short: reminders 2 and 1 minutes before each session,
the sessions `--spacing-s` seconds apart starting two minutes from now, and the day's briefing
at the next whole minute after the first reminder (all of today's sessions in it). When half of
the expected messages have arrived the bot is killed with SIGKILL (no clean-up of any kind) and
started again at once over the same database.

Counted per person and per session (reminders) or day (briefing): `missing` expected messages
that never arrived, `duplicates` extra copies. A message whose request or answer was on the wire
when the bot was killed (recorded by the stand-in within half a round trip, plus jitter, of the
kill) may come twice by design (docs/delivery.md): those are counted as `ambiguous`, and
duplicates up to that number are the promise, not a loss of it. A batch is everything due at one
moment, timed from its due time to its last message (real seconds).

This process (the stand-in and the simulated people) measures with its automatic garbage
collection off (`bench.without_collector_pauses`), so that its pauses do not stamp requests
late and together (a 429 the bot did not cause).

Last line: `reminders: participants=P sessions=S rtt_ms=T expected=E delivered=D missing=M
duplicates=X ambiguous=A batch_p99_s=B flood_429=Q`; a line before it gives the bot process's
peak memory (VmHWM, the larger of the two processes).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import math
import os
import signal
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench import peak_rss_mb, without_collector_pauses
from bot.clock import SystemClock
from bot.services import Services
from bot.visits import check_new_visit, zone_of
from sandbox.harness import TOKEN, enrol_started, settings_for
from sandbox.limits import RateLimits
from sandbox.standin import TelegramStandIn
from sandbox.users import SentMessage, SimulatedUser
from storage.roles import Role
from storage.sessions import SessionFields

OFFSETS = (2, 1)  # minutes before each session
LEAD = timedelta(seconds=20)  # from seeding to the first reminder (the bot starts meanwhile)
FIRST_USER_ID = 10_000


def p99(values: list[float]) -> float:
    """The 99th percentile (nearest rank)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]


async def start_bot(standin: TelegramStandIn, database: Path) -> asyncio.subprocess.Process:
    """The production entry point, pointed at the stand-in."""
    env = {
        **os.environ,
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": standin.api_root,
        "DATABASE_PATH": str(database),
        "LOG_LEVEL": "ERROR",
    }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )


async def seed(
    database: Path,
    standin: TelegramStandIn,
    users: list[SimulatedUser],
    count: int,
    spacing: timedelta,
) -> tuple[list[SessionFields], datetime]:
    """The visit, its short reminder settings, the agenda and the participants.

    Returns the sessions and the briefing's due moment.
    """
    services = Services.create(settings_for(standin, database), SystemClock())
    await services.open()
    try:
        # Whole seconds: the database keeps times to the second, so the due times match.
        now = services.clock.now().replace(microsecond=0)
        today = now.date()
        visit = await services.visits.create(
            check_new_visit(
                slug="bench",
                title="Bench visit",
                region="Banyuwangi",
                first_day=f"{today - timedelta(days=1):%Y-%m-%d}",
                last_day=f"{today + timedelta(days=1):%Y-%m-%d}",
                timezone="Asia/Jakarta",
                language="id",
            )
        )
        # This bench measures its own messages alone: the evening's reflection prompt (on by
        # default, open until noon the next day) would join them at some hours of the day.
        await services.learning.reflection.set_time(visit, "off")
        zone = zone_of(visit)
        first_reminder = now + LEAD
        first_start = first_reminder + timedelta(minutes=max(OFFSETS))
        briefing = (first_reminder + timedelta(minutes=1)).astimezone(zone)
        briefing = briefing.replace(second=0, microsecond=0)
        await services.reminders.change_settings(
            visit, "reminders", ",".join(str(o) for o in OFFSETS)
        )
        fresh = await services.visits.store.get(visit.id)
        assert fresh is not None
        await services.reminders.change_settings(fresh, "briefing", f"{briefing:%H:%M}")
        agenda = [
            SessionFields(
                key=f"s{number:02d}",
                title_id=f"Sesi {number:02d}",
                title_en=f"Session {number:02d}",
                starts_at=first_start + number * spacing,
                ends_at=first_start + number * spacing + timedelta(minutes=30),
            )
            for number in range(count)
        ]
        fresh = await services.visits.store.get(visit.id)
        assert fresh is not None
        # The agenda before the people: loading it then tells nobody about new sessions.
        await services.agenda.load(fresh, agenda, actor_id=None)
        await enrol_started(services, visit.id, users, Role.PARTICIPANT)
        local_days = {s.starts_at.astimezone(zone).date() for s in agenda}
        assert local_days == {briefing.date()}, "the run crosses midnight in Jakarta"
        return agenda, briefing.astimezone(UTC)
    finally:
        await services.close()


def counted_as(message: SentMessage) -> str | None:
    """'Sesi NN' for a reminder, 'briefing' for the day's briefing, None for anything else."""
    title = reminder_title(message)
    if title is None and "☀️" in (message.text or ""):
        return "briefing"
    return title


def reminder_title(message: SentMessage) -> str | None:
    """The session a reminder is about ('Sesi NN'), None for other messages."""
    text = message.text or ""
    if "🔔" not in text:
        return None
    title = text.split("🔔 ", 1)[1].split(" dimulai")[0].split(" starts at")[0]
    return title.replace("Session", "Sesi")


async def bench(
    participants: int, sessions: int, rtt_ms: float, jitter_ms: float, spacing_s: float
) -> str:
    """Run the bench; print context lines and return the last line."""
    standin = TelegramStandIn(token=TOKEN, limits=RateLimits(), rtt_ms=rtt_ms, jitter_ms=jitter_ms)
    await standin.start()
    users = [
        standin.user(
            f"P{number:03d}",
            user_id=FIRST_USER_ID + number,
            language_code="id" if number % 3 else "en",
        )
        for number in range(participants)
    ]
    processes: list[asyncio.subprocess.Process] = []
    peaks: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-reminders-") as folder:
        database = Path(folder) / "bench.sqlite3"
        try:
            agenda, briefing_at = await seed(
                database, standin, users, sessions, timedelta(seconds=spacing_s)
            )
            wall0, perf0 = datetime.now(UTC), time.perf_counter()

            def perf_of(moment: datetime) -> float:
                return perf0 + (moment - wall0).total_seconds()

            expected: Counter[tuple[int, str]] = Counter()
            for user in users:
                for session in agenda:
                    expected[(user.id, session.title_id)] += len(OFFSETS)
                expected[(user.id, "briefing")] += 1
            total = sum(expected.values())

            def delivered_now() -> int:
                # Reminders and briefings only: the visit's other planned messages (the
                # evening's reflection prompt) reach the same people and are not counted.
                return sum(1 for user in users for message in user.messages if counted_as(message))

            processes.append(await start_bot(standin, database))
            await standin.wait_until(
                lambda: delivered_now() >= total // 2, timeout=1200, what="half the messages"
            )
            first = processes[0]
            peaks.append(peak_rss_mb(first.pid))
            first.send_signal(signal.SIGKILL)  # no clean-up of any kind
            killed_at = time.perf_counter()
            await first.wait()
            at_kill = delivered_now()
            processes.append(await start_bot(standin, database))
            last_due = max(s.starts_at for s in agenda) - timedelta(minutes=min(OFFSETS))
            wait = max(0.0, perf_of(last_due) - time.perf_counter()) + 120
            with contextlib.suppress(TimeoutError):
                await standin.wait_until(
                    lambda: delivered_now() >= total, timeout=wait, what="every message"
                )
            await asyncio.sleep(3.0)  # a late second copy is counted too
            peaks.append(peak_rss_mb(processes[1].pid))
        finally:
            for process in processes:
                if process.returncode is None:
                    process.terminate()
                    await process.wait()
            await standin.stop()

    received: Counter[tuple[int, str]] = Counter()
    moments: dict[tuple[str, int], list[float]] = defaultdict(list)  # (what, nth) -> sent_at
    margin = (rtt_ms / 2 + jitter_ms) / 1000
    ambiguous = 0
    for user in users:
        nth: Counter[str] = Counter()
        for message in user.messages:
            title = counted_as(message)
            if title is None:
                continue
            if killed_at - margin <= message.sent_at <= killed_at + margin:
                ambiguous += 1
            received[(user.id, title)] += 1
            moments[(title, nth[title])].append(message.sent_at)
            nth[title] += 1
    delivered = sum(min(expected[k], received[k]) for k in expected)
    missing = sum(max(0, expected[k] - received[k]) for k in expected)
    duplicates = sum(max(0, received[k] - expected[k]) for k in received)

    # Batches: every reminder of one session and offset, and the briefing.
    due: dict[tuple[str, int], datetime] = {("briefing", 0): briefing_at}
    for session in agenda:
        for index, offset in enumerate(OFFSETS):  # the earlier reminder first
            due[(session.title_id, index)] = session.starts_at - timedelta(minutes=offset)
    batches = {
        key: max(moments[key]) - perf_of(moment) for key, moment in due.items() if moments[key]
    }
    worst = max(batches, key=lambda key: batches[key])
    print(
        f"restart: kill -9 after {at_kill} of {total} messages;"
        f" ambiguous={ambiguous} (recorded within {margin * 1000:.0f} ms of the kill)"
    )
    print(
        f"batches: {len(batches)} of {participants} messages each;"
        f" p50={sorted(batches.values())[len(batches) // 2]:.2f}s"
        f" worst={batches[worst]:.2f}s ({worst[0]}, #{worst[1] + 1})"
    )
    lacking: Counter[str] = Counter()
    for (_, what), count in expected.items():
        lacking[what] += max(0, count - received[(_, what)])
    if any(lacking.values()):
        print("missing: " + ", ".join(f"{what}={n}" for what, n in sorted(lacking.items()) if n))
    print(
        f"memory: bot_process_peak_rss_mb={max(peaks):.1f}"
        f" (python -m bot, VmHWM; before the kill {peaks[0]:.1f}, after the restart"
        f" {peaks[-1]:.1f})"
    )
    return (
        f"reminders: participants={participants} sessions={sessions} rtt_ms={rtt_ms:g}"
        f" expected={total} delivered={delivered} missing={missing} duplicates={duplicates}"
        f" ambiguous={ambiguous} batch_p99_s={p99(list(batches.values())):.3f}"
        f" flood_429={standin.rate_limit_violations}"
    )


def main() -> None:
    """Parse the arguments, run, print."""
    parser = argparse.ArgumentParser(prog="python -m bench.reminders", description=__doc__)
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rtt-ms", type=float, default=150.0)
    parser.add_argument("--jitter-ms", type=float, default=20.0)
    parser.add_argument(
        "--spacing-s", type=float, default=8.0, help="seconds between two sessions' starts"
    )
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    # The kill cuts requests off mid-body; the stand-in's server logs each: expected, not news.
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)
    started = time.perf_counter()
    with without_collector_pauses():
        line = asyncio.run(
            bench(
                arguments.participants,
                arguments.sessions,
                arguments.rtt_ms,
                arguments.jitter_ms,
                arguments.spacing_s,
            )
        )
    print(f"(took {time.perf_counter() - started:.1f} s of real time)")
    print(line)


if __name__ == "__main__":
    main()
