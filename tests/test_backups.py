"""Backups: on schedule across restarts, N kept, private files; restores that check first."""

from __future__ import annotations

import asyncio
import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.clock import ManualClock
from bot.services import Services
from bot.visits import check_new_visit
from config import Settings
from sandbox.harness import Rehearsal
from storage.database import latest_migration
from tests.conftest import STORY_START

SETTINGS_IN_THE_WAY = {"BOT_TOKEN", "LOG_LEVEL", "BACKUP_DIR", "BACKUP_EVERY_HOURS", "BACKUP_KEEP"}


def backups_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.glob("rombongan-*.sqlite3"))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def visit_slugs(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as connection:
        return [row[0] for row in connection.execute("SELECT slug FROM visits ORDER BY slug")]


async def add_visit(services: Services, slug: str) -> None:
    await services.visits.create(
        check_new_visit(
            slug=slug,
            title=slug.title(),
            region="Jawa Timur",
            first_day="2025-10-29",
            last_day="2025-10-31",
            timezone="Asia/Jakarta",
            language="id",
        )
    )


@pytest.fixture
async def services_over(tmp_path: Path) -> AsyncIterator[Callable[..., Any]]:
    """Open the services (no bot) over tmp_path/data/rombongan.sqlite3 with some settings."""
    opened: list[Services] = []

    async def open_services(**values: Any) -> Services:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            database_path=tmp_path / "data" / "rombongan.sqlite3",
            **values,
        )
        services = Services.create(settings, ManualClock(STORY_START))
        await services.open()
        opened.append(services)
        return services

    yield open_services
    for services in opened:
        await services.close()


def run_cli(database: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m bot ARGS` over a database, as an operator runs it."""
    environment = {k: v for k, v in os.environ.items() if k.upper() not in SETTINGS_IN_THE_WAY}
    environment["DATABASE_PATH"] = str(database)
    environment["LOG_LEVEL"] = "WARNING"
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=database.parent,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


async def test_a_backup_is_taken_when_due_and_a_restart_neither_skips_nor_repeats_one(
    telegram: Rehearsal, database: Path
):
    folder = database.parent / "backups"
    # No backup yet: the first tick, at start, takes one.
    assert backups_in(folder) == ["rombongan-20251028T020000Z.sqlite3"]

    await telegram.move_clock(timedelta(hours=23, minutes=59))
    await telegram.restart()
    assert len(backups_in(folder)) == 1, "a restart is no reason for a backup"

    await add_visit(telegram.services, "banyuwangi-2025")
    await telegram.move_clock(timedelta(minutes=1))
    assert backups_in(folder)[-1] == "rombongan-20251029T020000Z.sqlite3"
    assert visit_slugs(folder / "rombongan-20251029T020000Z.sqlite3") == ["banyuwangi-2025"]
    await telegram.restart()
    assert len(backups_in(folder)) == 2, "the restart took a second backup for the same day"

    # Down when the next one fell due: the first tick after the start takes it.
    await telegram.live.stop()
    await telegram.clock.move_to(STORY_START + timedelta(hours=50))
    await telegram.live.start()
    assert backups_in(folder) == [
        "rombongan-20251028T020000Z.sqlite3",
        "rombongan-20251029T020000Z.sqlite3",
        "rombongan-20251030T040000Z.sqlite3",
    ]


async def test_only_the_newest_backups_are_kept(services_over: Callable[..., Any]):
    services: Services = await services_over(backup_every_hours=6, backup_keep=3)
    folder = services.backups.folder
    folder.mkdir(parents=True)
    someone_elses = folder / "other-20240101T000000Z.sqlite3"
    someone_elses.write_bytes(b"not ours to remove")
    left_by_a_crash = folder / ".rombongan-4242.tmp"
    left_by_a_crash.write_bytes(b"half a backup")
    os.utime(left_by_a_crash, (0, 0))

    for hours in range(0, 49, 3):  # ticks every 3 hours for two days: 9 backups due
        await services.planners.run(STORY_START + timedelta(hours=hours))

    assert backups_in(folder) == [
        "rombongan-20251029T140000Z.sqlite3",
        "rombongan-20251029T200000Z.sqlite3",
        "rombongan-20251030T020000Z.sqlite3",
    ]
    assert someone_elses.exists()
    assert not left_by_a_crash.exists()


async def test_a_failed_backup_is_tried_again_an_hour_later_not_at_every_tick(
    services_over: Callable[..., Any], tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    in_the_way = tmp_path / "not-a-folder"
    in_the_way.write_text("a file where the backup folder should be")
    services: Services = await services_over(backup_dir=in_the_way / "backups")

    for minutes in range(0, 60, 1):
        await services.planners.run(STORY_START + timedelta(minutes=minutes))
    failures = [r for r in caplog.records if r.message.startswith("scheduled backup failed")]
    assert len(failures) == 1

    in_the_way.unlink()
    await services.planners.run(STORY_START + timedelta(minutes=60))
    assert backups_in(in_the_way / "backups") == ["rombongan-20251028T030000Z.sqlite3"]


async def test_backups_are_readable_by_the_bots_user_only_whatever_the_umask(
    services_over: Callable[..., Any], tmp_path: Path
):
    previous = os.umask(0)
    try:
        services: Services = await services_over()
        await services.planners.run(STORY_START)
        by_hand = tmp_path / "elsewhere" / "copy.sqlite3"
        result = await asyncio.to_thread(
            run_cli, services.db.path, "backup", str(by_hand)
        )  # the CLI's own process, with the same umask
    finally:
        os.umask(previous)
    assert result.returncode == 0, result.stderr
    [scheduled] = services.backups.folder.iterdir()
    assert mode(services.backups.folder) == 0o700
    assert mode(scheduled) == 0o600
    assert mode(by_hand) == 0o600
    assert mode(by_hand.parent) == 0o700


async def test_restore_brings_back_what_the_backup_held(services_over: Callable[..., Any]):
    services: Services = await services_over()
    await add_visit(services, "banyuwangi-2025")
    backup = await services.backups.take()
    await add_visit(services, "jember-2026")
    database = services.db.path
    await services.close()
    database.chmod(0o640)

    result = await asyncio.to_thread(run_cli, database, "restore", str(backup))

    assert result.returncode == 0, result.stderr
    assert f"restored {database} from {backup}" in result.stdout
    assert visit_slugs(database) == ["banyuwangi-2025"]
    [previous] = database.parent.glob("rombongan-before-restore-*.sqlite3")
    assert visit_slugs(previous) == ["banyuwangi-2025", "jember-2026"]
    assert str(previous) in result.stdout
    assert mode(database) == 0o640, "the restored database keeps the permissions it had"


def not_sqlite(backup: Path) -> None:
    backup.write_bytes(b"PK\x03\x04 a zip file, say " * 200)


def truncated(backup: Path) -> None:
    content = backup.read_bytes()
    backup.write_bytes(content[: len(content) // 3])


def newer_schema(backup: Path) -> None:
    with closing(sqlite3.connect(backup)) as connection, connection:
        connection.execute(
            "INSERT INTO schema_version VALUES (?, 'from the future', '2030-01-01')",
            (latest_migration() + 1,),
        )


def not_ours(backup: Path) -> None:
    backup.unlink()
    with closing(sqlite3.connect(backup)) as connection, connection:
        connection.execute("CREATE TABLE schema_version (version INTEGER, name, applied_at)")
        connection.execute("INSERT INTO schema_version VALUES (1, 'core', '2025-01-01')")
        connection.execute("CREATE TABLE notes (text TEXT)")


@pytest.mark.parametrize(
    ("spoil", "reason"),
    [
        (not_sqlite, "not a sound SQLite database (file is not a database)"),
        (truncated, "not a sound SQLite database (database disk image is malformed)"),
        (newer_schema, f"its schema version {latest_migration() + 1} is newer"),
        (not_ours, "tables missing: visits, people, memberships, invites"),
    ],
)
async def test_a_file_that_fails_a_check_is_refused_and_the_database_stays(
    services_over: Callable[..., Any], spoil: Callable[[Path], None], reason: str
):
    services: Services = await services_over()
    await add_visit(services, "banyuwangi-2025")
    for number in range(300):  # enough pages that a third of the file cuts tables short
        await add_visit(services, f"visit-{number:03d}")
    backup = await services.backups.take()
    database = services.db.path
    await services.close()
    spoil(backup)
    before = fingerprint(database)
    files_before = sorted(database.parent.iterdir())

    result = await asyncio.to_thread(run_cli, database, "restore", str(backup))

    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"not restored: {backup}: ")
    assert reason in line
    assert line.endswith("the database is unchanged")
    assert fingerprint(database) == before
    assert sorted(database.parent.iterdir()) == files_before


async def test_restore_refuses_while_the_bot_runs(telegram: Rehearsal, database: Path):
    backup = await telegram.services.backups.take()
    await add_visit(telegram.services, "banyuwangi-2025")

    result = await asyncio.to_thread(run_cli, database, "restore", str(backup))

    assert result.returncode == 2
    assert "in use: stop the bot first" in result.stderr, (result.stdout, result.stderr)
    assert await telegram.services.visits.find("banyuwangi-2025") is not None
