"""Dietary and access needs: specific personal data (UU 27/2022 Pasal 4), so nothing is stored
before the person's own explicit consent, only organisers see it, the caterer's export holds
counts and first names only, and withdrawing the consent deletes it."""

from __future__ import annotations

from bot.clock import Clock
from bot.consents import DIETARY_NEEDS, Consents
from bot.exports import Table
from bot.i18n import Html, Texts
from bot.outbox import Button
from bot.people import People
from storage.logistics import FLAGS, NeedsStore, StatedNeeds
from storage.visits import Visit

NOTE_LIMIT = 300
# What the caterer cooks for; mobility is the organisers' alone.
CATERING_FLAGS = ("halal", "vegetarian", "allergies")


class Needs:
    """Consent, stating, withdrawing, and the organisers' and caterer's tables."""

    def __init__(self, store: NeedsStore, consents: Consents, clock: Clock) -> None:
        self.store = store
        self.consents = consents
        self.clock = clock

    async def consented(self, person_id: int, visit_id: int) -> bool:
        """Whether the person's consent stands in this visit."""
        latest = await self.consents.latest(person_id, visit_id, DIETARY_NEEDS)
        return latest is not None and latest.withdrawn_at is None

    async def agree(self, person_id: int, visit_id: int, language: str) -> None:
        """Record the person's consent (the text they were shown, in their language)."""
        await self.consents.give(person_id, visit_id, DIETARY_NEEDS, language)

    async def current(self, person_id: int, visit_id: int) -> StatedNeeds | None:
        """What the person stated in the visit."""
        return await self.store.get(visit_id, person_id)

    async def toggle(self, person_id: int, visit_id: int, flag: str) -> StatedNeeds | None:
        """Switch one flag; None (and nothing written) without a standing consent."""
        if flag not in FLAGS or not await self.consented(person_id, visit_id):
            return None
        stated = await self.store.get(visit_id, person_id)
        flags = stated.flags if stated else frozenset()
        flags = flags - {flag} if flag in flags else flags | {flag}
        await self.store.put(
            visit_id, person_id, flags, stated.note if stated else "", self.clock.now()
        )
        return await self.store.get(visit_id, person_id)

    async def set_note(self, person_id: int, visit_id: int, note: str) -> bool:
        """Store the free-text note; False (nothing written) without a standing consent."""
        if not await self.consented(person_id, visit_id):
            return False
        stated = await self.store.get(visit_id, person_id)
        flags = stated.flags if stated else frozenset()
        await self.store.put(visit_id, person_id, flags, note[:NOTE_LIMIT], self.clock.now())
        return True

    async def withdraw(self, person_id: int, visit_id: int) -> bool:
        """Withdraw the consent; its effect deletes the needs (bot/consents.py)."""
        latest = await self.consents.latest(person_id, visit_id, DIETARY_NEEDS)
        if latest is None or latest.withdrawn_at is not None:
            await self.store.delete(person_id, visit_id)
            return False
        return await self.consents.withdraw(person_id, latest.id) is not None

    def view(
        self, texts: Texts, language: str, stated: StatedNeeds | None
    ) -> tuple[Html, list[list[Button]]]:
        """The person's own needs with a toggle per flag, a note button and withdrawal."""
        flags = stated.flags if stated else frozenset()
        chosen = [texts.get(language, f"needs.flag.{flag}") for flag in FLAGS if flag in flags]
        text = texts.get(
            language,
            "needs.title",
            flags=Html(", ").join(chosen) if chosen else texts.get(language, "needs.flags.none"),
            note=(
                stated.note if stated and stated.note else texts.get(language, "needs.note.none")
            ),
        )
        toggles = [
            Button(
                ("✅ " if flag in flags else "▫️ ") + texts.get(language, f"needs.flag.{flag}"),
                f"nd:f:{flag}",
            )
            for flag in FLAGS
        ]
        rows = [
            toggles[:2],
            toggles[2:],
            [Button(texts.get(language, "needs.note_button"), "nd:note")],
            [Button(texts.get(language, "needs.withdraw_button"), "nd:wd")],
        ]
        return text, rows

    async def organiser_table(
        self, visit: Visit, people: People, texts: Texts, language: str
    ) -> Table:
        """Everything stated, for organisers only: name, flags, note, when."""
        rows: list[list[object]] = []
        for stated in await self.store.of_visit(visit.id):
            person = await people.store.get(stated.person_id)
            if person is None:
                continue
            rows.append(
                [
                    person.full_name,
                    person.username or "",
                    *("x" if flag in stated.flags else "" for flag in FLAGS),
                    stated.note,
                    stated.updated_at,
                ]
            )
        header = ["name", "username", *FLAGS, "note", "updated"]
        return Table(header, rows, title="needs")

    async def catering_table(
        self, visit: Visit, people: People, texts: Texts, language: str
    ) -> Table:
        """For the caterer: per need, how many and their first names; nothing else."""
        names: dict[str, list[str]] = {flag: [] for flag in CATERING_FLAGS}
        for stated in await self.store.of_visit(visit.id):
            person = await people.store.get(stated.person_id)
            if person is None:
                continue
            for flag in CATERING_FLAGS:
                if flag in stated.flags:
                    names[flag].append(person.first_name)
        rows: list[list[object]] = [
            [
                texts.plain(language, f"needs.flag.{flag}"),
                len(names[flag]),
                ", ".join(sorted(names[flag])),
            ]
            for flag in CATERING_FLAGS
        ]
        return Table(["need", "count", "first_names"], rows, title="catering")
