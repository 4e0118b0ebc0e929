# KALC members' portal. Two commands matter: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Django 6.1 needs Python 3.12+; .python-version pins 3.13 for pyenv.
PYTHON_BIN := $(shell for p in python3.13 python3.12; do \
	if $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then command -v $$p; break; fi; done)
VENV := .venv
PY := $(VENV)/bin/python
REQS_HASH := $(shell cat requirements.txt requirements-dev.txt | sha256sum | cut -c1-16)
STAMP := $(VENV)/.installed-$(REQS_HASH)
HOST ?= 127.0.0.1
# Test processes (pytest-xdist): one per core on the 2-core CI machine. Each gets its own
# database and Redis number (kalc_portal/settings/test.py). PYTEST_WORKERS=0 runs in one.
PYTEST_WORKERS ?= 2
PYTEST_ARGS ?= -n $(PYTEST_WORKERS) --dist loadfile
PORT ?= 8000

export PIP_DISABLE_PIP_VERSION_CHECK := 1
# Playwright drives Debian's chromium; it must never download a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: help install services database provision run test lint demo-passwords chromium pango wrk bench clean-var

help:
	@echo "make run   - install, start PostgreSQL/Redis if needed, migrate, load councils and demo logins, serve"
	@echo "make test  - install, ruff, makemigrations --check, the whole pytest suite (real PostgreSQL, Redis, Chromium)"
	@echo "make bench - page latency vs the Django floor at 10,000 councils (writes bench/results.json)"

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	@if [ -z "$(PYTHON_BIN)" ]; then echo "error: Python 3.13 or 3.12 is required (Django 6.1); install one, e.g. 'pyenv install 3.13'." >&2; exit 1; fi
	@[ -x $(PY) ] || $(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@rm -f $(VENV)/.installed-*
	@touch $@

services:
	@scripts/services.sh

database: install services
	@$(PY) scripts/ensure_database.py

provision: database
	$(PY) manage.py migrate --noinput
	$(PY) manage.py provision_demo

run: provision pango
	@echo
	@echo "KALC members' portal: http://$(HOST):$(PORT)/"
	@$(PY) manage.py provision_demo --list-logins
	@echo "Web server, Celery worker and Celery beat start now; Ctrl-C stops all three."
	@mkdir -p .var
	PORT=$(PORT) $(VENV)/bin/honcho start -f Procfile

demo-passwords: database
	$(PY) manage.py seed_demo --reset-passwords

chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing Debian's chromium for the browser tests"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "error: browser tests need /usr/bin/chromium: run 'sudo apt-get install chromium'." >&2; exit 1; \
		fi; \
	fi

# WeasyPrint (certificates of attendance) lays text out with Pango, from Debian.
pango:
	@if ! /sbin/ldconfig -p | grep -q 'libpango-1.0.so.0' || ! /sbin/ldconfig -p | grep -q 'libpangoft2-1.0.so.0'; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing Debian's Pango for the PDF certificates"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; \
		else \
			echo "error: PDF certificates need Pango: run 'sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0'." >&2; exit 1; \
		fi; \
	fi

lint: install
	$(VENV)/bin/ruff check .

test: install services chromium pango
	$(VENV)/bin/ruff check .
	DJANGO_SETTINGS_MODULE=kalc_portal.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

wrk:
	@command -v wrk >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
		else echo "error: make bench needs wrk: run 'sudo apt-get install wrk'." >&2; exit 1; fi; }

# Latency of the key pages against the Django floor, at national scale (not part of make test).
bench: install services wrk
	$(PY) bench/run.py

clean-var:
	@scripts/services.sh stop
	rm -rf .var
