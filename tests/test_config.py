"""Settings: a wrong value stops start-up with one line and exit code 2; the token never leaks."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sandbox.harness import TOKEN, Member, Rehearsal

ROOT = Path(__file__).resolve().parents[1]


def run_bot(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k.upper()
        not in {"BOT_TOKEN", "TIMEZONE", "PORT", "ORGANISER_IDS", "DEFAULT_LANGUAGE", "LOG_LEVEL"}
    }
    environment.update(env)
    environment["DATABASE_PATH"] = str(tmp_path / "db.sqlite3")
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("TIMEZONE", "Mars/Olympus", "config error: TIMEZONE: unknown time zone 'Mars/Olympus'"),
        ("PORT", "eighty", "config error: PORT:"),
        ("DEFAULT_LANGUAGE", "fr", "config error: DEFAULT_LANGUAGE: must be one of id, en"),
        ("ORGANISER_IDS", "12,abc", "config error: ORGANISER_IDS:"),
        ("BOT_TOKEN", "secret-but-malformed", "config error: BOT_TOKEN:"),
        ("LOG_LEVEL", "LOUD", "config error: LOG_LEVEL:"),
        # Telegram takes 1-256 of A-Za-z0-9_- only; anything else used to fail at setWebhook.
        ("WEBHOOK_SECRET", "s3cret!", "config error: WEBHOOK_SECRET: must be 1-256 characters"),
        ("WEBHOOK_SECRET", "x" * 257, "config error: WEBHOOK_SECRET: must be 1-256 characters"),
        ("WEBHOOK_URL", "http://bot.example.org/hook", "config error: WEBHOOK_URL: must be an "),
        ("HEALTH_PORT", "0", "config error: HEALTH_PORT:"),
    ],
)
def test_a_wrong_setting_gives_one_line_and_exit_code_2(
    tmp_path: Path, name: str, value: str, expected: str
):
    result = run_bot(tmp_path, "visit", "list", **{name: value})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(expected)
    assert "Traceback" not in result.stderr
    assert "secret-but-malformed" not in result.stderr + result.stdout
    assert "s3cret!" not in result.stderr + result.stdout


def test_settings_telegram_accepts_pass(tmp_path: Path):
    result = run_bot(
        tmp_path,
        "visit",
        "list",
        WEBHOOK_SECRET="A-z_09" * 40,
        WEBHOOK_URL="https://bot.example.org/hook",
        HEALTH_PORT="8081",
    )
    assert result.returncode == 0, result.stderr


async def test_the_token_never_appears_in_the_logs(
    telegram: Rehearsal, rani: Member, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG)
    await rani.send("/help")
    await rani.send("/invite participant")
    await telegram.restart()
    await rani.send("/start")
    logged = (
        "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)
        + caplog.text
    )
    assert caplog.records, "the test should have captured some logging"
    secret_part = TOKEN.split(":", 1)[1]
    assert secret_part not in logged
    # bot.transport logs every request URL at DEBUG: the token's place there shows it was redacted.
    assert "/bot***/" in logged
