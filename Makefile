# participatie: `make run` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
CATALOGS := $(wildcard participatie/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)

.PHONY: run test install system-deps lint translations-update benchmark clean

run: install
	$(BIN)/participatie db upgrade
	$(BIN)/participatie demo
	$(BIN)/participatie serve --host 127.0.0.1 --port 5000

# Every core (at most 4), a database per worker; a file's tests stay on one worker.
PYTEST_PARALLEL := -n auto --maxprocesses 4 --dist loadfile

test: install system-deps
	$(BIN)/pytest $(PYTEST_PARALLEL)

install: $(INSTALLED) $(COMPILED)

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Catalogs are compiled by the build, never committed as binaries.
%.mo: %.po $(INSTALLED)
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@

# Debian's Chromium and fonts with Arabic script, for the browser tests.
system-deps:
	scripts/install-system-deps

translations-update: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -o participatie/translations/messages.pot \
		--no-location --omit-header --sort-output .
	$(BIN)/pybabel update -i participatie/translations/messages.pot -d participatie/translations \
		--no-fuzzy-matching --width 100

# Style, the layers (import-linter contracts in pyproject.toml), and the types (mypy).
lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

benchmark: install
	$(BIN)/python benchmarks/survey_load.py

clean:
	rm -rf $(VENV) $(COMPILED)
