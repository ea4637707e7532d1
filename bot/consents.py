"""Consents: recorded when given (which text, which version, when, for what purpose), listed by
`/privacy`, and withdrawn there one by one, with the effect the withdrawal has.

Purposes that need a consent today: a creator's public profile (the profile chat's consent
step), a shared location used for check-in (recorded when a location is first shared), and
dietary and access needs (specific data, asked for in /needs before anything is stored).
A new purpose is a row in PURPOSES, a text version bump when its text changes meaning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from bot.clock import Clock
from bot.i18n import Html, Texts, when
from bot.outbox import Button
from storage.consents import Consent, ConsentStore
from storage.visits import VisitStore

CREATOR_PROFILE, CHECKIN_LOCATION = "creator_profile", "checkin_location"
# Specific personal data (UU 27/2022 Pasal 4): given in /needs, withdrawn there or in /privacy.
DIETARY_NEEDS = "dietary_needs"
WITHDRAW, AGAIN = "pv:wd:", "pv:re:"


@dataclass(frozen=True, slots=True)
class Purpose:
    """What a consent is for: the text agreed to (key, version) and whether /privacy can give
    it again after a withdrawal (a profile is shared again by submitting it again)."""

    text_key: str
    version: int
    again_here: bool


PURPOSES = {
    CREATOR_PROFILE: Purpose("creators.step.consent", 1, again_here=False),
    CHECKIN_LOCATION: Purpose("ci.location_hint", 1, again_here=True),
    DIETARY_NEEDS: Purpose("needs.consent", 1, again_here=False),
}


class Consents:
    """Giving, listing and withdrawing consents."""

    def __init__(self, store: ConsentStore, visits: VisitStore, texts: Texts, clock: Clock):
        self.store = store
        self.visits = visits
        self.texts = texts
        self.clock = clock

    async def latest(self, person_id: int, visit_id: int | None, purpose: str) -> Consent | None:
        """The person's latest consent for a purpose in a visit."""
        found = [
            c
            for c in await self.store.of_person(person_id)
            if c.purpose == purpose and c.visit_id == visit_id
        ]
        return found[-1] if found else None

    async def withdrawn(self, person_id: int, visit_id: int | None, purpose: str) -> bool:
        """Whether the person withdrew this consent (and did not give it again)."""
        latest = await self.latest(person_id, visit_id, purpose)
        return latest is not None and latest.withdrawn_at is not None

    async def give(self, person_id: int, visit_id: int | None, purpose: str, language: str) -> bool:
        """Record a consent given now, unless one stands already; True if recorded."""
        latest = await self.latest(person_id, visit_id, purpose)
        if latest is not None and latest.withdrawn_at is None:
            return False
        spec = PURPOSES[purpose]
        text = (spec.text_key, spec.version)
        await self.store.give(person_id, visit_id, purpose, text, language, self.clock.now())
        return True

    async def withdraw(self, person_id: int, consent_id: int) -> Consent | None:
        """Withdraw one of the person's consents and make it take effect; None if it was not
        theirs or was withdrawn already."""
        consent = await self.store.withdraw(consent_id, person_id, self.clock.now())
        if consent is None:
            return None
        if consent.purpose == CREATOR_PROFILE:
            await self.store.hide_profile(person_id, consent.visit_id)
        elif consent.purpose == CHECKIN_LOCATION:
            await self.store.drop_distances(person_id, consent.visit_id)
        elif consent.purpose == DIETARY_NEEDS:
            await self.store.drop_needs(person_id, consent.visit_id)
        return consent

    async def again(self, person_id: int, consent_id: int, language: str) -> bool:
        """Give again a withdrawn consent that /privacy may renew (location)."""
        consent = next(
            (c for c in await self.store.of_person(person_id) if c.id == consent_id), None
        )
        if (
            consent is None
            or consent.withdrawn_at is None
            or not PURPOSES[consent.purpose].again_here
        ):
            return False
        return await self.give(person_id, consent.visit_id, consent.purpose, language)

    async def overview(self, person_id: int, language: str) -> tuple[str, list[list[Button]]]:
        """The /privacy message: each purpose's latest consent, its text, its state, and a
        button to withdraw it (or to give it again, where that is done here)."""
        latest: dict[tuple[str, int | None], Consent] = {}
        for consent in await self.store.of_person(person_id):
            latest[(consent.purpose, consent.visit_id)] = consent
        if not latest:
            return self.texts.get(language, "privacy.none"), []
        lines: list[str] = [self.texts.get(language, "privacy.title")]
        rows: list[list[Button]] = []
        for consent in latest.values():
            lines.append(await self.describe(consent, language))
            name = self.texts.get(language, f"privacy.purpose.{consent.purpose}")
            if consent.withdrawn_at is None:
                label = self.texts.get(language, "privacy.btn.withdraw", purpose=name)
                rows.append([Button(label, f"{WITHDRAW}{consent.id}")])
            elif PURPOSES[consent.purpose].again_here:
                label = self.texts.get(language, "privacy.btn.again", purpose=name)
                rows.append([Button(label, f"{AGAIN}{consent.id}")])
        lines.append(self.texts.get(language, "privacy.footer"))
        return "\n\n".join(lines), rows

    async def describe(self, consent: Consent, language: str) -> str:
        """One consent: purpose, visit, text agreed to, when, and the effect of withdrawing."""
        visit = None if consent.visit_id is None else await self.visits.get(consent.visit_id)
        spec = PURPOSES[consent.purpose]
        agreed = (
            self.texts.html(language, spec.text_key)
            if consent.text_version == spec.version
            else Html("")
        )
        state = (
            self.texts.html(language, "privacy.state.given", when=stamp(consent.given_at, language))
            if consent.withdrawn_at is None
            else self.texts.html(
                language, "privacy.state.withdrawn", when=stamp(consent.withdrawn_at, language)
            )
        )
        return self.texts.get(
            language,
            "privacy.consent",
            purpose=self.texts.get(language, f"privacy.purpose.{consent.purpose}"),
            visit=visit.title if visit else "—",
            version=consent.text_version,
            agreed=agreed,
            state=state,
            effect=self.texts.html(language, f"privacy.effect.{consent.purpose}"),
        )


def stamp(moment: datetime, language: str) -> str:
    """A moment for the list, in UTC: a consent is not tied to one visit's zone."""
    return when(moment, language, UTC) + " UTC"
