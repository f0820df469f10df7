"""The same code runs on SQLite (default) and PostgreSQL (DATABASE_URL), as the tests show."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import make_document

pytestmark = pytest.mark.django_db


def test_the_database_is_the_one_database_url_names():
    url = os.environ.get("DATABASE_URL", "sqlite")
    expected = "postgresql" if url.startswith(("postgres", "postgresql")) else "sqlite"
    assert connection.vendor == expected


def test_json_fields_and_unicode_round_trip():
    document = make_document(
        title="Résumé — Արցախ", authors=("Helsinki Citizens’ Assembly – Vanadzor",)
    )
    document.refresh_from_db()
    assert document.title == "Résumé — Արցախ"
    assert document.authors == ["Helsinki Citizens’ Assembly – Vanadzor"]


ROOT = Path(__file__).resolve().parents[2]


def _manage(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "sqlite").startswith("postgres"),
    reason="the SQLite writer queue: PostgreSQL has row locks",
)
def test_four_concurrent_ingests_on_sqlite_store_all_forty_documents(tmp_path):
    var = tmp_path / "var"
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{var / 'library.sqlite3'}",
        "LECTERN_VAR_DIR": str(var),
        "SEARCH_INDEX_DIR": str(var / "index"),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    migrate = _manage(env, "migrate", "--no-input", "-v", "0")
    assert migrate.wait(timeout=120) == 0, migrate.stderr.read()
    batches = []
    for p in range(4):
        paths = []
        for i in range(10):
            path = tmp_path / f"batch{p}" / f"report-{i}.md"
            path.parent.mkdir(exist_ok=True)
            body = f"# Report {p}-{i}\n\n" + f"Paragraph {i} of batch {p} in words.\n\n" * 40
            path.write_text(body, encoding="utf-8")
            paths.append(str(path))
        batches.append(paths)
    processes = [_manage(env, "ingest", *paths) for paths in batches]
    results = [
        (proc.wait(timeout=300), proc.stdout.read(), proc.stderr.read()) for proc in processes
    ]
    for code, out, err in results:
        assert code == 0, err
        assert out.count(": created “Report ") == 10, out
    count = _manage(
        env,
        "shell",
        "-v",
        "0",
        "-c",
        "from portal.models import *; print(Document.objects.count(), SourceFile.objects.count())",
    )
    assert count.wait(timeout=60) == 0
    assert count.stdout.read().split() == ["40", "40"]
    media = var / "media"
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
