"""Webhook mode: Telegram's pushes with the secret token reach the bot; anything else is refused."""

from __future__ import annotations

import socket
from pathlib import Path

import aiohttp

from bot.application import build_application
from bot.clock import ManualClock
from bot.running import webhook_options
from sandbox.harness import TOKEN, settings_for
from sandbox.standin import TelegramStandIn
from tests.conftest import STORY_START


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_only_requests_with_the_secret_reach_the_bot(database: Path):
    port = free_port()
    async with TelegramStandIn(token=TOKEN) as standin:
        settings = settings_for(
            standin,
            database,
            webhook_url=f"http://127.0.0.1:{port}/telegram/hook",
            webhook_secret="s3cret-webhook-token",
            port=port,
        )
        application = build_application(settings, ManualClock(STORY_START))
        await application.initialize()
        assert application.post_init is not None and application.post_shutdown is not None
        await application.post_init(application)
        await application.start()
        assert application.updater is not None
        await application.updater.start_webhook(**webhook_options(settings, listen="127.0.0.1"))
        try:
            url = f"http://127.0.0.1:{port}/telegram/hook"
            update = {
                "update_id": 1,
                "message": {
                    "message_id": 1,
                    "date": 0,
                    "chat": {"id": 7, "type": "private"},
                    "from": {"id": 7, "is_bot": False, "first_name": "Eve"},
                    "text": "/help",
                },
            }
            async with aiohttp.ClientSession() as http:
                async with http.post(url, json=update) as response:
                    assert response.status == 403
                async with http.post(
                    url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}
                ) as response:
                    assert response.status == 403
            assert standin.messages(7) == []

            rani = standin.user("Rani", language_code="id")
            update_id = await rani.send("/help")
            await standin.wait_consumed(update_id)
            await rani.wait_for_message(since=0)
            assert "/help" in rani.last_message().text
        finally:
            await application.updater.stop()
            await application.stop()
            await application.shutdown()
            await application.post_shutdown(application)
