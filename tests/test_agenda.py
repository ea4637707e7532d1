"""The agenda: loading files, viewing days and sessions, calendar files, and changes by chat."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest

from sandbox.harness import Member, Rehearsal
from storage.roles import Role
from storage.visits import Visit

DEMO_AGENDA = (Path(__file__).resolve().parents[1] / "sandbox" / "demo_agenda.yaml").read_bytes()

CSV_HEADER = "key,title_id,title_en,date,start,end,venue,latitude,longitude,audience\n"


def csv_agenda(*rows: str) -> bytes:
    """A small CSV agenda."""
    return (CSV_HEADER + "\n".join(rows) + "\n").encode()


async def sessions_of(telegram: Rehearsal, visit: Visit) -> list[tuple[str, str]]:
    """The stored sessions as (key, start in UTC) pairs."""
    stored = await telegram.services.agenda.sessions.of_visit(visit.id)
    return [(s.key, f"{s.starts_at:%Y-%m-%d %H:%M}") for s in stored]


async def test_an_organiser_loads_the_demo_agenda_and_a_participant_reads_it(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member
):
    await organiser.send_document("agenda.yaml", DEMO_AGENDA, mime_type="application/yaml")
    answer = await organiser.last_message()
    assert "9 sesi baru" in answer.text
    stored = await sessions_of(telegram, visit)
    assert ("opening", "2025-10-29 02:00") in stored  # 09:00 in Jakarta
    assert len(stored) == 9

    await telegram.move_clock_to(datetime(2025, 10, 29, 0, 30, tzinfo=UTC))  # 07:30 WIB
    await rani.send("/today")
    day = await rani.last_message()
    assert "Rabu, 29 Oktober 2025" in day.text
    assert "09.00–10.30 Pembukaan bersama Bupati Banyuwangi" in day.text
    assert "Berikutnya ▶" in day.button_texts()

    await rani.press("09.00 Pembukaan bersama Bupati Banyuwangi")
    card = await rani.last_message()
    assert "Pendopo Sabha Swagata Blambangan" in card.text
    assert "Busana: PDH / batik lengan panjang" in card.text
    opening = await telegram.services.agenda.sessions.by_key(visit.id, "opening")
    assert opening is not None
    assert card.button_data()[:2] == [f"ci:{opening.id}", f"qa:ask:s:{opening.id}"]

    await rani.press("🗺 Peta", card)
    venue = await rani.last_message()
    assert venue.venue is not None and venue.venue["title"] == "Pendopo Sabha Swagata Blambangan"
    assert venue.location is not None and venue.location["latitude"] == pytest.approx(-8.2191)

    await rani.press("Berikutnya ▶", day)
    assert "Kamis, 30 Oktober 2025" in day.text and day.edited
    assert "Desa Adat Osing Kemiren" in day.text


async def test_next_shows_the_coming_session_and_partners_see_no_check_in(
    telegram: Rehearsal, visit: Visit, organiser: Member
):
    emma = await telegram.join("Emma", Role.PARTNER, visit.id, language="en")
    await organiser.send_document("agenda.yaml", DEMO_AGENDA)
    await telegram.move_clock_to(datetime(2025, 10, 29, 4, 0, tzinfo=UTC))  # 11:00 WIB
    await emma.send("/next")
    card = await emma.last_message()
    assert "Gajah Oling batik workshop" in card.text
    assert "13:00–15:30" in card.text
    assert card.button_texts() == ["📅 Calendar", "🗺 Map"]


async def test_the_ijen_trip_is_only_for_participants(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member
):
    emma = await telegram.join("Emma", Role.PARTNER, visit.id, language="en")
    await organiser.send_document("agenda.yaml", DEMO_AGENDA)
    await rani.send("/agenda 2025-10-31")
    assert "Pagi di Kawah Ijen" in (await rani.last_message()).text
    await emma.send("/agenda 2025-10-31")
    assert "Ijen" not in (await emma.last_message()).text


async def test_calendar_files_carry_the_visit_time_zone(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member
):
    await organiser.send_document("agenda.yaml", DEMO_AGENDA)
    await rani.send("/agenda ics")
    sent = await rani.last_message()
    assert sent.filename == "banyuwangi-2025.ics"
    assert sent.document is not None
    calendar = icalendar.Calendar.from_ical(sent.document)
    events = [c for c in calendar.walk("VEVENT")]
    assert len(events) == 9
    opening = next(e for e in events if "Pembukaan" in str(e["SUMMARY"]))
    start = opening.decoded("DTSTART")
    assert str(start.tzinfo) == "Asia/Jakarta" and start.hour == 9
    assert start.astimezone(UTC) == datetime(2025, 10, 29, 2, 0, tzinfo=UTC)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Jakarta"]

    await rani.send("/next")
    await rani.press("📅 Kalender")
    single = icalendar.Calendar.from_ical((await rani.last_message()).document)
    assert len(list(single.walk("VEVENT"))) == 1


@pytest.mark.parametrize(
    ("filename", "content", "expected"),
    [
        ("agenda.yaml", b"x" * 1_000_001, "terlalu besar"),
        ("agenda.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00binary", "bukan berkas teks"),
        ("agenda.csv", "key,title_id\nopening,Pembukaan\n".encode("utf-16"), "bukan berkas teks"),
        ("agenda.csv", "key;judul\nopening;Pembukaan é\n".encode("latin-1"), "UTF-8"),
        ("agenda.csv", b"key,name,when\nopening,Opening,09:00\n", "Kolom CSV salah"),
        ("agenda.xlsx", b"PK\x03\x04 spreadsheet", ".yaml, .yml atau .csv"),
        ("agenda.txt", b"hello", ".yaml, .yml atau .csv"),
        ("agenda.yaml", b"sessions: [unclosed", "YAML tidak bisa dibaca"),
        (
            "agenda.csv",
            csv_agenda(
                "opening,Pembukaan,Opening,2025-10-29,09:00,10:30,Pendopo,-8.2,114.3,everyone",
                "batik,Batik,Batik,2025-10-29,15:00,13:00,Sanggar,,,everyone",
                "late,Terlambat,Late,2025-11-05,09:00,10:00,,,,everyone",
                "bad,Salah,Wrong,2025-10-30,25:00,26:00,,,,nobody",
                "opening,Dua kali,Twice,2025-10-30,09:00,10:00,,,,everyone",
            ),
            "baris 2 (batik): selesai sebelum mulai",
        ),
    ],
)
async def test_a_bad_file_is_explained_and_changes_nothing(
    telegram: Rehearsal,
    visit: Visit,
    organiser: Member,
    filename: str,
    content: bytes,
    expected: str,
):
    await organiser.send_document("agenda.yaml", DEMO_AGENDA)
    before = await sessions_of(telegram, visit)
    revision = await telegram.services.agenda.store.revision(visit.id)
    await organiser.send_document(filename, content)
    answer = (await organiser.last_message()).text
    assert expected in answer
    assert await sessions_of(telegram, visit) == before
    assert await telegram.services.agenda.store.revision(visit.id) == revision


async def test_every_problem_of_a_file_is_listed_with_its_row(
    telegram: Rehearsal, visit: Visit, organiser: Member
):
    await organiser.send_document(
        "agenda.csv",
        csv_agenda(
            "batik,Batik,Batik,2025-10-29,15:00,13:00,Sanggar,,,everyone",
            "late,Terlambat,Late,2025-11-05,09:00,10:00,,,,everyone",
            "bad,Salah,Wrong,2025-10-30,25:00,26:00,,-8.2,,nobody",
            "batik,Dua kali,Twice,2025-10-30,09:00,10:00,,,,everyone",
        ),
    )
    answer = (await organiser.last_message()).text
    assert "baris 1 (batik): selesai sebelum mulai" in answer
    assert "baris 2 (late): date: 2025-11-05 di luar tanggal kunjungan" in answer
    assert "baris 3 (bad): start: nilai tidak valid «25:00»" in answer
    assert "baris 3 (bad): audience: nilai tidak valid «nobody»" in answer
    assert "baris 4 (batik): key: kunci sudah dipakai di baris 1" in answer
    assert await sessions_of(telegram, visit) == []


async def test_overlapping_sessions_for_the_same_audience_are_a_warning(
    telegram: Rehearsal, visit: Visit, organiser: Member
):
    await organiser.send_document(
        "agenda.csv",
        csv_agenda(
            "a,Satu,One,2025-10-29,09:00,10:30,,,,everyone",
            "b,Dua,Two,2025-10-29,10:00,11:00,,,,everyone",
            "c,Tiga,Three,2025-10-29,10:00,11:00,,,,role:partner",
        ),
    )
    answer = (await organiser.last_message()).text
    assert "3 sesi baru" in answer
    assert "a: bertabrakan dengan b" in answer
    assert "dengan c" not in answer
    assert len(await sessions_of(telegram, visit)) == 3


async def test_reloading_shows_the_difference_and_applies_only_when_confirmed(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member
):
    first = csv_agenda(
        "a,Satu,One,2025-10-29,09:00,10:00,,,,everyone",
        "b,Dua,Two,2025-10-29,11:00,12:00,,,,everyone",
    )
    await organiser.send_document("agenda.csv", first)
    await organiser.send_document("agenda.csv", first)
    assert "sama dengan agenda yang tersimpan" in (await organiser.last_message()).text

    second = csv_agenda(
        "a,Satu,One,2025-10-29,09:30,10:30,,,,everyone",
        "c,Tiga,Three,2025-10-30,09:00,10:00,,,,everyone",
    )
    mark = rani.mark()
    await organiser.send_document("agenda.csv", second)
    preview = await organiser.last_message()
    assert "➕ c: Tiga" in preview.text
    assert "✏️ a: waktu" in preview.text
    assert "➖ b: Dua" in preview.text
    assert [key for key, _ in await sessions_of(telegram, visit)] == ["a", "b"]

    apply = preview.button_data()[0] or ""
    await organiser.press("✖️ Batalkan", preview)
    assert "tidak diterapkan" in preview.text
    assert [key for key, _ in await sessions_of(telegram, visit)] == ["a", "b"]
    await organiser.press_data(apply, preview)  # a stale Apply
    assert "tidak berlaku" in organiser.user.callback_answers[-1].text
    assert [key for key, _ in await sessions_of(telegram, visit)] == ["a", "b"]

    await organiser.send_document("agenda.csv", second)
    preview = await organiser.last_message()
    await organiser.press("✅ Terapkan", preview)
    assert "1 sesi baru, 1 diubah, 1 dihapus" in preview.text
    assert await sessions_of(telegram, visit) == [
        ("a", "2025-10-29 02:30"),
        ("c", "2025-10-30 02:00"),
    ]
    notices = [m.text for m in rani.since(mark)]
    assert len(notices) == 1, notices
    assert "Satu" in notices[0] and "sekarang Rab, 29 Okt 09.30–10.30" in notices[0]
    assert "Dua</b>" not in notices[0] and "Dua: ❌ dibatalkan" in notices[0]
    assert "Tiga: ➕ baru" in notices[0]


async def test_shift_and_cancel_tell_the_audience_once(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member
):
    emma = await telegram.join("Emma", Role.PARTNER, visit.id, language="en")
    await organiser.send_document("agenda.yaml", DEMO_AGENDA)
    rani_mark, emma_mark = rani.mark(), emma.mark()

    await organiser.send("/agenda shift ijen +30m")
    assert "Diubah: <b>" not in (await organiser.last_message()).text
    assert "Diubah: Pagi di Kawah Ijen" in (await organiser.last_message()).text
    ijen = await telegram.services.agenda.sessions.by_key(visit.id, "ijen")
    assert ijen is not None and ijen.starts_at == datetime(2025, 10, 30, 22, 0, tzinfo=UTC)
    notice = rani.since(rani_mark)
    assert len(notice) == 1
    assert "sekarang Jum, 31 Okt 05.00–09.30 (sebelumnya Jum, 31 Okt 04.30–09.00)" in notice[0].text
    assert emma.since(emma_mark) == []  # the Ijen trip is not for partners

    await organiser.send("/agenda shift batik 14:00")
    await organiser.send("/agenda cancel gandrung")
    assert "Dibatalkan: Malam budaya" in (await organiser.last_message()).text
    english = [m.text for m in emma.since(emma_mark)]
    assert len(english) == 2
    assert "now Wed, 29 Oct 14:00–16:30 (was Wed, 29 Oct 13:00–15:30)" in english[0]
    assert "Cultural evening — Gandrung dance: ❌ cancelled" in english[1]
    gandrung = await telegram.services.agenda.sessions.by_key(visit.id, "gandrung")
    assert gandrung is not None and gandrung.cancelled

    await organiser.send("/agenda cancel gandrung")
    assert "sudah dibatalkan" in (await organiser.last_message()).text
    await organiser.send("/agenda shift nowhere +10m")
    assert "Tidak ada sesi dengan kunci «nowhere»" in (await organiser.last_message()).text
    await organiser.send("/agenda shift batik soon")
    assert "+30m" in (await organiser.last_message()).text
    await organiser.send("/agenda edit batik venue Sanggar Batik Sayu Wiwit")
    batik = await telegram.services.agenda.sessions.by_key(visit.id, "batik")
    assert batik is not None and batik.venue.name == "Sanggar Batik Sayu Wiwit"
    assert "new venue: Sanggar Batik Sayu Wiwit" in (await emma.last_message()).text


async def test_a_participant_cannot_load_or_change_the_agenda(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member
):
    await organiser.send_document("agenda.yaml", DEMO_AGENDA)
    before = await sessions_of(telegram, visit)
    await rani.send_document("agenda.csv", csv_agenda("x,X,X,2025-10-29,09:00,10:00,,,,everyone"))
    assert "hanya panitia" in (await rani.last_message()).text
    for command in (
        "/agenda shift opening +30m",
        "/agenda cancel opening",
        "/agenda edit opening venue Somewhere",
        "/agenda log",
        "/settings reminders 5",
    ):
        await rani.send(command)
        assert "hanya panitia" in (await rani.last_message()).text, command
    assert await sessions_of(telegram, visit) == before
    assert (await telegram.services.visits.store.get(visit.id)).settings == {}  # type: ignore[union-attr]
    assert await telegram.services.agenda.store.revision(visit.id) == 1

    await organiser.send_document("agenda.yaml", DEMO_AGENDA.replace(b'"09:00"', b'"09:15"'))
    preview = await organiser.last_message()
    await rani.press_data(preview.button_data()[0] or "", preview)
    assert "hanya panitia" in rani.user.callback_answers[-1].text
    assert await sessions_of(telegram, visit) == before


async def test_forged_and_stale_agenda_buttons_get_a_polite_answer(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member
):
    await organiser.send_document("agenda.yaml", DEMO_AGENDA)
    await rani.send("/today")
    day = await rani.last_message()
    for forged in ("ag:s:99999", "ag:d:20251105", "ag:d:2025x", "ag:v:abc", "ag:zz", "ag:s:"):
        await rani.press_data(forged, day)
        assert "tidak berlaku" in rani.user.callback_answers[-1].text, forged


async def test_the_command_line_imports_with_the_same_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    from bot.cli import ACTIONS, _with_services, parser
    from config import Settings

    settings = Settings(_env_file=None, database_path=tmp_path / "cli.sqlite3")  # type: ignore[call-arg]

    async def run(*words: str) -> int:
        """`python -m bot WORDS...` without the process around it (logging stays as it is)."""
        args = parser().parse_args(words)
        return await _with_services(settings, ACTIONS[(args.command, args.action)], args)

    demo = Path(__file__).resolve().parents[1] / "sandbox" / "demo_agenda.yaml"
    create = "visit create --slug bwi --title Sesdilu --first-day 2025-10-29"
    assert await run(*create.split(), "--last-day", "2025-10-31", "--timezone", "Asia/Jakarta") == 0
    assert await run("agenda", "import", str(demo), "--visit", "bwi", "--yes") == 0
    assert "applied: 9 added, 0 changed, 0 removed" in capsys.readouterr().out

    broken = tmp_path / "broken.yaml"
    broken.write_bytes(DEMO_AGENDA.replace(b'end: "16:30"', b'end: "15:00"'))
    assert await run("agenda", "import", str(broken), "--visit", "bwi", "--yes") == 1
    assert "row 9 (closing): ends before it starts." in capsys.readouterr().err

    shifted = tmp_path / "shifted.yaml"
    shifted.write_bytes(DEMO_AGENDA.replace(b'start: "09:00"', b'start: "09:15"'))
    assert await run("agenda", "import", str(shifted), "--visit", "bwi", "--yes") == 0
    output = capsys.readouterr().out
    assert "✏️ opening: time" in output and "1 changed" in output
    assert await run("agenda", "import", str(shifted), "--visit", "bwi") == 0
    assert "same as the stored agenda" in capsys.readouterr().out


async def test_a_long_day_is_split_under_telegrams_limit(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member
):
    rows = [
        f"s{n:02d},{'Sesi panjang ' * 14}{n:02d},Long session {n:02d},2025-10-29,"
        f"{8 + n // 4:02d}:{(n % 4) * 15:02d},{8 + n // 4:02d}:{(n % 4) * 15 + 10:02d},"
        f"{'Gedung ' * 12},,,everyone"
        for n in range(40)
    ]
    before = organiser.mark()
    await organiser.send_document("agenda.csv", csv_agenda(*rows))
    summary = organiser.since(before)
    assert len(summary) > 1 and "40 sesi baru" in summary[0].text
    assert all(len(m.text or "") <= 4096 for m in summary)
    mark = rani.mark()
    await rani.send("/agenda 2025-10-29")
    day = rani.since(mark)
    assert len(day) >= 3
    assert all(len(m.text or "") <= 4096 for m in day)
    shown = "\n".join(m.text or "" for m in day)
    assert all(f"Sesi panjang {n:02d}" in shown for n in range(40))
    assert [bool(m.buttons) for m in day] == [False] * (len(day) - 1) + [True]
