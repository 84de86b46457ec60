# The two commands the README promises: `make run` and `make test`.
# Both create the virtual environment they need on first use.

VENV ?= .venv
PY := $(VENV)/bin/python
TEST_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=

.PHONY: run test lint format typecheck

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

## Run Dekat on 127.0.0.1:8000 with the embedded SQLite database and demo data.
run: $(VENV)/.installed
	$(VENV)/bin/dekat serve --demo

## Lint and type check, then the whole suite on SQLite and (when reachable) on PostgreSQL.
test: $(VENV)/.installed-test node_modules/.installed
	$(PY) tests/find_browser.py --install
	$(VENV)/bin/ruff check server tests bench
	$(VENV)/bin/ruff format --check server tests bench
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest $(PYTEST_ARGS)
	@if $(PY) tests/pg_available.py "$(TEST_DATABASE_URL)"; then \
		echo "--- The same suite on PostgreSQL ($(TEST_DATABASE_URL))"; \
		DEKAT_TEST_DATABASE_URL="$(TEST_DATABASE_URL)" $(VENV)/bin/pytest $(PYTEST_ARGS); \
	elif [ -n "$$DEKAT_REQUIRE_POSTGRES" ]; then \
		echo "PostgreSQL is not reachable at $(TEST_DATABASE_URL)"; exit 1; \
	else \
		echo "--- PostgreSQL not reachable at $(TEST_DATABASE_URL): its run was skipped"; \
	fi

## Fix what the linter can and format the code.
lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check --fix server tests bench
	$(VENV)/bin/ruff format server tests bench

## Type check the modules listed under [tool.mypy] in pyproject.toml.
typecheck: $(VENV)/.installed-test
	$(VENV)/bin/mypy
