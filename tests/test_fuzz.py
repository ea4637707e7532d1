"""Thousands of random updates: no unhandled exception, the bot still answers, the file is sound."""

from __future__ import annotations

import logging
import random

import pytest

from sandbox.harness import Member, Rehearsal
from sandbox.users import SentMessage
from storage.roles import Role
from storage.visits import Visit

COMMANDS = [
    "/start",
    "/help",
    "/language",
    "/invite",
    "/invites",
    "/revoke",
    "/members",
    "/visit",
    "/newvisit",
    "/agenda",
    "/today",
    "/ask",
    "/profile",
    "/cancel",
]


def pressable(message: SentMessage) -> list[int]:
    """The positions of a message's callback buttons (not URL buttons)."""
    return [
        index
        for index, data in enumerate(message.button_data())
        if data is not None and not data.startswith(("http://", "https://", "tg://"))
    ]


def junk(rng: random.Random, longest: int = 60) -> str:
    """Any Unicode: letters, emoji, control characters, HTML, surrogates excluded."""
    pieces = []
    for _ in range(rng.randint(0, longest)):
        kind = rng.random()
        if kind < 0.5:
            pieces.append(chr(rng.randint(32, 0x2FFF)))
        elif kind < 0.7:
            pieces.append(chr(rng.randint(0x1F300, 0x1FAFF)))
        elif kind < 0.8:
            pieces.append(rng.choice(["<b>", "</i>", "&amp;", "<", ">", "&", "|", "\n", "\t"]))
        else:
            pieces.append(chr(rng.randint(0xE000, 0xFFFD)))
    return "".join(pieces)


@pytest.mark.no_flood_limits(
    reason="it throws 200 updates at once at the bot to find crashes, not to test pacing;"
    " at Telegram's pace each batch would wait minutes for its chats' turns"
)
async def test_two_thousand_random_updates(
    telegram: Rehearsal, visit: Visit, organiser: Member, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.ERROR)
    rng = random.Random(20251029)
    # Every command any feature registered, plus a few that no feature knows.
    commands = [f"/{name}" for name in telegram.services.menu.commands()] + COMMANDS
    people = [organiser.user]
    for number in range(5):
        people.append((await telegram.join(f"Fuzz{number}", Role.PARTICIPANT, visit.id)).user)
    people.append(telegram.person("Outsider", language="en").user)
    group = telegram.standin.group("Sesdilu 2025")
    last = 0
    for count in range(2000):
        user = rng.choice(people)
        action = rng.random()
        if action < 0.30:
            last = await user.send(junk(rng))
        elif action < 0.50:
            last = await user.send(f"{rng.choice(commands)} {junk(rng, 20)}".strip())
        elif action < 0.62 and user.messages:
            message = rng.choice(user.messages)
            last = await user.press_data(
                junk(rng, 30).encode()[:64].decode(errors="ignore") or "x", message
            )
        elif action < 0.68 and any(pressable(m) for m in user.messages):
            # URL buttons (a map pin) open a browser, not the bot: only callback buttons.
            message = rng.choice([m for m in user.messages if pressable(m)])
            last = await user.press(rng.choice(pressable(message)), message)
        elif action < 0.74:
            last = await user.send_sticker()
        elif action < 0.80:
            last = await user.share_location(rng.uniform(-90, 90), rng.uniform(-180, 180))
        elif action < 0.85:
            last = await user.send_document(
                f"{junk(rng, 8) or 'f'}.csv",
                rng.randbytes(rng.randint(0, 2000)),
                mime_type=rng.choice(["text/csv", "application/octet-stream", "image/png"]),
            )
        elif action < 0.88:
            last = await user.send_photo(rng.randbytes(200), caption=junk(rng, 20) or None)
        elif action < 0.94:
            last = await group.send(user, rng.choice([junk(rng), "/help", "/start x"]))
        else:
            last = await user.send("edit me")
            last = await user.edit_message(last, junk(rng) or "edited")
        telegram.live.sent(last)
        if count % 200 == 199:
            await telegram.settle()
    await telegram.settle()

    unhandled = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert unhandled == [], unhandled[0].getMessage() + (unhandled[0].exc_text or "")
    # The organiser may have pressed their way through /forgetme: any /help answer will do.
    await organiser.send("/help")
    assert "/help —" in (await organiser.last_message()).text
    assert await telegram.services.db.integrity_check() == "ok"
