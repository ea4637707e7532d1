"""Calendar files (.ics) of a visit's agenda or one session, made with the icalendar library."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import icalendar

from bot.i18n import Texts
from bot.visits import zone_of
from storage.sessions import Session
from storage.visits import Visit


def calendar_file(
    visit: Visit, sessions: Iterable[Session], language: str, now: datetime, texts: Texts
) -> bytes:
    """An iCalendar file with one event per session, in the visit's time zone (with VTIMEZONE);
    every label in the person's language."""
    zone = zone_of(visit)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Rombongan//agenda//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", visit.title)
    calendar.add("x-wr-timezone", visit.timezone)
    for session in sessions:
        fields = session.fields
        event = icalendar.Event()
        event.add("uid", f"{visit.slug}-{session.key}@rombongan")
        event.add("summary", session.title(language))
        event.add("dtstart", session.starts_at.astimezone(zone))
        event.add("dtend", session.ends_at.astimezone(zone))
        event.add("dtstamp", now)
        place = ", ".join(p for p in (fields.venue.name, fields.venue.address) if p)
        if place:
            event.add("location", place)
        if fields.venue.latitude is not None and fields.venue.longitude is not None:
            event.add("geo", (fields.venue.latitude, fields.venue.longitude))
        description = fields.description_id if language == "id" else fields.description_en
        if fields.dress_code:
            dress = texts.plain(language, "agenda.ics.dress", dress=fields.dress_code)
            description = f"{description}\n\n{dress}".strip()
        if description:
            event.add("description", description)
        event.add("status", "CANCELLED" if session.cancelled else "CONFIRMED")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
