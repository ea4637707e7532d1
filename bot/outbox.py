"""The outbox: the one way the bot sends to many people (DESIGN.md §3).

Features queue `Delivery` objects with `Outbox.enqueue`; rows live in the database, and the
single `DeliveryWorker` sends those that are due. A row is marked sent only after Telegram
accepted it, so after a crash only the message in flight can arrive twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.clock import Clock, ManualClock
from storage.outbox import DROPPED, FAILED, NewRow, OutboxRow, OutboxStore
from storage.people import PeopleStore

log = logging.getLogger(__name__)

DEFAULT_GRACE = timedelta(minutes=15)
MAX_ATTEMPTS = 6
# Called with the row when a recipient turns out to have blocked the bot.
UnreachableListener = Callable[[OutboxRow], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Button:
    """An inline button: callback data (≤ 64 bytes) or a URL."""

    text: str
    data: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """What to send: HTML text (the caption when a photo or document is attached) and buttons."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    photo: str | None = None  # a Telegram file_id
    document: str | None = None  # a Telegram file_id

    def payload(self) -> dict[str, Any]:
        """The JSON stored in the outbox row."""
        return {
            "text": self.text,
            "buttons": [
                [{"text": b.text, "data": b.data, "url": b.url} for b in row]
                for row in self.buttons
            ],
            "photo": self.photo,
            "document": self.document,
        }


@dataclass(frozen=True, slots=True)
class Delivery:
    """One message to one chat, with its timing and how it may be treated."""

    chat_id: int
    message: OutgoingMessage
    kind: str
    visit_id: int | None = None
    batch: str | None = None  # the announcement or job it belongs to, e.g. "announcement:12"
    dedupe_key: str | None = None  # planning the same key twice queues it once
    due_at: datetime | None = None  # None: now
    grace: timedelta | None = None  # how late it may still go out; None: DEFAULT_GRACE
    urgent: bool = False  # goes first and ignores mutes
    mute_category: str | None = None  # e.g. "reminders", "briefing"
    person_id: int | None = field(default=None)  # default: the chat, for private chats


class Outbox:
    """Queueing messages and asking how they went."""

    def __init__(self, store: OutboxStore, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        self._wake_listeners: list[Callable[[], None]] = []

    def on_enqueue(self, listener: Callable[[], None]) -> None:
        """Call `listener` whenever rows are added (the worker wakes up)."""
        self._wake_listeners.append(listener)

    async def enqueue(self, deliveries: Iterable[Delivery]) -> int:
        """Queue deliveries in one transaction; returns how many rows were new."""
        now = self.clock.now()
        rows = []
        for delivery in deliveries:
            due = delivery.due_at or now
            grace = delivery.grace if delivery.grace is not None else DEFAULT_GRACE
            person_id = delivery.person_id
            if person_id is None and delivery.chat_id > 0:
                person_id = delivery.chat_id
            rows.append(
                NewRow(
                    chat_id=delivery.chat_id,
                    kind=delivery.kind,
                    payload=delivery.message.payload(),
                    due_at=due,
                    person_id=person_id,
                    visit_id=delivery.visit_id,
                    batch=delivery.batch,
                    dedupe_key=delivery.dedupe_key,
                    expires_at=due + grace,
                    urgent=delivery.urgent,
                    mute_category=delivery.mute_category,
                )
            )
        added = await self.store.add(rows, now)
        for listener in self._wake_listeners:
            listener()
        return added

    async def cancel(self, batch: str | None = None, dedupe_prefix: str | None = None) -> int:
        """Drop what is still pending of a batch (or by dedupe-key prefix)."""
        return await self.store.drop_pending(batch=batch, dedupe_prefix=dedupe_prefix)


async def send_payload(bot: Bot, chat_id: int, payload: dict[str, Any]) -> Message:
    """Send one stored payload with the Bot API."""
    rows = [
        [
            InlineKeyboardButton(
                button["text"], callback_data=button.get("data"), url=button.get("url")
            )
            for button in row
        ]
        for row in payload.get("buttons") or []
    ]
    markup = InlineKeyboardMarkup(rows) if rows else None
    text = payload.get("text") or ""
    if payload.get("photo"):
        return await bot.send_photo(
            chat_id,
            payload["photo"],
            caption=text or None,
            parse_mode=ParseMode.HTML,
            reply_markup=markup,
        )
    if payload.get("document"):
        return await bot.send_document(
            chat_id,
            payload["document"],
            caption=text or None,
            parse_mode=ParseMode.HTML,
            reply_markup=markup,
        )
    return await bot.send_message(
        chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup, disable_web_page_preview=True
    )


class DeliveryWorker:
    """The single sender of outbox rows."""

    def __init__(self, store: OutboxStore, people: PeopleStore, clock: Clock) -> None:
        self.store = store
        self.people = people
        self.clock = clock
        self.unreachable_listeners: list[UnreachableListener] = []
        self._bot: Bot | None = None
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._sending = False

    def wake(self) -> None:
        """Look for due rows now."""
        self._wake.set()

    async def start(self, bot: Bot) -> None:
        """Start the background loop."""
        self._bot = bot
        if isinstance(self.clock, ManualClock):
            self.clock.listen(self._clock_moved)
        self._task = asyncio.create_task(self._run(), name="delivery-worker")

    async def stop(self) -> None:
        """Stop the loop (a row in flight is finished or left pending)."""
        if isinstance(self.clock, ManualClock):
            self.clock.forget(self._clock_moved)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def busy(self) -> bool:
        """Whether rows are due or being sent (tests settle on this)."""
        if self._sending or self._wake.is_set():
            return True
        return bool(await self.store.due(self.clock.now(), limit=1))

    async def _clock_moved(self, now: datetime) -> None:
        self.wake()

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            try:
                await self.deliver_due()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("delivery pass failed")
            await self._sleep_until_next()

    async def _sleep_until_next(self) -> None:
        timeout: float | None = 60.0
        if not isinstance(self.clock, ManualClock):
            next_due = await self.store.next_due_at()
            if next_due is not None:
                timeout = max(0.0, min(60.0, (next_due - self.clock.now()).total_seconds()))
        else:
            timeout = None  # a manual clock wakes us when it moves
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout)

    async def deliver_due(self) -> int:
        """Send every row that is due now; returns how many were sent."""
        sent = 0
        while True:
            rows = await self.store.due(self.clock.now())
            if not rows:
                return sent
            self._sending = True
            try:
                for row in rows:
                    sent += await self._deliver(row)
            finally:
                self._sending = False

    async def _deliver(self, row: OutboxRow) -> int:
        now = self.clock.now()
        if row.expires_at is not None and now > row.expires_at:
            await self.store.finish(
                row.id, DROPPED, "expired: its time passed while the bot was down"
            )
            return 0
        if (
            row.mute_category
            and not row.urgent
            and row.person_id is not None
            and row.visit_id is not None
            and await self.store.is_muted(row.person_id, row.visit_id, row.mute_category)
        ):
            await self.store.finish(row.id, DROPPED, "muted")
            return 0
        assert self._bot is not None
        try:
            message = await send_payload(self._bot, row.chat_id, row.payload)
        except RetryAfter as error:
            delay = error.retry_after
            seconds = delay.total_seconds() if isinstance(delay, timedelta) else float(delay)
            await self.store.retry_later(row.id, str(error), now + timedelta(seconds=seconds))
            return 0
        except Forbidden as error:
            await self.store.finish(row.id, FAILED, str(error))
            if row.person_id is not None and await self.people.mark_unreachable(row.person_id, now):
                for listener in self.unreachable_listeners:
                    await listener(row)
            return 0
        except BadRequest as error:
            await self.store.finish(row.id, FAILED, str(error))
            return 0
        except (NetworkError, TelegramError) as error:
            if row.attempts + 1 >= MAX_ATTEMPTS:
                await self.store.finish(row.id, FAILED, str(error))
            else:
                backoff = timedelta(seconds=min(60, 2**row.attempts))
                await self.store.retry_later(row.id, str(error), now + backoff)
            return 0
        await self.store.mark_sent(row.id, message.message_id, self.clock.now())
        return 1
