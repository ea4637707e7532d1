"""Telegram's flood limits as token buckets, shared by the delivery worker and direct replies.

≤ 30 messages a second overall, about 1 a second per private chat (short bursts allowed) and
20 a minute per group. Every message and edit waits for every bucket that applies: the worker's
rows, direct replies (at once while the chat's burst lasts; a reply of many parts then waits its
turn instead of drawing a 429) and edits made in the background (live boards, reports, lists).
All spend the same buckets, so the worker leaves a chat that was just answered alone a moment.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

# Requests that put a message on someone's screen (sendChatAction only shows "typing…").
COUNTED_PREFIXES = ("send", "edit", "copy", "forward")
NOT_COUNTED = frozenset({"sendChatAction"})
# 429s from this many different chats within FLOOD_WINDOW seconds mean a global flood wait.
FLOOD_CHATS = 4
FLOOD_WINDOW = 1.0
# rate_limit_args the worker passes: it has taken its tokens already.
FROM_OUTBOX = "outbox"
# Of the one token the per-chat bucket keeps under Telegram's burst, what an urgent message (an
# SOS) may use: it goes when 0.2 of a token is there, not a whole one. The rest stays a margin
# for the network's jitter, so even then Telegram is not asked for more than it allows.
URGENT_RESERVE = 0.8
# How long an urgent message waiting for a chat's turn keeps other messages to that chat (a
# live report's edits) from taking the turn first, at most.
URGENT_HOLD = 3.0


@dataclass(frozen=True, slots=True)
class LimitSettings:
    """The limits, a little under Telegram's so clock jitter never crosses them.

    `enabled=False` only reacts to 429s (the sandbox does this when its stand-in enforces no
    limits, so tests that fire thousands of updates are not paced like a real broadcast).
    """

    enabled: bool = True
    per_second: float = 29.7
    # Telegram allows ~30 a second, not 30 at once (the stand-in's bucket holds 3). Two sends
    # 34 ms apart may arrive up to twice the network's jitter closer together (±20 ms on a
    # 150 ms round trip: 1.2 tokens); a bucket of 1.5 keeps that and half a token of catching
    # up after a late turn under the 3 (with 2, bench.checkin drew a few 429s; with 1, every
    # late turn was time lost for good and a broadcast ran at about 29 a second).
    burst: float = 1.5
    # Per chat, one token under Telegram's burst for the same reason (a busy machine).
    per_chat_per_second: float = 0.9
    per_chat_burst: float = 2.0
    per_group_per_minute: float = 19.0
    per_group_burst: float = 3.0


@dataclass(slots=True)
class Bucket:
    """A token bucket: `capacity` tokens refilled at `rate` a second; may go into debt."""

    capacity: float
    rate: float
    tokens: float
    updated: float

    def refill(self, now: float) -> None:
        """Add the tokens earned since the last look."""
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now

    def wait(self, now: float, need: float = 1.0) -> float:
        """Seconds until `need` tokens (one, unless a reserve may be used) are there."""
        self.refill(now)
        return 0.0 if self.tokens >= need else (need - self.tokens) / self.rate


@dataclass
class SendLimits:
    """The buckets, pauses after a 429, and waiting for a turn."""

    settings: LimitSettings = field(default_factory=LimitSettings)
    monotonic: Callable[[], float] = time.monotonic
    _global: Bucket | None = None
    _chats: dict[int, Bucket] = field(default_factory=dict)
    _groups: dict[int, Bucket] = field(default_factory=dict)
    _chat_paused_until: dict[int, float] = field(default_factory=dict)
    _all_paused_until: float = 0.0
    _recent_429: dict[int, float] = field(default_factory=dict)
    _held: dict[int, float] = field(default_factory=dict)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def hold_for_urgent(self, chat_id: int) -> None:
        """An urgent message waits for this chat's turn: nothing else takes it meanwhile."""
        self._held.setdefault(chat_id, self.monotonic() + URGENT_HOLD)

    def release(self, chat_id: int) -> None:
        """The urgent message got its turn."""
        self._held.pop(chat_id, None)

    def _held_wait(self, chat_id: int, urgent: bool, now: float) -> float:
        if urgent:
            return 0.0
        until = self._held.get(chat_id)
        if until is None:
            return 0.0
        if until <= now:
            del self._held[chat_id]
            return 0.0
        return until - now

    def _bucket(
        self, table: dict[int, Bucket], chat_id: int, capacity: float, rate: float
    ) -> Bucket:
        bucket = table.get(chat_id)
        if bucket is None:
            bucket = table[chat_id] = Bucket(capacity, rate, capacity, self.monotonic())
        return bucket

    def _global_bucket(self) -> Bucket:
        if self._global is None:
            s = self.settings
            self._global = Bucket(s.burst, s.per_second, s.burst, self.monotonic())
        return self._global

    def _chat_buckets(self, chat_id: int) -> list[Bucket]:
        s = self.settings
        buckets = [self._bucket(self._chats, chat_id, s.per_chat_burst, s.per_chat_per_second)]
        if chat_id < 0:  # groups, supergroups and channels have negative ids
            buckets.append(
                self._bucket(
                    self._groups, chat_id, s.per_group_burst, s.per_group_per_minute / 60.0
                )
            )
        return buckets

    def chat_wait(self, chat_id: int, urgent: bool = False) -> float:
        """Seconds until this chat may get a message from the worker (0: now)."""
        now = self.monotonic()
        if not self.settings.enabled:
            return max(self._chat_paused_until.get(chat_id, 0.0), self._all_paused_until, now) - now
        paused = max(self._chat_paused_until.get(chat_id, 0.0), self._all_paused_until) - now
        need = 1.0 - URGENT_RESERVE if urgent else 1.0
        held = self._held_wait(chat_id, urgent, now)
        return max(paused, held, *(b.wait(now, need) for b in self._chat_buckets(chat_id)), 0.0)

    async def acquire(self, chat_id: int | None, urgent: bool = False) -> None:
        """Wait for a turn to send to a chat and take its tokens (the overall bucket's too).

        Waiting for one chat never holds up the others: only the overall turn is handed out
        under the lock. An urgent message may use part of the chat's reserve (URGENT_RESERVE).
        """
        while True:
            if chat_id is not None:
                wait = self._chat_turn_wait(chat_id, urgent)
                if wait > 0:
                    await asyncio.sleep(wait)
                    continue
            async with self._lock:  # overall turns are handed out in order
                # Two requests to one chat may both have seen its token; the first takes it.
                if chat_id is not None and self._chat_turn_wait(chat_id, urgent) > 0:
                    continue
                while True:
                    now = self.monotonic()
                    wait = self._all_paused_until - now
                    if self.settings.enabled:
                        wait = max(wait, self._global_bucket().wait(now))
                    if wait <= 0:
                        break
                    await asyncio.sleep(wait)
                self._global_bucket().tokens -= 1
                if chat_id is not None:
                    for bucket in self._chat_buckets(chat_id):
                        bucket.tokens -= 1
                return

    def _chat_turn_wait(self, chat_id: int, urgent: bool = False) -> float:
        now = self.monotonic()
        wait = self._chat_paused_until.get(chat_id, 0.0) - now
        if self.settings.enabled:
            # A reply goes at once while the chat's burst lasts (a person's own messages pace
            # it); a reply of many parts, or many at once, then waits its turn, not for a 429.
            need = 1.0 - URGENT_RESERVE if urgent else 1.0
            held = self._held_wait(chat_id, urgent, now)
            wait = max(wait, held, *(b.wait(now, need) for b in self._chat_buckets(chat_id)))
        return wait

    def retry_after(self, chat_id: int | None, seconds: float) -> bool:
        """Telegram said wait: pause the chat, or everything on a global flood; True if global."""
        now = self.monotonic()
        until = now + seconds
        if chat_id is None:
            self._all_paused_until = max(self._all_paused_until, until)
            return True
        self._chat_paused_until[chat_id] = max(self._chat_paused_until.get(chat_id, 0.0), until)
        self._recent_429 = {c: t for c, t in self._recent_429.items() if now - t < FLOOD_WINDOW}
        self._recent_429[chat_id] = now
        if len(self._recent_429) >= FLOOD_CHATS:
            self._all_paused_until = max(self._all_paused_until, until)
            self._recent_429.clear()
            return True
        return False

    def forget_idle(self) -> None:
        """Drop the buckets of chats that are full again (keeps memory flat over a long run)."""
        now = self.monotonic()
        for table in (self._chats, self._groups):
            for chat_id in [
                c for c, b in table.items() if b.wait(now) == 0 and b.tokens >= b.capacity
            ]:
                if self._chat_paused_until.get(chat_id, 0.0) <= now:
                    del table[chat_id]
        self._chat_paused_until = {c: t for c, t in self._chat_paused_until.items() if t > now}
        self._held = {c: t for c, t in self._held.items() if t > now}


def is_counted(endpoint: str) -> bool:
    """Whether a Bot API method counts against the flood limits."""
    return endpoint.startswith(COUNTED_PREFIXES) and endpoint not in NOT_COUNTED


def seconds_of(delay: timedelta | float | int) -> float:
    """A RetryAfter delay in seconds (PTB gives a timedelta or a number)."""
    return delay.total_seconds() if isinstance(delay, timedelta) else float(delay)


class SharedRateLimiter(BaseRateLimiter[str]):
    """python-telegram-bot's hook: every request the bot makes passes through `SendLimits`.

    Direct replies and background edits take their turn here and are retried (twice) after a
    429. The outbox worker takes its turn itself and passes `rate_limit_args=FROM_OUTBOX`, and
    handles 429s itself.
    """

    def __init__(self, limits: SendLimits, reply_retries: int = 2) -> None:
        self.limits = limits
        self.reply_retries = reply_retries

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: str | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Wait for a turn (unless the worker took it), send, and pause the chat on a 429."""
        chat = data.get("chat_id")
        chat_id = chat if isinstance(chat, int) else None
        counted = is_counted(endpoint)
        attempt = 0
        while True:
            if counted and rate_limit_args != FROM_OUTBOX:
                await self.limits.acquire(chat_id)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                self.limits.retry_after(chat_id, seconds_of(error.retry_after))
                if rate_limit_args == FROM_OUTBOX or attempt >= self.reply_retries:
                    raise
                attempt += 1
