# The two commands a newcomer needs: `make demo` and `make test`. Both create/refresh .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup demo test test-fast test-browser lint format bench assets lock clean backup restore

$(STAMP): requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.lock
	touch $(STAMP)

setup: $(STAMP)

DFE_DEMO_FILES = fixtures/dfe/la_codes.csv fixtures/dfe/sen2_estab_caseload_2022.csv fixtures/dfe/sen2_estab_new_plans_2022.csv \
	fixtures/dfe/ehcp_2025_extract.zip fixtures/dfe/ehcp_2025_demand.zip \
	$(wildcard fixtures/dfe/dedicated-schools-grant_*.ods) fixtures/dfe/snpp_2022_extract.csv

demo: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@# The DfE's real figures (small extracts, fixtures/dfe/): every council, and the demo councils' figures;
	@# the LA list brings the statistical-neighbour list that ships with the app (dfe/data/).
	@for f in $(DFE_DEMO_FILES); do $(PY) manage.py import_dfe $$f > /dev/null || exit 1; done
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl-C to stop); one job worker runs beside it"
	$(PY) manage.py db_worker & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
		$(PY) manage.py runserver $(HOST):$(PORT)

# The whole suite: unit, view, property, browser (Chromium) and workbook recalculation (LibreOffice) tests.
# Installs Chromium and LibreOffice when missing and run as root on Debian; otherwise says how.
test: setup
	sh scripts/ensure-test-tools.sh
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

# Everything but the browser and LibreOffice tests, on purpose.
test-fast: setup
	$(PY) -m pytest -m "not browser and not libreoffice"

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: setup
	$(PY) -m tests.bench

# A backup of whichever database DATABASE_URL names (SQLite or PostgreSQL), under backups/; prints its path.
backup: setup
	@$(PY) manage.py backup_database

# make restore FILE=backups/dsg-….sqlite3 (or .pgdump): replaces the database's contents with the backup.
restore: setup
	@test -n "$(FILE)" || (echo "Usage: make restore FILE=backups/<file>" >&2; exit 2)
	$(PY) manage.py restore_database "$(FILE)"

# Rebuild the committed CSS/JS from node_modules (needs Node; `make demo` does not).
assets:
	bash scripts/build-assets.sh

# Re-pin requirements.lock from pyproject.toml's ranges.
lock:
	$(PYTHON) -m venv /tmp/dsg-lock-venv && /tmp/dsg-lock-venv/bin/pip install --quiet ".[dev]" \
	  && /tmp/dsg-lock-venv/bin/pip freeze --exclude dsg-recovery-tracker | LC_ALL=C sort -f > requirements.lock \
	  && rm -rf /tmp/dsg-lock-venv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .hypothesis
