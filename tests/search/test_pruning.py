"""Pruning never changes the top 20: the Whoosh backend's ranking against exhaustive scoring.

The backend scores a question's proximity bonus for its best passages only
(``search/backends/whoosh_topk.py``) and, with no bonus to add, lets Whoosh skip blocks
that cannot enter the top. The reference here scores every match, bonus included, and
adds each document's title score afterwards, as the backend did before it pruned.
Random queries over the corpus's own words: plain words (stop words among them),
prefixes, phrases, exclusions, scopes and filters; pages 1 and 2.
"""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import query as wq

from portal.models import Document, Section
from search.backends import search_backends
from search.backends import whoosh as whoosh_backend
from search.backends.whoosh_budget import score

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the Whoosh backend: run once"),
]
WHOOSH = "search.backends.whoosh.WhooshSearchBackend"
STOP_WORDS = ["the", "of", "what", "did", "about", "and", "to", "in"]


@pytest.fixture
def _isolated_storage():
    """Replace the per-test index of conftest: this module shares one corpus index."""


@pytest.fixture(scope="module", autouse=True)
def corpus(django_db_setup, django_db_blocker, tmp_path_factory):
    index = tmp_path_factory.mktemp("pruning-index")
    backends = {"default": {"BACKEND": WHOOSH, "OPTIONS": {"PATH": index}}}
    tasks = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    with (
        override_settings(SEARCH_BACKENDS=backends, TASKS=tasks, MEDIA_ROOT=index / "media"),
        django_db_blocker.unblock(),
    ):
        call_command("load_corpus", verbosity=0)
        search_backends["default"].rebuild()
        yield _corpus_words()
        Document.objects.all().delete()


def _corpus_words() -> list[str]:
    counts: dict[str, int] = {}
    for text in Section.objects.values_list("text", flat=True):
        for word in re.findall(r"[A-Za-z]{4,}", text):
            counts[word.lower()] = counts.get(word.lower(), 0) + 1
    # Words that occur a few times and words in most passages: both kinds of posting list.
    return sorted(w for w, n in counts.items() if n >= 3)


def exhaustive(self, searcher, facets, sets, queries, allowed, k):
    """Every match scored, the proximity bonus included, then the titles added."""
    main, near, title = queries
    scored = main if near is None else wq.AndMaybe(main, near)
    scores = score(searcher, sets, scored, allowed).by_docnum
    self._boost_titles(searcher, facets, title, scores)
    return scores


def ranking(monkeypatch, q: str, filters: dict, page: int) -> list[tuple[str, float]]:
    backend = search_backends["default"]
    results = backend.search(q, filters=filters, page=page, page_size=20)
    return [(hit.url, hit.score) for hit in results.hits]


def assert_same_top(pruned, full):
    """The same passages in the same order; passages with equal scores may trade places."""
    assert [round(s, 6) for _u, s in pruned] == [round(s, 6) for _u, s in full]
    for (url, s), (other, _s) in zip(pruned, full, strict=True):
        tied = sum(1 for _u, t in full if abs(t - s) < 1e-6) > 1
        assert url == other or tied, (url, other)


def query_text(words, stops):
    @st.composite
    def build(draw):
        parts = draw(st.lists(st.sampled_from(words), min_size=1, max_size=10))
        parts += draw(st.lists(st.sampled_from(stops), max_size=3))
        parts = draw(st.permutations(parts))
        shape = draw(st.sampled_from(["plain", "prefix", "phrase", "exclude", "scope"]))
        if shape == "prefix":
            parts[-1] = parts[-1][:3] + "*"
        elif shape == "phrase" and len(parts) > 2:
            parts[:2] = [f'"{parts[0]} {parts[1]}"']
        elif shape == "exclude" and len(parts) > 1:
            parts[-1] = "-" + parts[-1]
        elif shape == "scope":
            parts[0] = "heading:" + parts[0]
        return " ".join(parts)

    return build()


def test_pruned_ranking_is_the_exhaustive_one(corpus, monkeypatch):
    backend = whoosh_backend.WhooshSearchBackend

    @settings(
        max_examples=80,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        q=query_text(corpus, STOP_WORDS),
        filters=st.sampled_from([{}, {"kind": ["note"]}, {"kind": ["body"]}]),
        page=st.sampled_from([1, 2]),
    )
    def check(q, filters, page):
        pruned = ranking(monkeypatch, q, filters, page)
        with monkeypatch.context() as m:
            m.setattr(backend, "_ranked", exhaustive)
            full = ranking(monkeypatch, q, filters, page)
        assert_same_top(pruned, full)

    check()
