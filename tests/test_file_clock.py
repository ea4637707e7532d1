"""The rehearsal clock: a bot in another process follows a file's moment like a manual clock."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import FileClock, read_clock_file, write_clock_file
from bot.running import clock_for
from config import Settings
from sandbox.harness import TOKEN

START = datetime(2025, 10, 29, 0, 0, tzinfo=UTC)


async def test_a_file_clock_moves_when_the_file_does_and_acknowledges(tmp_path: Path):
    path = tmp_path / "clock"
    write_clock_file(path, START)
    clock = FileClock(path, poll_seconds=0.01)
    assert clock.now() == START
    seen: list[datetime] = []

    async def listener(moment: datetime) -> None:
        seen.append(moment)

    clock.listen(listener)
    clock.start_following()
    try:
        later = START + timedelta(hours=2)
        write_clock_file(path, later)
        async with asyncio.timeout(5):
            while read_clock_file(clock.ack_path) != later:  # noqa: ASYNC110 (a file, not an event)
                await asyncio.sleep(0.01)
        assert clock.now() == later and seen == [later]
        write_clock_file(path, START)  # never backwards: ignored
        await asyncio.sleep(0.05)
        assert clock.now() == later and seen == [later]
    finally:
        await clock.stop_following()


def test_a_missing_or_half_written_file_is_no_moment(tmp_path: Path):
    assert read_clock_file(tmp_path / "missing") is None
    (tmp_path / "half").write_text("2025-10-2", encoding="utf-8")
    assert read_clock_file(tmp_path / "half") is None
    with pytest.raises(ValueError):
        FileClock(tmp_path / "missing")


def test_only_the_rehearsal_setting_chooses_the_file_clock(tmp_path: Path):
    path = tmp_path / "clock"
    write_clock_file(path, START)
    plain = Settings(_env_file=None, bot_token=TOKEN)  # type: ignore[call-arg]
    assert clock_for(plain) is None
    rehearsal = Settings(_env_file=None, bot_token=TOKEN, rehearsal_clock_file=path)  # type: ignore[call-arg]
    clock = clock_for(rehearsal)
    assert isinstance(clock, FileClock) and clock.now() == START
