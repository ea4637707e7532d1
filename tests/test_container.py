"""The container's build context and the systemd unit, checked without a Docker daemon: what
`docker build .` would receive, and what the image and the service would run as."""

from __future__ import annotations

import configparser
import os
import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def ignore_rules() -> list[tuple[bool, re.Pattern[str]]]:
    """.dockerignore as Docker reads it: (excludes?, pattern); the last matching rule wins."""
    rules = []
    for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        exclude = not line.startswith("!")
        pattern = line.lstrip("!").strip("/")
        regex = ""
        for part in re.split(r"(\*\*/?|\*|\?)", pattern):
            if part.startswith("**"):
                regex += "(.*/)?" if part.endswith("/") else ".*"
            elif part == "*":
                regex += "[^/]*"
            elif part == "?":
                regex += "[^/]"
            else:
                regex += re.escape(part)
        rules.append((exclude, re.compile(regex + r"\Z")))
    return rules


def in_context(path: str, rules: list[tuple[bool, re.Pattern[str]]]) -> bool:
    """Whether a path (relative, with /) reaches the build context; a rule matching a parent
    folder covers everything inside it, as in Docker's pattern matcher."""
    parts = path.split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    excluded = False
    for exclude, regex in rules:
        if any(regex.match(candidate) for candidate in candidates):
            excluded = exclude
    return not excluded


def build_context() -> list[str]:
    rules = ignore_rules()
    found = []
    for folder, _, files in os.walk(ROOT):
        for name in files:
            relative = (Path(folder) / name).relative_to(ROOT).as_posix()
            if in_context(relative, rules):
                found.append(relative)
    return found


def dockerfile() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    instructions = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            instructions.append((word.upper(), rest.strip()))
    return instructions


def test_the_build_context_holds_the_lock_and_the_code_and_no_secrets():
    rules = ignore_rules()
    for secret in (
        ".env",
        "bot/.env",
        ".env.production",
        "data/rombongan.sqlite3",
        "data/backups/rombongan-20251029T020000Z.sqlite3",
        "storage/rombongan.sqlite3-wal",
        ".git/config",
        ".venv/bin/python",
        "tests/test_config.py",
        "participants.png",
        "attendance.csv",
    ):
        assert not in_context(secret, rules), secret
    context = build_context()
    assert "requirements.txt" in context and "bot/cli.py" in context
    assert "storage/migrations/0002_outbox.sql" in context
    assert "sandbox/bot_api_schema.json" in context  # `python -m bot sandbox` works inside
    assert not [p for p in context if p.endswith((".sqlite3", ".env")) or "__pycache__" in p]
    # Every COPY finds its source in the context: the image builds from the repository alone.
    for word, rest in dockerfile():
        if word == "COPY":
            *sources, _ = shlex.split(rest)
            for source in sources:
                assert any(p == source or p.startswith(source) for p in context), source


def test_the_image_installs_the_lock_and_runs_as_a_user_with_the_database_on_a_volume():
    instructions = dockerfile()
    runs = " ".join(rest for word, rest in instructions if word == "RUN")
    assert "pip install --require-hashes -r requirements.txt" in runs
    users = [rest for word, rest in instructions if word == "USER"]
    assert users and users[-1] not in ("root", "0")
    assert "useradd --system --uid 10001 --user-group" in runs and users[-1] == "rombongan"
    env = " ".join(rest for word, rest in instructions if word == "ENV")
    database = re.search(r"DATABASE_PATH=(\S+)", env)
    assert database is not None
    volumes = " ".join(rest for word, rest in instructions if word == "VOLUME")
    assert str(Path(database.group(1)).parent) in volumes
    assert f"chown rombongan:rombongan {Path(database.group(1)).parent}" in runs
    assert ("CMD", '["python", "-m", "bot", "run"]') in instructions
    health = [rest for word, rest in instructions if word == "HEALTHCHECK"]
    assert health and health[0].endswith('CMD ["python", "-m", "bot", "health"]')
    assert re.search(r"HEALTH_PORT=\d+", env), "polling mode needs a port for the check"
    assert not re.search(r"TOKEN|SECRET", env)


def test_the_systemd_unit_runs_the_bot_as_its_user_and_stops_on_a_wrong_setting():
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read(ROOT / "deploy" / "rombongan.service", encoding="utf-8")
    service = unit["Service"]
    assert service["User"] == "rombongan"
    assert service["ExecStart"].endswith("python -m bot run")
    assert service["RestartPreventExitStatus"] == "2"
    state = service["StateDirectory"]
    assert f"DATABASE_PATH=/var/lib/{state}/" in service["Environment"]
    assert service["KillSignal"] == "SIGTERM"
