"""The bot's one web server: `GET /healthz`, the room's screen (`/wall/...`) and, in webhook
mode, the webhook, on as many ports as the settings ask for (PORT; or HEALTH_PORT and
WALL_PORT while polling)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable

from aiohttp import web

from bot.services import Services
from bot.wall.server import WallRoutes

HEALTH_PATH = "/healthz"
# Open event streams end at once when the bot stops (the feeds are told first); this bounds
# the wait for anything else still answering.
SHUTDOWN_SECONDS = 5.0

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class WebServer:
    """Health, the screen and (optionally) the webhook, served by the bot's own process."""

    def __init__(self, services: Services, bot_username: Callable[[], str | None]) -> None:
        self.services = services
        self.app = web.Application()
        self.app.router.add_get(HEALTH_PATH, self._health)
        self.wall = WallRoutes(services.wall, services.texts, bot_username)
        self.wall.add_to(self.app)
        self._runner: web.AppRunner | None = None

    def add_post(self, path: str, handler: Handler) -> None:
        """Another route (the webhook), added before `start`."""
        self.app.router.add_post(path, handler)

    async def start(self, host: str, ports: Iterable[int]) -> None:
        """Listen on each port (0: any free one); raises OSError when a port is taken."""
        self._runner = web.AppRunner(self.app, access_log=None, shutdown_timeout=SHUTDOWN_SECONDS)
        await self._runner.setup()
        try:
            for port in dict.fromkeys(ports):
                await web.TCPSite(self._runner, host, port).start()
        except OSError:
            await self.stop()
            raise

    async def stop(self) -> None:
        """End the screens' streams, then stop listening."""
        self.wall.feeds.close_all()
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def _health(self, request: web.Request) -> web.Response:
        report = await self.services.health.report()
        return web.json_response(report.as_json(), status=200 if report.ok else 503)
