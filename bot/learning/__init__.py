"""Learning and impact (issue 16): feedback after each attended session (Kirkpatrick level 1),
the daily reflection (DEAL), collaboration leads, and the personal and impact reports."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import time
from typing import Any

from storage.visits import Visit

SETTING = "learning"
DEFAULT_REFLECTION = time(20, 0)


@dataclass(frozen=True, slots=True)
class LearningSettings:
    """A visit's learning settings: the daily reflection's time (None: off) and whether
    partners see the aggregated feedback on their own sessions."""

    reflection: time | None = DEFAULT_REFLECTION
    partners_see_feedback: bool = False

    @classmethod
    def of(cls, visit: Visit) -> LearningSettings:
        """Read from the visit's settings JSON (defaults where unset)."""
        stored: dict[str, Any] = visit.settings.get(SETTING) or {}
        reflection = stored.get("reflection", DEFAULT_REFLECTION.strftime("%H:%M"))
        return cls(
            reflection=None if reflection is None else time.fromisoformat(reflection),
            partners_see_feedback=bool(stored.get("partners_see_feedback", False)),
        )

    def to_json(self) -> dict[str, Any]:
        """As stored in the visit's settings."""
        return {
            "reflection": None if self.reflection is None else self.reflection.strftime("%H:%M"),
            "partners_see_feedback": self.partners_see_feedback,
        }

    def with_reflection(self, value: time | None) -> LearningSettings:
        """The same settings with another reflection time (None: off)."""
        return replace(self, reflection=value)

    def with_partners_seeing(self, value: bool) -> LearningSettings:
        """The same settings with partners allowed (or not) to see their sessions' feedback."""
        return replace(self, partners_see_feedback=value)


def time_of_day(value: str) -> time | None:
    """`20:00` or `20.00` as a time; None when it is not one."""
    try:
        hours, minutes = value.strip().replace(".", ":").split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        return None
