"""Invites: unguessable codes, their options, links and QR codes, and redeeming them."""

from __future__ import annotations

import io
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import segno

from bot.clock import Clock
from storage.invites import Invite, InviteProblem, InviteStore, Redeemed, problem_with
from storage.roles import Role

# 12 random bytes = 96 bits, 16 URL-safe characters: well inside the 64-character /start payload.
CODE_BYTES = 12
INVITE_PREFIX = "i-"
DURATION = re.compile(r"^(\d{1,6})([a-z]+)$")
UNITS = {
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes", "menit"), "minutes"),
    **dict.fromkeys(("h", "hour", "hours", "jam"), "hours"),
    **dict.fromkeys(("d", "day", "days", "hari"), "days"),
    **dict.fromkeys(("w", "week", "weeks", "minggu"), "weeks"),
}
# An invite lives at least a minute (0d would be born expired) and at most a year.
SHORTEST = timedelta(minutes=1)
LONGEST = timedelta(days=366)
ROLE_WORDS = {
    "participant": Role.PARTICIPANT,
    "peserta": Role.PARTICIPANT,
    "partner": Role.PARTNER,
    "mitra": Role.PARTNER,
    "creator": Role.CREATOR,
    "kreator": Role.CREATOR,
    "organiser": Role.ORGANISER,
    "organizer": Role.ORGANISER,
    "panitia": Role.ORGANISER,
}


@dataclass(frozen=True, slots=True)
class InviteRequest:
    """What an organiser asked for: role, lifetime, number of uses and a label."""

    role: Role
    valid_for: timedelta | None = None
    max_uses: int | None = None
    label: str | None = None


class InviteOptionError(ValueError):
    """An option of /invite could not be read; `option` is the offending word and `problem`
    what is wrong with it (`unknown`, `duration`, `too_short`, `too_long`, `uses`)."""

    def __init__(self, option: str, problem: str = "unknown") -> None:
        super().__init__(option)
        self.option = option
        self.problem = problem


def parse_duration(word: str) -> timedelta | None:
    """`90m`, `12h`, `7d`, `7days`, `2w`, `3hari`... as a lifetime (None: not a duration).

    A word that starts with a number is meant as a duration: one that cannot be read, or is
    shorter than a minute or longer than a year, is an error rather than part of a label.
    """
    lowered = word.lower()
    if not lowered[:1].isdigit():
        return None
    found = DURATION.match(lowered)
    if found is None or found.group(2) not in UNITS:
        raise InviteOptionError(word, "duration")
    lifetime = timedelta(**{UNITS[found.group(2)]: int(found.group(1))})
    if lifetime < SHORTEST:
        raise InviteOptionError(word, "too_short")
    if lifetime > LONGEST:
        raise InviteOptionError(word, "too_long")
    return lifetime


def parse_invite_request(words: list[str]) -> InviteRequest:
    """Read `ROLE [7d] [uses=20] [label words...]`."""
    if not words or words[0].lower() not in ROLE_WORDS:
        raise InviteOptionError(words[0] if words else "")
    role = ROLE_WORDS[words[0].lower()]
    valid_for: timedelta | None = None
    max_uses: int | None = None
    label_words: list[str] = []
    for word in words[1:]:
        lowered = word.lower()
        duration = None if label_words else parse_duration(word)
        if duration is not None:
            if valid_for is not None:
                raise InviteOptionError(word, "twice")
            valid_for = duration
        elif lowered.startswith(("uses=", "max=")) and not label_words:
            number = lowered.split("=", 1)[1]
            if not number.isdigit() or not 1 <= int(number) <= 10_000:
                raise InviteOptionError(word, "uses")
            max_uses = int(number)
        else:
            label_words.append(word)
    label = " ".join(label_words)[:100] or None
    return InviteRequest(role, valid_for, max_uses, label)


def new_code() -> str:
    """A fresh random invite code."""
    return secrets.token_urlsafe(CODE_BYTES)


def start_link(bot_username: str, payload: str) -> str:
    """The t.me link that opens the bot with a /start payload."""
    return f"https://t.me/{bot_username}?start={payload}"


def qr_png(link: str) -> bytes:
    """A PNG QR code of a link, large enough to scan from a printed page."""
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=10, border=4)
    return buffer.getvalue()


class Invites:
    """Creating, listing, revoking and redeeming invites."""

    def __init__(self, store: InviteStore, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    async def create(self, visit_id: int, request: InviteRequest, created_by: int | None) -> Invite:
        """Store a new invite for a visit."""
        now = self.clock.now()
        return await self.store.create(
            code=new_code(),
            visit_id=visit_id,
            role=request.role,
            created_by=created_by,
            now=now,
            expires_at=None if request.valid_for is None else now + request.valid_for,
            max_uses=request.max_uses,
            label=request.label,
        )

    @staticmethod
    def payload(invite: Invite) -> str:
        """The /start payload of an invite."""
        return INVITE_PREFIX + invite.code

    async def redeem(self, code: str, person_id: int) -> Redeemed | InviteProblem:
        """Enrol a person with a code, or say why the code cannot be used."""
        return await self.store.redeem(code, person_id, self.clock.now())

    async def of_visit(self, visit_id: int) -> list[Invite]:
        """Every invite of a visit."""
        return await self.store.of_visit(visit_id)

    async def revoke(self, visit_id: int, code: str) -> bool:
        """Revoke an invite; True if it was active."""
        return await self.store.revoke(visit_id, code.removeprefix(INVITE_PREFIX), self.clock.now())

    def problem(self, invite: Invite, now: datetime | None = None) -> InviteProblem | None:
        """Why an invite cannot be used now, or None."""
        return problem_with(invite, now or self.clock.now())
