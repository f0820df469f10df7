"""Shared fixtures: every test gets its own search index directory and media root."""

from pathlib import Path

import pytest

CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(autouse=True)
def _isolated_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    settings.SEARCH_BACKENDS = {
        "default": {
            "BACKEND": settings.SEARCH_BACKENDS["default"]["BACKEND"],
            "OPTIONS": {
                **settings.SEARCH_BACKENDS["default"].get("OPTIONS", {}),
                "PATH": tmp_path / "index",
            },
        }
    }
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
        "background": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
    }


@pytest.fixture(autouse=True)
def _plain_static_names(settings):
    """Hashed static names need collectstatic; tests serve the files under their own names."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def corpus_file(prefix: str) -> Path:
    """The corpus file whose name starts with ``prefix`` ("001" ... "004")."""
    return next(CORPUS_DIR.glob(f"{prefix}_*.txt"))


# Fixtures and markers that mean a test reaches the database.
_DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "client",
    "admin_client",
    "live_server",
    "django_db_setup",
}


def pytest_collection_modifyitems(config, items):
    """With LECTERN_DATABASE_TESTS_ONLY=1 (the PostgreSQL pass of scripts/test), keep only
    the tests that touch the database: parsers give the same answer on any database."""
    import os

    if os.environ.get("LECTERN_DATABASE_TESTS_ONLY") != "1":
        return
    keep, drop = [], []
    for item in items:
        uses_db = item.get_closest_marker("django_db") or _DATABASE_FIXTURES & set(
            getattr(item, "fixturenames", ())
        )
        (keep if uses_db else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
