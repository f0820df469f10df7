# Lectern: `make run` serves the library on http://127.0.0.1:8000, `make test` runs every test.
# Both set up what they need first (a .venv with Python 3.12, migrations, the corpus).

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup run test test-fast lint bench clean

setup: $(STAMP)
	@echo "Lectern: migrating the database..."
	$(PY) manage.py migrate --noinput --verbosity 0
	@echo "Lectern: collecting static files..."
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "Lectern: loading and indexing the corpus..."
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

# The benchmarks build their libraries from Debian's bible-kjv and python3-doc,
# installing them with apt-get (root or sudo) on first use.
bench: setup
	$(PY) bench/reader.py
	$(PY) bench/ingest.py
	$(PY) bench/ir.py
	$(PY) bench/ranking.py
	$(PY) bench/search.py --quick
	$(PY) bench/load.py

$(STAMP): pyproject.toml
	@echo "Lectern: creating .venv with Python 3.12..."
	scripts/make-venv $(VENV)
	@echo "Lectern: installing Python packages (about two minutes the first time)..."
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $(STAMP)

clean:
	rm -rf $(VENV) var artifacts build *.egg-info .hypothesis .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
