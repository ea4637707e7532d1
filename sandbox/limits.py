"""Rate limits (token buckets shaped like Telegram's documented limits) and fault injection."""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

# Methods that put a message on someone's screen: these are limited and may be faulted.
# sendChatAction is excluded on purpose: it shows "typing…" but sends no message.
COUNTED_PREFIXES = ("send", "edit", "copy", "forward")
NOT_COUNTED = {"sendChatAction"}


def is_sending_method(method: str) -> bool:
    """Whether rate limits and faults apply to ``method`` (send*, edit*, copy*, forward*)."""
    return method.startswith(COUNTED_PREFIXES) and method not in NOT_COUNTED


@dataclass
class RateLimits:
    """Telegram's flood limits: ~30 msg/s overall, ~1 msg/s per chat, 20 msg/min per group."""

    enabled: bool = True
    global_per_second: float = 30.0
    # Telegram promises ~30 a second, not 30 at once: the overall bucket holds three tokens, so
    # a broadcast can beat recipients / 30 s from its first send by 2/30 s at the most.
    global_burst: int = 3
    per_chat_per_second: float = 1.0
    per_chat_burst: int = 3
    per_group_per_minute: float = 20.0


class LimitClock:
    """The seconds Telegram's flood limits are measured in.

    Real time, and in a rehearsal also every move of the rehearsal's clock and a person's time to
    read and answer (`think_seconds` per action), so a test that moves time or plays a person
    never waits in real time for tokens that a real person's pace would have refilled. The bot's
    own pacing reads the same clock in a rehearsal, so both sides agree on when a token is back.
    """

    def __init__(self, think_seconds: float = 0.0) -> None:
        self.think_seconds = think_seconds
        self._thought = 0.0
        self._rehearsal_now: Callable[[], datetime] | None = None
        self._rehearsal_start: datetime | None = None

    def follow(self, now: Callable[[], datetime]) -> None:
        """Count the moves of a rehearsal's clock as time passed."""
        self._rehearsal_now = now
        self._rehearsal_start = now()

    def person_acted(self) -> None:
        """Someone read a message and answered: `think_seconds` pass."""
        self._thought += self.think_seconds

    def __call__(self) -> float:
        moved = 0.0
        if self._rehearsal_now is not None and self._rehearsal_start is not None:
            moved = (self._rehearsal_now() - self._rehearsal_start).total_seconds()
        return time.monotonic() + moved + self._thought


@dataclass
class TokenBucket:
    """A classic token bucket: ``capacity`` tokens, refilled at ``rate`` tokens per second."""

    capacity: float
    rate: float
    clock: Callable[[], float] = time.monotonic
    tokens: float = field(init=False)
    updated: float = field(init=False)

    def __post_init__(self) -> None:
        self.tokens = self.capacity
        self.updated = self.clock()

    def _refill(self, at: float | None = None) -> None:
        now = self.clock() if at is None else at
        if now <= self.updated:
            return
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now

    def wait_time(self, at: float | None = None) -> float:
        """Seconds until one token is available (0 when one is available now, or `at`)."""
        self._refill(at)
        if self.tokens >= 1:
            return 0.0
        return (1 - self.tokens) / self.rate

    def take(self, at: float | None = None) -> None:
        """Consume one token (call only after :meth:`wait_time` returned 0)."""
        self._refill(at)
        self.tokens -= 1


MAX_RETRY_AFTER = 300  # seconds; the longest wait the stand-in escalates to


class RateLimiter:
    """Checks the global, per-chat and per-group buckets and counts violations."""

    def __init__(self, limits: RateLimits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self.clock = clock
        self.global_bucket = TokenBucket(
            float(limits.global_burst), limits.global_per_second, clock
        )
        self.chat_buckets: dict[int, TokenBucket] = {}
        self.group_buckets: dict[int, TokenBucket] = {}
        self.violations = 0
        self.violations_by_chat: dict[int, int] = {}
        self.escalations = 0  # 429s that doubled the wait because the last one was ignored
        self._told: dict[int, tuple[float, int]] = {}  # chat -> (wait until, seconds told)

    def _buckets_for(self, chat_id: int, is_group: bool) -> list[TokenBucket]:
        limits = self.limits
        if chat_id not in self.chat_buckets:
            self.chat_buckets[chat_id] = TokenBucket(
                float(limits.per_chat_burst), limits.per_chat_per_second, self.clock
            )
        buckets = [self.global_bucket, self.chat_buckets[chat_id]]
        if is_group:
            if chat_id not in self.group_buckets:
                self.group_buckets[chat_id] = TokenBucket(
                    limits.per_group_per_minute, limits.per_group_per_minute / 60.0, self.clock
                )
            buckets.append(self.group_buckets[chat_id])
        return buckets

    def retry_after(self, chat_id: int, is_group: bool, at: float | None = None) -> int | None:
        """None when a message may be sent now, else the whole seconds to wait (>= 1).

        `at`: the moment (on `clock`) the request reached "Telegram", when the stand-in's event
        loop gets to it later than that. A refused request is counted as a violation; nothing
        is consumed here, see :meth:`consume` (so requests that fail validation cost no tokens).
        """
        if not self.limits.enabled:
            return None
        now = self.clock() if at is None else at
        told_until, told = self._told.get(chat_id, (0.0, 0))
        wait = max(bucket.wait_time(now) for bucket in self._buckets_for(chat_id, is_group))
        if wait <= 0 and now >= told_until:
            return None
        self.violations += 1
        self.violations_by_chat[chat_id] = self.violations_by_chat.get(chat_id, 0) + 1
        seconds = max(1, math.ceil(wait))
        if now < told_until:
            # Asked again before the time it was told: a bot that ignores 429s waits longer.
            self.escalations += 1
            seconds = max(seconds, min(MAX_RETRY_AFTER, told * 2))
        self._told[chat_id] = (now + seconds, seconds)
        return seconds

    def consume(self, chat_id: int, is_group: bool, at: float | None = None) -> None:
        """Take one token from every bucket that applies to the chat (at `at`, else now)."""
        if self.limits.enabled:
            for bucket in self._buckets_for(chat_id, is_group):
                bucket.take(at)


@dataclass
class Faults:
    """Probabilities (0..1) of faults injected into send*/edit* calls.

    - ``server_error_rate``: reply 502 "Bad Gateway" or 500 "Internal Server Error"; not stored.
    - ``drop_before_rate``: close the connection without a reply; the message is not stored.
    - ``drop_after_rate``: store and deliver the message, then close the connection without a
      reply: the client cannot tell whether it was sent (the ambiguous case).
    - ``too_many_requests_rate``: reply 429 with ``retry_after`` seconds.
    - ``slow_rate``: wait ``slow_seconds`` before handling the call.
    - ``garbled_before_rate``: a proxy's HTML error page (502, ``text/html``) instead of the
      Bot API's JSON; the message is not stored.
    - ``garbled_after_rate``: store and deliver the message, then reply with something the
      client cannot parse (the stand-in's GARBLED_REPLIES shapes in turn, or the real reply cut
      short): ambiguous, like ``drop_after``.

    Change the fields (or ``enabled``) at run time to switch faults on and off.
    """

    server_error_rate: float = 0.0
    drop_before_rate: float = 0.0
    drop_after_rate: float = 0.0
    too_many_requests_rate: float = 0.0
    retry_after: int = 1
    slow_rate: float = 0.0
    slow_seconds: float = 0.5
    garbled_before_rate: float = 0.0
    garbled_after_rate: float = 0.0
    enabled: bool = True


FAULT_KINDS = (
    "server_error",
    "drop_before",
    "drop_after",
    "too_many_requests",
    "slow",
    "garbled_before",
    "garbled_after",
)
# Random draws per request, whatever the faults: five kinds, then the 5xx status. The garbled
# kinds added later share the draws of their neighbours (disjoint ranges of the same draw), so
# a seed replays the same faults as before they existed.
DRAWS_PER_REQUEST = 5


@dataclass
class FaultPlan:
    """Which faults to inject into one request."""

    server_error_status: int | None = None  # 500 or 502
    drop_before: bool = False
    drop_after: bool = False
    too_many_requests: bool = False
    slow_seconds: float = 0.0
    garbled_before: bool = False  # an HTML error page instead of JSON, message not stored
    garbled_after: bool = False  # stored, then a reply body that is not JSON


def plan_faults(faults: Faults | None, rng: random.Random) -> FaultPlan:
    """Draw the faults for one request (always the same six draws, so the random sequence does
    not depend on which faults are switched on).

    A garbled HTML page shares the 5xx draw (the range just above ``server_error_rate``), a
    garbled reply after storing shares the dropped-after draw (just above ``drop_after_rate``):
    each keeps its own probability, and a seed gives the same faults as before they existed.
    """
    plan = FaultPlan()
    draws = [rng.random() for _ in range(DRAWS_PER_REQUEST)]
    status_draw = rng.random()
    if faults is None or not faults.enabled:
        return plan
    server_error_or_garbled = faults.server_error_rate + faults.garbled_before_rate
    if draws[1] < faults.drop_before_rate:
        plan.drop_before = True
    elif draws[0] < faults.server_error_rate:
        plan.server_error_status = 502 if status_draw < 0.5 else 500
    elif draws[0] < server_error_or_garbled:
        plan.garbled_before = True
    elif draws[3] < faults.too_many_requests_rate:
        plan.too_many_requests = True
    else:
        if draws[4] < faults.slow_rate:
            plan.slow_seconds = faults.slow_seconds
        plan.drop_after = draws[2] < faults.drop_after_rate
        plan.garbled_after = (
            not plan.drop_after and draws[2] < faults.drop_after_rate + faults.garbled_after_rate
        )
    return plan
