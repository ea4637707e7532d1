"""The bot's settings, read from environment variables and an optional `.env` file.

A wrong value stops start-up with one readable line naming the setting (see `load_settings`).
"""

from __future__ import annotations

import ipaddress
import logging
import re
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AnyHttpUrl, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

LANGUAGES = ("id", "en")
# What Telegram accepts as a webhook's secret token (setWebhook's `secret_token`).
WEBHOOK_SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")


class ConfigError(Exception):
    """A setting has a wrong value; the message is one line naming the setting."""


class Settings(BaseSettings):
    """Every setting of the bot; see the table in the README."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    bot_token: SecretStr | None = Field(
        default=None, description="Token from BotFather; unset runs the local sandbox."
    )
    database_path: Path = Field(
        default=Path("data/rombongan.sqlite3"), description="The SQLite database file."
    )
    timezone: str = Field(
        default="Asia/Jakarta", description="Time zone for new visits (IANA name)."
    )
    default_language: str = Field(
        default="id", description="Language for people whose Telegram language is unknown."
    )
    organiser_ids: Annotated[list[int], NoDecode] = Field(
        default_factory=list,
        description="Telegram user ids of the bootstrap organisers, comma-separated.",
    )
    telegram_api_base_url: AnyHttpUrl = Field(
        default=AnyHttpUrl("https://api.telegram.org"),
        description="Root of the Bot API server (a self-hosted one, or the stand-in).",
    )
    webhook_url: AnyHttpUrl | None = Field(
        default=None, description="Public HTTPS address for webhook mode; unset uses polling."
    )
    webhook_secret: SecretStr | None = Field(
        default=None, description="Secret token Telegram sends with each webhook request."
    )
    port: int = Field(default=8080, ge=1, le=65535, description="Port of the webhook server.")
    health_port: int | None = Field(
        default=None,
        ge=1,
        le=65535,
        description="Port of GET /healthz in polling mode; unset: none.",
    )
    wall_url: AnyHttpUrl | None = Field(
        default=None,
        description="Public address of the room's screen pages (links made by /wall); unset: "
        "WEBHOOK_URL's site in webhook mode, else /wall cannot make links.",
    )
    wall_port: int | None = Field(
        default=None,
        ge=0,
        le=65535,
        description="In polling mode, a port serving the room's screen; unset: none.",
    )
    log_level: str = Field(default="INFO", description="DEBUG, INFO, WARNING or ERROR.")
    rehearsal_clock_file: Path | None = Field(
        default=None,
        description="Rehearsals and benchmarks only: a file whose moment the bot's clock "
        "follows (bot.clock.FileClock) instead of the system clock.",
    )
    backup_dir: Path | None = Field(
        default=None, description="Folder of the scheduled backups; unset: `backups` beside it."
    )
    backup_every_hours: int = Field(
        default=24, ge=0, le=24 * 366, description="Hours between scheduled backups; 0: none."
    )
    backup_keep: int = Field(
        default=7, ge=1, le=10_000, description="How many scheduled backups are kept."
    )
    retention_days: int = Field(
        default=90,
        ge=1,
        le=3650,
        description="Days after a visit's last day before its personal data is purged.",
    )

    @field_validator("timezone")
    @classmethod
    def _known_time_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r}") from error
        return value

    @field_validator("default_language")
    @classmethod
    def _supported_language(cls, value: str) -> str:
        value = value.strip().lower()
        if value not in LANGUAGES:
            raise ValueError(f"must be one of {', '.join(LANGUAGES)}")
        return value

    @field_validator("organiser_ids", mode="before")
    @classmethod
    def _comma_separated_ids(cls, value: Any) -> Any:
        if isinstance(value, str):
            parts = [part.strip() for part in value.replace(";", ",").split(",")]
            try:
                return [int(part) for part in parts if part]
            except ValueError as error:
                raise ValueError("must be Telegram user ids separated by commas") from error
        return value

    @field_validator("log_level")
    @classmethod
    def _known_log_level(cls, value: str) -> str:
        value = value.strip().upper()
        if value not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
        return value

    @field_validator("backup_dir", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("webhook_url", "health_port", "wall_url", "wall_port", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("webhook_url")
    @classmethod
    def _https_only(cls, value: AnyHttpUrl | None) -> AnyHttpUrl | None:
        # Telegram delivers to HTTPS addresses only; plain HTTP is left to a Bot API server on
        # this machine (a self-hosted one, or the stand-in in the tests).
        if value is not None and value.scheme != "https" and not _loopback(value.host or ""):
            raise ValueError("must be an https:// address (Telegram refuses plain HTTP)")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if not WEBHOOK_SECRET_PATTERN.fullmatch(value.get_secret_value()):
            # Never echo the value: it is a secret even when malformed.
            raise ValueError("must be 1-256 characters, each a letter, a digit, _ or -")
        return value

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        secret = value.get_secret_value().strip()
        bot_id, _, rest = secret.partition(":")
        if not bot_id.isdigit() or len(rest) < 8:
            # Never echo the value: it is a secret even when malformed.
            raise ValueError("does not look like a token from BotFather (digits:letters)")
        return SecretStr(secret)

    @property
    def zone(self) -> ZoneInfo:
        """The default time zone as a `ZoneInfo`."""
        return ZoneInfo(self.timezone)

    @property
    def wall_base_url(self) -> str | None:
        """Where screen links point: WALL_URL, else the webhook's site (served on PORT)."""
        if self.wall_url is not None:
            return str(self.wall_url).rstrip("/")
        if self.webhook_url is not None:
            return f"{self.webhook_url.scheme}://{self.webhook_url.host}" + (
                f":{self.webhook_url.port}" if self.webhook_url.port not in (None, 443) else ""
            )
        return None

    @property
    def api_root(self) -> str:
        """The Bot API root without a trailing slash."""
        return str(self.telegram_api_base_url).rstrip("/")

    @property
    def backup_folder(self) -> Path:
        """Where scheduled backups go: BACKUP_DIR, or `backups` beside the database."""
        return self.backup_dir or self.database_path.parent / "backups"

    @property
    def log_level_number(self) -> int:
        """The log level as the `logging` module's number."""
        return int(logging.getLevelName(self.log_level))


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def load_settings(**overrides: Any) -> Settings:
    """Read the settings, turning any validation problem into one readable `ConfigError`."""
    try:
        return Settings(**overrides)
    except ValidationError as error:
        first = error.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "settings"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"config error: {name}: {message}") from None
