"""The roster: who a visit expects, their personal invite links, and telling organisers who
joined.

An organiser loads the roster from a file (all or nothing, the difference shown before it
applies over an existing roster) or types entries. Each entry gets a one-use invite bound to
it; opening it enrols the person with the entry's role (and in its group), marks the entry
joined, and the visit's organisers get one message.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.agenda_file import Problem
from bot.clock import Clock
from bot.i18n import Html, Texts
from bot.invites import INVITE_PREFIX, new_code
from bot.outbox import Delivery, Outbox, OutgoingMessage
from bot.people import People
from bot.roster_file import RosterFile, read_lines, read_roster
from storage.invites import Redeemed
from storage.roster import EntryFields, RosterEntry, RosterStore
from storage.visits import Visit

# The fields a file may change, in the order a difference lists them.
COMPARED = ("name", "role", "phone", "username", "group_name")


@dataclass(frozen=True, slots=True)
class Change:
    """One entry the new version changes, and which fields."""

    entry: RosterEntry
    after: EntryFields
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RosterDiff:
    """What applying a roster would do: entries added, changed and removed."""

    added: list[EntryFields] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    removed: list[RosterEntry] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Whether applying it would change nothing."""
        return not (self.added or self.changed or self.removed)


def _value(fields: EntryFields, name: str) -> str | None:
    value = getattr(fields, name)
    return value.value if hasattr(value, "value") else value


class Roster:
    """Loading, adding to and reading a visit's roster."""

    def __init__(
        self,
        store: RosterStore,
        people: People,
        outbox: Outbox,
        texts: Texts,
        clock: Clock,
    ) -> None:
        self.store = store
        self.people = people
        self.outbox = outbox
        self.texts = texts
        self.clock = clock

    # Reading ------------------------------------------------------------------------------

    @staticmethod
    def read(content: bytes, filename: str) -> RosterFile:
        """Check a whole file."""
        return read_roster(content, filename)

    async def of_visit(self, visit: Visit) -> list[RosterEntry]:
        """The visit's roster, by name."""
        return await self.store.of_visit(visit.id)

    @staticmethod
    def payload(entry: RosterEntry) -> str | None:
        """The /start payload of an entry's personal invite (None once it is gone)."""
        return None if entry.invite_code is None else INVITE_PREFIX + entry.invite_code

    # Changing -----------------------------------------------------------------------------

    async def preview(self, visit: Visit, entries: list[EntryFields]) -> RosterDiff:
        """The difference between the visit's roster and these entries (matched by name)."""
        current = {entry.fields.name_key: entry for entry in await self.store.of_visit(visit.id)}
        wanted = {entry.name_key for entry in entries}
        diff = RosterDiff(removed=[e for key, e in current.items() if key not in wanted])
        for new in entries:
            old = current.get(new.name_key)
            if old is None:
                diff.added.append(new)
                continue
            changed = tuple(
                name for name in COMPARED if _value(old.fields, name) != _value(new, name)
            )
            if changed:
                diff.changed.append(Change(old, new, changed))
        return diff

    async def apply(self, visit: Visit, diff: RosterDiff, actor_id: int | None) -> None:
        """Apply a difference; every added entry gets its personal invite."""
        await self.store.apply(
            visit.id,
            [(entry, new_code()) for entry in diff.added],
            [(change.entry, change.after) for change in diff.changed],
            diff.removed,
            actor_id,
            self.clock.now(),
        )

    async def load(
        self, visit: Visit, entries: list[EntryFields], actor_id: int | None
    ) -> RosterDiff:
        """Make the visit's roster exactly these entries."""
        diff = await self.preview(visit, entries)
        await self.apply(visit, diff, actor_id)
        return diff

    async def add(self, visit: Visit, lines: Iterable[str], actor_id: int | None) -> RosterFile:
        """Add typed entries (all or none); a name already on the roster is a problem."""
        known = {entry.fields.name_key for entry in await self.store.of_visit(visit.id)}
        typed = read_lines(lines, known)
        if typed.ok:
            await self.apply(visit, RosterDiff(added=list(typed.entries)), actor_id)
        return typed

    async def stage(self, visit: Visit, actor_id: int | None, entries: list[EntryFields]) -> int:
        """Keep a checked file until an organiser confirms it; returns the staged file's id."""
        return await self.store.stage(visit.id, actor_id, entries, self.clock.now())

    async def confirm(
        self, import_id: int, visit: Visit, actor_id: int | None
    ) -> RosterDiff | None:
        """Apply a staged file once; None when it is unknown, of another visit, or closed."""
        staged = await self.store.staged(import_id)
        if staged is None or staged.visit_id != visit.id or staged.closed:
            return None
        if not await self.store.close(import_id, self.clock.now()):
            return None
        return await self.load(visit, staged.entries, actor_id)

    async def discard(self, import_id: int, visit: Visit) -> bool:
        """Forget a staged file; False when it was not pending."""
        staged = await self.store.staged(import_id)
        if staged is None or staged.visit_id != visit.id:
            return False
        return await self.store.close(import_id, self.clock.now())

    # Someone joined -----------------------------------------------------------------------

    async def joined(self, redeemed: Redeemed, person_id: int) -> int:
        """After a personal invite enrolled someone: one message to each other organiser."""
        entry = await self.store.by_invite(redeemed.invite.id)
        if entry is None or not entry.joined:
            return 0
        person = await self.people.store.get(person_id)
        roster = await self.store.of_visit(entry.visit_id)
        visit = await self.people.visits.get(entry.visit_id)
        if visit is None:
            return 0
        waiting = sum(1 for each in roster if not each.joined)
        deliveries = []
        for organiser in await self.people.reachable_organisers(entry.visit_id):
            if organiser.id == person_id:
                continue
            language = self.people.language(organiser)
            telegram_name = person.full_name if person is not None else ""
            text = self.texts.get(
                language,
                "roster.joined",
                name=entry.fields.name,
                role=self.texts.get(language, f"role.one.{entry.fields.role.value}"),
                visit=visit.title,
                telegram=telegram_name,
                waiting=waiting,
                total=len(roster),
            )
            deliveries.append(
                Delivery(
                    chat_id=organiser.id,
                    message=OutgoingMessage(text),
                    kind="roster_joined",
                    visit_id=entry.visit_id,
                    dedupe_key=f"roster:joined:{entry.id}:{organiser.id}",
                )
            )
        return await self.outbox.enqueue(deliveries) if deliveries else 0

    async def forget(self, person_id: int) -> list[str]:
        """Forget-me: the entry of a person who joined goes, with its name and phone."""
        return await self.store.forget_person(person_id)


def problem_lines(texts: Texts, language: str, problems: Iterable[Problem]) -> list[str]:
    """Every problem as a line: 'row 3 (Rani Pratiwi), role: "guest" is not a role'."""
    lines: list[str] = []
    for problem in problems:
        where: str = ""
        if problem.row is not None:
            where = texts.get(language, "roster.problem.row", row=problem.row)
            if problem.key:
                where += f" ({problem.key})"
        field_name = f"{problem.field}: " if problem.field else ""
        lines.append(
            texts.get(
                language,
                f"roster.problem.{problem.code}",
                where=where + (": " if where else ""),
                field=field_name,
                detail=problem.detail,
            )
        )
    return lines


def diff_lines(texts: Texts, language: str, diff: RosterDiff) -> list[str]:
    """A roster's difference as lines for the organiser to confirm."""
    lines: list[str] = []
    for fields in diff.added:
        line = Html(entry_line(texts, language, fields))
        lines.append(texts.get(language, "roster.diff.added", line=line))
    for change in diff.changed:
        lines.append(
            texts.get(
                language,
                "roster.diff.changed",
                line=Html(entry_line(texts, language, change.after)),
                fields=", ".join(change.fields),
            )
        )
    for gone in diff.removed:
        key = "roster.diff.removed_joined" if gone.joined else "roster.diff.removed"
        lines.append(texts.get(language, key, name=gone.fields.name))
    return lines


def entry_line(texts: Texts, language: str, entry: EntryFields) -> str:
    """'Rani Pratiwi — participant, Bus 1, +62 812..., @rani' (escaped)."""
    details: list[str] = [texts.get(language, f"role.one.{entry.role.value}")]
    details += [value for value in (entry.group_name, entry.phone) if value]
    if entry.username:
        details.append("@" + entry.username)
    return texts.get(language, "roster.entry", name=entry.name, details=Html(", ").join(details))
