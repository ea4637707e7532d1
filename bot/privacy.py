"""Forget-me: a registry of per-feature erasers, run in order, then the core tables last.

Each feature that stores personal data adds an eraser with
`services.privacy.add_eraser(name, eraser)`; `forget(person_id)` runs them all, so merging a
feature extends forget-me without touching this module.
"""

from __future__ import annotations

import html
import json
import logging
from collections.abc import Awaitable, Callable, Collection

from storage.people import PeopleStore
from storage.privacy import PrivacyStore

log = logging.getLogger(__name__)

# Called with the person's Telegram id; removes or anonymises what the feature keeps about them
# and may return words that identify them (a profile name, a phone number) to scrub from
# messages the bot sent or queued for others.
Eraser = Callable[[int], Awaitable[Collection[str] | None]]
# Shorter names would match unrelated words when scrubbing messages sent to others.
MENTION_MIN = 4


class Privacy:
    """The erasers of every feature and the core, and running them for one person."""

    def __init__(self, store: PrivacyStore, people: PeopleStore) -> None:
        self.store = store
        self.people = people
        self._erasers: dict[str, Eraser] = {}

    def add_eraser(self, name: str, eraser: Eraser) -> None:
        """Register a feature's eraser (one per name)."""
        if name in self._erasers:
            raise ValueError(f"an eraser named {name!r} exists already")
        self._erasers[name] = eraser

    @property
    def erasers(self) -> list[str]:
        """The names of the registered erasers, in the order they run."""
        return list(self._erasers)

    async def forget(self, person_id: int) -> None:
        """Erase a person everywhere: every feature first, then the core tables and the person."""
        person = await self.people.get(person_id)
        candidates: list[str] = []
        if person is not None:
            candidates += [person.full_name, person.first_name, person.last_name or ""]
            candidates += [person.username or ""]
        for name, eraser in self._erasers.items():
            log.info("forget-me: running eraser %s", name)
            candidates += list(await eraser(person_id) or ())
        mentions = {
            form
            for value in candidates
            if len(value.strip()) >= MENTION_MIN
            for form in stored_forms(value.strip())
        }
        await self.store.forget(person_id, sorted(mentions, key=len, reverse=True))


def stored_forms(value: str) -> set[str]:
    """Every way a text may be stored: raw, HTML-escaped (messages are HTML), each of them as
    a JSON string's inside (payloads and dialog data are JSON, ASCII-escaped or not)."""
    escaped = {value, html.escape(value, quote=False), html.escape(value)}
    forms = set(escaped)
    for text in escaped:
        forms.add(json.dumps(text)[1:-1])
        forms.add(json.dumps(text, ensure_ascii=False)[1:-1])
    return forms
