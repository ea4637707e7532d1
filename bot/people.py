"""People: who is writing, which language they get, and which visit they are working in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.clock import Clock
from bot.i18n import language_for
from storage.people import Membership, PeopleStore, Person
from storage.roles import Role
from storage.visits import Visit, VisitStore


class Unread:
    """Marks an argument the caller has not read from the database."""


UNREAD = Unread()


@dataclass(frozen=True, slots=True)
class Sender:
    """What the bot learns about a user from one update."""

    id: int
    first_name: str
    last_name: str | None
    username: str | None
    language_code: str | None
    private_chat: bool


class People:
    """Rules about people: language, bootstrap organisers, current visit."""

    def __init__(
        self,
        store: PeopleStore,
        visits: VisitStore,
        clock: Clock,
        default_language: str,
        organiser_ids: frozenset[int],
    ) -> None:
        self.store = store
        self.visits = visits
        self.clock = clock
        self.default_language = default_language
        self.organiser_ids = organiser_ids

    async def seen(self, sender: Sender, known: Person | Unread | None = UNREAD) -> Person:
        """Record the sender, skipping the write when nothing about them changed.

        `known` is what the database holds about them, when the caller read it already.
        """
        if isinstance(known, Unread):
            known = await self.store.get(sender.id)
        if known is not None and (
            known.first_name == sender.first_name
            and known.last_name == sender.last_name
            and known.username == sender.username
            and known.telegram_language == sender.language_code
            and (known.started or not sender.private_chat)
            and (known.unreachable_since is None or not sender.private_chat)
        ):
            return known
        return await self.store.seen(
            person_id=sender.id,
            first_name=sender.first_name,
            last_name=sender.last_name,
            username=sender.username,
            telegram_language=sender.language_code,
            private_chat=sender.private_chat,
            now=self.clock.now(),
        )

    def language(self, person: Person | None) -> str:
        """The language to answer this person in."""
        if person is None:
            return self.default_language
        return language_for(person.language, person.telegram_language, self.default_language)

    async def language_of(self, person_id: int | None) -> str:
        """The language to write to a person in now, as stored (the default for the unknown)."""
        person = None if person_id is None else await self.store.get(person_id)
        return self.language(person)

    def is_bootstrap_organiser(self, person_id: int) -> bool:
        """Organisers named in the configuration organise every visit."""
        return person_id in self.organiser_ids

    async def visits_of(self, person: Person) -> list[tuple[Visit, Role]]:
        """Every visit the person can work in, with their role there."""
        found: dict[int, tuple[Visit, Role]] = {}
        if self.is_bootstrap_organiser(person.id):
            for visit in await self.visits.all():
                found[visit.id] = (visit, Role.ORGANISER)
        for member_of, role in await self.visits.with_roles_of(person.id):
            found.setdefault(member_of.id, (member_of, Role(role)))
        return list(found.values())

    async def current_visit(self, person: Person) -> tuple[Visit, Role] | None:
        """The visit this person works in: the one chosen, else the running or next one."""
        options = await self.visits_of(person)
        if not options:
            return None
        for visit, role in options:
            if visit.id == person.current_visit_id:
                return visit, role
        today = self.clock.now().date()
        return min(options, key=lambda option: _closeness(option[0], today))

    async def role_in(self, person_id: int, visit_id: int) -> Role | None:
        """The person's role in a visit, or None when they are not in it."""
        if self.is_bootstrap_organiser(person_id):
            return Role.ORGANISER
        membership = await self.store.membership(visit_id, person_id)
        return None if membership is None else membership.role

    async def reachable_organisers(self, visit_id: int) -> list[Person]:
        """A visit's organisers (members, then the configured ones) the bot can write to: they
        pressed Start and have not blocked it since."""
        found = {
            member.person.id: member.person
            for member in await self.store.members(visit_id, (Role.ORGANISER,))
        }
        for person_id in sorted(self.organiser_ids - found.keys()):
            person = await self.store.get(person_id)
            if person is not None:
                found[person_id] = person
        return [
            person
            for person in found.values()
            if person.started and person.unreachable_since is None
        ]

    async def enrol(self, person_id: int, visit_id: int, role: Role) -> Membership:
        """Give a person a role in a visit directly (the command line and the demo use this)."""
        return await self.store.add_membership(
            visit_id=visit_id, person_id=person_id, role=role, now=self.clock.now()
        )


def _closeness(visit: Visit, today: date) -> tuple[int, int]:
    """Sort key: running visits first, then upcoming by start, then past by recency."""
    if visit.first_day <= today <= visit.last_day:
        return (0, 0)
    if visit.first_day > today:
        return (1, (visit.first_day - today).days)
    return (2, (today - visit.last_day).days)
