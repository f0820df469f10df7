"""The HTML results collapse by document, checked against the API's uncollapsed hits."""

import re
from collections import Counter
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from search.results import PER_DOCUMENT
from tests.search.test_corpus import _isolated_storage, all_hits, corpus  # noqa: F401

pytestmark = pytest.mark.django_db
GROUP_RE = re.compile(
    r'<section class="result-group" aria-labelledby="g-([^"]+)">(.*?)</section>', re.S
)
HIT_RE = re.compile(r'<li class="result">\s*<h4>.*?<a href="([^"]+)">', re.S)
MORE_RE = re.compile(r'<p class="more"><a href="([^"]+)"[^>]*>(\d+) more in this document</a>')
COUNT_RE = re.compile(r'id="results-count"[^>]*>(\d+) passages? found(?:, page \d+ of (\d+))?')
QUERY = "azerbaijan"
PAGE = 4  # small, so that the collapsed list spans pages
SWAP = {"HTTP_HX_REQUEST": "true"}


def key(hit: dict) -> str:
    """A hit's link as the results page writes it."""
    label = hit["note_label"]
    return hit["section"]["url"] + (f"#fn-{label}" if hit["kind"] == "note" and label else "")


def page(client, headers=None, **params) -> dict:
    response = client.get("/search/", {"q": QUERY, **params}, **(headers or {}))
    assert response.status_code == 200
    body = response.content.decode()
    total, pages = COUNT_RE.search(body).groups()
    groups = []
    for slug, inner in GROUP_RE.findall(body):
        more = MORE_RE.search(inner)
        hits = [unescape(h) for h in HIT_RE.findall(inner)]
        groups.append((slug, hits, (int(more[2]), unescape(more[1])) if more else None))
    return {"total": int(total), "pages": int(pages or 1), "groups": groups}


def walk(client, **params) -> list[dict]:
    first = page(client, **params)
    return [first] + [page(client, page=n, **params) for n in range(2, first["pages"] + 1)]


@pytest.fixture(scope="module")
def expected(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        hits = all_hits(Client(), q=QUERY)
    per_doc = Counter(h["document"]["slug"] for h in hits)
    assert max(per_doc.values()) > PER_DOCUMENT + 2, "the query must test a real collapse"
    return hits, per_doc


def test_collapsed_pages_hold_each_documents_best_hits_once(client, expected):
    hits, per_doc = expected
    pages = walk(client, page_size=PAGE)
    shown = [h for p in pages for _slug, group, _more in p["groups"] for h in group]
    assert len(shown) == len(set(shown)), "a passage repeated across pages"
    assert all(p["total"] == len(hits) for p in pages)
    listed = sum(min(PER_DOCUMENT, n) for n in per_doc.values())
    assert len(shown) == listed and pages[0]["pages"] == -(-listed // PAGE)
    # Each document's best hits by the API's ranking, nothing else.
    best = {}
    for hit in hits:
        best.setdefault(hit["document"]["slug"], []).append(key(hit))
    assert set(shown) == {k for keys in best.values() for k in keys[:PER_DOCUMENT]}
    for p in pages:
        slugs = Counter()
        for slug, group, _more in p["groups"]:
            slugs[slug] += len(group)
        assert max(slugs.values()) <= PER_DOCUMENT


def test_more_is_exact_and_links_to_the_document(client, expected):
    hits, per_doc = expected
    mores = {slug: more for p in walk(client) for slug, _g, more in p["groups"] if more}
    assert set(mores) == {slug for slug, n in per_doc.items() if n > PER_DOCUMENT}
    for slug, (n, href) in mores.items():
        assert n == per_doc[slug] - PER_DOCUMENT
        params = parse_qs(urlsplit(href).query)
        assert params["doc"] == [slug] and params["q"] == [QUERY] and "page" not in params
        inside = walk(client, **{k: v[0] for k, v in params.items()})
        found = [h for p in inside for _s, group, _m in p["groups"] for h in group]
        assert inside[0]["total"] == n + PER_DOCUMENT
        assert sorted(found) == sorted(key(h) for h in hits if h["document"]["slug"] == slug)


def test_a_document_filter_shows_all_its_hits(client, expected):
    _hits, per_doc = expected
    slug = per_doc.most_common(1)[0][0]
    first = page(client, doc=slug, page_size=100)
    [(group_slug, group, more)] = first["groups"]
    assert group_slug == slug and len(group) == per_doc[slug] and more is None


def test_partial_and_full_page_agree(client, expected):
    for n in (1, 2):
        assert page(client, page=n, page_size=PAGE) == page(client, SWAP, page=n, page_size=PAGE)


def test_page_past_the_collapsed_list_is_not_found(client, expected):
    last = page(client, page_size=PAGE)["pages"]
    assert (
        client.get("/search/", {"q": QUERY, "page_size": 10, "page": last + 1}).status_code == 404
    )


def test_a_page_makes_a_bounded_number_of_searches(client, expected, monkeypatch):
    from search import collapsed

    calls = []
    real = collapsed.run_search
    monkeypatch.setattr(collapsed, "run_search", lambda p: calls.append(p) or real(p))
    for n in range(1, page(client, page_size=PAGE)["pages"] + 1):
        calls.clear()
        page(client, page=n, page_size=PAGE)
        assert 1 <= len(calls) <= collapsed.ROUNDS - 1 + collapsed.FEW
        assert all(p.page_size <= 2 * n * PAGE for p in calls)


def test_the_api_stays_uncollapsed(client, expected):
    _hits, per_doc = expected
    found = client.get("/api/search", {"q": QUERY, "page_size": 100}).json()
    assert found["total"] == sum(per_doc.values())
    by_document = Counter(h["document"]["slug"] for h in found["hits"])
    assert by_document.most_common(1)[0][1] > PER_DOCUMENT


def test_a_page_cuts_snippets_only_for_the_hits_it_shows(client, expected, monkeypatch):
    from search import results

    cut = []
    real = results.snippets
    monkeypatch.setattr(
        results, "snippets", lambda text, terms: cut.append(text) or real(text, terms)
    )
    shown = page(client, page_size=PAGE)
    assert len(cut) == sum(len(group) for _slug, group, _more in shown["groups"]) == PAGE
