"""The outbox: the one way the bot sends to many people (DESIGN.md §3).

Features queue `Delivery` objects with `Outbox.enqueue`; rows live in the database, and the
single `DeliveryWorker` sends those that are due. Each attempt is counted in the database before
its send, and every way a send can end has a decided outcome, so no failure (a crash, an answer
nobody can parse, a locked database) can make more than MAX_ATTEMPTS sends of one row. A row is
marked sent only after Telegram accepted it, so after a crash only the messages in flight can
arrive twice (docs/delivery.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError

from bot.clock import Clock, ManualClock
from bot.i18n import plain
from bot.sendlimits import FROM_OUTBOX, SendLimits, seconds_of
from storage.chats import ChatStore
from storage.outbox import DROPPED, FAILED, NewRow, OutboxRow, OutboxStore
from storage.people import PeopleStore

log = logging.getLogger(__name__)

DEFAULT_GRACE = timedelta(minutes=15)
MAX_ATTEMPTS = 6  # sends of one row, at most; then a passing failure (5xx, timeout) is final
CLAIM_LEASE = 10.0  # seconds before a claimed attempt whose outcome was lost is tried again
RECORD_RETRY = 1.0  # seconds between tries to record a send the database refused to note
QUICK_RETRIES = 1  # a passing failure is first retried at once (after QUICK_BACKOFF seconds)...
QUICK_BACKOFF = 0.25
FIRST_BACKOFF = 1.0  # ...then later: seconds, doubled at each further failure, at most MAX_BACKOFF
MAX_BACKOFF = 60.0
IN_FLIGHT = 16  # messages on the wire at once (each to a different chat; 8 could not
# keep up 30 a second over a 150 ms round trip once each send's claim and record were counted)
TURNS_PER_PASS = 60  # rows started before looking again for urgent ones
SAFETY_POLL = 60.0  # seconds; the database is the truth even if a wake-up is missed
# Called with the row when a recipient turns out to have blocked the bot.
UnreachableListener = Callable[[OutboxRow], Awaitable[None]]
# Called with the row and the new message's id once Telegram accepted it (e.g. a live message).
SentListener = Callable[[OutboxRow, int], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Button:
    """An inline button: callback data (≤ 64 bytes) or a URL.

    `text` is HTML like every rendered text (values escaped); Telegram shows a button's label as
    plain text, so it is sent as the text it reads (`i18n.plain`): "Bus & Van", not "&amp;".
    """

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
class Rendering:
    """A planned text rendered when it is sent, in the recipient's language of that moment.

    `renderer` names a function registered with `DeliveryWorker.renderers`; `data` holds plain
    JSON values (ids, not texts), so a change of language or of the agenda shows in the message.
    """

    renderer: str
    data: dict[str, Any]


# Renders a planned message (data, language, whether it goes out late); None when there is
# nothing to send any more.
Renderer = Callable[[dict[str, Any], str, bool], Awaitable["OutgoingMessage | None"]]


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
    # Render again at send time (the message above is then what it looked like when planned).
    rendering: Rendering | None = None


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
            payload = delivery.message.payload()
            if delivery.rendering is not None:
                payload["render"] = {
                    "renderer": delivery.rendering.renderer,
                    "data": delivery.rendering.data,
                }
            rows.append(
                NewRow(
                    chat_id=delivery.chat_id,
                    kind=delivery.kind,
                    payload=payload,
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


async def send_payload(bot: Bot, chat_id: int, payload: dict[str, Any], **extra: Any) -> Message:
    """Send one stored payload with the Bot API (`extra`: e.g. rate_limit_args for ExtBot)."""
    rows = [
        [
            InlineKeyboardButton(
                plain(button["text"]), callback_data=button.get("data"), url=button.get("url")
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
            **extra,
        )
    if payload.get("document"):
        return await bot.send_document(
            chat_id,
            payload["document"],
            caption=text or None,
            parse_mode=ParseMode.HTML,
            reply_markup=markup,
            **extra,
        )
    return await bot.send_message(
        chat_id,
        text,
        parse_mode=ParseMode.HTML,
        reply_markup=markup,
        disable_web_page_preview=True,
        **extra,
    )


class DeliveryWorker:
    """The single sender of outbox rows, keeping Telegram's limits (bot/sendlimits.py).

    Up to IN_FLIGHT messages are on the wire at once, never two to the same chat, so each
    chat gets its messages in order. Urgent rows go first.
    """

    def __init__(
        self,
        store: OutboxStore,
        people: PeopleStore,
        clock: Clock,
        limits: SendLimits | None = None,
        in_flight: int = IN_FLIGHT,
        chats: ChatStore | None = None,
    ) -> None:
        self.store = store
        self.people = people
        self.clock = clock
        self.chats = chats
        self.limits = limits or SendLimits()
        self.unreachable_listeners: list[UnreachableListener] = []
        self.sent_listeners: list[SentListener] = []
        # Called (synchronously) after each try of a row, e.g. to refresh a delivery report.
        self.progress_listeners: list[Callable[[OutboxRow], None]] = []
        # Called with the next moment rows become due (production: a JobQueue run_once).
        self.schedule_wake: Callable[[datetime], None] | None = None
        # Planned texts rendered at send time (Rendering), and the recipient's language then.
        self.renderers: dict[str, Renderer] = {}
        self.language_of: Callable[[int | None], Awaitable[str]] | None = None
        self._bot: Bot | None = None
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._sending = False
        self._slots = asyncio.Semaphore(in_flight)
        self._rows_in_flight: set[int] = set()
        self._finished_while_reading: set[int] = set()
        self._chats_in_flight: set[int] = set()
        self._tasks: set[asyncio.Task[int]] = set()
        # Rows Telegram accepted whose "sent" the database refused to note: message id, when.
        self._unrecorded: dict[int, tuple[int, datetime]] = {}
        self._logged_unexpected: set[int] = set()
        self.sent_total = 0
        self._extra: dict[str, Any] = {}

    def wake(self) -> None:
        """Look for due rows now."""
        self._wake.set()

    async def start(self, bot: Bot) -> None:
        """Start the background loop."""
        self._bot = bot
        # python-telegram-bot's ExtBot takes rate_limit_args; a plain Bot does not.
        self._extra = {"rate_limit_args": FROM_OUTBOX} if hasattr(bot, "rate_limiter") else {}
        if isinstance(self.clock, ManualClock):
            self.clock.listen(self._clock_moved)
        # What was on the wire when the last process stopped may go again (docs/delivery.md).
        released = await self.store.release_claims()
        if released:
            log.info(
                "%s message(s) were being sent when the bot last stopped; sending again", released
            )
        self._task = asyncio.create_task(self._run(), name="delivery-worker")

    async def stop(self) -> None:
        """Stop the loop; messages on the wire are finished (or left pending)."""
        if isinstance(self.clock, ManualClock):
            self.clock.forget(self._clock_moved)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._tasks:
            await asyncio.wait(self._tasks)

    async def busy(self) -> bool:
        """Whether rows are due or being sent (tests settle on this)."""
        if self._sending or self._wake.is_set() or self._tasks or self._unrecorded:
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
        timeout: float | None = None  # a manual clock wakes us when it moves
        if self._unrecorded:
            timeout = RECORD_RETRY
        elif not isinstance(self.clock, ManualClock):
            timeout = SAFETY_POLL
            next_due = await self.store.next_due_at()
            if next_due is not None:
                if self.schedule_wake is not None:
                    self.schedule_wake(next_due)
                else:
                    seconds = (next_due - self.clock.now()).total_seconds()
                    timeout = max(0.0, min(SAFETY_POLL, seconds))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout)

    async def deliver_due(self) -> int:
        """Send every row that is due now, as fast as the limits allow; returns how many."""
        self._sending = True
        before = self.sent_total
        try:
            await self._record_unrecorded()
            while True:
                # A send that finishes while we read makes its row stale: skip it this time.
                self._finished_while_reading.clear()
                # Rows queued from here on (an SOS) wake us: `_start_turns` then reads again.
                self._wake.clear()
                due = await self.store.due(self.clock.now(), limit=5 * TURNS_PER_PASS)
                rows = [
                    row
                    for row in due
                    if row.id not in self._rows_in_flight
                    and row.id not in self._finished_while_reading
                    and row.id not in self._unrecorded
                ]
                if not rows and not self._tasks:
                    return self.sent_total - before
                started, soonest = await self._start_turns(rows)
                if started:
                    continue
                # Nothing could start: wait for a message on the wire or a chat's turn.
                await self._wait_for_room(soonest)
        finally:
            if self._tasks:
                await asyncio.wait(self._tasks)
            self._sending = False
            self.limits.forget_idle()

    async def _start_turns(self, rows: list[OutboxRow]) -> tuple[int, float | None]:
        """Start sending rows whose chat may get a message now; the soonest wait of the rest."""
        started = 0
        soonest: float | None = None
        # Urgent rows whose chat was busy: the pass ends as soon as one of them may go, so an
        # SOS to a chat that was just written to does not wait behind a pass of a broadcast.
        urgent_waiting: list[OutboxRow] = []
        for row in rows:
            if started >= TURNS_PER_PASS:
                break
            if started and self._wake.is_set():
                break  # new rows were queued meanwhile: read again, urgent ones first
            if started and any(self._may_start(waiting) for waiting in urgent_waiting):
                break
            if row.chat_id in self._chats_in_flight:
                if row.urgent:
                    urgent_waiting.append(row)
                    self.limits.hold_for_urgent(row.chat_id)
                continue
            if await self._settle_without_sending(row):
                started += 1
                continue
            wait = self.limits.chat_wait(row.chat_id, row.urgent)
            if wait > 0:
                if row.urgent:
                    urgent_waiting.append(row)
                    self.limits.hold_for_urgent(row.chat_id)
                soonest = wait if soonest is None else min(soonest, wait)
                continue
            await self._slots.acquire()
            self._rows_in_flight.add(row.id)
            self._chats_in_flight.add(row.chat_id)
            task = asyncio.create_task(self._send(row), name=f"deliver-{row.id}")
            self._tasks.add(task)
            task.add_done_callback(functools.partial(self._finished, row))
            started += 1
        return started, soonest

    def _may_start(self, row: OutboxRow) -> bool:
        """Whether a row's chat is free and has its turn now."""
        if row.chat_id in self._chats_in_flight:
            return False
        return self.limits.chat_wait(row.chat_id, row.urgent) <= 0

    def _finished(self, row: OutboxRow, task: asyncio.Task[int]) -> None:
        self._tasks.discard(task)
        self._rows_in_flight.discard(row.id)
        self._finished_while_reading.add(row.id)
        self._chats_in_flight.discard(row.chat_id)
        self._slots.release()

    async def _wait_for_room(self, soonest: float | None) -> None:
        """Wait until a send finishes, a chat's turn comes, or a wake-up (new rows)."""
        waiters: set[asyncio.Future[Any]] = set(self._tasks)
        woken = asyncio.ensure_future(self._wake.wait())
        waiters.add(woken)
        try:
            await asyncio.wait(waiters, timeout=soonest, return_when=asyncio.FIRST_COMPLETED)
        finally:
            woken.cancel()
        self._wake.clear()

    async def _settle_without_sending(self, row: OutboxRow) -> bool:
        """Drop a row that expired or that its person muted; True if it was dropped."""
        now = self.clock.now()
        if row.expires_at is not None and now > row.expires_at:
            await self.store.finish(
                row.id, DROPPED, "expired: its time passed while the bot was down"
            )
            return True
        if (
            row.mute_category
            and not row.urgent
            and row.person_id is not None
            and row.visit_id is not None
            and await self.store.is_muted(row.person_id, row.visit_id, row.mute_category)
        ):
            await self.store.finish(row.id, DROPPED, "muted")
            return True
        return False

    async def _send(self, row: OutboxRow) -> int:
        """Send one row and record how it went; 1 if Telegram accepted it."""
        try:
            return await self._try(row)
        except Exception:
            # Bookkeeping failed (e.g. "database is locked"). The attempt was counted before the
            # send and its lease holds the row back, so this cannot turn into a stream of sends.
            log.exception("outbox row %s: could not record how its send went", row.id)
            return 0
        finally:
            for listener in self.progress_listeners:
                try:
                    listener(row)
                except Exception:
                    log.exception("progress listener failed for row %s", row.id)

    def _after(self, seconds: float) -> datetime:
        """A moment at least `seconds` from now, rounded up to the whole second the table keeps."""
        moment = self.clock.now() + timedelta(seconds=seconds)
        if moment.microsecond:
            moment = moment.replace(microsecond=0) + timedelta(seconds=1)
        return moment

    async def _unreachable(self, row: OutboxRow) -> None:
        """Mark the person unreachable; the first time, tell the listeners (organisers)."""
        now = self.clock.now()
        if row.person_id is not None and await self.people.mark_unreachable(row.person_id, now):
            for listener in self.unreachable_listeners:
                try:
                    await listener(row)
                except Exception:
                    log.exception("unreachable listener failed for row %s", row.id)

    async def _claim(self, row: OutboxRow) -> int:
        """Count the next attempt in the database before it is made; 0: do not send."""
        now = self.clock.now()
        attempt = await self.store.claim(
            row.id, now, now + timedelta(seconds=CLAIM_LEASE), MAX_ATTEMPTS
        )
        gave_up = f"gave up after {MAX_ATTEMPTS} attempts; the last may have arrived"
        if attempt == 0 and await self.store.give_up(row.id, MAX_ATTEMPTS, gave_up):
            log.warning("outbox row %s failed: %s attempts made", row.id, MAX_ATTEMPTS)
        return attempt

    async def _rendered(self, row: OutboxRow) -> dict[str, Any] | None:
        """The payload to send: a planned text rendered now, in the recipient's language now.

        None when the row was settled instead (nothing to send any more, or no way to render).
        """
        spec = row.payload.get("render")
        if not spec:
            return row.payload
        renderer = self.renderers.get(spec.get("renderer", ""))
        if renderer is None or self.language_of is None:
            return row.payload  # as planned: better than nothing
        try:
            language = await self.language_of(row.person_id)
            message = await renderer(spec.get("data") or {}, language, row.late)
        except Exception as error:
            log.exception("outbox row %s: could not render %s", row.id, spec.get("renderer"))
            await self.store.finish(row.id, FAILED, f"could not render: {error}")
            return None
        if message is None:
            await self.store.finish(row.id, DROPPED, "nothing to send any more")
            return None
        return message.payload()

    async def _try(self, row: OutboxRow) -> int:
        """Claim and send a row (again at once after a first passing failure) and settle it."""
        assert self._bot is not None
        payload = await self._rendered(row)
        if payload is None:
            return 0
        tries = 0
        migrated = False
        while True:
            tries += 1
            attempt = await self._claim(row)
            if attempt == 0:
                return 0
            # The turn is taken after the claim, right before the send: a claim that waited for
            # the database (busy with many updates at once) then cannot bunch this send with
            # the next ones on the wire and draw a 429.
            await self.limits.acquire(row.chat_id, row.urgent)
            if row.urgent:
                self.limits.release(row.chat_id)
            try:
                message = await send_payload(self._bot, row.chat_id, payload, **self._extra)
                break
            except RetryAfter as error:
                # Telegram refused before sending: the attempt does not count.
                seconds = seconds_of(error.retry_after)
                self.limits.retry_after(row.chat_id, seconds)
                await self.store.retry_later(row.id, str(error), self._after(seconds), refund=True)
                return 0
            except ChatMigrated as error:
                if migrated:  # a second move at once is not a migration any more
                    await self.store.finish(row.id, FAILED, str(error))
                    return 0
                migrated = True
                await self.chat_moved(row.chat_id, error.new_chat_id)
                row = replace(row, chat_id=error.new_chat_id)
                await self.store.retry_later(row.id, str(error), self.clock.now(), refund=True)
                continue
            except Forbidden as error:
                await self.store.finish(row.id, FAILED, f"unreachable: {error}")
                await self._unreachable(row)
                return 0
            except BadRequest as error:
                log.warning("outbox row %s refused by Telegram: %s", row.id, error)
                await self.store.finish(row.id, FAILED, str(error))
                return 0
            except Exception as error:
                # 5xx, timeouts, dropped connections, an answer nobody can parse, or anything
                # unforeseen: the message may or may not have arrived.
                reason = str(error) or type(error).__name__
                self._log_ambiguous(row, error)
                if attempt >= MAX_ATTEMPTS:
                    log.warning("outbox row %s failed after %s tries: %s", row.id, attempt, reason)
                    await self.store.finish(row.id, FAILED, reason)
                    return 0
                if tries <= QUICK_RETRIES:
                    # Most of these pass at once: try again soon, keeping the chat's turn.
                    await asyncio.sleep(QUICK_BACKOFF * tries)
                    continue
                backoff = min(MAX_BACKOFF, FIRST_BACKOFF * 2 ** (attempt - 1))
                await self.store.retry_later(row.id, reason, self._after(backoff))
                return 0
        self.sent_total += 1
        await self._record_sent(row.id, message.message_id)
        for listener in self.sent_listeners:
            try:
                await listener(row, message.message_id)
            except Exception:
                log.exception("sent listener failed for row %s", row.id)
        return 1

    def _log_ambiguous(self, row: OutboxRow, error: Exception) -> None:
        """A send that may have arrived: a line each time, the traceback once for the unforeseen."""
        if isinstance(error, TelegramError) or row.id in self._logged_unexpected:
            log.info("outbox row %s: %s (may have arrived; retrying)", row.id, error)
            return
        self._logged_unexpected.add(row.id)
        log.warning(
            "outbox row %s: unexpected %s while sending; it may have arrived, retrying",
            row.id,
            type(error).__name__,
            exc_info=error,
        )

    async def _record_sent(self, row_id: int, message_id: int) -> None:
        """Note the row as sent; if the database refuses, keep it in mind and note it later."""
        now = self.clock.now()
        try:
            await self.store.mark_sent(row_id, message_id, now)
        except Exception as error:
            log.warning("outbox row %s was sent; noting it later (%s)", row_id, error)
            self._unrecorded[row_id] = (message_id, now)

    async def _record_unrecorded(self) -> None:
        """Note the sends the database refused to record before (never send those again)."""
        for row_id, (message_id, when) in list(self._unrecorded.items()):
            try:
                await self.store.mark_sent(row_id, message_id, when)
            except Exception as error:
                log.warning("outbox row %s: still cannot note it as sent (%s)", row_id, error)
                return
            del self._unrecorded[row_id]

    async def chat_moved(self, old_chat_id: int, new_chat_id: int) -> None:
        """A group became a supergroup: every reference to it moves to the new id."""
        log.info("chat %s is now %s (upgraded to a supergroup)", old_chat_id, new_chat_id)
        if self.chats is not None:
            await self.chats.move(old_chat_id, new_chat_id)
