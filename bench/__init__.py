"""Benchmarks: scripts that measure and print their figures (last line `name: figure ...`)."""

from __future__ import annotations

import contextlib
import gc
import math
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def without_collector_pauses() -> Iterator[None]:
    """This process's automatic garbage collection off while it measures, as `timeit` does.

    The stand-in ("Telegram") runs in the benchmark's process, beside the simulated people. A
    full collection of that heap stops it for 50-100 ms, and every request that reaches it
    meanwhile is stamped late, as if the bot had sent them all at once: a 429 the bot did not
    cause, which Telegram's servers would not draw. The bot, in its own process, keeps its own.
    """
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def peak_rss_mb(pid: int) -> float:
    """A process's peak resident size (VmHWM from /proc), in MiB; NaN once it is gone."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return math.nan
