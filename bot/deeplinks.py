"""The /start payload: checked once here, then routed by its prefix to the feature that owns it."""

from __future__ import annotations

import re

# Telegram allows up to 64 characters of A-Za-z0-9_- in a start parameter.
PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def split_payload(payload: str, prefixes: set[str]) -> tuple[str, str] | None:
    """(prefix, code) for a well-formed payload with a known prefix, else None."""
    if not PAYLOAD.match(payload):
        return None
    for prefix in sorted(prefixes, key=len, reverse=True):
        if payload.startswith(prefix) and len(payload) > len(prefix):
            return prefix, payload[len(prefix) :]
    return None
