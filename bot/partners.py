"""The partner directory: profiles from an organiser's one-line form, their sessions and people."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from storage.invites import Invite
from storage.partners import Partner, PartnerFields, PartnerStore
from storage.people import PeopleStore
from storage.roles import Role
from storage.sessions import Session, SessionStore

NAME_LIMIT = 100
FIELD_LIMIT = 600
# `/start pi-<invite code>`: a partner invite that also links the person to one organisation.
PARTNER_INVITE_PREFIX = "pi-"
INVITE_LABEL = "partner:"
FORM_FIELDS = (
    "name",
    "country",
    "sector",
    "description_id",
    "description_en",
    "website",
    "contact",
)


def takes_part(partner: Partner, session: Session) -> bool:
    """Whether the agenda names this partner among a session's (any case, any spacing)."""
    name = partner.name.casefold()
    return any(named.strip().casefold() == name for named in session.fields.partners)


class PartnerFormError(ValueError):
    """A partner line could not be read; `problem` names a text key suffix."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def parse_partner_line(line: str) -> PartnerFields:
    """Read `name | country | sector | description id | description en | website | contact`."""
    parts = [part.strip() for part in line.split("|")]
    if len(parts) > len(FORM_FIELDS):
        raise PartnerFormError("too_many")
    values = dict(zip(FORM_FIELDS, parts, strict=False))
    name = " ".join(values.get("name", "").split())
    if not name:
        raise PartnerFormError("no_name")
    if len(name) > NAME_LIMIT or any(len(value) > FIELD_LIMIT for value in parts):
        raise PartnerFormError("too_long")
    website = values.get("website", "")
    if website and not website.lower().startswith(("http://", "https://")):
        website = "https://" + website
    if any(char.isspace() for char in website):
        raise PartnerFormError("bad_website")
    return PartnerFields(
        name=name,
        country=values.get("country", ""),
        sector=values.get("sector", ""),
        description_id=values.get("description_id", ""),
        description_en=values.get("description_en", ""),
        website=website,
        contact=values.get("contact", ""),
    )


def invite_label(partner: Partner) -> str:
    """The label of a partner invite: which organisation its people represent."""
    return f"{INVITE_LABEL}{partner.id}"


def ask_button_data(partner_id: int) -> str:
    """The callback data of **Ask a question** on a partner card (the Q&A feature answers it)."""
    return f"qa:ask:p:{partner_id}"


@dataclass(frozen=True, slots=True)
class LinkOutcome:
    """What linking a representative did: `linked`, `not_partner`, `unknown_person`."""

    result: str
    partner: Partner | None = None


class Partners:
    """Partner profiles of a visit and the people who speak for them."""

    def __init__(
        self, store: PartnerStore, sessions: SessionStore, people: PeopleStore, clock: Clock
    ) -> None:
        self.store = store
        self.sessions = sessions
        self.people = people
        self.clock = clock

    async def add(self, visit_id: int, fields: PartnerFields) -> Partner | None:
        """Add a partner; None when one of that name exists in the visit."""
        return await self.store.add(visit_id, fields, self.clock.now())

    async def of_visit(self, visit_id: int) -> list[Partner]:
        """The visit's partners by name."""
        return await self.store.of_visit(visit_id)

    async def get(self, visit_id: int, partner_id: int) -> Partner | None:
        """A partner of this visit (None for another visit's partner)."""
        partner = await self.store.get(partner_id)
        return partner if partner is not None and partner.visit_id == visit_id else None

    async def find(self, visit_id: int, words: str) -> Partner | None:
        """A partner by id or by (part of) its name."""
        words = words.strip().casefold()
        if not words:
            return None
        partners = await self.store.of_visit(visit_id)
        for partner in partners:
            if str(partner.id) == words or partner.name.casefold() == words:
                return partner
        matches = [partner for partner in partners if words in partner.name.casefold()]
        return matches[0] if len(matches) == 1 else None

    async def remove(self, visit_id: int, partner_id: int) -> bool:
        """Delete a partner of the visit."""
        return await self.store.remove(visit_id, partner_id)

    async def sessions_of(self, partner: Partner) -> list[Session]:
        """The sessions a partner takes part in (the agenda names partners by name)."""
        sessions = await self.sessions.of_visit(partner.visit_id, include_cancelled=False)
        return [session for session in sessions if takes_part(partner, session)]

    async def of_session(self, session: Session) -> list[Partner]:
        """The partners taking part in a session."""
        names = {named.strip().casefold() for named in session.fields.partners}
        return [
            p for p in await self.store.of_visit(session.visit_id) if p.name.casefold() in names
        ]

    async def link(self, visit_id: int, partner: Partner, who: str) -> LinkOutcome:
        """Attach a partner-role member (by @username or id) to a partner profile."""
        wanted = who.strip().removeprefix("@").casefold()
        for member in await self.people.members(visit_id):
            person = member.person
            if wanted in (str(person.id), (person.username or "").casefold()):
                if member.role is not Role.PARTNER:
                    return LinkOutcome("not_partner")
                await self.store.link(visit_id, partner.id, person.id, self.clock.now())
                return LinkOutcome("linked", partner)
        return LinkOutcome("unknown_person")

    async def choose(self, visit_id: int, partner: Partner, person_id: int) -> bool:
        """A representative names their own organisation, once (organisers can change it)."""
        return await self.store.link_if_unlinked(visit_id, partner.id, person_id, self.clock.now())

    async def link_invited(self, invite: Invite, person_id: int) -> Partner | None:
        """Link someone who joined with a partner invite to its organisation."""
        label = invite.label or ""
        number = label.removeprefix(INVITE_LABEL)
        if invite.role is not Role.PARTNER or not label.startswith(INVITE_LABEL):
            return None
        partner = await self.get(invite.visit_id, int(number)) if number.isdigit() else None
        if partner is not None:
            await self.store.link(invite.visit_id, partner.id, person_id, self.clock.now())
        return partner

    async def partner_of(self, visit_id: int, person_id: int) -> Partner | None:
        """The organisation a person represents."""
        return await self.store.partner_of(visit_id, person_id)

    async def representatives(self, partners: list[Partner]) -> list[int]:
        """People who receive questions for these partners."""
        return await self.store.representatives([partner.id for partner in partners])
