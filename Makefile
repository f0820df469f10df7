# Lectern: `make run` serves the library on http://127.0.0.1:8000, `make test` runs every test.
# Both set up what they need first (a .venv with Python 3.12, migrations, the corpus).

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup run test test-fast lint bench clean

setup: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py load_corpus

run: setup
	scripts/serve

test: $(STAMP)
	scripts/system-deps
	scripts/test

# Unit and integration tests on SQLite only: no browser, no PostgreSQL.
test-fast: $(STAMP)
	$(PY) -m pytest -m "not browser" -q

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: setup
	$(PY) bench/reader.py
	$(PY) bench/ingest.py
	$(PY) bench/search.py

$(STAMP): pyproject.toml
	scripts/make-venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $(STAMP)

clean:
	rm -rf $(VENV) var
