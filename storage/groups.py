"""Named groups of people within a visit."""

from __future__ import annotations

from storage.database import Database


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
