"""Checking in to a session: the button, a location, the QR code and organisers' marks."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta

import pytest

from bot.checkins import EARTH_RADIUS_M
from sandbox.harness import Member, Rehearsal
from storage.checkins import CheckIn
from storage.roles import Role
from storage.sessions import Session, SessionFields, SessionStore, Venue
from storage.visits import Visit

# The batik workshop: Thursday 29 October 2025, 09:00-10:30 in Banyuwangi (02:00 UTC).
START = datetime(2025, 10, 29, 2, 0, tzinfo=UTC)
STUDIO = Venue(name="Sanggar Batik Gajah Oling", latitude=-8.2192, longitude=114.3691, radius_m=150)


def batik(**changes: object) -> SessionFields:
    """The batik workshop session, with any field changed."""
    values: dict[str, object] = {
        "key": "batik",
        "title_id": "Lokakarya Batik",
        "title_en": "Batik workshop",
        "starts_at": START,
        "ends_at": START + timedelta(minutes=90),
        "venue": STUDIO,
    }
    values.update(changes)
    return SessionFields(**values)  # type: ignore[arg-type]


async def add_sessions(
    telegram: Rehearsal, visit: Visit, *fields: SessionFields
) -> dict[str, Session]:
    """Put sessions on the agenda as the agenda feature would, keyed by their key."""
    store = SessionStore(telegram.services.db)
    await store.apply(visit.id, list(fields), [], telegram.clock.now())
    return {session.key: session for session in await store.of_visit(visit.id)}


def north_of(venue: Venue, metres: float) -> tuple[float, float]:
    """A point this many metres due north of a venue (along the meridian)."""
    assert venue.latitude is not None and venue.longitude is not None
    return venue.latitude + math.degrees(metres / EARTH_RADIUS_M), venue.longitude


async def checkins_of(telegram: Rehearsal, session: Session) -> list[CheckIn]:
    """What is stored about a session's attendance."""
    return await telegram.services.checkins.store.of_session(session.id)


@pytest.fixture
async def workshop(telegram: Rehearsal, visit: Visit) -> Session:
    """The batik workshop, for everyone."""
    return (await add_sessions(telegram, visit, batik()))["batik"]


async def test_the_check_in_button_records_once_and_a_repeat_says_when(
    telegram: Rehearsal, workshop: Session, rani: Member
):
    await telegram.move_clock_to(START - timedelta(minutes=5))
    await rani.send("/checkin")
    card = rani.messages[-2]
    assert "Lokakarya Batik" in card.text
    assert card.button_data() == [f"ci:{workshop.id}"]
    assert rani.messages[-1].reply_keyboard == [["📍 Kirim lokasi saya"]]

    await rani.press(0, card)
    # The press is answered at once with a toast (no pop-up), then the reply message follows.
    toast = rani.user.callback_answers[-1]
    assert "Check-in tercatat" in (toast.text or "") and not toast.show_alert
    assert "Check-in tercatat: Lokakarya Batik, pukul 08.55" in (await rani.last_message()).text
    [stored] = await checkins_of(telegram, workshop)
    assert (stored.person_id, stored.status, stored.method) == (rani.id, "present", "button")

    await telegram.move_clock(timedelta(minutes=3))
    before = len(rani.messages)
    for _ in range(3):  # pressed again and again: told each time, the chat stays as it was
        await rani.press(0, card)
        toast = rani.user.callback_answers[-1]
        assert "sudah check-in di Lokakarya Batik pukul 08.55" in (toast.text or "")
        assert not toast.show_alert
    await telegram.settle()
    assert len(rani.messages) == before
    assert await checkins_of(telegram, workshop) == [stored]


@pytest.mark.parametrize(
    ("moment", "told", "status"),
    [
        (START - timedelta(minutes=30, seconds=1), "baru dibuka pukul 08.30", None),
        (START - timedelta(minutes=30), "Check-in tercatat", "present"),
        (START + timedelta(minutes=10, seconds=-1), "Check-in tercatat", "present"),
        (START + timedelta(minutes=10), "Tercatat terlambat", "late"),
        (START + timedelta(minutes=30), "Tercatat terlambat", "late"),
        (START + timedelta(minutes=30, seconds=1), "sudah ditutup pukul 09.30", None),
    ],
    ids=["a second before opening", "opening", "just before late", "at late", "closing", "after"],
)
async def test_the_window_decides_and_marks_late(
    telegram: Rehearsal,
    workshop: Session,
    rani: Member,
    moment: datetime,
    told: str,
    status: str | None,
):
    await telegram.move_clock_to(moment)
    # An old session card's button, pressed at this moment.
    await rani.press_data(f"ci:{workshop.id}", rani.messages[0])
    assert told in (await rani.last_message()).text
    stored = await checkins_of(telegram, workshop)
    assert [c.status for c in stored] == ([status] if status else [])


async def test_a_location_inside_the_radius_by_a_metre_checks_in_and_keeps_only_the_distance(
    telegram: Rehearsal, workshop: Session, rani: Member
):
    await telegram.move_clock_to(START - timedelta(minutes=2))
    await rani.share_location(*north_of(STUDIO, 149))
    answer = await rani.last_message()
    assert "Check-in tercatat" in answer.text and "149 m" in answer.text
    assert answer.remove_keyboard
    [stored] = await checkins_of(telegram, workshop)
    assert (stored.method, stored.distance_m) == ("location", 149)
    columns = {
        row[1] for row in await telegram.services.db.fetch_all("PRAGMA table_info(checkins)")
    }
    assert not columns & {"latitude", "longitude", "lat", "lon"}


async def test_a_location_outside_the_radius_by_a_metre_checks_nobody_in(
    telegram: Rehearsal, workshop: Session, rani: Member
):
    await telegram.move_clock_to(START - timedelta(minutes=2))
    await rani.share_location(*north_of(STUDIO, 151))
    answer = (await rani.last_message()).text
    assert "151 m" in answer and "150 m" in answer and "Belum ada yang dicatat" in answer
    assert await checkins_of(telegram, workshop) == []


async def test_a_live_location_checks_in_once_it_arrives_and_then_stays_quiet(
    telegram: Rehearsal, workshop: Session, rani: Member
):
    await telegram.move_clock_to(START - timedelta(minutes=10))
    await rani.share_location(*north_of(STUDIO, 800), live_period=900)
    assert "800 m" in (await rani.last_message()).text
    before = rani.mark()
    await rani.user.update_live_location(*north_of(STUDIO, 400))
    await telegram.settle()
    assert rani.since(before) == []  # still walking: no message for every position

    await rani.user.update_live_location(*north_of(STUDIO, 60))
    await telegram.settle()
    [done] = rani.since(before)
    assert "Check-in tercatat" in done.text and "60 m" in done.text
    await rani.user.update_live_location(*north_of(STUDIO, 10))
    await telegram.settle()
    assert len(rani.since(before)) == 1
    [stored] = await checkins_of(telegram, workshop)
    assert (stored.method, stored.distance_m) == ("location", 60)


async def test_a_location_with_no_session_open_says_so(
    telegram: Rehearsal, workshop: Session, rani: Member
):
    await telegram.move_clock_to(START - timedelta(hours=2))
    await rani.share_location(*north_of(STUDIO, 5))
    assert "tidak ada sesi Anda yang membuka check-in" in (await rani.last_message()).text
    assert await checkins_of(telegram, workshop) == []


async def test_the_session_qr_code_checks_in_through_its_deep_link(
    telegram: Rehearsal, workshop: Session, organiser: Member, rani: Member
):
    await organiser.send("/checkin_qr batik")
    poster = await organiser.last_message()
    assert poster.photo is not None and poster.photo.startswith(b"\x89PNG")
    link = re.search(r"https://t\.me/\w+\?start=(c-[A-Za-z0-9_-]+)", poster.caption or "")
    assert link is not None and len(link.group(1)) <= 64
    await organiser.send("/checkin_qr batik")
    assert link.group(0) in ((await organiser.last_message()).caption or ""), "one code per session"

    await telegram.move_clock_to(START + timedelta(minutes=12))
    await rani.send(f"/start {link.group(1)}")
    assert "Tercatat terlambat" in (await rani.last_message()).text
    [stored] = await checkins_of(telegram, workshop)
    assert (stored.method, stored.status) == ("code", "late")

    await rani.send("/start c-notarealcode0000")
    assert "tidak dikenal" in (await rani.last_message()).text


async def test_the_qr_code_is_offered_by_session_without_typing_its_key(
    telegram: Rehearsal, workshop: Session, organiser: Member
):
    await organiser.send("/checkin_qr")
    offered = await organiser.last_message()
    assert "Kode QR untuk sesi mana?" in offered.text
    assert offered.button_texts() == ["29/10 09.00 Lokakarya Batik"]
    await organiser.press("29/10 09.00 Lokakarya Batik", offered)
    poster = await organiser.last_message()
    assert poster.photo is not None and "Lokakarya Batik" in (poster.caption or "")
    assert re.search(r"\?start=c-[A-Za-z0-9_-]+", poster.caption or "")

    await organiser.send("/checkin_qr gandrung")
    offered = await organiser.last_message()
    assert "Tidak ada sesi dengan kode gandrung" in offered.text
    assert offered.button_texts() == ["29/10 09.00 Lokakarya Batik"]


async def test_a_person_not_in_the_audience_is_told_why_and_nothing_is_stored(
    telegram: Rehearsal, visit: Visit, rani: Member
):
    sessions = await add_sessions(
        telegram,
        visit,
        batik(key="bus2", title_id="Briefing Bus 2", audience="group:Bus 2"),
        batik(key="partners", title_id="Rapat Mitra", audience="role:partner"),
    )
    await telegram.move_clock_to(START)
    for session in sessions.values():
        await rani.press_data(f"ci:{session.id}", rani.messages[0])
        assert "bukan untuk Anda" in (await rani.last_message()).text
        assert await checkins_of(telegram, session) == []
    await rani.share_location(*north_of(STUDIO, 5))
    assert "tidak ada sesi Anda" in (await rani.last_message()).text


async def test_a_cancelled_session_takes_no_check_in(
    telegram: Rehearsal, workshop: Session, rani: Member
):
    await SessionStore(telegram.services.db).cancel(workshop.id, telegram.clock.now())
    await telegram.move_clock_to(START)
    await rani.press_data(f"ci:{workshop.id}", rani.messages[0])
    assert "dibatalkan" in (await rani.last_message()).text
    await rani.press_data("ci:99999", rani.messages[0])
    assert "sudah tidak berlaku" in rani.user.callback_answers[-1].text
    assert await checkins_of(telegram, workshop) == []


async def test_an_organiser_marks_absent_with_a_reason_then_present_then_undoes(
    telegram: Rehearsal, workshop: Session, organiser: Member, rani: Member
):
    await organiser.send("/mark batik @rani_d absen demam")
    assert (
        "Rani ditandai tidak hadir di Lokakarya Batik (demam)"
        in (await organiser.last_message()).text
    )
    [absent] = await checkins_of(telegram, workshop)
    assert (absent.status, absent.method, absent.reason, absent.marked_by) == (
        "absent",
        "organiser",
        "demam",
        organiser.id,
    )
    await organiser.send("/mark batik Rani hadir")
    [present] = await checkins_of(telegram, workshop)
    assert (present.status, present.reason) == ("present", None)
    await organiser.send("/mark batik rani batal")
    assert "dihapus" in (await organiser.last_message()).text
    assert await checkins_of(telegram, workshop) == []
    await organiser.send("/mark batik Nobody hadir")
    assert "Tidak ada anggota kunjungan bernama Nobody" in (await organiser.last_message()).text
    await organiser.send("/mark batik")
    assert "Cara pakai" in (await organiser.last_message()).text


async def test_checking_in_after_an_absent_mark_replaces_it(
    telegram: Rehearsal, workshop: Session, organiser: Member, rani: Member
):
    await organiser.send("/mark batik @rani_d absen")
    await telegram.move_clock_to(START + timedelta(minutes=1))
    await rani.press_data(f"ci:{workshop.id}", rani.messages[0])
    assert "Check-in tercatat" in (await rani.last_message()).text
    [stored] = await checkins_of(telegram, workshop)
    assert (stored.status, stored.method, stored.marked_by) == ("present", "button", None)


async def test_a_participant_cannot_do_organisers_work_and_nothing_is_written(
    telegram: Rehearsal, workshop: Session, rani: Member
):
    await telegram.move_clock_to(START + timedelta(minutes=5))
    for command in (
        "/checkin_qr batik",
        "/mark batik @rani_d hadir",
        "/attendance batik",
        "/export attendance",
        "/rollcall Bus ke Kemiren 10",
    ):
        await rani.send(command)
        assert "hanya panitia" in (await rani.last_message()).text, command
    for data in (f"att:n:{workshop.id}", "rc:c:1", "rc:p:1"):
        await rani.press_data(data, rani.messages[0])
        assert "hanya panitia" in (rani.user.callback_answers[-1].text or ""), data
    db = telegram.services.db
    for table in ("checkins", "session_codes", "rollcalls", "rollcall_members"):
        assert await db.fetch_value(f"SELECT COUNT(*) FROM {table}") == 0, table
    mine = "('nudge', 'rollcall', 'attendance_summary')"
    assert await db.fetch_value(f"SELECT COUNT(*) FROM outbox WHERE kind IN {mine}") == 0
    assert not any(m.document for m in rani.messages)


async def test_the_visit_settings_change_the_window(
    telegram: Rehearsal, visit: Visit, rani: Member
):
    settings = {"checkin": {"opens_before": 60, "late_after": 0, "closes_after": 5}}
    await telegram.services.visits.store.update_settings(visit.id, settings)
    workshop = (await add_sessions(telegram, visit, batik()))["batik"]
    await telegram.move_clock_to(START - timedelta(minutes=45))
    await rani.press_data(f"ci:{workshop.id}", rani.messages[0])
    assert "Check-in tercatat" in (await rani.last_message()).text
    assert [c.status for c in await checkins_of(telegram, workshop)] == ["present"]


async def test_a_partner_can_check_in_to_a_session_for_everyone(
    telegram: Rehearsal, visit: Visit, workshop: Session
):
    mitra = await telegram.join("Hiroshi", Role.PARTNER, visit.id, language="en")
    await telegram.move_clock_to(START)
    await mitra.send("/checkin")
    await mitra.press(0, mitra.messages[-2])
    assert "Checked in: Batik workshop, at 09:00" in (await mitra.last_message()).text


def test_the_great_circle_distance_matches_known_lengths():
    from bot.checkins import distance_m

    # A degree of latitude is 111.195 km on the mean sphere; a longitude degree shrinks by cos.
    assert distance_m(-8.0, 114.0, -7.0, 114.0) == pytest.approx(111_195, abs=1)
    east = distance_m(-8.2192, 114.3691, -8.2192, 114.3701)
    assert east == pytest.approx(111_195 * 0.001 * math.cos(math.radians(8.2192)), abs=0.01)
    assert distance_m(-8.2, 114.3, -8.3, 114.4) == pytest.approx(
        distance_m(-8.3, 114.4, -8.2, 114.3)
    )
    assert distance_m(-8.2192, 114.3691, -8.2192, 114.3691) == 0


async def test_the_check_in_button_on_the_agendas_session_card_checks_in(
    telegram: Rehearsal, workshop: Session, rani: Member
):
    await telegram.move_clock_to(START - timedelta(minutes=4))
    await rani.send("/next")
    card = next(m for m in reversed(rani.messages) if f"ci:{workshop.id}" in m.button_data())
    await rani.press(card.button_data().index(f"ci:{workshop.id}"), card)
    assert "Check-in tercatat: Lokakarya Batik, pukul 08.56" in (await rani.last_message()).text
    [stored] = await checkins_of(telegram, workshop)
    assert stored.method == "button"


async def test_forget_me_removes_check_ins_and_roll_call_answers(
    telegram: Rehearsal, workshop: Session, organiser: Member, rani: Member
):
    await telegram.move_clock_to(START)
    await rani.press_data(f"ci:{workshop.id}", rani.messages[0])
    await organiser.send("/rollcall Bus 10")
    await rani.press("✅ Hadir")
    db = telegram.services.db
    assert await db.fetch_value("SELECT COUNT(*) FROM checkins") == 1
    await rani.send("/forgetme")
    await rani.press("Ya, hapus data saya")
    assert await db.fetch_value("SELECT COUNT(*) FROM checkins") == 0
    assert await db.fetch_value("SELECT COUNT(*) FROM rollcall_members") == 0


async def consents_of(telegram: Rehearsal, member: Member) -> list[tuple[object, ...]]:
    """A person's consents: purpose, text key, version, language, withdrawn or not."""
    rows = await telegram.services.db.fetch_all(
        "SELECT purpose, text_key, text_version, language, withdrawn_at IS NOT NULL"
        " FROM consents WHERE person_id = ? ORDER BY id",
        (member.id,),
    )
    return [tuple(row) for row in rows]


async def test_a_first_shared_location_records_the_consent_and_withdrawing_it_stops_their_use(
    telegram: Rehearsal, visit: Visit, rani: Member
):
    workshop = (await add_sessions(telegram, visit, batik()))["batik"]
    await rani.send("/privacy")
    assert "belum memberikan persetujuan" in (await rani.last_message()).text
    await telegram.move_clock_to(START)
    await rani.share_location(*north_of(STUDIO, 40))
    await rani.share_location(*north_of(STUDIO, 41))
    assert await consents_of(telegram, rani) == [
        ("checkin_location", "ci.location_hint", 1, "id", 0)
    ]
    [stored] = await checkins_of(telegram, workshop)
    assert stored.distance_m == 40

    await rani.send("/privacy")
    await rani.press("Tarik: Lokasi untuk check-in")
    assert "jarak yang tersimpan dihapus" in (await rani.last_message()).text
    [stored] = await checkins_of(telegram, workshop)
    assert (stored.method, stored.distance_m) == ("location", None)

    await rani.share_location(*north_of(STUDIO, 10))
    assert "menarik persetujuan" in (await rani.last_message()).text
    await rani.send("/privacy")
    await rani.press("Setujui lagi: Lokasi untuk check-in")
    assert "diberikan lagi" in (await rani.last_message()).text
    assert [row[-1] for row in await consents_of(telegram, rani)] == [1, 0]


async def test_a_far_location_is_told_in_kilometres(
    telegram: Rehearsal, workshop: Session, rani: Member
):
    await telegram.move_clock_to(START - timedelta(minutes=2))
    await rani.share_location(*north_of(STUDIO, 12_345))
    answer = (await rani.last_message()).text
    assert "Anda berjarak 12 km dari" in answer and "radius 150 m" in answer
    await rani.share_location(*north_of(STUDIO, 1_520))
    assert "Anda berjarak 1,5 km dari" in (await rani.last_message()).text
    assert await checkins_of(telegram, workshop) == []


async def test_impossible_coordinates_are_refused_as_bad_input(
    telegram: Rehearsal, workshop: Session, rani: Member
):
    await telegram.move_clock_to(START - timedelta(minutes=2))
    await rani.share_location(999, 999)
    answer = (await rani.last_message()).text
    assert "tidak ada di peta" in answer and "berjarak" not in answer
    assert await checkins_of(telegram, workshop) == []
