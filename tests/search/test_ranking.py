"""Ranking rules every backend keeps (measured on Cranfield and CISI by bench/ir.py)."""

import pytest
from django.db import connection
from django.utils.module_loading import import_string

from search.query import Term, parse
from tests.factories import make_document

pytestmark = pytest.mark.django_db
BACKENDS = {
    "whoosh": "search.backends.whoosh.WhooshSearchBackend",
    "tantivy": "search.backends.tantivy.TantivySearchBackend",
    "postgres": "search.backends.postgres.PostgresSearchBackend",
}
FILLER = "the survey lists many other things of the coast in plain words"


@pytest.fixture(params=list(BACKENDS))
def backend(request, tmp_path):
    if request.param == "postgres" and connection.vendor != "postgresql":
        pytest.skip("needs DATABASE_URL pointing at PostgreSQL")
    backend = import_string(BACKENDS[request.param])(
        request.param, {"OPTIONS": {"PATH": tmp_path / request.param}}
    )
    yield backend
    backend.close()


def index(backend, slug: str, sections) -> None:
    backend.index_document(make_document(slug=slug, title=slug.title(), sections=sections).pk)


def ranked(backend, q: str) -> list[str]:
    return [h.section_anchor for h in backend.search(parse(q), q=q).hits]


def test_parser_counts_a_repeated_word():
    node = parse("harbour lantern harbour Harbour harbour*")
    weights = {c.text: c.weight for c in node.children if isinstance(c, Term)}
    # "Harbour" is its own clause (the backends' folding joins it to "harbour").
    assert weights == {"harbour": 2, "lantern": 1, "Harbour": 1}


def test_a_word_the_question_repeats_weighs_more(backend):
    index(
        backend,
        "coast",
        [("One", f"a lantern by {FILLER}"), ("Two", f"a harbour by {FILLER}")],
    )
    assert ranked(backend, "harbour lantern harbour")[0] == "two"
    assert ranked(backend, "lantern harbour lantern")[0] == "one"
    # Two forms of one stem are the same word said twice.
    assert ranked(backend, "lanterns harbour lantern")[0] == "one"


def test_heading_words_count_as_the_passage_words(backend):
    index(
        backend,
        "coast",
        [("Lanterns", FILLER), ("Other", f"{FILLER} lantern")],
    )
    assert ranked(backend, "lantern") == ["lanterns", "other"]


def test_common_words_weigh_little_beside_a_rare_one(backend):
    """A passage with the rare word ranks above one repeating the common word."""
    common = [(f"S{i}", f"survey {FILLER} {i}") for i in range(8)]
    index(
        backend, "coast", [*common, ("Rare", "survey of the lighthouse"), ("Many", "survey " * 4)]
    )
    assert ranked(backend, "survey lighthouse")[0] == "rare"


def test_whoosh_averages_a_field_over_the_entries_that_hold_it(tmp_path):
    """Sections' average length counts sections only: notes hold no body text."""
    from search.backends.whoosh import WhooshSearchBackend

    backend = WhooshSearchBackend("w", {"OPTIONS": {"PATH": tmp_path / "w"}})
    notes = {str(i): f"A source number {i}." for i in range(1, 7)}
    doc = make_document(slug="coast", sections=[("S", "survey " * 9 + "lighthouse")], notes=notes)
    backend.index_document(doc.pk)
    searcher, _facets = backend.searcher()
    assert searcher.doc_count_all() == 7  # one section, six notes
    scorer = searcher.weighting.scorer(searcher, "text", "lighthous")
    # One section: the average is its own length (Whoosh's own would be a seventh of it).
    assert scorer.avgfl == searcher.field_length("text") > 0
    assert searcher.weighting.scorer(searcher, "note", "sourc").avgfl == (
        searcher.field_length("note") / 6
    )
    backend.close()
