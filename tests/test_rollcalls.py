"""Roll calls: 18 participants answer at once, change their minds, and the organiser watches."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from pathlib import Path

import pytest

from sandbox.harness import Member, Rehearsal
from sandbox.users import SentMessage
from storage import database as database_module
from storage.database import Database
from storage.people import PeopleStore
from storage.roles import Role
from storage.rollcalls import RollCallBoard, RollCallStore
from storage.times import to_db
from storage.visits import Visit, VisitStore
from tests.conftest import STORY_START

HERE, LATE, NOT_COMING = "✅ Hadir", "🕒 Terlambat", "❌ Tidak ikut"


@pytest.fixture
async def cohort(telegram: Rehearsal, visit: Visit) -> list[Member]:
    """The 18 Sesdilu participants."""
    return [
        await telegram.join(f"Diplomat{number:02d}", Role.PARTICIPANT, visit.id)
        for number in range(1, 19)
    ]


def board_counts(text: str) -> str:
    """The counts line of the organiser's live message."""
    return next(line for line in text.splitlines() if line.startswith("Hadir:"))


async def answer_all_at_once(telegram: Rehearsal, answers: dict[Member, str]) -> None:
    """Everyone presses at the same moment (raw presses, no settling in between)."""
    update_ids = await asyncio.gather(
        *(member.user.press(button, member.user.messages[-1]) for member, button in answers.items())
    )
    telegram.live.sent(max(update_ids))
    await telegram.settle()


async def test_eighteen_answers_at_once_and_changed_answers_leave_exact_counts(
    telegram: Rehearsal, visit: Visit, organiser: Member, cohort: list[Member]
):
    partner = await telegram.join("Hiroshi", Role.PARTNER, visit.id)
    await organiser.send("/rollcall Bus ke Kemiren 10")
    board = await organiser.last_message()
    assert "Absen: Bus ke Kemiren" in board.text and "ditutup 09.10" in board.text
    assert board_counts(board.text) == (
        "Hadir: 0 · Terlambat: 0 · Tidak ikut: 0 · Belum menjawab: 18 (dari 18)"
    )
    for member in cohort:
        question = member.user.messages[-1]
        assert "Bus ke Kemiren" in question.text
        assert question.button_texts() == [HERE, LATE, NOT_COMING]
    assert all("Bus ke Kemiren" not in (m.text or "") for m in partner.messages)

    first = {m: HERE for m in cohort[:12]} | {m: LATE for m in cohort[12:15]}
    first[cohort[15]] = NOT_COMING
    await answer_all_at_once(telegram, first)
    board = organiser.messages[-1]
    assert board_counts(board.text) == (
        "Hadir: 12 · Terlambat: 3 · Tidak ikut: 1 · Belum menjawab: 2 (dari 18)"
    )
    assert "Belum menjawab: Diplomat17, Diplomat18" in board.text
    assert "Tidak ikut: Diplomat16" in board.text
    assert len(board.edit_history) < 16, "edits are throttled, not one per answer"
    assert "Jawaban Anda: ✅ Hadir" in cohort[0].user.messages[-1].text

    # Minds change, and the last two answer, all at once again.
    second = {m: LATE for m in cohort[:4]} | {cohort[12]: HERE, cohort[15]: HERE}
    second |= {cohort[16]: NOT_COMING, cohort[17]: HERE}
    await answer_all_at_once(telegram, second)
    board = organiser.messages[-1]
    assert board_counts(board.text) == (
        "Hadir: 11 · Terlambat: 6 · Tidak ikut: 1 · Belum menjawab: 0 (dari 18)"
    )
    assert "Belum menjawab:" not in board.text.split("\n", 2)[2]
    stored = await telegram.services.rollcalls.store.answers(1)
    counts = {
        answer: sum(1 for row in stored if row.answer == answer)
        for answer in ("here", "late", "not_coming")
    }
    assert counts == {"here": 11, "late": 6, "not_coming": 1}
    assert organiser.messages.count(board) == 1 and organiser.messages[-1] is board


async def test_a_roll_call_closes_on_time_and_then_refuses_answers(
    telegram: Rehearsal, organiser: Member, cohort: list[Member]
):
    await organiser.send("/rollcall Kapal ke Bali 5")
    board = await organiser.last_message()
    await cohort[0].press(HERE)
    await telegram.restart()
    await telegram.move_clock(timedelta(minutes=5))
    assert "(ditutup)" in board.text and board.buttons == []
    assert board_counts(board.text).startswith("Hadir: 1 ·")

    await cohort[1].press(HERE, cohort[1].user.messages[-1])
    assert cohort[1].user.callback_answers[-1].text == "Absen ini sudah ditutup."
    await cohort[0].press(NOT_COMING, cohort[0].user.messages[-1])
    [mine] = [
        row
        for row in await telegram.services.rollcalls.store.answers(1)
        if row.person_id == cohort[0].id
    ]
    assert mine.answer == "here"

    await organiser.send("/rollcall history")
    history = (await organiser.last_message()).text
    assert "Kapal ke Bali" in history and "hadir 1" in history and "belum menjawab 17" in history
    assert "(ditutup)" in history


async def test_the_organiser_re_pings_the_missing_and_closes_by_button(
    telegram: Rehearsal, organiser: Member, cohort: list[Member]
):
    await organiser.send("/rollcall Makan siang")
    board = await organiser.last_message()
    await answer_all_at_once(telegram, dict.fromkeys(cohort[:16], HERE))
    before = {member: member.mark() for member in cohort}
    await organiser.press("🔔 Tanya lagi yang belum", board)
    assert organiser.user.callback_answers[-1].text == "2 orang ditanya lagi."
    assert [len(m.since(before[m])) for m in cohort] == [0] * 16 + [1, 1]
    await cohort[17].press(LATE)
    await organiser.press("🔒 Tutup", board)
    assert "(ditutup)" in board.text and board.buttons == []
    assert board_counts(board.text) == (
        "Hadir: 16 · Terlambat: 1 · Tidak ikut: 0 · Belum menjawab: 1 (dari 18)"
    )
    rollcall = await telegram.services.rollcalls.store.get(1)
    assert rollcall is not None and rollcall.closed and rollcall.pings == 1


async def test_bad_roll_call_commands_and_forged_buttons_are_answered_politely(
    telegram: Rehearsal, visit: Visit, organiser: Member, cohort: list[Member]
):
    for command in ("/rollcall", "/rollcall Bus 0", "/rollcall Bus 999", "/rollcall " + "x" * 101):
        await organiser.send(command)
        assert "Cara pakai" in (await organiser.last_message()).text, command
    await organiser.send("/rollcall history")
    assert "Belum ada absen" in (await organiser.last_message()).text
    outsider = await telegram.join("Hiroshi", Role.PARTNER, visit.id)
    await organiser.send("/rollcall Bus 10")
    for data in ("rc:a:1:x", "rc:a:99:h", "rc:zz", "rc:a:1:h:extra"):
        await cohort[0].press_data(data, cohort[0].user.messages[-1])
        assert cohort[0].user.callback_answers[-1].text == "Tombol ini sudah tidak berlaku."
    await outsider.press_data("rc:a:1:h", outsider.messages[-1])
    assert outsider.user.callback_answers[-1].text == "Absen ini bukan untuk Anda."
    answers = await telegram.services.rollcalls.store.answers(1)
    assert all(row.answer is None for row in answers)


async def test_an_answer_stored_just_before_a_restart_reaches_the_live_message(
    telegram: Rehearsal, organiser: Member, cohort: list[Member]
):
    await organiser.send("/rollcall Bus ke Ijen 30")
    board = await organiser.last_message()
    # Stored, and then the bot stopped before it could redraw the organiser's message.
    await telegram.services.rollcalls.store.answer(1, cohort[0].id, "late", telegram.clock.now())
    assert board_counts(board.text).startswith("Hadir: 0 · Terlambat: 0")
    await telegram.restart()
    await telegram.settle()
    assert board_counts(board.text).startswith("Hadir: 0 · Terlambat: 1")
    assert "Terlambat: Diplomat01" in board.text


# Every organiser of the visit watches the same roll call on their own board.

ENGLISH_PING, ENGLISH_CLOSE = "🔔 Re-ping the missing", "🔒 Close"


def counts_line(board: SentMessage) -> str:
    """The counts line of a board, in either language."""
    return next(line for line in board.content.splitlines() if line.startswith(("Hadir:", "Here:")))


def board_of(member: Member) -> SentMessage:
    """The one live board a member received for the open roll call (it has the Close button)."""
    [board] = [
        m for m in member.messages if any((d or "").startswith("rc:c:") for d in m.button_data())
    ]
    return board


@pytest.fixture
async def sarah(telegram: Rehearsal, visit: Visit) -> Member:
    """Sarah, the partner liaison: an organiser who reads English."""
    return await telegram.join("Sarah", Role.ORGANISER, visit.id, language="en")


async def test_every_organiser_watches_exact_counts_on_one_board_in_their_language(
    telegram: Rehearsal, organiser: Member, sarah: Member, cohort: list[Member]
):
    await organiser.send("/rollcall Bus ke Kemiren 10")
    mine, hers = board_of(organiser), board_of(sarah)
    assert "Absen: Bus ke Kemiren" in mine.text and "ditutup 09.10" in mine.text
    assert "Roll call: Bus ke Kemiren" in hers.text and "closes 09:10" in hers.text
    assert hers.button_texts() == [ENGLISH_PING, ENGLISH_CLOSE]
    assert counts_line(hers) == "Here: 0 · Running late: 0 · Not coming: 0 · No answer: 18 (of 18)"

    first = {m: HERE for m in cohort[:12]} | {m: LATE for m in cohort[12:15]}
    first[cohort[15]] = NOT_COMING
    await answer_all_at_once(telegram, first)
    assert counts_line(mine) == (
        "Hadir: 12 · Terlambat: 3 · Tidak ikut: 1 · Belum menjawab: 2 (dari 18)"
    )
    assert counts_line(hers) == "Here: 12 · Running late: 3 · Not coming: 1 · No answer: 2 (of 18)"
    assert "No answer yet: Diplomat17, Diplomat18" in hers.text
    assert "Not coming: Diplomat16" in hers.text

    second = {m: LATE for m in cohort[:4]} | {cohort[12]: HERE, cohort[15]: HERE}
    second |= {cohort[16]: NOT_COMING, cohort[17]: HERE}
    await answer_all_at_once(telegram, second)
    assert counts_line(mine) == (
        "Hadir: 11 · Terlambat: 6 · Tidak ikut: 1 · Belum menjawab: 0 (dari 18)"
    )
    assert counts_line(hers) == "Here: 11 · Running late: 6 · Not coming: 1 · No answer: 0 (of 18)"
    assert (
        "Running late: Diplomat01, Diplomat02, Diplomat03, Diplomat04, Diplomat14, Diplomat15"
        in hers.text
    )
    for board in (mine, hers):
        assert len(board.edit_history) < 16, "edits are throttled, not one per answer"
    # One board each, and no organiser was asked to answer the roll call.
    assert board_of(organiser) is mine and board_of(sarah) is hers
    assert not any("apakah Anda sudah di sini" in (m.text or "") for m in organiser.messages)
    stored = await telegram.services.rollcalls.store.boards(1)
    assert [(b.person_id, b.message_id) for b in stored] == [
        (organiser.id, mine.message_id),
        (sarah.id, hers.message_id),
    ]


async def test_another_organiser_re_pings_and_closes_and_every_board_shows_it_closed(
    telegram: Rehearsal, organiser: Member, sarah: Member, cohort: list[Member]
):
    await organiser.send("/rollcall Makan siang")
    mine, hers = board_of(organiser), board_of(sarah)
    await answer_all_at_once(telegram, dict.fromkeys(cohort[:15], HERE))
    before = {member: member.mark() for member in cohort}
    await sarah.press(ENGLISH_PING, hers)
    assert sarah.user.callback_answers[-1].text == "3 people asked again."
    assert [len(m.since(before[m])) for m in cohort] == [0] * 15 + [1, 1, 1]
    await cohort[15].press(LATE)

    await sarah.press(ENGLISH_CLOSE, hers)
    assert sarah.user.callback_answers[-1].text == "Roll call closed."
    assert "(closed)" in hers.text and hers.buttons == []
    assert "(ditutup)" in mine.text and mine.buttons == []
    assert counts_line(hers) == "Here: 15 · Running late: 1 · Not coming: 0 · No answer: 2 (of 18)"
    assert counts_line(mine) == (
        "Hadir: 15 · Terlambat: 1 · Tidak ikut: 0 · Belum menjawab: 2 (dari 18)"
    )
    rollcall = await telegram.services.rollcalls.store.get(1)
    assert rollcall is not None and rollcall.closed and rollcall.pings == 1
    await cohort[16].press(HERE, cohort[16].user.messages[-1])
    assert cohort[16].user.callback_answers[-1].text == "Absen ini sudah ditutup."
    assert counts_line(mine).endswith("Belum menjawab: 2 (dari 18)")


async def test_an_organiser_who_blocked_the_bot_leaves_the_other_boards_live(
    telegram: Rehearsal, visit: Visit, organiser: Member, sarah: Member, cohort: list[Member]
):
    bayu = await telegram.join("Bayu", Role.ORGANISER, visit.id)
    bayu.block_bot()
    await organiser.send("/rollcall Kapal ke Bali 30")
    mine, hers = board_of(organiser), board_of(sarah)
    assert not any("Kapal ke Bali" in m.content for m in bayu.messages)
    await answer_all_at_once(telegram, {m: HERE for m in cohort[:10]} | {cohort[10]: LATE})
    assert counts_line(hers) == "Here: 10 · Running late: 1 · Not coming: 0 · No answer: 7 (of 18)"
    assert counts_line(mine).startswith("Hadir: 10 · Terlambat: 1 ·")
    services = telegram.services
    assert [b.person_id for b in await services.rollcalls.store.boards(1)] == [
        organiser.id,
        sarah.id,
    ]
    blocked = await services.people.store.get(bayu.id)
    assert blocked is not None and blocked.unreachable_since is not None
    assert any("Bayu tidak bisa dihubungi lagi" in m.content for m in organiser.messages)

    # The next roll call does not even try: Bayu is known to be unreachable.
    await organiser.send("/rollcall Kapal pulang 30")
    boards_to_bayu = await services.db.fetch_value(
        "SELECT COUNT(*) FROM outbox WHERE kind = 'rollcall_board' AND chat_id = ?", (bayu.id,)
    )
    assert boards_to_bayu == 1
    assert [b.person_id for b in await services.rollcalls.store.boards(2)] == [
        organiser.id,
        sarah.id,
    ]


async def test_a_participant_pressing_a_board_button_is_refused_and_nothing_is_written(
    telegram: Rehearsal, organiser: Member, sarah: Member, cohort: list[Member]
):
    await organiser.send("/rollcall Bus ke Ijen 30")
    mine, hers = board_of(organiser), board_of(sarah)
    services = telegram.services
    outbox_rows = await services.db.fetch_value("SELECT COUNT(*) FROM outbox")
    looks = [(board.text, len(board.edit_history)) for board in (mine, hers)]
    question = cohort[0].user.messages[-1]
    for data in ("rc:c:1", "rc:p:1"):
        await cohort[0].press_data(data, question)
        assert "hanya panitia" in (cohort[0].user.callback_answers[-1].text or ""), data
    rollcall = await services.rollcalls.store.get(1)
    assert rollcall is not None and not rollcall.closed and rollcall.pings == 0
    assert await services.db.fetch_value("SELECT COUNT(*) FROM outbox") == outbox_rows
    assert [(board.text, len(board.edit_history)) for board in (mine, hers)] == looks
    assert all(row.answer is None for row in await services.rollcalls.store.answers(1))


async def test_the_starters_board_kept_on_the_roll_call_moves_to_the_boards_table(
    database: Path, monkeypatch: pytest.MonkeyPatch
):
    # A database as the bot left it before boards had their own table (migrations up to 0008).
    before = [migration for migration in database_module._migrations() if migration[0] < 9]
    monkeypatch.setattr(database_module, "_migrations", lambda: before)
    old = Database(database)
    await old.open()
    visit = await VisitStore(old).create(
        slug="v",
        title="V",
        region="",
        timezone="Asia/Jakarta",
        first_day=date(2025, 10, 29),
        last_day=date(2025, 10, 31),
        language="id",
        now=STORY_START,
    )
    await PeopleStore(old).seen(
        person_id=77,
        first_name="Tubagus",
        last_name=None,
        username=None,
        telegram_language="id",
        private_chat=True,
        now=STORY_START,
    )
    # One roll call with Tubagus's board in his private chat, one whose board was never kept.
    for created_by, chat_id, message_id in ((77, 77, 501), (None, None, None)):
        await old.execute(
            "INSERT INTO rollcalls (visit_id, label, created_by, opened_at, closes_at,"
            " board_chat_id, board_message_id) VALUES (?, 'Bus', ?, ?, ?, ?, ?)",
            (
                visit.id,
                created_by,
                to_db(STORY_START),
                to_db(STORY_START + timedelta(minutes=10)),
                chat_id,
                message_id,
            ),
        )
    await old.close()
    monkeypatch.undo()

    db = Database(database)
    await db.open()
    store = RollCallStore(db)
    assert await store.boards(1) == [RollCallBoard(1, 77, 501, 77)]
    assert await store.boards(2) == []
    columns = {row["name"] for row in await db.fetch_all("PRAGMA table_info(rollcalls)")}
    assert not columns & {"board_chat_id", "board_message_id"}
    rollcall = await store.get(1)
    assert rollcall is not None and rollcall.label == "Bus" and rollcall.created_by == 77
    await db.close()


async def test_two_live_boards_in_one_chat_wait_their_turn_instead_of_flooding_it(
    telegram: Rehearsal, organiser: Member, cohort: list[Member]
):
    await organiser.send("/rollcall Bus ke Kemiren 10")
    await organiser.send("/rollcall Makan siang 10")
    bus, lunch = [m for m in organiser.messages if "Absen:" in (m.text or "")]
    presses = [  # everyone answers both at once: both boards want to be redrawn at once
        member.user.press(LATE, question)
        for member in cohort
        for question in [m for m in member.user.messages if m.buttons][-2:]
    ]
    telegram.live.sent(max(await asyncio.gather(*presses)))
    await telegram.live.settle(timeout=30)
    assert (
        board_counts(bus.text)
        == board_counts(lunch.text)
        == ("Hadir: 0 · Terlambat: 18 · Tidak ikut: 0 · Belum menjawab: 0 (dari 18)")
    )
    limiter = telegram.standin.rate_limiter
    assert limiter is not None
    assert limiter.violations_by_chat.get(organiser.id, 0) == 0, "Telegram answered 429"


async def test_a_board_sent_just_before_a_crash_is_found_again_after_the_restart(
    telegram: Rehearsal, organiser: Member, sarah: Member, cohort: list[Member]
):
    await organiser.send("/rollcall Bus ke Ijen 30")
    hers = board_of(sarah)
    # The worker sent Sarah's board, then the bot died before it noted the board down.
    await telegram.services.db.execute(
        "DELETE FROM rollcall_boards WHERE person_id = ?", (sarah.id,)
    )
    await cohort[0].press(LATE, cohort[0].user.messages[-1])
    assert counts_line(hers).startswith("Here: 0 · Running late: 0")
    await telegram.restart()
    await telegram.settle()
    assert counts_line(hers).startswith("Here: 0 · Running late: 1")
    assert board_of(sarah) is hers  # the same message, edited: no second board
    await cohort[1].press(HERE, cohort[1].user.messages[-1])
    assert counts_line(hers).startswith("Here: 1 · Running late: 1")


async def test_an_organiser_who_blocks_the_bot_during_a_roll_call_loses_only_their_board(
    telegram: Rehearsal, organiser: Member, sarah: Member, cohort: list[Member]
):
    await organiser.send("/rollcall Kapal ke Bali 30")
    mine, hers = board_of(organiser), board_of(sarah)
    sarah.block_bot()
    await answer_all_at_once(telegram, {m: HERE for m in cohort[:5]})
    assert counts_line(mine).startswith("Hadir: 5 ·")
    assert counts_line(hers).startswith("Here: 0 ·")  # Telegram refused the edit: 403
    services = telegram.services
    assert [b.person_id for b in await services.rollcalls.store.boards(1)] == [organiser.id]
    blocked = await services.people.store.get(sarah.id)
    assert blocked is not None and blocked.unreachable_since is not None
    await answer_all_at_once(telegram, {cohort[5]: LATE})
    assert counts_line(mine).startswith("Hadir: 5 · Terlambat: 1 ·")
