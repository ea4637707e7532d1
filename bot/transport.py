"""The bot's HTTP client for the Bot API: python-telegram-bot's request interface over aiohttp.

python-telegram-bot's default client (httpx) spends more time managing its connection pool than
sending once many updates are answered at once: with 32 at a time a bare echo bot answered half
as fast as one at a time (bench/checkin.py prints both). aiohttp's connector reuses keep-alive
connections cheaply, and aiohttp is already the sandbox's server. Failures map onto PTB's own
errors (a timeout is `TimedOut`, any other transport failure `NetworkError`), so the updater,
the outbox and the error handler treat them exactly as they would with httpx.
"""

from __future__ import annotations

import functools
import logging
import ssl
import urllib.request
from collections.abc import Callable
from urllib.parse import urlsplit

import aiohttp
import certifi
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

log = logging.getLogger(__name__)

# python-telegram-bot's defaults for its own client, in seconds.
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 5.0
WRITE_TIMEOUT = 5.0
MEDIA_WRITE_TIMEOUT = 20.0
POOL_TIMEOUT = 1.0


class AiohttpRequest(BaseRequest):
    """Sends the Bot API's requests through one aiohttp session with a bounded pool."""

    __slots__ = ("_connections", "_on_answer", "_proxy", "_read_timeout", "_session")

    def __init__(
        self,
        server: str,
        connections: int = 100,
        read_timeout: float = READ_TIMEOUT,
        on_answer: Callable[[], None] | None = None,
    ) -> None:
        self._connections = connections
        # Called after each request Telegram answered with 200 (the health check's last poll).
        self._on_answer = on_answer
        self._read_timeout = read_timeout
        # Looked up once: aiohttp's trust_env would read the environment (and ~/.netrc) in a
        # worker thread on every request.
        self._proxy = environment_proxy(server)
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float:
        """The read timeout used when a call names none (getUpdates adds its long-poll time)."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Open the session (again, after a shutdown); it must be made inside the event loop."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._connections, ssl=tls_context()),
                cookie_jar=aiohttp.DummyCookieJar(),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        """Close the session and its connections."""
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """One request; returns the status code and the body, or raises PTB's errors."""
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        files = request_data.multipart_data if request_data is not None else None
        timeout = _timeout(
            read=_given(read_timeout, self._read_timeout),
            write=_given(write_timeout, MEDIA_WRITE_TIMEOUT if files else WRITE_TIMEOUT),
            connect=_given(connect_timeout, CONNECT_TIMEOUT),
            pool=_given(pool_timeout, POOL_TIMEOUT),
        )
        try:
            async with self._session.request(
                method, url, data=_body(request_data), timeout=timeout, proxy=self._proxy
            ) as response:
                body = await response.read()
        except TimeoutError as error:  # aiohttp's timeouts are TimeoutErrors too
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error
        # The URL holds the token: the log record factory (bot/logs.py) redacts it.
        log.debug("HTTP %s %s: %s", method, url, response.status)
        if response.status == 200 and self._on_answer is not None:
            self._on_answer()
        return response.status, body


@functools.cache
def tls_context() -> ssl.SSLContext:
    """Mozilla's certificates, as httpx uses (a slim host image may have none); read once, as
    loading them takes tens of milliseconds."""
    return ssl.create_default_context(cafile=certifi.where())


def environment_proxy(server: str) -> str | None:
    """The proxy HTTPS_PROXY / HTTP_PROXY name for the Bot API server, unless NO_PROXY spares it.

    python-telegram-bot's default client (httpx) honours these variables too.
    """
    parts = urlsplit(server)
    if urllib.request.proxy_bypass(parts.hostname or ""):
        return None
    return urllib.request.getproxies_environment().get(parts.scheme or "https")


def _given(value: object, default: float) -> float | None:
    """A timeout a call passed, or the default when it passed none."""
    if isinstance(value, type(BaseRequest.DEFAULT_NONE)):  # PTB's "not passed" marker
        return default
    assert value is None or isinstance(value, int | float)
    return value


def _timeout(
    read: float | None, write: float | None, connect: float | None, pool: float | None
) -> aiohttp.ClientTimeout:
    """aiohttp's timeouts for PTB's four: waiting for a connection counts as connecting.

    aiohttp has no timeout for sending the body, so the write timeout bounds the whole
    request instead (with the other three added, so it never cuts a slow answer short).
    """
    waits = (read, write, connect, pool)
    total = None if any(wait is None for wait in waits) else sum(w for w in waits if w is not None)
    acquire = None if connect is None or pool is None else connect + pool
    return aiohttp.ClientTimeout(total=total, connect=acquire, sock_connect=connect, sock_read=read)


def _body(request_data: RequestData | None) -> aiohttp.FormData | dict[str, str] | None:
    """Plain parameters as a form (as PTB sends them); with files, a multipart form."""
    if request_data is None:
        return None
    if not request_data.contains_files:
        return request_data.json_parameters
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mimetype) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form
