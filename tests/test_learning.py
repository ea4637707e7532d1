"""Learning and impact: feedback after the sessions people attended, the daily reflection across
a restart, the personal visit report, the impact report against a hand-counted visit, and
collaboration leads followed after the visit."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from docx import Document

from sandbox.audit import rows_changed, snapshot
from sandbox.harness import Member, Rehearsal
from storage.learning import LearningStore
from storage.roles import Role
from storage.sessions import Session, SessionFields, SessionStore, Venue
from storage.visits import Visit

# Wednesday 29 October 2025 in Banyuwangi (UTC+7): batik 09:00-10:30, gandrung 13:00-14:00.
BATIK_START = datetime(2025, 10, 29, 2, 0, tzinfo=UTC)
GANDRUNG_START = datetime(2025, 10, 29, 6, 0, tzinfo=UTC)
EVENING = datetime(2025, 10, 29, 13, 0, tzinfo=UTC)  # 20:00 local, the reflection's default
QUESTION = "Bagaimana Nordic Design Lab membantu perajin batik menembus pasar Eropa?"
ANSWER = "Every spring we host two batik makers at our Stockholm studio."


@pytest.fixture
async def sessions(telegram: Rehearsal, visit: Visit) -> dict[str, Session]:
    """Two sessions of the first day; the second is Nordic Design Lab's."""
    store = SessionStore(telegram.services.db)
    fields = [
        SessionFields(
            "batik",
            "Lokakarya Batik",
            "Batik workshop",
            BATIK_START,
            BATIK_START + timedelta(minutes=90),
            Venue(name="Sanggar Batik"),
        ),
        SessionFields(
            "gandrung",
            "Tari Gandrung",
            "Gandrung dance",
            GANDRUNG_START,
            GANDRUNG_START + timedelta(hours=1),
            Venue(name="Gesibu"),
            partners=("Nordic Design Lab",),
        ),
    ]
    await store.apply(visit.id, fields, [], telegram.clock.now())
    return {s.key: s for s in await store.of_visit(visit.id)}


async def check_in(telegram: Rehearsal, member: Member, session: Session, at: timedelta) -> None:
    """Press the session's check-in button `at` after its start."""
    await telegram.move_clock_to(session.starts_at + at)
    await member.press_data(f"ci:{session.id}", member.messages[0])


def feedback_requests(member: Member, title: str) -> list[str]:
    return [
        m.text or "" for m in member.messages if title in (m.text or "") and "⭐" in (m.text or "")
    ]


async def test_feedback_goes_only_to_those_who_attended_and_a_rating_can_change(
    telegram: Rehearsal,
    visit: Visit,
    organiser: Member,
    rani: Member,
    sessions: dict[str, Session],
):
    dimas = await telegram.join("Dimas", Role.PARTICIPANT, visit.id, username="dimas")
    batik = sessions["batik"]
    await check_in(telegram, rani, batik, timedelta(minutes=-5))
    await telegram.move_clock_to(batik.ends_at + timedelta(minutes=6))
    request = await rani.last_message()
    assert "Bagaimana sesi Lokakarya Batik?" in request.text
    assert request.button_texts() == ["1", "2", "3", "4", "5"]
    assert feedback_requests(dimas, "Lokakarya Batik") == [], "Dimas did not attend"

    await rani.press("4", request)
    store = LearningStore(telegram.services.db)
    assert (await store.feedback_of(batik.id, rani.id)).rating == 4  # type: ignore[union-attr]
    assert "nilai Anda ★★★★☆" in request.text
    await rani.press("2", request)
    assert (await store.feedback_of(batik.id, rani.id)).rating == 2  # type: ignore[union-attr]
    assert "Nilai diubah" in (rani.user.callback_answers[-1].text or "")

    # Bad input: a rating outside 1-5, and feedback on a session not attended.
    before = await snapshot(telegram.services.db)
    await rani.press_data(f"fb:r:{batik.id}:7", request)
    assert "antara 1 dan 5" in (rani.user.callback_answers[-1].text or "")
    await dimas.press_data(f"fb:r:{batik.id}:5", dimas.messages[0])
    assert "sesi yang Anda hadiri" in (dimas.user.callback_answers[-1].text or "")
    await dimas.press_data(f"fb:c:{batik.id}", dimas.messages[0])
    assert rows_changed(before, await snapshot(telegram.services.db)) == 0

    # A one-line comment, anonymous until Rani signs it.
    await rani.press("💬 Tambah komentar", request)
    await rani.send("Praktik langsung sangat membantu\nbaris kedua diabaikan")
    saved = await rani.last_message()
    assert "Komentar disimpan" in saved.text
    await organiser.send("/feedback batik")
    summary = (await organiser.last_message()).text
    assert "1 tanggapan, rata-rata 2.0" in summary
    assert "“Praktik langsung sangat membantu” — anonim" in summary
    await rani.press("✍️ Cantumkan nama saya", saved)
    await organiser.send("/feedback batik")
    assert "— Rani" in (await organiser.last_message()).text

    # The export has the rating and the signed name; CSV by default.
    await organiser.send("/export feedback")
    exported = (await organiser.last_message()).document or b""
    assert "batik,Lokakarya Batik" in exported.decode("utf-8-sig")
    assert ",2,Praktik langsung sangat membantu,Rani" in exported.decode("utf-8-sig")


async def test_a_muted_person_and_a_partner_who_may_not_see(
    telegram: Rehearsal,
    visit: Visit,
    organiser: Member,
    rani: Member,
    sessions: dict[str, Session],
):
    gandrung = sessions["gandrung"]
    await rani.send("/mute feedback")
    await check_in(telegram, rani, gandrung, timedelta(minutes=0))
    await telegram.move_clock_to(gandrung.ends_at + timedelta(minutes=10))
    assert feedback_requests(rani, "Tari Gandrung") == []
    emma = await telegram.join("Emma", Role.PARTNER, visit.id, username="emma", language="en")
    await organiser.send("/partner add Nordic Design Lab | Sweden | Design | Lab desain | Lab")
    await organiser.send("/partner rep Nordic Design Lab @emma")
    await emma.send("/feedback")
    assert "have not shared" in (await emma.last_message()).text
    await telegram.services.learning.store.rate(visit.id, gandrung.id, rani.id, 5, EVENING)
    await organiser.send("/feedback share on")
    await emma.send("/feedback")
    shown = (await emma.last_message()).text
    assert "Gandrung dance" in shown and "1 response, average 5.0" in shown
    assert "Batik" not in shown


async def test_a_reflection_goes_on_across_a_restart_and_the_next_morning(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member
):
    await telegram.move_clock_to(EVENING + timedelta(minutes=1))
    invitation = await rani.last_message()
    assert "Refleksi harian" in invitation.text
    await rani.press("▶️ Mulai", invitation)
    assert "(1/3)" in (await rani.last_message()).text
    await rani.send("Bertemu perajin batik Gajah Oling")
    assert "(2/3)" in (await rani.last_message()).text

    await telegram.restart()
    # The next morning, 08:00 local: the guided chat is still there.
    await telegram.move_clock_to(EVENING + timedelta(hours=12))
    await rani.send_voice(b"OggS voice", duration=42)
    assert "(3/3)" in (await rani.last_message()).text
    await rani.press("⏭ Lewati pertanyaan ini")
    done = await rani.last_message()
    assert "Hanya Anda" in done.text
    store = LearningStore(telegram.services.db)
    [stored] = await store.reflections_of(visit.id, rani.id)
    assert stored.answers["happened"].text == "Bertemu perajin batik Gajah Oling"
    assert stored.answers["meaning"].seconds == 42 and stored.answers["meaning"].voice
    assert "action" in stored.skipped and not stored.shared

    await organiser.send("/reflect shared")
    assert "Gajah Oling" not in (await organiser.last_message()).text, "private until shared"
    await rani.press("📤 Bagikan kepada panitia", done)
    await organiser.send("/reflect shared")
    shared = (await organiser.last_message()).text
    assert "Gajah Oling" in shared and "pesan suara (0:42)" in shared

    # After noon the window is closed: a clear answer, nothing written.
    await telegram.move_clock_to(EVENING + timedelta(hours=16, minutes=1))
    before = await snapshot(telegram.services.db)
    await rani.press_data(f"rf:go:{visit.id}:20251029", invitation)
    assert "sudah ditutup" in (rani.user.callback_answers[-1].text or "")
    await rani.send("/reflect")
    assert "Tidak ada refleksi yang terbuka" in (await rani.last_message()).text
    assert rows_changed(before, await snapshot(telegram.services.db)) == 0


async def ask_and_answer(
    telegram: Rehearsal, visit: Visit, organiser: Member, asker: Member, emma: Member
) -> None:
    """Asker asks Nordic Design Lab one question by name; the organiser publishes it and Emma
    answers in chat half an hour later."""
    await organiser.send("/partner add Nordic Design Lab | Sweden | Design | Lab desain | Lab")
    await organiser.send("/partner rep Nordic Design Lab @emma")
    await asker.send("/ask")
    await asker.press("🤝 Nordic Design Lab")
    await asker.send(QUESTION)
    await asker.press("👤 Tampilkan nama saya")
    await asker.press("📨 Kirim")
    card = next(m for m in reversed(organiser.messages) if "perajin batik" in (m.text or ""))
    await organiser.press("✅ Terbitkan", card)
    await telegram.move_clock(timedelta(minutes=30))
    question = next(m for m in reversed(emma.messages) if "perajin batik" in (m.text or ""))
    await emma.reply_to(question, ANSWER)


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def docx_table_rows(data: bytes) -> list[list[str]]:
    document = Document(io.BytesIO(data))
    return [[cell.text for cell in row.cells] for t in document.tables for row in t.rows]


async def test_my_report_shows_the_sessions_attended_the_question_and_the_reflection(
    telegram: Rehearsal,
    visit: Visit,
    organiser: Member,
    rani: Member,
    sessions: dict[str, Session],
):
    emma = await telegram.join("Emma", Role.PARTNER, visit.id, username="emma", language="en")
    await check_in(telegram, rani, sessions["batik"], timedelta(minutes=-5))
    await ask_and_answer(telegram, visit, organiser, rani, emma)
    await telegram.move_clock_to(EVENING + timedelta(minutes=1))
    await rani.press("▶️ Mulai")
    await rani.send("Diplomasi budaya dimulai dari sanggar")

    await rani.send("/myreport")
    sent = await rani.last_message()
    assert sent.filename == "laporan-banyuwangi-2025.docx"
    text = docx_text(sent.document or b"")
    assert "Laporan Perjalanan Dinas" in text and "Nama: Rani" in text
    assert "Sesdilu Banyuwangi" in text and "Banyuwangi, Jawa Timur" in text
    assert "Lokakarya Batik" in text and "08.55" in text
    assert "Tari Gandrung" not in text, "not attended"
    assert f"Kepada Nordic Design Lab: {QUESTION}" in text
    assert ANSWER in text
    assert "Diplomasi budaya dimulai dari sanggar" in text
    assert "Kesimpulan dan Saran" in text

    # Someone in no visit: a clear answer, no document.
    stranger = telegram.person("Budi")
    await stranger.send("/start")
    await stranger.send("/myreport")
    last = await stranger.last_message()
    assert last.document is None and "kunjungan" in last.text.lower()


async def test_the_impact_report_matches_a_hand_counted_visit_and_leads_are_followed(
    telegram: Rehearsal,
    visit: Visit,
    organiser: Member,
    rani: Member,
    sessions: dict[str, Session],
):
    dimas = await telegram.join("Dimas", Role.PARTICIPANT, visit.id, username="dimas")
    sari = await telegram.join("Sari", Role.PARTICIPANT, visit.id, username="sari")
    emma = await telegram.join("Emma", Role.PARTNER, visit.id, username="emma", language="en")
    batik, gandrung = sessions["batik"], sessions["gandrung"]
    # Batik: Rani on time, Dimas late, Sari not there. Gandrung: Sari on time only.
    await check_in(telegram, rani, batik, timedelta(minutes=-5))
    await check_in(telegram, dimas, batik, timedelta(minutes=15))
    await ask_and_answer(telegram, visit, organiser, rani, emma)
    await telegram.move_clock_to(batik.ends_at + timedelta(minutes=6))
    await rani.press("4", (await rani.last_message()))
    await dimas.press("2", (await dimas.last_message()))
    await check_in(telegram, sari, gandrung, timedelta(minutes=0))
    await telegram.move_clock_to(gandrung.ends_at + timedelta(minutes=6))
    await sari.press("5", (await sari.last_message()))

    # Emma marks the question as a lead, then says she contacted Rani.
    await emma.send("/leads")
    assert "No collaboration lead" in (await emma.last_message()).text
    await emma.press("➕ Mark a new lead")
    await emma.press(0)
    card = await emma.last_message()
    assert "Question from Rani → Nordic Design Lab" in card.text and "new" in card.text
    await emma.press("contacted", card)
    store = LearningStore(telegram.services.db)
    [lead] = await store.leads(visit.id)
    assert lead.status == "contacted" and lead.question_id is not None
    # Dimas, a participant, may not touch it.
    before = await snapshot(telegram.services.db)
    await dimas.press_data(f"ld:s:{lead.id}:dropped", dimas.messages[0])
    assert rows_changed(before, await snapshot(telegram.services.db)) == 0
    # Months after the visit the organiser records the agreement.
    await telegram.move_clock_to(datetime(2026, 1, 15, 3, 0, tzinfo=UTC))
    await organiser.send("/leads")
    await organiser.press(f"#{lead.id}")
    await organiser.press("disepakati")
    assert (await store.lead(lead.id)).status == "agreed"  # type: ignore[union-attr]

    mark = organiser.mark()
    await organiser.send("/report")
    sent = organiser.since(mark)
    photos = [m for m in sent if m.photo]
    assert len(photos) == 2 and all(p.photo and p.photo.startswith(b"\x89PNG") for p in photos)
    document = next(m for m in sent if m.document)
    rows = docx_table_rows(document.document or b"")
    # Session, when, expected, on time, late, absent, no check-in.
    attendance = {r[0]: r[2:] for r in rows if len(r) == 7 and r[0] != "Sesi"}
    assert attendance["Lokakarya Batik"] == ["3", "1", "1", "0", "1"]
    assert attendance["Tari Gandrung"] == ["3", "1", "0", "0", "2"]
    feedback = {r[0]: r[1:3] for r in rows if len(r) == 4 and r[0] in attendance}
    assert feedback == {"Lokakarya Batik": ["2", "3.0"], "Tari Gandrung": ["1", "5.0"]}
    questions = [r for r in rows if r and r[0] == "Nordic Design Lab"]
    assert questions == [["Nordic Design Lab", "1", "1", "30 min"]]
    [lead_row] = [r for r in rows if r and r[0] == str(lead.id)]
    assert lead_row[1:3] == ["Pertanyaan", "Rani"] and lead_row[5] == "disepakati"
    text = docx_text(document.document or b"")
    assert "Check-in tepat waktu: 2; terlambat: 1 (67% tepat waktu)" in text
    document_xml = Document(io.BytesIO(document.document or b""))
    assert len(document_xml.inline_shapes) == 2, "both charts are embedded"


async def test_forget_me_takes_feedback_and_reflections_and_mydata_shows_them(
    telegram: Rehearsal,
    visit: Visit,
    organiser: Member,
    rani: Member,
    sessions: dict[str, Session],
):
    batik = sessions["batik"]
    await check_in(telegram, rani, batik, timedelta(minutes=-5))
    await telegram.move_clock_to(batik.ends_at + timedelta(minutes=6))
    await rani.press("5", await rani.last_message())
    await telegram.move_clock_to(EVENING + timedelta(minutes=1))
    await rani.press("▶️ Mulai")
    await rani.send("Hari yang padat dan berharga")
    await rani.send("/mydata")
    copy = b"".join(m.document or b"" for m in rani.messages[-3:])
    assert b"session_feedback" in copy and b"Hari yang padat" in copy

    await rani.send("/forgetme")
    await rani.press(0, rani.messages[-1])
    db = telegram.services.db
    assert await db.fetch_value("SELECT COUNT(*) FROM session_feedback") == 0
    assert await db.fetch_value("SELECT COUNT(*) FROM reflections") == 0


def test_the_played_demo_gives_both_reports_from_the_command_line(
    tmp_path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    import asyncio

    from bot.cli import main
    from sandbox.demo import write_played

    database = tmp_path / "demo.sqlite3"
    asyncio.run(write_played(database))
    monkeypatch.setenv("DATABASE_PATH", str(database))
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    impact, mine = tmp_path / "report.docx", tmp_path / "mine.docx"
    assert main(["report", "visit", "--visit", "banyuwangi-2025", "--output", str(impact)]) == 0
    args = ["report", "person", "--visit", "banyuwangi-2025", "--person", "Rani", "--output"]
    assert main([*args, str(mine)]) == 0
    report = Document(str(impact))
    assert len(report.inline_shapes) == 2
    rows = docx_table_rows(impact.read_bytes())
    assert ["Nordic Design Lab", "1", "1", "40 min"] in rows
    assert any(r[5:6] == ["disepakati"] for r in rows), "the agreed lead"
    text = docx_text(mine.read_bytes())
    assert "Nama: Rani Pratiwi" in text and "Every spring we host" in text
    # A name that is nobody's, and a played file that exists already, are refused.
    nobody = ["report", "person", "--visit", "banyuwangi-2025", "--person", "Zed", "--output"]
    assert main([*nobody, str(mine)]) == 2
    with pytest.raises(FileExistsError):
        asyncio.run(write_played(database))


async def test_a_request_that_would_come_at_night_waits_for_the_morning(
    telegram: Rehearsal, visit: Visit, rani: Member
):
    store = SessionStore(telegram.services.db)
    late_night = datetime(2025, 10, 29, 14, 30, tzinfo=UTC)  # 21:30-22:30 local
    fields = SessionFields(
        "malam", "Diskusi malam", "Night talk", late_night, late_night + timedelta(hours=1)
    )
    await store.apply(visit.id, [fields], [], telegram.clock.now())
    [session] = await store.of_visit(visit.id)
    await check_in(telegram, rani, session, timedelta(minutes=0))
    await telegram.move_clock_to(session.ends_at + timedelta(hours=8))  # 06:30 local
    assert feedback_requests(rani, "Diskusi malam") == []
    await telegram.move_clock_to(datetime(2025, 10, 30, 0, 0, 30, tzinfo=UTC))  # 07:00 local
    assert len(feedback_requests(rani, "Diskusi malam")) == 1


async def test_organisers_set_the_reflection_time_or_turn_it_off(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member
):
    await organiser.send("/reflect time 25:99")
    assert "JJ:MM" in (await organiser.last_message()).text
    await organiser.send("/reflect time 21:30")
    assert "pukul 21.30" in (await organiser.last_message()).text  # as Indonesian writes times
    await organiser.send("/reflect")
    assert "21.30" in (await organiser.last_message()).text
    await telegram.move_clock_to(EVENING + timedelta(minutes=5))
    assert not any("Refleksi harian" in (m.text or "") for m in rani.messages)
    await telegram.move_clock_to(EVENING + timedelta(minutes=91))
    assert "Refleksi harian" in (await rani.last_message()).text
    await organiser.send("/reflect off")
    mark = rani.mark()
    await telegram.move_clock_to(EVENING + timedelta(days=1, hours=2))
    assert not any("Refleksi harian" in (m.text or "") for m in rani.since(mark))


async def test_features_changing_their_settings_from_an_old_read_keep_each_others(
    telegram: Rehearsal, visit: Visit
):
    # `visit` was read before any of these changes, as a handler holds the visit it loaded
    # at the start of an update while another update changes a setting.
    services = telegram.services
    await services.learning.reflection.set_time(visit, "off")
    await services.questions.switch_moderation(visit, False)
    await services.reminders.change_settings(visit, "reminders", "30,10")
    fresh = await services.visits.store.get(visit.id)
    assert fresh is not None
    assert fresh.settings["learning"]["reflection"] is None
    assert fresh.settings["qa_moderation"] is False
    assert fresh.settings["reminders"]["offsets"] == [30, 10]
