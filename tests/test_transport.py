"""The bot's aiohttp client for the Bot API, as python-telegram-bot sees it, over the stand-in."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from telegram import Bot

from bot.transport import AiohttpRequest, environment_proxy
from sandbox import SimulatedUser, TelegramStandIn
from sandbox.harness import fault_outcome

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


def make_bot(standin: TelegramStandIn, read_timeout: float = 5.0) -> Bot:
    """A PTB Bot that talks to the stand-in through bot.transport."""
    return Bot(
        standin.token,
        base_url=standin.base_url,
        base_file_url=standin.base_file_url,
        request=AiohttpRequest(standin.api_root, read_timeout=read_timeout),
        get_updates_request=AiohttpRequest(standin.api_root, connections=1),
    )


@pytest.fixture
async def standin() -> AsyncIterator[TelegramStandIn]:
    async with TelegramStandIn(strict_schema=True) as server:
        yield server
        server.assert_schema_clean()


@pytest.fixture
async def sari(standin: TelegramStandIn) -> SimulatedUser:
    user = standin.user("Sari", language_code="id")
    await user.send("/start")
    return user


async def test_each_failure_becomes_the_error_ptb_callers_expect(
    standin: TelegramStandIn, sari: SimulatedUser
) -> None:
    async with make_bot(standin, read_timeout=0.3) as bot:
        dropped = await fault_outcome(standin, bot, sari.id, drop_before_rate=1.0)
        assert dropped.startswith("NetworkError: aiohttp.") and dropped.endswith("stored=0")
        # Delivered, then the connection dropped: the outbox must treat this as ambiguous.
        ambiguous = await fault_outcome(standin, bot, sari.id, drop_after_rate=1.0)
        assert ambiguous.startswith("NetworkError: aiohttp.") and ambiguous.endswith("stored=1")
        assert await fault_outcome(standin, bot, sari.id, server_error_rate=1.0) in (
            "NetworkError: Bad Gateway / stored=0",
            "NetworkError: Internal Server Error / stored=0",
        )
        assert await fault_outcome(standin, bot, sari.id, too_many_requests_rate=1.0) == (
            "RetryAfter / stored=0"
        )
        slow = await fault_outcome(standin, bot, sari.id, slow_rate=1.0, slow_seconds=0.6)
        assert slow == "TimedOut / stored=0"
        assert await fault_outcome(standin, bot, sari.id) == "ok / stored=1"


async def test_a_file_goes_up_and_comes_back_byte_for_byte(
    standin: TelegramStandIn, sari: SimulatedUser
) -> None:
    content = bytes(range(256)) * 40
    async with make_bot(standin) as bot:
        sent = await bot.send_document(
            sari.id, content, filename="jadwal.csv", caption="<b>Jadwal</b> & peta"
        )
        assert sent.document is not None and sent.document.file_name == "jadwal.csv"
        assert sent.caption == "<b>Jadwal</b> & peta"  # form fields beside the file arrive too
        downloaded = await (await bot.get_file(sent.document.file_id)).download_as_bytearray()
    assert bytes(downloaded) == content


async def test_a_long_poll_outlasts_the_read_timeout_and_returns_the_update(
    standin: TelegramStandIn, sari: SimulatedUser
) -> None:
    async with make_bot(standin, read_timeout=0.2) as bot:
        await bot.get_updates()  # confirm Sari's /start
        offset = standin.last_update_id + 1
        poll = asyncio.create_task(bot.get_updates(offset=offset, timeout=1))
        await asyncio.sleep(0.4)  # past the read timeout: getUpdates must add its own timeout
        await sari.send("halo")
        [update] = await poll
    assert update.message is not None and update.message.text == "halo"


async def test_the_proxy_comes_from_the_environment_unless_no_proxy_spares_the_host(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    assert environment_proxy("https://api.telegram.org") is None
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    assert environment_proxy("https://api.telegram.org") == "http://proxy.example:3128"
    assert environment_proxy("http://127.0.0.1:8081") is None  # no HTTP_PROXY set
    monkeypatch.setenv("NO_PROXY", "api.telegram.org")
    assert environment_proxy("https://api.telegram.org") is None
