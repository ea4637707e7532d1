"""Creator profiles, the directory's full-text index and introductions: the SQL, typed records."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from storage.database import Database
from storage.times import from_db, maybe_from_db, to_db

PENDING, APPROVED, REJECTED, CHANGES = "pending", "approved", "rejected", "changes_requested"
ASKED, ACCEPTED, DECLINED = "pending", "accepted", "declined"


@dataclass(frozen=True, slots=True)
class CreatorProfile:
    """A creator's profile in a visit: the latest submission and the approved version."""

    id: int
    visit_id: int
    person_id: int
    status: str
    revision: int
    draft: dict[str, Any]
    approved: dict[str, Any] | None
    review_note: str | None
    submitted_at: datetime
    approved_at: datetime | None


@dataclass(frozen=True, slots=True)
class Introduction:
    """A request for an introduction to a creator."""

    id: int
    visit_id: int
    profile_id: int
    creator_id: int
    asker_id: int | None
    note: str
    status: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class SearchPage:
    """One page of approved profiles and how many matched in all."""

    profiles: list[CreatorProfile]
    total: int


def _profile(row: aiosqlite.Row) -> CreatorProfile:
    return CreatorProfile(
        id=row["id"],
        visit_id=row["visit_id"],
        person_id=row["person_id"],
        status=row["status"],
        revision=row["revision"],
        draft=json.loads(row["draft_json"]),
        approved=None if row["approved_json"] is None else json.loads(row["approved_json"]),
        review_note=row["review_note"],
        submitted_at=from_db(row["submitted_at"]),
        approved_at=maybe_from_db(row["approved_at"]),
    )


def _introduction(row: aiosqlite.Row) -> Introduction:
    return Introduction(
        id=row["id"],
        visit_id=row["visit_id"],
        profile_id=row["profile_id"],
        creator_id=row["creator_id"],
        asker_id=row["asker_id"],
        note=row["note"],
        status=row["status"],
        created_at=from_db(row["created_at"]),
    )


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False)


async def _index(tx: aiosqlite.Connection, profile_id: int, data: dict[str, Any] | None) -> None:
    """Replace the profile's row in the search index (None: remove it)."""
    await tx.execute("DELETE FROM creator_search WHERE rowid = ?", (profile_id,))
    if data is not None:
        await tx.execute(
            "INSERT INTO creator_search (rowid, name, bio, place, disciplines)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                profile_id,
                data.get("name", ""),
                data.get("bio", ""),
                data.get("place", ""),
                " ".join(data.get("disciplines", [])),
            ),
        )


class CreatorStore:
    """Reads and writes creator profiles, the search index and introductions."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def of_person(self, visit_id: int, person_id: int) -> CreatorProfile | None:
        """A creator's profile in a visit, or None."""
        row = await self.db.fetch_one(
            "SELECT * FROM creator_profiles WHERE visit_id = ? AND person_id = ?",
            (visit_id, person_id),
        )
        return None if row is None else _profile(row)

    async def of_creator(self, person_id: int) -> list[CreatorProfile]:
        """A creator's profiles in every visit."""
        rows = await self.db.fetch_all(
            "SELECT * FROM creator_profiles WHERE person_id = ?", (person_id,)
        )
        return [_profile(row) for row in rows]

    async def get(self, profile_id: int) -> CreatorProfile | None:
        """A profile by id, or None."""
        row = await self.db.fetch_one("SELECT * FROM creator_profiles WHERE id = ?", (profile_id,))
        return None if row is None else _profile(row)

    async def submit(
        self,
        visit_id: int,
        person_id: int,
        draft: dict[str, Any],
        status: str,
        now: datetime,
        approved: dict[str, Any] | None = None,
    ) -> CreatorProfile:
        """Store a submission; `approved` replaces the visible version when given."""
        async with self.db.transaction() as tx:
            await tx.execute(
                "INSERT INTO creator_profiles (visit_id, person_id, status, draft_json,"
                " approved_json, submitted_at) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (visit_id, person_id) DO UPDATE SET status = excluded.status,"
                " revision = creator_profiles.revision + 1, draft_json = excluded.draft_json,"
                " approved_json = COALESCE(excluded.approved_json, creator_profiles.approved_json),"
                " review_note = NULL, submitted_at = excluded.submitted_at",
                (
                    visit_id,
                    person_id,
                    status,
                    _dump(draft),
                    None if approved is None else _dump(approved),
                    to_db(now),
                ),
            )
            async with tx.execute(
                "SELECT * FROM creator_profiles WHERE visit_id = ? AND person_id = ?",
                (visit_id, person_id),
            ) as cursor:
                row = await cursor.fetchone()
            assert row is not None
            if approved is not None:
                await _index(tx, row["id"], approved)
        return _profile(row)

    async def review(
        self,
        profile_id: int,
        revision: int,
        status: str,
        note: str | None,
        reviewer_id: int,
        now: datetime,
    ) -> CreatorProfile | None:
        """Decide on a pending revision; None when it was decided already or replaced."""
        stamp = to_db(now)
        async with self.db.transaction() as tx:
            cursor = await tx.execute(
                "UPDATE creator_profiles SET status = ?, review_note = ?, reviewed_by = ?,"
                " reviewed_at = ?,"
                " approved_json = CASE WHEN ? = 'approved' THEN draft_json ELSE approved_json END,"
                " approved_at = CASE WHEN ? = 'approved' THEN ? ELSE approved_at END"
                " WHERE id = ? AND revision = ? AND status = 'pending'",
                (status, note, reviewer_id, stamp, status, status, stamp, profile_id, revision),
            )
            if cursor.rowcount == 0:
                return None
            async with tx.execute(
                "SELECT * FROM creator_profiles WHERE id = ?", (profile_id,)
            ) as cursor:
                row = await cursor.fetchone()
            assert row is not None
            if status == APPROVED:
                await _index(tx, profile_id, json.loads(row["approved_json"]))
        return _profile(row)

    async def delete(self, profile_id: int) -> None:
        """Remove a profile, its introductions and its place in the index, leaving no trace."""
        async with self.db.transaction() as tx:
            await _index(tx, profile_id, None)
            await tx.execute("DELETE FROM creator_profiles WHERE id = ?", (profile_id,))
            # Merging the index drops deleted words from its segments too.
            await tx.execute("INSERT INTO creator_search (creator_search) VALUES ('optimize')")

    async def search(
        self,
        visit_id: int,
        match: str | None,
        limit: int,
        offset: int,
    ) -> SearchPage:
        """Approved profiles of a visit, optionally matching an FTS5 query, by name."""
        params: list[object]
        if match is None:
            where, params = "p.visit_id = ? AND p.approved_json IS NOT NULL", [visit_id]
            source = "creator_profiles p"
        else:
            # The index answers first; joining the other way round would run one
            # full-text query per profile of the visit.
            source = "creator_profiles p"
            where = (
                "p.id IN (SELECT rowid FROM creator_search WHERE creator_search MATCH ?)"
                " AND p.visit_id = ?"
            )
            params = [match, visit_id]
        total = await self.db.fetch_value(f"SELECT COUNT(*) FROM {source} WHERE {where}", params)
        rows = await self.db.fetch_all(
            f"SELECT p.* FROM {source} WHERE {where}"
            " ORDER BY json_extract(p.approved_json, '$.name') COLLATE NOCASE, p.id"
            " LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return SearchPage([_profile(row) for row in rows], int(total or 0))

    async def approved(self, visit_id: int) -> list[CreatorProfile]:
        """Every approved profile of a visit, by name (for the export)."""
        return (await self.search(visit_id, None, limit=100_000, offset=0)).profiles

    async def add_introduction(
        self, visit_id: int, profile_id: int, asker_id: int, note: str, now: datetime
    ) -> int | None:
        """Record a request; None when the asker already has one waiting for this creator."""
        async with self.db.transaction() as tx:
            async with tx.execute(
                "SELECT 1 FROM creator_introductions"
                " WHERE profile_id = ? AND asker_id = ? AND status = 'pending'",
                (profile_id, asker_id),
            ) as cursor:
                if await cursor.fetchone() is not None:
                    return None
            cursor = await tx.execute(
                "INSERT INTO creator_introductions (visit_id, profile_id, asker_id, note,"
                " created_at) VALUES (?, ?, ?, ?, ?)",
                (visit_id, profile_id, asker_id, note, to_db(now)),
            )
            return int(cursor.lastrowid or 0)

    async def introduction(self, introduction_id: int) -> Introduction | None:
        """An introduction with its creator, or None."""
        row = await self.db.fetch_one(
            "SELECT i.*, p.person_id AS creator_id FROM creator_introductions i"
            " JOIN creator_profiles p ON p.id = i.profile_id WHERE i.id = ?",
            (introduction_id,),
        )
        return None if row is None else _introduction(row)

    async def answer_introduction(self, introduction_id: int, status: str, now: datetime) -> bool:
        """Accept or decline a waiting request; False when it was answered already."""
        changed = await self.db.execute(
            "UPDATE creator_introductions SET status = ?, answered_at = ?"
            " WHERE id = ? AND status = 'pending'",
            (status, to_db(now), introduction_id),
        )
        return changed > 0

    async def introductions(self, visit_id: int, limit: int = 50) -> list[Introduction]:
        """A visit's latest introductions."""
        rows = await self.db.fetch_all(
            "SELECT i.*, p.person_id AS creator_id FROM creator_introductions i"
            " JOIN creator_profiles p ON p.id = i.profile_id WHERE i.visit_id = ?"
            " ORDER BY i.created_at DESC, i.id DESC LIMIT ?",
            (visit_id, limit),
        )
        return [_introduction(row) for row in rows]

    async def forget(self, person_id: int) -> None:
        """Erase a person: their profiles go; requests they made stay only as anonymous counts."""
        rows = await self.db.fetch_all(
            "SELECT id FROM creator_profiles WHERE person_id = ?", (person_id,)
        )
        async with self.db.transaction() as tx:
            for row in rows:
                await _index(tx, row["id"], None)
            await tx.execute("DELETE FROM creator_profiles WHERE person_id = ?", (person_id,))
            await tx.execute(
                "UPDATE creator_introductions SET asker_id = NULL, note = '' WHERE asker_id = ?",
                (person_id,),
            )
            await tx.execute(
                "UPDATE creator_profiles SET reviewed_by = NULL WHERE reviewed_by = ?",
                (person_id,),
            )
            await tx.execute("INSERT INTO creator_search (creator_search) VALUES ('optimize')")
