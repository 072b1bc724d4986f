# The two commands: `make run` (the app on embedded defaults) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint format check-deploy bench bench-list bench-import bench-dashboard bench-duplicates bench-bulk clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.txt
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

run: export DEBUG ?= true
run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py ensure_first_user
	PATH="$(CURDIR)/$(BIN):$$PATH" exec $(BIN)/honcho start -f Procfile

test: $(VENV)/.installed-dev
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=tests.settings

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-deploy: $(VENV)/.installed
	DEBUG=false SECRET_KEY=$$(openssl rand -hex 32 2>/dev/null || echo ci-only-$$RANDOM-$$RANDOM-$$RANDOM-key-for-the-check) \
	ALLOWED_HOSTS=crm.example.org $(BIN)/python manage.py check --deploy --fail-level WARNING

# The contact list at a million contacts (PostgreSQL only): DATABASE_URL=postgres://... make bench-list
bench-list: $(VENV)/.installed-dev
	$(BIN)/python bench/list_page.py

# The import benchmark (issue 3's "Speed"): PostgreSQL parts need DATABASE_URL.
bench-import: $(VENV)/.installed
	$(BIN)/python bench/import_speed.py $(BENCH_ARGS)

# The dashboard's figures at a million contacts (PostgreSQL only): DATABASE_URL=... make bench-dashboard
bench-dashboard: $(VENV)/.installed-dev
	BENCH_RUNS=$${BENCH_RUNS:-10} $(BIN)/python bench/dashboard.py

# The duplicate scan over a million contacts (PostgreSQL only): DATABASE_URL=postgres://... make bench-duplicates
bench-duplicates: $(VENV)/.installed-dev
	$(BIN)/python bench/duplicates.py

# A bulk tag as one statement and as the background job, side by side (PostgreSQL or SQLite).
bench-bulk: $(VENV)/.installed
	$(BIN)/python bench/bulk_job.py

# The whole suite (PostgreSQL): builds the network, measures its own parts, runs
# bench-import, bench-list, bench-dashboard and bench-duplicates in the same run,
# and writes every figure to docs/benchmarks.md.
bench: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/crm_bench
bench: $(VENV)/.installed-dev
	$(BIN)/python bench/suite.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var staticfiles
