"""The one SQLite connection: WAL, synchronous=FULL, foreign keys, a busy timeout, and
transactions kept apart; and the checks and copies of whole database files that backups use.

aiosqlite runs every call on one worker thread, in the order the calls were made. A single
statement in autocommit mode is atomic, so single statements from many coroutines may be queued
on that thread together: the thread runs them back to back instead of waiting for the event loop
to collect each answer before starting the next. A transaction spans several calls, so it has the
connection alone: it waits for the queued statements to finish and holds new ones back until it
commits or rolls back. So a statement never lands inside another coroutine's transaction, and a
read never sees a half-written one.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager, closing
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

log = logging.getLogger(__name__)

Params = Sequence[Any] | dict[str, Any]


class ConnectionGate:
    """Single statements share the connection; a transaction (or close, backup) has it alone."""

    def __init__(self) -> None:
        self._exclusive = asyncio.Lock()
        self._statements = 0
        self._no_statements = asyncio.Event()
        self._no_statements.set()

    @asynccontextmanager
    async def statement(self) -> AsyncIterator[None]:
        """Share the connection; waits only while a transaction holds it or is waiting for it."""
        while self._exclusive.locked():
            async with self._exclusive:  # in turn behind the transactions already waiting
                pass
        self._statements += 1
        self._no_statements.clear()
        try:
            yield
        finally:
            self._statements -= 1
            if self._statements == 0:
                self._no_statements.set()

    @asynccontextmanager
    async def exclusive(self) -> AsyncIterator[None]:
        """Have the connection alone, once the statements already queued have finished."""
        async with self._exclusive:
            await self._no_statements.wait()
            yield


class Database:
    """An open SQLite database with migrations applied."""

    # FULL syncs the write-ahead log at every commit, so a committed row (an outbox row marked
    # sent) survives a power cut; NORMAL may lose the last commits. Only bench.broadcast sets
    # NORMAL, for one run, to measure what FULL costs.
    synchronous = "FULL"

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._connection: aiosqlite.Connection | None = None
        self._gate = ConnectionGate()

    async def open(self) -> None:
        """Open the file (creating its folder), set the pragmas and apply pending migrations."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keep_private(self.path)
        connection = await aiosqlite.connect(self.path, isolation_level=None)
        connection.row_factory = aiosqlite.Row
        await connection.execute("PRAGMA journal_mode=WAL")
        keep_private(self.path)
        await connection.execute("PRAGMA foreign_keys=ON")
        await connection.execute("PRAGMA busy_timeout=5000")
        await connection.execute(f"PRAGMA synchronous={self.synchronous}")
        self._connection = connection
        await self._migrate()

    async def close(self) -> None:
        """Close the connection; safe to call twice."""
        if self._connection is not None:
            connection, self._connection = self._connection, None
            async with self._gate.exclusive():
                await connection.close()

    @property
    def is_open(self) -> bool:
        """Whether the connection is open."""
        return self._connection is not None

    def _require(self) -> aiosqlite.Connection:
        if self._connection is None:
            raise RuntimeError("the database is not open")
        return self._connection

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction (BEGIN IMMEDIATE); rolled back whole if anything raises."""
        connection = self._require()
        async with self._gate.exclusive():
            await connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                await connection.execute("ROLLBACK")
                raise
            else:
                await connection.execute("COMMIT")

    async def fetch_all(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        """Run a query and return every row."""
        connection = self._require()
        # One round trip to the SQLite thread (a cursor would cost three).
        async with self._gate.statement():
            return list(await connection.execute_fetchall(sql, params))

    async def fetch_one(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        """Run a query and return its first row, or None."""
        rows = await self.fetch_all(sql, params)
        return rows[0] if rows else None

    async def fetch_value(self, sql: str, params: Params = ()) -> Any:
        """Run a query and return the first column of its first row, or None."""
        row = await self.fetch_one(sql, params)
        return None if row is None else row[0]

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one writing statement (atomic on its own); return the rows it changed."""
        connection = self._require()
        # A single statement in autocommit mode is its own transaction: one round trip.
        async with self._gate.statement():
            cursor = await connection.execute(sql, params)
            return cursor.rowcount

    async def insert(self, sql: str, params: Params = ()) -> int:
        """Run one INSERT (atomic on its own); return the new row id."""
        connection = self._require()
        async with self._gate.statement():
            cursor = await connection.execute(sql, params)
            return int(cursor.lastrowid or 0)

    async def integrity_check(self) -> str:
        """SQLite's own integrity check: 'ok' when the file is sound."""
        return str(await self.fetch_value("PRAGMA integrity_check"))

    async def backup_to(self, target: Path | str) -> None:
        """Copy the whole database to another file with SQLite's online backup."""
        connection = self._require()
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        async with self._gate.exclusive(), aiosqlite.connect(target) as copy:
            await connection.backup(copy)

    async def schema_version(self) -> int:
        """The number of the last migration applied."""
        return int(await self.fetch_value("SELECT COALESCE(MAX(version), 0) FROM schema_version"))

    async def _migrate(self) -> None:
        connection = self._require()
        await connection.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        done = {row[0] for row in await self.fetch_all("SELECT version FROM schema_version")}
        for version, name, sql in _migrations():
            if version in done:
                continue
            # Each migration applies whole or not at all.
            async with self.transaction() as tx:
                for statement in _statements(sql):
                    await tx.execute(statement)
                await tx.execute(
                    "INSERT INTO schema_version (version, name, applied_at)"
                    " VALUES (?, ?, datetime('now'))",
                    (version, name),
                )
            log.info("applied migration %04d %s", version, name)


def latest_migration() -> int:
    """The number of the last migration this code ships."""
    return max((number for number, _, _ in _migrations()), default=0)


@dataclass(frozen=True)
class DatabaseFile:
    """What a database file holds, read without changing it."""

    integrity: str  # "ok", or SQLite's first complaints
    schema_version: int | None  # None: no schema_version table
    tables: frozenset[str]


def inspect_file(path: Path) -> DatabaseFile:
    """Integrity, schema version and tables of a file; `sqlite3.DatabaseError` if it is none."""
    uri = f"file:{path.resolve().as_posix()}?mode=ro"
    with closing(sqlite3.connect(uri, uri=True)) as connection:
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check(5)")]
        listed = connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        tables = frozenset(row[0] for row in listed)
        version = None
        if "schema_version" in tables:
            value = connection.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
            version = int(value or 0)
    return DatabaseFile("; ".join(problems), version, tables)


def copy_file(source: Path, target: Path) -> None:
    """Copy a database file (with what its write-ahead log holds) through SQLite's backup."""
    with (
        closing(sqlite3.connect(f"file:{source.resolve().as_posix()}?mode=ro", uri=True)) as src,
        closing(sqlite3.connect(target)) as copy,
    ):
        src.backup(copy)


def in_use(path: Path) -> bool:
    """Whether another connection (a running bot) has the file open.

    In WAL mode every open connection keeps a shared lock on the file, so an exclusive lock is
    refused while one exists.
    """
    if not path.exists():
        return False
    with closing(sqlite3.connect(path, timeout=0.5, isolation_level=None)) as connection:
        try:
            connection.execute("PRAGMA locking_mode=EXCLUSIVE")
            connection.execute("BEGIN EXCLUSIVE")
            connection.execute("ROLLBACK")
        except sqlite3.OperationalError:
            return True
    return False


def sync_file(path: Path) -> None:
    """Flush a file's content to the disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def sync_folder(path: Path) -> None:
    """Flush a folder's entries (a rename, a removal) to the disk."""
    descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _migrations() -> list[tuple[int, str, str]]:
    """The numbered `NNNN_name.sql` files shipped in storage/migrations, in order."""
    found = []
    for entry in resources.files("storage.migrations").iterdir():
        if entry.name.endswith(".sql") and entry.name[:4].isdigit():
            found.append((int(entry.name[:4]), entry.name[5:-4], entry.read_text("utf-8")))
    found.sort()
    numbers = [number for number, _, _ in found]
    if len(set(numbers)) != len(numbers):
        raise RuntimeError(f"two migrations share a number: {numbers}")
    return found


def _statements(sql: str) -> Iterable[str]:
    """Split a migration into statements (migrations keep ';' out of string literals)."""
    for statement in sql.split(";"):
        lines = [line for line in statement.splitlines() if not line.strip().startswith("--")]
        text = "\n".join(lines).strip()
        if text:
            yield text


def keep_private(path: Path) -> None:
    """The database file and its WAL/shared-memory files: readable by the bot's user only."""
    path.touch(mode=0o600, exist_ok=True)
    for each in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if each.exists():
            os.chmod(each, 0o600)
