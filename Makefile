# trustmgmt — two commands for a newcomer: `make run` and `make test`. Everything else is for developers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Two stamps per version of pyproject.toml: what running needs (make run), and everything (make install: the
# test, lint and benchmark tools too). The second implies the first; `make test` after `make run` installs the rest.
VERSION := $(shell cksum pyproject.toml | cut -d' ' -f1)
RUN_STAMP := $(VENV)/.installed-run-$(VERSION)
DEV_STAMP := $(VENV)/.installed-dev-$(VERSION)
PIP := $(BIN)/python -m pip --disable-pip-version-check
HOST ?= 127.0.0.1
PORT ?= 8000
SAY := @printf '\033[1m==> %s\033[0m\n'

.PHONY: run test bench lint format messages install clean e2e-deps

$(VENV)/bin/python:
	$(SAY) "Creating the virtual environment (.venv)"
	@$(PYTHON) -m venv $(VENV)

# Running needs only the dependencies: the project runs from this folder (manage.py), so it is not built.
$(RUN_STAMP): pyproject.toml | $(VENV)/bin/python
	$(SAY) "Installing what running needs (Django, WeasyPrint, Pillow, …; once)"
	@$(BIN)/python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > $(VENV)/requirements-run.txt
	@$(PIP) install --quiet -r $(VENV)/requirements-run.txt
	@rm -f $(VENV)/.installed-run-* && touch $@

$(DEV_STAMP): pyproject.toml | $(VENV)/bin/python
	$(SAY) "Installing everything for development: the project and its test, lint and benchmark tools"
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $(RUN_STAMP) $@

install: $(DEV_STAMP)

## make run: set up (venv, SQLite, demo complex) and serve on http://127.0.0.1:8000 (the system checks run once,
## as the server starts, not before each of the three commands)
run: $(RUN_STAMP)
	$(SAY) "Setting up the database (SQLite, db.sqlite3)"
	@DEBUG=1 $(BIN)/python manage.py migrate --noinput -v0 --skip-checks
	$(SAY) "Building the demo complex (only into an empty database)"
	@DEBUG=1 $(BIN)/python manage.py seed_demo --skip-checks
	$(SAY) "Serving on http://$(HOST):$(PORT)/  (Ctrl-C stops)"
	@DEBUG=1 PUBLIC_BASE_URL=$${PUBLIC_BASE_URL:-http://$(HOST):$(PORT)} $(BIN)/python manage.py runserver $(HOST):$(PORT)

## make test: the whole suite (set DATABASE_URL=postgres://… for PostgreSQL), on every core (pytest-xdist, a test
## database per worker), with branch coverage: the files not fully covered, then each package's figure
TEST_WORKERS ?= auto
test: install
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup --cov --cov-report=term:skip-covered; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest found no tests"; status=0; \
	elif [ $$status -eq 0 ]; then $(BIN)/python scripts/coverage_by_package.py --fail-under ledger=90 repairs=90 || status=$$?; fi; \
	exit $$status

## make e2e-deps: axe-core for the browser tests' accessibility scan, from the npm registry (Chromium: apt-get install chromium)
e2e-deps:
	test -f tests/e2e/node_modules/axe-core/axe.min.js || npm install --no-save --no-audit --no-fund --prefix tests/e2e axe-core@4

## make bench: the benchmarks in tests/perf (slow; builds large demo data)
bench: install
	$(BIN)/pytest tests/perf -o python_files='bench_*.py' -p no:randomly -s -q

lint: install
	$(BIN)/lint-imports
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	SECRET_KEY=lint $(BIN)/python manage.py makemigrations --check --dry-run
	SECRET_KEY=lint $(BIN)/python manage.py check

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## make messages: refresh the Chinese catalogue after changing English strings (needs gettext)
messages: install
	SECRET_KEY=messages $(BIN)/python manage.py makemessages -l zh_Hans --no-obsolete --ignore=.venv --ignore=tests
	SECRET_KEY=messages $(BIN)/python manage.py compilemessages -l zh_Hans --ignore=.venv

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis staticfiles .coverage .coverage.* .test-media
