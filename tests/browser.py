"""Where the browser tests find Chromium: Debian's `chromium` and its `chromium-driver`
(`/usr/bin/chromedriver`); never a browser or driver downloaded by Selenium Manager."""

from __future__ import annotations

import shutil
from pathlib import Path

CHROMEDRIVER = "/usr/bin/chromedriver"


def chromium() -> str | None:
    """The system's Chromium, or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if chromium() is None:
        return "no Chromium here: apt-get install chromium chromium-driver (.ci/run does)"
    if not Path(CHROMEDRIVER).exists():
        return f"no {CHROMEDRIVER} here: apt-get install chromium-driver (.ci/run does)"
    return None
