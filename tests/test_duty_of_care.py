"""Duty of care: Bus 2 with its leader and buddies, a headcount of one bus, "are you safe?" with
every stage of escalation on the moved clock, and SOS alerts (urgent, acknowledged once, sent
again when nobody answers, confirmed when repeated, and drills)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from sandbox.harness import Member, Rehearsal
from storage.roles import Role
from storage.safety import SafetyStore
from storage.visits import Visit


@pytest.fixture
async def bus2(telegram: Rehearsal, visit: Visit, organiser: Member) -> dict[str, Member]:
    """Bus 2: Rani, Dimas and Sari, led by Ayu (a participant given the leader role);
    Rani and Dimas are buddies."""
    people = {
        "rani": await telegram.join("Rani", Role.PARTICIPANT, visit.id, username="rani_d"),
        "dimas": await telegram.join("Dimas", Role.PARTICIPANT, visit.id, username="dimas"),
        "sari": await telegram.join("Sari", Role.PARTICIPANT, visit.id, username="sari"),
        "ayu": await telegram.join("Ayu", Role.PARTICIPANT, visit.id, username="ayu"),
    }
    await organiser.send("/group Bus 2 @rani_d @dimas @sari")
    await organiser.send("/group Bus 2 leader @ayu")
    assert "Ayu kini ketua kelompok Bus 2" in (await organiser.last_message()).text
    await organiser.send("/buddy @rani_d @dimas")
    assert "Rani dan Dimas kini buddy" in (await organiser.last_message()).text
    await organiser.send("/group Bus 2")
    assert "Ketua: Ayu" in (await organiser.last_message()).text
    return people


async def test_mygroup_shows_the_groups_their_leader_and_the_buddy(
    telegram: Rehearsal, visit: Visit, bus2: dict[str, Member]
):
    assert "sos" in [command for command, _ in bus2["rani"].user.commands()]
    await bus2["rani"].send("/mygroup")
    text = (await bus2["rani"].last_message()).text
    assert "Bus 2 (3 orang) — ketua: Ayu" in text
    assert "Buddy Anda: Dimas" in text
    await bus2["ayu"].send("/mygroup")
    assert "Bus 2 (3 orang) — Anda ketuanya" in (await bus2["ayu"].last_message()).text
    outsider = await telegram.join("Hiroshi", Role.PARTNER, visit.id, language="en")
    await outsider.send("/mygroup")
    assert "not in any group yet" in (await outsider.last_message()).text


async def test_a_roll_call_of_one_bus_asks_its_members_and_shows_the_leader_a_board(
    telegram: Rehearsal, visit: Visit, organiser: Member, bus2: dict[str, Member]
):
    other = await telegram.join("Putu", Role.PARTICIPANT, visit.id)
    await organiser.send("/rollcall Bus 2 | Kembali ke bus 10")
    board = await organiser.last_message()
    assert "Bus 2: 0 dari 3 — belum ada: Dimas, Rani, Sari" in board.text
    for name in ("rani", "dimas", "sari"):
        assert "Kembali ke bus" in (await bus2[name].last_message()).text
    assert all("Kembali ke bus" not in (m.text or "") for m in other.messages)
    leader_board = await bus2["ayu"].last_message()
    assert "Bus 2: 0 dari 3" in leader_board.text
    assert leader_board.buttons == [], "re-ping and close are the organisers'"
    assert board.button_texts() == ["🔔 Tanya lagi yang belum", "🔒 Tutup"]

    await bus2["rani"].press("✅ Hadir")
    await bus2["sari"].press("🕒 Terlambat")
    await telegram.settle()
    for watcher in (organiser, bus2["ayu"]):
        assert "Bus 2: 2 dari 3 — belum ada: Dimas" in watcher.messages[-1].text
    await organiser.send("/rollcall Bus 9 | Kembali 10")
    assert "Tidak ada kelompok bernama Bus 9" in (await organiser.last_message()).text


async def test_groups_are_audiences_of_announcements_and_sessions(
    telegram: Rehearsal, visit: Visit, bus2: dict[str, Member]
):
    from bot.audience import Audience

    members = await telegram.services.audiences.members(visit.id, Audience.parse("group:Bus 2"))
    assert sorted(m.person.first_name for m in members) == ["Dimas", "Rani", "Sari"]


async def test_are_you_safe_escalates_silence_stage_by_stage_on_the_clock(
    telegram: Rehearsal, visit: Visit, organiser: Member, bus2: dict[str, Member]
):
    putu = await telegram.join("Putu", Role.PARTICIPANT, visit.id)  # in no group, no buddy
    await organiser.send("/safetycheck Gempa kecil di Banyuwangi, semua aman?")
    board = await organiser.last_message()
    assert "Aman: 0 · Butuh bantuan: 0 · Belum menjawab: 5 (dari 5)" in board.text
    question = await bus2["rani"].last_message()
    assert "Apakah Anda aman?" in question.text and "Gempa kecil" in question.text
    assert question.button_texts() == ["✅ Saya aman", "🆘 Saya butuh bantuan"]
    await bus2["ayu"].press("✅ Saya aman")
    await bus2["sari"].press("✅ Saya aman")
    await telegram.settle()
    assert "Aman: 2 · Butuh bantuan: 0 · Belum menjawab: 3" in organiser.messages[-1].text

    # Ten minutes of silence (the bot restarted meanwhile): Rani and Dimas are asked again.
    await telegram.restart()
    await telegram.move_clock(timedelta(minutes=10))
    for name in ("rani", "dimas"):
        assert "Pengingat kedua" in (await bus2[name].last_message()).text
    assert "Ditanya lagi" in organiser.messages[-1].text
    assert "Dimas, Putu, Rani" in organiser.messages[-1].text
    await bus2["rani"].press("✅ Saya aman")

    # Twenty minutes: Dimas's leader and buddy are asked to find him; Rani answered, so no
    # search for her.
    await telegram.move_clock(timedelta(minutes=10))
    find = (await bus2["ayu"].last_message()).text
    assert "Dimas belum menjawab" in find and "20 menit" in find
    assert "Dimas belum menjawab" in (await bus2["rani"].last_message()).text
    assert all("Rani belum menjawab" not in (m.text or "") for m in bus2["dimas"].messages)
    # Putu has nobody to look for him: the organisers' board says so.
    assert (
        "Ketua & buddy diminta mencari: Dimas, Putu (tanpa ketua/buddy!)"
        in organiser.messages[-1].text
    )
    # Moving on repeats nothing (the stages are in the database).
    before = len(bus2["ayu"].messages)
    await telegram.restart()
    await telegram.move_clock(timedelta(minutes=15))
    assert len(bus2["ayu"].messages) == before
    answers = await SafetyStore(telegram.services.db).answers(1)
    assert {a.person_id: a.stage for a in answers if a.answer is None} == {
        bus2["dimas"].id: 2,
        putu.id: 2,
    }


async def test_i_need_help_alerts_leader_and_organisers_and_passes_on_location_and_note(
    telegram: Rehearsal, visit: Visit, organiser: Member, bus2: dict[str, Member]
):
    await organiser.send("/safetycheck Bus 2 | Banjir di jalan")
    await bus2["dimas"].press("🆘 Saya butuh bantuan")
    alert = await bus2["ayu"].last_message()
    assert "Dimas butuh bantuan" in alert.text
    assert "🏃 Saya tangani" in alert.button_texts()
    assert any("Dimas butuh bantuan" in (m.text or "") for m in organiser.messages)
    assert any("bagikan lokasi" in (m.text or "") for m in bus2["dimas"].messages[-2:])
    await bus2["dimas"].share_location(-8.2191, 114.3692)
    pin = await bus2["ayu"].last_message()
    assert "membagikan lokasinya" in pin.text
    assert (pin.button_data()[0] or "").startswith(
        "https://maps.google.com/?q=-8.219100,114.369200"
    )
    await bus2["dimas"].send("Kaki terkilir dekat masjid")
    assert "Kaki terkilir" in (await bus2["ayu"].last_message()).text
    telegram.live.sent(await bus2["dimas"].user.send_contact("+6281234567890"))
    await telegram.settle()
    assert (
        "Dimas membagikan nomor telepon: +6281234567890" in (await bus2["ayu"].last_message()).text
    )
    # The location and phone buttons give way to the persistent SOS button again.
    assert (await bus2["dimas"].last_message()).reply_keyboard == [["🆘 SOS"]]
    await telegram.settle()
    board = next(m for m in organiser.messages if "Banjir" in (m.text or ""))
    assert "Butuh bantuan: Dimas (Kaki terkilir dekat masjid)" in board.text
    assert "Terima kasih" in (await bus2["dimas"].last_message()).text


async def test_sos_jumps_a_broadcast_in_progress(
    telegram: Rehearsal, visit: Visit, organiser: Member, bus2: dict[str, Member]
):
    from bot.outbox import Delivery, OutgoingMessage

    # A broadcast is on its way to the organiser (one message a second in a chat, as Telegram
    # allows) when Dimas presses SOS.
    await telegram.services.outbox.enqueue(
        Delivery(
            chat_id=organiser.id,
            message=OutgoingMessage(f"Info {number}"),
            kind="announcement",
            visit_id=visit.id,
        )
        for number in range(5)
    )
    update_id = await bus2["dimas"].user.send("/sos")
    telegram.live.sent(update_id)
    await telegram.settle()
    texts = [m.text or "" for m in organiser.messages]
    sos_at = next(i for i, t in enumerate(texts) if "SOS dari Dimas" in t)
    last_info = max(i for i, t in enumerate(texts) if t.startswith("Info "))
    assert sos_at < last_info, "the SOS went ahead of the rest of the broadcast"
    rows = await telegram.services.outbox.store.of_batch("sos:1")
    assert rows and all(row.urgent for row in rows)
    assert "SOS dari Dimas" in (await bus2["ayu"].last_message()).text


@pytest.mark.no_flood_limits(reason="two organisers press at the very same moment")
async def test_two_organisers_press_i_am_on_it_at_once_and_only_one_wins(
    telegram: Rehearsal, visit: Visit, organiser: Member, bus2: dict[str, Member]
):
    second = await telegram.join("Wulan", Role.ORGANISER, visit.id, username="wulan")
    await bus2["dimas"].send("/sos")
    one = next(m for m in organiser.messages if "SOS dari Dimas" in (m.text or ""))
    two = next(m for m in second.messages if "SOS dari Dimas" in (m.text or ""))
    presses = await asyncio.gather(
        organiser.user.press("🏃 Saya tangani", one), second.user.press("🏃 Saya tangani", two)
    )
    telegram.live.sent(max(presses))
    await telegram.settle()
    alert = await SafetyStore(telegram.services.db).alert(1)
    assert alert is not None and alert.acked_by in (organiser.id, second.id)
    winner, loser = (organiser, second) if alert.acked_by == organiser.id else (second, organiser)
    answers = [a.text for a in loser.user.callback_answers]
    assert any("Sudah ditangani" in (a or "") for a in answers)
    assert f"{winner.user.first_name} menangani SOS dari Dimas" in (await loser.last_message()).text
    assert (
        f"{winner.user.first_name} menangani SOS Anda" in (await bus2["dimas"].last_message()).text
    )
    # Acknowledged: nothing goes again three minutes later.
    await telegram.move_clock(timedelta(minutes=5))
    assert all("BELUM DITANGANI" not in (m.text or "") for m in loser.messages)


async def test_an_unacknowledged_sos_goes_again_after_three_minutes(
    telegram: Rehearsal, visit: Visit, organiser: Member, bus2: dict[str, Member]
):
    await bus2["dimas"].send("/sos")
    await telegram.move_clock(timedelta(minutes=2))
    assert "BELUM DITANGANI" not in (await organiser.last_message()).text
    await telegram.restart()  # the re-send is planned in the database, not in memory
    await telegram.move_clock(timedelta(minutes=1, seconds=30))
    again = await organiser.last_message()
    assert "BELUM DITANGANI" in again.text and "SOS dari Dimas" in again.text
    assert "BELUM DITANGANI" in (await bus2["ayu"].last_message()).text
    await telegram.move_clock(timedelta(minutes=5))
    sent_again = [m for m in organiser.messages if "BELUM DITANGANI" in (m.text or "")]
    assert len(sent_again) == 1


async def test_a_second_sos_within_a_minute_asks_first_and_a_drill_says_so(
    telegram: Rehearsal, visit: Visit, organiser: Member, bus2: dict[str, Member]
):
    await bus2["dimas"].send("/sos drill")
    assert "LATIHAN" in (await bus2["ayu"].last_message()).text
    assert any("LATIHAN" in (m.text or "") for m in bus2["dimas"].messages)
    await bus2["dimas"].send("/cancel")
    await bus2["dimas"].send("/sos")
    confirm = await bus2["dimas"].last_message()
    assert "Kirim lagi?" in confirm.text
    alerts_before = len([m for m in organiser.messages if "SOS dari Dimas" in (m.text or "")])
    await bus2["dimas"].press("🆘 Ya, kirim lagi")
    alerts = [m for m in organiser.messages if "SOS dari Dimas" in (m.text or "")]
    assert len(alerts) == alerts_before + 1
    assert "LATIHAN" not in alerts[-1].text


GROUPS_YAML = b"""groups:
  - name: Bus 1
    leader: "@tubagus"
    members: ["@sari", "@ayu"]
  - name: Bus 2
    leader: "@ayu"
    members: ["@rani_d", "@dimas", "@putu"]
buddies:
  - ["@sari", "@putu"]
"""


async def test_groups_from_a_file_show_the_difference_and_apply_all_or_nothing(
    telegram: Rehearsal, visit: Visit, organiser: Member, bus2: dict[str, Member]
):
    putu = await telegram.join("Putu", Role.PARTICIPANT, visit.id, username="putu")
    bad = GROUPS_YAML.replace(b'"@putu"]\nbuddies', b'"@nobody"]\nbuddies')
    await organiser.send_document("groups.yaml", bad)
    answer = (await organiser.last_message()).text
    assert "tidak ada yang diubah" in answer and "@nobody bukan anggota" in answer
    assert "Bus 1" not in await telegram.services.audiences.groups.names(visit.id)

    await organiser.send_document("groups.yaml", GROUPS_YAML)
    diff = await organiser.last_message()
    assert "➕ Bus 1: 2 orang, ketua Tubagus" in diff.text
    assert "✏️ Bus 2: masuk Putu; keluar Sari" in diff.text
    assert "🤝 Sari + Putu" in diff.text
    await organiser.press("✅ Terapkan", diff)
    assert "Kelompok diperbarui" in (await organiser.last_message()).text
    groups = telegram.services.audiences.groups
    assert sorted(await groups.member_ids(visit.id, "Bus 2")) == sorted(
        [bus2["rani"].id, bus2["dimas"].id, putu.id]
    )
    assert await groups.buddy_of(visit.id, putu.id) == bus2["sari"].id
    await bus2["sari"].send("/mygroup")
    text = (await bus2["sari"].last_message()).text
    assert "Bus 1 (2 orang) — ketua: Tubagus" in text and "Buddy Anda: Putu" in text

    await organiser.send_document("groups.yaml", GROUPS_YAML)
    assert "sama dengan yang sudah ada" in (await organiser.last_message()).text
    csv_file = b"group,person,role\nBus 3,@rani_d,\nBus 3,@sari,leader\nBus 3,@dimas,driver\n"
    await organiser.send_document("groups.csv", csv_file)
    assert "Baris 4: role driver" in (await organiser.last_message()).text
    await organiser.send_document("groups.csv", csv_file.replace(b",driver", b","))
    await organiser.press("✖️ Batalkan")
    assert "Bus 3" not in await groups.names(visit.id)
