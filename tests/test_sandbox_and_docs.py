"""The sandbox run from a terminal, and documentation that must stay true."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from bot.i18n import Texts, check_catalogue
from config import Settings

ROOT = Path(__file__).resolve().parents[1]


def test_piped_input_prints_the_answers_and_exits_0(tmp_path: Path):
    environment = {k: v for k, v in os.environ.items() if k.upper() != "BOT_TOKEN"}
    environment["DATABASE_PATH"] = str(tmp_path / "rombongan.sqlite3")
    result = subprocess.run(
        # What `make run` runs: the sandbox when there is no token.
        [sys.executable, "-m", "bot", "run", "--sandbox-without-token"],
        input="/start\n/help\n:as Tubagus\n/members\n",
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Halo lagi, Rani" in result.stdout
    assert "/language" in result.stdout
    assert "Anggota" in result.stdout and "Teguh" in result.stdout
    assert (tmp_path / "sandbox.sqlite3").exists()
    assert not (tmp_path / "rombongan.sqlite3").exists(), "the sandbox must not touch production"


def test_the_readme_lists_every_setting_and_no_other():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", readme, flags=re.MULTILINE))
    assert documented == {name.upper() for name in Settings.model_fields}


def test_every_text_exists_in_both_languages_with_the_same_placeholders():
    texts = Texts.load()
    assert check_catalogue(texts.catalogue) == []
    assert len(texts.catalogue) > 50


def test_building_the_project_warns_of_nothing(monkeypatch):
    # `make run` installs the project first; setuptools' deprecation notes would greet a new user.
    import warnings

    from setuptools.config.pyprojecttoml import apply_configuration
    from setuptools.dist import Distribution

    monkeypatch.chdir(ROOT)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        apply_configuration(Distribution(), ROOT / "pyproject.toml")
    assert [str(warning.message).splitlines()[0] for warning in caught] == []
