"""The partner directory: organisers keep it in chat, everyone reads it, representatives link."""

from __future__ import annotations

from datetime import UTC, datetime

from sandbox.harness import Member, Rehearsal
from storage.roles import Role
from storage.sessions import SessionFields, Venue
from storage.visits import Visit

UNESCO_LINE = (
    "UNESCO Jakarta | France | Culture | Kantor regional UNESCO untuk Asia | "
    "UNESCO's regional office for Asia | unesco.org/jakarta | Ibu Lestari"
)


async def add_batik_session(telegram: Rehearsal, visit: Visit) -> int:
    """The agenda's batik workshop, with UNESCO Jakarta taking part."""
    fields = SessionFields(
        key="batik-workshop",
        title_id="Lokakarya batik Gajah Oling",
        title_en="Gajah Oling batik workshop",
        starts_at=datetime(2025, 10, 30, 1, 30, tzinfo=UTC),
        ends_at=datetime(2025, 10, 30, 3, 30, tzinfo=UTC),
        venue=Venue(name="Sanggar Batik"),
        partners=("UNESCO Jakarta",),
    )
    sessions = telegram.services.partners.sessions
    await sessions.apply(visit.id, [fields], [], telegram.clock.now())
    session = await sessions.by_key(visit.id, "batik-workshop")
    assert session is not None
    return session.id


async def test_an_organiser_adds_a_partner_and_participants_read_its_card(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member
):
    await add_batik_session(telegram, visit)
    await organiser.send(f"/partner add {UNESCO_LINE}")
    assert "Mitra UNESCO Jakarta ditambahkan" in (await organiser.last_message()).text
    [partner] = await telegram.services.partners.of_visit(visit.id)
    assert (
        partner.fields.country == "France"
        and partner.fields.website == "https://unesco.org/jakarta"
    )

    await rani.send("/partners")
    card = await rani.last_message()
    assert "UNESCO Jakarta" in card.text and "France · Culture" in card.text
    assert "Kantor regional UNESCO" in card.text and "Ibu Lestari" in card.text
    assert "Lokakarya batik Gajah Oling" in card.text and "Kam, 30 Okt 08.30" in card.text
    assert card.button_data() == [f"qa:ask:p:{partner.id}"]
    await rani.press("❓ Ajukan pertanyaan", card)
    assert "Tulis pertanyaan Anda untuk <b>UNESCO Jakarta</b>" in (
        (await rani.last_message()).html or ""
    )


async def test_the_session_card_button_asks_the_session(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member
):
    session_id = await add_batik_session(telegram, visit)
    await rani.send("/next")
    card = await rani.last_message()
    assert f"qa:ask:s:{session_id}" in card.button_data()
    await rani.press_data(f"qa:ask:s:{session_id}", card)
    assert "Lokakarya batik Gajah Oling" in (await rani.last_message()).text
    state = await telegram.services.dialogs.store.get(rani.id)
    assert state is not None and state.data == {"kind": "s", "target": session_id}


async def test_the_guided_add_and_bad_lines(telegram: Rehearsal, visit: Visit, organiser: Member):
    await organiser.send("/partner add")
    assert "satu baris" in (await organiser.last_message()).text
    await organiser.send(" | France")
    assert "wajib" in organiser.messages[-2].text
    await organiser.send("JICA | Japan | Development")
    assert "JICA" in (await organiser.last_message()).text
    await organiser.send("/partner add JICA")
    assert "sudah ada" in (await organiser.last_message()).text
    assert [p.name for p in await telegram.services.partners.of_visit(visit.id)] == ["JICA"]


async def test_participants_cannot_manage_partners_and_nothing_is_written(
    telegram: Rehearsal, visit: Visit, rani: Member
):
    await rani.send(f"/partner add {UNESCO_LINE}")
    assert "hanya panitia" in (await rani.last_message()).text
    assert await telegram.services.partners.of_visit(visit.id) == []


async def test_representatives_are_linked_by_organisers_or_by_their_approval(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member
):
    await organiser.send(f"/partner add {UNESCO_LINE}")
    await organiser.send("/partner add JICA | Japan")
    partners = telegram.services.partners
    unesco, jica = sorted(await partners.of_visit(visit.id), key=lambda p: p.name, reverse=True)

    await organiser.send("/partner rep UNESCO @rani_d")
    assert "bukan mitra" in (await organiser.last_message()).text
    assert await partners.partner_of(visit.id, rani.id) is None

    kenji = await telegram.join("Kenji", Role.PARTNER, visit.id, username="kenji_jica")
    await kenji.send("/organisation")
    await kenji.press("JICA")
    # A generic partner invite claims nothing: the organisers approve or decline the choice.
    assert "dikirim ke panitia" in (await kenji.last_message()).text
    assert await partners.partner_of(visit.id, kenji.id) is None
    card = await organiser.last_message()
    assert "Kenji ingin mewakili" in card.text
    await organiser.press("✅ Setujui", card)
    assert "Anda kini mewakili" in (await kenji.last_message()).text
    await kenji.send("/organisation")
    assert "Anda mewakili <b>JICA</b>" in ((await kenji.last_message()).html or "")
    await kenji.press_data(f"qa:org:{unesco.id}", await kenji.last_message())
    assert "sudah terhubung" in (kenji.user.callback_answers[-1].text or "")
    mine = await partners.partner_of(visit.id, kenji.id)
    assert mine is not None and mine.id == jica.id

    await organiser.send("/partner rep UNESCO @kenji_jica")
    mine = await partners.partner_of(visit.id, kenji.id)
    assert mine is not None and mine.id == unesco.id
    await kenji.send("/partners")
    assert kenji.messages[-1].buttons == []  # partners answer; they do not ask


async def test_a_partner_invite_enrols_and_links_the_representative(
    telegram: Rehearsal, visit: Visit, organiser: Member
):
    await organiser.send(f"/partner add {UNESCO_LINE}")
    await organiser.send("/partner invite UNESCO")
    invitation = organiser.messages[-2]
    assert invitation.text is not None and "UNESCO Jakarta" in invitation.text
    assert organiser.messages[-1].photo is not None  # the QR code
    payload = invitation.text.split("?start=")[1].split()[0]
    assert payload.startswith("pi-")

    lestari = telegram.person("Lestari")
    await lestari.send(f"/start {payload}")
    assert "Anda mitra" in lestari.messages[-2].text
    assert "Anda mewakili" in (await lestari.last_message()).text
    membership = await telegram.services.people.store.membership(visit.id, lestari.id)
    assert membership is not None and membership.role is Role.PARTNER
    mine = await telegram.services.partners.partner_of(visit.id, lestari.id)
    assert mine is not None and mine.name == "UNESCO Jakarta"


async def test_a_declined_request_links_nobody(
    telegram: Rehearsal, visit: Visit, organiser: Member
):
    await organiser.send(f"/partner add {UNESCO_LINE}")
    mallory = await telegram.join("Mallory", Role.PARTNER, visit.id, username="mallory")
    await mallory.send("/organisation")
    await mallory.press("UNESCO Jakarta")
    await organiser.press("❌ Tolak", await organiser.last_message())
    assert "tidak menyetujui" in (await mallory.last_message()).text
    assert await telegram.services.partners.partner_of(visit.id, mallory.id) is None
