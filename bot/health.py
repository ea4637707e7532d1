"""Is the bot well? The last successful poll and the outbox's backlog, without personal data.

`GET /healthz` answers with `Health.report()`: in webhook mode on the webhook's port, in polling
mode on HEALTH_PORT when it is set; `python -m bot health` asks it from the same machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.clock import Clock
from storage.outbox import OutboxStore

# Long polling asks every 10 s at most (a failed poll is retried within 30 s): two minutes
# without a successful poll means the bot is not hearing Telegram.
POLL_STALE = timedelta(minutes=2)
# The worker sends a due row within seconds, or backs off for a minute at most between tries:
# a row due for ten minutes and still pending means nothing is going out.
OUTBOX_STUCK = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class HealthReport:
    """What `/healthz` says; `ok` decides its status (200 or 503)."""

    ok: bool
    problems: tuple[str, ...]
    mode: str
    now: datetime
    last_poll: datetime | None
    last_update: datetime | None
    pending: int
    due: int
    oldest_due: datetime | None

    def as_json(self) -> dict[str, Any]:
        """The report as a JSON object: counts and moments only."""

        def moment(value: datetime | None) -> str | None:
            return None if value is None else value.isoformat(timespec="seconds")

        def age(value: datetime | None) -> int | None:
            return None if value is None else max(0, int((self.now - value).total_seconds()))

        return {
            "status": "ok" if self.ok else "unhealthy",
            "problems": list(self.problems),
            "mode": self.mode,
            "now": moment(self.now),
            "last_poll": moment(self.last_poll),
            "seconds_since_poll": age(self.last_poll),
            "last_update": moment(self.last_update),
            "outbox_pending": self.pending,
            "outbox_due": self.due,
            "outbox_oldest_due": moment(self.oldest_due) if self.due else None,
            "outbox_oldest_due_seconds": age(self.oldest_due) if self.due else None,
        }


class Health:
    """Notes when the bot last heard Telegram and reads the outbox's backlog."""

    def __init__(self, clock: Clock, outbox: OutboxStore) -> None:
        self.clock = clock
        self.outbox = outbox
        self.mode = "polling"
        self.started_at = clock.now()
        self.last_poll: datetime | None = None
        self.last_update: datetime | None = None

    def polled(self) -> None:
        """A getUpdates call was answered."""
        self.last_poll = self.clock.now()

    def received(self) -> None:
        """Telegram pushed an update to the webhook."""
        self.last_update = self.clock.now()

    async def report(self) -> HealthReport:
        """The bot's state now."""
        now = self.clock.now()
        pending, due, oldest = await self.outbox.backlog(now)
        problems = []
        if self.mode == "polling":
            heard = self.last_poll or self.started_at
            if now - heard > POLL_STALE:
                problems.append(
                    "no successful poll yet" if self.last_poll is None else "polling stalled"
                )
        if due and oldest is not None and now - oldest > OUTBOX_STUCK:
            problems.append("outbox stuck")
        return HealthReport(
            ok=not problems,
            problems=tuple(problems),
            mode=self.mode,
            now=now,
            last_poll=self.last_poll,
            last_update=self.last_update,
            pending=pending,
            due=due,
            oldest_due=oldest,
        )
