"""Full page or partial: one helper for search, reading and upload views."""

import pytest
from django.test import RequestFactory
from django_htmx.middleware import HtmxMiddleware

from portal.htmx import page_or_partial, wants_partial

PLAIN, SWAP = {}, {"HTTP_HX_REQUEST": "true"}
BOOSTED = {**SWAP, "HTTP_HX_BOOSTED": "true"}
RESTORE = {**SWAP, "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}


def request(headers: dict):
    req = RequestFactory().get("/search/", **headers)
    HtmxMiddleware(lambda r: None)(req)
    return req


@pytest.mark.parametrize(
    ("headers", "partial"), [(PLAIN, False), (SWAP, True), (BOOSTED, False), (RESTORE, False)]
)
def test_only_a_plain_swap_gets_the_partial(headers, partial):
    assert wants_partial(request(headers)) is partial
    expected = "page.html#part" if partial else "page.html"
    assert page_or_partial(request(headers), "page.html", "part") == expected


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [PLAIN, BOOSTED, RESTORE])
def test_search_page_answers_history_restore_with_the_whole_page(client, headers):
    assert "<html" in client.get("/search/", {"q": "x"}, **headers).content.decode()


@pytest.mark.django_db
def test_search_swap_gets_only_the_results(client):
    body = client.get("/search/", {"q": "x"}, **SWAP).content.decode()
    assert "<html" not in body and 'id="results"' in body
