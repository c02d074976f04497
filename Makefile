# Discovery: `make run` serves the app with a Celery worker; `make test` runs the whole suite.
# Both set everything up first, on a machine with only Python >= 3.11 and make (and npm for assets).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
STAMP := $(VENV)/.installed

.PHONY: run test setup assets migrate demo lint check-deploy smoke proxy-deps browser-deps bench clean help

help:
	@echo "make run    - set up, load demo data and serve on http://$(HOST):$(PORT) with a Celery worker and beat"
	@echo "make test   - set up and run the whole test suite"
	@echo "make lint   - ruff (lint and format check), the import-layers contract and mypy"
	@echo "make bench  - print the benchmarks"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed" if sys.version_info < (3, 11) else 0)'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP) assets

# Front-end assets come from the npm registry, pinned by package-lock.json; never a CDN.
static/vendor/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed to install the front-end assets (Bootstrap, htmx)"; exit 1; }
	npm ci --no-audit --no-fund --silent
	mkdir -p static/vendor/bootstrap static/vendor/htmx
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/js/bootstrap.bundle.min.js static/vendor/bootstrap/
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
	mkdir -p var/vendor && cp node_modules/axe-core/axe.min.js var/vendor/
	touch $@

# Bootstrap's files name their source maps; production's collectstatic (hashed names) fails on
# a missing one, so they are copied too (their own rule: checkouts installed before get them).
VENDOR_MAPS := static/vendor/bootstrap/bootstrap.min.css.map static/vendor/bootstrap/bootstrap.bundle.min.js.map
static/vendor/bootstrap/%.css.map: static/vendor/.installed
	cp node_modules/bootstrap/dist/css/$*.css.map $@
static/vendor/bootstrap/%.js.map: static/vendor/.installed
	cp node_modules/bootstrap/dist/js/$*.js.map $@

assets: static/vendor/.installed $(VENDOR_MAPS)

migrate: setup
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	PORT=$(PORT) HOST=$(HOST) $(BIN)/python -m config.devserver

# Browser tests drive Debian's Chromium; install it where we may (root with apt), never download one.
browser-deps:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; \
	  else echo "Browser tests need /usr/bin/chromium: sudo apt-get install chromium"; exit 1; fi; }

# pytest-xdist spreads the suite over every core (`-n auto`); the tests that start real Celery
# workers then run one at a time (on Redis their stacks share a broker database). Exit code 5 is
# pytest's "no test selected", e.g. when PYTEST_ARGS names a folder with no worker tests.
PYTEST_ARGS ?=
test: setup browser-deps
	$(BIN)/python -m pytest -n auto -m "not worker and not redis" $(PYTEST_ARGS)
	$(BIN)/python -m pytest -m "worker or redis" $(PYTEST_ARGS) || [ $$? -eq 5 ]

# The same checks CI runs: ruff lint, ruff format, the layers contract and mypy (its scope and
# cache, var/mypy_cache, are set in pyproject.toml's [tool.mypy]).
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

check-deploy: setup
	DISCOVERY_ENV=production SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-looking-value-for-the-check \
	  ALLOWED_HOSTS=discovery.example.com CACHE_URL=redis://127.0.0.1:6379/1 \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING

# What production runs, as plain processes on the local PostgreSQL and Redis (CI has no docker):
# collectstatic, gunicorn, a worker and beat under production settings, and requests through them.
smoke: setup proxy-deps
	$(BIN)/python .ci/smoke.py

# The smoke stack puts Debian's nginx in front, as compose puts the official image.
proxy-deps:
	@{ command -v nginx || test -x /usr/sbin/nginx; } >/dev/null && command -v openssl >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light openssl >/dev/null; \
	  else echo "make smoke needs nginx and openssl: sudo apt-get install nginx-light openssl"; exit 1; fi; }

bench: setup
	$(BIN)/python bench/engine_bench.py
	$(BIN)/python bench/sample_bench.py

clean:
	rm -rf $(VENV) var static/vendor node_modules
