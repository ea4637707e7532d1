"""Updates from different people run side by side; one person's updates stay in order."""

from __future__ import annotations

import asyncio

from sandbox.harness import Member, Rehearsal
from storage.roles import Role
from storage.visits import Visit


async def test_each_persons_updates_are_answered_in_the_order_sent(
    telegram: Rehearsal, visit: Visit
):
    people: list[Member] = [
        await telegram.join(f"Peserta{n}", Role.PARTICIPANT, visit.id) for n in range(6)
    ]
    marks = {p.id: p.mark() for p in people}
    sequence = ["/help", "/visit", "/language", "/help", "/teleport", "/visit"]

    async def burst(person: Member) -> None:
        for command in sequence:
            telegram.live.sent(await person.user.send(command))

    await asyncio.gather(*(burst(p) for p in people))
    await telegram.settle()
    for person in people:
        answers = person.since(marks[person.id])
        assert len(answers) == len(sequence)
        kinds = [
            "help"
            if "Yang bisa" in m.text
            else "visit"
            if "Kunjungan aktif" in m.text
            else "language"
            if "Pilih bahasa" in m.text
            else "unknown"
            if "tidak dikenal" in m.text
            else m.text
            for m in answers
        ]
        assert kinds == ["help", "visit", "language", "help", "unknown", "visit"]
