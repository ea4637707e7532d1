"""The demo visit: Sesdilu's strategic workshop in Banyuwangi (29-31 October 2025).

Eighteen trainee diplomats, the organisers, a few partners and creators, seeded into the
sandbox's own database so the terminal chat has someone to be.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.services import Services
from bot.visits import check_new_visit
from storage.roles import Role
from storage.visits import Visit

VISIT_SLUG = "banyuwangi-2025"
DEMO_AGENDA = Path(__file__).with_name("demo_agenda.yaml")


@dataclass(frozen=True, slots=True)
class Persona:
    """A demo person: Telegram id, name, role and language."""

    id: int
    first_name: str
    last_name: str | None
    role: Role
    language: str = "id"
    username: str | None = None


ORGANISERS = [
    Persona(1, "Tubagus Edwin", "Suchranudin", Role.ORGANISER, "id", "tubagus_edwin"),
    Persona(2, "Sari", "Wulandari", Role.ORGANISER, "id", "sari_panitia"),
]
PARTICIPANT_NAMES = [
    "Rani Pratiwi",
    "Bagus Santoso",
    "Dewi Lestari",
    "Arif Rahman",
    "Putri Maharani",
    "Fajar Nugroho",
    "Intan Permata",
    "Yoga Prasetyo",
    "Nadia Kusuma",
    "Rizky Hidayat",
    "Ayu Anggraini",
    "Hendra Wijaya",
    "Sinta Amelia",
    "Dimas Saputra",
    "Laras Sekar",
    "Galih Ramadhan",
    "Maya Sari",
    "Teguh Firmansyah",
]
PARTICIPANTS = [
    Persona(
        100 + number,
        name.split()[0],
        name.split()[1],
        Role.PARTICIPANT,
        "en" if number % 6 == 5 else "id",
        name.split()[0].lower(),
    )
    for number, name in enumerate(PARTICIPANT_NAMES, start=1)
]
PARTNERS = [
    Persona(201, "Emma", "Lindqvist", Role.PARTNER, "en", "emma_nordic_design"),
    Persona(202, "Kenji", "Watanabe", Role.PARTNER, "en", "kenji_screen_fund"),
    Persona(203, "Amélie", "Laurent", Role.PARTNER, "en", "amelie_craft_network"),
]
CREATORS = [
    Persona(301, "Wahyu", "Gandrung", Role.CREATOR, "id", "wahyu_gandrung"),
    Persona(302, "Siti", "Batik Osing", Role.CREATOR, "id", "siti_batik"),
    Persona(303, "Joko", "Kopi Kemiren", Role.CREATOR, "id", None),
]
PERSONAS = ORGANISERS + PARTICIPANTS + PARTNERS + CREATORS


async def seed_demo_visit(services: Services) -> Visit:
    """Create the demo visit and its people (idempotent: an existing demo is left as it is)."""
    existing = await services.visits.store.by_slug(VISIT_SLUG)
    if existing is not None:
        return existing
    visit = await services.visits.create(
        check_new_visit(
            slug=VISIT_SLUG,
            title="Sesdilu — Lokakarya Strategis Banyuwangi",
            region="Banyuwangi, Jawa Timur",
            first_day="2025-10-29",
            last_day="2025-10-31",
            timezone="Asia/Jakarta",
            language="id",
        )
    )
    now = services.clock.now()
    for persona in PERSONAS:
        await services.people.store.seen(
            person_id=persona.id,
            first_name=persona.first_name,
            last_name=persona.last_name,
            username=persona.username,
            telegram_language=persona.language,
            private_chat=True,
            now=now,
        )
        await services.people.enrol(persona.id, visit.id, persona.role)
    await seed_demo_agenda(services, visit)
    return visit


async def seed_demo_agenda(services: Services, visit: Visit) -> None:
    """Load the sample agenda file into the demo visit, as an organiser's upload would."""
    checked = await services.agenda.read(visit, DEMO_AGENDA.read_bytes(), DEMO_AGENDA.name)
    if not checked.ok:
        raise ValueError(f"the demo agenda is invalid: {checked.problems}")
    await services.agenda.load(visit, checked.sessions, actor_id=None)
