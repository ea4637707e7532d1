"""The services every handler reaches through its context: storage, rules, texts and the clock."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bot.access import Access
from bot.agenda import Agenda
from bot.announcements import Announcements
from bot.attendance import AttendanceBook
from bot.audience import Audiences
from bot.backups import Backups
from bot.checkins import CheckIns
from bot.clock import Clock, SystemClock
from bot.consents import Consents
from bot.creators import Creators
from bot.dialogs import Dialogs
from bot.health import Health
from bot.i18n import Texts, load_locale_data
from bot.invites import INVITE_PREFIX, Invites
from bot.learning.hub import Learning
from bot.menu import CommandMenu
from bot.mydata import MyData
from bot.outbox import DeliveryWorker, Outbox
from bot.partners import Partners
from bot.people import People
from bot.privacy import Privacy
from bot.questions import Questions
from bot.reminders import Reminders
from bot.retention import Retention
from bot.rollcalls import RollCalls
from bot.roster import Roster
from bot.safety.checks import SafetyChecks
from bot.safety.emergency import EmergencyPacks
from bot.safety.groups import GroupCare
from bot.safety.logistics import Logistics
from bot.safety.needs import Needs
from bot.safety.sos import SosAlerts
from bot.scheduling import Planners
from bot.visits import Visits
from bot.wall import Wall
from config import Settings
from storage import Database
from storage.agenda import AgendaStore
from storage.announcements import AnnouncementStore
from storage.chats import ChatStore
from storage.checkins import CheckInStore
from storage.consents import ConsentStore
from storage.creators import CreatorStore
from storage.dialogs import DialogStore
from storage.groups import GroupStore
from storage.invites import InviteStore
from storage.logistics import LogisticsStore, NeedsStore
from storage.mydata import MyDataStore
from storage.outbox import OutboxStore
from storage.partners import PartnerStore
from storage.people import PeopleStore
from storage.privacy import PrivacyStore
from storage.questions import QuestionStore
from storage.records import RecordStore
from storage.retention import RetentionStore
from storage.rollcalls import RollCallStore
from storage.roster import RosterStore
from storage.safety import SafetyStore
from storage.sessions import SessionStore
from storage.visits import VisitStore
from storage.wall import WallStore

# A feature's answer to `/start <prefix><code>`: called with (update, context, code).
StartPayloadHandler = Callable[..., Awaitable[None]]


@dataclass
class Services:
    """Everything the bot's features share, built once per application."""

    settings: Settings
    clock: Clock
    db: Database
    texts: Texts
    people: People
    visits: Visits
    invites: Invites
    dialogs: Dialogs
    outbox: Outbox
    delivery: DeliveryWorker
    audiences: Audiences
    planners: Planners
    agenda: Agenda
    reminders: Reminders
    privacy: Privacy
    creators: Creators
    partners: Partners
    questions: Questions
    menu: CommandMenu = field(default_factory=CommandMenu)
    start_payloads: dict[str, StartPayloadHandler] = field(default_factory=dict)
    extras: dict[str, Any] = field(default_factory=dict)
    checkins: CheckIns = field(init=False)
    attendance: AttendanceBook = field(init=False)
    rollcalls: RollCalls = field(init=False)
    announcements: Announcements = field(init=False)
    backups: Backups = field(init=False)
    retention: Retention = field(init=False)
    mydata: MyData = field(init=False)
    consents: Consents = field(init=False)
    access: Access = field(init=False)
    roster: Roster = field(init=False)
    health: Health = field(init=False)
    care: GroupCare = field(init=False)
    sos: SosAlerts = field(init=False)
    safety: SafetyChecks = field(init=False)
    learning: Learning = field(init=False)
    wall: Wall = field(init=False)
    emergency: EmergencyPacks = field(init=False)
    logistics: Logistics = field(init=False)
    needs: Needs = field(init=False)

    def __post_init__(self) -> None:
        """Wire access, check-ins, attendance, roll calls and backups over the services above."""
        self.access = Access(RecordStore(self.db), self.visits.store, self.people, self.menu)
        self.health = Health(self.clock, OutboxStore(self.db))
        # Planned texts are rendered when they are sent, in the recipient's language then.
        self.delivery.language_of = self.people.language_of
        self.delivery.renderers.update(self.reminders.renderers())
        checkin_store = CheckInStore(self.db)
        self.checkins = CheckIns(
            checkin_store, SessionStore(self.db), self.people, GroupStore(self.db), self.clock
        )
        self.attendance = AttendanceBook(
            self.checkins, checkin_store, self.outbox, self.people, self.texts, self.clock
        )
        self.rollcalls = RollCalls(
            RollCallStore(self.db),
            self.people,
            self.visits.store,
            self.outbox,
            self.texts,
            self.clock,
            self.audiences.groups,
        )
        safety_store = SafetyStore(self.db)
        roster_store = RosterStore(self.db)  # the roster's phones for SOS alerts, its invites
        self.care = GroupCare(self.audiences.groups, self.people, self.texts)
        self.sos = SosAlerts(
            safety_store,
            self.care,
            self.people,
            self.visits.store,
            self.outbox,
            self.texts,
            self.clock,
            roster_store,
        )
        self.safety = SafetyChecks(
            safety_store,
            self.audiences.groups,
            self.care,
            self.sos,
            self.people,
            self.visits.store,
            self.outbox,
            self.texts,
            self.clock,
        )
        self.emergency = EmergencyPacks(self.agenda.packs, SessionStore(self.db), self.texts)
        self.logistics = Logistics(LogisticsStore(self.db), self.audiences.groups, self.people)
        self.announcements = Announcements(
            AnnouncementStore(self.db),
            self.audiences,
            self.outbox,
            self.people,
            self.texts,
            self.clock,
        )
        # A personal invite marks its roster entry joined in the same transaction as the
        # enrolment; the organisers' notice follows.
        self.invites.store.enrol_hooks.append(roster_store.claim)
        self.roster = Roster(roster_store, self.people, self.outbox, self.texts, self.clock)
        self.invites.enrol_listeners.append(self.roster.joined)
        self.wall = Wall(
            WallStore(self.db),
            self.questions,
            self.checkins,
            SessionStore(self.db),
            self.visits.store,
            self.people,
            self.clock,
            base_url=self.settings.wall_base_url,
        )
        self.questions.listeners.append(self.wall.changed)
        self.checkins.listeners.append(lambda visit_id: self.wall.changed(visit_id, "checkins"))
        self.backups = Backups.from_settings(self.db, self.settings, self.clock)
        self.planners.add("backups", self.backups.tick)
        self.consents = Consents(ConsentStore(self.db), self.visits.store, self.texts, self.clock)
        self.needs = Needs(NeedsStore(self.db), self.consents, self.clock)
        self.mydata = MyData(MyDataStore(self.db), self.texts, self.clock)
        self.learning = Learning(
            self.db,
            self.visits.store,
            self.people,
            self.agenda,
            self.outbox,
            self.texts,
            self.clock,
        )
        self.delivery.renderers.update(self.learning.renderers())
        self.retention = Retention(
            RetentionStore(self.db),
            self.visits.store,
            self.people,
            self.privacy,
            self.dialogs,
            self.outbox,
            self.texts,
            self.clock,
            self.settings.retention_days,
        )

    @classmethod
    def create(cls, settings: Settings, clock: Clock | None = None) -> Services:
        """Wire the services over one database file (opened later, in `open`)."""
        clock = clock or SystemClock()
        db = Database(settings.database_path)
        people_store = PeopleStore(db)
        visit_store = VisitStore(db)
        outbox_store = OutboxStore(db)
        outbox = Outbox(outbox_store, clock)
        delivery = DeliveryWorker(outbox_store, people_store, clock, chats=ChatStore(db))
        outbox.on_enqueue(delivery.wake)
        texts = Texts.load()
        audiences = Audiences(people_store, GroupStore(db))
        agenda = Agenda(
            SessionStore(db),
            AgendaStore(db),
            visit_store,
            people_store,
            audiences,
            outbox,
            texts,
            clock,
            settings.default_language,
        )
        people = People(
            people_store,
            visit_store,
            clock,
            settings.default_language,
            frozenset(settings.organiser_ids),
        )
        partners = Partners(PartnerStore(db), SessionStore(db), people_store, clock)
        questions = Questions(
            QuestionStore(db), partners, SessionStore(db), people, visit_store, outbox, texts, clock
        )
        return cls(
            settings=settings,
            clock=clock,
            db=db,
            texts=texts,
            people=people,
            visits=Visits(visit_store, people_store, clock),
            invites=Invites(InviteStore(db), clock),
            dialogs=Dialogs(DialogStore(db), clock),
            outbox=outbox,
            delivery=delivery,
            audiences=audiences,
            planners=Planners(clock),
            agenda=agenda,
            reminders=Reminders(agenda),
            privacy=Privacy(PrivacyStore(db), people_store),
            creators=Creators(CreatorStore(db), clock),
            partners=partners,
            questions=questions,
        )

    def start_payload(self, prefix: str, handler: StartPayloadHandler) -> None:
        """Let a feature answer `/start <prefix>...` deep links."""
        if prefix in self.start_payloads:
            raise ValueError(f"start payload prefix {prefix!r} is taken")
        self.start_payloads[prefix] = handler

    async def open(self) -> None:
        """Open the database (applying migrations) and read the calendar data of each language."""
        await self.db.open()
        load_locale_data()

    async def close(self) -> None:
        """Close the database."""
        await self.db.close()


__all__ = ["INVITE_PREFIX", "Services", "StartPayloadHandler"]
