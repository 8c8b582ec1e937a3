# trustmgmt — two commands for a newcomer: `make run` and `make test`. Everything else is for developers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench lint format messages install clean e2e-deps

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

## make run: set up (venv, SQLite, demo complex) and serve on http://127.0.0.1:8000
run: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput -v0
	DEBUG=1 $(BIN)/python manage.py seed_demo
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl-C stops)"
	DEBUG=1 PUBLIC_BASE_URL=$${PUBLIC_BASE_URL:-http://$(HOST):$(PORT)} $(BIN)/python manage.py runserver $(HOST):$(PORT)

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
