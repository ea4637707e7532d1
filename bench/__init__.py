"""Benchmarks: scripts that measure and print their figures (last line `name: figure ...`)."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


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
