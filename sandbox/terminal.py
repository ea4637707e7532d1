"""The sandbox run: the stand-in, the real bot pointed at it, the demo visit, and a terminal chat.

You type as a member of the demo visit; lines starting with ':' are meta-commands:

    :as NAME         speak as another persona (`:as` alone lists them; accents optional)
    :who             list the personas and their roles
    :N               press button N of the latest message with buttons
    :M.N             press button N of message #M (every bot message shows its #number)
    :reply M TEXT    answer message #M with a reply
    :loc LAT LON     share a location
    :voice SECONDS   send a voice note of that length (answers a /reflect prompt)
    :file PATH [CAPTION]  send a file (an agenda, a roster with the caption /roster, a photo...)
    :group           play in the visit's group chat (as the current persona); :private returns
    :clock +2h30m    move the clock forward (or :clock 2025-10-30 08:50, in the visit's zone)
    :quit            leave (end of input does the same)

Works with piped input too: `printf '/start\\n/help\\n' | make run` prints the answers, and
`make run | head` stops quietly. To start over, delete the sandbox's database
(`rm data/sandbox.sqlite3*`).
"""

from __future__ import annotations

import asyncio
import logging
import mimetypes
import os
import re
import shlex
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.clock import ManualClock
from config import Settings
from sandbox.demo import PERSONAS, Persona, seed_demo_visit
from sandbox.harness import TOKEN, LiveBot, Member, Rehearsal, free_port, settings_for
from sandbox.limits import RateLimits
from sandbox.standin import TelegramStandIn
from sandbox.users import ChatView, SentMessage, SimulatedGroup

# The rehearsal starts on the morning of the first day of the demo visit, 07:00 in Banyuwangi.
DEMO_START = datetime(2025, 10, 29, 0, 0, tzinfo=UTC)
DURATION = re.compile(r"^\+((?:\d{1,6}[dhm])+)$")
DURATION_PART = re.compile(r"(\d+)([dhm])")
# Living through more than this at once takes long and is rarely meant.
LONGEST_CLOCK_MOVE = timedelta(days=14)
GROUP_TITLE = "Sesdilu Banyuwangi 2025"


def run_sandbox(settings: Settings) -> int:
    """Run the terminal chat until :quit or end of input; returns the exit code."""
    # The chat is the show here: only warnings and worse go to stderr unless asked for more.
    logging.getLogger().setLevel(max(settings.log_level_number, logging.WARNING))
    try:
        return asyncio.run(_chat(settings))
    except KeyboardInterrupt:
        return 0
    except BrokenPipeError:
        # The reader went away (`make run | head`): stop quietly, as command-line tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


@dataclass
class Seen:
    """What the terminal has shown of one chat: each message as it looked, and the pop-ups."""

    shown: dict[int, tuple[object, ...]] = field(default_factory=dict)
    answers: int = 0


@dataclass
class Scene:
    """Who is speaking, and where: their private chat, or the visit's group chat."""

    persona: Persona
    members: dict[int, Member]
    world: Rehearsal
    group: SimulatedGroup | None = None
    in_group: bool = False
    seen: dict[int, Seen] = field(default_factory=dict)

    @property
    def member(self) -> Member:
        """The simulated user of the current persona."""
        return self.members[self.persona.id]

    @property
    def view(self) -> ChatView:
        """The chat being played: the group, or the persona's private chat."""
        return self.group if self.in_group and self.group is not None else self.member.user

    def show_news(self) -> None:
        """Print what is new in the chat being played (and, in the group, the private chat)."""
        views: list[ChatView] = [self.member.user]
        if self.in_group and self.group is not None:
            views.insert(0, self.group)
        for view in views:
            _show_news(view, self.seen.setdefault(view.chat_id, Seen()), view is self.group)
        answers = self.member.user.callback_answers
        seen = self.seen.setdefault(self.member.id, Seen())
        for answer in answers[seen.answers :]:
            if answer.text:
                _say(f"bot (pop-up) › {answer.text}")
        seen.answers = len(answers)


def demo_scene(world: Rehearsal) -> Scene:
    """Every persona of the demo visit on Telegram, speaking as the first participant."""
    members = {
        persona.id: world.person(
            persona.first_name,
            last_name=persona.last_name,
            language=persona.language,
            username=persona.username,
            user_id=persona.id,
        )
        for persona in PERSONAS
    }
    for member in members.values():
        member.user.started = True  # the demo people pressed Start long ago
    return Scene(next(p for p in PERSONAS if p.role.value == "participant"), members, world)


# Tubagus, the course director: the demo's screen link is his.
ORGANISER_PERSONA = next(p.id for p in PERSONAS if p.role.value == "organiser")


async def _chat(settings: Settings) -> int:
    database = settings.database_path.with_name("sandbox.sqlite3")
    standin = TelegramStandIn(token=TOKEN, limits=RateLimits())  # Telegram's limits, as on Telegram
    await standin.start()
    # The room's screen on this machine: WALL_PORT if set, else any free port.
    wall_port = settings.wall_port or free_port()
    sandbox_settings = settings_for(
        standin,
        database,
        organiser_ids=[p.id for p in PERSONAS if p.role.value == "organiser"],
        log_level=settings.log_level,
        timezone=settings.timezone,
        backup_every_hours=0,  # a demo database on a demo clock: nothing worth backing up
        wall_port=wall_port,
        wall_url=settings.wall_url or f"http://127.0.0.1:{wall_port}",
    )
    live = LiveBot(standin, sandbox_settings, ManualClock(DEMO_START))
    await live.start()
    world = Rehearsal(standin, live)
    # Whatever ends the chat (a reader gone away included), the bot and its database close.
    try:
        visit = await seed_demo_visit(live.services)
        scene = demo_scene(world)
        interactive = sys.stdin.isatty()
        _say(f"Rombongan sandbox — {visit.title}. You are {_name(scene.persona)}.")
        _say("Type as that person; :who lists personas, :as NAME switches, :quit leaves.")
        screen = await live.services.wall.create_link(visit, None, ORGANISER_PERSONA)
        _say(f"The room's screen (open it in a browser while you chat): {screen.url}")
        while True:
            if interactive:
                where = "@group" if scene.in_group else ""
                print(f"{scene.persona.first_name}{where}> ", end="", flush=True)
            line = await asyncio.to_thread(sys.stdin.readline)
            if not line:
                break
            if await play_line(scene, line, ZoneInfo(visit.timezone)) == "quit":
                break
    finally:
        await world.close()
    return 0


async def play_line(scene: Scene, line: str, zone: ZoneInfo) -> str | None:
    """One typed line: a meta-command, or a message from the persona; then what is new."""
    line = line.strip()
    if not line:
        return None
    if line.startswith(":"):
        if await _meta(line, scene, zone) == "quit":
            return "quit"
    elif scene.in_group and scene.group is not None:
        await scene.group.send(scene.member.user, line)
    else:
        await scene.member.send(line)
    await scene.world.settle()
    scene.show_news()
    return None


async def _meta(line: str, scene: Scene, zone: ZoneInfo) -> str | None:
    command, _, rest = line[1:].partition(" ")
    rest = rest.strip()
    user = scene.member.user
    if command in ("quit", "q", "exit"):
        return "quit"
    if command == "who" or (command == "as" and not rest):
        for persona in PERSONAS:
            mark = "*" if persona.id == scene.persona.id else " "
            _say(f"{mark} {_name(persona):28} {persona.role.value:12} {persona.language}")
        if command == "as":
            _say("choose one with :as NAME (e.g. :as Tubagus)")
        return None
    if command == "as":
        found = find_persona(rest)
        if isinstance(found, Persona):
            scene.persona = found
            place = " in the group" if scene.in_group else ""
            _say(f"Now speaking as {_name(found)} ({found.role.value}){place}.")
        elif found:
            _say(f"several personas match {rest!r}: {', '.join(_name(p) for p in found)}")
        else:
            _say(f"no persona called {rest!r}; :who lists them")
        return None
    if command in ("group", "private"):
        if command == "group" and scene.group is None:
            scene.group = scene.world.standin.group(GROUP_TITLE)
            _say(f"The group chat {GROUP_TITLE!r} (the bot is in it). :private returns.")
        scene.in_group = command == "group"
        _say("In the group chat." if scene.in_group else "Back in the private chat.")
        return None
    pressed = re.fullmatch(r"(?:(\d+)\.)?(\d+)", command)
    if pressed:
        await _press(scene, pressed.group(1), int(pressed.group(2)))
        return None
    if command == "reply":
        number, _, text = rest.partition(" ")
        target = _message(scene.view, number)
        if target is None or not text.strip():
            _say("usage: :reply M TEXT (M: the #number of a bot message in this chat)")
        elif isinstance(scene.view, SimulatedGroup):
            await scene.view.reply_to(user, target, text.strip())
        else:
            await user.reply_to(target, text.strip())
        return None
    if command in ("loc", "file", "voice") and scene.in_group:
        _say(f":{command} works in the private chat only (:private)")
        return None
    if command == "loc":
        try:
            latitude, longitude = (float(part) for part in rest.split())
        except ValueError:
            _say("usage: :loc LAT LON")
            return None
        await user.share_location(latitude, longitude)
        return None
    if command == "file":
        await _send_file(scene, rest)
        return None
    if command == "voice":
        if not rest.isdigit() or not 1 <= int(rest) <= 3600:
            _say("usage: :voice SECONDS (a voice note of that length, e.g. for /reflect)")
            return None
        await user.send_voice(b"OggS sandbox voice note", int(rest))
        return None
    if command == "clock":
        await _move_clock(scene.world, rest, zone)
        return None
    _say(f"unknown meta-command :{command}")
    return None


def find_persona(wanted: str) -> Persona | list[Persona]:
    """The persona a name starts (accents and case do not count), or every candidate."""
    key = fold(wanted)
    matches = [
        persona
        for persona in PERSONAS
        if fold(_name(persona)).startswith(key) or fold(persona.username or "") == key
    ]
    exact = [p for p in matches if fold(p.first_name) == key or fold(_name(p)) == key]
    if len(exact) == 1 or len(matches) == 1:
        return (exact or matches)[0]
    return matches


def fold(text: str) -> str:
    """Lower case without accents: 'Amélie' -> 'amelie'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def _message(view: ChatView, number: str) -> SentMessage | None:
    messages = view.messages
    if not number.isdigit() or not 1 <= int(number) <= len(messages):
        return None
    return messages[int(number) - 1]


async def _press(scene: Scene, message_number: str | None, button: int) -> None:
    view, user = scene.view, scene.member.user
    target = None
    if message_number is not None:
        target = _message(view, message_number)
        if target is None:
            _say(f"no message #{message_number} in this chat")
            return
    try:
        if isinstance(view, SimulatedGroup):
            await view.press(user, button - 1, target)
        else:
            await user.press(button - 1, target)
    except (AssertionError, IndexError) as problem:
        _say(f"cannot press {button}: {problem}")


async def _send_file(scene: Scene, rest: str) -> None:
    try:
        words = shlex.split(rest)
    except ValueError:
        words = rest.split()
    if not words:
        _say("usage: :file PATH [CAPTION]")
        return
    path, caption = Path(words[0]).expanduser(), " ".join(words[1:]) or None
    if not path.is_file():
        _say(f"no file at {path}")
        return
    user = scene.member.user
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if kind.startswith("image/"):
        await user.send_photo(path.read_bytes(), caption)
    else:
        await user.send_document(path.name, path.read_bytes(), mime_type=kind, caption=caption)


async def _move_clock(world: Rehearsal, value: str, zone: ZoneInfo) -> None:
    clock = world.clock
    now = clock.now()
    if value:
        step = DURATION.match(value.replace(" ", ""))
        if step:
            units = {"m": "minutes", "h": "hours", "d": "days"}
            delta = sum(
                (
                    timedelta(**{units[unit]: int(number)})
                    for number, unit in DURATION_PART.findall(step.group(1))
                ),
                timedelta(),
            )
            target = now + delta
        else:
            try:
                target = datetime.strptime(value, "%Y-%m-%d %H:%M").replace(tzinfo=zone)
            except ValueError:
                _say(f"cannot move the clock to {value!r}: write +2h30m, +1d or 2025-10-30 08:50")
                return
        if target < now:
            _say(f"the clock does not go back: it is {now.astimezone(zone):%Y-%m-%d %H:%M %Z}")
            return
        if target - now > LONGEST_CLOCK_MOVE:
            _say(f"the clock moves at most {LONGEST_CLOCK_MOVE.days} days at a time")
            return
        await world.move_clock_to(target)
    _say(f"clock: {clock.now().astimezone(zone):%Y-%m-%d %H:%M %Z}")


def _show_news(view: ChatView, seen: Seen, in_group: bool) -> None:
    """Print each message that is new or looks different (text, buttons, deleted)."""
    numbers = {message.message_id: index + 1 for index, message in enumerate(view.messages)}
    for index, message in enumerate(view.messages):
        looks = (message.content, tuple(map(tuple, message.buttons)), message.deleted)
        before = seen.shown.get(index)
        if before != looks:
            answers = numbers.get(message.reply_to_message_id or 0)
            _show(index + 1, message, edited=before is not None, in_group=in_group, answers=answers)
        seen.shown[index] = looks


def _show(
    number: int, message: SentMessage, *, edited: bool, in_group: bool, answers: int | None
) -> None:
    where = " (group)" if in_group else ""
    if message.deleted:
        _say(f"bot{where} #{number} (deleted)")
        return
    prefix = f"bot{where} #{number}" + (" (edited)" if edited else "")
    if answers is not None:
        prefix += f" (reply to #{answers})"
    if message.photo is not None:
        _say(f"{prefix} › [photo] {message.caption or ''}")
    elif message.document is not None:
        _say(f"{prefix} › [file {message.filename}] {message.caption or ''}")
    elif message.venue is not None:
        _say(f"{prefix} › [venue] {message.venue.get('title')}, {message.venue.get('address')}")
    elif message.location is not None:
        _say(
            f"{prefix} › [location] {message.location.get('latitude')}, "
            f"{message.location.get('longitude')}"
        )
    else:
        _say(f"{prefix} › {message.text}")
    number = 0
    for row in message.buttons:
        cells = []
        for text, _ in row:
            number += 1
            cells.append(f"[{number}] {text}")
        _say("      " + "  ".join(cells))


def _name(persona: Persona) -> str:
    return " ".join(part for part in (persona.first_name, persona.last_name) if part)


def _say(text: str) -> None:
    print(text, flush=True)
