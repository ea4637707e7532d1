"""The demo visit: Sesdilu's strategic workshop in Banyuwangi (29-31 October 2025).

Eighteen trainee diplomats, the organisers, a few partners and creators, seeded into the
sandbox's own database so the terminal chat has someone to be.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


# ---------------------------------------------------------------------- the played visit

PLAYED_QUESTIONS = [
    (
        101,
        "Nordic Design Lab",
        "Bagaimana Nordic Design Lab membantu perajin batik menembus pasar Eropa?",
        "Every spring we host two batik makers at our Stockholm studio residency.",
        201,
    ),
    (
        104,
        "Asia Screen Fund",
        "Apakah dana Anda terbuka untuk dokumenter tentang tradisi Gandrung?",
        "Yes: our documentary window opens in March, and co-productions are welcome.",
        202,
    ),
    (
        109,
        "Craft Network Europe",
        "Bisakah kopi Kemiren ikut pasar kriya di Lyon?",
        None,
        203,
    ),
]
PLAYED_COMMENTS = [
    "Praktik langsung dengan perajin sangat membantu.",
    "Perlu lebih banyak waktu tanya jawab.",
    "Very clear, and the partners were open to follow-ups.",
]
# One reflection a day (what happened, what it means, what I will do), as a diplomat might write.
PLAYED_REFLECTIONS = (
    (
        "Bertemu perajin batik Gajah Oling dan mitra dari Stockholm.",
        "Diplomasi budaya bisa dimulai dari sanggar: kriya adalah bahasa bersama.",
        "Menyusun catatan peluang pameran batik untuk KBRI Stockholm.",
    ),
    (
        "Belajar dari warga Kemiren cara kopi dan tenun Osing dijual ke wisatawan.",
        "Desa adat adalah wajah Indonesia yang paling meyakinkan bagi mitra asing.",
        "Mengusulkan Kemiren dalam paket kunjungan duta besar berikutnya.",
    ),
    (
        "Menyusun rekomendasi bersama mitra internasional di sesi sintesis.",
        "Kerja sama ekonomi kreatif perlu tindak lanjut yang terjadwal, bukan hanya MoU.",
        "Menghubungi Asia Screen Fund dalam dua minggu tentang program residensi.",
    ),
)


async def play_demo_visit(services: Services) -> Visit:
    """The demo visit's three days as they could have gone: check-ins (some late, some
    missed), questions and answers, feedback with comments, reflections, introductions and
    collaboration leads. Deterministic, so two runs give the same figures."""
    from datetime import timedelta

    from bot.learning.reflection import DailyReflection
    from bot.questions import text_key
    from storage.checkins import CheckIn
    from storage.learning import Answer
    from storage.questions import NewQuestion

    visit = await seed_demo_visit(services)
    store = services.learning.store
    sessions = [s for s in await services.agenda.sessions.of_visit(visit.id) if not s.cancelled]
    for number, session in enumerate(sessions):
        for index, persona in enumerate(PARTICIPANTS):
            # Most come on time, every fifth is late somewhere, a few miss a session.
            if (index + number) % 9 == 4:
                continue
            late = (index * 3 + number) % 5 == 0
            moment = session.starts_at + timedelta(minutes=15 if late else -5)
            await services.checkins.store.record(
                CheckIn(session.id, persona.id, "late" if late else "present", "button", moment)
            )
            if (index + number) % 3 != 2:
                rating = 5 - (index + number) % 3 - (1 if late else 0)
                await store.rate(
                    visit.id, session.id, persona.id, rating, session.ends_at + timedelta(hours=1)
                )
                if (index + number) % 7 == 0:
                    comment = PLAYED_COMMENTS[(index + number) % len(PLAYED_COMMENTS)]
                    await store.comment(session.id, persona.id, comment)
                    await store.sign(session.id, persona.id, index % 2 == 0)
    partners = {p.name: p for p in await services.partners.store.of_visit(visit.id)}
    question_ids = []
    for asker, partner_name, text, answer, answerer in PLAYED_QUESTIONS:
        partner = partners[partner_name]
        asked_at = sessions[1].starts_at + timedelta(minutes=30)
        question_id = await services.questions.store.create(
            NewQuestion(
                visit.id, asker, partner.id, None, partner_name, text, text_key(text), False
            ),
            "published",
            asked_at,
        )
        assert question_id is not None
        question_ids.append(question_id)
        if answer is not None:
            await services.questions.store.answer(
                question_id, answer, answerer, False, asked_at + timedelta(minutes=40)
            )
    profiles = await services.creators.store.approved(visit.id)
    introductions = []
    for number, profile in enumerate(profiles):
        asker = PARTICIPANTS[number * 2].id
        moment = sessions[2].ends_at
        intro = await services.creators.store.add_introduction(
            visit.id, profile.id, asker, "Untuk pameran KBRI.", moment
        )
        assert intro is not None
        introductions.append(intro)
        status = "declined" if number == 2 else "accepted"
        await services.creators.store.answer_introduction(
            intro, status, moment + timedelta(hours=2)
        )
    reflection = DailyReflection(
        store,
        services.visits.store,
        services.people.store,
        services.outbox,
        services.texts,
        services.clock,
        services.people.language_of,
    )
    on = visit.first_day
    while on <= visit.last_day:
        due = reflection.due(visit, on)
        assert due is not None
        for index, persona in enumerate(PARTICIPANTS[:12]):
            written = await store.open_reflection(visit.id, persona.id, on, due)
            day = PLAYED_REFLECTIONS[(on - visit.first_day).days % len(PLAYED_REFLECTIONS)]
            for prompt, text in zip(("happened", "meaning", "action"), day, strict=True):
                if prompt == "meaning" and index % 4 == 3:
                    await store.answer(
                        written.id,
                        prompt,
                        Answer(voice=f"demo-voice-{index}", seconds=40 + index),
                        due,
                    )
                else:
                    await store.answer(written.id, prompt, Answer(text=text), due)
            if index % 3 == 0:
                await store.share(written.id, True)
        on += timedelta(days=1)
    after = datetime_after(visit)
    lead = await store.add_lead(
        visit.id,
        question_id=question_ids[0],
        partner_id=partners["Nordic Design Lab"].id,
        marked_by=PARTNERS[0].id,
        now=after,
    )
    await store.set_lead_status(lead.id, "agreed", after + timedelta(days=30))
    lead = await store.add_lead(
        visit.id,
        question_id=question_ids[1],
        partner_id=partners["Asia Screen Fund"].id,
        marked_by=PARTNERS[1].id,
        now=after,
    )
    await store.set_lead_status(lead.id, "contacted", after + timedelta(days=10))
    await store.add_lead(
        visit.id,
        introduction_id=introductions[0],
        partner_id=None,
        marked_by=ORGANISERS[0].id,
        now=after,
    )
    return visit


def datetime_after(visit: Visit) -> Any:
    """The evening of the visit's last day (UTC), when leads are marked."""
    from datetime import UTC, datetime, time

    return datetime.combine(visit.last_day, time(12, 0), tzinfo=UTC)


async def write_played(path: Path) -> Visit:
    """A fresh database file at `path` with the demo visit played."""
    from datetime import UTC, datetime

    from bot.clock import ManualClock
    from config import Settings

    if path.exists():
        raise FileExistsError(f"{path} exists: give a new file")
    settings = Settings(_env_file=None, database_path=path)  # type: ignore[call-arg]
    services = Services.create(settings, ManualClock(datetime(2025, 11, 1, 2, 0, tzinfo=UTC)))
    await services.open()
    try:
        return await play_demo_visit(services)
    finally:
        await services.close()


def main(argv: list[str] | None = None) -> int:
    """`python -m sandbox.demo --played DB`: write the played demo visit into a new file."""
    import argparse
    import asyncio

    parser = argparse.ArgumentParser(prog="python -m sandbox.demo")
    parser.add_argument(
        "--played", type=Path, required=True, metavar="DB", help="the database file to write"
    )
    arguments = parser.parse_args(argv)
    visit = asyncio.run(write_played(arguments.played))
    print(
        f"demo visit {visit.slug} played into {arguments.played}; try\n"
        f"  DATABASE_PATH={arguments.played} python -m bot report visit --visit {visit.slug}"
        " --output report.docx\n"
        f"  DATABASE_PATH={arguments.played} python -m bot report person --visit {visit.slug}"
        " --person Rani --output mine.docx"
    )
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main())
