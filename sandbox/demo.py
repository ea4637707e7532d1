"""The demo visit: Sesdilu's strategic workshop in Banyuwangi (29-31 October 2025).

Eighteen trainee diplomats, the organisers, a few partners and creators, seeded into the
sandbox's own database so the terminal chat has someone to be.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.creators import APPROVED
from bot.services import Services
from bot.visits import check_new_visit
from storage.logistics import Assignment
from storage.partners import PartnerFields
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

# The organisations of the demo agenda, and which partner persona speaks for each.
DEMO_PARTNERS: list[tuple[PartnerFields, int | None]] = [
    (
        PartnerFields(
            "Nordic Design Lab",
            "Sweden",
            "Design",
            "Laboratorium desain dari Stockholm yang bekerja dengan perajin lokal.",
            "A Stockholm design lab that works with local makers.",
            "https://nordicdesignlab.example",
        ),
        201,
    ),
    (
        PartnerFields(
            "Asia Screen Fund",
            "Japan",
            "Film",
            "Dana untuk film dokumenter dan animasi di Asia.",
            "A fund for documentary and animated film in Asia.",
            "https://asiascreenfund.example",
        ),
        202,
    ),
    (
        PartnerFields(
            "Craft Network Europe",
            "France",
            "Craft",
            "Jaringan perajin dan pasar kriya di Eropa.",
            "A network of makers and craft markets across Europe.",
            "https://craftnetwork.example",
        ),
        203,
    ),
    (PartnerFields("Pemerintah Kabupaten Banyuwangi", "Indonesia", "Government"), None),
    (PartnerFields("Lembaga Adat Osing Kemiren", "Indonesia", "Culture"), None),
]
# Approved profiles of the creator personas, as the guided chat would have stored them.
DEMO_PROFILES: dict[int, dict[str, object]] = {
    301: {
        "name": "Wahyu Gandrung",
        "disciplines": ["dance", "music"],
        "bio": "Penari dan penabuh gandrung Banyuwangi; mengajar anak-anak di sanggarnya.",
        "place": "Sanggar Gandrung, Banyuwangi",
        "links": ["https://gandrung.example"],
        "username": "wahyu_gandrung",
    },
    302: {
        "name": "Siti Batik Osing",
        "disciplines": ["batik", "craft"],
        "bio": "Pembatik motif Gajah Oling dan Kangkung Setingkes, pewarna alam.",
        "place": "Kelurahan Temenggungan, Banyuwangi",
        "links": ["https://batikosing.example"],
        "username": "siti_batik",
    },
    303: {
        "name": "Joko Kopi Kemiren",
        "disciplines": ["culinary"],
        "bio": "Petani dan penyangrai kopi robusta di Desa Kemiren; tur kebun kopi.",
        "place": "Desa Kemiren, Glagah",
        "links": [],
        "phone": "+62 812 0000 3030",
    },
}


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
    await seed_demo_partners(services, visit)
    await seed_demo_creators(services, visit)
    await seed_demo_groups(services, visit)
    return visit


async def seed_demo_partners(services: Services, visit: Visit) -> None:
    """The agenda's organisations, each international one with its representative."""
    for fields, representative in DEMO_PARTNERS:
        partner = await services.partners.add(visit.id, fields)
        if partner is not None and representative is not None:
            await services.partners.store.link(
                visit.id, partner.id, representative, services.clock.now()
            )


async def seed_demo_creators(services: Services, visit: Visit) -> None:
    """The creator personas' profiles, submitted and approved by the course director."""
    for person_id, data in DEMO_PROFILES.items():
        submitted = await services.creators.submit(visit.id, person_id, dict(data))
        profile = submitted.profile
        await services.creators.review(profile.id, profile.revision, APPROVED, ORGANISERS[0].id)


async def seed_demo_agenda(services: Services, visit: Visit) -> None:
    """Load the sample agenda file into the demo visit, as an organiser's upload would."""
    checked = await services.agenda.read(visit, DEMO_AGENDA.read_bytes(), DEMO_AGENDA.name)
    if not checked.ok:
        raise ValueError(f"the demo agenda is invalid: {checked.problems}")
    await services.agenda.load(visit, checked.sessions, None, checked.emergency)


# Two buses of nine, each with a leader (the course director; Ayu, a participant given the
# leader role), buddy pairs in seat order, and two to a room.
BUSES = {"Bus 1": (PARTICIPANTS[:9], ORGANISERS[0].id), "Bus 2": (PARTICIPANTS[9:], 111)}


async def seed_demo_groups(services: Services, visit: Visit) -> None:
    """The demo's buses with leaders and buddies, and who sleeps and sits where."""
    groups = services.audiences.groups
    assignments: list[Assignment] = []
    for name, (members, leader_id) in BUSES.items():
        await groups.set_members(visit.id, name, [persona.id for persona in members])
        await groups.set_leader(visit.id, name, leader_id)
        for seat, persona in enumerate(members):
            if seat % 2 == 1:
                await groups.set_buddies(visit.id, members[seat - 1].id, persona.id)
            room = str(201 + (persona.id - 101) // 2)
            assignments.append(
                Assignment(persona.id, room, name, f"{seat // 2 + 1}{'AB'[seat % 2]}")
            )
    await services.logistics.store.replace(visit.id, assignments)
