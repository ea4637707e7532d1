"""The figures of the two reports, read from what the bot already holds: the personal visit
report (`/myreport`, a trip report: *laporan perjalanan dinas*) and the organisers' impact
report (`/report`). The documents themselves are written by `bot.learning.documents`."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime

from bot.agenda import Agenda
from bot.learning.feedback import tally
from bot.learning.leads import LeadLine, Leads
from storage.checkins import CheckInStore
from storage.learning import FeedbackTally, IntroductionLine, LearningStore, Reflection
from storage.partners import PartnerStore
from storage.people import PeopleStore, Person
from storage.questions import QuestionStore
from storage.roles import Role
from storage.sessions import Session, SessionStore
from storage.visits import Visit


@dataclass(frozen=True, slots=True)
class ProgrammeLine:
    """A session the person attended, when they checked in, and their rating."""

    session: Session
    checked_in_at: datetime
    late: bool
    rating: int | None


@dataclass(frozen=True, slots=True)
class AskedQuestion:
    """A question the person asked and the answer they received."""

    target: str
    text: str
    state: str
    answer: str | None
    answered_at: datetime | None


@dataclass
class PersonalReport:
    """Everything the personal visit report shows."""

    visit: Visit
    person: Person
    role: Role
    programme: list[ProgrammeLine] = field(default_factory=list)
    questions: list[AskedQuestion] = field(default_factory=list)
    introductions: list[IntroductionLine] = field(default_factory=list)
    partners_met: list[str] = field(default_factory=list)
    reflections: list[Reflection] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SessionFigures:
    """One session's attendance and feedback."""

    session: Session
    expected: int  # participants in the session's audience
    present: int
    late: int
    absent: int  # marked absent by an organiser
    feedback: FeedbackTally

    @property
    def attended(self) -> int:
        """Present and late."""
        return self.present + self.late

    @property
    def missing(self) -> int:
        """Expected participants with no check-in at all."""
        return max(0, self.expected - self.attended - self.absent)


@dataclass(frozen=True, slots=True)
class PartnerFigures:
    """Questions put to one partner (or session), answered, and how fast."""

    name: str
    asked: int
    answered: int
    median_minutes: float | None


@dataclass
class ImpactReport:
    """Everything the organisers' impact report shows."""

    visit: Visit
    participants: int
    sessions: list[SessionFigures] = field(default_factory=list)
    partners: list[PartnerFigures] = field(default_factory=list)
    introductions: dict[str, int] = field(default_factory=dict)  # status -> count
    leads: list[LeadLine] = field(default_factory=list)
    reflections_written: int = 0
    reflections_shared: int = 0

    @property
    def on_time(self) -> int:
        """Check-ins on time, all sessions."""
        return sum(s.present for s in self.sessions)

    @property
    def late(self) -> int:
        """Late check-ins, all sessions."""
        return sum(s.late for s in self.sessions)


class Reports:
    """Gathering the figures."""

    def __init__(
        self,
        store: LearningStore,
        checkins: CheckInStore,
        sessions: SessionStore,
        questions: QuestionStore,
        partners: PartnerStore,
        people: PeopleStore,
        agenda: Agenda,
        leads: Leads,
    ) -> None:
        self.store = store
        self.checkins = checkins
        self.sessions = sessions
        self.questions = questions
        self.partners = partners
        self.people = people
        self.agenda = agenda
        self.leads = leads

    async def personal(self, visit: Visit, person: Person, role: Role) -> PersonalReport:
        """One person's report: programme attended, questions, introductions, reflections."""
        report = PersonalReport(visit, person, role)
        sessions = {s.id: s for s in await self.sessions.of_visit(visit.id)}
        ratings = {
            f.session_id: f.rating for f in await self.store.feedback_by(visit.id, person.id)
        }
        partners: list[str] = []
        for attendance in await self.checkins.of_visit(visit.id):
            session = sessions.get(attendance.session_id)
            if attendance.person_id != person.id or session is None or not attendance.attended:
                continue
            report.programme.append(
                ProgrammeLine(
                    session,
                    attendance.recorded_at,
                    attendance.status == "late",
                    ratings.get(session.id),
                )
            )
            partners += [p for p in session.fields.partners if p not in partners]
        report.programme.sort(key=lambda line: line.session.starts_at)
        for question in await self.questions.of_asker(visit.id, person.id):
            report.questions.append(
                AskedQuestion(
                    question.target_name,
                    question.text,
                    question.state,
                    question.answer,
                    question.answered_at,
                )
            )
        report.introductions = [
            i for i in await self.store.introductions(visit.id) if i.asker_id == person.id
        ]
        report.partners_met = partners
        report.reflections = [
            r for r in await self.store.reflections_of(visit.id, person.id) if r.answers
        ]
        return report

    async def impact(self, visit: Visit, language: str) -> ImpactReport:
        """The visit's figures: attendance, punctuality, feedback, Q&A, introductions, leads."""
        participants = {
            m.person.id for m in await self.people.members(visit.id, (Role.PARTICIPANT,))
        }
        report = ImpactReport(visit, len(participants))
        attendances = await self.checkins.of_visit(visit.id)
        feedback = await self.store.feedback_of_visit(visit.id)
        for session in await self.sessions.of_visit(visit.id, include_cancelled=False):
            audience = await self.agenda.audience_ids(visit.id, session.fields.audience)
            mine = [a for a in attendances if a.session_id == session.id]
            report.sessions.append(
                SessionFigures(
                    session,
                    expected=len(audience & participants),
                    present=sum(1 for a in mine if a.status == "present"),
                    late=sum(1 for a in mine if a.status == "late"),
                    absent=sum(1 for a in mine if a.status == "absent"),
                    feedback=tally([f for f in feedback if f.session_id == session.id]),
                )
            )
        by_target: dict[str, list[tuple[bool, float | None]]] = {}
        for question in await self.questions.of_visit(visit.id):
            if question.state in ("waiting", "rejected"):
                continue
            answered = question.state == "answered"
            minutes = None
            if answered and question.answered_at is not None:
                minutes = (question.answered_at - question.created_at).total_seconds() / 60
            by_target.setdefault(question.target(language), []).append((answered, minutes))
        for name in sorted(by_target):
            entries = by_target[name]
            times = [m for _, m in entries if m is not None]
            report.partners.append(
                PartnerFigures(
                    name,
                    len(entries),
                    sum(1 for answered, _ in entries if answered),
                    statistics.median(times) if times else None,
                )
            )
        for intro in await self.store.introductions(visit.id):
            report.introductions[intro.status] = report.introductions.get(intro.status, 0) + 1
        report.leads = await self.leads.lines(visit, language)
        reflections = [r for r in await self.store.reflections_of_visit(visit.id) if r.answers]
        report.reflections_written = len(reflections)
        report.reflections_shared = sum(1 for r in reflections if r.shared)
        return report
