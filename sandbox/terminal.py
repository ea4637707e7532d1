"""The sandbox run: the stand-in, the real bot pointed at it, the demo visit, and a terminal chat.

You type as a member of the demo visit; lines starting with ':' are meta-commands:

    :as NAME         speak as another persona (:who lists them)
    :who             list the personas and their roles
    :N               press button N of the latest message with buttons
    :loc LAT LON     share a location
    :file PATH       send a file (an agenda, a photo...)
    :clock +2h30m    move the clock forward (or :clock 2025-10-30 08:50, in the visit's zone)
    :quit            leave (end of input does the same)

Works with piped input too: `printf '/start\\n/help\\n' | make run` prints the answers.
"""

from __future__ import annotations

import asyncio
import logging
import mimetypes
import re
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.clock import ManualClock
from config import Settings
from sandbox.demo import PERSONAS, Persona, seed_demo_visit
from sandbox.harness import TOKEN, LiveBot, Member, Rehearsal, settings_for
from sandbox.limits import RateLimits
from sandbox.standin import TelegramStandIn
from sandbox.users import SentMessage

# The rehearsal starts on the morning of the first day of the demo visit, 07:00 in Banyuwangi.
DEMO_START = datetime(2025, 10, 29, 0, 0, tzinfo=UTC)
DURATION = re.compile(r"^\+((?:\d+[dhm])+)$")
DURATION_PART = re.compile(r"(\d+)([dhm])")


def run_sandbox(settings: Settings) -> int:
    """Run the terminal chat until :quit or end of input; returns the exit code."""
    # The chat is the show here: only warnings and worse go to stderr unless asked for more.
    logging.getLogger().setLevel(max(settings.log_level_number, logging.WARNING))
    try:
        return asyncio.run(_chat(settings))
    except KeyboardInterrupt:
        return 0


async def _chat(settings: Settings) -> int:
    database = settings.database_path.with_name("sandbox.sqlite3")
    standin = TelegramStandIn(token=TOKEN, limits=RateLimits())  # Telegram's limits, as on Telegram
    await standin.start()
    sandbox_settings = settings_for(
        standin,
        database,
        organiser_ids=[p.id for p in PERSONAS if p.role.value == "organiser"],
        log_level=settings.log_level,
        timezone=settings.timezone,
        backup_every_hours=0,  # a demo database on a demo clock: nothing worth backing up
    )
    live = LiveBot(standin, sandbox_settings, ManualClock(DEMO_START))
    await live.start()
    world = Rehearsal(standin, live)
    visit = await seed_demo_visit(live.services)
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
    current = next(p for p in PERSONAS if p.role.value == "participant")
    seen: dict[int, Seen] = {}
    interactive = sys.stdin.isatty()
    _say(f"Rombongan sandbox — {visit.title}. You are {_name(current)} ({current.role.value}).")
    _say("Type as that person; :who lists personas, :as NAME switches, :quit leaves.")
    try:
        while True:
            if interactive:
                print(f"{current.first_name}> ", end="", flush=True)
            line = await asyncio.to_thread(sys.stdin.readline)
            if not line:
                break
            line = line.strip()
            if not line:
                continue
            member = members[current.id]
            if line.startswith(":"):
                outcome = await _meta(line, world, members, current, ZoneInfo(visit.timezone))
                if outcome == "quit":
                    break
                if isinstance(outcome, Persona):
                    current = outcome
                    _say(f"Now speaking as {_name(current)} ({current.role.value}).")
                    # What reached this persona while someone else was speaking.
                    _show_news(members[current.id], seen.setdefault(current.id, Seen()))
                    continue
            else:
                await member.send(line)
            await live.settle()
            _show_news(member, seen.setdefault(current.id, Seen()))
    finally:
        await world.close()
    return 0


async def _meta(
    line: str, world: Rehearsal, members: dict[int, Member], current: Persona, zone: ZoneInfo
) -> str | Persona | None:
    command, _, rest = line[1:].partition(" ")
    rest = rest.strip()
    member = members[current.id]
    if command in ("quit", "q", "exit"):
        return "quit"
    if command == "who":
        for persona in PERSONAS:
            mark = "*" if persona.id == current.id else " "
            _say(f"{mark} {_name(persona):28} {persona.role.value:12} {persona.language}")
        return None
    if command == "as":
        wanted = rest.lower()
        for persona in PERSONAS:
            if _name(persona).lower().startswith(wanted) or (persona.username or "") == wanted:
                return persona
        _say(f"no persona called {rest!r}; :who lists them")
        return None
    if command.isdigit():
        try:
            await member.press(int(command) - 1)
        except (AssertionError, IndexError) as problem:
            _say(f"cannot press {command}: {problem}")
        return None
    if command == "loc":
        try:
            latitude, longitude = (float(part) for part in rest.split())
        except ValueError:
            _say("usage: :loc LAT LON")
            return None
        await member.share_location(latitude, longitude)
        return None
    if command == "file":
        path = Path(rest).expanduser()
        if not path.is_file():
            _say(f"no file at {path}")
            return None
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if kind.startswith("image/"):
            await member.send_photo(path.read_bytes())
        else:
            await member.send_document(path.name, path.read_bytes(), mime_type=kind)
        return None
    if command == "clock":
        await _move_clock(world, rest, zone)
        return None
    _say(f"unknown meta-command :{command}")
    return None


async def _move_clock(world: Rehearsal, value: str, zone: ZoneInfo) -> None:
    clock = world.clock
    step = DURATION.match(value)
    try:
        if step:
            units = {"m": "minutes", "h": "hours", "d": "days"}
            delta = sum(
                (
                    timedelta(**{units[unit]: int(number)})
                    for number, unit in DURATION_PART.findall(step.group(1))
                ),
                timedelta(),
            )
            target = clock.now() + delta
        else:
            target = datetime.strptime(value, "%Y-%m-%d %H:%M").replace(tzinfo=zone)
        await world.move_clock_to(target)
    except ValueError as problem:
        _say(f"cannot move the clock: {problem} (use +2h or YYYY-MM-DD HH:MM)")
        return
    _say(f"clock: {clock.now().astimezone(zone):%Y-%m-%d %H:%M %Z}")


@dataclass
class Seen:
    """How much of a persona's chat the terminal has shown: messages, their edits, pop-ups."""

    messages: int = 0
    edits: dict[int, int] = field(default_factory=dict)
    answers: int = 0


def _show_news(member: Member, seen: Seen) -> None:
    for index, message in enumerate(member.messages):
        if index >= seen.messages or len(message.edit_history) != seen.edits.get(index, 0):
            _show(message)
        seen.edits[index] = len(message.edit_history)
    seen.messages = len(member.messages)
    for answer in member.user.callback_answers[seen.answers :]:
        if answer.text:
            _say(f"bot (pop-up) › {answer.text}")
    seen.answers = len(member.user.callback_answers)


def _show(message: SentMessage) -> None:
    if message.deleted:
        return
    prefix = "bot (edited)" if message.edited else "bot"
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
