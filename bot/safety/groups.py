"""Who looks after whom: a person's groups, their leaders, and their buddy."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.i18n import Html, Texts
from bot.people import People
from bot.safety.groups_file import GroupsFile
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

    async def preview(self, visit_id: int, plan: GroupsFile, language: str) -> list[Html]:
        """What applying a groups file would change, one line per group or pair (empty: nothing)."""
        names = {
            member.person.id: member.person.full_name
            for member in await self.people.store.members(visit_id)
        }

        def named(ids: Iterable[int]) -> Html:
            return Html(", ").join(sorted(names.get(i, str(i)) for i in ids))

        known = set(await self.groups.names(visit_id))
        lines: list[Html] = []
        for group in plan.groups:
            leader = names.get(group.leader_id, "—") if group.leader_id is not None else "—"
            if group.name not in known:
                lines.append(
                    self.texts.get(
                        language,
                        "gf.diff.added",
                        name=group.name,
                        count=len(group.member_ids),
                        leader=leader,
                    )
                )
                continue
            before = set(await self.groups.member_ids(visit_id, group.name))
            after = set(group.member_ids)
            old_leader = await self.groups.leader_id(visit_id, group.name)
            if before == after and old_leader == group.leader_id:
                continue
            changes: list[Html] = []
            if after - before:
                changes.append(
                    self.texts.get(language, "gf.diff.joined", names=named(after - before))
                )
            if before - after:
                changes.append(
                    self.texts.get(language, "gf.diff.left", names=named(before - after))
                )
            if old_leader != group.leader_id:
                changes.append(self.texts.get(language, "gf.diff.leader", leader=leader))
            lines.append(
                self.texts.get(
                    language, "gf.diff.changed", name=group.name, changes=Html("; ").join(changes)
                )
            )
        for first, second in plan.buddies:
            if await self.groups.buddy_of(visit_id, first) != second:
                lines.append(
                    self.texts.get(
                        language,
                        "gf.diff.buddies",
                        first=names.get(first, str(first)),
                        second=names.get(second, str(second)),
                    )
                )
        return lines

    async def apply(self, visit_id: int, plan: GroupsFile) -> None:
        """Set every group and pair of the file, in one transaction."""
        await self.groups.apply(
            visit_id,
            [(g.name, g.member_ids, g.leader_id) for g in plan.groups],
            plan.buddies,
        )
