"""Collaboration leads: a question or an introduction a partner or an organiser marked as worth
a follow-up, and where it stands (`new`, `contacted`, `agreed`, `dropped`), changeable long
after the visit, so "did this visit lead to anything" has an answer months later.

Organisers may mark and update any lead of their visit. A partner's representative may mark
the answered questions put to their organisation and the introductions they asked for, and
update the leads of their organisation.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.i18n import Html, Texts, shorten
from bot.outbox import Button
from storage.learning import LEAD_STATUSES, IntroductionLine, Lead, LearningStore
from storage.partners import PartnerStore
from storage.people import PeopleStore
from storage.questions import Question, QuestionStore
from storage.roles import Role
from storage.visits import Visit

STATUS_ICONS = {"new": "🆕", "contacted": "📞", "agreed": "🤝", "dropped": "✖️"}
SHOWN = 30  # leads or candidates in one message


@dataclass(frozen=True, slots=True)
class LeadLine:
    """A lead as people read it: what kind, who, what, for which partner, and its status."""

    lead: Lead
    kind: str  # question or introduction
    who: str
    what: str
    partner: str


class Leads:
    """Marking leads, changing their status, and reading them."""

    def __init__(
        self,
        store: LearningStore,
        questions: QuestionStore,
        partners: PartnerStore,
        people: PeopleStore,
        texts: Texts,
        clock: Clock,
    ) -> None:
        self.store = store
        self.questions = questions
        self.partners = partners
        self.people = people
        self.texts = texts
        self.clock = clock

    async def _partner_id(self, visit: Visit, person_id: int) -> int | None:
        partner = await self.partners.partner_of(visit.id, person_id)
        return None if partner is None else partner.id

    # ------------------------------------------------------------------ marking

    async def candidates(
        self, visit: Visit, person_id: int, role: Role
    ) -> list[tuple[str, int, str]]:
        """What the person may mark and nobody marked yet: (kind, id, short label)."""
        marked = await self.store.leads(visit.id)
        marked_questions = {lead.question_id for lead in marked}
        marked_intros = {lead.introduction_id for lead in marked}
        own_partner = await self._partner_id(visit, person_id)
        found: list[tuple[str, int, str]] = []
        for question in await self.questions.of_visit(visit.id):
            if question.state != "answered" or question.id in marked_questions:
                continue
            if role is not Role.ORGANISER and question.partner_id != own_partner:
                continue
            found.append(("q", question.id, question.text))
        for intro in await self.store.introductions(visit.id):
            if intro.status != "accepted" or intro.id in marked_intros:
                continue
            if role is not Role.ORGANISER and intro.asker_id != person_id:
                continue
            found.append(("i", intro.id, f"{intro.asker_name or '—'} ↔ {intro.creator_name}"))
        return found

    async def mark_question(
        self, visit: Visit, person_id: int, role: Role, question_id: int
    ) -> tuple[str, Lead | None]:
        """`marked`, `not_yours` or `unknown`."""
        question = await self.questions.get(question_id)
        if question is None or question.visit_id != visit.id:
            return "unknown", None
        if role is not Role.ORGANISER and question.partner_id != await self._partner_id(
            visit, person_id
        ):
            return "not_yours", None
        lead = await self.store.add_lead(
            visit.id,
            question_id=question.id,
            partner_id=question.partner_id,
            marked_by=person_id,
            now=self.clock.now(),
        )
        return "marked", lead

    async def mark_introduction(
        self, visit: Visit, person_id: int, role: Role, introduction_id: int
    ) -> tuple[str, Lead | None]:
        """`marked`, `not_yours` or `unknown`."""
        intro = next(
            (i for i in await self.store.introductions(visit.id) if i.id == introduction_id), None
        )
        if intro is None:
            return "unknown", None
        if role is not Role.ORGANISER and intro.asker_id != person_id:
            return "not_yours", None
        lead = await self.store.add_lead(
            visit.id,
            introduction_id=intro.id,
            partner_id=intro.partner_id,
            marked_by=person_id,
            now=self.clock.now(),
        )
        return "marked", lead

    async def may_update(self, visit: Visit, lead: Lead, person_id: int, role: Role) -> bool:
        """Organisers update any lead; a partner the leads of their organisation or their own."""
        if role is Role.ORGANISER:
            return True
        own = await self._partner_id(visit, person_id)
        return lead.marked_by == person_id or (own is not None and lead.partner_id == own)

    async def set_status(
        self, visit: Visit, lead_id: int, person_id: int, role: Role, status: str
    ) -> tuple[str, Lead | None]:
        """`changed`, `same`, `bad_status`, `not_yours` or `unknown`."""
        if status not in LEAD_STATUSES:
            return "bad_status", None
        lead = await self.store.lead(lead_id)
        if lead is None or lead.visit_id != visit.id:
            return "unknown", None
        if not await self.may_update(visit, lead, person_id, role):
            return "not_yours", None
        changed = await self.store.set_lead_status(lead_id, status, self.clock.now())
        return ("changed" if changed else "same"), await self.store.lead(lead_id)

    # ------------------------------------------------------------------ reading

    async def lines(self, visit: Visit, language: str) -> list[LeadLine]:
        """Every lead of the visit with who and what."""
        partners = {p.id: p.name for p in await self.partners.of_visit(visit.id)}
        intros: dict[int, IntroductionLine] = {
            i.id: i for i in await self.store.introductions(visit.id)
        }
        questions = {q.id: q for q in await self.questions.of_visit(visit.id)}
        found = []
        for lead in await self.store.leads(visit.id):
            partner = partners.get(lead.partner_id or 0, "")
            if lead.question_id is not None:
                question = questions.get(lead.question_id)
                found.append(await self._question_line(lead, question, partner, language))
            else:
                intro = intros.get(lead.introduction_id or 0)
                who = (intro.asker_name if intro else "") or self.texts.plain(
                    language, "ld.someone"
                )
                what = f"{intro.creator_name if intro else '?'}"
                if intro and intro.note:
                    what += f" — {intro.note}"
                found.append(LeadLine(lead, "introduction", who, what, partner))
        return found

    async def _question_line(
        self, lead: Lead, question: Question | None, partner: str, language: str
    ) -> LeadLine:
        if question is None:
            return LeadLine(lead, "question", "", "", partner)
        asker = None if question.anonymous else await self.people.get(question.asker_id or 0)
        who = asker.full_name if asker else self.texts.plain(language, "ld.someone")
        return LeadLine(lead, "question", who, question.text, partner or question.target_name)

    def line_text(self, line: LeadLine, language: str) -> Html:
        """One lead in a list."""
        return self.texts.get(
            language,
            f"ld.line.{line.kind}",
            number=line.lead.id,
            icon=STATUS_ICONS[line.lead.status],
            status=self.texts.get(language, f"ld.status.{line.lead.status}"),
            who=line.who,
            what=shorten(line.what, 120),
            partner=line.partner or "—",
        )

    def card(self, line: LeadLine, language: str) -> tuple[Html, tuple[tuple[Button, ...], ...]]:
        """One lead with a button per status (the current one ticked)."""
        buttons = tuple(
            Button(
                ("✓ " if status == line.lead.status else "")
                + self.texts.get(language, f"ld.status.{status}"),
                f"ld:s:{line.lead.id}:{status}",
            )
            for status in LEAD_STATUSES
        )
        return self.line_text(line, language), (buttons[:2], buttons[2:])
