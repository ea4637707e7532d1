"""Every way a send can end has a decided outcome (issue 11): an answer nobody can parse, a
database that refuses to note a send, a crash on the last attempt, a group that became a
supergroup, and the person who pressed a button learning that it failed, in their language."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from bot.outbox import MAX_ATTEMPTS, Delivery, OutgoingMessage
from bot.refresh import ThrottledRefresher
from sandbox.harness import Member, Rehearsal
from sandbox.standin import GARBLED_REPLIES
from sandbox.users import SentMessage
from storage.chats import CHAT_REFERENCES
from storage.visits import Visit


def note(chat_id: int, text: str, key: str, **options: object) -> Delivery:
    """A plain notice to one chat."""
    return Delivery(chat_id, OutgoingMessage(text), "notice", dedupe_key=key, **options)  # type: ignore[arg-type]


async def row_of(telegram: Rehearsal, key: str) -> tuple[str, int, str | None, int]:
    """(state, attempts, last error, chat id) of the row with this dedupe key."""
    row = await telegram.services.db.fetch_one(
        "SELECT state, attempts, last_error, chat_id FROM outbox WHERE dedupe_key = ?", (key,)
    )
    assert row is not None
    return row[0], row[1], row[2], row[3]


def texts_of(member: Member) -> list[str]:
    """Every text the person got, in order."""
    return [m.content for m in member.messages]


@pytest.mark.parametrize("shape", sorted(GARBLED_REPLIES))
async def test_an_answer_nobody_can_parse_is_counted_so_a_message_never_repeats_without_end(
    telegram: Rehearsal,
    visit: Visit,
    rani: Member,
    organiser: Member,
    shape: str,
    caplog: pytest.LogCaptureFixture,
):
    caplog.set_level(logging.INFO, logger="bot.outbox")
    # Every send to Rani arrives, but the answer cannot be read: the bot cannot know it arrived.
    telegram.standin.garble_next(MAX_ATTEMPTS, chat_id=rani.id, shape=shape)
    await telegram.services.outbox.enqueue(
        [
            note(rani.id, "Bus berangkat 07.00", "bus"),
            note(rani.id, "Bawa jas hujan", "rain"),
            note(organiser.id, "Laporan harian siap", "daily"),
        ]
    )
    await telegram.settle()
    # The poisoned row holds up nobody else, and Rani's next message waits its turn.
    assert texts_of(organiser).count("Laporan harian siap") == 1
    assert "Bawa jas hujan" not in texts_of(rani)
    for _ in range(8):
        await telegram.move_clock(timedelta(seconds=60))

    assert texts_of(rani).count("Bus berangkat 07.00") == MAX_ATTEMPTS  # bounded, not 95
    state, attempts, error, _ = await row_of(telegram, "bus")
    assert (state, attempts) == ("failed", MAX_ATTEMPTS) and error
    # Then the next one, once, in order.
    assert texts_of(rani)[-1] == "Bawa jas hujan"
    assert (await row_of(telegram, "rain"))[:2] == ("sent", 1)
    row_id = await telegram.services.db.fetch_value(
        "SELECT id FROM outbox WHERE dedupe_key = 'bus'"
    )
    tracebacks = [r for r in caplog.records if f"row {row_id}" in r.getMessage() and r.exc_info]
    assert len(tracebacks) <= 1  # an unforeseen exception is told once, with its row


async def test_a_send_the_database_refused_to_note_is_noted_later_and_not_sent_again(
    telegram: Rehearsal, visit: Visit, rani: Member, database: Path
):
    locks: list[sqlite3.Connection] = []
    loop = asyncio.get_running_loop()

    def lock_the_database_when_it_arrives(event: str, sent: SentMessage) -> None:
        # Another writer (the CLI, a backup) takes the database just as Telegram accepts.
        if event == "sent" and sent.text == "Kumpul di lobby" and not locks:
            writer = sqlite3.connect(database, timeout=1)
            writer.execute("BEGIN IMMEDIATE")
            locks.append(writer)
            loop.call_later(6.0, writer.rollback)  # longer than the bot's busy timeout (5 s)

    telegram.standin.listeners.append(lock_the_database_when_it_arrives)
    await telegram.services.outbox.enqueue([note(rani.id, "Kumpul di lobby", "lobby")])
    async with asyncio.timeout(15):
        while (await row_of(telegram, "lobby"))[0] != "sent":
            await telegram.move_clock(timedelta(seconds=30))
            await asyncio.sleep(0.2)
    assert locks, "the database was never locked"
    await telegram.settle()
    assert texts_of(rani).count("Kumpul di lobby") == 1
    assert (await row_of(telegram, "lobby"))[:2] == ("sent", 1)


async def test_a_crash_on_the_last_attempt_ends_the_row_instead_of_sending_it_again(
    telegram: Rehearsal, visit: Visit, rani: Member
):
    await telegram.live.stop()
    # What a kill -9 leaves behind when it lands during the last allowed send.
    db = sqlite3.connect(telegram.live.settings.database_path)
    with db:
        db.execute(
            "INSERT INTO outbox (chat_id, person_id, kind, payload_json, due_at, created_at,"
            " attempts, sending_since, next_attempt_at, dedupe_key)"
            " VALUES (?, ?, 'notice', '{\"text\": \"Sekali lagi?\"}', '2025-10-28 01:00:00',"
            " '2025-10-28 01:00:00', ?, '2025-10-28 01:59:00', '2025-10-28 02:00:09', 'last')",
            (rani.id, rani.id, MAX_ATTEMPTS),
        )
    db.close()
    await telegram.live.start()
    await telegram.settle()
    await telegram.move_clock(timedelta(seconds=30))
    assert "Sekali lagi?" not in texts_of(rani)
    state, attempts, error, _ = await row_of(telegram, "last")
    assert (state, attempts) == ("failed", MAX_ATTEMPTS)
    assert "may have arrived" in (error or "")


@pytest.mark.parametrize("bot_saw_the_upgrade", [True, False])
async def test_a_group_that_became_a_supergroup_is_followed_everywhere_and_gets_the_message(
    telegram: Rehearsal, visit: Visit, organiser: Member, bot_saw_the_upgrade: bool
):
    group = telegram.standin.group("Rombongan Banyuwangi", supergroup=False)
    old_id = group.id
    await organiser._settled(await group.send(organiser.user, "/linkgroup"))
    linked = await telegram.services.announcements.store.group_chat(visit.id)
    assert linked is not None and linked.chat_id == old_id

    new_id = telegram.standin.migrate_group(old_id, announce=bot_saw_the_upgrade)
    await telegram.settle()
    await telegram.services.outbox.enqueue(
        [note(old_id, "Bus berangkat 07.00", "to-group", visit_id=visit.id)]
    )
    await telegram.settle()

    assert [m.text for m in telegram.standin.messages(new_id)] == ["Bus berangkat 07.00"]
    state, attempts, _, chat_id = await row_of(telegram, "to-group")
    assert (state, chat_id) == ("sent", new_id)
    assert attempts == 1  # the refusal of the old id sent nothing, so it is not counted
    linked = await telegram.services.announcements.store.group_chat(visit.id)
    assert linked is not None and linked.chat_id == new_id


async def test_every_column_that_keeps_a_chat_id_follows_a_group_upgrade(telegram: Rehearsal):
    db = telegram.services.db
    tables = [
        row[0] for row in await db.fetch_all("SELECT name FROM sqlite_master WHERE type = 'table'")
    ]
    found = set()
    for table in tables:
        for column in await db.fetch_all(f"PRAGMA table_info({table})"):
            if column["name"] == "chat_id" or column["name"].endswith("_chat_id"):
                found.add((table, column["name"]))
    assert found == {(table, column) for table, column, _ in CHAT_REFERENCES}


async def test_the_error_message_is_in_the_language_of_the_person(telegram: Rehearsal):
    john = telegram.person("John", language="en")
    telegram.standin.garble_next(1, chat_id=john.id, shape="empty_result")
    await john.send("/help")
    assert texts_of(john)[-1] == "Sorry, something went wrong. Please try again in a moment."


async def test_a_button_that_failed_after_answering_still_tells_the_person(
    telegram: Rehearsal, visit: Visit, rani: Member
):
    await rani.send("/language")
    telegram.standin.garble_next(1, chat_id=rani.id, shape="empty_result")  # the edit fails
    await rani.press("English")
    # The pop-up was used up by the handler: the news comes as a message, in the new language.
    assert texts_of(rani)[-1] == "Sorry, something went wrong. Please try again in a moment."


async def test_polls_that_fail_are_one_warning_each_and_the_bot_keeps_listening(
    telegram: Rehearsal, visit: Visit, rani: Member, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG)
    telegram.standin.failing_polls = 2
    await telegram.standin.wait_until(
        lambda: telegram.standin.failing_polls == 0, timeout=10, what="two failed polls"
    )
    await rani.send("/help")
    assert texts_of(rani)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    warnings = [r for r in caplog.records if "cannot reach Telegram" in r.getMessage()]
    assert len(warnings) == 1 and warnings[0].exc_info is None


async def test_a_request_during_a_refresh_always_gets_a_pass_after_it():
    """The report refresher once returned while a request was waiting (issue 11)."""
    passes: list[int] = []
    reading = asyncio.Event()
    go_on = asyncio.Event()

    async def refresh(key: int) -> None:
        passes.append(key)
        reading.set()
        await go_on.wait()  # a slow read of the report

    refresher: ThrottledRefresher[int] = ThrottledRefresher(refresh, interval=0.0, name="t")
    refresher.request(7)
    await reading.wait()
    refresher.request(7)  # e.g. the report's message id was just stored
    go_on.set()
    async with asyncio.timeout(2):
        while await refresher.busy():  # noqa: ASYNC110  (the refresher has no event to wait on)
            await asyncio.sleep(0.01)
    assert passes == [7, 7]


async def test_a_message_queued_for_someone_just_forgotten_is_skipped_not_an_error(
    telegram: Rehearsal, visit: Visit, rani: Member
):
    # A feature queues for Rani at the moment her /forgetme has removed her (a race).
    await telegram.services.privacy.forget(rani.id)
    added = await telegram.services.outbox.enqueue(
        [note(rani.id, "Bus 07.00", "late-for-rani", visit_id=visit.id)]
    )
    assert added == 0
    assert (
        await telegram.services.db.fetch_value(
            "SELECT COUNT(*) FROM outbox WHERE dedupe_key = 'late-for-rani'"
        )
        == 0
    )
