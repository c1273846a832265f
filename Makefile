# AlmenLæring: the two commands a newcomer needs are `make run` and `make test`.
# Needs only Python 3.11+ and GNU make; everything else is installed into .venv.

PYTHON ?= python3
VENV ?= .venv
HOST ?= 127.0.0.1
PORT ?= 8000
# The site's public address for links made outside a request (e-mails, the seed's login list):
# by default the address runserver listens on, so `make run PORT=8101` links to port 8101.
LMS_BASE_URL ?= http://$(HOST):$(PORT)
PYTEST_ARGS ?=

BIN := $(VENV)/bin
PY := $(BIN)/python
PIP := $(PY) -m pip --disable-pip-version-check
BASE_STAMP := $(VENV)/.installed-base
TEST_STAMP := $(VENV)/.installed-test

# Playwright drives the system Chromium; it must never download a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.DEFAULT_GOAL := help
.PHONY: help run test e2e lint typecheck format lock ci clean seed-scale

help:
	@echo "make run        install, migrate, seed the demo and serve http://$(HOST):$(PORT)/"
	@echo "make test       install test tools and run the whole suite (PYTEST_ARGS='-k mail')"
	@echo "make e2e        only the browser tests (needs /usr/bin/chromium or CHROMIUM_PATH)"
	@echo "make lint       ruff, formatting, import contracts, mypy, makemigrations --check, migrations_check_safe, check, check --deploy"
	@echo "make typecheck  only mypy with django-stubs (strict, every module)"
	@echo "make format     ruff format and ruff check --fix"
	@echo "make lock       re-pin requirements/*.txt from requirements/*.in in a throwaway venv"
	@echo "make ci         what CI runs: .ci/run (two test passes and lint)"
	@echo "make perf       the load profile on DATABASE_URL's seed-scale database (SIZE USERS DURATION PERF_ARGS=--soak)"
	@echo "make seed-scale migrate DATABASE_URL's database and build the scale data set (SIZE=s|m|xl)"
	@echo "make prod       the production layout: haproxy, 2 app servers, 2 workers, beat (needs PostgreSQL, Redis)"
	@echo "make backup     pg_dump of DATABASE_URL's database + both storages' media + manifest.json (BACKUP_ARGS='--to DIR')"
	@echo "make restore    BACKUP=backups/<time>: check it, restore into an EMPTY database and storage, compare counts"

# --- Installation ---------------------------------------------------------------------------
# The stamps make a second run fast; editing a requirements file reinstalls.

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
		echo "AlmenLæring needs Python 3.11 or newer; '$(PYTHON)' is older (try PYTHON=python3.12)."; \
		exit 1; }
	@echo "Creating $(VENV) with $$($(PYTHON) --version)"
	@$(PYTHON) -m venv $(VENV) || { \
		echo "Could not create $(VENV). On Debian/Ubuntu: apt-get install python3-venv"; \
		exit 1; }

$(BASE_STAMP): requirements/base.txt | $(PY)
	$(PIP) install --quiet -r requirements/base.txt
	@touch $@

$(TEST_STAMP): requirements/base.txt requirements/test.txt | $(PY)
	$(PIP) install --quiet -r requirements/base.txt -r requirements/test.txt
	@touch $(BASE_STAMP) $@

# --- Run ------------------------------------------------------------------------------------

run: $(BASE_STAMP)
	@echo "Migrating the database (SQLite file db.sqlite3 unless DATABASE_URL is set)"
	@$(PY) manage.py migrate --noinput --verbosity 0
	@echo "Seeding the demo (running it again changes nothing)"
	@LMS_BASE_URL="$(LMS_BASE_URL)" $(PY) manage.py seed_demo
	@echo
	@echo "AlmenLæring runs on http://$(HOST):$(PORT)/ (stop it with Ctrl+C)."
	@LMS_BASE_URL="$(LMS_BASE_URL)" $(PY) manage.py runserver $(HOST):$(PORT)

# --- Production layout (issue 17) ------------------------------------------------------------
# haproxy on PROXY_PORT (8080) in front of two gunicorn app servers (WEB1_PORT, WEB2_PORT: 8081,
# 8082), the e-mail and slow-jobs workers and one beat, from the Procfile with honcho, under
# production settings (deploy/prod.py migrates and collects the static files first). Needs
# DATABASE_URL, CELERY_BROKER_URL and REDIS_CACHE_URL; docs/operations.md, "Scaling out".
.PHONY: prod
prod: $(BASE_STAMP)
	@$(PY) -m deploy.prod

# --- Scale data set (issue 16) ---------------------------------------------------------------
# Into a database of its own, never the demo's: seed_scale refuses one that holds other data.
#   createdb almen_scale_m && DATABASE_URL=postgres://postgres@127.0.0.1:5432/almen_scale_m make seed-scale SIZE=m
SIZE ?= s

seed-scale: $(BASE_STAMP)
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL to a database of its own (createdb almen_scale_$(SIZE))."; exit 1; }
	@echo "Migrating the database DATABASE_URL names"
	@$(PY) manage.py migrate --noinput --verbosity 0
	@$(PY) manage.py seed_scale --size $(SIZE)

# --- Backups (issue 17) ----------------------------------------------------------------------
# Of DATABASE_URL's PostgreSQL database and the media storages the environment configures
# (MEDIA_ROOT or MEDIA_S3_*); core/ops/backup. Restore only into a fresh database (createdb) and
# an empty MEDIA_ROOT or bucket: it refuses anything else and changes nothing then.
BACKUP_ARGS ?=

.PHONY: backup restore
backup: $(BASE_STAMP)
	@$(PY) manage.py backup $(BACKUP_ARGS)

restore: $(BASE_STAMP)
	@test -n "$(BACKUP)" || { echo "Name the backup folder: make restore BACKUP=backups/<time>"; exit 2; }
	@$(PY) manage.py restore "$(BACKUP)"

# --- Tests ----------------------------------------------------------------------------------
# pytest exit code 5 means "no tests were collected": say so instead of a bare "Error 5".
define run_pytest
	@status=0; DJANGO_SETTINGS_MODULE=lms.settings.test $(PY) -m pytest $(1) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests (exit code 5): that is a failure."; fi; \
	exit $$status
endef

test: $(TEST_STAMP)
	$(call run_pytest,$(PYTEST_ARGS))

e2e: $(TEST_STAMP)
	$(call run_pytest,-m browser tests/e2e $(PYTEST_ARGS))

# --- Quality --------------------------------------------------------------------------------

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@echo "Import contracts (the layers of docs/architecture.md, [tool.importlinter] in pyproject.toml)"
	$(BIN)/lint-imports --no-logo --no-cache
	$(BIN)/mypy
	DJANGO_SETTINGS_MODULE=lms.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=lms.settings.test $(PY) manage.py migrations_check_safe
	DJANGO_SETTINGS_MODULE=lms.settings.dev $(PY) manage.py check --fail-level WARNING
	@echo "manage.py check --deploy under lms.settings.production (throwaway secret key)"
	@DJANGO_SETTINGS_MODULE=lms.settings.production \
	DJANGO_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	DJANGO_ALLOWED_HOSTS=almenlaering.example \
	$(PY) manage.py check --deploy --fail-level WARNING

typecheck: $(TEST_STAMP)
	$(BIN)/mypy

format: $(TEST_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# --- Pins -----------------------------------------------------------------------------------
# base.txt is a pip freeze of base.in in a clean venv; test.txt adds what test.in brings on top
# (test.in is constrained by base.txt, so the two files never disagree).
lock:
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(PYTHON) -m venv "$$tmp/venv"; \
	pip="$$tmp/venv/bin/python -m pip --disable-pip-version-check"; \
	$$pip install --quiet --upgrade pip; \
	$$pip install --quiet -r requirements/base.in; \
	$$pip freeze --exclude-editable > "$$tmp/base.freeze"; \
	{ echo '# Generated from base.in by `make lock` (pip freeze in a clean venv). Do not edit by hand.'; \
	  cat "$$tmp/base.freeze"; } > requirements/base.txt; \
	$$pip install --quiet -r requirements/test.in; \
	$$pip freeze --exclude-editable > "$$tmp/test.freeze"; \
	{ echo '# Generated from test.in by `make lock`; installed on top of base.txt. Do not edit by hand.'; \
	  grep -vxF -f "$$tmp/base.freeze" "$$tmp/test.freeze"; } > requirements/test.txt; \
	echo "Pinned $$(wc -l < "$$tmp/base.freeze") runtime and $$(grep -cvxF -f "$$tmp/base.freeze" "$$tmp/test.freeze") test packages."

ci:
	.ci/run

# --- Load profile ---------------------------------------------------------------------------
# Locust against gunicorn with production settings (lms.settings.perf) on 127.0.0.1:8611, on a
# database that `make seed-scale SIZE=…` built (DATABASE_URL; REDIS_CACHE_URL for the cache as in
# production). Tour at each of USERS at once for DURATION seconds; PERF_ARGS=--soak adds the
# 100-user soak (10 minutes). The report goes to tests/perf/reports/ (tests/perf/run_profile.py).
# SIZE (defined above) is the seed_scale size of that database.
USERS ?= 1,4
DURATION ?= 60
PERF_ARGS ?=

.PHONY: perf
perf: $(TEST_STAMP)
	@test -n "$$DATABASE_URL" || { \
		echo "make perf needs DATABASE_URL of a database that make seed-scale SIZE=$(SIZE) built."; \
		exit 2; }
	$(PY) -m tests.perf.run_profile --size $(SIZE) --users $(USERS) --duration $(DURATION) $(PERF_ARGS)

clean:
	rm -rf test-artifacts .test-media* .pytest_cache .mypy_cache .ruff_cache
