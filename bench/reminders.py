"""Reminder bench: plan a visit's reminders and briefings, live through it, restart halfway,
and count from the stand-in's side what was expected against what arrived.

    python -m bench.reminders --participants 100 --sessions 20

Last line: `reminders: expected=E delivered=D missing=M duplicates=X batch_p99_s=P`, where a
batch is everything due at one moment, timed (real seconds) from the clock reaching the due
time to the batch's last message. Telegram's rate limits are off here.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import math
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.clock import ManualClock
from bot.visits import check_new_visit, zone_of
from sandbox.harness import Rehearsal, enrol_started, start_live_bot
from storage.roles import Role
from storage.sessions import SessionFields

FIRST_DAY = datetime(2025, 10, 29, tzinfo=UTC)
DAYS = 3
START = datetime(2025, 10, 28, 2, 0, tzinfo=UTC)  # the day before, 09:00 in Jakarta
MAX_STEP = timedelta(hours=6)


def p99(values: list[float]) -> float:
    """The 99th percentile (nearest rank)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]


async def bench(participants: int, sessions: int) -> str:
    """Run the bench and return its last line."""
    with tempfile.TemporaryDirectory() as folder:
        standin, live = await start_live_bot(
            Path(folder) / "bench.sqlite3", clock=ManualClock(START), organiser_ids=[1]
        )
        world = Rehearsal(standin, live)
        try:
            return await _run(world, participants, sessions)
        finally:
            await world.close()


async def _run(world: Rehearsal, participants: int, count: int) -> str:
    services = world.services
    visit = await services.visits.create(
        check_new_visit(
            slug="bench",
            title="Bench visit",
            region="Banyuwangi",
            first_day=f"{FIRST_DAY:%Y-%m-%d}",
            last_day=f"{FIRST_DAY + timedelta(days=DAYS - 1):%Y-%m-%d}",
            timezone="Asia/Jakarta",
            language="id",
        )
    )
    users = [
        world.standin.user(
            f"P{number:03d}", user_id=10_000 + number, language_code="id" if number % 3 else "en"
        )
        for number in range(participants)
    ]
    await enrol_started(services, visit.id, users, Role.PARTICIPANT)

    # Sessions spread over the days, 08:00-20:00 local, every 30 to 90 minutes.
    zone = zone_of(visit)
    per_day = math.ceil(count / DAYS)
    agenda = []
    for number in range(count):
        on = (FIRST_DAY + timedelta(days=number // per_day)).date()
        slot = number % per_day
        local = datetime(on.year, on.month, on.day, 8, 0, tzinfo=zone) + timedelta(
            minutes=slot * (12 * 60 // per_day)
        )
        agenda.append(
            SessionFields(
                key=f"s{number:02d}",
                title_id=f"Sesi {number:02d}",
                title_en=f"Session {number:02d}",
                starts_at=local.astimezone(UTC),
                ends_at=(local + timedelta(minutes=30)).astimezone(UTC),
            )
        )
    await services.agenda.load(visit, agenda, actor_id=None)
    settings = await services.reminders.settings(visit)
    assert settings.briefing is not None

    expected: Counter[tuple[int, str]] = Counter()
    days_with_sessions = {s.starts_at.astimezone(zone).date() for s in agenda}
    for user in users:
        for session in agenda:
            expected[(user.id, session.title_id)] += len(settings.offsets)
        for on in days_with_sessions:
            expected[(user.id, f"briefing {on}")] += 1

    end = FIRST_DAY + timedelta(days=DAYS + 1)
    halfway = FIRST_DAY + timedelta(days=DAYS / 2)
    restarted = False
    clock = world.clock
    batches: list[float] = []
    store = services.delivery.store
    while clock.now() < end:
        if not restarted and clock.now() >= halfway:
            await world.restart()
            restarted = True
            store = world.services.delivery.store
        next_due = await store.next_due_at()
        target = min(end, clock.now() + MAX_STEP)
        if next_due is not None and clock.now() < next_due < target:
            target = next_due
        before = sum(len(u.messages) for u in users)
        began = time.perf_counter()
        await clock.move_to(target)
        await world.settle()
        if sum(len(u.messages) for u in users) > before:
            batches.append(time.perf_counter() - began)

    received: Counter[tuple[int, str]] = Counter()
    for user in users:
        for message in user.messages:
            text = message.text or ""
            if "🔔" in text:
                title = text.split("🔔 ", 1)[1].split(" dimulai")[0].split(" starts at")[0]
                received[(user.id, title.replace("Session", "Sesi"))] += 1
            elif "☀️" in text:
                # The briefing names its day; match it to the local date it was due.
                for on in days_with_sessions:
                    if f" {on.day} " in text:
                        received[(user.id, f"briefing {on}")] += 1
    delivered = sum(min(expected[k], received[k]) for k in expected)
    missing = sum(max(0, expected[k] - received[k]) for k in expected)
    duplicates = sum(max(0, received[k] - expected[k]) for k in received)
    total = sum(expected.values())
    return (
        f"reminders: expected={total} delivered={delivered} missing={missing}"
        f" duplicates={duplicates} batch_p99_s={p99(batches):.3f}"
    )


def main() -> None:
    """Parse the arguments, run, print."""
    parser = argparse.ArgumentParser(prog="python -m bench.reminders", description=__doc__)
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--sessions", type=int, default=20)
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    started = time.perf_counter()
    line = asyncio.run(bench(arguments.participants, arguments.sessions))
    print(f"(took {time.perf_counter() - started:.1f} s of real time)")
    print(line)


if __name__ == "__main__":
    main()
