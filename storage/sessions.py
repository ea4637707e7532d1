"""Sessions of a visit's agenda: the records and their SQL."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import aiosqlite

from storage.database import Database
from storage.times import from_db, maybe_from_db, to_db


@dataclass(frozen=True, slots=True)
class Venue:
    """Where a session happens; coordinates and radius decide location check-ins."""

    name: str = ""
    address: str = ""
    latitude: float | None = None
    longitude: float | None = None
    radius_m: int = 150


@dataclass(frozen=True, slots=True)
class MeetingPoint:
    """Where the group gathers for a session (a pin when coordinates are given) and when it
    leaves from there (UTC; None: no departure time)."""

    name: str = ""
    latitude: float | None = None
    longitude: float | None = None
    departs_at: datetime | None = None

    @property
    def given(self) -> bool:
        """Whether anything about the meeting point is known."""
        return bool(self.name) or self.latitude is not None or self.departs_at is not None


@dataclass(frozen=True, slots=True)
class SessionFields:
    """Everything about a session an agenda file or an organiser sets."""

    key: str
    title_id: str
    title_en: str
    starts_at: datetime
    ends_at: datetime
    venue: Venue = field(default_factory=Venue)
    partners: tuple[str, ...] = ()
    description_id: str = ""
    description_en: str = ""
    dress_code: str = ""
    audience: str = "everyone"
    meeting: MeetingPoint = field(default_factory=MeetingPoint)


@dataclass(frozen=True, slots=True)
class Session:
    """A stored session."""

    id: int
    visit_id: int
    fields: SessionFields
    cancelled_at: datetime | None
    updated_at: datetime

    @property
    def key(self) -> str:
        """The stable key agenda files use."""
        return self.fields.key

    @property
    def starts_at(self) -> datetime:
        """Start, UTC."""
        return self.fields.starts_at

    @property
    def ends_at(self) -> datetime:
        """End, UTC."""
        return self.fields.ends_at

    @property
    def venue(self) -> Venue:
        """The venue."""
        return self.fields.venue

    @property
    def cancelled(self) -> bool:
        """Whether the session was cancelled."""
        return self.cancelled_at is not None

    def title(self, language: str) -> str:
        """The title in a language."""
        return self.fields.title_id if language == "id" else self.fields.title_en


def session_from_row(row: aiosqlite.Row) -> Session:
    """A `sessions` row (SELECT *) as a record."""
    return Session(
        id=row["id"],
        visit_id=row["visit_id"],
        fields=SessionFields(
            key=row["key"],
            title_id=row["title_id"],
            title_en=row["title_en"],
            starts_at=from_db(row["starts_at"]),
            ends_at=from_db(row["ends_at"]),
            venue=Venue(
                name=row["venue_name"],
                address=row["venue_address"],
                latitude=row["latitude"],
                longitude=row["longitude"],
                radius_m=row["radius_m"],
            ),
            partners=tuple(json.loads(row["partners_json"])),
            description_id=row["description_id"],
            description_en=row["description_en"],
            dress_code=row["dress_code"],
            audience=row["audience"],
            meeting=MeetingPoint(
                name=row["meeting_name"],
                latitude=row["meeting_latitude"],
                longitude=row["meeting_longitude"],
                departs_at=maybe_from_db(row["departs_at"]),
            ),
        ),
        cancelled_at=maybe_from_db(row["cancelled_at"]),
        updated_at=from_db(row["updated_at"]),
    )


def _values(fields: SessionFields) -> tuple[object, ...]:
    venue = fields.venue
    return (
        fields.title_id,
        fields.title_en,
        to_db(fields.starts_at),
        to_db(fields.ends_at),
        venue.name,
        venue.address,
        venue.latitude,
        venue.longitude,
        venue.radius_m,
        json.dumps(list(fields.partners), ensure_ascii=False),
        fields.description_id,
        fields.description_en,
        fields.dress_code,
        fields.audience,
        fields.meeting.name,
        fields.meeting.latitude,
        fields.meeting.longitude,
        None if fields.meeting.departs_at is None else to_db(fields.meeting.departs_at),
    )


_COLUMNS = (
    "title_id, title_en, starts_at, ends_at, venue_name, venue_address, latitude, longitude,"
    " radius_m, partners_json, description_id, description_en, dress_code, audience,"
    " meeting_name, meeting_latitude, meeting_longitude, departs_at"
)


class SessionStore:
    """Reads and writes sessions."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def of_visit(self, visit_id: int, include_cancelled: bool = True) -> list[Session]:
        """A visit's sessions in time order."""
        sql = "SELECT * FROM sessions WHERE visit_id = ?"
        if not include_cancelled:
            sql += " AND cancelled_at IS NULL"
        rows = await self.db.fetch_all(sql + " ORDER BY starts_at, key", (visit_id,))
        return [session_from_row(row) for row in rows]

    async def get(self, session_id: int) -> Session | None:
        """A session by id."""
        row = await self.db.fetch_one("SELECT * FROM sessions WHERE id = ?", (session_id,))
        return None if row is None else session_from_row(row)

    async def by_key(self, visit_id: int, key: str) -> Session | None:
        """A session by its key in a visit."""
        row = await self.db.fetch_one(
            "SELECT * FROM sessions WHERE visit_id = ? AND key = ?", (visit_id, key)
        )
        return None if row is None else session_from_row(row)

    async def between(self, visit_id: int, start: datetime, end: datetime) -> list[Session]:
        """Sessions of a visit that overlap [start, end), cancelled ones included."""
        rows = await self.db.fetch_all(
            "SELECT * FROM sessions WHERE visit_id = ? AND starts_at < ? AND ends_at > ?"
            " ORDER BY starts_at, key",
            (visit_id, to_db(end), to_db(start)),
        )
        return [session_from_row(row) for row in rows]

    async def apply(
        self,
        visit_id: int,
        upserts: Sequence[SessionFields],
        removals: Sequence[str],
        now: datetime,
    ) -> None:
        """Insert or update sessions and delete removed ones, all in one transaction."""
        stamp = to_db(now)
        async with self.db.transaction() as tx:
            for fields in upserts:
                await tx.execute(
                    f"INSERT INTO sessions (visit_id, key, {_COLUMNS}, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (visit_id, key) DO UPDATE SET"
                    " title_id = excluded.title_id, title_en = excluded.title_en,"
                    " starts_at = excluded.starts_at, ends_at = excluded.ends_at,"
                    " venue_name = excluded.venue_name, venue_address = excluded.venue_address,"
                    " latitude = excluded.latitude, longitude = excluded.longitude,"
                    " radius_m = excluded.radius_m, partners_json = excluded.partners_json,"
                    " description_id = excluded.description_id,"
                    " description_en = excluded.description_en,"
                    " dress_code = excluded.dress_code, audience = excluded.audience,"
                    " meeting_name = excluded.meeting_name,"
                    " meeting_latitude = excluded.meeting_latitude,"
                    " meeting_longitude = excluded.meeting_longitude,"
                    " departs_at = excluded.departs_at,"
                    " cancelled_at = NULL, updated_at = excluded.updated_at",
                    (visit_id, fields.key, *_values(fields), stamp),
                )
            for key in removals:
                await tx.execute(
                    "DELETE FROM sessions WHERE visit_id = ? AND key = ?", (visit_id, key)
                )

    async def cancel(self, session_id: int, now: datetime) -> bool:
        """Mark a session cancelled; True if it was not already."""
        changed = await self.db.execute(
            "UPDATE sessions SET cancelled_at = ?, updated_at = ? WHERE id = ?"
            " AND cancelled_at IS NULL",
            (to_db(now), to_db(now), session_id),
        )
        return changed > 0
