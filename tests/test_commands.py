"""Commands an organiser (or anyone) can use without remembering keys: stories of issue 14."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sandbox.harness import Member, Rehearsal
from sandbox.users import SentMessage
from storage.questions import Question
from storage.roles import Role
from storage.visits import Visit
from tests.test_checkins import START, STUDIO, add_sessions, batik, north_of

PARTNER = "UNESCO Jakarta"
QUESTION = "Bagaimana UNESCO mendukung batik Banyuwangi di pasar dunia?"

pytestmark = pytest.mark.usefixtures("visit")


@pytest.fixture
async def mei(telegram: Rehearsal, visit: Visit, organiser: Member) -> Member:
    """Mei speaks for UNESCO Jakarta."""
    await organiser.send(f"/partner add {PARTNER} | France | Culture | Kantor | Office")
    mei = await telegram.join("Mei", Role.PARTNER, visit.id, username="mei_unesco", language="en")
    await organiser.send(f"/partner rep {PARTNER} @mei_unesco")
    return mei


async def stored(telegram: Rehearsal, visit: Visit) -> list[Question]:
    """Every question of the visit, as stored."""
    return await telegram.services.questions.store.of_visit(visit.id)


def card_for(person: Member, marker: str) -> SentMessage:
    """The latest message to this person containing `marker`."""
    for message in reversed(person.messages):
        if marker in message.content:
            return message
    raise AssertionError(f"no message with {marker!r} for {person}")


# /cancel ends every guided chat


async def test_cancel_ends_a_question_being_written_and_the_next_text_is_not_a_question(
    telegram: Rehearsal, visit: Visit, rani: Member, mei: Member
):
    await rani.send("/ask")
    await rani.press(f"🤝 {PARTNER}")
    await rani.send("/cancel")
    assert "Dibatalkan" in (await rani.last_message()).text
    await rani.send(QUESTION)
    assert "tidak bisa memakai pesan" in (await rani.last_message()).text
    assert await stored(telegram, visit) == []
    assert telegram.services.dialogs.active(rani.id) is None


async def test_cancel_ends_a_partners_answer_and_a_partner_line(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member, mei: Member
):
    await rani.send("/ask")
    await rani.press(f"🤝 {PARTNER}")
    await rani.send(QUESTION)
    await rani.press("👤 Tampilkan nama saya")
    await rani.press("📨 Kirim")
    [question] = await stored(telegram, visit)
    await organiser.press("✅ Terbitkan", card_for(organiser, f"#{question.id}"))
    await mei.press("💬 Answer", card_for(mei, QUESTION))
    await mei.send("/cancel")
    assert "Cancelled" in (await mei.last_message()).text
    await mei.send("Through the creative cities programme.")
    [unanswered] = await stored(telegram, visit)
    assert unanswered.state == "published" and unanswered.answer is None

    await organiser.send("/partner add")
    await organiser.send("/cancel")
    assert "Dibatalkan" in (await organiser.last_message()).text
    await organiser.send("Nordic Design Lab | Sweden | Design | Desain | Design")
    assert len(await telegram.services.partners.of_visit(visit.id)) == 1


async def test_cancel_with_nothing_in_progress_says_so(rani: Member):
    await rani.send("/cancel")
    assert "Tidak ada yang sedang berjalan" in (await rani.last_message()).text


# /export shows what can be exported


async def test_export_alone_or_with_a_wrong_word_offers_every_export_as_a_button(
    organiser: Member,
):
    await organiser.send("/export")
    choices = await organiser.last_message()
    assert "Apa yang ingin diekspor" in choices.text
    assert sorted(choices.button_texts()) == [
        f"{kind} · {format_}"
        for kind in (
            "Kamar dan kendaraan",
            "Katering (jumlah)",
            "Kebutuhan (panitia)",
            "Kehadiran",
            "Pertanyaan",
            "Profil kreator",
            "Umpan balik",
        )
        for format_ in ("CSV", "Excel")
    ]
    await organiser.send("/export bogus")
    assert "Tidak ada ekspor bernama bogus" in (await organiser.last_message()).text
    await organiser.send("/export kehadiran pdf")
    assert "Tidak ada ekspor bernama kehadiran pdf" in (await organiser.last_message()).text
    await organiser.press("Kehadiran · CSV", choices)
    sent = await organiser.last_message()
    assert sent.document is not None and (sent.filename or "").startswith("attendance-")
    assert (sent.filename or "").endswith(".csv")
    await organiser.press("Kehadiran · Excel", choices)
    assert ((await organiser.last_message()).filename or "").endswith(".xlsx")
    await organiser.send("/export pertanyaan")
    assert ((await organiser.last_message()).filename or "").startswith("questions-")
    await organiser.send("/export pertanyaan excel")
    assert ((await organiser.last_message()).filename or "").endswith(".xlsx")


async def test_help_describes_export_for_everything_it_exports(organiser: Member):
    await organiser.send("/help")
    help_text = (await organiser.last_message()).text
    assert "/export" in help_text and "(creators)" not in help_text


# /invite validates its options and shows all of them; /invites too


async def test_invite_options_are_checked_and_every_limit_is_shown(
    telegram: Rehearsal, visit: Visit, organiser: Member
):
    joined = await telegram.services.invites.of_visit(visit.id)
    for typo, answer in (
        ("7dayz", "tidak terbaca: 7dayz"),
        ("0d", "terlalu pendek"),
        ("999d", "terlalu panjang"),
        ("uses=0", "pemakaian tidak terbaca"),
    ):
        await organiser.send(f"/invite participant {typo} Bus 2")
        said = [m.text for m in organiser.messages[-2:]]
        assert answer in said[0] and "Cara pakai" in said[1], (typo, said)
    assert await telegram.services.invites.of_visit(visit.id) == joined

    await organiser.send("/invite participant 7days uses=20 Bus 2")
    created = organiser.messages[-2].text
    assert "berlaku sampai Selasa, 4 November 2025 09.00" in created
    assert "untuk 20 orang" in created and "label «Bus 2»" in created
    await organiser.send("/invite creator 300d")
    assert "2026" in organiser.messages[-2].text
    await organiser.send("/invite partner")
    assert "tanpa batas waktu" in organiser.messages[-2].text

    await organiser.send("/invites")
    listed = (await organiser.last_message()).text
    assert "berlaku sampai Selasa, 4 November 2025 09.00" in listed
    assert "label «Bus 2»" in listed and "tanpa batas waktu" in listed
    [bus] = [i for i in await telegram.services.invites.of_visit(visit.id) if i.label]
    assert bus.label == "Bus 2" and bus.max_uses == 20


# /newvisit says that it switched the organiser's current visit


async def test_newvisit_says_the_current_visit_changed_and_how_to_go_back(
    telegram: Rehearsal, visit: Visit
):
    director = telegram.person("Tubagus", user_id=1)
    await director.send("/start")
    await director.send(
        "/newvisit toraja-2026 | Sesdilu Toraja | Toraja Utara | 2026-03-02 | 2026-03-04"
    )
    first = await director.last_message()
    assert "Kunjungan Anda saat ini sekarang <b>Sesdilu Toraja</b>" in first.html
    await director.send("/newvisit malang-2026 | Sesdilu Malang | Malang | 2026-05-04 | 2026-05-06")
    second = await director.last_message()
    assert "sekarang Sesdilu Malang (sebelumnya Sesdilu Toraja)" in second.text
    assert "/visit" in second.text


# /agenda takes today, tomorrow, a date or a day number, and says what it did not understand


async def test_agenda_understands_tomorrow_and_day_numbers_and_offers_days_otherwise(
    telegram: Rehearsal, visit: Visit, rani: Member
):
    await telegram.move_clock(timedelta(days=1))  # Wednesday 29 October, the first day
    await rani.send("/agenda tomorrow")
    assert "Kamis, 30 Oktober 2025" in (await rani.last_message()).text
    await rani.send("/agenda besok")
    assert "Kamis, 30 Oktober 2025" in (await rani.last_message()).text
    await rani.send("/agenda 3")
    assert "Jumat, 31 Oktober 2025" in (await rani.last_message()).text
    await rani.send("/agenda today")
    assert "Rabu, 29 Oktober 2025" in (await rani.last_message()).text

    await rani.send("/agenda lusa")
    puzzled = await rani.last_message()
    assert "tidak mengerti hari lusa" in puzzled.text
    assert puzzled.button_texts() == ["Hari 1 · 29/10", "Hari 2 · 30/10", "Hari 3 · 31/10"]
    await rani.press("Hari 2 · 30/10", puzzled)
    assert "Kamis, 30 Oktober 2025" in (await rani.last_message()).text

    await rani.send("/agenda 2025-11-05")
    assert "Rabu, 5 November 2025 bukan hari kunjungan" in (await rani.last_message()).text


# Agenda files: every problem in one pass; a group that does not exist is an error

AGENDA_HEADER = "key,title_id,title_en,date,start,end,venue,latitude,longitude,audience\n"


async def test_an_agenda_file_reports_every_problem_at_once_and_unknown_groups(
    telegram: Rehearsal, visit: Visit, organiser: Member
):
    await telegram.services.audiences.groups.set_members(visit.id, "Bus 1", [organiser.id])
    rows = (
        "batik,Batik,Batik,2025-10-29,15:00,13:00,Sanggar,-95,114.3,everyone",
        "batik,Dua kali,Twice,2025-11-05,09:00,10:00,,,,nobody",
        "bus,Bus,Bus,2025-10-30,09:00,10:00,,,,group:Bus2",
        "bus1,Bus 1,Bus 1,2025-10-30,09:00,10:00,,,,group:Bus 1",
    )
    await organiser.send_document("agenda.csv", (AGENDA_HEADER + "\n".join(rows)).encode())
    answer = (await organiser.last_message()).text
    assert "baris 1 (batik): latitude: nilai tidak valid «-95»" in answer
    assert "baris 1 (batik): selesai sebelum mulai" in answer
    assert "baris 2 (batik): audience: nilai tidak valid «nobody»" in answer
    assert "baris 2 (batik): date: 2025-11-05 di luar tanggal kunjungan" in answer
    assert "baris 2 (batik): key: kunci sudah dipakai di baris 1" in answer
    assert "baris 3 (bus): audience: tidak ada grup «Bus2»" in answer
    assert "bus1" not in answer
    assert await telegram.services.agenda.sessions.of_visit(visit.id) == []


async def test_editing_a_sessions_audience_to_an_unknown_group_is_refused(
    telegram: Rehearsal, visit: Visit, organiser: Member
):
    row = "batik,Batik,Batik,2025-10-29,13:00,15:00,Sanggar,,,everyone"
    await organiser.send_document("agenda.csv", (AGENDA_HEADER + row).encode())
    await organiser.send("/agenda edit batik audience group:Bus2")
    assert "tidak ada grup «Bus2»" in (await organiser.last_message()).text
    [session] = await telegram.services.agenda.sessions.of_visit(visit.id)
    assert session.fields.audience == "everyone"


# Who is expected: the session's audience; nudges worded for before and after the start


async def test_attendance_and_nudges_count_the_delegation_not_partners_or_creators(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member, mei: Member
):
    sessions = await add_sessions(telegram, visit, batik(audience="everyone"))
    await telegram.join("Yoga", Role.CREATOR, visit.id)
    await telegram.move_clock_to(START - timedelta(minutes=10))
    await organiser.send("/attendance batik")
    overview = (await organiser.last_message()).text
    assert "Belum check-in (1): Rani" in overview
    assert "Mei" not in overview and "Yoga" not in overview

    mark = mei.mark()
    await organiser.press("🔔 Ingatkan yang belum check-in")
    assert organiser.user.callback_answers[-1].text == "1 orang diingatkan."
    await telegram.settle()
    nudge = await rani.last_message()
    assert "dimulai pukul 09.00" in nudge.text and "sudah dimulai" not in nudge.text
    assert mei.since(mark) == []

    partners_only = await add_sessions(
        telegram, visit, batik(key="mitra", title_id="Rapat Mitra", audience="role:partner")
    )
    await organiser.send("/attendance mitra")
    assert "Belum check-in (1): Mei" in (await organiser.last_message()).text
    assert sessions["batik"].id != partners_only["mitra"].id


async def test_a_nudge_after_the_start_says_it_started(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member
):
    await add_sessions(telegram, visit, batik(audience="role:participant"))
    await telegram.move_clock_to(START + timedelta(minutes=3))
    await organiser.send("/attendance batik")
    await organiser.press("🔔 Ingatkan yang belum check-in")
    await telegram.settle()
    assert "sudah dimulai pukul 09.00" in (await rani.last_message()).text


async def test_a_location_shared_after_checking_in_says_so(
    telegram: Rehearsal, visit: Visit, rani: Member
):
    sessions = await add_sessions(telegram, visit, batik())
    await telegram.move_clock_to(START - timedelta(minutes=5))
    await rani.press_data(f"ci:{sessions['batik'].id}", rani.messages[0])
    await rani.share_location(*north_of(STUDIO, 900))
    answer = (await rani.last_message()).text
    assert "sudah check-in di Lokakarya Batik" in answer
    assert "Belum ada yang dicatat" not in answer


# /moderation shows the queue with buttons


async def test_moderation_alone_shows_the_waiting_questions_with_their_buttons(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member, mei: Member
):
    await organiser.send("/moderation")
    assert "Tidak ada pertanyaan yang menunggu" in (await organiser.last_message()).text
    for text in (QUESTION, "Apakah ada program residensi untuk perajin batik?"):
        await rani.send("/ask")
        await rani.press(f"🤝 {PARTNER}")
        await rani.send(text)
        await rani.press("👤 Tampilkan nama saya")
        await rani.press("📨 Kirim")
    first, second = await stored(telegram, visit)

    mark = organiser.mark()
    await organiser.send("/moderation")
    shown = organiser.since(mark)
    assert "Menunggu tinjauan: 2" in shown[1].text
    assert [QUESTION in m.text for m in shown[2:]] == [True, False]
    await organiser.press("✅ Terbitkan", shown[2])
    assert (await stored(telegram, visit))[0].state == "published"

    mark = organiser.mark()
    await organiser.send("/moderation")
    again = organiser.since(mark)
    assert "Menunggu tinjauan: 1" in again[1].text and len(again) == 3
    assert "residensi" in again[2].text and "✅ Terbitkan" in again[2].button_texts()
    assert second.state == "waiting" and first.id < second.id


async def test_attendance_offers_the_sessions_as_buttons_when_none_is_named_or_on(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member
):
    await add_sessions(
        telegram,
        visit,
        batik(),
        batik(
            key="ijen",
            title_id="Kawah Ijen",
            starts_at=START + timedelta(days=2),
            ends_at=START + timedelta(days=2, hours=3),
        ),
    )
    await organiser.send("/attendance")
    offered = await organiser.last_message()
    assert "Belum ada sesi yang berlangsung" in offered.text
    assert offered.button_texts() == ["29/10 09.00 Lokakarya Batik", "31/10 09.00 Kawah Ijen"]
    await organiser.send("/attendance gandrung")
    assert "Tidak ada sesi dengan kode gandrung" in (await organiser.last_message()).text
    await organiser.press("31/10 09.00 Kawah Ijen", offered)
    assert "Kehadiran: Kawah Ijen" in (await organiser.last_message()).text


async def test_an_export_with_nothing_in_it_says_so_from_its_button(organiser: Member):
    await organiser.send("/export")
    await organiser.press("Profil kreator · Excel")
    assert organiser.user.callback_answers[-1].text is None
    assert "Belum ada profil kreator yang disetujui" in (await organiser.last_message()).text
