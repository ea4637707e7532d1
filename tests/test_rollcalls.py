"""Roll calls: 18 participants answer at once, change their minds, and the organiser watches."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from sandbox.harness import Member, Rehearsal
from storage.roles import Role
from storage.visits import Visit

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
