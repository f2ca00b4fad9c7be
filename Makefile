# The few verbs a newcomer needs. Everything runs inside .venv (created on first use).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
export FLASK_APP := app

# Links on demo certificates (QR code) and in e-mails point at the local server.
run demo: export SERVER_BASE_URL ?= http://127.0.0.1:5000

.PHONY: run setup install translations db demo test test-pg lint translate bench clean

run: setup ## set up everything and serve on http://127.0.0.1:5000 (with REDIS_URL: and a job worker beside it)
	@if [ -n "$$REDIS_URL" ]; then \
	  $(FLASK) worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	fi; \
	$(FLASK) run --host 127.0.0.1 --port 5000

setup: install translations db demo

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

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
