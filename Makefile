# The two commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: demo test lint chromium

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

demo: $(VENV)/.installed chromium
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py seed_demo
	@echo ""
	@echo "Open http://127.0.0.1:8000/ and log in with one of the demo logins above (Ctrl+C stops the site)."
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

# Debian's Chromium, which prints the PDF report (the demo's too) and runs the browser tests (a test tool's
# own browser download does not work here), and
# redis-server, which the invitation fault tests start and stop themselves.
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@command -v redis-server >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m mypy assessment
	$(PY) manage.py makemigrations --check --dry-run

test: $(VENV)/.installed chromium lint
	$(PY) -m pytest
