"""Creator profiles: the guided chat's steps and answers, review, search and introductions.

Nothing here needs Telegram: the handlers turn messages into calls and outcomes into texts
(`bot.creator_cards` writes those texts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import tzinfo
from enum import StrEnum
from typing import Any, TypeGuard
from urllib.parse import urlsplit

from bot.clock import Clock
from bot.exports import Table
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
from storage.dialogs import DialogState
from storage.people import PeopleStore

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
FEATURE = "creators"
# Dialog steps that are not part of the profile: an organiser's reason, an asker's note.
REASON, INTRO = "reason", "intro"
SUMMARY, EDIT = "summary", "edit"
# The steps answered with free text, and how long that text may be.
TEXT_LIMITS = {"name": NAME_MAX, "bio": BIO_MAX, REASON: REASON_MAX, INTRO: NOTE_MAX}
REVIEW_ACTIONS = {"ap": APPROVED, "rj": REJECTED, "ch": CHANGES}
DIALOG_VERBS = frozenset(
    {"cancel", "back", "d", "done", "skip", "yes", "no", "edit", "e", "submit"}
)
PREFIX = "cr:"
CALLBACK_MAX = 64

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


# -- the guided chat ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Answer:
    """What a message in the guided chat carried, as far as the steps care."""

    text: str | None = None
    location: tuple[float, float] | None = None
    phone: str | None = None  # from a shared contact
    photo: str | None = None  # the file_id of the largest size


@dataclass(frozen=True, slots=True)
class Hint:
    """A line shown before the step's question (why an answer was refused, a photo count)."""

    key: str
    values: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Move:
    """Store answers and ask the question of a step (None: the same step) again."""

    step: str | None
    data: dict[str, Any] = field(default_factory=dict)
    hint: Hint | None = None  # shown before the question
    in_place: bool = False  # redraw the pressed message instead of sending a new one


@dataclass(frozen=True, slots=True)
class Note:
    """An organiser's reason or an asker's note, ready to be used."""

    text: str


@dataclass(frozen=True, slots=True)
class Cancel:
    """End the chat; nothing is stored."""


@dataclass(frozen=True, slots=True)
class Submit:
    """Store the finished profile."""


Turn = Move | Hint | Note | Cancel | Submit


def refusal(problem: Invalid) -> Hint:
    """The hint for a refused answer."""
    return Hint(
        f"creators.bad.{problem.problem.value}",
        {"count": problem.detail, "limit": problem.limit, "detail": problem.detail},
    )


def is_profile_chat(state: DialogState | None) -> TypeGuard[DialogState]:
    """Whether a chat about the creator's own profile (not a reason or a note) is going on."""
    return state is not None and state.feature == FEATURE and state.step not in (REASON, INTRO)


def is_chat_button(state: DialogState | None, action: list[str]) -> bool:
    """Whether a button belongs to a creators chat in progress, not to the profile's buttons."""
    return (
        state is not None
        and state.feature == FEATURE
        and bool(action)
        and action[0] in DIALOG_VERBS
    )


def after(state: DialogState) -> str:
    """The step after the current one: the summary when editing a single field."""
    if state.data.get("editing") or state.step == STEPS[-1]:
        return SUMMARY
    return STEPS[STEPS.index(state.step) + 1]


def take_answer(state: DialogState, answer: Answer, username: str | None) -> Move | Hint | Note:
    """Check a message for the current step: what to store and where to go, or why not."""
    step = state.step
    if step in TEXT_LIMITS:
        if answer.text is None:
            return Hint("creators.hint.text")
        value = check_text(answer.text, TEXT_LIMITS[step])
        if isinstance(value, Invalid):
            return refusal(value)
        if step in (REASON, INTRO):
            return Note(value)
        return Move(after(state), {step: value})
    if step == "place":
        if answer.location is not None:
            latitude, longitude = answer.location
            return Move(
                after(state),
                {"place": "", "latitude": round(latitude, 5), "longitude": round(longitude, 5)},
            )
        if answer.text is None:
            return Hint("creators.hint.place")
        place = check_text(answer.text, PLACE_MAX)
        if isinstance(place, Invalid):
            return refusal(place)
        return Move(after(state), {"place": place, "latitude": None, "longitude": None})
    if step == "links":
        if answer.text is None:
            return Hint("creators.hint.text")
        links = check_links(answer.text)
        if isinstance(links, Invalid):
            return refusal(links)
        return Move(after(state), {"links": links})
    if step == "contact":
        text = answer.phone if answer.phone is not None else answer.text
        if text is None:
            return Hint("creators.hint.text")
        found = check_contact(text)
        if isinstance(found, Invalid):
            return refusal(found)
        return Move(
            after(state),
            {"username": username, "phone": found.get("phone"), "email": found.get("email")},
        )
    if step == "photos":
        if answer.photo is None:
            return Hint("creators.hint.photo")
        photos = list(state.data.get("photos") or [])
        if len(photos) >= PHOTOS_MAX:
            return Hint("creators.bad.too_many_photos", {"limit": PHOTOS_MAX})
        photos.append(answer.photo)
        added = Hint("creators.photo_added", {"count": len(photos), "limit": PHOTOS_MAX})
        return Move(None, {"photos": photos}, hint=added)
    # Steps answered with buttons: disciplines, consent, summary, edit.
    return Hint("creators.hint.choice")


def button_fits(action: list[str], state: DialogState, has_username: bool) -> bool:
    """Whether a chat button belongs to the current step (an old or forged one does not)."""
    step, verb, args = state.step, action[0], action[1:]
    if verb == "cancel":
        return not args
    if verb == "back":
        return not args and step not in (REASON, INTRO)
    wanted = {
        "d": (step == "disciplines" and len(args) == 1 and args[0] in DISCIPLINES),
        "done": step in ("disciplines", "photos") and not args,
        "skip": not args and (step == "links" or (step == "contact" and has_username)),
        "yes": step == "consent" and not args,
        "no": step == "consent" and not args,
        "edit": step == SUMMARY and not args,
        "e": step == EDIT and len(args) == 1 and args[0] in EDITABLE,
        "submit": step == SUMMARY and not args and bool(state.data.get("consent")),
    }
    return wanted.get(verb, False)


def press(state: DialogState | None, action: list[str], username: str | None) -> Turn | None:
    """What a button of the creators chat leads to; None when it is stale or forged."""
    if state is None or state.feature != FEATURE or not action:
        return None
    if not button_fits(action, state, bool(username)):
        return None
    step, verb = state.step, action[0]
    if verb == "cancel":
        return Cancel()
    if verb == "back":
        return back(state)
    if verb == "d":
        chosen = list(state.data.get("disciplines") or [])
        code = action[1]
        chosen = [c for c in chosen if c != code] if code in chosen else [*chosen, code]
        return Move(None, {"disciplines": chosen}, in_place=True)
    if verb == "done" and step == "disciplines":
        if not state.data.get("disciplines"):
            return Hint("creators.bad.no_discipline")
        return Move(after(state))
    if verb == "done":
        return Move(after(state), {"photos": state.data.get("photos") or []})
    if verb == "skip" and step == "links":
        return Move(after(state), {"links": []})
    if verb == "skip":
        return Move(after(state), {"username": username, "phone": None, "email": None})
    if verb == "yes":
        return Move(SUMMARY, {"consent": True})
    if verb == "no":
        return Hint("creators.no_consent")
    if verb == "edit":
        return Move(EDIT)
    if verb == "e" and action[1] == "photos":
        # New photos replace the old ones; Back brings the old ones back.
        photos = state.data.get("photos") or []
        return Move("photos", {"editing": True, "photos": [], "kept": photos})
    if verb == "e":
        return Move(action[1], {"editing": True})
    return Submit()


def back(state: DialogState) -> Move | Cancel:
    """One step back; to the summary when editing; the first step's Back cancels."""
    if state.step == "photos" and state.data.get("editing"):
        return Move(SUMMARY, {"editing": False, "photos": state.data.get("kept")})
    if state.step == EDIT or state.data.get("editing"):
        return Move(SUMMARY, {"editing": False})
    if state.step in STEPS and state.step != STEPS[0]:
        return Move(STEPS[STEPS.index(state.step) - 1])
    if state.step == SUMMARY:
        return Move(STEPS[-1])
    return Cancel()


# -- callback data: parsed here, and only here ----------------------------------------------


def parse(data: str | None) -> list[str]:
    """`cr:action:arg...` as [action, arg, ...]; [] for anything else."""
    if not data or not data.startswith(PREFIX):
        return []
    return data[len(PREFIX) :].split(":")


def number(value: str) -> int | None:
    """A positive id from callback data, or None when forged."""
    return int(value) if value.isdigit() and len(value) < 12 else None


def single_id(action: list[str]) -> int | None:
    """The id of a `cr:verb:ID` button, or None when forged."""
    return number(action[1]) if len(action) == 2 else None


def page_data(page: int, discipline: str | None, words: str) -> str:
    """Paging button data; long search words are cut to fit Telegram's 64 bytes."""
    head = f"{PREFIX}p:{page}:{discipline or '-'}:"
    room = CALLBACK_MAX - len(head.encode())
    cut = words.encode()[:room].decode(errors="ignore")
    return head + cut


@dataclass(frozen=True, slots=True)
class PageRequest:
    """A page of the directory: the words searched, the discipline and the page (from 0)."""

    words: str
    discipline: str | None
    page: int


def page_request(action: list[str]) -> PageRequest | None:
    """The page a discipline (`f`) or paging (`p`) button asks for; None for other buttons."""
    verb = action[0] if action else ""
    if verb == "f" and len(action) == 2 and (action[1] in DISCIPLINES or action[1] == "-"):
        return PageRequest("", None if action[1] == "-" else action[1], 0)
    page = number(action[1]) if verb == "p" and len(action) >= 4 else None
    if page is not None:
        discipline = action[2] if action[2] in DISCIPLINES else None
        return PageRequest(":".join(action[3:]), discipline, page)
    return None


@dataclass(frozen=True, slots=True)
class ReviewPress:
    """An organiser's Approve, Reject or Ask for changes under one revision of a profile."""

    profile_id: int
    revision: int
    status: str


def review_press(action: list[str]) -> ReviewPress | None:
    """The decision a review button asks for; None when forged."""
    if len(action) != 3 or action[0] not in REVIEW_ACTIONS:
        return None
    profile_id, revision = number(action[1]), number(action[2])
    if profile_id is None or revision is None:
        return None
    return ReviewPress(profile_id, revision, REVIEW_ACTIONS[action[0]])


def page_count(total: int) -> int:
    """How many directory pages `total` matches fill (at least one)."""
    return max(1, -(-total // PAGE_SIZE))


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
    approved_kept: bool = False  # an approved version stays in the directory during review


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
        kept = known is not None and known.approved is not None
        return Submitted(profile, SubmitOutcome.TO_REVIEW, approved_kept=kept)

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
                for key in ("name", "bio", "place", "phone", "email"):
                    mentions.append(str(version.get(key) or ""))
                mentions += [str(link) for link in version.get("links") or []]
                mentions += [str(photo) for photo in version.get("photos") or []]
        await self.store.forget(person_id)
        return mentions


@dataclass(frozen=True, slots=True)
class ListedIntroduction:
    """An introduction request with who asked (None once forgotten) and the creator's name."""

    introduction: Introduction
    asker: str | None
    creator: str


async def listed_introductions(
    creators: Creators, people: PeopleStore, visit_id: int
) -> list[ListedIntroduction]:
    """The visit's latest introduction requests, with the names an organiser reads."""
    listed = []
    for introduction in await creators.store.introductions(visit_id):
        asker = None
        if introduction.asker_id is not None:
            asker = await people.get(introduction.asker_id)
        profile = await creators.store.get(introduction.profile_id)
        creator = "" if profile is None else (profile.approved or profile.draft).get("name", "")
        listed.append(ListedIntroduction(introduction, asker.full_name if asker else None, creator))
    return listed


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


def creators_table(profiles: list[CreatorProfile], zone: tzinfo) -> Table:
    """The approved versions of profiles (bot.exports writes them as CSV or XLSX)."""
    rows = []
    for profile in profiles:
        data = profile.approved or {}
        rows.append(
            [
                data.get("name") or "",
                " ".join(data.get("disciplines") or []),
                data.get("bio") or "",
                data.get("place") or "",
                data.get("latitude"),
                data.get("longitude"),
                " ".join(data.get("links") or []),
                data.get("username") or "",
                data.get("phone") or "",
                data.get("email") or "",
                len(data.get("photos") or []),
                profile.approved_at,
            ]
        )
    return Table([*PROFILE_KEYS, "approved_at"], rows, zone, title="creators")
