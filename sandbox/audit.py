"""`python -m sandbox.audit`: a demo visit played through the stand-in, then attacked.

1. every button rule and every command is tried by every role, in the visit its data names and
   from another visit, with well-formed data naming visit A's records: each forgery must be
   refused, and the database must not change;
2. a participant, a creator and a partner representative use `/forgetme`; every table and
   column (full-text indexes included) is scanned for any trace of them;
3. the clock moves past the retention period (RETENTION_DAYS, 90 by default): the purge runs,
   and the scan runs again for every person of the visit.

The last line: `audit: callbacks=C commands=M forgeries=F refused=R rows_written=W
traces_after_forget=T traces_after_retention=TR`.
"""

from __future__ import annotations

import asyncio
import html
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.access import ButtonRule
from bot.clock import ManualClock
from bot.visits import check_new_visit
from sandbox.demo import DEMO_AGENDA
from sandbox.harness import Member, Rehearsal, start_live_bot
from sandbox.users import SentMessage
from storage.database import Database
from storage.roles import Role
from storage.visits import Visit

ROLES = tuple(Role)
PARTNER_NAME = "Nordic Design Lab"
QUESTION = "Bagaimana Nordic Design Lab membantu pengrajin batik Kemiren menembus pasar Eropa?"
ANSWER = "Every spring we host two Kemiren batik makers at our Stockholm studio residency."
INTRO_NOTE = "Belajar batik Gajah Oling untuk pameran KBRI di Stockholm."
FEEDBACK_COMMENT = "Sesi pembukaan terlalu panjang untuk tanya jawab."
REFLECTION_TEXT = "Kriya Kemiren membuka percakapan tentang diplomasi budaya."
NEEDS_NOTE = "Alergi udang dan kacang mete, bawa EpiPen sendiri."


@dataclass
class Demo:
    """Two visits with a member of every role each, and one record of every kind in visit A."""

    visits: dict[str, Visit]
    actors: dict[tuple[str, Role], Member]
    records: dict[str, int] = field(default_factory=dict)
    invite_code: str = ""

    def actor(self, visit: str, role: Role) -> Member:
        """The member of `visit` ("A" or "B") with `role`."""
        return self.actors[(visit, role)]


async def new_visit(world: Rehearsal, slug: str, title: str) -> Visit:
    """A visit over the demo's days."""
    return await world.services.visits.create(
        check_new_visit(
            slug=slug,
            title=title,
            region="Banyuwangi, Jawa Timur",
            first_day="2025-10-29",
            last_day="2025-10-31",
            timezone="Asia/Jakarta",
            language="id",
        )
    )


NAMES = {
    Role.ORGANISER: ("Tubagus", "Suchranudin", "tubagus_edwin", "id"),
    Role.PARTICIPANT: ("Rani", "Dewantari & <Putri>", "rani_dewa", "id"),
    Role.PARTNER: ("Emma", "Lindqvist", "emma_nordic", "en"),
    Role.CREATOR: ("Sekar", "Wulandari", "sekar_wulan", "en"),
}
ROSTER = b"name,role,phone,group\nBagus Santoso,peserta,+62 812 0000 1111,Bus 1\n"
# Ids no counter or message id of a small demo reaches, so a scan finds only them.
IDS = {Role.PARTICIPANT: 876_543_219, Role.PARTNER: 765_432_198, Role.CREATOR: 987_654_321}
PROFILE = {
    "name": "Sekar Arum Wulandari",
    "bio": "Pembatik tulis Gajah Oling dari Kemiren sejak 2009.",
    "place": "Desa Kemiren",
    "links": "https://wulandari-batik.example.id",
    "contact": "+62 811 2233 4455, sekar.wulan@example.id",
}


async def play_demo(world: Rehearsal) -> Demo:
    """Play the demo visit A through the stand-in (and a second visit B beside it)."""
    a = await new_visit(world, "banyuwangi-2025", "Sesdilu Banyuwangi")
    b = await new_visit(world, "jember-2026", "Sesdilu Jember")
    demo = Demo({"A": a, "B": b}, {})
    for label, visit in demo.visits.items():
        for role in ROLES:
            first, last, username, language = NAMES[role]
            if label == "B":
                first, last, username = first + "B", "Bee", f"{first.lower()}b_jember"
            demo.actors[(label, role)] = await world.join(
                first,
                role,
                visit.id,
                last_name=last,
                username=username,
                language=language,
                user_id=IDS.get(role) if label == "A" else None,
            )
    for label in demo.visits:
        organiser = demo.actor(label, Role.ORGANISER)
        await organiser.send_document("agenda.yaml", DEMO_AGENDA.read_bytes())
        await organiser.send(f"/partner add {PARTNER_NAME} | Sweden | Design | Lab desain | Lab")
    organiser, rani = demo.actor("A", Role.ORGANISER), demo.actor("A", Role.PARTICIPANT)
    # A change to the loaded agenda waits for the organiser's Apply: a staged import.
    changed = DEMO_AGENDA.read_bytes().replace(b'start: "09:00"', b'start: "09:15"', 1)
    await organiser.send_document("agenda.yaml", changed)
    # A roster, then a changed one waiting for the organiser's Apply: a staged roster file.
    await organiser.send_document("roster.csv", ROSTER, caption="/roster")
    await organiser.send_document(
        "roster.csv", ROSTER + b"Dimas Saputra,peserta\n", caption="/roster"
    )
    emma, sekar = demo.actor("A", Role.PARTNER), demo.actor("A", Role.CREATOR)
    await organiser.send(f"/partner rep {PARTNER_NAME} @emma_nordic")
    await fill_profile(sekar)
    await organiser.press("Setujui", organiser.messages[-1])
    await rani.send("/creators kemiren")
    await rani.press(0)
    await rani.press("Minta perkenalan")
    await rani.send(INTRO_NOTE)
    await rani.send("/ask")
    await rani.press(f"🤝 {PARTNER_NAME}")
    await rani.send(QUESTION)
    await rani.press("👤 Tampilkan nama saya")
    await rani.press("📨 Kirim")
    await organiser.press("✅ Terbitkan", latest_with(organiser, "Kemiren"))
    await organiser.send("/questions")  # the question goes on the room's screen
    await organiser.press("📺 Tampilkan", latest_with(organiser, "Kemiren"))
    await emma.reply_to(latest_with(emma, "Kemiren"), ANSWER)
    # Emma marks the answered question as a collaboration lead.
    await emma.send("/leads")
    await emma.press("➕ Mark a new lead")
    await emma.press(0)
    await organiser.send("/announce")
    await organiser.send("Bus ke Kemiren berangkat 07.00 dari lobi hotel.")
    await organiser.press(0)
    await organiser.press("Biasa")
    await organiser.press("Tidak perlu")
    await organiser.press("📤 Kirim", organiser.messages[-1])
    await organiser.send("/rollcall Bus ke Kemiren 10")
    await organiser.send("/safetycheck Latihan evakuasi")
    await rani.send("/sos drill")
    await rani.send("/cancel")
    # Specific data behind its own consent, and a room and seat: both must go with the person.
    await rani.send("/needs")
    await rani.press("✅ Saya setuju")
    await rani.press("▫️ Halal")
    await rani.press("✏️ Catatan")
    await rani.send(NEEDS_NOTE)
    await organiser.send("/rooming @rani_dewa 214 | Bus 2 | 3A")
    await organiser.send("/invite participant")
    # The room's screen: a link (an address is enough; the audit serves no pages) and a
    # question put on screen.
    world.services.wall.base_url = world.services.wall.base_url or "http://127.0.0.1:8080"
    await organiser.send("/wall")
    services = world.services
    db = services.db
    records = demo.records
    records["visit"] = a.id
    for table in ("dietary_needs", "logistics", "emergency_packs"):
        count = await db.fetch_value(f"SELECT COUNT(*) FROM {table}")
        assert count, f"the demo stored nothing in {table}"
    for kind, table in (
        ("session", "sessions"),
        ("profile", "creator_profiles"),
        ("introduction", "creator_introductions"),
        ("announcement", "announcements"),
        ("question", "questions"),
        ("rollcall", "rollcalls"),
        ("partner", "partners"),
        ("import", "agenda_imports"),
        ("roster_import", "roster_imports"),
        ("safety", "safety_checks"),
        ("sos", "sos_alerts"),
        ("lead", "leads"),
        ("wall", "wall_links"),
    ):
        value = await db.fetch_value(f"SELECT MIN(id) FROM {table} WHERE visit_id = ?", (a.id,))
        assert value is not None, f"the demo made no {kind}"
        records[kind] = int(value)
    await learning_records(world, demo)
    code = await db.fetch_value("SELECT code FROM invites WHERE visit_id = ? LIMIT 1", (a.id,))
    demo.invite_code = str(code)
    return demo


async def learning_records(world: Rehearsal, demo: Demo) -> None:
    """Rani's feedback on the first session and her reflection on the first day, as the
    feedback buttons and the reflection's guided chat store them (the demo's clock stays the
    day before the visit, so they are written here rather than played)."""
    from storage.learning import Answer

    services, visit = world.services, demo.visits["A"]
    rani = demo.actor("A", Role.PARTICIPANT)
    store = services.learning.store
    now = services.clock.now()
    session_id = demo.records["session"]
    await store.rate(visit.id, session_id, rani.id, 4, now)
    await store.comment(session_id, rani.id, FEEDBACK_COMMENT)
    await store.sign(session_id, rani.id, True)
    reflection = await store.open_reflection(visit.id, rani.id, visit.first_day, now)
    await store.answer(reflection.id, "happened", Answer(text=REFLECTION_TEXT), now)
    await store.share(reflection.id, True)


def latest_with(member: Member, marker: str) -> SentMessage:
    """The latest message to a member containing `marker`."""
    for message in reversed(member.messages):
        if marker in message.content:
            return message
    raise AssertionError(f"no message with {marker!r} for {member}")


async def fill_profile(sekar: Member) -> None:
    """A creator's whole profile chat, in English."""
    await sekar.send("/profile")
    await sekar.send(PROFILE["name"])
    await sekar.press("Batik and textile")
    await sekar.press("Done ✓")
    await sekar.send(PROFILE["bio"])
    await sekar.send(PROFILE["place"])
    await sekar.send(PROFILE["links"])
    await sekar.send(PROFILE["contact"])
    await sekar.send_photo(b"\x89PNG sekar-1")
    await sekar.press("Done ✓")
    await sekar.press("Yes, share my profile")
    await sekar.press("Submit ✓")


# -- the database, as a multiset of rows per table -------------------------------------------


async def snapshot(db: Database) -> dict[str, Counter[tuple[Any, ...]]]:
    """Every row of every table."""
    tables = await db.fetch_all("SELECT name FROM sqlite_master WHERE type = 'table'")
    found: dict[str, Counter[tuple[Any, ...]]] = {}
    for (table,) in tables:
        rows = await db.fetch_all(f'SELECT * FROM "{table}"')
        found[table] = Counter(tuple(row) for row in rows)
    return found


def rows_changed(
    before: dict[str, Counter[tuple[Any, ...]]], after: dict[str, Counter[tuple[Any, ...]]]
) -> int:
    """Rows added, removed or changed between two snapshots."""
    changed = 0
    for table in before.keys() | after.keys():
        old, new = before.get(table, Counter()), after.get(table, Counter())
        changed += sum(((old - new) + (new - old)).values())
    return changed


# -- forgeries -------------------------------------------------------------------------------


@dataclass
class Tally:
    """What the forgeries did."""

    callbacks: int = 0
    commands: int = 0
    forgeries: int = 0
    refused: int = 0
    rows_written: int = 0
    allowed: int = 0
    over_refused: list[str] = field(default_factory=list)
    not_refused: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Attempt:
    """One press or command by one actor, and whether it must be refused."""

    label: str
    role: Role
    data: str
    command: bool
    forged: bool


def button_attempts(rules: Iterable[ButtonRule], demo: Demo) -> list[Attempt]:
    """Every rule's data (naming visit A's records) by every role of both visits."""
    attempts = []
    for rule in rules:
        for data in rule.samples(demo.records):
            for label in ("A", "B"):
                for role in ROLES:
                    if not rule.needs:
                        forged = False  # anyone may: the language, forget-me
                    elif rule.record is not None:
                        forged = label == "B" or role not in rule.needs
                    else:
                        forged = role not in rule.needs
                    attempts.append(Attempt(label, role, data, False, forged))
    return attempts


def command_attempts(commands: dict[str, frozenset[Role | None]], demo: Demo) -> list[Attempt]:
    """Every command by every role of both visits, and commands naming visit A's records."""
    attempts = []
    for name, roles in sorted(commands.items()):
        for label in ("A", "B"):
            for role in ROLES:
                if role not in roles:
                    attempts.append(Attempt(label, role, f"/{name}", True, True))
    # An organiser of B naming A's records: the handlers look them up in B only.
    a_partner, code = demo.records["partner"], demo.invite_code
    for text in (f"/partner remove {a_partner}", f"/revoke {code}", f"/revoke i-{code}"):
        attempts.append(Attempt("B", Role.ORGANISER, text, True, True))
    return attempts


async def attempt(world: Rehearsal, demo: Demo, tried: Attempt) -> None:
    """Send the command or press the button as the actor."""
    actor = demo.actor(tried.label, tried.role)
    if tried.command:
        await actor.send(tried.data)
    else:
        await actor.press_data(tried.data, actor.messages[0])


async def try_forgeries(world: Rehearsal, demo: Demo, *, allowed_too: bool = False) -> Tally:
    """Every forgery (and, with `allowed_too`, every allowed press after them)."""
    services = world.services
    access = services.access
    commands = {
        name: roles
        for name in services.menu.commands() + list(access.commands)
        if (roles := access.command_roles(name)) is not None
    }
    tally = Tally(callbacks=len(access.rules), commands=len(commands))
    attempts = button_attempts(access.rules, demo) + command_attempts(commands, demo)
    forged = [a for a in attempts if a.forged]
    await world.settle()
    before = await snapshot(services.db)
    for tried in forged:
        refused_before = access.refused
        await attempt(world, demo, tried)
        tally.forgeries += 1
        if access.refused > refused_before:
            tally.refused += 1
        elif tried.command and "/" in tried.data and " " in tried.data:
            # A command naming another visit's record: refused by its handler, if it wrote
            # nothing (checked below for all of them at once).
            tally.refused += 1
        else:
            tally.not_refused.append(f"{tried.label}/{tried.role.value}: {tried.data}")
    await world.settle()
    tally.rows_written = rows_changed(before, await snapshot(services.db))
    if allowed_too:
        for tried in attempts:
            if tried.forged or tried.command or tried.data.startswith("fm:"):
                continue
            refused_before = access.refused
            await attempt(world, demo, tried)
            tally.allowed += 1
            if access.refused > refused_before:
                tally.over_refused.append(f"{tried.label}/{tried.role.value}: {tried.data}")
    return tally


# -- traces of a person ----------------------------------------------------------------------


def identifiers_of(demo: Demo, role: Role) -> tuple[int, list[str]]:
    """What identifies the visit A member with `role`: id, names, username, what they wrote."""
    member = demo.actor("A", role)
    first, last, username, _ = NAMES[role]
    found = [f"{first} {last}", last, username]
    if role is Role.PARTICIPANT:
        found += [QUESTION, INTRO_NOTE, FEEDBACK_COMMENT, REFLECTION_TEXT, NEEDS_NOTE]
    elif role is Role.CREATOR:
        found += [*PROFILE.values(), "+62 811 2233 4455", "sekar.wulan@example.id"]
    elif role is Role.PARTNER:
        found.append(ANSWER)
    return member.id, found


async def traces(db: Database, person_id: int, identifiers: Iterable[str]) -> list[str]:
    """Every table.column whose value is the person's id or holds something identifying, in
    any stored form (raw, HTML-escaped, JSON-escaped); binary columns (full-text indexes) are
    searched for the words of each value."""
    from bot.privacy import stored_forms

    wanted = {form.lower() for value in identifiers if value for form in stored_forms(value)}
    wanted.add(str(person_id))
    words = {
        word.lower().strip(".,")
        for value in identifiers
        for word in value.split()
        if len(word.strip(".,")) >= 5 and word.isascii()
    }
    words.add(str(person_id))
    found = []
    tables = await db.fetch_all("SELECT name FROM sqlite_master WHERE type = 'table'")
    for (table,) in tables:
        columns = [row["name"] for row in await db.fetch_all(f'PRAGMA table_info("{table}")')]
        for column in columns:
            for (value,) in await db.fetch_all(f'SELECT "{column}" FROM "{table}"'):
                if isinstance(value, int) and value == person_id:
                    found.append(f"{table}.{column} = {value}")
                elif isinstance(value, str) and any(w in value.lower() for w in wanted):
                    found.append(f"{table}.{column} = {value[:80]!r}")
                elif isinstance(value, bytes) and any(w.encode() in value.lower() for w in words):
                    found.append(f"{table}.{column} (bytes)")
    return found


async def forget_three(world: Rehearsal, demo: Demo) -> list[str]:
    """A participant, a creator and a partner representative forget themselves; what is left."""
    subjects = [Role.PARTICIPANT, Role.CREATOR, Role.PARTNER]
    for role in subjects:
        member = demo.actor("A", role)
        await member.send("/forgetme")
        await member.press(0, member.messages[-1])
    found = []
    for role in subjects:
        person_id, identifying = identifiers_of(demo, role)
        found += await traces(world.services.db, person_id, identifying)
    return found


RETENTION_DAYS = 90


async def after_retention(world: Rehearsal, demo: Demo) -> list[str]:
    """Move the clock past the visit's end plus the retention period (the purge runs); what is
    left of visit A's people, every one of them, in any stored form."""
    from datetime import UTC, datetime, timedelta

    visit = demo.visits["A"]
    end = datetime.combine(visit.last_day, datetime.min.time(), tzinfo=UTC)
    await world.move_clock_to(end + timedelta(days=RETENTION_DAYS + 2))
    found = []
    for role in ROLES:
        person_id, identifying = identifiers_of(demo, role)
        found += await traces(world.services.db, person_id, identifying)
    return found


def last_line(tally: Tally, traces_after_forget: int, traces_after_retention: int) -> str:
    """The audit's summary line."""
    return (
        f"audit: callbacks={tally.callbacks} commands={tally.commands}"
        f" forgeries={tally.forgeries} refused={tally.refused}"
        f" rows_written={tally.rows_written} traces_after_forget={traces_after_forget}"
        f" traces_after_retention={traces_after_retention}"
    )


def html_forms(value: str) -> set[str]:
    """A text as stored raw, HTML-escaped, and escaped twice."""
    once = html.escape(value, quote=False)
    return {value, once, html.escape(once, quote=False), html.escape(value)}


async def run(database: Path) -> str:
    """The whole audit over a fresh database file; returns the last line."""
    from datetime import UTC, datetime

    standin, live = await start_live_bot(
        database, clock=ManualClock(datetime(2025, 10, 28, 2, 0, tzinfo=UTC)), organiser_ids=[]
    )
    world = Rehearsal(standin, live)
    try:
        demo = await play_demo(world)
        tally = await try_forgeries(world, demo)
        for item in tally.not_refused:
            print(f"not refused: {item}")
        print(
            f"forgeries: {tally.forgeries} tried, {tally.refused} refused,"
            f" {tally.rows_written} rows written"
        )
        left = await forget_three(world, demo)
        for trace in left:
            print(f"trace after forget-me: {trace}")
        kept = await after_retention(world, demo)
        for trace in kept:
            print(f"trace after retention: {trace}")
        return last_line(tally, len(left), len(kept))
    finally:
        await world.close()


def main() -> int:
    """Run the audit in a temporary directory and print its last line."""
    with tempfile.TemporaryDirectory() as directory:
        line = asyncio.run(run(Path(directory) / "audit.sqlite3"))
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
