"""The same code runs on SQLite (default) and PostgreSQL (DATABASE_URL), as the tests show."""

import os

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
