"""Retention: a visit's personal data is purged a number of days after its last day.

`RETENTION_DAYS` (default 90) sets the period; a visit may set its own in its settings
(`retention_days`). A week before, the visit's organisers are warned once, in their language,
to export what they need. When the day comes the visit's people who belong to no visit still
within retention are forgotten as with `/forgetme` (every feature's eraser), and the visit
itself goes with every row that belongs to it. Each step is recorded (`visit_purges`), so the
planner's tick may run again at any time: after a restart, or after a crash half-way.
"""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta

from bot.clock import Clock
from bot.dialogs import Dialogs
from bot.i18n import Texts, day
from bot.outbox import Delivery, Outbox, OutgoingMessage
from bot.people import People
from bot.privacy import Privacy
from bot.visits import zone_of
from storage.retention import PurgeRecord, RetentionStore
from storage.visits import Visit, VisitStore

log = logging.getLogger(__name__)

SETTING = "retention_days"
WARN_BEFORE = timedelta(days=7)


class Retention:
    """When each visit's data goes, the warning before, and the purge."""

    def __init__(
        self,
        store: RetentionStore,
        visits: VisitStore,
        people: People,
        privacy: Privacy,
        dialogs: Dialogs,
        outbox: Outbox,
        texts: Texts,
        clock: Clock,
        days: int,
    ) -> None:
        self.store = store
        self.visits = visits
        self.people = people
        self.privacy = privacy
        self.dialogs = dialogs
        self.outbox = outbox
        self.texts = texts
        self.clock = clock
        self.days = days

    def days_for(self, visit: Visit) -> int:
        """The visit's own retention period when its settings name one, else RETENTION_DAYS."""
        own = visit.settings.get(SETTING)
        if isinstance(own, int) and not isinstance(own, bool) and own >= 1:
            return own
        return self.days

    def due_at(self, visit: Visit) -> datetime:
        """The end of the visit's last day, in its own time zone, plus the retention period."""
        end = datetime.combine(visit.last_day + timedelta(days=1), time(), tzinfo=zone_of(visit))
        return end + timedelta(days=self.days_for(visit))

    async def tick(self, now: datetime) -> None:
        """Purge every visit whose day has come; warn the organisers of those due within a week."""
        for visit in await self.visits.all():
            due = self.due_at(visit)
            if now < due - WARN_BEFORE:
                continue
            record = await self.store.get(visit.id)
            if record is None or record.due_at != due:
                await self.store.plan(visit.id, visit.slug, visit.last_day.isoformat(), due)
            if now >= due:
                await self.purge(visit, now)
            else:
                await self.warn(visit, due, now)

    async def warn(self, visit: Visit, due: datetime, now: datetime) -> None:
        """Tell the visit's organisers, once, when its personal data will go."""
        record = await self.store.get(visit.id)
        if record is not None and record.warned_at is not None:
            return
        deliveries = []
        zone = zone_of(visit)
        for organiser in await self.people.reachable_organisers(visit.id):
            language = self.people.language(organiser)
            text = self.texts.get(
                language,
                "retention.warning",
                visit=visit.title,
                day=day(due, language, zone),
                days=self.days_for(visit),
            )
            deliveries.append(
                Delivery(
                    chat_id=organiser.id,
                    message=OutgoingMessage(text),
                    kind="retention",
                    visit_id=visit.id,
                    batch=f"retention:{visit.id}",
                    # Planned twice (a crash before it was noted), it is still queued once.
                    dedupe_key=f"retention:{visit.id}:{organiser.id}",
                    grace=WARN_BEFORE,
                )
            )
        await self.outbox.enqueue(deliveries)
        await self.store.mark_warned(visit.id, now)
        log.info("retention: warned %d organisers of visit %s", len(deliveries), visit.id)

    async def purge(self, visit: Visit, now: datetime) -> None:
        """Forget the visit's people who belong to no visit still kept, then erase the visit.

        Someone who belongs to another visit still within its retention keeps their person row
        and that visit's data; what belongs to this visit goes with it.
        """
        await self.store.mark_started(visit.id, now)
        kept_visits = {other.id for other in await self.visits.all() if self.due_at(other) > now}
        for person_id in await self.store.member_ids(visit.id):
            if self.people.is_bootstrap_organiser(person_id):
                continue  # configured organisers organise every visit
            memberships = await self.people.store.memberships_of(person_id)
            if any(m.visit_id in kept_visits for m in memberships):
                continue
            await self.privacy.forget(person_id)
            self.dialogs.forget_loaded(person_id)
            await self.store.count_forgotten(visit.id)
        in_dialog = await self.store.dialog_people(visit.id)
        await self.store.erase_visit(visit.id, now)
        for person_id in in_dialog:
            self.dialogs.forget_loaded(person_id)
        log.info("retention: visit %s purged", visit.id)

    async def records(self) -> list[PurgeRecord]:
        """Every visit's purge record."""
        return await self.store.all()
