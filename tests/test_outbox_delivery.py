"""The delivery worker under Telegram's rules: mutes and urgency, 429, 5xx, 400, the limits,
and restarts with rows still pending."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import pytest

from bot.clock import SystemClock
from bot.outbox import MAX_ATTEMPTS, Delivery, OutgoingMessage
from bot.sendlimits import LimitSettings, SendLimits
from sandbox.harness import Member, Rehearsal, start_live_bot
from sandbox.limits import Faults
from storage.visits import Visit


def note(chat_id: int, text: str, key: str, **options: object) -> Delivery:
    """A plain notice to one chat."""
    return Delivery(chat_id, OutgoingMessage(text), "notice", dedupe_key=key, **options)  # type: ignore[arg-type]


async def rows(telegram: Rehearsal) -> dict[str, tuple[str, int, str | None]]:
    """Outbox rows by dedupe key: (state, attempts, last error)."""
    found = await telegram.services.db.fetch_all(
        "SELECT dedupe_key, state, attempts, last_error FROM outbox"
    )
    return {row[0]: (row[1], row[2], row[3]) for row in found}


def texts_of(member: Member) -> list[str]:
    """Every text the person got."""
    return [m.content for m in member.messages]


async def test_urgent_reaches_a_person_who_muted_reminders_and_a_normal_one_does_not(
    telegram: Rehearsal, visit: Visit, rani: Member
):
    await telegram.services.outbox.store.set_muted(rani.id, visit.id, "reminders", True)
    await telegram.services.outbox.enqueue(
        [
            note(
                rani.id, "Reminder: batik", "normal", visit_id=visit.id, mute_category="reminders"
            ),
            note(
                rani.id,
                "Bus moved to 07:00",
                "urgent",
                visit_id=visit.id,
                mute_category="reminders",
                urgent=True,
            ),
        ]
    )
    await telegram.settle()
    assert "Bus moved to 07:00" in texts_of(rani)
    assert "Reminder: batik" not in texts_of(rani)
    assert await rows(telegram) == {
        "normal": ("dropped", 0, "muted"),  # never sent: no attempt
        "urgent": ("sent", 1, None),
    }


async def test_a_429_waits_the_time_telegram_gives_then_sends_once(
    telegram: Rehearsal, visit: Visit, rani: Member
):
    telegram.standin.faults = Faults(too_many_requests_rate=1.0, retry_after=1)
    await telegram.services.outbox.enqueue([note(rani.id, "Kumpul di lobby", "lobby")])
    await telegram.settle()
    state, attempts, error = (await rows(telegram))["lobby"]
    # Telegram refused before sending: the attempt is given back.
    assert (state, attempts) == ("pending", 0) and "retry" in (error or "").lower()
    telegram.standin.faults = None
    await telegram.move_clock(timedelta(milliseconds=500))
    assert "Kumpul di lobby" not in texts_of(rani)  # not before retry_after
    await telegram.move_clock(timedelta(milliseconds=600))
    assert texts_of(rani).count("Kumpul di lobby") == 1
    assert (await rows(telegram))["lobby"][:2] == ("sent", 1)


async def test_server_errors_are_retried_with_backoff_then_failed_and_400_is_not_retried(
    telegram: Rehearsal, visit: Visit, rani: Member, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.WARNING)
    telegram.standin.faults = Faults(server_error_rate=1.0)
    await telegram.services.outbox.enqueue([note(rani.id, "Tetap dicoba", "stubborn")])
    await telegram.settle()
    for _ in range(MAX_ATTEMPTS):
        await telegram.move_clock(timedelta(seconds=60))
    assert (await rows(telegram))["stubborn"][:2] == ("failed", MAX_ATTEMPTS)
    # A second message fails once, then goes through: sent exactly once.
    await telegram.services.outbox.enqueue([note(rani.id, "Sekali saja", "once")])
    await telegram.settle()
    assert (await rows(telegram))["once"][:2] == ("pending", 2)  # at once, then once more
    telegram.standin.faults = None
    await telegram.move_clock(timedelta(seconds=1))
    assert texts_of(rani).count("Sekali saja") == 0  # backing off
    await telegram.move_clock(timedelta(seconds=2))
    assert texts_of(rani).count("Sekali saja") == 1
    await telegram.services.outbox.enqueue([note(rani.id, "<blink>rusak</blink>", "bad")])
    await telegram.settle()
    # 400 (a text Telegram cannot parse) fails at once and is reported in the log.
    state, attempts, error = (await rows(telegram))["bad"]
    assert (state, attempts) == ("failed", 1) and "parse" in (error or "").lower()
    assert any("refused by Telegram" in r.getMessage() for r in caplog.records)


async def test_restart_with_pending_rows_loses_nothing_and_sends_nothing_twice(
    telegram: Rehearsal, visit: Visit, rani: Member
):
    now = telegram.clock.now()
    telegram.standin.faults = Faults(server_error_rate=1.0)
    await telegram.services.outbox.enqueue(
        [note(rani.id, f"Catatan {n}", f"now-{n}") for n in range(3)]
        + [
            note(rani.id, f"Nanti {n}", f"later-{n}", due_at=now + timedelta(minutes=10))
            for n in range(3)
        ]
    )
    await telegram.settle()  # the first three failed once and wait for a retry
    assert {state for state, _, _ in (await rows(telegram)).values()} == {"pending"}
    telegram.standin.faults = None
    await telegram.restart()
    await telegram.restart()  # twice over the same database
    await telegram.move_clock(timedelta(minutes=10))
    for n in range(3):
        assert texts_of(rani).count(f"Catatan {n}") == 1
        assert texts_of(rani).count(f"Nanti {n}") == 1
    assert {state for state, _, _ in (await rows(telegram)).values()} == {"sent"}


async def test_a_broadcast_stopped_half_way_finishes_after_the_restart(
    telegram: Rehearsal, visit: Visit
):
    people = []
    for number in range(40):
        user = telegram.standin.user(f"Peserta{number}", user_id=90_000 + number)
        user.started = True
        people.append(user)
        await telegram.services.people.store.seen(
            person_id=user.id,
            first_name=user.first_name,
            last_name=None,
            username=None,
            telegram_language="id",
            private_chat=True,
            now=telegram.clock.now(),
        )
    # Slow the worker down so the stop lands in the middle of the broadcast.
    telegram.services.delivery.limits.settings = LimitSettings(per_second=20.0, burst=1.0)
    await telegram.services.outbox.enqueue(
        note(user.id, "Selamat datang di Banyuwangi", f"welcome-{user.id}") for user in people
    )
    await telegram.standin.wait_until(
        lambda: sum(telegram.standin.deliveries.values()) >= 10, timeout=5, what="ten sent"
    )
    await telegram.live.stop()
    assert sum(telegram.standin.deliveries.values()) < 40
    await telegram.live.start()
    await telegram.settle()
    assert [telegram.standin.delivery_counts(user.id) for user in people] == [1] * 40
    assert await telegram.services.outbox.store.count_by_state("notice") == {"sent": 40}


async def test_the_worker_keeps_the_limits_of_a_chat_and_of_a_group():
    now = [0.0]
    settings = LimitSettings(per_second=1000, burst=100, per_chat_burst=3, per_group_burst=3)
    limits = SendLimits(settings, lambda: now[0])
    for _ in range(3):
        assert limits.chat_wait(42) == 0
        await limits.acquire(42)
    assert limits.chat_wait(42) == pytest.approx(1 / 0.9)  # about one a second after a burst
    for _ in range(3):
        await limits.acquire(-100)
    assert limits.chat_wait(-100) == pytest.approx(60 / 19)  # 20 a minute in a group
    # A reply goes at once while its chat's burst lasts, then waits its turn like the rest.
    for _ in range(3):
        await limits.acquire(7)
    assert limits.chat_wait(7) > 0
    # 429s from four chats at once mean a global flood: everything waits.
    assert not limits.retry_after(1, 5)
    assert not limits.retry_after(2, 5)
    assert not limits.retry_after(3, 5)
    assert limits.retry_after(4, 5)
    assert limits.chat_wait(99) == pytest.approx(5)


async def test_an_urgent_message_uses_part_of_the_chats_reserve_and_holds_its_turn():
    now = [0.0]
    limits = SendLimits(LimitSettings(per_second=1000, burst=100), lambda: now[0])
    for _ in range(2):  # a chat's burst spent (a live report, an announcement's preview)
        await limits.acquire(42)
    # A notice waits a whole token; an SOS goes when 0.2 of one is there (Telegram's burst is
    # one more than the bot's, so it is still within Telegram's limit).
    assert limits.chat_wait(42) == pytest.approx(1 / 0.9)
    assert limits.chat_wait(42, urgent=True) == pytest.approx(0.2 / 0.9)
    # While the SOS waits for the chat, a report's edit does not take the turn first.
    limits.hold_for_urgent(42)
    now[0] = 1.2
    assert limits.chat_wait(42) > 0 and limits.chat_wait(42, urgent=True) == 0
    await limits.acquire(42, urgent=True)
    limits.release(42)
    assert limits.chat_wait(42) == pytest.approx((1 - (-1 + 1.2 * 0.9)) / 0.9)
    # A hold nobody releases ends by itself.
    limits.hold_for_urgent(7)
    now[0] = 5.0
    assert limits.chat_wait(7) == 0


async def test_in_production_the_job_queue_wakes_the_worker_when_a_row_falls_due(tmp_path):
    standin, live = await start_live_bot(tmp_path / "rombongan.sqlite3", clock=SystemClock())
    try:
        user = standin.user("Rani", user_id=7001)
        user.started = True
        services = live.services
        await services.people.store.seen(
            person_id=user.id,
            first_name="Rani",
            last_name=None,
            username=None,
            telegram_language="id",
            private_chat=True,
            now=services.clock.now(),
        )
        due = services.clock.now() + timedelta(seconds=2)
        await services.outbox.enqueue([note(user.id, "Dua detik lagi", "later", due_at=due)])
        assert live.application is not None and live.application.job_queue is not None
        job_queue = live.application.job_queue

        for _ in range(200):  # the worker plans its wake-up right after the rows are queued
            if job_queue.get_jobs_by_name("outbox-wake"):
                break
            await asyncio.sleep(0.01)
        assert job_queue.get_jobs_by_name("outbox-wake")
        # Nothing but the JobQueue's wake-up makes the worker look again within a minute.
        message = await user.wait_for_message(timeout=5)
        assert message.text == "Dua detik lagi"
        assert message.date >= int(due.timestamp()) - 1  # not before its time
    finally:
        await live.stop()
        await standin.stop()
