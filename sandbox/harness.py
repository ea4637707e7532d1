"""The real application running against the stand-in, for tests, benchmarks and the terminal.

`LiveBot` builds the bot with `build_application` (the production path), points it at the
stand-in over HTTP and polls; `settle()` waits until every update sent so far has been handled
and the bot's background work (deliveries) is idle, so a test can assert without sleeping.
`Member` wraps a simulated user so that each action settles before returning.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from pydantic import AnyHttpUrl, SecretStr
from telegram import Bot
from telegram.error import NetworkError, RetryAfter, TelegramError, TimedOut

from bot.application import BotApplication, build_application, services_of
from bot.clock import Clock, ManualClock
from bot.services import Services
from bot.web import WebServer
from config import Settings
from sandbox.limits import Faults
from sandbox.standin import TelegramStandIn
from sandbox.users import SentMessage, SimulatedUser
from storage.roles import Role

TOKEN = "123456:TEST-TOKEN-rombongan-sandbox"
# Moving the clock far ahead stops at least this often, so the planners see every day.
MAX_CLOCK_STEP = timedelta(hours=6)


def free_port() -> int:
    """A TCP port free on this machine now (for the room's screen in tests and the sandbox)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def settings_for(standin: TelegramStandIn, database: Path, **values: Any) -> Settings:
    """Settings that point the bot at the stand-in and a database file."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]  # tests and the sandbox ignore a local .env
        bot_token=SecretStr(TOKEN),
        telegram_api_base_url=AnyHttpUrl(standin.api_root),
        database_path=database,
        **values,
    )


def _report_polling_error(application: BotApplication, error: TelegramError) -> None:
    application.create_task(application.process_error(error=error, update=None))


# A person takes about this long to read the bot's answer and act again (flood limits only).
THINK_SECONDS = 2.0


class LiveBot:
    """The real bot, polling the stand-in."""

    def __init__(self, standin: TelegramStandIn, settings: Settings, clock: Clock) -> None:
        self.standin = standin
        self.settings = settings
        self.clock = clock
        if isinstance(clock, ManualClock):
            # A rehearsal: moving its clock, and a person's time to answer, refill the buckets.
            standin.limit_clock.follow(clock.now)
            standin.limit_clock.think_seconds = THINK_SECONDS
        self.application: BotApplication | None = None
        self.web: WebServer | None = None
        self._last_update_id = 0

    @property
    def services(self) -> Services:
        """The running application's services."""
        assert self.application is not None, "the bot is not running"
        return services_of(self.application)

    async def start(self) -> None:
        """Build, initialise and start polling."""
        application = build_application(self.settings, self.clock)
        limits = services_of(application).delivery.limits
        if self.standin.limits is None or not self.standin.limits.enabled:
            # This "Telegram" enforces no flood limits: pace nothing, only react to a 429.
            limits.settings = replace(limits.settings, enabled=False)
        # Both sides measure the limits in the same seconds (sandbox.limits.LimitClock).
        limits.monotonic = self.standin.limit_clock
        await application.initialize()
        # run_polling() calls these hooks; starting by hand must too.
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(
            poll_interval=0,
            timeout=timedelta(seconds=2),
            drop_pending_updates=False,
            # As run_polling() does: a failed poll goes to the application's error handler.
            error_callback=lambda error: _report_polling_error(application, error),
        )
        self.application = application
        if self.settings.wall_port is not None:
            # The room's screen, served by the bot as in polling mode (bot.running).
            self.web = WebServer(services_of(application), lambda: application.bot.username)
            await self.web.start("127.0.0.1", [self.settings.wall_port])

    async def stop(self) -> None:
        """Stop polling and shut the application down (closing the database)."""
        application, self.application = self.application, None
        if application is None:
            return
        web, self.web = self.web, None
        if web is not None:
            await web.stop()
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
            # run_polling() calls post_stop after stop(); stopping by hand must too.
            if application.post_stop is not None:
                await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)

    async def restart(self) -> None:
        """Stop, then build a new application over the same database: a restart of the bot."""
        await self.settle()
        await self.stop()
        await self.start()

    def sent(self, update_id: int) -> None:
        """Note that an update was handed to the stand-in."""
        self._last_update_id = max(self._last_update_id, update_id)

    async def settle(self, timeout: float = 10.0) -> None:
        """Wait until every update so far is handled and background work is idle."""
        async with asyncio.timeout(timeout):
            while True:
                # Every update the stand-in has handed out so far, however a test made it.
                last = max(self._last_update_id, self.standin.last_update_id)
                if last:
                    await self.standin.wait_consumed(last, timeout=timeout)
                application = self.application
                if application is None:
                    return
                await application.update_queue.join()
                hooks: list[Callable[[], Awaitable[bool]]] = [
                    self.services.delivery.busy,
                    *self.services.extras.get("settle", []),
                ]
                busy = False
                for hook in hooks:
                    busy = await hook() or busy
                if not busy and application.update_queue.empty():
                    return
                await asyncio.sleep(0.005)

    async def move_clock(self, delta: timedelta) -> None:
        """Advance the manual clock (tests and rehearsals) and let the bot catch up."""
        assert isinstance(self.clock, ManualClock), "only a manual clock can be moved"
        await self.move_clock_to(self.clock.now() + delta)

    async def move_clock_to(self, moment: datetime) -> None:
        """Live through the time up to `moment` with the bot running.

        The clock stops at every due outbox row on the way (and at least every few hours, so
        the planners look ahead), as time passing would: a two-hour jump delivers each reminder
        at its minute instead of finding it expired.
        """
        assert isinstance(self.clock, ManualClock), "only a manual clock can be moved"
        if moment < self.clock.now():
            raise ValueError(f"the clock does not go back ({moment} < {self.clock.now()})")
        while True:
            await self.settle()
            target = min(moment, self.clock.now() + MAX_CLOCK_STEP)
            if self.application is not None:
                next_due = await self.services.delivery.store.next_due_at()
                if next_due is not None and self.clock.now() < next_due < target:
                    target = next_due
            await self.clock.move_to(max(target, self.clock.now()))
            if target >= moment:
                break
        await self.settle()


async def enrol_started(
    services: Services, visit_id: int, users: Iterable[SimulatedUser], role: Role | None
) -> None:
    """People who pressed Start long ago (reachable) and, unless `role` is None, joined a visit.

    Benchmarks and tests seed hundreds of people this way instead of through invite links.
    """
    now = services.clock.now()
    for user in users:
        user.started = True
        await services.people.store.seen(
            person_id=user.id,
            first_name=user.first_name,
            last_name=user.last_name,
            username=user.username,
            telegram_language=user.language_code,
            private_chat=True,
            now=now,
        )
        if role is not None:
            await services.people.enrol(user.id, visit_id, role)


class Member:
    """A simulated user whose every action waits for the bot to finish answering."""

    def __init__(self, user: SimulatedUser, live: LiveBot) -> None:
        self.user = user
        self.live = live

    def __repr__(self) -> str:
        return f"Member({self.user.first_name}, id={self.user.id})"

    @property
    def id(self) -> int:
        """The Telegram user id (also the private chat id)."""
        return self.user.id

    @property
    def messages(self) -> list[SentMessage]:
        """Everything the bot sent to this person, in order."""
        return self.user.messages

    def mark(self) -> int:
        """A bookmark for `since`."""
        return self.user.mark()

    def since(self, mark: int) -> list[SentMessage]:
        """Messages the bot sent after a bookmark."""
        return self.user.messages_since(mark)

    async def _settled(self, update_id: int) -> None:
        self.live.sent(update_id)
        await self.live.settle()

    async def send(self, text: str) -> None:
        """Send a text or command."""
        await self._settled(await self.user.send(text))

    async def press(self, button: str | int, message: SentMessage | None = None) -> None:
        """Press an inline button (by text or index) on a message (default: the latest)."""
        await self._settled(await self.user.press(button, message))

    async def press_data(self, data: str, message: SentMessage) -> None:
        """Press a button with arbitrary (possibly forged) callback data."""
        await self._settled(await self.user.press_data(data, message))

    async def share_location(self, latitude: float, longitude: float, **extra: Any) -> None:
        """Share a location."""
        await self._settled(await self.user.share_location(latitude, longitude, **extra))

    async def send_document(self, filename: str, content: bytes, **extra: Any) -> None:
        """Send a file."""
        await self._settled(await self.user.send_document(filename, content, **extra))

    async def send_photo(self, content: bytes, caption: str | None = None) -> None:
        """Send a photo."""
        await self._settled(await self.user.send_photo(content, caption))

    async def send_voice(self, content: bytes, duration: int) -> None:
        """Send a voice note."""
        await self._settled(await self.user.send_voice(content, duration))

    async def send_sticker(self) -> None:
        """Send a sticker."""
        await self._settled(await self.user.send_sticker())

    async def reply_to(self, message: SentMessage, text: str) -> None:
        """Reply to one of the bot's messages."""
        await self._settled(await self.user.reply_to(message, text))

    async def last_message(self) -> SentMessage:
        """The latest message the bot sent this person (after the bot settled)."""
        await self.live.settle()
        return self.user.last_message()

    def block_bot(self) -> None:
        """Block the bot, as a person can in Telegram."""
        self.user.block_bot()


async def start_live_bot(
    database: Path,
    *,
    clock: Clock | None = None,
    standin: TelegramStandIn | None = None,
    **settings: Any,
) -> tuple[TelegramStandIn, LiveBot]:
    """Start a stand-in (unless given) and the real bot against it."""
    if standin is None:
        standin = TelegramStandIn(token=TOKEN)
        await standin.start()
    clock = clock or ManualClock()
    live = LiveBot(standin, settings_for(standin, database, **settings), clock)
    await live.start()
    return standin, live


class Rehearsal:
    """A stand-in, the live bot and a movable clock: the world a test or the sandbox plays in."""

    def __init__(self, standin: TelegramStandIn, live: LiveBot) -> None:
        self.standin = standin
        self.live = live
        self._next_user_id = 5000

    @property
    def clock(self) -> ManualClock:
        """The movable clock the bot reads."""
        assert isinstance(self.live.clock, ManualClock)
        return self.live.clock

    @property
    def services(self) -> Services:
        """The running bot's services (for reading what was stored)."""
        return self.live.services

    def person(
        self,
        first_name: str,
        *,
        language: str | None = "id",
        username: str | None = None,
        user_id: int | None = None,
        last_name: str | None = None,
    ) -> Member:
        """Someone on Telegram who has not talked to the bot yet."""
        if user_id is None:
            self._next_user_id += 1
            user_id = self._next_user_id
        user = self.standin.user(
            first_name,
            last_name=last_name,
            username=username,
            language_code=language,
            user_id=user_id,
        )
        return Member(user, self.live)

    async def invite_code(self, visit_id: int, role: Role) -> str:
        """A fresh invite payload, as an organiser would share it."""
        from bot.invites import InviteRequest, Invites

        invite = await self.services.invites.create(visit_id, InviteRequest(role), None)
        return Invites.payload(invite)

    async def join(self, first_name: str, role: Role, visit_id: int, **person: Any) -> Member:
        """A person who opened an invite link for `role` in a visit."""
        member = self.person(first_name, **person)
        await member.send(f"/start {await self.invite_code(visit_id, role)}")
        return member

    async def restart(self) -> None:
        """Restart the bot over the same database."""
        await self.live.restart()

    async def settle(self) -> None:
        """Wait until the bot is idle."""
        await self.live.settle()

    async def move_clock(self, delta: timedelta) -> None:
        """Advance the clock and let reminders and deliveries happen."""
        await self.live.move_clock(delta)

    async def move_clock_to(self, moment: datetime) -> None:
        """Move the clock to a moment and let reminders and deliveries happen on the way."""
        await self.live.move_clock_to(moment)

    async def close(self) -> None:
        """Stop the bot and the stand-in."""
        await self.live.stop()
        await self.standin.stop()


async def fault_outcome(standin: TelegramStandIn, bot: Bot, chat_id: int, **faults: Any) -> str:
    """Send one message with only the given fault switched on (always happening): what the
    python-telegram-bot caller saw, and how many messages arrived, e.g. 'TimedOut / stored=0'."""
    standin.faults = Faults(**faults)
    before = standin.delivery_counts(chat_id)
    try:
        await bot.send_message(chat_id, "x")
        outcome = "ok"
    except RetryAfter:
        outcome = "RetryAfter"
    except TimedOut:
        outcome = "TimedOut"
    except NetworkError as error:
        outcome = f"NetworkError: {error.message}"
    except TelegramError as error:  # e.g. a reply that is not JSON: "Invalid server response"
        outcome = f"TelegramError: {error.message}"
    finally:
        standin.faults = None
    return f"{outcome} / stored={standin.delivery_counts(chat_id) - before}"
