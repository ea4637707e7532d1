"""SOS benchmark: SOS alerts raised while a 1,000-person broadcast is going out, through the real
application and the stand-in with Telegram's limits enforced.

    python -m bench.sos --recipients 1000 --organisers 3 --rtt-ms 150

The set-up is bench/broadcast.py's (a fresh stand-in and database, `RateLimits()`, a round trip
of `--rtt-ms` ± `--jitter-ms`): an organiser announces to every participant with /announce;
while the broadcast is under way, `--alerts` participants (10) send /sos at random moments
(uniform over the first 80% of the broadcast's floor, seeded by `--seed`). Each alert is
measured from the moment its /sos left the person to the moment each organiser's alert arrived
at the stand-in: `alerts × organisers` latencies. An alert an organiser never got (within
RUN_TIMEOUT) is lost, and so is a participant the broadcast never reached. The broadcast is
measured as in bench/broadcast.py: from the press of Send to the first copy at the last
recipient, against its floor, `recipients / 30` s. The visit runs today (a visit long past
would be purged by retention during the run).

Last line: `sos: broadcast=N alerts=A organisers=O p99_ms=P max_ms=M lost=L broadcast_ratio=BR`.
Targets: p99_ms ≤ 2000, lost = 0, broadcast_ratio ≤ 1.10. A line before it gives this process's
peak memory (the bot runs in it).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import math
import random
import resource
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from bench.broadcast import TELEGRAM_RATE, TEXT, Network, Recipients, wait_for
from bot.clock import SystemClock
from bot.visits import check_new_visit
from sandbox.harness import Member, Rehearsal, enrol_started, start_live_bot
from sandbox.users import SentMessage
from storage.roles import Role

RUN_TIMEOUT = 600.0
ALERT_WINDOW = 0.8  # SOS moments fall in the first 80% of the broadcast's floor


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (p99 of 30 values is the largest but none)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


async def run(
    count: int, organisers: int, alerts: int, network: Network, seed: int, workdir: Path
) -> tuple[list[float], int, float]:
    """One run: the latencies (ms), the alerts lost, and the broadcast's ratio to its floor."""
    standin = network.standin()
    await standin.start()
    _, live = await start_live_bot(workdir / "sos.sqlite3", clock=SystemClock(), standin=standin)
    world = Rehearsal(standin, live)
    try:
        services = world.services
        # The visit is on now: a visit long past would be purged by retention mid-run.
        today = services.clock.now().date()
        visit = await services.visits.create(
            check_new_visit(
                slug="banyuwangi-2025",
                title="Sesdilu Banyuwangi",
                region="Banyuwangi, Jawa Timur",
                first_day=today.isoformat(),
                last_day=(today + timedelta(days=2)).isoformat(),
                timezone="Asia/Jakarta",
                language="id",
            )
        )
        # The announcement and the alerts alone: the evening's reflection prompt (on by default,
        # open until noon the next day) would reach the same people at some hours of the day.
        await services.learning.reflection.set_time(visit, "off")
        recipients = Recipients(standin, count)
        await enrol_started(services, visit.id, recipients.users, Role.PARTICIPANT)
        watchers: list[Member] = [
            await world.join(f"Panitia {n}", Role.ORGANISER, visit.id) for n in range(organisers)
        ]
        watcher_ids = {member.id for member in watchers}
        # When each organiser's alert arrived: (alert id, organiser id) -> perf_counter().
        arrived: dict[tuple[int, int], float] = {}

        # When each participant first got the broadcast (not an answer to their own /sos).
        reached: dict[int, float] = {}
        ids = recipients.ids

        def seen(event: str, message: SentMessage) -> None:
            if event != "sent":
                return
            if message.chat_id in ids and TEXT[:20] in (message.text or ""):
                reached.setdefault(message.chat_id, now())
            if message.chat_id not in watcher_ids:
                return
            for data in message.button_data():
                if data and data.startswith("sos:ack:"):
                    arrived.setdefault((int(data.split(":")[2]), message.chat_id), now())

        now = time.perf_counter
        standin.listeners.append(seen)
        organiser = watchers[0]
        await organiser.send("/announce")
        await organiser.send(TEXT)
        await organiser.press(f"Peserta ({count})")
        await organiser.press("Biasa")
        await organiser.press("Tidak perlu")

        chooser = random.Random(seed)
        raisers = chooser.sample(recipients.users, alerts)
        floor = count / TELEGRAM_RATE
        moments = sorted(chooser.uniform(0.5, floor * ALERT_WINDOW) for _ in raisers)
        raised_at: dict[int, float] = {}

        started = now()
        await organiser.user.press("📤 Kirim")  # not settled: the broadcast takes a while
        for raiser, moment in zip(raisers, moments, strict=True):
            await asyncio.sleep(max(0.0, started + moment - now()))
            raised_at[raiser.id] = now()
            await raiser.send("/sos")

        expected = alerts * organisers
        done = await wait_for(
            lambda: len(reached) == count and len(arrived) >= expected, RUN_TIMEOUT
        )
        if not done:
            print(
                f"not finished in {RUN_TIMEOUT:g} s: {len(reached)} reached, {len(arrived)} alerts"
            )
        elapsed = max(reached.values(), default=now()) - started
        rows = await services.db.fetch_all("SELECT id, person_id FROM sos_alerts")
        raised_by = {int(row[0]): int(row[1]) for row in rows}
        latencies = [
            (at - raised_at[raised_by[alert]]) * 1000
            for (alert, _), at in arrived.items()
            if raised_by.get(alert) in raised_at
        ]
        lost = expected - len(latencies) + (count - len(reached))
        return latencies, lost, elapsed / floor
    finally:
        await world.close()


async def main_async(count: int, organisers: int, alerts: int, network: Network, seed: int) -> None:
    """Run once and print the figures."""
    with tempfile.TemporaryDirectory(prefix="bench-sos-") as folder:
        latencies, lost, ratio = await run(count, organisers, alerts, network, seed, Path(folder))
    if latencies:
        print(
            f"latencies: n={len(latencies)} min_ms={min(latencies):.0f}"
            f" median_ms={percentile(latencies, 0.5):.0f}"
        )
    # The bot runs in this process (with the stand-in and the simulated people): its peak
    # resident size is an upper bound of the bot's (Linux reports ru_maxrss in KiB).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"memory: process_peak_rss_mb={peak:.1f} (this process: the bot, the stand-in, people)")
    p99 = percentile(latencies, 0.99) if latencies else float("nan")
    worst = max(latencies) if latencies else float("nan")
    print(
        f"sos: broadcast={count} alerts={alerts} organisers={organisers}"
        f" p99_ms={p99:.0f} max_ms={worst:.0f} lost={lost} broadcast_ratio={ratio:.3f}"
    )


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--recipients", type=int, default=1000)
    parser.add_argument("--organisers", type=int, default=3)
    parser.add_argument("--alerts", type=int, default=10)
    parser.add_argument("--rtt-ms", type=float, default=150.0)
    parser.add_argument("--jitter-ms", type=float, default=20.0)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--log", action="store_true", help="show the bot's warnings")
    args = parser.parse_args(argv)
    if args.recipients < args.alerts or args.alerts < 1 or args.organisers < 1:
        parser.error("need at least one alert and organiser, and no more alerts than recipients")
    logging.basicConfig(level=logging.CRITICAL if not args.log else logging.WARNING)
    asyncio.run(
        main_async(
            args.recipients,
            args.organisers,
            args.alerts,
            Network(args.rtt_ms, args.jitter_ms),
            args.seed,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
