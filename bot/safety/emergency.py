"""The emergency pack of a visit: local emergency numbers, the hotel, the nearest hospital to
each venue, the organisers' phones, meeting points with map pins, and what to do if separated.

It is loaded with the agenda file (an `emergency:` section, checked with the rest of the file,
all or nothing) or set piece by piece by organisers in chat; `/emergency` shows it to everyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bot.checkins import distance_m
from bot.i18n import Html, Texts, distance
from bot.outbox import Button
from bot.safety.sos import map_url
from storage.emergency import EmergencyStore
from storage.sessions import Session, SessionStore

# Indonesia's numbers, shown when the pack names none of its own.
NUMBER_KINDS = ("emergency", "ambulance", "police", "fire", "sar")
DEFAULT_NUMBERS = {"emergency": "112", "ambulance": "118 / 119", "police": "110", "fire": "113"}
MAX_ITEMS = 20
BLANK = Html("")
MAX_PINS = 8
# `/emergency KIND ...` words organisers use to set a piece, and what `remove` takes.
PIECES = ("number", "hotel", "hospital", "point", "organiser", "separated_id", "separated_en")
LISTS = {"hospital": "hospitals", "point": "meeting_points", "organiser": "organisers"}


class Place(BaseModel):
    """A hotel, hospital or meeting point: a name, and a pin when coordinates are given."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200)
    address: str = Field("", max_length=300)
    phone: str = Field("", max_length=40)
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    note: str = Field("", max_length=300)

    @model_validator(mode="after")
    def _both_coordinates(self) -> Place:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("give both latitude and longitude, or neither")
        return self


class Contact(BaseModel):
    """An organiser to call."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=100)
    phone: str = Field(min_length=3, max_length=40)


class EmergencyPack(BaseModel):
    """The whole pack as an agenda file's `emergency:` section writes it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    numbers: dict[str, str] = Field(default_factory=dict)
    hotel: Place | None = None
    hospitals: list[Place] = Field(default_factory=list, max_length=MAX_ITEMS)
    organisers: list[Contact] = Field(default_factory=list, max_length=MAX_ITEMS)
    meeting_points: list[Place] = Field(default_factory=list, max_length=MAX_ITEMS)
    separated_id: str = Field(default="", max_length=1000)
    separated_en: str = Field(default="", max_length=1000)

    @field_validator("numbers")
    @classmethod
    def _known_numbers(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = [kind for kind in value if kind not in NUMBER_KINDS]
        if unknown:
            raise ValueError(f"unknown kind {', '.join(unknown)} (use {', '.join(NUMBER_KINDS)})")
        if any(not number.strip() or len(number) > 40 for number in value.values()):
            raise ValueError("a number is empty or too long")
        return {kind: number.strip() for kind, number in value.items()}

    def stored(self) -> dict[str, Any]:
        """The pack as it is stored and compared (JSON types only)."""
        return self.model_dump(mode="json")


def check_pack(raw: object) -> tuple[dict[str, Any] | None, list[tuple[str, str]]]:
    """An `emergency:` section checked: the stored pack, or (where, what) problems."""
    if not isinstance(raw, dict):
        return None, [("emergency", "write it as a mapping (numbers:, hotel:, hospitals: ...)")]
    try:
        pack = EmergencyPack.model_validate(raw)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            where = ".".join(str(part) for part in ("emergency", *item["loc"]))
            problems.append((where, str(item["msg"]).removeprefix("Value error, ")[:120]))
        return None, problems
    return pack.stored(), []


@dataclass(frozen=True, slots=True)
class Nearest:
    """The hospital nearest to a venue, and how far it is."""

    venue: str
    hospital: Place
    metres: float


def nearest_hospitals(pack: EmergencyPack, sessions: list[Session]) -> list[Nearest]:
    """For each venue with coordinates (once per venue name), the nearest hospital with some."""
    pinned = [h for h in pack.hospitals if h.latitude is not None and h.longitude is not None]
    found: dict[str, Nearest] = {}
    for session in sessions:
        venue = session.venue
        if session.cancelled or venue.latitude is None or venue.longitude is None or not pinned:
            continue
        name = venue.name or session.key
        if name in found:
            continue
        latitude, longitude = venue.latitude, venue.longitude
        best = min(
            pinned,
            key=lambda h: distance_m(latitude, longitude, h.latitude or 0, h.longitude or 0),
        )
        metres = distance_m(latitude, longitude, best.latitude or 0, best.longitude or 0)
        found[name] = Nearest(name, best, metres)
    return list(found.values())


class EmergencyPacks:
    """Reading, showing and changing a visit's pack."""

    def __init__(self, store: EmergencyStore, sessions: SessionStore, texts: Texts) -> None:
        self.store = store
        self.sessions = sessions
        self.texts = texts

    async def pack(self, visit_id: int) -> EmergencyPack:
        """The visit's pack (an empty one before any was loaded)."""
        stored = await self.store.get(visit_id)
        return EmergencyPack() if stored is None else EmergencyPack.model_validate(stored)

    async def show(
        self, visit_id: int, title: str, language: str
    ) -> tuple[Html, list[list[Button]]]:
        """`/emergency`: the whole pack as one message, with a map button per pin."""
        get = self.texts.get
        pack = await self.pack(visit_id)
        lines: list[Html] = [get(language, "emergency.title", visit=title)]
        numbers = pack.numbers or DEFAULT_NUMBERS
        lines.append(get(language, "emergency.numbers"))
        lines += [
            get(
                language, "emergency.number", kind=get(language, f"emergency.kind.{kind}"), number=n
            )
            for kind, n in numbers.items()
        ]
        pins: list[tuple[str, Place]] = []
        if pack.hotel is not None:
            lines += [BLANK, get(language, "emergency.hotel"), self._place(pack.hotel, language)]
            pins.append(
                (get(language, "emergency.pin.hotel", name=pack.hotel.name[:57]), pack.hotel)
            )
        nearest = nearest_hospitals(pack, await self.sessions.of_visit(visit_id))
        if nearest:
            lines += [BLANK, get(language, "emergency.hospitals")]
            for near in nearest:
                lines.append(
                    get(
                        language,
                        "emergency.nearest",
                        venue=near.venue,
                        hospital=near.hospital.name,
                        distance=distance(near.metres, language),
                        phone=near.hospital.phone or "—",
                    )
                )
        elif pack.hospitals:
            lines += [BLANK, get(language, "emergency.hospitals")]
            lines += [self._place(h, language) for h in pack.hospitals]
        for hospital in pack.hospitals:
            pins.append(
                (get(language, "emergency.pin.hospital", name=hospital.name[:57]), hospital)
            )
        if pack.organisers:
            lines += [BLANK, get(language, "emergency.organisers")]
            lines += [
                get(language, "emergency.contact", name=c.name, phone=c.phone)
                for c in pack.organisers
            ]
        if pack.meeting_points:
            lines += [BLANK, get(language, "emergency.points")]
            for number, point in enumerate(pack.meeting_points, start=1):
                lines.append(
                    get(
                        language,
                        "emergency.point",
                        number=number,
                        name=point.name,
                        note=f" — {point.note}" if point.note else "",
                    )
                )
                pins.append((get(language, "emergency.pin.point", name=point.name[:57]), point))
        separated = pack.separated_id if language == "id" else pack.separated_en
        separated = separated or pack.separated_en or pack.separated_id
        lines += [
            BLANK,
            get(language, "emergency.separated"),
            get(language, "emergency.separated.text", text=separated)
            if separated
            else get(language, "emergency.separated.default"),
        ]
        rows = [
            [Button(label, url=map_url(place.latitude or 0, place.longitude or 0))]
            for label, place in pins
            if place.latitude is not None
        ][:MAX_PINS]
        return Html("\n").join(lines), rows

    def _place(self, place: Place, language: str) -> Html:
        parts = [part for part in (place.name, place.address, place.phone) if part]
        return self.texts.get(language, "emergency.place", place=" · ".join(parts))

    async def change(self, visit_id: int, words: str, now: Any) -> tuple[str, dict[str, Any]]:
        """An organiser's `/emergency KIND VALUE` or `/emergency remove KIND NAME`: the text
        key of the outcome and its values; the pack is stored only when the change is valid."""
        kind, _, rest = words.strip().partition(" ")
        kind, rest = kind.lower(), rest.strip()
        data = (await self.pack(visit_id)).stored()
        if kind == "remove":
            what, _, name = rest.partition(" ")
            name = name.strip()
            if what.lower() == "number" and name.lower() in data["numbers"]:
                del data["numbers"][name.lower()]
            elif what.lower() in LISTS and any(
                item["name"].lower() == name.lower() for item in data[LISTS[what.lower()]]
            ):
                field = LISTS[what.lower()]
                data[field] = [i for i in data[field] if i["name"].lower() != name.lower()]
            elif what.lower() == "hotel" and data["hotel"] is not None:
                data["hotel"] = None
            else:
                return "emergency.set.not_found", {"name": name or what}
        elif kind not in PIECES or not rest:
            return "emergency.set.usage", {}
        elif kind == "number":
            which, _, number = rest.partition(" ")
            data["numbers"][which.lower()] = number.strip()
        elif kind in ("separated_id", "separated_en"):
            data[kind] = rest
        else:
            parts = [part.strip() for part in rest.split("|")]
            if kind == "organiser":
                item: dict[str, Any] = {
                    "name": parts[0],
                    "phone": parts[1] if len(parts) > 1 else "",
                }
            else:
                place = _place_from(parts, point=kind == "point")
                if place is None:
                    return "emergency.set.bad_pin", {}
                item = place
            if kind == "hotel":
                data["hotel"] = item
            else:
                field = LISTS[kind]
                kept = [i for i in data[field] if i["name"].lower() != item["name"].lower()]
                data[field] = [*kept, item]
        stored, problems = check_pack(data)
        if stored is None:
            return "emergency.set.invalid", {"problem": "; ".join(f"{w}: {p}" for w, p in problems)}
        await self.store.put(visit_id, stored, now)
        return "emergency.set.saved", {}


def _place_from(parts: list[str], *, point: bool) -> dict[str, Any] | None:
    """`Name | address | phone | lat, lon` (a hotel or hospital) or `Name | lat, lon | note`
    (a meeting point) as a place; None when the pin cannot be read."""
    item: dict[str, Any] = {"name": parts[0]}
    pin_at = 1 if point else 3
    if point and len(parts) > 2:
        item["note"] = parts[2]
    if not point:
        if len(parts) > 1:
            item["address"] = parts[1]
        if len(parts) > 2:
            item["phone"] = parts[2]
    if len(parts) > pin_at and parts[pin_at]:
        try:
            latitude, longitude = (float(p) for p in parts[pin_at].replace(" ", "").split(","))
        except ValueError:
            return None
        item["latitude"], item["longitude"] = latitude, longitude
    return item
