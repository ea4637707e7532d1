"""Backups of the database: taken on a schedule (a planner tick) or on demand, kept N deep and
readable by the bot's user only; and restoring one after checking it.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.clock import Clock
from config import Settings
from storage.database import (
    Database,
    copy_file,
    in_use,
    inspect_file,
    latest_migration,
    sync_file,
    sync_folder,
)

log = logging.getLogger(__name__)

STAMP = "%Y%m%dT%H%M%SZ"
FILE_MODE = 0o600
FOLDER_MODE = 0o700
# Tables every database of this bot has had since its first migration.
CORE_TABLES = ("visits", "people", "memberships", "invites")
# A temporary file older than this was left by a backup that died half-way.
STALE_TEMPORARY = timedelta(hours=1)
# After a failed scheduled backup (a full disk, a folder it may not write), the next try waits
# this long instead of failing, and logging, at every tick.
RETRY_AFTER_FAILURE = timedelta(hours=1)


class RestoreRefused(Exception):
    """The file cannot replace the database; the message is one line."""


@dataclass(frozen=True)
class Restored:
    """What a restore did."""

    source: Path
    database: Path
    backup_version: int
    version: int
    previous: Path | None  # the database that was replaced, kept under a dated name


class Backups:
    """The scheduled backups of one database file, in one folder."""

    def __init__(
        self, db: Database, folder: Path, every: timedelta | None, keep: int, clock: Clock
    ) -> None:
        self.db = db
        self.folder = folder
        self.every = every
        self.keep = keep
        self.clock = clock
        self._retry_at: datetime | None = None
        stem, suffix = db.path.stem, db.path.suffix
        self._pattern = re.compile(rf"{re.escape(stem)}-(\d{{8}}T\d{{6}}Z){re.escape(suffix)}")

    @classmethod
    def from_settings(cls, db: Database, settings: Settings, clock: Clock) -> Backups:
        """BACKUP_DIR, BACKUP_EVERY_HOURS (0: never) and BACKUP_KEEP."""
        hours = settings.backup_every_hours
        every = timedelta(hours=hours) if hours else None
        return cls(db, settings.backup_folder, every, settings.backup_keep, clock)

    def name_for(self, moment: datetime) -> str:
        """`rombongan-20251029T020000Z.sqlite3`: the database's name and the UTC moment."""
        stamp = moment.astimezone(UTC).strftime(STAMP)
        return f"{self.db.path.stem}-{stamp}{self.db.path.suffix}"

    def taken(self) -> list[tuple[datetime, Path]]:
        """The finished backups in the folder, oldest first (temporary files do not count)."""
        if not self.folder.is_dir():
            return []
        found = []
        for path in self.folder.iterdir():
            match = self._pattern.fullmatch(path.name)
            if match and path.is_file():
                moment = datetime.strptime(match.group(1), STAMP).replace(tzinfo=UTC)
                found.append((moment, path))
        return sorted(found)

    def last_before(self, now: datetime) -> datetime | None:
        """When the newest backup up to `now` was taken; one stamped later (a clock set back)
        does not hold the schedule up."""
        moments = [moment for moment, _ in self.taken() if moment <= now]
        return moments[-1] if moments else None

    async def tick(self, now: datetime) -> None:
        """Take a backup when the last one is `every` old, or there is none.

        The last one is read from the folder, so a restart neither skips nor repeats one.
        """
        if self.every is None:
            return
        last = self.last_before(now)
        if last is not None and now < last + self.every:
            return
        if self._retry_at is not None and now < self._retry_at:
            return
        try:
            path = await self.take(now)
        except Exception:
            self._retry_at = now + RETRY_AFTER_FAILURE
            log.exception("scheduled backup failed; next try at %s", self._retry_at)
            return
        self._retry_at = None
        log.info("scheduled backup written to %s", path)

    async def take(self, now: datetime | None = None) -> Path:
        """A backup into the folder, named with the moment; then only the newest `keep` stay."""
        moment = now or self.clock.now()
        target = self.folder / self.name_for(moment)
        await write_backup(self.db, target)
        self.prune()
        return target

    def prune(self) -> list[Path]:
        """Remove the backups beyond the newest `keep`, and temporary files left by a crash."""
        removed = [path for _, path in self.taken()[: -self.keep]]
        for path in removed:
            path.unlink(missing_ok=True)
        cutoff = datetime.now(UTC) - STALE_TEMPORARY  # file times are the machine's
        for path in self.folder.glob(f".{self.db.path.stem}-*.tmp"):
            if datetime.fromtimestamp(path.stat().st_mtime, UTC) < cutoff:
                path.unlink(missing_ok=True)
                removed.append(path)
        return removed


def prepare_folder(folder: Path) -> None:
    """Create the folder for the bot's user only (0700, whatever the umask)."""
    if not folder.exists():
        folder.mkdir(parents=True, mode=FOLDER_MODE)
        folder.chmod(FOLDER_MODE)
    elif folder.stat().st_mode & 0o077:
        # An existing folder is the operator's to set; the files in it stay private anyway.
        log.warning("backup folder %s is open to other users; its files are not", folder)


def private_file(path: Path) -> None:
    """Create an empty file readable and writable by the bot's user only (0600)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    os.close(descriptor)
    path.chmod(FILE_MODE)  # the umask may have taken bits away; it never adds any


def keep_owner_and_mode(original: Path, replacement: Path) -> None:
    """Give the replacement the original's permissions, and its owner when run as root: a
    restore run as root must not leave a database the bot's user cannot open."""
    shutil.copymode(original, replacement)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        facts = original.stat()
        os.chown(replacement, facts.st_uid, facts.st_gid)


def temporary_beside(target: Path) -> Path:
    """A hidden name in the target's folder, so the final rename stays on one file system."""
    return target.with_name(f".{target.stem}-{os.getpid()}.tmp")


async def write_backup(db: Database, target: Path) -> None:
    """SQLite's online backup of the open database into `target` (0600).

    Written under a temporary name, flushed, then renamed: a backup cut short never looks like
    a finished one.
    """
    prepare_folder(target.parent)
    temporary = temporary_beside(target)
    private_file(temporary)
    try:
        await db.backup_to(temporary)
        sync_file(temporary)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    sync_folder(target.parent)


def check_backup(path: Path) -> int:
    """The schema version of a file fit to become the database; `RestoreRefused` otherwise."""
    try:
        facts = inspect_file(path)
    except sqlite3.DatabaseError as error:
        raise RestoreRefused(f"not a sound SQLite database ({error})") from None
    if facts.integrity != "ok":
        raise RestoreRefused(f"the integrity check failed: {facts.integrity}")
    if facts.schema_version is None:
        raise RestoreRefused("not a Rombongan database (no schema_version table)")
    latest = latest_migration()
    if facts.schema_version > latest:
        raise RestoreRefused(
            f"its schema version {facts.schema_version} is newer than this code's ({latest});"
            " restore it with the version of the bot that wrote it"
        )
    missing = [table for table in CORE_TABLES if table not in facts.tables]
    if missing:
        raise RestoreRefused(f"tables missing: {', '.join(missing)}")
    return facts.schema_version


async def restore(source: Path, database: Path, clock: Clock) -> Restored:
    """Replace the database with a checked backup; the bot must be stopped.

    The file is copied beside the database and checked there; pending migrations are applied
    to the copy; the current database is kept under a dated name; then the copy is renamed over
    it. Until that rename the database is untouched, so a refusal or a failure changes nothing.
    """
    if not source.is_file():
        raise RestoreRefused("no such file")
    if database.exists() and source.resolve() == database.resolve():
        raise RestoreRefused("it is the database itself")
    if in_use(database):
        raise RestoreRefused(f"{database} is in use: stop the bot first")
    folder = database.parent
    folder.mkdir(parents=True, exist_ok=True)
    temporary = temporary_beside(database)
    private_file(temporary)
    try:
        try:
            shutil.copyfile(source, temporary)
            # Commits still in a log beside the file belong to it.
            if Path(f"{source}-wal").is_file():
                private_file(Path(f"{temporary}-wal"))
                shutil.copyfile(f"{source}-wal", f"{temporary}-wal")
        except OSError as error:
            raise RestoreRefused(f"cannot read it ({error.strerror})") from None
        backup_version = check_backup(temporary)
        copy = Database(temporary)
        try:
            await copy.open()  # applies the migrations this code has and the backup lacks
            version = await copy.schema_version()
        except sqlite3.Error as error:
            raise RestoreRefused(f"this code's migrations do not apply to it ({error})") from None
        finally:
            await copy.close()
        if database.exists():
            keep_owner_and_mode(database, temporary)
        sync_file(temporary)
        previous = None
        if database.exists():
            stamp = clock.now().astimezone(UTC).strftime(STAMP)
            previous = database.with_name(
                f"{database.stem}-before-restore-{stamp}{database.suffix}"
            )
            private_file(previous)
            copy_file(database, previous)
            sync_file(previous)
        # A write-ahead log left beside the old file would be read into the new one.
        for leftover in (Path(f"{database}-wal"), Path(f"{database}-shm")):
            leftover.unlink(missing_ok=True)
        os.replace(temporary, database)
    except BaseException:
        temporary.unlink(missing_ok=True)
        for leftover in (Path(f"{temporary}-wal"), Path(f"{temporary}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    sync_folder(folder)
    return Restored(source, database, backup_version, version, previous)
