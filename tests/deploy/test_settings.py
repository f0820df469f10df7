"""Settings that follow the environment: search backend by database, production refusals."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from search.database_checks import check_index_shared

ROOT = Path(__file__).resolve().parents[2]
WHOOSH = "search.backends.whoosh.WhooshSearchBackend"
POSTGRES = "search.backends.postgres.PostgresSearchBackend"
PRODUCTION = {"ALLOWED_HOSTS": "lectern.example.org", "DEBUG": "0"}
KEY = secrets.token_urlsafe(50)


def run(code: str, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")}
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "portal.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def backend_for(**env) -> str:
    code = "from portal import settings as s; print(s.SEARCH_BACKENDS['default']['BACKEND'])"
    result = run(code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_search_backend_follows_the_database(tmp_path):
    assert backend_for(DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3") == WHOOSH
    assert backend_for(DATABASE_URL="postgres://u@/lectern?host=/tmp") == POSTGRES
    assert backend_for(DATABASE_URL="postgres://u@/l?host=/tmp", SEARCH_BACKEND="whoosh") == WHOOSH


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_whoosh_beside_a_shared_database_warns(settings):
    def warnings(engine: str, backend: str) -> list[str]:
        databases = {"default": {**settings.DATABASES["default"], "ENGINE": engine}}
        backends = {"default": {"BACKEND": backend}}
        with override_settings(DATABASES=databases, SEARCH_BACKENDS=backends):
            return [w.id for w in check_index_shared(None)]

    assert warnings("django.db.backends.postgresql", WHOOSH) == ["search.W002"]
    assert warnings("django.db.backends.mysql", WHOOSH) == ["search.W002"]
    assert warnings("django.db.backends.postgresql", POSTGRES) == []
    assert warnings("django.db.backends.sqlite3", WHOOSH) == []  # one server


def test_production_refuses_the_development_key(tmp_path):
    result = run("import portal.settings", **PRODUCTION, LECTERN_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY is the development key" in result.stderr


def test_production_settings_pass_check_deploy(tmp_path):
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; a server never has it.
    server_env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={**server_env, **PRODUCTION, "SECRET_KEY": KEY, "LECTERN_VAR_DIR": str(tmp_path)},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("debug", ["0", "1"])
def test_local_serving_keeps_the_development_key(tmp_path, debug):
    code = "from portal import settings as s; import json; print(json.dumps(s.PRODUCTION))"
    result = run(code, DEBUG=debug, LECTERN_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) is False


def test_postgres_backend_on_another_database_is_an_error():
    from django.db import connection

    from search.backends.postgres import PostgresSearchBackend

    errors = PostgresSearchBackend("default", {}).check()
    if connection.vendor == "postgresql":
        assert errors == []
    else:
        assert [e.id for e in errors] == ["search.E005"]
