"""Duty of care, the rest: the emergency pack for every role, the meeting point in a reminder,
rooming and transport lists (for oneself, for a leader, as CSV), dietary and access needs behind
their own consent (and gone when it is withdrawn), the caterer's export, and the SOS button."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sandbox.harness import Member, Rehearsal
from storage.roles import Role
from storage.visits import Visit

DEMO_AGENDA = (Path(__file__).resolve().parents[1] / "sandbox" / "demo_agenda.yaml").read_bytes()


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of October 2025 given in Jakarta time (UTC+7), as UTC."""
    return datetime(2025, 10, day, hour, minute, tzinfo=UTC) - timedelta(hours=7)


def rows_of(document: bytes | None) -> list[list[str]]:
    """The rows of a CSV export (UTF-8 with a BOM)."""
    assert document is not None
    return list(csv.reader(io.StringIO(document.decode("utf-8-sig"))))


async def test_every_role_sees_the_emergency_pack_loaded_with_the_agenda(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member
):
    await organiser.send_document("agenda.yaml", DEMO_AGENDA)
    partner = await telegram.join("Emma", Role.PARTNER, visit.id, language="en")
    creator = await telegram.join("Sekar", Role.CREATOR, visit.id)
    for member in (organiser, rani, partner, creator):
        await member.send("/emergency")
        pack = await member.last_message()
        assert "112" in pack.text and "118 / 119" in pack.text and "110" in pack.text
        assert "Hotel Ketapang Indah" in pack.text
        assert "Tubagus Edwin Suchranudin (Sesdilu): +62 811 0000 1001" in pack.text
        # The nearest hospital per venue, worked out from the coordinates.
        assert "Pos Paltuding, Taman Wisata Alam Kawah Ijen → Puskesmas Licin" in pack.text
        assert "Pendopo Sabha Swagata Blambangan → RSUD Blambangan" in pack.text
        assert "Parkir bus Pos Paltuding (Ijen)" in pack.text
        pins = dict(zip(pack.button_texts(), pack.button_data(), strict=True))
        assert pins["🏨 Hotel Ketapang Indah"] == "https://maps.google.com/?q=-8.136600,114.397500"
        assert "🚩 Lobi Hotel Ketapang Indah" in pins
    assert "If you are separated" in partner.messages[-1].text
    assert "walk down to the Paltuding car park" in partner.messages[-1].text
    assert "Jika terpisah" in rani.messages[-1].text and "Paltuding" in rani.messages[-1].text


async def test_without_a_pack_the_emergency_numbers_still_show(
    telegram: Rehearsal, visit: Visit, rani: Member
):
    await rani.send("/emergency")
    text = (await rani.last_message()).text
    assert "Darurat (semua): 112" in text and "Ambulans: 118 / 119" in text
    assert "Polisi: 110" in text and "kirim /sos" in text


async def test_organisers_change_the_pack_by_chat_and_a_participant_cannot(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member
):
    await organiser.send(
        "/emergency hotel Hotel Ketapang Indah | Jl. Gatot Subroto KM 6 | +62 333 1"
        " | -8.1366, 114.3975"
    )
    assert "Paket darurat disimpan" in organiser.messages[-2].text
    assert (
        "Hotel Ketapang Indah · Jl. Gatot Subroto KM 6 · +62 333 1" in organiser.messages[-1].text
    )
    await organiser.send("/emergency organiser Ayu | +62 812 2")
    await organiser.send("/emergency point Lobi | -8.1366, 114.3975 | di depan")
    await organiser.send("/emergency hospital RS Tanpa Pin | Jl. X | 333")
    await organiser.send("/emergency point Salah | utara")
    assert "lat, lon" in (await organiser.last_message()).text
    await organiser.send("/emergency point Bus & Van <B> | -8.2, 114.3")
    await organiser.send("/emergency number ambulans 118")
    assert "Tidak disimpan" in (await organiser.last_message()).text
    await organiser.send("/emergency remove hospital RS Tanpa Pin")
    stored = await telegram.services.emergency.pack(visit.id)
    assert [p.name for p in stored.meeting_points] == ["Lobi", "Bus & Van <B>"]
    assert stored.hospitals == [] and stored.organisers[0].phone == "+62 812 2"

    # A participant's words change nothing: they see the pack, its pins labelled as typed.
    await rani.send("/emergency hotel Hotel Lain")
    pack = await rani.last_message()
    assert "Hotel Ketapang Indah" in pack.text and "🚩 Bus & Van <B>" in pack.button_texts()
    assert (await telegram.services.emergency.pack(visit.id)).hotel.name == "Hotel Ketapang Indah"  # type: ignore[union-attr]


async def test_a_bad_emergency_section_stops_the_whole_agenda_file(
    telegram: Rehearsal, visit: Visit, organiser: Member
):
    bad = DEMO_AGENDA.replace(b"longitude: 114.2946", b"longitude: timur").replace(
        b"police:", b"polisi:"
    )
    await organiser.send_document("agenda.yaml", bad)
    text = (await organiser.last_message()).text
    assert "Paket darurat, emergency.hospitals.1.longitude" in text
    assert "emergency.numbers" in text and "polisi" in text
    assert await telegram.services.agenda.sessions.of_visit(visit.id) == []
    assert await telegram.services.agenda.packs.get(visit.id) is None

    # Once loaded, a changed pack alone is a change to confirm.
    await organiser.send_document("agenda.yaml", DEMO_AGENDA)
    await organiser.send_document(
        "agenda.yaml", DEMO_AGENDA.replace(b"+62 811 0000 1002", b"+62 811 0000 9999")
    )
    assert "Paket darurat: diubah" in (await organiser.last_message()).text
    await organiser.press("✅ Terapkan")
    pack = await telegram.services.emergency.pack(visit.id)
    assert pack.organisers[1].phone == "+62 811 0000 9999"


async def test_the_reminder_shows_the_meeting_point_departure_and_a_pin(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member
):
    await organiser.send_document("agenda.yaml", DEMO_AGENDA)
    await telegram.move_clock_to(at(30, 7, 59))
    mark = rani.mark()
    await telegram.move_clock(timedelta(minutes=1))
    [reminder] = [m for m in rani.since(mark) if "Kemiren" in (m.text or "")]
    assert "Titik kumpul: Lobi Hotel Ketapang Indah — berangkat 07.45" in reminder.text
    pins = dict(zip(reminder.button_texts(), reminder.button_data(), strict=True))
    assert pins["🚩 Pin titik kumpul"] == "https://maps.google.com/?q=-8.136600,114.397500"
    # The card says it too, and an organiser can move the departure by chat.
    await organiser.send("/agenda edit kemiren departure 07:30")
    await rani.send("/next")
    assert "berangkat 07.30" in (await rani.last_message()).text
    await organiser.send("/agenda edit kemiren departure 09:00")
    assert "setelah sesi mulai" in (await organiser.last_message()).text


ROOMING = b"""person,room,vehicle,seat
@rani_d,214,Bus 2,3A
@dimas,214,Bus 2,3B
@sari,215,Bus 1,1A
"""


async def test_rooming_list_by_file_shown_to_each_person_and_their_leader_and_exported(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member
):
    dimas = await telegram.join("Dimas", Role.PARTICIPANT, visit.id, username="dimas")
    sari = await telegram.join("Sari", Role.PARTICIPANT, visit.id, username="sari")
    ayu = await telegram.join("Ayu", Role.PARTICIPANT, visit.id, username="ayu")
    await organiser.send("/group Bus 2 @rani_d @dimas")
    await organiser.send("/group Bus 2 leader @ayu")

    # All or nothing: a stranger and a seat given twice stop the file.
    bad = ROOMING + b"@nobody,300,Bus 1,2A\n@ayu,216,Bus 2,3A\n"
    await organiser.send_document("rooming.csv", bad)
    text = (await organiser.last_message()).text
    assert "@nobody bukan anggota" in text and "kursi Bus 2 3A sudah dipakai" in text
    assert await telegram.services.logistics.store.of_visit(visit.id) == []

    await organiser.send_document("rooming.csv", ROOMING)
    diff = await organiser.last_message()
    assert "Rani: 🛏 Kamar 214 · 🚌 Bus 2, kursi 3A" in diff.text
    await organiser.press("✅ Terapkan", diff)
    assert "diterapkan" in (await organiser.last_message()).text

    await rani.send("/mygroup")
    mine = (await rani.last_message()).text
    assert "Anda: 🛏 Kamar 214 · 🚌 Bus 2, kursi 3A" in mine
    assert "Dimas" not in mine.split("Anda:")[1], "a member sees only their own"
    await ayu.send("/mygroup")
    led = (await ayu.last_message()).text
    assert "Bus 2 — kamar dan kendaraan" in led
    assert "Dimas: 🛏 Kamar 214 · 🚌 Bus 2, kursi 3B" in led and "Sari" not in led
    await sari.send("/mygroup")
    assert "Kamar 215" in (await sari.last_message()).text

    # One person by chat; then the CSV export.
    await organiser.send("/rooming @dimas 220 | - | -")
    assert "Dimas: 🛏 Kamar 220" in (await organiser.last_message()).text
    await organiser.send("/export rooming")
    export = await organiser.last_message()
    assert export.filename == "rooming-banyuwangi-2025.csv"
    rows = rows_of(export.document)
    assert rows[0] == ["name", "username", "room", "vehicle", "seat"]
    assert ["Dimas", "dimas", "220", "", ""] in rows
    assert ["Rani", "rani_d", "214", "Bus 2", "3A"] in rows
    await rani.send("/export rooming")
    assert all(m.document is None for m in rani.messages)
    del dimas


async def test_dietary_needs_need_their_own_consent_are_for_organisers_and_go_when_withdrawn(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member
):
    sari = await telegram.join(
        "Sari", Role.PARTICIPANT, visit.id, username="sari", last_name="Wulandari"
    )
    store = telegram.services.needs.store
    await rani.send("/needs")
    consent = await rani.last_message()
    assert "UU 27/2022 Pasal 4" in consent.text
    assert consent.button_texts() == ["✅ Saya setuju", "✖️ Tidak"]
    # A flag pressed without consent (a forged button) writes nothing.
    await rani.press_data("nd:f:halal", consent)
    assert await store.get(visit.id, rani.id) is None
    await rani.press("✅ Saya setuju", consent)
    await rani.press("▫️ Halal")
    await rani.press("▫️ Alergi")
    await rani.press("✏️ Catatan")
    await rani.send("alergi kacang tanah")
    shown = await rani.last_message()
    assert "Halal, Alergi" in shown.text and "alergi kacang tanah" in shown.text
    await sari.send("/needs")
    await sari.press("✅ Saya setuju")
    await sari.press("▫️ Vegetarian")
    await sari.press("▫️ Halal")

    # Organisers see everything; the caterer's file has counts and first names only.
    await organiser.send("/export needs")
    full = rows_of((await organiser.last_message()).document)
    assert full[1][:7] == ["Rani", "rani_d", "x", "", "x", "", "alergi kacang tanah"]
    await organiser.send("/export catering")
    catering = rows_of((await organiser.last_message()).document)
    assert catering == [
        ["need", "count", "first_names"],
        ["Halal", "2", "Rani, Sari"],
        ["Vegetarian", "1", "Sari"],
        ["Alergi", "1", "Rani"],
    ]
    flat = str(catering)
    assert "Wulandari" not in flat and "kacang" not in flat and "@" not in flat
    # Nobody else sees them: not a participant, not their group's leader.
    await rani.send("/export needs")
    assert all(m.document is None for m in rani.messages)

    # /mydata shows them; withdrawing the consent deletes them.
    await rani.send("/mydata")
    copy = [m for m in rani.messages if m.filename and m.filename.endswith(".json")][-1]
    assert b"alergi kacang tanah" in (copy.document or b"")
    await rani.send("/needs")
    await rani.press("🗑 Tarik persetujuan dan hapus")
    assert "telah dihapus" in (await rani.last_message()).text
    assert await store.get(visit.id, rani.id) is None
    await rani.send("/needs")
    assert "Setuju?" in (await rani.last_message()).text, "asked again, nothing kept"

    # Withdrawn in /privacy instead: the same effect.
    await sari.send("/privacy")
    await sari.press("Tarik: Kebutuhan makanan dan akses")
    assert await store.get(visit.id, sari.id) is None


async def test_forgetme_removes_needs_and_rooming(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member
):
    await rani.send("/needs")
    await rani.press("✅ Saya setuju")
    await rani.press("▫️ Mobilitas")
    await organiser.send("/rooming @rani_d 214 | Bus 2 | 3A")
    await rani.send("/forgetme")
    await rani.press(0)
    db = telegram.services.db
    assert await db.fetch_value("SELECT COUNT(*) FROM dietary_needs") == 0
    assert await db.fetch_value("SELECT COUNT(*) FROM logistics") == 0


async def test_the_sos_button_stays_under_the_message_field_and_raises_an_sos(
    telegram: Rehearsal, visit: Visit, organiser: Member
):
    rani = await telegram.join("Rani", Role.PARTICIPANT, visit.id, username="rani_d")
    welcome = rani.messages[-1]
    assert welcome.reply_keyboard == [["🆘 SOS"]]
    assert welcome.reply_markup is not None and welcome.reply_markup["is_persistent"] is True
    await rani.send("🆘 SOS")
    alert = await organiser.last_message()
    assert "Rani" in alert.text and "🏃 Saya tangani" in alert.button_texts()
    await rani.send("/cancel")
    assert (await rani.last_message()).reply_keyboard == [["🆘 SOS"]], "back after the SOS"
    # Someone in no visit who types the label alerts nobody.
    stranger = telegram.person("Budi")
    await stranger.send("/start")
    await stranger.send("🆘 SOS")
    assert await telegram.services.db.fetch_value("SELECT COUNT(*) FROM sos_alerts") == 1
