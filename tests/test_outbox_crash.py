"""kill -9 in the middle of a broadcast: the real bot runs as `python -m bot` in a subprocess
against the stand-in in this process, is killed, and restarted; everyone still gets the message
and only messages that were on the wire at the kill may arrive twice."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import timedelta
from pathlib import Path

from bot.clock import SystemClock
from bot.outbox import IN_FLIGHT, Delivery, OutgoingMessage
from bot.services import Services
from bot.visits import check_new_visit
from sandbox.harness import TOKEN, enrol_started, settings_for
from sandbox.limits import RateLimits
from sandbox.standin import TelegramStandIn

RECIPIENTS = 120


async def start_bot(
    standin: TelegramStandIn, database: Path, log: Path
) -> asyncio.subprocess.Process:
    """The production entry point, pointed at the stand-in."""
    env = {
        **os.environ,
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": standin.api_root,
        "DATABASE_PATH": str(database),
        "LOG_LEVEL": "WARNING",
    }
    with log.open("ab") as stderr:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", env=env, stdout=asyncio.subprocess.DEVNULL, stderr=stderr
        )


async def test_after_kill_9_mid_broadcast_every_recipient_still_gets_it(tmp_path: Path):
    standin = TelegramStandIn(token=TOKEN, limits=RateLimits())
    await standin.start()
    database = tmp_path / "rombongan.sqlite3"
    services = Services.create(settings_for(standin, database), SystemClock())
    await services.open()
    # The bot runs on the machine's clock: a visit of today, which retention does not purge.
    today = SystemClock().now().date()
    visit = await services.visits.create(
        check_new_visit(
            slug="banyuwangi-2025",
            title="Sesdilu Banyuwangi",
            region="Banyuwangi",
            first_day=today.isoformat(),
            last_day=(today + timedelta(days=2)).isoformat(),
            timezone="Asia/Jakarta",
            language="id",
        )
    )
    users = [standin.user(f"Peserta{n}", user_id=70_000 + n) for n in range(RECIPIENTS)]
    await enrol_started(services, visit.id, users, role=None)
    await services.outbox.enqueue(
        Delivery(user.id, OutgoingMessage("Bus berangkat 07.00"), "announcement", visit.id)
        for user in users
    )
    await services.close()

    def delivered() -> int:
        return sum(standin.delivery_counts(user.id) for user in users)

    log = tmp_path / "bot.log"
    first = await start_bot(standin, database, log)
    second = None
    try:
        await standin.wait_until(lambda: delivered() >= 30, timeout=30, what="30 delivered")
        first.kill()  # SIGKILL: no clean-up of any kind
        await first.wait()
        at_kill = delivered()
        assert at_kill < RECIPIENTS, "the broadcast finished before the kill"

        second = await start_bot(standin, database, log)
        await standin.wait_until(
            lambda: all(standin.delivery_counts(user.id) for user in users),
            timeout=30,
            what="everyone reached",
        )
        second.terminate()
        await second.wait()
    finally:
        for process in (first, second):
            if process is not None and process.returncode is None:
                process.kill()
                await process.wait()
        await standin.stop()

    counts = [standin.delivery_counts(user.id) for user in users]
    duplicates = sum(count - 1 for count in counts)
    assert min(counts) == 1, log.read_text()
    assert duplicates <= IN_FLIGHT
    # A bot started again at once cannot know what its killed self sent a moment before, so
    # Telegram may answer a 429 or two; it must then wait as told, never ask again sooner.
    assert standin.rate_limiter is not None and standin.rate_limiter.escalations == 0

    services = Services.create(settings_for(standin, database), SystemClock())
    await services.open()
    try:
        assert await services.outbox.store.count_by_state("announcement") == {"sent": RECIPIENTS}
    finally:
        await services.close()
