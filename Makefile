# Onestop — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000

.DEFAULT_GOAL := help
.PHONY: help run test lint typecheck pytest system-deps translations translations-check worker cron clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-20s %s\n", $$1, $$2}'

$(BIN)/.installed: pyproject.toml
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@

run: $(BIN)/.installed  ## Set up and run the app with demo data on SQLite (instance/onestop.sqlite3)
	$(FLASK) db upgrade
	$(FLASK) seed-demo
	$(FLASK) seed-demo-signing
	$(FLASK) load-procedures
	$(FLASK) seed-demo-cases
	@echo "Onestop is at http://$(HOST):$(PORT)/  (stop with Ctrl+C)"
	ONESTOP_SESSION_COOKIE_SECURE=false ONESTOP_REMEMBER_COOKIE_SECURE=false $(FLASK) run --host $(HOST) --port $(PORT)

test: $(BIN)/.installed  ## Set up and run every check: lint, types, translations, tests
	$(MAKE) --no-print-directory lint typecheck translations-check pytest

lint:  ## ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck:  ## mypy
	$(BIN)/mypy

pytest:  ## The test suite (DATABASE_URL / REDIS_URL select the servers; SQLite by default)
	$(BIN)/pytest

system-deps:  ## Install the Debian packages the browser tests need (Chromium, fonts)
	scripts/install-system-deps.sh

translations:  ## Extract messages, update the Vietnamese catalogue, compile it
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k _ln:1,2 -k lazy_ngettext:1,2 \
	  --ignore-dirs='.venv .git instance migrations tests' --no-location --sort-output -o onestop/translations/messages.pot .
	$(BIN)/pybabel update -i onestop/translations/messages.pot -d onestop/translations -l vi --no-fuzzy-matching
	$(BIN)/pybabel compile -d onestop/translations --statistics

translations-check:  ## Fail when a message has no Vietnamese translation
	$(BIN)/python scripts/check_translations.py

worker:  ## Run an RQ worker inside the app context (needs REDIS_URL)
	$(FLASK) worker

cron:  ## Run the schedule (sweep, reminders, digests, reports) in Asia/Ho_Chi_Minh
	$(FLASK) cron

clean:  ## Remove the virtualenv, caches and the local SQLite database
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache instance
