"""Webhook mode: Telegram's pushes with the secret token reach the bot; anything else is refused.
Health: GET /healthz (webhook port, or HEALTH_PORT while polling) and `python -m bot health`."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sys
from datetime import timedelta
from pathlib import Path

import aiohttp

from bot.clock import ManualClock
from bot.outbox import Delivery, OutgoingMessage
from bot.running import RunningBot
from sandbox.harness import TOKEN, settings_for
from sandbox.standin import TelegramStandIn
from tests.conftest import STORY_START

ROOT = Path(__file__).resolve().parents[1]


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
        running = RunningBot(settings, ManualClock(STORY_START), listen="127.0.0.1")
        await running.start()
        try:
            assert standin.webhook is not None
            assert standin.webhook.secret_token == "s3cret-webhook-token"
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
                async with http.get(f"http://127.0.0.1:{port}/healthz") as response:
                    assert response.status == 200
                    report = await response.json()
            assert standin.messages(7) == []
            assert report["mode"] == "webhook" and report["status"] == "ok"

            rani = standin.user("Rani", language_code="id")
            update_id = await rani.send("/help")
            await standin.wait_consumed(update_id)
            await rani.wait_for_message(since=0)
            assert "/help" in rani.last_message().text
        finally:
            await running.stop()


async def health_cli(port: int) -> tuple[int, str]:
    """`python -m bot health` against the bot listening on this machine."""
    environment = {k: v for k, v in os.environ.items() if k.upper() != "WEBHOOK_URL"}
    environment["HEALTH_PORT"] = str(port)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "health",
        cwd=ROOT,
        env=environment,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    assert process.returncode is not None
    return process.returncode, out.decode() + err.decode()


async def test_health_reports_the_last_poll_and_a_stuck_outbox(database: Path):
    port = free_port()
    clock = ManualClock(STORY_START)
    async with TelegramStandIn(token=TOKEN) as standin:
        settings = settings_for(standin, database, health_port=port)
        running = RunningBot(settings, clock, listen="127.0.0.1")
        await running.start()
        try:
            # A message ends the long poll at once: an answered getUpdates is the last poll.
            rani = standin.user("Rani", language_code="id")
            update_id = await rani.send("/help")
            # Confirmed by the next getUpdates: the one that brought it was answered before.
            await standin.wait_consumed(update_id)
            assert running.services.health.last_poll == STORY_START
            code, output = await health_cli(port)
            assert code == 0, output
            healthy = json.loads(output)
            assert healthy["status"] == "ok" and healthy["mode"] == "polling"
            assert healthy["last_poll"] == STORY_START.isoformat(timespec="seconds")
            assert healthy["outbox_pending"] == 0 and healthy["outbox_oldest_due"] is None

            # The worker dies; a message queued then waits and waits.
            await running.services.delivery.stop()
            await running.services.outbox.enqueue(
                [Delivery(rani.chat_id, OutgoingMessage("Rahasia untuk Rani"), kind="notice")]
            )
            await clock.advance(timedelta(minutes=11))
            code, output = await health_cli(port)
            assert code == 1
            stuck = json.loads(output)
            assert "outbox stuck" in stuck["problems"] and stuck["status"] == "unhealthy"
            assert stuck["outbox_pending"] == 1 and stuck["outbox_due"] == 1
            assert stuck["outbox_oldest_due"] == STORY_START.isoformat(timespec="seconds")
            assert stuck["outbox_oldest_due_seconds"] == 660
            # Counts and moments only: nobody's chat or message.
            assert str(rani.chat_id) not in output and "Rani" not in output
        finally:
            await running.stop()
