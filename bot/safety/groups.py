"""Who looks after whom: a person's groups, their leaders, and their buddy."""

from __future__ import annotations

from dataclasses import dataclass

from bot.i18n import Html, Texts
from bot.people import People
from storage.groups import GroupStore, PersonGroup
from storage.people import Person


@dataclass(frozen=True, slots=True)
class Carers:
    """The people asked to look after someone: the leaders of their groups and their buddy."""

    leaders: list[Person]
    buddy: Person | None

    def reachable(self, exclude: int | None = None) -> list[Person]:
        """Leaders and buddy the bot can write to, each once, without `exclude`."""
        seen: dict[int, Person] = {}
        for person in [*self.leaders, *([self.buddy] if self.buddy else [])]:
            if person.started and person.unreachable_since is None and person.id != exclude:
                seen.setdefault(person.id, person)
        return list(seen.values())


class GroupCare:
    """Reading groups, leaders and buddies for a person."""

    def __init__(self, groups: GroupStore, people: People, texts: Texts) -> None:
        self.groups = groups
        self.people = people
        self.texts = texts

    async def carers(self, visit_id: int, person_id: int) -> Carers:
        """The leaders of the groups a person is in (not those they lead) and their buddy."""
        leaders: list[Person] = []
        for group in await self.groups.of_person(visit_id, person_id):
            if group.leader_id is not None and group.leader_id != person_id:
                leader = await self.people.store.get(group.leader_id)
                if leader is not None and all(known.id != leader.id for known in leaders):
                    leaders.append(leader)
        buddy_id = await self.groups.buddy_of(visit_id, person_id)
        buddy = None if buddy_id is None else await self.people.store.get(buddy_id)
        return Carers(leaders, buddy)

    async def my_groups(self, visit_id: int, person_id: int, language: str) -> Html:
        """`/mygroup`: each group with its leader (or "you lead it"), then the buddy."""
        lines: list[Html] = []
        for group in await self.groups.of_person(visit_id, person_id):
            lines.append(await self._group_line(visit_id, group, person_id, language))
        buddy_id = await self.groups.buddy_of(visit_id, person_id)
        buddy = None if buddy_id is None else await self.people.store.get(buddy_id)
        if buddy is not None:
            lines.append(self.texts.get(language, "care.mygroup.buddy", name=buddy.full_name))
        if not lines:
            return self.texts.get(language, "care.mygroup.none")
        title = self.texts.get(language, "care.mygroup.title")
        return Html("\n").join([title, *lines])

    async def _group_line(
        self, visit_id: int, group: PersonGroup, person_id: int, language: str
    ) -> Html:
        count = len(await self.groups.member_ids(visit_id, group.name))
        if group.leader_id == person_id:
            return self.texts.get(language, "care.mygroup.you_lead", name=group.name, count=count)
        leader = None if group.leader_id is None else await self.people.store.get(group.leader_id)
        if leader is None:
            return self.texts.get(language, "care.mygroup.line", name=group.name, count=count)
        return self.texts.get(
            language, "care.mygroup.led", name=group.name, count=count, leader=leader.full_name
        )
