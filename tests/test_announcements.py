"""Announcements: an organiser tells people something, sees who got it, and who pressed "Got it"."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sandbox.harness import Member, Rehearsal
from storage.roles import Role
from storage.sessions import SessionFields, SessionStore
from storage.visits import Visit


@pytest.fixture
async def budi(telegram: Rehearsal, visit: Visit) -> Member:
    """Budi, another participant."""
    return await telegram.join("Budi", Role.PARTICIPANT, visit.id, username="budi_s")


@pytest.fixture
async def ayu(telegram: Rehearsal, visit: Visit) -> Member:
    """Ayu, from a partner organisation."""
    return await telegram.join("Ayu", Role.PARTNER, visit.id, username="ayu_p", language="en")


async def count(telegram: Rehearsal, table: str) -> int:
    """Rows in a table."""
    return int(await telegram.services.db.fetch_value(f"SELECT COUNT(*) FROM {table}"))


async def write_announcement(organiser: Member, text: str, audience: str) -> None:
    """Go through /announce up to the audience choice (Indonesian buttons)."""
    await organiser.send("/announce")
    await organiser.send(text)
    await organiser.press(audience)


def report_of(organiser: Member) -> str:
    """The latest delivery report the organiser has (edited in place)."""
    reports = [m for m in organiser.messages if m.text and "Laporan pengumuman" in m.text]
    assert reports, "no report"
    return reports[-1].text or ""


async def test_participants_get_it_press_got_it_once_and_the_report_follows(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member, budi: Member, ayu: Member
):
    await write_announcement(organiser, "Bus berangkat <07.00> dari hotel & lobby", "Peserta (2)")
    await organiser.press("Biasa")
    await organiser.press("Ya, minta konfirmasi")
    preview, summary = organiser.messages[-2:]
    assert "Bus berangkat <07.00> dari hotel & lobby" in (preview.text or "")
    assert "Peserta" in (summary.text or "") and "2 orang" in (summary.text or "")
    assert await count(telegram, "outbox") == 0  # nothing goes out before the organiser confirms

    await organiser.press("📤 Kirim", summary)
    got = await rani.last_message()
    assert got.text == "📢 Pengumuman\n\nBus berangkat <07.00> dari hotel & lobby"
    assert got.button_texts() == ["✅ Siap, mengerti"]
    assert "Bus berangkat" in (await budi.last_message()).content
    assert not any("Bus berangkat" in m.content for m in ayu.messages)
    assert "Terkirim 2" in report_of(organiser)

    await rani.press("✅ Siap, mengerti", got)
    assert rani.user.callback_answers[-1].text == "Terima kasih, sudah dicatat."
    await rani.press("✅ Siap, mengerti", got)
    assert rani.user.callback_answers[-1].text == "Anda sudah mengonfirmasi pengumuman ini."
    assert await count(telegram, "announcement_acks") == 1
    report = report_of(organiser)
    assert "Sudah konfirmasi: 1 dari 2" in report and "✅ Sudah konfirmasi: Rani" in report
    assert "⏳ Belum konfirmasi: Budi" in report  # whom to chase, by name

    # Re-send to those who have not acknowledged: Budi gets a second copy, Rani does not.
    report_message = [m for m in organiser.messages if "Laporan" in (m.text or "")][-1]
    await organiser.press("🔁 Kirim ulang ke 1 yang belum konfirmasi", report_message)
    assert sum("Bus berangkat" in m.content for m in budi.messages) == 2
    assert sum("Bus berangkat" in m.content for m in rani.messages) == 1
    # An old or forged "Got it" changes nothing.
    await ayu.press_data("ack:1", (await ayu.last_message()))
    assert ayu.user.callback_answers[-1].text == "This button no longer works."
    await rani.press_data("ack:999", got)
    assert rani.user.callback_answers[-1].text == "Tombol ini sudah tidak berlaku."
    assert await count(telegram, "announcement_acks") == 1


async def test_everyone_urgent_with_a_photo_and_the_linked_group(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member, ayu: Member
):
    group = telegram.standin.group("Sesdilu Banyuwangi 2025")
    telegram.live.sent(await group.send(organiser.user, "/linkgroup"))
    await telegram.settle()
    assert "ditautkan" in group.last_message().content
    await organiser.send("/announce")
    await organiser.send_photo(b"\x89PNG fake", caption="Dress code: batik")
    await organiser.press("Semua anggota (3)")
    await organiser.press("🚨 Penting")
    await organiser.press("Tidak perlu")
    await organiser.press("Ya")
    assert "+ grup Sesdilu Banyuwangi 2025" in (organiser.messages[-1].text or "")
    await organiser.press("📤 Kirim")
    urgent = await rani.last_message()
    assert urgent.photo is not None and "PENGUMUMAN PENTING" in urgent.content
    assert urgent.buttons == []
    assert "URGENT ANNOUNCEMENT" in (await ayu.last_message()).content  # in Ayu's language
    assert "Dress code: batik" in group.last_message().content
    assert "Grup: terkirim" in report_of(organiser)


async def test_a_named_group_gets_it_and_nobody_else(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member, budi: Member
):
    await organiser.send("/group Bus 2 @rani_d @nobody")
    assert "@nobody" in (await organiser.last_message()).text
    assert await count(telegram, "person_groups") == 0
    await organiser.send("/group Bus 2 @rani_d")
    assert "Bus 2" in (await organiser.last_message()).text
    await write_announcement(organiser, "Bus 2 parkir di gerbang timur", "Bus 2 (1)")
    await organiser.press("Biasa")
    await organiser.press("Tidak perlu")
    await organiser.press("📤 Kirim")
    assert "gerbang timur" in (await rani.last_message()).content
    assert not any("gerbang timur" in m.content for m in budi.messages)


async def test_a_name_with_an_ampersand_reads_as_typed_on_every_button(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member
):
    """Telegram shows a button's label as it is: a group or a preview is not HTML there."""
    await organiser.send("/group Bus & Van @rani_d")
    await write_announcement(organiser, "Bus & Van: <berangkat> 07.00", "Bus & Van (1)")
    await organiser.press("Biasa")
    await organiser.press("Tidak perlu")
    await organiser.press("📤 Kirim")
    assert "Bus & Van: <berangkat> 07.00" in (await rani.last_message()).content
    await organiser.send("/announcements")
    labels = (await organiser.last_message()).button_texts()
    assert any("Bus & Van: <berangkat>" in label for label in labels), labels


async def test_bad_input_gets_a_clear_answer_and_nothing_is_queued(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member
):
    await organiser.send("/announce")
    await organiser.send("x" * 4050)
    assert (await organiser.last_message()).text == (
        "Terlalu panjang: 4050 karakter, paling banyak 4036. Persingkat lalu kirim lagi."
    )
    await organiser.send("🚌" * 2030)  # Telegram counts each of these emoji as two
    assert "4060 karakter" in (await organiser.last_message()).content
    await organiser.send_sticker()
    assert "tidak didukung" in (await organiser.last_message()).content
    await organiser.send_photo(b"\x89PNG fake")
    assert "tidak boleh kosong" in (await organiser.last_message()).content
    # The dialog survives a restart of the bot, at the same step.
    await telegram.restart()
    await organiser.send("Makan siang pukul 12.00")
    await organiser.press("Peserta (1)")
    await organiser.send("/cancel")
    assert (await organiser.last_message()).text == "Pengumuman dibatalkan. Tidak ada yang dikirim."
    assert await count(telegram, "outbox") == 0
    assert await count(telegram, "dialogs") == 0
    await organiser.send("Halo")  # no longer in the dialog: the fallback answers
    assert "/help" in (await organiser.last_message()).content


async def test_a_participant_is_refused_every_organiser_action_and_nothing_is_written(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member
):
    await write_announcement(organiser, "Rapat panitia", "Panitia (1)")
    await organiser.press("Biasa")
    await organiser.press("Tidak perlu")
    summary = organiser.messages[-1]
    before = {t: await count(telegram, t) for t in ("announcements", "outbox", "dialogs")}
    group = telegram.standin.group("Peserta saja")
    for command in ("/announce", "/announcements", "/group Bus @rani_d"):
        await rani.send(command)
        assert (await rani.last_message()).text == "Maaf, hanya panitia yang dapat melakukan ini."
    telegram.live.sent(await group.send(rani.user, "/linkgroup"))
    await telegram.settle()
    assert "hanya panitia" in group.last_message().content
    for data in ("ann:send:1", "ann:re:1", "ann:aud:everyone", "ann:open:1"):
        await rani.press_data(data, summary)
        assert "hanya panitia" in (rani.user.callback_answers[-1].text or "")
    after = {t: await count(telegram, t) for t in ("announcements", "outbox", "dialogs")}
    assert after == before
    assert await count(telegram, "person_groups") == 0
    assert await count(telegram, "visit_group_chats") == 0
    assert await count(telegram, "announcements WHERE confirmed_at IS NOT NULL") == 0


async def test_someone_who_blocked_the_bot_is_reported_and_organisers_are_told_once(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member, budi: Member
):
    rani.block_bot()
    for text in ("Sarapan pukul 06.30", "Sarapan dipindah ke 06.45"):
        await write_announcement(organiser, text, "Peserta (2)")
        await organiser.press("Biasa")
        await organiser.press("Tidak perlu")
        await organiser.press("📤 Kirim")
    report = report_of(organiser)
    assert "tak terjangkau 1" in report and "🚫 Tak terjangkau: Rani" in report
    notices = [m for m in organiser.messages if "tidak bisa dihubungi" in m.content]
    assert len(notices) == 1 and "Rani" in notices[0].content
    person = await telegram.services.people.store.get(rani.id)
    assert person is not None and person.unreachable_since is not None
    assert sum("Sarapan" in m.content for m in budi.messages) == 2


@pytest.mark.parametrize(
    ("audience", "ack"), [("Mitra (1)", "Ya, minta konfirmasi"), ("Kreator (1)", "Tidak perlu")]
)
async def test_partners_or_creators_alone_get_it(
    telegram: Rehearsal,
    visit: Visit,
    organiser: Member,
    rani: Member,
    ayu: Member,
    audience: str,
    ack: str,
):
    kadek = await telegram.join("Kadek", Role.CREATOR, visit.id, username="kadek_batik")
    await write_announcement(organiser, "Sesi mitra dan kreator pukul 14.00", audience)
    await organiser.press("Biasa")
    await organiser.press(ack)
    await organiser.press("📤 Kirim")
    reached = {
        name: any("Sesi mitra" in m.content for m in member.messages)
        for name, member in (("ayu", ayu), ("kadek", kadek), ("rani", rani))
    }
    expected = "ayu" if audience.startswith("Mitra") else "kadek"
    assert reached == {name: name == expected for name in reached}
    got = [m for m in (ayu if expected == "ayu" else kadek).messages if "Sesi mitra" in m.content]
    assert bool(got[0].buttons) == (ack != "Tidak perlu")


async def test_people_checked_in_to_a_session_get_it(
    telegram: Rehearsal, visit: Visit, organiser: Member, rani: Member, budi: Member
):
    start = telegram.clock.now() + timedelta(minutes=10)
    store = SessionStore(telegram.services.db)
    fields = SessionFields(
        key="batik",
        title_id="Lokakarya Batik",
        title_en="Batik workshop",
        starts_at=start,
        ends_at=start + timedelta(minutes=90),
    )
    await store.apply(visit.id, [fields], [], telegram.clock.now())
    [workshop] = await store.of_visit(visit.id)
    await telegram.move_clock(timedelta(minutes=11))
    await rani.press_data(f"ci:{workshop.id}", await rani.last_message())
    assert [
        c.person_id for c in await telegram.services.checkins.store.of_session(workshop.id)
    ] == [rani.id]
    await write_announcement(
        organiser, "Yang hadir di batik: foto bersama", "Check-in: Lokakarya Batik (1)"
    )
    await organiser.press("Biasa")
    await organiser.press("Tidak perlu")
    await organiser.press("📤 Kirim")
    assert "foto bersama" in (await rani.last_message()).content
    assert not any("foto bersama" in m.content for m in budi.messages)
