# Two commands for a fresh clone: `make run` and `make test`. Both create .venv first and
# install exactly the locked versions (requirements*.txt, with hashes); `make lock` refreshes them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PIP := $(PY) -m pip --quiet --disable-pip-version-check
# The locking tool, itself pinned; it lives in .venv only while `make lock` needs it.
PIP_TOOLS := pip-tools==7.7.0
COMPILE := $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links

.PHONY: run test lint bench lock clean

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PIP) install --require-hashes -r requirements-dev.txt >&2
	@# The project itself: its dependencies are all in the lock; setuptools too (no build isolation).
	@$(PIP) install --no-deps --no-build-isolation -e . --config-settings editable_mode=compat >&2
	@touch $(STAMP)

# Without BOT_TOKEN the developer's sandbox; `python -m bot` alone (a deploy) refuses instead.
run: $(STAMP)
	@$(PY) -m bot run --sandbox-without-token

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# The browser tests of the room's screen need Debian's chromium and chromium-driver (.ci/run
# installs them); without them they are skipped, and this says so before and after the run.
test: lint
	@$(PY) -c "from tests import browser; r = browser.missing(); \
		print('make test: browser tests ' + ('SKIPPED, ' + r if r else 'run in ' + browser.chromium()))"
	$(VENV)/bin/pytest -n 2 -q

# Every benchmark runs with Telegram's limits on and a 150 ms round trip to the stand-in.
bench: $(STAMP)
	$(PY) -m bench.broadcast --recipients 1000 --rtt-ms 150
	$(PY) -m bench.reminders --participants 100 --sessions 20 --rtt-ms 150
	$(PY) -m bench.checkin --users 200 --rtt-ms 150
	$(PY) -m bench.wall --viewers 50 --votes 300 --rtt-ms 150
	$(PY) -m bench.sos --recipients 1000 --organisers 3 --rtt-ms 150
	$(PY) -m bench.creators_search --profiles 5000
	$(PY) -m bench.soak

# Refresh the lock after changing the dependencies in pyproject.toml (or to take newer
# releases: delete requirements*.txt first). requirements.txt is what a deploy installs.
lock:
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install $(PIP_TOOLS)
	$(COMPILE) --output-file requirements.txt pyproject.toml
	$(COMPILE) --extra dev --build-deps-for editable --constraint requirements.txt \
		--output-file requirements-dev.txt pyproject.toml
	@# Leave only what the lock lists (pip-tools' own dependencies that it does not list go).
	$(PY) -m pip uninstall --quiet --yes pip-tools build pyproject_hooks wheel
	@rm -f $(STAMP)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
