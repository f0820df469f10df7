"""``/healthz`` and the Content Security Policy on the pages."""

import re

import pytest

from search.backends import search_backends
from tests.factories import make_document

pytestmark = pytest.mark.django_db


def test_healthy_server_answers_200_with_each_check(client):
    doc = make_document(slug="d", sections=[("S", "Aardvark.")], notes={"1": "A note."})
    search_backends["default"].index_document(doc.pk)
    response = client.get("/healthz")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["ok"] and body["checks"]["index"]["entries"] == 2
    assert body["checks"]["database:default"]["ok"] and body["checks"]["search"]["ok"]
    assert response["Cache-Control"].startswith("max-age=0")


def test_index_behind_the_database_answers_503(client):
    doc = make_document(slug="d", sections=[("S", "Aardvark.")])
    search_backends["default"].index_document(doc.pk)
    search_backends["default"].delete_document(doc.pk)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "0 entries indexed, 1 expected" in response.json()["checks"]["index"]["error"]


def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405


def test_inline_script_carries_the_policy_nonce(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert "script-src 'self' 'nonce-" in policy and "object-src 'none'" in policy
    html = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline and all(f'nonce="{nonce}"' in attrs for attrs in inline)
