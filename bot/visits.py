"""Visits: creating one with checked values, and the settings every visit carries."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.clock import Clock
from bot.i18n import LANGUAGES
from storage.people import PeopleStore
from storage.roles import Role
from storage.visits import Visit, VisitStore

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")
TITLE_LIMIT = 200


class VisitProblem(ValueError):
    """A visit could not be created; the message says why, in English, for logs and the CLI."""


@dataclass(frozen=True, slots=True)
class NewVisit:
    """The checked values of a visit to create."""

    slug: str
    title: str
    region: str
    timezone: str
    first_day: date
    last_day: date
    language: str


def check_new_visit(
    *,
    slug: str,
    title: str,
    region: str,
    first_day: str,
    last_day: str,
    timezone: str,
    language: str,
) -> NewVisit:
    """Validate the values of a new visit, raising `VisitProblem` with the first problem."""
    slug = slug.strip().lower()
    if not SLUG_PATTERN.match(slug):
        raise VisitProblem("the code must be 2-40 lowercase letters, digits or dashes")
    title = title.strip()
    if not title or len(title) > TITLE_LIMIT:
        raise VisitProblem(f"the title must have 1-{TITLE_LIMIT} characters")
    try:
        first, last = date.fromisoformat(first_day.strip()), date.fromisoformat(last_day.strip())
    except ValueError as error:
        raise VisitProblem("days must be written YYYY-MM-DD") from error
    if last < first:
        raise VisitProblem("the last day is before the first day")
    try:
        ZoneInfo(timezone.strip())
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise VisitProblem(f"unknown time zone {timezone.strip()!r}") from error
    if language not in LANGUAGES:
        raise VisitProblem(f"language must be one of {', '.join(LANGUAGES)}")
    return NewVisit(slug, title, region.strip(), timezone.strip(), first, last, language)


class Visits:
    """Creating and finding visits."""

    def __init__(self, store: VisitStore, people: PeopleStore, clock: Clock) -> None:
        self.store = store
        self.people = people
        self.clock = clock

    async def create(self, new: NewVisit, organiser_id: int | None = None) -> Visit:
        """Create a visit; the organiser who made it in chat becomes its organiser."""
        if await self.store.by_slug(new.slug) is not None:
            raise VisitProblem(f"a visit with the code {new.slug!r} exists already")
        visit = await self.store.create(
            slug=new.slug,
            title=new.title,
            region=new.region,
            timezone=new.timezone,
            first_day=new.first_day,
            last_day=new.last_day,
            language=new.language,
            now=self.clock.now(),
        )
        if organiser_id is not None and await self.people.get(organiser_id) is not None:
            await self.people.add_membership(
                visit_id=visit.id,
                person_id=organiser_id,
                role=Role.ORGANISER,
                now=self.clock.now(),
            )
            await self.people.set_current_visit(organiser_id, visit.id)
        return visit

    async def find(self, slug_or_id: str) -> Visit | None:
        """A visit by its code (or numeric id)."""
        if slug_or_id.isdigit():
            return await self.store.get(int(slug_or_id))
        return await self.store.by_slug(slug_or_id.strip().lower())


def zone_of(visit: Visit) -> ZoneInfo:
    """A visit's time zone."""
    return ZoneInfo(visit.timezone)
