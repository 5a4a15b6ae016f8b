# Two commands do everything on a fresh machine:
#   make run    set up, load a demo practice on first run, serve on http://127.0.0.1:5000
#   make test   set up, lint, and run the whole suite (SQLite, then PostgreSQL if configured)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := TRUSTWORK_ENV=development $(BIN)/flask --app practice
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint format system-run system-test clean

$(VENV)/.installed-run: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed-run

system-run:
	@.ci/system-packages run

system-test:
	@.ci/system-packages test

instance/demo-password:
	@mkdir -p instance
	@umask 077 && $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(12))" > $@

run: system-run $(VENV)/.installed-run instance/demo-password
	$(FLASK) db upgrade
	@$(FLASK) demo --if-empty --password "$$(cat instance/demo-password)"
	@echo
	@echo "  Trustwork is running at http://$(HOST):$(PORT)"
	@echo "  Sign in as maya.okafor@example.org (counselor), admin@example.org (admin)"
	@echo "  or jordan.ellis@example.org (a partner in the client portal)"
	@echo "  with the password $$(cat instance/demo-password)   (kept in instance/demo-password)"
	@echo "  Reminders and notices go out every minute (written to instance/send-due.log"
	@echo "  while no SMTP_HOST is set). Press Ctrl+C to stop."
	@echo
	@# The sender runs beside the app and stops with it.
	$(FLASK) send-due --every 60 >> instance/send-due.log 2>&1 & sender=$$!; \
	trap 'kill $$sender 2>/dev/null' EXIT INT TERM; \
	$(FLASK) run --host $(HOST) --port $(PORT)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# One test process per core (pytest-xdist); each has its own scratch database and browser.
PYTEST := $(BIN)/pytest -n auto

test: system-test $(VENV)/.installed-dev lint
	@echo "== tests on SQLite =="
	env -u TEST_DATABASE_URL $(PYTEST)
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== tests on PostgreSQL ($$TEST_DATABASE_URL) =="; \
		$(PYTEST); \
	else \
		echo "TEST_DATABASE_URL is not set: skipped the PostgreSQL run."; \
	fi

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
