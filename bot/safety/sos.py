"""SOS: an alert to the leaders of a person's groups and every organiser, ahead of every queue.

An alert is an urgent outbox row to each of them (urgent rows go before a broadcast in progress
and ignore mutes; the bot has no quiet hours that could hold one), with an **I'm on it** button.
The first press wins (one conditional UPDATE), and who pressed is told to the others and to the
person. An alert nobody acknowledged within three minutes goes out again, marked so; the
Planners tick finds it in the database, so a restart does not lose the re-send. A second `/sos`
within a minute asks to confirm first; a drill is marked as one for everyone.
A call for help in a safety check raises the same alert.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.i18n import Html, Texts, clock_time
from bot.outbox import Button, Delivery, Outbox, OutgoingMessage
from bot.people import People
from bot.safety.groups import GroupCare
from bot.visits import zone_of
from storage.people import Person
from storage.roster import RosterStore
from storage.safety import SafetyStore, SosAlert
from storage.visits import Visit, VisitStore

RESEND_AFTER = timedelta(minutes=3)
CONFIRM_WITHIN = timedelta(minutes=1)
# An alert is worth sending late (the bot was down) for this long.
ALERT_GRACE = timedelta(hours=2)


@dataclass(frozen=True, slots=True)
class RaiseOutcome:
    """What became of `/sos`: "raised" (with the alert and how many were told) or "confirm"
    (a second SOS within a minute: ask first)."""

    state: str
    alert: SosAlert | None = None
    told: int = 0


def map_url(latitude: float, longitude: float) -> str:
    """A map pin that opens in any phone's browser or maps app."""
    return f"https://maps.google.com/?q={latitude:.6f},{longitude:.6f}"


class SosAlerts:
    """Raising, acknowledging and re-sending SOS alerts."""

    def __init__(
        self,
        store: SafetyStore,
        care: GroupCare,
        people: People,
        visits: VisitStore,
        outbox: Outbox,
        texts: Texts,
        clock: Clock,
        roster: RosterStore,
    ) -> None:
        self.roster = roster  # the phone numbers organisers gave with the roster
        self.store = store
        self.care = care
        self.people = people
        self.visits = visits
        self.outbox = outbox
        self.texts = texts
        self.clock = clock

    async def responders(self, visit_id: int, person_id: int) -> list[Person]:
        """Who is alerted: the leaders of the person's groups, then every organiser (each once,
        never the person themself)."""
        carers = await self.care.carers(visit_id, person_id)
        found: dict[int, Person] = {}
        for person in [*carers.leaders, *await self.people.reachable_organisers(visit_id)]:
            if person.started and person.unreachable_since is None and person.id != person_id:
                found.setdefault(person.id, person)
        return list(found.values())

    async def raise_sos(
        self,
        visit: Visit,
        person: Person,
        *,
        drill: bool = False,
        confirmed: bool = False,
        check_id: int | None = None,
    ) -> RaiseOutcome:
        """Alert the responders at once; a second SOS within a minute needs `confirmed`."""
        now = self.clock.now()
        if not confirmed and check_id is None:
            latest = await self.store.latest_alert(visit.id, person.id)
            if latest is not None and now - latest.raised_at < CONFIRM_WITHIN:
                return RaiseOutcome("confirm", latest)
        alert = await self.store.raise_alert(visit.id, person.id, drill, now, check_id)
        told = await self._send(visit, alert, person, resent=False)
        return RaiseOutcome("raised", alert, told)

    async def _send(self, visit: Visit, alert: SosAlert, person: Person, *, resent: bool) -> int:
        tag = "r" if resent else "a"
        phone = await self.roster.phone_of(visit.id, person.id)
        deliveries = []
        for responder in await self.responders(visit.id, person.id):
            language = self.people.language(responder)
            deliveries.append(
                Delivery(
                    chat_id=responder.id,
                    message=OutgoingMessage(
                        self.alert_text(language, visit, alert, person, resent=resent, phone=phone),
                        ((Button(self.texts.get(language, "sos.on_it"), f"sos:ack:{alert.id}"),),),
                    ),
                    kind="sos",
                    visit_id=visit.id,
                    batch=f"sos:{alert.id}",
                    dedupe_key=f"sos:{alert.id}:{tag}:{responder.id}",
                    grace=ALERT_GRACE,
                    urgent=True,
                )
            )
        if not resent:
            deliveries.append(
                self._to_person(
                    visit,
                    alert,
                    person,
                    "sos.sent_drill" if alert.drill else "sos.sent",
                    count=len(deliveries),
                )
            )
        await self.outbox.enqueue(deliveries)
        return len(deliveries) - (0 if resent else 1)

    def _to_person(
        self, visit: Visit, alert: SosAlert, person: Person, key: str, **values: object
    ) -> Delivery:
        language = self.people.language(person)
        return Delivery(
            chat_id=person.id,
            message=OutgoingMessage(self.texts.get(language, key, **values)),
            kind="sos",
            visit_id=visit.id,
            batch=f"sos:{alert.id}",
            dedupe_key=f"sos:{alert.id}:{key}:{person.id}",
            grace=ALERT_GRACE,
            urgent=True,
        )

    def alert_text(
        self,
        language: str,
        visit: Visit,
        alert: SosAlert,
        person: Person,
        *,
        resent: bool,
        phone: str | None = None,
    ) -> Html:
        """The alert a responder sees: drill or not, unacknowledged or not, who and when."""
        lines: list[Html] = []
        if alert.drill:
            lines.append(self.texts.get(language, "sos.drill_banner"))
        if resent:
            lines.append(self.texts.get(language, "sos.unacknowledged"))
        key = "sos.alert_help" if alert.check_id is not None else "sos.alert"
        lines.append(
            self.texts.get(
                language,
                key,
                name=person.full_name,
                at=clock_time(alert.raised_at, language, zone_of(visit)),
            )
        )
        if person.username:
            lines.append(self.texts.get(language, "sos.username", username=person.username))
        if phone:
            lines.append(self.texts.get(language, "sos.roster_phone", phone=phone[:40]))
        lines.append(self.texts.get(language, "sos.no_phone_location"))
        return Html("\n").join(lines)

    async def share_location(
        self, alert: SosAlert, person: Person, latitude: float, longitude: float
    ) -> int:
        """Pass a location the person chose to share to every responder, as a map pin."""
        return await self._follow_up(
            alert, person, "sos.location", url=map_url(latitude, longitude), tag="loc"
        )

    async def share_phone(self, alert: SosAlert, person: Person, phone: str) -> int:
        """Pass a phone number the person chose to share to every responder."""
        return await self._follow_up(alert, person, "sos.phone", phone=phone[:40], tag="phone")

    async def share_note(self, alert: SosAlert, person: Person, note: str) -> int:
        """Pass the person's short note to every responder."""
        return await self._follow_up(alert, person, "sos.note", note=note, tag="note")

    async def _follow_up(
        self, alert: SosAlert, person: Person, key: str, *, tag: str, **values: str
    ) -> int:
        visit = await self.visits.get(alert.visit_id)
        if visit is None:
            return 0
        url = values.get("url")
        deliveries = []
        for responder in await self.responders(alert.visit_id, person.id):
            language = self.people.language(responder)
            buttons = ((Button(self.texts.get(language, "sos.map"), url=url),),) if url else ()
            deliveries.append(
                Delivery(
                    chat_id=responder.id,
                    message=OutgoingMessage(
                        self.texts.get(language, key, name=person.full_name, **values), buttons
                    ),
                    kind="sos",
                    visit_id=alert.visit_id,
                    batch=f"sos:{alert.id}",
                    grace=ALERT_GRACE,
                    urgent=True,
                )
            )
        await self.outbox.enqueue(deliveries)
        return len(deliveries)

    async def acknowledge(self, alert_id: int, responder: Person) -> str:
        """ "I'm on it": "first" for the first press (the others and the person are told),
        "taken" when someone was first, "not_yours" for someone who was not alerted."""
        alert = await self.store.alert(alert_id)
        if alert is None or alert.person_id is None:
            return "not_yours"
        responders = await self.responders(alert.visit_id, alert.person_id)
        if all(person.id != responder.id for person in responders):
            return "not_yours"
        if not await self.store.acknowledge(alert_id, responder.id, self.clock.now()):
            return "taken"
        visit = await self.visits.get(alert.visit_id)
        person = await self.people.store.get(alert.person_id)
        if visit is None or person is None:
            return "first"
        deliveries = [
            Delivery(
                chat_id=other.id,
                message=OutgoingMessage(
                    self.texts.get(
                        self.people.language(other),
                        "sos.taken_by",
                        responder=responder.full_name,
                        name=person.full_name,
                    )
                ),
                kind="sos",
                visit_id=visit.id,
                batch=f"sos:{alert.id}",
                dedupe_key=f"sos:{alert.id}:ack:{other.id}",
                grace=ALERT_GRACE,
                urgent=True,
            )
            for other in responders
            if other.id != responder.id
        ]
        deliveries.append(
            self._to_person(visit, alert, person, "sos.coming", responder=responder.full_name)
        )
        await self.outbox.enqueue(deliveries)
        return "first"

    async def tick(self, now: datetime) -> None:
        """Send again, marked unacknowledged, every alert nobody took within three minutes."""
        for alert in await self.store.unacknowledged_since(now - RESEND_AFTER):
            visit = await self.visits.get(alert.visit_id)
            person = (
                None if alert.person_id is None else await self.people.store.get(alert.person_id)
            )
            if visit is not None and person is not None:
                # Queued before it is noted: a crash in between queues it again, once (dedupe).
                await self._send(visit, alert, person, resent=True)
            await self.store.mark_resent(alert.id, now)
