"""Creator profiles: the guided chat with bad answers at every step, a restart, review, the
directory, introductions, and what participants may not do."""

from __future__ import annotations

import json

import pytest

from bot.invites import qr_png
from sandbox.harness import Member, Rehearsal
from storage.roles import Role
from storage.visits import Visit

PHOTO = qr_png("https://example.id/batik.jpg")
BUTTONS = {
    "en": ("Done ✓", "Skip", "Yes, share my profile"),
    "id": ("Selesai ✓", "Lewati", "Ya, bagikan profil saya"),
}


@pytest.fixture
async def sekar(telegram: Rehearsal, visit: Visit) -> Member:
    """Sekar, a batik maker from Kemiren who writes in English, enrolled as a creator."""
    return await telegram.join(
        "Sekar", Role.CREATOR, visit.id, username="sekar_batik", language="en"
    )


async def dialog_step(telegram: Rehearsal, member: Member) -> str | None:
    """The step of the member's guided chat, as stored."""
    state = await telegram.services.dialogs.store.get(member.id)
    return None if state is None else state.step


async def profile_row(telegram: Rehearsal, member: Member) -> dict | None:
    """The member's profile row, as stored."""
    row = await telegram.services.db.fetch_one(
        "SELECT * FROM creator_profiles WHERE person_id = ?", (member.id,)
    )
    return None if row is None else dict(row)


async def fill_profile(
    member: Member,
    name: str = "Sekar Arum",
    disciplines: tuple[str, ...] = ("Batik and textile",),
    bio: str = "Hand-drawn batik with Gajah Oling motifs.",
    place: str = "Kemiren",
    links: str = "https://sekar.example.id",
    contact: str | None = "+62 812 3456 7890, sekar@example.id",
    photos: int = 1,
    language: str = "en",
) -> None:
    """Answer every step of /profile well, up to the summary."""
    done, skip, yes = BUTTONS[language]
    await member.send("/profile")
    await member.send(name)
    for discipline in disciplines:
        await member.press(discipline)
    await member.press(done)
    await member.send(bio)
    await member.send(place)
    await member.send(links)
    if contact is None:
        await member.press(skip)
    else:
        await member.send(contact)
    for _ in range(photos):
        await member.send_photo(PHOTO)
    await member.press(done)
    await member.press(yes)


async def test_a_creator_fills_a_profile_despite_bad_answers_at_every_step(
    telegram: Rehearsal, visit: Visit, organiser: Member, sekar: Member
):
    await sekar.send("/profile")
    assert "1/8 Name" in (await sekar.last_message()).text

    # Name: a sticker, then an over-long name.
    await sekar.send_sticker()
    assert "Please answer with text" in (await sekar.last_message()).text
    await sekar.send("x" * 101)
    assert "Too long: 101 characters, 100 at most" in (await sekar.last_message()).text
    assert await dialog_step(telegram, sekar) == "name"
    await sekar.send("Sekar Arum")

    # Disciplines: text where a choice is asked, Done with nothing chosen.
    assert "2/8" in (await sekar.last_message()).text
    await sekar.send("batik")
    assert "Please choose with the buttons" in (await sekar.last_message()).text
    await sekar.press("Done ✓")
    assert "Choose at least one" in (await sekar.last_message()).text
    await sekar.press("Batik and textile")
    await sekar.press("Craft")
    await sekar.press("✓ Craft")  # chosen twice: unchosen again
    assert "✓ Batik and textile" in (await sekar.last_message()).button_texts()
    await sekar.press("Done ✓")

    # Bio: a photo, then 501 characters.
    assert "3/8" in (await sekar.last_message()).text
    await sekar.send_photo(PHOTO)
    assert "Please answer with text" in (await sekar.last_message()).text
    await sekar.send("b" * 501)
    assert "Too long: 501 characters, 500 at most" in (await sekar.last_message()).text
    await sekar.send("Hand-drawn batik with Gajah Oling motifs.")

    # Place: a sticker, then a shared location is taken.
    assert "4/8" in (await sekar.last_message()).text
    await sekar.send_sticker()
    assert "type a place name or share a location" in (await sekar.last_message()).text
    await sekar.send("Kemiren, Glagah")

    # Links: not a link, another scheme, six links.
    assert "5/8" in (await sekar.last_message()).text
    await sekar.send("sekar dot com")
    assert "not a valid http/https link: sekar" in (await sekar.last_message()).text
    await sekar.send("javascript:alert(1)")
    assert "not a valid http/https link" in (await sekar.last_message()).text
    await sekar.send(" ".join(f"https://example.id/{n}" for n in range(6)))
    assert "Too many links: 6, 5 at most" in (await sekar.last_message()).text
    assert await dialog_step(telegram, sekar) == "links"
    await sekar.send("https://sekar.example.id\nhttps://instagram.com/sekar.batik")

    # Contact: a bad e-mail, a bad phone number, a sticker.
    assert "6/8" in (await sekar.last_message()).text
    assert "@sekar_batik" in (await sekar.last_message()).text
    await sekar.send("sekar@nowhere")
    assert "not a valid phone number or e-mail: sekar@nowhere" in (await sekar.last_message()).text
    await sekar.send("12ab")
    assert "not a valid phone number or e-mail" in (await sekar.last_message()).text
    await sekar.send_sticker()
    assert "Please answer with text" in (await sekar.last_message()).text
    await sekar.send("+62 812-3456-7890, sekar@example.id")

    # Photos: a sticker and a text, then four photos where three are allowed.
    assert "7/8" in (await sekar.last_message()).text
    await sekar.send_sticker()
    assert "Please send a photo" in (await sekar.last_message()).text
    await sekar.send("here it comes")
    assert "Please send a photo" in (await sekar.last_message()).text
    for _ in range(3):
        await sekar.send_photo(PHOTO)
    assert "Photo 3/3 received" in (await sekar.last_message()).text
    await sekar.send_photo(PHOTO)
    assert "3 photos already, the limit" in (await sekar.last_message()).text
    await sekar.press("Done ✓")

    # Consent: text, then No: nothing is submitted.
    assert "8/8" in (await sekar.last_message()).text
    await sekar.send("ok")
    assert "Please choose with the buttons" in (await sekar.last_message()).text
    await sekar.press("No")
    assert "Without your consent" in (await sekar.last_message()).text
    assert await profile_row(telegram, sekar) is None
    await sekar.press("Yes, share my profile")

    summary = await sekar.last_message()
    assert "Sekar Arum" in summary.text and "Batik and textile" in summary.text
    assert "Craft" not in summary.text
    assert "+62 812-3456-7890" in summary.text and "3 photo" in summary.text
    assert summary.button_texts() == ["Submit ✓", "Edit a field", "✖ Cancel"]
    await sekar.send("submit")
    assert "Please choose with the buttons" in (await sekar.last_message()).text

    # Edit a field from the summary: the bio, then back at the summary.
    await sekar.press("Edit a field")
    await sekar.press("Bio")
    await sekar.send("Batik tulis from Kemiren, natural dyes.")
    assert "natural dyes" in (await sekar.last_message()).text
    await sekar.press("Submit ✓")

    assert "gone to the organisers for review" in (await sekar.last_message()).text
    stored = await profile_row(telegram, sekar)
    assert stored is not None and stored["status"] == "pending"
    draft = json.loads(stored["draft_json"])
    assert draft["links"] == ["https://sekar.example.id", "https://instagram.com/sekar.batik"]
    assert draft["email"] == "sekar@example.id" and len(draft["photos"]) == 3
    assert draft["disciplines"] == ["batik"]
    assert await dialog_step(telegram, sekar) is None

    # The organiser gets the three photos, then the card with the review buttons.
    review = organiser.messages[-4:]
    assert [m.method for m in review] == ["sendPhoto"] * 3 + ["sendMessage"]
    assert review[-1].button_texts() == ["Setujui", "Tolak", "Minta perbaikan"]
    assert "natural dyes" in review[-1].text


async def test_back_goes_one_step_back_and_cancel_stores_nothing(
    telegram: Rehearsal, visit: Visit, sekar: Member
):
    await sekar.send("/profile")
    await sekar.send("Sekar Arum")
    await sekar.press("Batik and textile")
    await sekar.press("Done ✓")
    await sekar.press("◀ Back")
    assert "2/8" in (await sekar.last_message()).text
    assert "✓ Batik and textile" in (await sekar.last_message()).button_texts()
    await sekar.press("◀ Back")
    assert "1/8" in (await sekar.last_message()).text
    await sekar.send("Sekar A.")
    await sekar.press("Done ✓")
    await sekar.send("/cancel")
    assert "Cancelled" in (await sekar.last_message()).text
    assert await dialog_step(telegram, sekar) is None
    assert await profile_row(telegram, sekar) is None
    # After /cancel, text is no longer taken as an answer.
    await sekar.send("Hand-drawn batik")
    assert "can't use this kind of message" in (await sekar.last_message()).text


async def test_a_restart_in_the_middle_continues_at_the_same_step(
    telegram: Rehearsal, visit: Visit, sekar: Member
):
    await sekar.send("/profile")
    await sekar.send("Sekar Arum")
    await sekar.press("Music")
    await sekar.press("Done ✓")
    await telegram.restart()
    assert await dialog_step(telegram, sekar) == "bio"
    await sekar.send("Gandrung songs on the violin.")
    assert "4/8" in (await sekar.last_message()).text
    await sekar.send("Glagah")
    await telegram.restart()
    # A button pressed on a message sent before the restart still works.
    await sekar.press("Skip")
    assert "6/8" in (await sekar.last_message()).text
    await sekar.press("Skip")
    await sekar.press("Done ✓")
    await sekar.press("Yes, share my profile")
    await sekar.press("Submit ✓")
    stored = await profile_row(telegram, sekar)
    assert stored is not None
    draft = json.loads(stored["draft_json"])
    assert draft["name"] == "Sekar Arum" and draft["bio"] == "Gandrung songs on the violin."
    assert draft["disciplines"] == ["music"] and draft["place"] == "Glagah"


async def test_two_creators_filling_profiles_at_once_never_mix(
    telegram: Rehearsal, visit: Visit, sekar: Member
):
    budi = await telegram.join("Budi", Role.CREATOR, visit.id, username="budi_gandrung")
    await sekar.send("/profile")
    await budi.send("/profile")
    await sekar.send("Sekar Arum")
    await budi.send("Budi Santoso")
    await budi.press("Tari dan pertunjukan")
    await sekar.press("Batik and textile")
    await sekar.press("Done ✓")
    await budi.press("Selesai ✓")
    await budi.send("Penari gandrung.")
    await sekar.send("Batik tulis.")
    assert await dialog_step(telegram, sekar) == "place"
    assert await dialog_step(telegram, budi) == "place"
    await sekar.send("Kemiren")
    await budi.share_location(-8.2123456, 114.3456789)
    await budi.press("Lewati")
    await sekar.press("Skip")
    await sekar.press("Skip")
    await budi.press("Lewati")
    await budi.press("Selesai ✓")
    await sekar.press("Done ✓")
    await sekar.press("Yes, share my profile")
    await budi.press("Ya, bagikan profil saya")
    await budi.press("Kirim ✓")
    await sekar.press("Submit ✓")
    mine = json.loads((await profile_row(telegram, sekar))["draft_json"])
    theirs = json.loads((await profile_row(telegram, budi))["draft_json"])
    assert (mine["name"], mine["bio"], mine["place"], mine["disciplines"]) == (
        "Sekar Arum",
        "Batik tulis.",
        "Kemiren",
        ["batik"],
    )
    assert (theirs["name"], theirs["bio"], theirs["place"], theirs["disciplines"]) == (
        "Budi Santoso",
        "Penari gandrung.",
        "",
        ["dance"],
    )
    assert (theirs["latitude"], theirs["longitude"]) == (-8.21235, 114.34568)
    assert theirs["username"] == "budi_gandrung" and mine["username"] == "sekar_batik"
    assert "Terima kasih" in (await budi.last_message()).text


async def test_review_outcomes_reach_the_creator_in_their_language(
    telegram: Rehearsal, visit: Visit, organiser: Member, sekar: Member
):
    budi = await telegram.join("Budi", Role.CREATOR, visit.id, username="budi_gandrung")
    await fill_profile(sekar)
    await sekar.press("Submit ✓")
    sekar_card = organiser.messages[-1]
    approve_data = sekar_card.button_data()[0] or ""
    await organiser.press("Minta perbaikan", sekar_card)
    await organiser.send("Tambahkan satu foto karya.")
    assert "meminta perbaikan" in (await organiser.last_message()).text
    told = await sekar.last_message()
    assert "The organisers ask for changes to your profile: Tambahkan satu foto karya." in told.text
    assert (await profile_row(telegram, sekar))["status"] == "changes_requested"

    # The card lost its buttons; a stale Approve for this revision does nothing.
    assert sekar_card.buttons == []
    await organiser.press_data(approve_data, sekar_card)
    assert "sudah ditinjau" in organiser.user.callback_answers[-1].text

    await sekar.send("/profile")
    assert "changes requested" in (await sekar.last_message()).text
    await sekar.press("Edit a field")
    await sekar.press("Photos")
    await sekar.send_photo(PHOTO)
    await sekar.press("Done ✓")
    await sekar.press("Submit ✓")
    await organiser.press("Setujui", organiser.messages[-1])
    assert "disetujui oleh Tubagus" in (await organiser.last_message()).text
    assert "Your profile is approved" in (await sekar.last_message()).text
    assert (await profile_row(telegram, sekar))["approved_json"] is not None

    await fill_profile(
        budi,
        name="Budi Santoso",
        disciplines=("Musik",),
        links="https://budi.example.id",
        contact=None,
        photos=0,
        language="id",
    )
    await budi.press("Kirim ✓")
    await organiser.press("Tolak", organiser.messages[-1])
    await organiser.send("Bukan warga Banyuwangi.")
    assert "Maaf, profil Anda tidak disetujui. Alasan: Bukan warga Banyuwangi." in (
        (await budi.last_message()).text
    )
    assert (await profile_row(telegram, budi))["approved_json"] is None


async def test_an_approved_profile_edited_goes_back_to_review_while_the_old_one_shows(
    telegram: Rehearsal, visit: Visit, organiser: Member, sekar: Member, rani: Member
):
    await fill_profile(sekar, bio="Batik tulis with natural dyes.")
    await sekar.press("Submit ✓")
    await organiser.press("Setujui", organiser.messages[-1])

    # A new place is not reviewed; a new bio is.
    await sekar.send("/profile")
    await sekar.press("Edit a field")
    await sekar.press("Place")
    await sekar.send("Olehsari")
    await sekar.press("Submit ✓")
    assert "Your profile is updated" in (await sekar.last_message()).text
    assert (await profile_row(telegram, sekar))["status"] == "approved"

    await sekar.send("/profile")
    await sekar.press("Edit a field")
    await sekar.press("Bio")
    await sekar.send("Now also eco-print scarves.")
    await sekar.press("Submit ✓")
    assert "earlier profile stays visible" in (await sekar.last_message()).text
    assert "Perubahan profil" in organiser.messages[-1].text
    stored = await profile_row(telegram, sekar)
    assert stored["status"] == "pending"

    await rani.send("/creators batik")
    await rani.press(0)
    shown = await rani.last_message()
    assert "natural dyes" in shown.text and "eco-print" not in shown.text
    assert "Olehsari" in shown.text
    await rani.send("/creators eco")
    assert "Tidak ada kreator" in (await rani.last_message()).text

    await organiser.press("Setujui", organiser.messages[-1])
    await rani.send("/creators eco")
    await rani.press(0)
    assert "eco-print" in (await rani.last_message()).text


async def test_search_by_word_and_discipline_with_paging(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member
):
    creators = telegram.services.creators
    for number in range(7):
        person = await telegram.join(f"Penari{number}", Role.CREATOR, visit.id)
        data = {
            "name": f"Penari {number}",
            "disciplines": ["dance"] if number < 6 else ["music"],
            "bio": "Gandrung Banyuwangi" if number % 2 == 0 else "Seblang ritual",
            "place": "Glagah",
            "links": [],
            "photos": [],
        }
        submitted = await creators.submit(visit.id, person.id, data)
        await creators.review(
            submitted.profile.id, submitted.profile.revision, "approved", organiser.id
        )
    pending = await telegram.join("Menunggu", Role.CREATOR, visit.id)
    await creators.submit(visit.id, pending.id, {"name": "Penari Menunggu", "bio": "Gandrung"})

    await rani.send("/creators gandrung")
    found = await rani.last_message()
    assert "4 kreator" in found.text and "Penari Menunggu" not in found.text
    await rani.send("/creators GANDRUNG glagah")
    assert "4 kreator" in (await rani.last_message()).text
    await rani.send("/creators seblang")
    assert "3 kreator" in (await rani.last_message()).text

    await rani.send("/creators")
    await rani.press("Tari dan pertunjukan")
    page = await rani.last_message()
    assert "6 kreator" in page.text and "halaman 1/2" in page.text
    assert page.button_texts()[-1] == "Berikutnya ▶"
    await rani.press("Berikutnya ▶")
    page = await rani.last_message()
    assert "halaman 2/2" in page.text and "6. Penari 5" in page.text
    assert "1. Penari 0" not in page.text
    assert page.button_texts() == ["6. Penari 5", "◀ Sebelumnya"]
    await rani.send("/creators")
    await rani.press("Musik")
    assert (
        "1 kreator" in (await rani.last_message()).text
        and "Penari 6" in (await rani.last_message()).text
    )


async def test_an_introduction_accepted_gives_both_their_contacts(
    telegram: Rehearsal, visit: Visit, organiser: Member, sekar: Member, rani: Member
):
    await fill_profile(sekar)
    await sekar.press("Submit ✓")
    await organiser.press("Setujui", organiser.messages[-1])

    await rani.send("/creators sekar")
    await rani.press(0)
    await rani.press("Minta perkenalan")
    await rani.send("Saya ingin belajar membatik untuk acara KBRI.")
    assert "dikirim ke Sekar Arum" in (await rani.last_message()).text

    request = await sekar.last_message()
    assert "Rani" in request.text and "membatik untuk acara KBRI" in request.text
    assert request.button_texts() == ["Accept", "Decline"]
    decline_data = request.button_data()[1] or ""
    await sekar.press("Accept")
    assert "Reach Rani: @rani_d" in (await sekar.last_message()).text
    told = await rani.last_message()
    assert "Sekar Arum menerima" in told.text and "@sekar_batik" in told.text
    assert "+62 812 3456 7890" in told.text

    # Pressing again changes nothing.
    await sekar.press_data(decline_data, request)
    assert "answered already" in sekar.user.callback_answers[-1].text

    await organiser.send("/introductions")
    listed = await organiser.last_message()
    assert "Rani → Sekar Arum — diterima" in listed.text


async def test_an_introduction_declined_tells_the_asker_politely_without_a_reason(
    telegram: Rehearsal, visit: Visit, organiser: Member, sekar: Member, rani: Member
):
    await fill_profile(sekar)
    await sekar.press("Submit ✓")
    await organiser.press("Setujui", organiser.messages[-1])
    await rani.send("/creators")
    await rani.press("Batik dan tekstil")
    await rani.press(0)
    await rani.press("Minta perkenalan")
    await rani.send("Untuk kunjungan kerja.")
    await rani.send("/creators sekar")
    await rani.press(0)
    await rani.press("Minta perkenalan")
    await rani.send("Sekali lagi.")
    assert "sudah meminta perkenalan" in (await rani.last_message()).text

    await sekar.press("Decline")
    told = await rani.last_message()
    assert "belum bisa menerima perkenalan" in told.text
    assert "@sekar_batik" not in told.text
    assert "told politely" in (await sekar.last_message()).text
    rows = await telegram.services.db.fetch_all("SELECT status FROM creator_introductions")
    assert [row[0] for row in rows] == ["declined"]


async def test_html_in_every_field_is_shown_as_text(
    telegram: Rehearsal, visit: Visit, organiser: Member, sekar: Member, rani: Member
):
    await fill_profile(
        sekar,
        name="<b>Sekar</b> & co",
        bio="<script>alert(1)</script> <i>batik</i>",
        place="<a href='x'>Kemiren</a>",
        links="https://sekar.example.id/?a=<b>&c=d",
        contact=None,
        photos=1,
    )
    await sekar.press("Edit a field")
    await sekar.press("Contact")
    await sekar.send("<u>@</u>")
    assert "not a valid phone number or e-mail: <u>@</u>" in (await sekar.last_message()).text
    await sekar.press("Skip")
    summary = await sekar.last_message()
    assert "<b>Sekar</b> & co" in summary.text
    assert "&lt;script&gt;" in (summary.html or "")
    await sekar.press("Submit ✓")
    review = organiser.messages[-1]
    assert "<script>alert(1)</script> <i>batik</i>" in review.text
    assert "<a href='x'>Kemiren</a>" in review.text
    await organiser.press("Setujui", review)
    await rani.send("/creators sekar")
    assert "<b>Sekar</b> & co" in (await rani.last_message()).text
    await rani.press(0)
    photo, card = rani.messages[-2:]
    assert photo.caption == "<b>Sekar</b> & co"
    assert "https://sekar.example.id/?a=<b>&c=d" in card.text
    await rani.press("Minta perkenalan")
    await rani.send("<b>hello</b> & bye")
    assert "<b>hello</b> & bye" in (await sekar.last_message()).text


async def test_a_participant_trying_organiser_actions_is_refused_and_nothing_is_written(
    telegram: Rehearsal, visit: Visit, organiser: Member, sekar: Member, rani: Member
):
    await fill_profile(sekar, photos=0)
    await sekar.press("Submit ✓")
    before = await profile_row(telegram, sekar)
    review = organiser.messages[-1]
    outbox_before = await telegram.services.db.fetch_value("SELECT COUNT(*) FROM outbox")
    await rani.send("/creators")  # a message of her own to press forged buttons on
    own = await rani.last_message()
    for data in review.button_data():
        await rani.press_data(data or "", own)
        assert "hanya panitia" in rani.user.callback_answers[-1].text
    for command in ("/introductions", "/export creators", "/poster Kemiren"):
        await rani.send(command)
        assert "hanya panitia" in (await rani.last_message()).text
    await rani.send("/profile")
    assert "hanya kreator" in (await rani.last_message()).text
    await sekar.send("/creators")
    assert "Sorry, only" in (await sekar.last_message()).text
    assert await profile_row(telegram, sekar) == before
    assert await dialog_step(telegram, rani) is None
    assert await telegram.services.db.fetch_value("SELECT COUNT(*) FROM outbox") == outbox_before
    invites = await telegram.services.invites.of_visit(visit.id)
    assert all(invite.created_by is None for invite in invites)


async def test_export_and_poster_for_organisers(
    telegram: Rehearsal, visit: Visit, organiser: Member, sekar: Member
):
    await organiser.send("/export creators")
    assert "Belum ada profil" in (await organiser.last_message()).text
    await fill_profile(sekar, name="=HYPERLINK(1)", photos=0)
    await sekar.press("Submit ✓")
    await organiser.press("Setujui", organiser.messages[-1])
    await organiser.send("/export creators")
    export = await organiser.last_message()
    assert export.filename == "creators.csv"
    text = (export.document or b"").decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text and "sekar@example.id" in text and "batik" in text

    await organiser.send("/poster Sanggar Kemiren")
    poster, link = organiser.messages[-2:]
    assert poster.photo and "Sanggar Kemiren" in (poster.caption or "")
    payload = link.text.split("start=")[1]
    ayu = telegram.person("Ayu", language="en")
    await ayu.send(f"/start {payload}")
    assert "You are a creator" in (await ayu.last_message()).text


async def test_a_creator_deletes_their_profile_after_confirming(
    telegram: Rehearsal, visit: Visit, organiser: Member, sekar: Member, rani: Member
):
    await fill_profile(sekar)
    await sekar.press("Submit ✓")
    await organiser.press("Setujui", organiser.messages[-1])
    await sekar.send("/profile")
    await sekar.press("Delete")
    await sekar.press("Keep it")
    assert await profile_row(telegram, sekar) is not None
    await sekar.send("/profile")
    await sekar.press("Delete")
    await sekar.press("Yes, delete")
    assert "deleted" in (await sekar.last_message()).text
    assert await profile_row(telegram, sekar) is None
    await rani.send("/creators sekar")
    assert "Tidak ada kreator" in (await rani.last_message()).text
    leftovers = await telegram.services.db.fetch_value("SELECT COUNT(*) FROM creator_search")
    assert leftovers == 0


async def test_stale_and_forged_buttons_get_a_polite_answer_and_change_nothing(
    telegram: Rehearsal, visit: Visit, organiser: Member, sekar: Member, rani: Member
):
    await rani.send("/creators")
    menu = await rani.last_message()
    for forged in ("cr:v:999", "cr:v:abc", "cr:i:1", "cr:p:x:y", "cr:zz", "cr:ia:1", "fm:zz"):
        await rani.press_data(forged, menu)
        assert rani.user.callback_answers[-1].text in (
            "Tombol ini sudah tidak berlaku.",
            "Maaf, hanya kreator yang dapat melakukan ini.",
        )
    await sekar.send("/profile")
    prompt = await sekar.last_message()
    await sekar.press_data("cr:d:batik", prompt)  # a discipline while the name is asked
    assert "no longer works" in sekar.user.callback_answers[-1].text
    await sekar.press_data("cr:submit", prompt)
    assert "no longer works" in sekar.user.callback_answers[-1].text
    assert await dialog_step(telegram, sekar) == "name"
    assert await profile_row(telegram, sekar) is None
    assert await telegram.services.db.fetch_value("SELECT COUNT(*) FROM creator_introductions") == 0


async def test_an_organiser_can_cancel_a_rejection_and_review_later(
    telegram: Rehearsal, visit: Visit, organiser: Member, sekar: Member
):
    await fill_profile(sekar, photos=0)
    await sekar.press("Submit ✓")
    card = organiser.messages[-1]
    await organiser.press("Tolak", card)
    assert "Tulis alasan penolakan untuk Sekar Arum" in (await organiser.last_message()).text
    await organiser.send("/cancel")
    assert "Tinjauan dibatalkan" in (await organiser.last_message()).text
    assert (await profile_row(telegram, sekar))["status"] == "pending"
    await organiser.send("Bukan warga Banyuwangi.")
    assert "tidak bisa memakai pesan" in (await organiser.last_message()).text
    assert (await profile_row(telegram, sekar))["review_note"] is None
    await organiser.press("Setujui", card)
    assert (await profile_row(telegram, sekar))["status"] == "approved"


async def test_editing_photos_replaces_them_and_back_keeps_the_old_ones(
    telegram: Rehearsal, visit: Visit, sekar: Member
):
    await fill_profile(sekar, photos=2)
    await sekar.press("Edit a field")
    await sekar.press("Photos")
    assert "(0 so far)" in (await sekar.last_message()).text
    await sekar.press("◀ Back")
    assert "2 photos" in (await sekar.last_message()).text
    await sekar.press("Edit a field")
    await sekar.press("Photos")
    await sekar.send_photo(PHOTO)
    await sekar.press("Done ✓")
    assert "1 photo" in (await sekar.last_message()).text


async def test_a_creator_without_a_username_must_give_a_phone_or_email(
    telegram: Rehearsal, visit: Visit
):
    wayan = await telegram.join("Wayan", Role.CREATOR, visit.id, language="en")
    await wayan.send("/profile")
    await wayan.send("Wayan Kendang")
    await wayan.press("Music")
    await wayan.press("Done ✓")
    await wayan.send("Kendang player.")
    await wayan.send("Licin")
    await wayan.press("Skip")
    contact = await wayan.last_message()
    assert "has no username" in contact.text and "Skip" not in contact.button_texts()
    await wayan.press_data("cr:skip", contact)
    assert "no longer works" in wayan.user.callback_answers[-1].text
    assert await dialog_step(telegram, wayan) == "contact"
    await wayan.send("wayan@example.id")
    assert "7/8" in (await wayan.last_message()).text


async def test_the_directory_and_exports_stay_out_of_group_chats(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member
):
    group = telegram.standin.group("Sesdilu 2025")
    for member, command in ((rani, "/creators batik"), (organiser, "/export creators")):
        telegram.live.sent(await group.send(member.user, command))
        await telegram.settle()
    assert all("hanya bisa dipakai di chat pribadi" in m.text for m in group.messages)
    assert len(group.messages) == 2
