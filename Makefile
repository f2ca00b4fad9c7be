# The few verbs a newcomer needs. Everything runs inside .venv (created on first use).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
export FLASK_APP := app

# The port `make run` serves on: `make run PORT=5001`. Links on demo certificates (QR code) and in e-mails
# point at the local server on that port unless SERVER_BASE_URL is set.
PORT ?= 5000
run demo: export SERVER_BASE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run setup install translations db demo fonts test test-pg lint translate bench bench-scale html-checker editor-bundle clean

run: setup ## set up everything and serve on http://127.0.0.1:$(PORT) (make run PORT=5001 for another port; with REDIS_URL a job worker beside it)
	@if [ -n "$$REDIS_URL" ]; then \
	  $(FLASK) worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	fi; \
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

setup: install translations fonts db demo

fonts: install ## the certificate fonts are installed (says which Debian packages to install if not)
	@$(BIN)/python -m app.fonts

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e ".[test,postgres,redis]"
	touch $@

translations: install
	$(FLASK) translate compile

db: install
	$(FLASK) db upgrade

demo: db
	$(FLASK) demo load

test: install translations ## the whole test suite (SQLite; PostgreSQL too when TEST_DATABASE_URL is set)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-pg: ## the suite against the local PostgreSQL
	TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test $(MAKE) test

lint: install
	$(BIN)/ruff check app tests
	$(BIN)/ruff format --check app tests

translate: install ## extract new strings and merge them into the catalogs
	$(FLASK) translate update

bench: install ## every benchmark, then one table of figures and ratios (needs Debian's wrk)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

USERS ?= 1000
bench-scale: install translations ## issue 16 §2-4 on a quiet machine: the two-server test, then $(USERS) participants with every fault (PostgreSQL, Redis, haproxy)
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/postgres} \
	  $(BIN)/python -m pytest tests/scale -v -p no:cacheprovider
	$(BIN)/python -m bench.load.run --users $(USERS) --seconds 360 --spawn-rate 20 --think 10,30 \
	  --faults worker,postgres,redis,jobworker --profile 20

html-checker: ## the Nu HTML checker for the browser tests (npm package vnu-jar in tools/vnu; runs on Java 17)
	npm ci --prefix tools/vnu --ignore-scripts --no-audit --no-fund --silent

editor-bundle: ## rebuild app/static/vendor/codemirror (CodeMirror 6 from tools/editor's lockfile; docs/authoring.md)
	npm ci --prefix tools/editor --ignore-scripts --no-audit --no-fund --silent
	npm run --prefix tools/editor --silent build

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
