"""The per-query work budget: no anonymous query may tie up a worker.

One document with 10,000 notes of real corpus words (many distinct words starting
with "te"), searched through the API with queries built to be expensive: each must
finish within about a second of CPU, and say so when its counts are approximate.
"""

import re
import time

import pytest

from search.backends import search_backends
from tests.conftest import CORPUS_DIR
from tests.factories import make_document

pytestmark = pytest.mark.django_db
URL = "/api/search"
NOTES = 10_000
NOTE_WORDS = 25
# CPU seconds one query may take, with room for a slow shared test machine.
CPU_BUDGET = 1.5
WHOOSH = "search.backends.whoosh.WhooshSearchBackend"


@pytest.fixture
def _isolated_storage():
    """Replace the per-test index of conftest: this module shares one large index."""


@pytest.fixture(scope="module", autouse=True)
def big_library(request, django_db_setup, django_db_blocker, tmp_path_factory):
    from django.test import override_settings

    index = tmp_path_factory.mktemp("budget-index")
    backends = {
        "default": {
            # test_tantivy_budget.py runs these tests again with its own BACKEND.
            "BACKEND": getattr(request.module, "BACKEND", WHOOSH),
            "OPTIONS": {"PATH": index},
        }
    }
    tasks = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    words = re.findall(r"[A-Za-z]+", " ".join(p.read_text() for p in CORPUS_DIR.glob("0*.txt")))
    # Overlapping runs of the corpus: real phrases, real word frequencies.
    notes = {
        str(i + 1): " ".join(words[(i * 17 + k) % len(words)] for k in range(NOTE_WORDS))
        for i in range(NOTES)
    }
    with override_settings(SEARCH_BACKENDS=backends, TASKS=tasks), django_db_blocker.unblock():
        document = make_document(
            slug="many-notes",
            title="A document with ten thousand notes",
            sections=[("Body", "Temporary text that cites every note.")],
            notes=notes,
        )
        search_backends["default"].index_document(document.pk)
        yield document
        document.delete()


def timed(client, q: str) -> tuple[dict, float]:
    started = time.process_time()
    response = client.get(URL, {"q": q})
    spent = time.process_time() - started
    assert response.status_code == 200, response.content
    return response.json(), spent


# Forty distinct common words: the most clauses a query may have.
FORTY = (
    "rights state people report conflict human evidence government international law "
    "court order forces military civilians region territory population security peace "
    "violence refugees children women health water food aid blockade corridor war "
    "ceasefire attack village city border history culture heritage church"
)


@pytest.mark.parametrize(
    "q",
    [
        "te* te* te*",
        "a* b* c* d*",
        "te* th* co* re* pr* in* de* st*",
        FORTY,
        '"the state of the" te*',
        " ".join(f"{w}x" for w in FORTY.split()),  # forty misspelled words to correct
    ],
    ids=["te-three", "one-letter", "eight-prefixes", "forty-words", "phrase-prefix", "misspelt"],
)
def test_expensive_queries_stay_within_budget(client, q):
    timed(client, "warm up the searcher")
    data, spent = timed(client, q)
    print(f"{q[:30]!r}: {spent:.3f} s CPU, {data['total']} hits")
    assert spent < CPU_BUDGET, f"{q!r} took {spent:.2f} s of CPU"
    assert isinstance(data["total"], int)


def test_capped_prefix_says_its_count_is_approximate(client):
    data, _spent = timed(client, "re*")  # hundreds of words start with "re"
    assert data["total_approximate"] is True
    assert data["total"] > 1000
    assert data["hits"] and all("<mark>re" in h["snippet"].lower() for h in data["hits"])


def test_repeated_clauses_are_folded(client):
    once, _ = timed(client, "te*")
    thrice, _ = timed(client, "te* te* te*")
    assert thrice["total"] == once["total"]
    assert [h["score"] for h in thrice["hits"]] == [h["score"] for h in once["hits"]]


def test_exact_queries_say_their_count_is_exact(client):
    data, _spent = timed(client, '"temporary text"')
    assert data["total"] == 1
    assert data["total_approximate"] is False


def test_approximate_count_is_shown_as_about(client):
    response = client.get("/search/", {"q": "re*"})
    assert response.status_code == 200
    assert re.search(r"About [\d,]+ passages", response.content.decode())
