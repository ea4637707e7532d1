"""What a deploy host meets first: the Procfile's processes, a start without a token or without
Telegram, and the command line refusing before it stores anything half-made."""

from __future__ import annotations

import asyncio
import os
import shlex
import sqlite3
import sys
from pathlib import Path

from sandbox.harness import TOKEN
from sandbox.standin import TelegramStandIn
from tests.test_config import run_bot
from tests.test_webhook import free_port

ROOT = Path(__file__).resolve().parents[1]
A_TOKEN = "123456:AAtoken-of-the-right-shape"


def procfile() -> dict[str, list[str]]:
    processes = {}
    for line in (ROOT / "Procfile").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, command = line.partition(":")
            processes[name.strip()] = shlex.split(command)
    return processes


def bot_arguments(process: str) -> list[str]:
    command = procfile()[process]
    assert command[:3] == ["python", "-m", "bot"], command
    return command[3:]


def files_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_the_procfile_has_a_polling_worker_and_a_webhook_web_process():
    assert set(procfile()) == {"worker", "web"}
    assert bot_arguments("worker") == ["run", "--mode", "polling"]
    assert bot_arguments("web") == ["run", "--mode", "webhook"]


def test_without_a_token_every_process_refuses_in_one_line_and_writes_nothing(tmp_path: Path):
    for arguments in (bot_arguments("worker"), bot_arguments("web"), []):
        result = run_bot(tmp_path, *arguments)
        assert result.returncode == 2, (arguments, result.stderr)
        assert result.stderr.strip().splitlines() == [
            "config error: BOT_TOKEN: not set; the bot cannot start without it"
            " (the local sandbox is `make run` or `python -m bot sandbox`)"
        ]
        assert result.stdout == ""
        # No demo database beside DATABASE_PATH, on what would be the host's volume.
        assert files_in(tmp_path) == []


def test_each_process_refuses_the_other_mode(tmp_path: Path):
    web = run_bot(tmp_path, *bot_arguments("web"), BOT_TOKEN=A_TOKEN)
    assert web.returncode == 2
    assert web.stderr.strip().splitlines()[0].startswith("config error: WEBHOOK_URL: not set")
    assert len(web.stderr.strip().splitlines()) == 1
    worker = run_bot(
        tmp_path,
        *bot_arguments("worker"),
        BOT_TOKEN=A_TOKEN,
        WEBHOOK_URL="https://bot.example.org/hook",
    )
    assert worker.returncode == 2
    assert worker.stderr.strip().startswith("config error: WEBHOOK_URL: set, but this is")


def test_telegram_unreachable_at_start_is_one_line(tmp_path: Path):
    result = run_bot(
        tmp_path,
        *bot_arguments("worker"),
        BOT_TOKEN=A_TOKEN,
        TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{free_port()}",
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("cannot start: Telegram refused getMe (NetworkError")
    assert "AAtoken-of-the-right-shape" not in result.stderr


def invites_stored(tmp_path: Path) -> int:
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        return int(db.execute("SELECT COUNT(*) FROM invites").fetchone()[0])


def create_visit(tmp_path: Path) -> None:
    made = run_bot(
        tmp_path,
        *("visit", "create", "--slug", "bwi", "--title", "Banyuwangi"),
        *("--first-day", "2025-10-29", "--last-day", "2025-10-31"),
    )
    assert made.returncode == 0, made.stderr


def test_invite_with_a_qr_code_but_no_username_is_refused(tmp_path: Path):
    create_visit(tmp_path)
    qr = tmp_path / "participants.png"
    result = run_bot(
        tmp_path, "invite", "create", "--visit", "bwi", "--role", "participant", "--qr", str(qr)
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "invite not created: --qr needs the bot's username: pass --bot-username or set BOT_TOKEN"
    )
    assert not qr.exists()
    assert invites_stored(tmp_path) == 0

    named = run_bot(
        tmp_path,
        *("invite", "create", "--visit", "bwi", "--role", "participant", "--qr", str(qr)),
        *("--bot-username", "RombonganBot"),
    )
    assert named.returncode == 0, named.stderr
    assert named.stdout.startswith("https://t.me/RombonganBot?start=")
    assert qr.read_bytes().startswith(b"\x89PNG")
    assert invites_stored(tmp_path) == 1


def test_invite_with_telegram_unreachable_stores_nothing(tmp_path: Path):
    create_visit(tmp_path)
    result = run_bot(
        tmp_path,
        *("invite", "create", "--visit", "bwi", "--role", "participant"),
        BOT_TOKEN=A_TOKEN,
        TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{free_port()}",
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("invite not created: cannot ask Telegram for the bot's username")
    assert invites_stored(tmp_path) == 0


async def start_against_the_standin(tmp_path: Path, **env: str) -> tuple[int, str]:
    """`python -m bot run` in its own process, against a stand-in for Telegram."""
    async with TelegramStandIn(token=TOKEN) as standin:
        environment = {k: v for k, v in os.environ.items() if k.upper() not in {"BOT_TOKEN"}}
        environment.update(
            DATABASE_PATH=str(tmp_path / "db.sqlite3"),
            TELEGRAM_API_BASE_URL=standin.api_root,
            BOT_TOKEN=TOKEN,
            PORT=str(free_port()),
            LOG_LEVEL="WARNING",  # INFO tells of migrations and backups: not failures
        )
        environment.update(env)
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            *("-m", "bot", "run"),
            cwd=tmp_path,
            env=environment,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        _, errors = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, errors.decode()


async def test_a_token_telegram_rejects_is_one_line_without_the_token(tmp_path: Path):
    code, errors = await start_against_the_standin(tmp_path, BOT_TOKEN=A_TOKEN)
    assert code == 1
    assert errors.strip().splitlines() == [
        "cannot start: Telegram refused getMe (InvalidToken: Telegram rejected the token);"
        " check BOT_TOKEN and TELEGRAM_API_BASE_URL"
    ]
    assert "AAtoken" not in errors


async def test_a_webhook_telegram_refuses_is_one_line(tmp_path: Path):
    code, errors = await start_against_the_standin(
        tmp_path, WEBHOOK_URL="https://rombongan.example.invalid/hook"
    )
    assert code == 1
    lines = errors.strip().splitlines()
    assert len(lines) == 1, errors
    assert lines[0].startswith(
        "cannot start: Telegram refused setWebhook for WEBHOOK_URL (BadRequest: Bad webhook:"
    )
