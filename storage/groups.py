"""Named groups of people within a visit ("Bus 2", "Room 14"), their leaders, and buddy pairs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storage.database import Database


@dataclass(frozen=True, slots=True)
class PersonGroup:
    """A group by name, and the id of its leader (None: none yet)."""

    name: str
    leader_id: int | None


class GroupStore:
    """Reads and writes named groups and their members."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def names(self, visit_id: int) -> list[str]:
        """The visit's group names, alphabetically."""
        rows = await self.db.fetch_all(
            "SELECT name FROM person_groups WHERE visit_id = ? ORDER BY name COLLATE NOCASE",
            (visit_id,),
        )
        return [row[0] for row in rows]

    async def set_members(self, visit_id: int, name: str, person_ids: list[int]) -> None:
        """Create or replace a group with exactly these people."""
        async with self.db.transaction() as tx:
            await tx.execute(
                "INSERT OR IGNORE INTO person_groups (visit_id, name) VALUES (?, ?)",
                (visit_id, name),
            )
            async with tx.execute(
                "SELECT id FROM person_groups WHERE visit_id = ? AND name = ?", (visit_id, name)
            ) as cursor:
                row = await cursor.fetchone()
            assert row is not None
            await tx.execute("DELETE FROM person_group_members WHERE group_id = ?", (row[0],))
            await tx.executemany(
                "INSERT OR IGNORE INTO person_group_members (group_id, person_id) VALUES (?, ?)",
                [(row[0], person_id) for person_id in person_ids],
            )

    async def member_ids(self, visit_id: int, name: str) -> list[int]:
        """The ids of a group's members (empty for an unknown group)."""
        rows = await self.db.fetch_all(
            "SELECT m.person_id FROM person_group_members m"
            " JOIN person_groups g ON g.id = m.group_id"
            " WHERE g.visit_id = ? AND g.name = ? ORDER BY m.person_id",
            (visit_id, name),
        )
        return [row[0] for row in rows]

    async def delete(self, visit_id: int, name: str) -> bool:
        """Remove a group; True if it existed."""
        changed = await self.db.execute(
            "DELETE FROM person_groups WHERE visit_id = ? AND name = ?", (visit_id, name)
        )
        return changed > 0

    async def set_leader(self, visit_id: int, name: str, person_id: int | None) -> bool:
        """Give a group its leader (None: none); False for an unknown group."""
        changed = await self.db.execute(
            "UPDATE person_groups SET leader_id = ? WHERE visit_id = ? AND name = ?",
            (person_id, visit_id, name),
        )
        return changed > 0

    async def leader_id(self, visit_id: int, name: str) -> int | None:
        """The id of a group's leader (None: no leader, or no such group)."""
        value = await self.db.fetch_value(
            "SELECT leader_id FROM person_groups WHERE visit_id = ? AND name = ?",
            (visit_id, name),
        )
        return None if value is None else int(value)

    async def of_person(self, visit_id: int, person_id: int) -> list[PersonGroup]:
        """The groups a person is in or leads, with their leaders, alphabetically."""
        rows = await self.db.fetch_all(
            "SELECT name, leader_id FROM person_groups g WHERE visit_id = ? AND (leader_id = ?"
            " OR EXISTS (SELECT 1 FROM person_group_members m"
            " WHERE m.group_id = g.id AND m.person_id = ?))"
            " ORDER BY name COLLATE NOCASE",
            (visit_id, person_id, person_id),
        )
        return [PersonGroup(row["name"], row["leader_id"]) for row in rows]

    async def set_buddies(self, visit_id: int, first_id: int, second_id: int) -> None:
        """Pair two people as buddies; each leaves any pair they were in before."""
        async with self.db.transaction() as tx:
            await tx.execute(
                "DELETE FROM buddies WHERE visit_id = ? AND (person_id IN (?, ?)"
                " OR buddy_id IN (?, ?))",
                (visit_id, first_id, second_id, first_id, second_id),
            )
            await tx.execute(
                "INSERT INTO buddies (visit_id, person_id, buddy_id) VALUES (?, ?, ?)",
                (visit_id, first_id, second_id),
            )

    async def remove_buddy(self, visit_id: int, person_id: int) -> bool:
        """Undo a person's pair; True if they had a buddy."""
        changed = await self.db.execute(
            "DELETE FROM buddies WHERE visit_id = ? AND (person_id = ? OR buddy_id = ?)",
            (visit_id, person_id, person_id),
        )
        return changed > 0

    async def buddy_of(self, visit_id: int, person_id: int) -> int | None:
        """The id of a person's buddy in a visit, if they have one."""
        value = await self.db.fetch_value(
            "SELECT CASE WHEN person_id = ? THEN buddy_id ELSE person_id END FROM buddies"
            " WHERE visit_id = ? AND (person_id = ? OR buddy_id = ?)",
            (person_id, visit_id, person_id, person_id),
        )
        return None if value is None else int(value)

    async def erase_person(self, person_id: int) -> int:
        """Remove a person from every group, pair and leadership (forget-me)."""
        async with self.db.transaction() as tx:
            members = await tx.execute(
                "DELETE FROM person_group_members WHERE person_id = ?", (person_id,)
            )
            pairs = await tx.execute(
                "DELETE FROM buddies WHERE person_id = ? OR buddy_id = ?", (person_id, person_id)
            )
            leads = await tx.execute(
                "UPDATE person_groups SET leader_id = NULL WHERE leader_id = ?", (person_id,)
            )
        return members.rowcount + pairs.rowcount + leads.rowcount

    async def apply(
        self,
        visit_id: int,
        groups: Sequence[tuple[str, Sequence[int], int | None]],
        buddies: Sequence[tuple[int, int]],
    ) -> None:
        """Set these groups (members and leader) and buddy pairs, all in one transaction."""
        async with self.db.transaction() as tx:
            for name, member_ids, leader_id in groups:
                await tx.execute(
                    "INSERT OR IGNORE INTO person_groups (visit_id, name) VALUES (?, ?)",
                    (visit_id, name),
                )
                async with tx.execute(
                    "SELECT id FROM person_groups WHERE visit_id = ? AND name = ?",
                    (visit_id, name),
                ) as cursor:
                    row = await cursor.fetchone()
                assert row is not None
                await tx.execute(
                    "UPDATE person_groups SET leader_id = ? WHERE id = ?", (leader_id, row[0])
                )
                await tx.execute("DELETE FROM person_group_members WHERE group_id = ?", (row[0],))
                await tx.executemany(
                    "INSERT OR IGNORE INTO person_group_members (group_id, person_id)"
                    " VALUES (?, ?)",
                    [(row[0], person_id) for person_id in member_ids],
                )
            for first_id, second_id in buddies:
                await tx.execute(
                    "DELETE FROM buddies WHERE visit_id = ? AND (person_id IN (?, ?)"
                    " OR buddy_id IN (?, ?))",
                    (visit_id, first_id, second_id, first_id, second_id),
                )
                await tx.execute(
                    "INSERT INTO buddies (visit_id, person_id, buddy_id) VALUES (?, ?, ?)",
                    (visit_id, first_id, second_id),
                )
