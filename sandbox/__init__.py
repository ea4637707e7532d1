"""A local stand-in for the Telegram Bot API (real HTTP) with simulated users, for tests."""

from sandbox.limits import Faults, RateLimits
from sandbox.standin import TelegramStandIn
from sandbox.users import SentMessage, SimulatedGroup, SimulatedUser

__all__ = [
    "Faults",
    "RateLimits",
    "SentMessage",
    "SimulatedGroup",
    "SimulatedUser",
    "TelegramStandIn",
]
