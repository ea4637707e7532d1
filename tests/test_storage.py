"""The database file: migrations, pragmas, and writes from coroutines at the same time."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from storage import Database
from storage.database import _migrations
from storage.people import PeopleStore
from storage.roles import Role
from storage.visits import VisitStore

NOW = datetime(2025, 10, 28, 2, 0, tzinfo=UTC)


async def test_migrations_apply_once_and_the_file_is_in_wal_mode(database: Path):
    db = Database(database)
    await db.open()
    version = await db.schema_version()
    assert version >= 1
    assert await db.fetch_value("PRAGMA journal_mode") == "wal"
    assert await db.fetch_value("PRAGMA foreign_keys") == 1
    await db.close()
    again = Database(database)
    await again.open()
    assert await again.schema_version() == version
    applied = await again.fetch_value("SELECT COUNT(*) FROM schema_version")
    assert applied == len(_migrations())  # numbers may have gaps while features are merged
    await again.close()


async def test_concurrent_writers_neither_interleave_nor_lose_rows(database: Path):
    db = Database(database)
    await db.open()
    visits, people = VisitStore(db), PeopleStore(db)
    from datetime import date

    visit = await visits.create(
        slug="v",
        title="V",
        region="",
        timezone="Asia/Jakarta",
        first_day=date(2025, 10, 29),
        last_day=date(2025, 10, 31),
        language="id",
        now=NOW,
    )

    async def enrol(person_id: int) -> None:
        await people.seen(
            person_id=person_id,
            first_name=f"P{person_id}",
            last_name=None,
            username=None,
            telegram_language="id",
            private_chat=True,
            now=NOW,
        )
        await people.add_membership(
            visit_id=visit.id, person_id=person_id, role=Role.PARTICIPANT, now=NOW
        )

    async def failing_transaction() -> None:
        try:
            async with db.transaction() as tx:
                await tx.execute(
                    "INSERT INTO people (id, created_at, updated_at) VALUES (99999, 'x', 'x')"
                )
                await asyncio.sleep(0)
                raise RuntimeError("half-way")
        except RuntimeError:
            pass

    await asyncio.gather(*(enrol(n) for n in range(1, 201)), failing_transaction())
    assert len(await people.members(visit.id)) == 200
    assert await people.get(99999) is None
    assert await db.integrity_check() == "ok"
    await db.close()


async def test_single_statements_never_land_inside_another_coroutines_transaction(
    database: Path,
):
    db = Database(database)
    await db.open()
    await db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    in_transaction = asyncio.Event()
    seen_during: list[set[int]] = []

    async def transaction_that_fails() -> None:
        try:
            async with db.transaction() as tx:
                await tx.execute("INSERT INTO notes (id, body) VALUES (1, 'half-written')")
                in_transaction.set()
                for _ in range(20):  # give the others every chance to slip in
                    await asyncio.sleep(0)
                raise RuntimeError("changed my mind")
        except RuntimeError:
            pass

    async def reader() -> None:
        await in_transaction.wait()
        seen_during.append({row[0] for row in await db.fetch_all("SELECT id FROM notes")})

    async def writer() -> None:
        await in_transaction.wait()
        await db.insert("INSERT INTO notes (id, body) VALUES (2, 'kept')")

    async with asyncio.timeout(10):
        await asyncio.gather(transaction_that_fails(), writer(), *(reader() for _ in range(10)))
    # The reads waited for the rollback, and the single insert was not rolled back with it.
    assert len(seen_during) == 10 and all(1 not in ids for ids in seen_during)
    assert [tuple(row) for row in await db.fetch_all("SELECT id, body FROM notes")] == [(2, "kept")]
    await db.close()
