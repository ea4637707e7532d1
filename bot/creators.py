"""Creator profiles: checking each answer of the guided chat, review, search and introductions.

Nothing here needs Telegram: the handlers turn messages into calls and outcomes into texts.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from bot.clock import Clock
from storage.creators import (
    ACCEPTED,
    APPROVED,
    ASKED,
    CHANGES,
    DECLINED,
    PENDING,
    REJECTED,
    CreatorProfile,
    CreatorStore,
    Introduction,
    SearchPage,
)

DISCIPLINES: tuple[str, ...] = (
    "batik",
    "craft",
    "music",
    "dance",
    "film",
    "design",
    "culinary",
    "digital",
    "other",
)
# The guided chat's steps, in order; the summary comes after the last.
STEPS: tuple[str, ...] = (
    "name",
    "disciplines",
    "bio",
    "place",
    "links",
    "contact",
    "photos",
    "consent",
)
EDITABLE: tuple[str, ...] = STEPS[:-1]
# What a stored profile holds (the contact step gives username, phone and e-mail).
PROFILE_KEYS: tuple[str, ...] = (
    "name",
    "disciplines",
    "bio",
    "place",
    "latitude",
    "longitude",
    "links",
    "username",
    "phone",
    "email",
    "photos",
)
# Changing these sends an approved profile back to review.
SUBSTANTIVE: tuple[str, ...] = ("name", "disciplines", "bio", "links")
NAME_MAX = 100
BIO_MAX = 500
PLACE_MAX = 120
LINKS_MAX = 5
LINK_MAX = 300
PHOTOS_MAX = 3
NOTE_MAX = 300
REASON_MAX = 500
PAGE_SIZE = 5

EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[A-Za-z]{2,}$")
PHONE = re.compile(r"^\+?[0-9][0-9 ()\-.]{5,22}$")
WORD = re.compile(r"\w+", re.UNICODE)


class Problem(StrEnum):
    """Why an answer was not taken; each is a text key `creators.bad.<value>`."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    BAD_LINK = "bad_link"
    TOO_MANY_LINKS = "too_many_links"
    BAD_CONTACT = "bad_contact"


@dataclass(frozen=True, slots=True)
class Invalid:
    """An answer that was refused, with what to show."""

    problem: Problem
    detail: str = ""
    limit: int = 0


def check_text(text: str, limit: int) -> str | Invalid:
    """A trimmed one-field answer, or why not."""
    value = text.strip()
    if not value:
        return Invalid(Problem.EMPTY)
    if len(value) > limit:
        return Invalid(Problem.TOO_LONG, str(len(value)), limit)
    return value


def is_web_link(value: str) -> bool:
    """An http(s) URL with a host that has a dot (no spaces, no other schemes)."""
    if len(value) > LINK_MAX or any(ch.isspace() for ch in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    host = parts.hostname or ""
    return parts.scheme in ("http", "https") and "." in host and not host.startswith(".")


def check_links(text: str) -> list[str] | Invalid:
    """Up to five http(s) links separated by spaces or new lines."""
    links = [word.strip() for word in re.split(r"[\s,]+", text) if word.strip()]
    if not links:
        return Invalid(Problem.EMPTY)
    if len(links) > LINKS_MAX:
        return Invalid(Problem.TOO_MANY_LINKS, str(len(links)), LINKS_MAX)
    for link in links:
        if not is_web_link(link):
            return Invalid(Problem.BAD_LINK, link[:80])
    return list(dict.fromkeys(links))


def check_contact(text: str) -> dict[str, str] | Invalid:
    """A phone number and/or an e-mail address, separated by commas or new lines."""
    found: dict[str, str] = {}
    parts = [part.strip() for part in re.split(r"[,;\n]+", text) if part.strip()]
    if not parts:
        return Invalid(Problem.EMPTY)
    for part in parts:
        if "@" in part:
            if not EMAIL.match(part) or len(part) > 120 or "email" in found:
                return Invalid(Problem.BAD_CONTACT, part[:80])
            found["email"] = part
        else:
            digits = sum(ch.isdigit() for ch in part)
            if not PHONE.match(part) or not 7 <= digits <= 15 or "phone" in found:
                return Invalid(Problem.BAD_CONTACT, part[:80])
            found["phone"] = part
    return found


def substantive_change(before: dict[str, Any] | None, after: dict[str, Any]) -> bool:
    """Whether an edit touches what organisers review (name, disciplines, bio, links)."""
    if before is None:
        return True
    return any(before.get(field) != after.get(field) for field in SUBSTANTIVE)


def search_query(words: str, discipline: str | None) -> str | None:
    """An FTS5 query: every word as a prefix in name, bio or place; and the discipline."""
    terms = [f'"{word}"*' for word in WORD.findall(words.lower())[:8]]
    parts = []
    if terms:
        parts.append("{name bio place} : (" + " AND ".join(terms) + ")")
    if discipline in DISCIPLINES:
        parts.append(f'disciplines : "{discipline}"')
    return " AND ".join(parts) if parts else None


class SubmitOutcome(StrEnum):
    """What a submission led to."""

    TO_REVIEW = "to_review"
    UPDATED = "updated"  # an approved profile changed only in non-reviewed fields


@dataclass(frozen=True, slots=True)
class Submitted:
    """A stored submission and whether organisers must review it."""

    profile: CreatorProfile
    outcome: SubmitOutcome


class Creators:
    """The rules of creator profiles: submit, review, search, introductions and forgetting."""

    def __init__(self, store: CreatorStore, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    async def profile(self, visit_id: int, person_id: int) -> CreatorProfile | None:
        """A creator's profile in a visit."""
        return await self.store.of_person(visit_id, person_id)

    async def submit(self, visit_id: int, person_id: int, data: dict[str, Any]) -> Submitted:
        """Store a finished profile; new or substantive changes wait for the organisers."""
        draft = {key: data.get(key) for key in PROFILE_KEYS}
        draft["consent"] = True
        known = await self.store.of_person(visit_id, person_id)
        now = self.clock.now()
        if (
            known is not None
            and known.status == APPROVED
            and not substantive_change(known.approved, draft)
        ):
            profile = await self.store.submit(
                visit_id, person_id, draft, APPROVED, now, approved=draft
            )
            return Submitted(profile, SubmitOutcome.UPDATED)
        profile = await self.store.submit(visit_id, person_id, draft, PENDING, now)
        return Submitted(profile, SubmitOutcome.TO_REVIEW)

    async def review(
        self, profile_id: int, revision: int, status: str, reviewer_id: int, note: str | None = None
    ) -> CreatorProfile | None:
        """Approve, reject or ask for changes; None when this revision is no longer pending."""
        assert status in (APPROVED, REJECTED, CHANGES)
        return await self.store.review(
            profile_id, revision, status, note, reviewer_id, self.clock.now()
        )

    async def delete(self, profile: CreatorProfile) -> None:
        """Remove a profile at its creator's request."""
        await self.store.delete(profile.id)

    async def search(
        self, visit_id: int, words: str, discipline: str | None, page: int
    ) -> SearchPage:
        """One page of approved profiles matching the words and discipline."""
        return await self.store.search(
            visit_id,
            search_query(words, discipline),
            limit=PAGE_SIZE,
            offset=max(0, page) * PAGE_SIZE,
        )

    async def ask_introduction(
        self, profile: CreatorProfile, asker_id: int, note: str
    ) -> int | None:
        """Record a request; None when the same request is still waiting."""
        return await self.store.add_introduction(
            profile.visit_id, profile.id, asker_id, note, self.clock.now()
        )

    async def answer_introduction(
        self, introduction: Introduction, creator_id: int, accept: bool
    ) -> bool:
        """The creator's answer; False when it is not theirs or was answered already."""
        if introduction.creator_id != creator_id or introduction.status != ASKED:
            return False
        status = ACCEPTED if accept else DECLINED
        return await self.store.answer_introduction(introduction.id, status, self.clock.now())

    async def forget(self, person_id: int) -> list[str]:
        """Erase what the creators feature keeps about a person; return what identified them."""
        mentions: list[str] = []
        for profile in await self.store.of_creator(person_id):
            for version in (profile.draft, profile.approved or {}):
                for field in ("name", "bio", "place", "phone", "email"):
                    mentions.append(str(version.get(field) or ""))
                mentions += [str(link) for link in version.get("links") or []]
                mentions += [str(photo) for photo in version.get("photos") or []]
        await self.store.forget(person_id)
        return mentions


__all__ = [
    "ACCEPTED",
    "APPROVED",
    "CHANGES",
    "DECLINED",
    "DISCIPLINES",
    "PENDING",
    "REJECTED",
    "Creators",
    "Invalid",
    "Problem",
]


def spreadsheet_cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = str(value or "")
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def creators_csv(profiles: list[CreatorProfile]) -> bytes:
    """The approved versions of profiles as a CSV file (UTF-8 with BOM, for spreadsheets)."""
    cell = spreadsheet_cell
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*PROFILE_KEYS, "approved_at"])
    for profile in profiles:
        data = profile.approved or {}
        writer.writerow(
            [
                cell(data.get("name")),
                " ".join(data.get("disciplines") or []),
                cell(data.get("bio")),
                cell(data.get("place")),
                data.get("latitude") or "",
                data.get("longitude") or "",
                " ".join(data.get("links") or []),
                cell(data.get("username")),
                cell(data.get("phone")),
                cell(data.get("email")),
                len(data.get("photos") or []),
                profile.approved_at.isoformat() if profile.approved_at else "",
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")
