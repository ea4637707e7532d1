"""The sandbox's terminal chat shows everything: stories typed line by line into the demo visit."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.clock import ManualClock
from config import Settings
from sandbox.demo import seed_demo_visit
from sandbox.harness import Rehearsal
from sandbox.terminal import DEMO_START, Scene, demo_scene, play_line

ROOT = Path(__file__).resolve().parents[1]
ZONE = ZoneInfo("Asia/Jakarta")


@pytest.fixture
async def scene(telegram: Rehearsal) -> Scene:
    """The demo visit on the terminal's first morning, played as Rani."""
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


def numbered(output: str, number: int) -> str:
    """The printed bot message #number (its first line), as the terminal showed it."""
    found = re.search(rf"^bot #{number}\b.*$", output, flags=re.MULTILINE)
    assert found, output
    return found.group(0)


async def test_an_edit_of_only_the_buttons_is_printed(scene: Scene, capsys):
    bot = scene.world.live.application.bot
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup

    def buttons(count: int) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[InlineKeyboardButton(f"👍 {count}", callback_data="x")]])

    sent = await bot.send_message(scene.member.id, "Pertanyaan #1", reply_markup=buttons(0))
    assert "[1] 👍 0" in await typed(scene, capsys, ":clock")
    await bot.edit_message_reply_markup(scene.member.id, sent.message_id, reply_markup=buttons(1))
    shown = await typed(scene, capsys, ":clock")
    assert "bot #1 (edited) › Pertanyaan #1" in shown and "[1] 👍 1" in shown


async def test_a_button_of_an_older_message_can_be_pressed(scene: Scene, capsys):
    shown = await typed(scene, capsys, "/today", "/agenda 2025-10-30")
    assert "Rabu, 29 Oktober 2025" in numbered(shown, 1)
    assert "Kamis, 30 Oktober 2025" in numbered(shown, 2)
    # :1.1 is the first button of message #1 (29 October), not of the newest message.
    assert "Pembukaan" in numbered(await typed(scene, capsys, ":1.1"), 3)
    assert "Kemiren" in numbered(await typed(scene, capsys, ":2.1"), 4)
    assert "no message #9" in await typed(scene, capsys, ":9.1")


async def test_a_reply_to_an_earlier_message_reaches_the_bot_as_a_reply(scene: Scene, capsys):
    await typed(scene, capsys, ":as Tubagus", "/moderation off", ":as Rani", "/ask")
    choices = scene.member.messages[-1].button_texts()
    number = choices.index("🤝 Nordic Design Lab") + 1
    await typed(scene, capsys, f":{number}", "Bagaimana lab Anda memilih perajin mitra?")
    await typed(scene, capsys, ":1", ":1")  # show my name, then send
    emma = await typed(scene, capsys, ":as emma")
    card = re.search(r"^bot #(\d+) › ❓ Question #1", emma, flags=re.MULTILINE)
    assert card, emma
    await typed(scene, capsys, f":reply {card.group(1)} Lewat pameran tahunan kami.")
    [question] = await scene.world.services.questions.store.of_visit(1)
    assert question.state == "answered" and question.answer == "Lewat pameran tahunan kami."


async def test_a_file_takes_a_caption(scene: Scene, capsys):
    # The README's example roster, loaded as it says.
    shown = await typed(
        scene, capsys, ":as Tubagus", f":file {ROOT / 'sandbox' / 'demo_roster.csv'} /roster"
    )
    assert "Daftar dimuat: 5 baru" in shown and "Putu Ayu Lestari — peserta, Bus 1" in shown


async def test_a_group_chat_can_be_played(scene: Scene, capsys):
    shown = await typed(scene, capsys, ":as Tubagus", ":group", "/linkgroup")
    assert "bot (group) #1 › Grup ini ditautkan" in shown
    shown = await typed(scene, capsys, ":private", "/help")
    assert "Back in the private chat." in shown and "bot #1 ›" in shown


async def test_as_without_a_name_lists_the_personas_and_names_match_without_accents(
    scene: Scene, capsys
):
    listed = await typed(scene, capsys, ":as")
    assert "Tubagus Edwin Suchranudin" in listed and "choose one with :as NAME" in listed
    assert scene.persona.first_name == "Rani"  # nobody was chosen silently
    assert "Now speaking as Amélie Laurent (partner)" in await typed(scene, capsys, ":as amelie")
    assert "several personas match 's'" in await typed(scene, capsys, ":as s")


async def test_clock_errors_are_one_plain_line(scene: Scene, capsys):
    for line, expected in (
        (":clock yesterday", "cannot move the clock to 'yesterday': write +2h30m"),
        (":clock 2025-10-28 08:00", "the clock does not go back: it is 2025-10-29 07:00 WIB"),
        (":clock +99999d", "the clock moves at most 14 days at a time"),
    ):
        printed = await typed(scene, capsys, line)
        assert printed.startswith(expected) and printed.count("\n") == 1, printed
    assert scene.world.clock.now() == DEMO_START


async def test_the_demo_has_partners_with_representatives_and_approved_creators(
    scene: Scene, capsys
):
    partners = await typed(scene, capsys, "/partners")
    assert "Nordic Design Lab" in partners and "Asia Screen Fund" in partners
    services = scene.world.services
    organisation = await services.partners.partner_of(1, 201)
    assert organisation is not None and organisation.name == "Nordic Design Lab"
    creators = await typed(scene, capsys, "/creators kemiren")
    assert "Joko Kopi Kemiren" in creators


def test_output_cut_short_ends_quietly(tmp_path: Path):
    # `make run | head`: the reader goes away after a few lines.
    environment = {k: v for k, v in os.environ.items() if k.upper() != "BOT_TOKEN"}
    environment["DATABASE_PATH"] = str(tmp_path / "rombongan.sqlite3")
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "sandbox"],
        cwd=ROOT,
        env=environment,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write("/help\n/agenda\n" * 5)
    process.stdin.close()
    process.stdout.readline()
    process.stdout.close()
    assert process.wait(timeout=60) == 0
    assert process.stderr is not None
    errors = process.stderr.read()
    assert "Traceback" not in errors and "BrokenPipe" not in errors, errors


def test_the_readme_says_how_to_reset_the_sandbox():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    reset = re.search(r"rm -f (\S+)\*", readme)
    assert reset, "the README names the sandbox database to delete"
    default = Settings(_env_file=None).database_path  # type: ignore[call-arg]
    assert Path(reset.group(1)) == default.with_name("sandbox.sqlite3")


async def test_a_reflection_answered_with_a_voice_note_typed_as_voice(scene: Scene, capsys):
    # Rani, in the terminal, at 20:01 on the first evening: the invitation, then a voice note.
    shown = await typed(scene, capsys, ":clock 2025-10-29 20:01", ":1")
    assert "(1/3)" in shown
    shown = await typed(scene, capsys, ":voice 42")
    assert "(2/3)" in shown
    [stored] = await scene.world.services.learning.store.reflections_of(1, scene.member.id)
    assert stored.answers["happened"].seconds == 42
    assert "usage: :voice SECONDS" in await typed(scene, capsys, ":voice soon")
