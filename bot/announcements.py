"""Announcements: check a draft, resolve its audience, queue it through the outbox, record
"Got it" presses, and keep a delivery report that updates itself while it goes out.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum
from typing import Any, Protocol

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, RetryAfter, TelegramError
from telegram.ext import ExtBot

from bot.audience import Audience, AudienceError, Audiences
from bot.checkins import CheckIns
from bot.clock import Clock
from bot.i18n import Html, Texts, plain
from bot.outbox import Button, Delivery, Outbox, OutgoingMessage
from bot.people import People
from bot.refresh import ThrottledRefresher
from bot.sendlimits import seconds_of
from bot.telegram_errors import is_not_modified
from storage.announcements import Announcement, AnnouncementStore, RecipientState, batch_of
from storage.outbox import OutboxRow
from storage.people import Member
from storage.roles import Role

log = logging.getLogger(__name__)

KIND = "announcement"
MAX_TEXT = 4096  # Telegram's limit for a message...
MAX_CAPTION = 1024  # ...and for the caption of a photo or document
HEADER_ROOM = 60  # the "📢 Announcement" line the bot puts above the text
NAMES_SHOWN = 40  # names listed per line of the report before "+N more"
REPORT_INTERVAL = 3.0  # seconds between edits of a report while the announcement goes out
# An announcement is worth sending late: a day of grace after a long outage.
ANNOUNCEMENT_GRACE = timedelta(days=1)


class DraftProblem(Enum):
    """Why a message cannot become an announcement."""

    EMPTY = "empty"
    TOO_LONG = "too_long"


def text_limit(with_attachment: bool) -> int:
    """How many characters an organiser may write (Telegram's limit minus our header)."""
    return (MAX_CAPTION if with_attachment else MAX_TEXT) - HEADER_ROOM


def telegram_length(text: str) -> int:
    """A text's length as Telegram counts it (UTF-16 code units: an emoji may count two)."""
    return len(text.encode("utf-16-le")) // 2


def check_draft_text(plain_text: str, with_attachment: bool) -> DraftProblem | None:
    """Whether the visible text of a draft can be sent."""
    if not plain_text.strip():
        return DraftProblem.EMPTY
    if telegram_length(plain_text) > text_limit(with_attachment):
        return DraftProblem.TOO_LONG
    return None


class AudienceProvider(Protocol):
    """An extra kind of audience another feature offers (e.g. "checked in to a session").

    Register one with `Announcements.add_provider(prefix, provider)`; its options appear in the
    /announce audience step as buttons `ann:aud:x:<prefix>:<key>` (keep prefix + key short).
    """

    async def options(self, visit_id: int, language: str) -> list[tuple[str, str]]:
        """(key, label) pairs to offer, labels in the organiser's language."""
        ...

    async def person_ids(self, visit_id: int, key: str) -> list[int] | None:
        """The people of one option, or None when the key is unknown (a stale button)."""
        ...


@dataclass(frozen=True, slots=True)
class AudienceOption:
    """A choice in the audience step: its key (in callback data) and label."""

    key: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class Report:
    """How an announcement is going."""

    announcement: Announcement
    recipients: list[RecipientState]
    group_chat_state: str | None

    def count(self, attribute: str) -> int:
        """How many recipients have an attribute set (sent, pending, ...)."""
        return sum(1 for r in self.recipients if getattr(r, attribute))

    def names(self, attribute: str) -> list[str]:
        """The names of recipients with an attribute set."""
        return [r.name for r in self.recipients if getattr(r, attribute)]

    @property
    def not_acknowledged(self) -> list[RecipientState]:
        """Recipients who can be reached and have not pressed "Got it"."""
        return [r for r in self.recipients if not r.acknowledged and not r.unreachable]

    @property
    def finished(self) -> bool:
        """Nothing left to send."""
        return self.count("pending") == 0 and self.group_chat_state != "pending"


class AckOutcome(Enum):
    """What a "Got it" press did."""

    RECORDED = "recorded"
    ALREADY = "already"
    STALE = "stale"


class Announcements:
    """The rules of announcements."""

    def __init__(
        self,
        store: AnnouncementStore,
        audiences: Audiences,
        outbox: Outbox,
        people: People,
        texts: Texts,
        clock: Clock,
    ) -> None:
        self.store = store
        self.audiences = audiences
        self.outbox = outbox
        self.people = people
        self.texts = texts
        self.clock = clock
        self.providers: dict[str, AudienceProvider] = {}
        self.reports = ReportRefresher(self, self.language_of)

    async def language_of(self, person_id: int | None) -> str:
        """The language to write to a person in (the default for someone unknown)."""
        return await self.people.language_of(person_id)

    def add_provider(self, prefix: str, provider: AudienceProvider) -> None:
        """Offer another kind of audience (the check-in feature: people checked in to a session)."""
        if prefix in self.providers or ":" in prefix:
            raise ValueError(f"audience prefix {prefix!r} is taken or malformed")
        self.providers[prefix] = provider

    async def audience_options(self, visit_id: int, language: str) -> list[AudienceOption]:
        """Everyone, each role, each named group, then what other features offer."""
        options = [
            AudienceOption(
                "everyone",
                self.texts.get(language, "ann.audience.everyone"),
                len(await self.members(visit_id, "everyone") or []),
            )
        ]
        for role in Role:
            key = f"role:{role.value}"
            options.append(
                AudienceOption(
                    key,
                    self.texts.get(language, f"role.{role.value}").capitalize(),
                    len(await self.members(visit_id, key) or []),
                )
            )
        for group in await self.store.named_groups(visit_id):
            options.append(AudienceOption(f"g:{group.id}", group.name, group.size))
        for prefix, provider in self.providers.items():
            for key, label in await provider.options(visit_id, language):
                ids = await provider.person_ids(visit_id, key) or []
                options.append(AudienceOption(f"x:{prefix}:{key}", label, len(ids)))
        return options

    async def audience_label(self, visit_id: int, key: str, language: str) -> str | None:
        """The label of an audience key, or None if it is unknown now."""
        for option in await self.audience_options(visit_id, language):
            if option.key == key:
                return option.label
        return None

    async def members(self, visit_id: int, key: str) -> list[Member] | None:
        """The visit's members an audience key stands for; None for an unknown key."""
        kind, _, rest = key.partition(":")
        if kind == "g":
            groups = {str(g.id): g.name for g in await self.store.named_groups(visit_id)}
            if rest not in groups:
                return None
            return await self.audiences.members(visit_id, Audience(group=groups[rest]))
        if kind == "x":
            prefix, _, option = rest.partition(":")
            provider = self.providers.get(prefix)
            ids = None if provider is None else await provider.person_ids(visit_id, option)
            if ids is None:
                return None
            wanted = set(ids)
            everyone = await self.audiences.members(visit_id, Audience())
            return [m for m in everyone if m.person.id in wanted]
        try:
            audience = Audience.parse(key)
        except AudienceError:
            return None
        if audience.group is not None:
            return None  # groups travel by id
        return await self.audiences.members(visit_id, audience)

    async def draft(
        self,
        *,
        visit_id: int,
        created_by: int,
        text_html: str,
        photo: str | None,
        document: str | None,
        audience: str,
        urgent: bool,
        needs_ack: bool,
        to_group_chat: bool,
    ) -> Announcement:
        """Store the draft the preview shows; nothing is queued yet."""
        return await self.store.create_draft(
            visit_id=visit_id,
            created_by=created_by,
            text_html=text_html,
            photo=photo,
            document=document,
            audience=audience,
            urgent=urgent,
            needs_ack=needs_ack,
            to_group_chat=to_group_chat,
            now=self.clock.now(),
        )

    def message_for(self, announcement: Announcement, language: str) -> OutgoingMessage:
        """The announcement as a recipient sees it, in their language."""
        header = "ann.header.urgent" if announcement.urgent else "ann.header"
        text = self.texts.get(language, header, text=Html(announcement.text_html))
        buttons: tuple[tuple[Button, ...], ...] = ()
        if announcement.needs_ack:
            buttons = (
                (Button(self.texts.get(language, "ann.ack.button"), f"ack:{announcement.id}"),),
            )
        return OutgoingMessage(
            text, buttons, photo=announcement.photo, document=announcement.document
        )

    async def send_out(
        self, announcement: Announcement, group_chat: tuple[int, str] | None = None
    ) -> int | None:
        """Queue the announcement for its audience (once, however often this is called).

        `group_chat` is the linked group's (chat id, visit language). Returns how many people it
        goes to, or None when the audience no longer exists.
        """
        members = await self.members(announcement.visit_id, announcement.audience)
        if members is None:
            return None
        deliveries = [
            self._delivery(announcement, m, f"ann:{announcement.id}:{m.person.id}") for m in members
        ]
        if announcement.to_group_chat and group_chat is not None:
            chat_id, visit_language = group_chat
            deliveries.append(
                Delivery(
                    chat_id,
                    self.message_for(announcement, visit_language),
                    KIND,
                    announcement.visit_id,
                    batch=announcement.batch,
                    dedupe_key=f"ann:{announcement.id}:group",
                    urgent=announcement.urgent,
                    grace=ANNOUNCEMENT_GRACE,
                )
            )
        # The rows are queued before the announcement is marked confirmed: a crash in between
        # leaves a draft whose Send button queues nothing twice (dedupe keys).
        await self.outbox.enqueue(deliveries)
        await self.store.confirm(announcement.id, self.clock.now())
        return len(members)

    def _delivery(self, announcement: Announcement, member: Member, dedupe_key: str) -> Delivery:
        return Delivery(
            member.person.id,
            self.message_for(announcement, self.people.language(member.person)),
            KIND,
            announcement.visit_id,
            batch=announcement.batch,
            dedupe_key=dedupe_key,
            urgent=announcement.urgent,
            grace=ANNOUNCEMENT_GRACE,
        )

    async def resend(self, announcement: Announcement) -> int | None:
        """Send again to recipients who have not acknowledged; None while copies are pending."""
        report = await self.report(announcement.id)
        if report is None:
            return 0
        if report.count("pending"):
            return None
        waiting = {r.person_id for r in report.not_acknowledged}
        if not waiting:
            return 0
        members = await self.audiences.members(announcement.visit_id, Audience())
        number = await self.store.count_resend(announcement.id)
        await self.outbox.enqueue(
            self._delivery(announcement, m, f"ann:{announcement.id}:r{number}:{m.person.id}")
            for m in members
            if m.person.id in waiting
        )
        return len(waiting)

    async def acknowledge(self, announcement_id: int, person_id: int) -> AckOutcome:
        """Record a "Got it" press once; stale for someone who never got the announcement."""
        announcement = await self.store.get(announcement_id)
        if (
            announcement is None
            or not announcement.needs_ack
            or not await self.store.was_sent_to(announcement_id, person_id)
        ):
            return AckOutcome.STALE
        if await self.store.acknowledge(announcement_id, person_id, self.clock.now()):
            return AckOutcome.RECORDED
        return AckOutcome.ALREADY

    async def report(self, announcement_id: int) -> Report | None:
        """How a confirmed announcement is going, or None for an unknown or draft one."""
        announcement = await self.store.get(announcement_id)
        if announcement is None or announcement.confirmed_at is None:
            return None
        return Report(
            announcement,
            await self.store.recipients(announcement_id),
            await self.store.group_chat_state(announcement_id),
        )

    def render_report(self, report: Report, language: str) -> tuple[str, InlineKeyboardMarkup]:
        """The report's text and buttons in the organiser's language."""
        get = self.texts.get
        a = report.announcement
        lines = [
            get(language, "ann.report.title", number=a.id),
            get(
                language,
                "ann.report.counts",
                sent=report.count("sent"),
                pending=report.count("pending"),
                failed=report.count("failed"),
                unreachable=report.count("unreachable"),
                total=len(report.recipients),
            ),
        ]
        if a.needs_ack:
            lines.append(
                get(
                    language,
                    "ann.report.acks",
                    acknowledged=report.count("acknowledged"),
                    total=len(report.recipients),
                )
            )
        waiting_names = [r.name for r in report.not_acknowledged] if a.needs_ack else []
        for attribute in ("failed", "unreachable", "waiting", "acknowledged"):
            # Who has not pressed "Got it" is what an organiser acts on: listed by name too.
            names = waiting_names if attribute == "waiting" else report.names(attribute)
            if names:
                shown = ", ".join(names[:NAMES_SHOWN])
                more = len(names) - NAMES_SHOWN
                if more > 0:
                    shown += get(language, "ann.report.more", count=more)
                lines.append(get(language, f"ann.report.names.{attribute}", names=shown))
        if report.group_chat_state is not None:
            lines.append(
                get(
                    language,
                    "ann.report.group",
                    state=get(language, f"ann.report.state.{report.group_chat_state}"),
                )
            )
        lines.append(get(language, "ann.report.done" if report.finished else "ann.report.going"))
        buttons = [
            [
                InlineKeyboardButton(
                    plain(get(language, "ann.report.refresh")), callback_data=f"ann:rep:{a.id}"
                )
            ]
        ]
        waiting = len(report.not_acknowledged)
        if a.needs_ack and waiting and report.finished:
            buttons.append(
                [
                    InlineKeyboardButton(
                        plain(get(language, "ann.report.resend", count=waiting)),
                        callback_data=f"ann:re:{a.id}",
                    )
                ]
            )
        return "\n".join(lines), InlineKeyboardMarkup(buttons)

    async def tell_organisers_unreachable(self, row: OutboxRow) -> None:
        """Tell a visit's organisers, once, that someone blocked the bot (through the outbox)."""
        if row.visit_id is None or row.person_id is None:
            return
        person = await self.people.store.get(row.person_id)
        if person is None:
            return
        organisers = await self.people.store.members(row.visit_id, (Role.ORGANISER,))
        stamp = self.clock.now().strftime("%Y%m%d%H%M%S")
        await self.outbox.enqueue(
            Delivery(
                organiser.person.id,
                OutgoingMessage(
                    self.texts.get(
                        self.people.language(organiser.person),
                        "ann.unreachable_notice",
                        name=person.full_name,
                    )
                ),
                "notice",
                row.visit_id,
                dedupe_key=f"unreachable:{row.visit_id}:{person.id}:{organiser.person.id}:{stamp}",
            )
            for organiser in organisers
            if organiser.person.id != person.id
        )


class CheckedInAudience:
    """The people checked in (present or late) to one of the sessions that have begun."""

    def __init__(self, checkins: CheckIns, texts: Texts, clock: Clock, shown: int = 5) -> None:
        self.checkins = checkins
        self.texts = texts
        self.clock = clock
        self.shown = shown

    async def options(self, visit_id: int, language: str) -> list[tuple[str, str]]:
        """The latest sessions that have begun, newest first."""
        now = self.clock.now()
        sessions = [
            s
            for s in await self.checkins.sessions.of_visit(visit_id, include_cancelled=False)
            if s.starts_at <= now
        ]
        sessions.sort(key=lambda s: s.starts_at, reverse=True)
        return [
            (
                str(s.id),
                self.texts.get(
                    language,
                    "ann.audience.checked_in",
                    title=s.fields.title_id if language == "id" else s.fields.title_en,
                ),
            )
            for s in sessions[: self.shown]
        ]

    async def person_ids(self, visit_id: int, key: str) -> list[int] | None:
        """Who is checked in to the session; None for a session not in this visit."""
        session = await self.checkins.sessions.get(int(key)) if key.isdigit() else None
        if session is None or session.visit_id != visit_id:
            return None
        return [c.person_id for c in await self.checkins.store.of_session(session.id) if c.attended]


class ReportRefresher:
    """Edits report messages as their announcement goes out, at most every REPORT_INTERVAL.

    The last edit (when nothing is left to send) is made at once, so the report ends right.
    """

    def __init__(
        self,
        announcements: Announcements,
        language_of: Callable[[int | None], Awaitable[str]],
        interval: float = REPORT_INTERVAL,
    ) -> None:
        self.announcements = announcements
        self.language_of = language_of
        self.bot: ExtBot[Any] | None = None
        self.refresher: ThrottledRefresher[int] = ThrottledRefresher(
            self._refresh, interval, "announcement-report", hurry=self._finished
        )

    def row_changed(self, row: OutboxRow) -> None:
        """The worker finished a try of a row: refresh its announcement's report soon."""
        if row.batch and row.batch.startswith("announcement:"):
            self.touch(int(row.batch.partition(":")[2]))

    def touch(self, announcement_id: int) -> None:
        """Something about an announcement changed."""
        if self.bot is not None:
            self.refresher.request(announcement_id)

    async def busy(self) -> bool:
        """Whether an edit is coming (tests settle on this)."""
        return await self.refresher.busy()

    async def stop(self) -> None:
        """Cancel the edits still waiting."""
        await self.refresher.stop()

    async def _finished(self, announcement_id: int) -> bool:
        report = await self.announcements.report(announcement_id)
        return report is not None and report.finished

    async def _refresh(self, announcement_id: int) -> float | None:
        """Edit the report as it is now (nothing while its message is not known yet)."""
        report = await self.announcements.report(announcement_id)
        if report is None or report.announcement.report_message_id is None:
            return None
        if report.finished:
            self.refresher.forget(announcement_id)
        return await self.edit(report)

    async def edit(self, report: Report) -> float | None:
        """Edit the report message to show the report; seconds to wait if Telegram said so."""
        announcement = report.announcement
        assert self.bot is not None and announcement.report_chat_id is not None
        language = await self.language_of(announcement.created_by)
        text, markup = self.announcements.render_report(report, language)
        try:
            await self.bot.edit_message_text(
                text,
                chat_id=announcement.report_chat_id,
                message_id=announcement.report_message_id,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
            )
        except RetryAfter as error:
            return seconds_of(error.retry_after)
        except BadRequest as error:
            if not is_not_modified(error):
                log.warning("report of announcement %s: %s", announcement.id, error)
        except TelegramError as error:
            log.warning("report of announcement %s: %s", announcement.id, error)
        return None


__all__ = ["batch_of"]
