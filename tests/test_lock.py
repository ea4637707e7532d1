"""The lock files (requirements*.txt) match pyproject.toml: every dependency pinned within its
range, with hashes, and the same versions for the deploy and for the tests."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s\\;]+)", re.MULTILINE)


def pins(name: str) -> dict[str, Version]:
    text = (ROOT / name).read_text(encoding="utf-8")
    return {canonicalize_name(found): Version(version) for found, version in PIN.findall(text)}


def declared(group: str | None) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = project["optional-dependencies"][group] if group else project["dependencies"]
    return [Requirement(line) for line in names]


def test_every_dependency_is_pinned_within_its_range():
    runtime, dev = pins("requirements.txt"), pins("requirements-dev.txt")
    for lock, requirements in ((runtime, declared(None)), (dev, declared(None) + declared("dev"))):
        for requirement in requirements:
            name = canonicalize_name(requirement.name)
            assert name in lock, f"{name} is not in the lock: run make lock"
            assert requirement.specifier.contains(lock[name], prereleases=True), (
                f"{name}=={lock[name]} is outside {requirement.specifier}: run make lock"
            )


def test_the_tests_run_the_versions_a_deploy_installs():
    runtime, dev = pins("requirements.txt"), pins("requirements-dev.txt")
    assert {name: dev.get(name) for name in runtime} == runtime


def test_every_pin_carries_hashes():
    for name in ("requirements.txt", "requirements-dev.txt"):
        blocks = re.split(r"\n(?=\S)", (ROOT / name).read_text(encoding="utf-8"))
        pinned = [block for block in blocks if PIN.match(block)]
        assert pinned
        for block in pinned:
            assert "--hash=sha256:" in block, f"{name}: no hash for {block.split()[0]}"
