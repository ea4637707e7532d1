"""The rehearsal the issue asks for: a safety check played in the terminal sandbox (`:clock`),
from the first message to the last escalation, in the demo visit's buses with their leaders
and buddies (docs/safety.md, "A rehearsal in the sandbox")."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from bot.clock import ManualClock
from sandbox.demo import seed_demo_visit
from sandbox.harness import Rehearsal
from sandbox.terminal import DEMO_START, Scene, demo_scene, play_line

ZONE = ZoneInfo("Asia/Jakarta")


@pytest.fixture
async def scene(telegram: Rehearsal) -> Scene:
    """The demo visit on the terminal's first morning."""
    assert isinstance(telegram.live.clock, ManualClock)
    await telegram.clock.move_to(DEMO_START)
    await seed_demo_visit(telegram.services)
    return demo_scene(telegram)


async def typed(scene: Scene, capsys: pytest.CaptureFixture[str], *lines: str) -> str:
    """Type lines into the terminal; what it printed."""
    capsys.readouterr()
    for line in lines:
        await play_line(scene, line, ZONE)
    return capsys.readouterr().out


async def test_the_demo_visit_has_buses_with_leaders_buddies_rooms_and_an_emergency_pack(
    scene: Scene, capsys
):
    shown = await typed(scene, capsys, "/mygroup")  # as Rani
    assert "Bus 1 (9 orang) — ketua: Tubagus Edwin Suchranudin" in shown
    assert "Buddy Anda: Bagus Santoso" in shown
    assert "Anda: 🛏 Kamar 201 · 🚌 Bus 1, kursi 1A" in shown
    shown = await typed(scene, capsys, ":as Ayu", "/mygroup")
    assert "Bus 2 (9 people) — you lead it" in shown  # Ayu reads English
    assert "Rizky Hidayat: 🛏 Room 205 · 🚌 Bus 2, seat 1A" in shown
    shown = await typed(scene, capsys, "/emergency")
    assert "RSUD Blambangan" in shown and "Puskesmas Licin" in shown


async def test_a_safety_check_from_the_first_message_to_the_last_escalation(scene: Scene, capsys):
    # The course director asks everyone; his terminal shows the live board.
    shown = await typed(scene, capsys, ":as Tubagus", "/safetycheck Gempa kecil, semua aman?")
    assert "Belum menjawab: 25 (dari 25)" in shown

    # Rani is safe; Bagus needs help (an SOS to his bus's leader and the organisers).
    shown = await typed(scene, capsys, ":as Rani")
    assert "Gempa kecil" in shown and "[1] ✅ Saya aman  [2] 🆘 Saya butuh bantuan" in shown
    await typed(scene, capsys, ":1")
    shown = await typed(scene, capsys, ":as Bagus", ":2")
    assert "bagikan lokasi" in shown
    await typed(scene, capsys, "Kaki terkilir di tangga hotel", "/cancel")
    shown = await typed(scene, capsys, ":as Tubagus")
    assert "Bagus Santoso butuh bantuan" in shown and "🏃 Saya tangani" in shown
    assert "Aman: 1 · Butuh bantuan: 1 · Belum menjawab: 23" in shown

    # Ten minutes of silence: the silent are asked a second time.
    shown = await typed(scene, capsys, ":clock +10m", ":as Dewi")
    assert "Pengingat kedua" in shown
    await typed(scene, capsys, ":as Hendra", ":1")  # Hendra answers the second message

    # Twenty minutes: leaders and buddies are asked to find those still silent.
    shown = await typed(scene, capsys, ":clock +10m", ":as Ayu")
    assert 'Rizky Hidayat has not answered "Are you safe?" for 20 minutes' in shown
    assert "Hendra Wijaya has not answered" not in shown
    shown = await typed(scene, capsys, ":as Arif")
    assert "Dewi Lestari belum menjawab" in shown, "Dewi's buddy is asked"
    shown = await typed(scene, capsys, ":as Tubagus")
    assert "Ketua & buddy diminta mencari" in shown
    assert "Emma Lindqvist (tanpa ketua/buddy!)" in shown
    # The board names each stage; moving on repeats nothing.
    before = len(scene.members[111].messages)
    await typed(scene, capsys, ":clock +30m")
    assert len(scene.members[111].messages) == before
