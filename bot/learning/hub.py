"""The learning services together, as handlers reach them (`services.learning`)."""

from __future__ import annotations

from bot.agenda import Agenda
from bot.clock import Clock
from bot.i18n import Texts
from bot.learning.feedback import SessionFeedback
from bot.learning.leads import Leads
from bot.learning.reflection import DailyReflection
from bot.learning.reports import Reports
from bot.outbox import Outbox, Renderer
from bot.people import People
from storage.checkins import CheckInStore
from storage.database import Database
from storage.learning import LearningStore
from storage.partners import PartnerStore
from storage.questions import QuestionStore
from storage.sessions import SessionStore
from storage.visits import VisitStore


class Learning:
    """Feedback, the daily reflection, leads and reports over one database."""

    def __init__(
        self,
        db: Database,
        visits: VisitStore,
        people: People,
        agenda: Agenda,
        outbox: Outbox,
        texts: Texts,
        clock: Clock,
    ) -> None:
        self.store = LearningStore(db)
        checkins = CheckInStore(db)
        sessions = SessionStore(db)
        partners = PartnerStore(db)
        questions = QuestionStore(db)
        self.texts = texts
        self.clock = clock
        self.feedback = SessionFeedback(
            self.store,
            checkins,
            sessions,
            visits,
            partners,
            outbox,
            texts,
            clock,
            people.language_of,
        )
        self.reflection = DailyReflection(
            self.store, visits, people.store, outbox, texts, clock, people.language_of
        )
        self.leads = Leads(self.store, questions, partners, people.store, texts, clock)
        self.reports = Reports(
            self.store, checkins, sessions, questions, partners, people.store, agenda, self.leads
        )

    def renderers(self) -> dict[str, Renderer]:
        """Every planned text of learning, rendered at send time."""
        return {**self.feedback.renderers(), **self.reflection.renderers()}
