"""Reminders and briefings: on time, to the right people, muted on request, after restarts,
within the grace period, and in two time zones (one crossing the end of summer time)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.visits import check_new_visit
from sandbox.harness import Member, Rehearsal, SentMessage, start_live_bot
from storage.roles import Role
from storage.visits import Visit

DEMO_AGENDA = (Path(__file__).resolve().parents[1] / "sandbox" / "demo_agenda.yaml").read_bytes()


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of October 2025 given in Jakarta time (UTC+7), as UTC."""
    return datetime(2025, 10, day, hour, minute, tzinfo=UTC) - timedelta(hours=7)


def reminders(member: Member, since: int = 0) -> list[SentMessage]:
    """The session reminders a person received."""
    return [m for m in member.since(since) if "🔔" in (m.text or "")]


def briefings(member: Member, since: int = 0) -> list[SentMessage]:
    """The morning briefings a person received."""
    return [m for m in member.since(since) if "☀️" in (m.text or "")]


async def bot_down_until(telegram: Rehearsal, moment: datetime) -> None:
    """Stop the bot, let time pass while it is down, and start it again over the same database."""
    await telegram.settle()
    await telegram.live.stop()
    await telegram.clock.move_to(moment)
    await telegram.live.start()
    await telegram.settle()


@pytest.fixture
async def loaded(telegram: Rehearsal, visit: Visit, organiser: Member) -> Visit:
    """The Banyuwangi visit with the demo agenda loaded."""
    await organiser.send_document("agenda.yaml", DEMO_AGENDA)
    return visit


async def test_reminders_arrive_at_their_minute_with_a_check_in_button(
    telegram: Rehearsal, loaded: Visit, rani: Member
):
    await telegram.move_clock_to(at(29, 8, 29))
    mark = rani.mark()
    assert reminders(rani, mark) == []
    await telegram.move_clock(timedelta(minutes=1))
    [first] = reminders(rani, mark)
    assert (
        first.text
        == "🔔 Pembukaan bersama Bupati Banyuwangi dimulai pukul 09.00, 30 menit lagi.\n"
        + (
            "📍 Pendopo Sabha Swagata Blambangan, Jl. Ahmad Yani No. 1, Taman Baru, Banyuwangi\n"
            "👔 Busana: PDH / batik lengan panjang"
        )
    )
    opening = await telegram.services.agenda.sessions.by_key(loaded.id, "opening")
    assert opening is not None
    assert first.find_button("✅ Check in") == ("✅ Check in", f"ci:{opening.id}")
    await telegram.move_clock_to(at(29, 8, 50))
    assert len(reminders(rani, mark)) == 2

    rows = await telegram.services.db.fetch_all(
        "SELECT due_at, sent_at FROM outbox WHERE kind = 'reminder' AND person_id = ?"
        " AND state = 'sent' ORDER BY due_at",
        (rani.id,),
    )
    assert [(r["due_at"], r["sent_at"]) for r in rows] == [
        ("2025-10-29 01:30:00", "2025-10-29 01:30:00"),
        ("2025-10-29 01:50:00", "2025-10-29 01:50:00"),
    ]


async def test_reminders_go_to_the_session_audience_only(
    telegram: Rehearsal, loaded: Visit, rani: Member
):
    emma = await telegram.join("Emma", Role.PARTNER, loaded.id, language="en")
    await telegram.move_clock_to(at(31, 4, 25))  # Ijen (participants only) starts 04:30
    ijen_for_rani = [m for m in reminders(rani) if "Kawah Ijen" in m.text]
    assert len(ijen_for_rani) == 2
    assert [m for m in reminders(emma) if "Ijen" in m.text] == []
    assert any("Cultural evening" in m.text and "19:00" in m.text for m in reminders(emma))
    assert all("✅ Check in" not in m.button_texts() for m in reminders(emma))


async def test_the_morning_briefing_lists_the_day(telegram: Rehearsal, loaded: Visit, rani: Member):
    emma = await telegram.join("Emma", Role.PARTNER, loaded.id, language="en")
    await telegram.move_clock_to(at(31, 6, 29))
    mark_rani, mark_emma = rani.mark(), emma.mark()
    await telegram.move_clock(timedelta(minutes=1))
    [for_rani] = briefings(rani, mark_rani)
    assert "Jumat, 31 Oktober 2025" in for_rani.text
    assert "04.30–09.00 Pagi di Kawah Ijen" in for_rani.text
    assert "15.30–16.30 Penutupan" in for_rani.text
    [for_emma] = briefings(emma, mark_emma)
    assert for_emma.text.startswith("☀️ Good morning! The agenda for Friday, 31 October 2025:")
    assert "Ijen" not in for_emma.text
    await emma.press("📅 Today in detail", for_emma)
    assert "Synthesis" in (await emma.last_message()).text


async def test_mutes_silence_reminders_or_briefings_but_not_changes(
    telegram: Rehearsal, loaded: Visit, organiser: Member, rani: Member
):
    await rani.send("/mute")
    assert "/mute reminders" in (await rani.last_message()).text
    await rani.send("/mute pengingat")
    assert "pengingat sesi dimatikan" in (await rani.last_message()).text
    await telegram.move_clock_to(at(29, 9, 0))
    assert reminders(rani) == []
    assert len(briefings(rani)) == 1

    await rani.send("/mute briefing")
    await organiser.send("/agenda shift kemiren +15m")
    assert "Perubahan agenda" in (await rani.last_message()).text  # changes ignore mutes
    await telegram.move_clock_to(at(30, 8, 0))
    assert len(briefings(rani)) == 1 and reminders(rani) == []

    await rani.send("/unmute reminders")
    assert "dinyalakan lagi" in (await rani.last_message()).text
    await telegram.move_clock_to(at(30, 8, 40))
    assert [m.text.split(" dimulai")[0] for m in reminders(rani)] == [
        "🔔 Kunjungan Desa Adat Osing Kemiren",
        "🔔 Kunjungan Desa Adat Osing Kemiren",
    ]
    counts = await telegram.services.agenda.store.delivery_log(loaded.id)
    assert counts.muted > 0


async def test_a_shift_moves_the_reminders_and_an_unchanged_reload_queues_nothing(
    telegram: Rehearsal, loaded: Visit, organiser: Member, rani: Member
):
    store = telegram.services.outbox.store
    before = await store.count_by_state("reminder")
    await organiser.send_document("agenda.yaml", DEMO_AGENDA)
    assert "sama dengan" in (await organiser.last_message()).text
    assert await store.count_by_state("reminder") == before

    await organiser.send("/agenda shift opening +1h")  # now 10:00
    await telegram.move_clock_to(at(29, 9, 29))
    assert reminders(rani) == []
    await telegram.move_clock_to(at(29, 9, 30))
    [reminder] = reminders(rani)
    assert "dimulai pukul 10.00" in reminder.text


async def test_a_restart_in_the_middle_of_a_day_loses_nothing_and_repeats_nothing(
    telegram: Rehearsal, loaded: Visit, rani: Member
):
    await telegram.move_clock_to(at(29, 12, 40))  # the batik reminder of 12:30 is out
    await telegram.restart()
    await bot_down_until(telegram, at(29, 12, 55))  # the one of 12:50 is 5 minutes late
    late = [m for m in reminders(rani) if "Gajah Oling" in m.text]
    assert len(late) == 2
    assert late[1].text.startswith("⏰ (terlambat: bot sempat tidak aktif)\n🔔 Lokakarya batik")
    assert "terlambat" not in late[0].text
    await telegram.restart()
    await telegram.move_clock_to(at(29, 23, 0))
    by_session = Counter(m.text.split("🔔 ")[1].split(" dimulai")[0] for m in reminders(rani))
    assert by_session == {
        "Pembukaan bersama Bupati Banyuwangi": 2,
        "Lokakarya batik Gajah Oling": 2,
        "Malam budaya — Tari Gandrung": 2,
    }
    log = await telegram.services.agenda.store.delivery_log(loaded.id)
    assert (log.late, log.expired) == (2, 0)  # rani's and the organiser's 12:50 reminder


async def test_past_the_grace_period_a_reminder_is_dropped_and_counted(
    telegram: Rehearsal, loaded: Visit, organiser: Member, rani: Member
):
    await telegram.move_clock_to(at(29, 18, 20))
    mark = rani.mark()
    await bot_down_until(telegram, at(29, 18, 53))  # 18:30 is 23 min late, 18:50 is 3 min
    [sent] = reminders(rani, mark)
    assert "Tari Gandrung dimulai pukul 19.00" in sent.text and "terlambat" in sent.text
    assert "7 menit lagi" in sent.text  # the 18:50 reminder, sent at 18:53: not "10 menit"
    await organiser.send("/agenda log")
    log = (await organiser.last_message()).text
    assert "Terlewat (di luar tenggang, tidak dikirim): 2" in log  # rani's and the organiser's
    assert "terlambat: 2" in log


async def test_organisers_change_the_reminder_settings(
    telegram: Rehearsal, loaded: Visit, organiser: Member, rani: Member
):
    await organiser.send("/settings")
    shown = (await organiser.last_message()).text
    assert "Pengingat: 30, 10 menit" in shown and "Ringkasan harian: 06.30" in shown
    for bad in ("reminders soon", "reminders 0", "briefing 25:99", "grace lots", "colour blue"):
        await organiser.send(f"/settings {bad}")
        assert "✅" not in (await organiser.last_message()).text, bad
    await organiser.send("/settings reminders 15")
    assert "Disimpan" in organiser.messages[-2].text
    await organiser.send("/settings briefing off")
    stored = await telegram.services.visits.store.get(loaded.id)
    assert stored is not None
    assert stored.settings["reminders"] == {
        "offsets": [15],
        "briefing": None,
        "grace": 15,
        "evening": "19:00",
    }

    await telegram.move_clock_to(at(29, 8, 44))
    assert reminders(rani) == [] and briefings(rani) == []
    await telegram.move_clock_to(at(29, 12, 45))
    assert [m.text.split(" dimulai")[0] for m in reminders(rani)] == [
        "🔔 Pembukaan bersama Bupati Banyuwangi",
        "🔔 Lokakarya batik Gajah Oling",
    ]
    rows = await telegram.services.db.fetch_all(
        "SELECT sent_at FROM outbox WHERE kind = 'reminder' AND person_id = ? AND state = 'sent'",
        (rani.id,),
    )
    assert [r["sent_at"] for r in rows] == ["2025-10-29 01:45:00", "2025-10-29 05:45:00"]


# A visit in London whose days cross the end of British Summer Time (26 October 2025, 02:00).


async def test_a_london_visit_keeps_local_times_across_the_end_of_summer_time(tmp_path: Path):
    standin, live = await start_live_bot(
        tmp_path / "london.sqlite3",
        clock=ManualClock(datetime(2025, 10, 24, 12, 0, tzinfo=UTC)),
        organiser_ids=[1],
    )
    telegram = Rehearsal(standin, live)
    try:
        visit = await telegram.services.visits.create(
            check_new_visit(
                slug="london-2025",
                title="Sesdilu London",
                region="London",
                first_day="2025-10-25",
                last_day="2025-10-27",
                timezone="Europe/London",
                language="en",
            )
        )
        organiser = await telegram.join("Sari", Role.ORGANISER, visit.id, language="en")
        ayu = await telegram.join("Ayu", Role.PARTICIPANT, visit.id, language="en")
        agenda = "key,title_en,date,start,end,venue\n" + "".join(
            f"day{n},Briefing day {n},2025-10-2{4 + n},09:00,10:00,Embassy\n" for n in (1, 2, 3)
        )
        await organiser.send_document("london.csv", agenda.encode())
        stored = await telegram.services.agenda.sessions.of_visit(visit.id)
        assert [s.starts_at.strftime("%d %H:%M") for s in stored] == [
            "25 08:00",  # 09:00 BST
            "26 09:00",  # 09:00 GMT, the clocks went back that night
            "27 09:00",
        ]
        await telegram.move_clock_to(datetime(2025, 10, 27, 12, 0, tzinfo=UTC))
        assert [m.text.split("\n")[0] for m in reminders(ayu)] == [
            f"🔔 Briefing day {n} starts at 09:00, in {left} min."
            for n in (1, 2, 3)
            for left in (30, 10)
        ]
        rows = await telegram.services.db.fetch_all(
            "SELECT kind, due_at, sent_at FROM outbox WHERE person_id = ? AND state = 'sent'"
            " AND kind IN ('reminder', 'briefing') ORDER BY due_at",
            (ayu.id,),
        )
        assert [(r["kind"], r["due_at"][5:16]) for r in rows] == [
            ("briefing", "10-25 05:30"),
            ("reminder", "10-25 07:30"),
            ("reminder", "10-25 07:50"),
            ("briefing", "10-26 06:30"),
            ("reminder", "10-26 08:30"),
            ("reminder", "10-26 08:50"),
            ("briefing", "10-27 06:30"),
            ("reminder", "10-27 08:30"),
            ("reminder", "10-27 08:50"),
        ]
        assert all(r["sent_at"] == r["due_at"] for r in rows)
        [sunday] = [m for m in briefings(ayu) if "Sunday" in m.text]
        assert "09:00–10:00 Briefing day 2" in sunday.text
        standin.assert_schema_clean()
    finally:
        await telegram.close()


async def test_a_reminder_planned_in_indonesian_arrives_in_english_after_a_language_change(
    telegram: Rehearsal, loaded: Visit, rani: Member
):
    await telegram.move_clock_to(at(29, 6, 0))  # the day's reminders and briefing are planned
    planned = await telegram.services.db.fetch_value(
        "SELECT COUNT(*) FROM outbox WHERE person_id = ? AND kind IN ('reminder', 'briefing')"
        " AND state = 'pending'",
        (rani.id,),
    )
    assert planned > 0
    await rani.send("/language")
    await rani.press("English")
    mark = rani.mark()
    await telegram.move_clock_to(at(29, 8, 30))
    [briefing] = briefings(rani, mark)
    assert briefing.text.startswith("☀️ Good morning!")
    [reminder] = reminders(rani, mark)
    assert reminder.text.startswith(
        "🔔 Opening with the Regent of Banyuwangi starts at 09:00, in 30 min."
    )


async def test_a_reminder_of_a_session_cancelled_after_planning_is_not_sent(
    telegram: Rehearsal, loaded: Visit, rani: Member
):
    await telegram.move_clock_to(at(29, 6, 0))
    session = next(
        s for s in await telegram.services.agenda.sessions.of_visit(loaded.id) if s.key == "opening"
    )
    # Cancelled behind the planner's back (as a crash between the change and the re-plan would).
    await telegram.services.db.execute(
        "UPDATE sessions SET cancelled_at = '2025-10-28 23:00:00' WHERE id = ?", (session.id,)
    )
    mark = rani.mark()
    await telegram.move_clock_to(at(29, 8, 31))
    assert [m for m in reminders(rani, mark) if "Pembukaan" in m.text] == []


def evening_notices(member: Member, since: int = 0) -> list[SentMessage]:
    """The notices of early sessions a person received the evening before."""
    return [m for m in member.since(since) if "🌙" in (m.text or "")]


async def test_a_session_before_the_briefing_is_announced_the_evening_before(
    telegram: Rehearsal, loaded: Visit, organiser: Member, rani: Member
):
    # The Ijen departure starts at 04:30 on the 31st, before the 06:30 briefing.
    await telegram.move_clock_to(at(30, 12, 0))  # planned in Indonesian
    await rani.send("/language")
    await rani.press("English")
    mark = rani.mark()
    await telegram.move_clock_to(at(30, 18, 59))
    assert evening_notices(rani, mark) == []
    await telegram.move_clock_to(at(30, 19, 0))
    [notice] = evening_notices(rani, mark)
    assert notice.text.startswith(
        "🌙 Early tomorrow, before the morning briefing: Morning at the Ijen crater starts at 04:30"
    )
    assert "Friday, 31 October 2025" in notice.text
    # Only sessions before the briefing, only to their audience (participants).
    assert len(evening_notices(rani)) == 1
    assert evening_notices(organiser) == []


async def test_organisers_set_the_time_of_the_evening_notice(
    telegram: Rehearsal, loaded: Visit, organiser: Member, rani: Member
):
    await organiser.send("/settings evening 20:30")
    assert "20.30" in (await organiser.last_message()).text
    await telegram.move_clock_to(at(30, 20, 29))
    assert evening_notices(rani) == []
    await telegram.move_clock_to(at(30, 20, 30))
    [notice] = evening_notices(rani)
    assert "Pagi di Kawah Ijen mulai pukul 04.30" in notice.text
    await organiser.send("/settings evening off")
    assert (
        "Pemberitahuan malam sebelumnya (sesi sebelum ringkasan): mati"
        in (await organiser.last_message()).text
    )


async def test_a_change_at_the_very_second_a_briefing_falls_due_sends_it_once(
    telegram: Rehearsal, loaded: Visit, organiser: Member, rani: Member
):
    await telegram.move_clock_to(at(30, 6, 29))
    mark = rani.mark()
    await telegram.move_clock_to(at(30, 6, 30))  # the briefing is due and goes out
    await organiser.send("/agenda shift kemiren +15m")  # in the same second
    await telegram.move_clock(timedelta(minutes=5))
    assert len(briefings(rani, mark)) == 1


async def test_a_row_held_behind_its_chats_retry_wakes_the_worker_at_the_retry_not_before(
    telegram: Rehearsal, visit: Visit, rani: Member
):
    from bot.outbox import Delivery, OutgoingMessage
    from sandbox.limits import Faults

    telegram.standin.faults = Faults(server_error_rate=1.0)
    outbox = telegram.services.outbox
    await outbox.enqueue([Delivery(rani.id, OutgoingMessage("satu"), "notice", dedupe_key="a")])
    await telegram.settle()  # failed twice, backing off
    telegram.standin.faults = None
    await outbox.enqueue([Delivery(rani.id, OutgoingMessage("dua"), "notice", dedupe_key="b")])
    await telegram.settle()
    retry = await telegram.services.db.fetch_value(
        "SELECT next_attempt_at FROM outbox WHERE dedupe_key = 'a'"
    )
    now = telegram.clock.now()
    next_due = await outbox.store.next_due_at()
    assert next_due is not None and next_due > now  # not "now": "dua" waits for "satu"
    assert next_due.strftime("%Y-%m-%d %H:%M:%S") == retry
    await telegram.move_clock_to(next_due)
    assert [m.content for m in rani.messages][-2:] == ["satu", "dua"]
