# The two commands the README promises: `make run` and `make test`.
# Both create the virtual environment they need on first use.

VENV ?= .venv
PY := $(VENV)/bin/python
TEST_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=

LOCALES := server/locales
PYBABEL := $(VENV)/bin/pybabel
#: The catalogue template, every text to translate (a test extracts to another file to compare).
POT ?= $(LOCALES)/messages.pot

.PHONY: run test lint format typecheck extract update compile

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	$(PYBABEL) compile --directory $(LOCALES)
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
## Collect every text to translate from the code and templates into the catalogue template.
extract: $(VENV)/.installed
	$(PYBABEL) extract --mapping-file babel.cfg --add-location file --project Dekat \
		--version 0.1 --header-comment "# Dekat's texts to translate, made by \`make extract\` from the code." \
		--output-file $(POT) server web/templates

## Bring every language's catalogue in step with the template: new texts to translate, changed
## ones marked fuzzy, removed ones dropped.
update: $(VENV)/.installed
	$(PYBABEL) update --input-file $(POT) --output-dir $(LOCALES) --ignore-obsolete

## Compile the catalogues (Dekat also compiles a .po newer than its .mo when it starts).
compile: $(VENV)/.installed
	$(PYBABEL) compile --directory $(LOCALES) --statistics
