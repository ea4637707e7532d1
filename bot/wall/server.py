"""Serving the room's screen over HTTP: `GET /wall/<token>` (the page) and
`GET /wall/<token>/events` (server-sent events), the only public routes.

One feed per open link renders the board when its visit changes (a vote, a publication, an
answer, a check-in, the question on screen) and pushes it to every screen watching that link,
in each screen's language; rendering is coalesced, so a burst of votes costs one rendering per
round, never one per vote per screen. A ping every 15 s keeps proxies from closing the stream
and lets the page notice a dead connection (after a laptop's sleep).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from aiohttp import web

from bot.i18n import Texts
from bot.wall import MAX_VIEWERS, WALL_PATH, Wall
from bot.wall.page import LANGUAGES, WallPage
from storage.wall import WallLink

log = logging.getLogger(__name__)

PING_SECONDS = 15.0
# A feed looks again this often even without a change (a link expiring, a forgotten asker).
REFRESH_SECONDS = 30.0
RETRY_MS = 1000  # how soon a page reconnects after the stream ends (a restart of the bot)
GONE = "gone"


@dataclass(eq=False)
class Viewer:
    """One open event stream: its language and the newest event not yet written."""

    language: str
    queue: asyncio.Queue[str] = field(default_factory=lambda: asyncio.Queue(maxsize=1))

    def push(self, event: str) -> None:
        """Keep only the newest event: a slow screen skips straight to the current board."""
        if self.queue.full():
            self.queue.get_nowait()
        self.queue.put_nowait(event)


@dataclass(eq=False)
class Feed:
    """The screens watching one link, and the last board each language was sent."""

    link: WallLink
    viewers: set[Viewer] = field(default_factory=set)
    last: dict[str, str] = field(default_factory=dict)  # language -> the last event sent
    last_html: dict[str, str] = field(default_factory=dict)  # language -> its board's HTML
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    task: asyncio.Task[None] | None = None
    version: int = 0


class TooManyViewers(Exception):
    """The link has MAX_VIEWERS screens open already."""


class WallFeeds:
    """The open feeds of this process, woken by `Wall.changed`."""

    def __init__(self, wall: Wall, page: WallPage, bot_username: Callable[[], str | None]):
        self.wall = wall
        self.page = page
        self.bot_username = bot_username
        self.feeds: dict[int, Feed] = {}
        self.max_viewers = MAX_VIEWERS
        wall.listeners.append(self.changed)

    def changed(self, visit_id: int) -> None:
        """Something a screen of this visit shows changed: its feeds render again."""
        for feed in self.feeds.values():
            if feed.link.visit_id == visit_id:
                feed.wake.set()

    def join(self, link: WallLink, language: str) -> tuple[Feed, Viewer]:
        """A new screen on a link; it gets the current board at once."""
        feed = self.feeds.get(link.id)
        if feed is None:
            feed = self.feeds[link.id] = Feed(link)
        if len(feed.viewers) >= self.max_viewers:
            raise TooManyViewers
        viewer = Viewer(language)
        feed.viewers.add(viewer)
        if language in feed.last:
            viewer.push(feed.last[language])
        feed.wake.set()
        if feed.task is None or feed.task.done():
            feed.task = asyncio.create_task(self._run(feed), name=f"wall-feed-{link.id}")
        return feed, viewer

    def leave(self, feed: Feed, viewer: Viewer) -> None:
        """A screen went away (its feed ends with the last one)."""
        feed.viewers.discard(viewer)
        if not feed.viewers:
            feed.wake.set()

    async def _run(self, feed: Feed) -> None:
        try:
            while feed.viewers:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(feed.wake.wait(), REFRESH_SECONDS)
                feed.wake.clear()
                if not feed.viewers:
                    break
                if not await self.wall.still_valid(feed.link):
                    self._end(feed)
                    break
                await self._render(feed)
        except Exception:
            log.exception("wall feed %s failed", feed.link.id)
            self._end(feed)
        finally:
            if self.feeds.get(feed.link.id) is feed and not feed.viewers:
                del self.feeds[feed.link.id]

    async def _render(self, feed: Feed) -> None:
        board = await self.wall.board(feed.link, self.bot_username())
        if board is None:
            self._end(feed)
            return
        for language in {viewer.language for viewer in feed.viewers}:
            html = self.page.board_html(language, board)
            if feed.last_html.get(language) == html:
                continue
            feed.version += 1
            event = self.page.event(board, feed.version, html)
            feed.last_html[language] = html
            feed.last[language] = event
            for viewer in list(feed.viewers):
                if viewer.language == language:
                    viewer.push(event)

    def _end(self, feed: Feed) -> None:
        for viewer in list(feed.viewers):
            viewer.push(GONE)

    def close_all(self) -> None:
        """The bot stops: every stream ends (the pages reconnect once it is back)."""
        for feed in list(self.feeds.values()):
            for viewer in list(feed.viewers):
                viewer.push("")
            if feed.task is not None:
                feed.task.cancel()
        self.feeds.clear()


class WallRoutes:
    """The two public GET routes of the screen."""

    def __init__(self, wall: Wall, texts: Texts, bot_username: Callable[[], str | None]):
        self.wall = wall
        self.page = WallPage(texts)
        self.feeds = WallFeeds(wall, self.page, bot_username)
        self.bot_username = bot_username

    def add_to(self, app: web.Application) -> None:
        """Add the routes to the bot's web application."""
        app.router.add_get(WALL_PATH + "{token}", self.show)
        app.router.add_get(WALL_PATH + "{token}/events", self.events)

    @staticmethod
    def _headers(nonce: str | None = None) -> dict[str, str]:
        script = f"'nonce-{nonce}'" if nonce else "'none'"
        return {
            "Cache-Control": "no-store",
            # The token is in the address: never send it on to another site.
            "Referrer-Policy": "no-referrer",
            "X-Robots-Tag": "noindex",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": (
                f"default-src 'none'; script-src {script}; style-src 'unsafe-inline'; "
                "img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
                "frame-ancestors 'none'"
            ),
        }

    def _language(self, request: web.Request, fallback: str) -> str:
        wanted = request.query.get("lang", "")
        return wanted if wanted in LANGUAGES else fallback

    def _invalid(self, request: web.Request) -> web.Response:
        language = self._language(request, "en")
        return web.Response(
            status=410,
            text=self.page.message(language, "wall.page.invalid", "wall.page.invalid_hint"),
            content_type="text/html",
            headers=self._headers(),
        )

    async def show(self, request: web.Request) -> web.Response:
        """The page, as it is now; its script keeps it live."""
        link = await self.wall.resolve(request.match_info["token"])
        board = None if link is None else await self.wall.board(link, self.bot_username())
        if link is None or board is None:
            return self._invalid(request)
        language = self._language(request, board.visit.language)
        other = "en" if language == "id" else "id"
        nonce = secrets.token_urlsafe(16)
        token = request.match_info["token"]
        html = self.page.page(
            language,
            board,
            events_url=f"{token}/events?lang={language}",  # relative: works behind a path prefix
            nonce=nonce,
            other_url=f"?lang={other}",
        )
        return web.Response(text=html, content_type="text/html", headers=self._headers(nonce))

    async def events(self, request: web.Request) -> web.StreamResponse:
        """The live board as server-sent events: `board` with each change, `ping`, `gone`."""
        link = await self.wall.resolve(request.match_info["token"])
        if link is None:
            return self._invalid(request)
        visit = await self.wall.visits.get(link.visit_id)
        language = self._language(request, "id" if visit is None else visit.language)
        try:
            feed, viewer = self.feeds.join(link, language)
        except TooManyViewers:
            return web.Response(
                status=429,
                text=self.page.message(language, "wall.page.busy"),
                content_type="text/html",
                headers=self._headers(),
            )
        response = web.StreamResponse(
            headers={
                **self._headers(),
                "Content-Type": "text/event-stream; charset=utf-8",
                "Cache-Control": "no-store",
                "X-Accel-Buffering": "no",  # a reverse proxy must not hold events back
            }
        )
        try:
            await response.prepare(request)
            await response.write(f"retry: {RETRY_MS}\n\n".encode())
            while True:
                try:
                    event = await asyncio.wait_for(viewer.queue.get(), PING_SECONDS)
                except TimeoutError:
                    await response.write(b"event: ping\ndata: \n\n")
                    continue
                if event == GONE:
                    await response.write(b"event: gone\ndata: \n\n")
                    break
                if not event:
                    break  # the bot stops
                await response.write(f"event: board\ndata: {event}\n\n".encode())
        except ConnectionError:
            pass  # the screen went away
        finally:
            self.feeds.leave(feed, viewer)
        return response
