"""Guided chats (announce, ask, profile...): the state lives in the database, step by step.

The state of each person who wrote is loaded at the start of every update, so features can
route free text, photos and locations to the dialog in progress with a plain synchronous
filter, and a restart of the bot continues at the same step.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.clock import Clock
from storage.dialogs import DialogState, DialogStore
from storage.people import Person


class Dialogs:
    """Start, advance and end a person's guided chat."""

    def __init__(self, store: DialogStore, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        # The states of people whose updates are being processed right now.
        self._loaded: dict[int, DialogState | None] = {}

    async def load_with_person(self, person_id: int) -> tuple[Person | None, DialogState | None]:
        """Read the person and their state in one go (at the start of each update)."""
        person, state = await self.store.with_person(person_id)
        self._loaded[person_id] = state
        return person, state

    def active(self, person_id: int) -> DialogState | None:
        """The state loaded for this person's current update."""
        return self._loaded.get(person_id)

    def forget_loaded(self, person_id: int) -> None:
        """Drop the cached state once an update is done."""
        self._loaded.pop(person_id, None)

    async def start(self, person_id: int, feature: str, step: str, **data: Any) -> DialogState:
        """Begin a dialog, replacing any other the person had."""
        state = DialogState(person_id, feature, step, dict(data))
        await self.store.save(state, self.clock.now())
        self._loaded[person_id] = state
        return state

    async def advance(
        self, state: DialogState, step: str | None = None, **data: Any
    ) -> DialogState:
        """Move to a step and/or add answers."""
        new = replace(state, step=step or state.step, data={**state.data, **data})
        await self.store.save(new, self.clock.now())
        self._loaded[state.person_id] = new
        return new

    async def end(self, person_id: int) -> bool:
        """End the dialog; True if there was one."""
        self._loaded[person_id] = None
        return await self.store.clear(person_id)
