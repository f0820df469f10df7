"""The behaviour every search backend must show; a backend's test module subclasses it.

Subclasses provide a ``backend`` fixture returning a fresh, empty backend. Documents
are indexed by calling the backend directly (on_commit never fires inside a test
transaction); tests/search/test_indexing.py covers the signal path.
"""

from __future__ import annotations

import re

import pytest

from search.query import parse
from tests.factories import make_document

MARK_RE = re.compile(r"<mark>(.*?)</mark>")


def marks(results) -> list[str]:
    return [m for hit in results.hits for s in hit.snippets for m in MARK_RE.findall(s)]


@pytest.mark.django_db
class BackendContract:
    @pytest.fixture
    def backend(self):
        raise NotImplementedError

    @pytest.fixture
    def library(self, backend):
        """Three published documents and a draft, indexed."""
        docs = {
            "rights": make_document(
                slug="rights",
                title="On Rights",
                sections=[
                    ("Introduction", "The right to self-determination of the RÁCZ people."),
                    ("Other views", "The right of self-determination is weaker. States differ."),
                    ("Cleansing", "Reports of ethnic cleansing reached the state council."),
                ],
                notes={"1": "Human Rights Watch, report on ethnic cleansing (2020)."},
                refs={"introduction": [("1", 10)]},
                authors=("Human Rights Watch", "Amnesty"),
                date="2020-10-27",
                doc_type="report",
            ),
            "letter": make_document(
                slug="letter",
                title="A Letter",
                sections=[("Appeal", "We ask the council to prevent ethnic cleansing now.")],
                notes={"1": "See the Human Rights Watch report."},
                refs={"appeal": [("1", 5)]},
                authors=("Amnesty",),
                date="2022",
                doc_type="letter",
            ),
            "thesis": make_document(
                slug="thesis",
                title="Secession",
                sections=[("Secession", "Remedial secession as soft law, and the state.")],
                authors=("A. Student",),
                date="2023",
                doc_type="thesis",
            ),
            "draft": make_document(
                slug="draft",
                title="Draft",
                status="draft",
                sections=[("Draft", "Ethnic cleansing in an unpublished draft.")],
            ),
        }
        backend.index_documents(d.pk for d in docs.values())
        return docs

    def search(self, backend, q, **kwargs):
        return backend.search(parse(q), q=q, **kwargs)

    def anchors(self, results) -> set[tuple[str, str, str]]:
        return {(h.document_slug, h.section_anchor, h.kind) for h in results.hits}

    # Phrases and analysis

    def test_phrase_keeps_stop_words(self, backend, library):
        to = self.search(backend, '"right to self-determination"')
        of = self.search(backend, '"right of self-determination"')
        assert self.anchors(to) == {("rights", "introduction", "body")}
        assert self.anchors(of) == {("rights", "other-views", "body")}

    def test_phrase_highlighted_as_one_span(self, backend, library):
        results = self.search(backend, '"ethnic cleansing"')
        assert results.total == 3  # two sections and one note; not the draft
        assert set(marks(results)) == {"ethnic cleansing"}

    def test_stemming_for_words(self, backend, library):
        results = self.search(backend, "states")
        found = {a for _doc, a, _kind in self.anchors(results)}
        assert {"other-views", "cleansing", "secession"} <= found

    def test_accent_and_case_folding(self, backend, library):
        for q in ("racz", "RÁCZ", "Rácz"):
            assert self.anchors(self.search(backend, q)) == {("rights", "introduction", "body")}

    def test_exclusions(self, backend, library):
        assert ("letter", "appeal", "body") not in self.anchors(
            self.search(backend, "cleansing -council")
        )
        results = self.search(backend, 'right -"right of"')
        assert self.anchors(results) == {
            ("rights", "introduction", "body"),
            ("rights", "introduction", "note"),  # "Rights" ~ right
            ("letter", "appeal", "note"),
        }

    def test_drafts_never_appear(self, backend, library):
        results = self.search(backend, "unpublished draft")
        assert results.total == 0

    def test_partial_matches_rank_full_matches_first(self, backend, library):
        results = self.search(backend, "what did the council say about ethnic cleansing reports")
        assert results.total >= 3
        assert results.hits[0].section_anchor == "cleansing"

    def test_prefix_or_and_scopes(self, backend, library):
        assert self.search(backend, "secess*").total == 1
        assert self.search(backend, "secession OR racz").total == 2
        assert self.anchors(self.search(backend, "heading:appeal")) == {
            ("letter", "appeal", "body")
        }
        assert {h.kind for h in self.search(backend, "note:watch").hits} == {"note"}
        assert {h.document_slug for h in self.search(backend, "author:student").hits} == {"thesis"}
        assert {h.document_slug for h in self.search(backend, "title:letter").hits} == {"letter"}

    # Facets

    def test_facets_add_up(self, backend, library):
        results = self.search(backend, "cleansing OR watch OR secession")
        for name in ("document", "year", "type", "in"):
            assert sum(f.count for f in results.facets[name]) == results.total, name

    def test_filters_and_across_or_within(self, backend, library):
        q = "cleansing OR watch OR secession"
        letters = self.search(backend, q, filters={"type": ["letter"]})
        both = self.search(backend, q, filters={"type": ["letter", "thesis"]})
        notes = self.search(backend, q, filters={"type": ["letter", "report"], "in": ["notes"]})
        assert {h.document_slug for h in letters.hits} == {"letter"}
        assert {h.document_slug for h in both.hits} == {"letter", "thesis"}
        assert {h.kind for h in notes.hits} == {"note"}
        assert notes.total == 2

    def test_multi_select_counts_ignore_own_filter(self, backend, library):
        q = "cleansing OR watch OR secession"
        unfiltered = self.search(backend, q)
        filtered = self.search(backend, q, filters={"author": ["Amnesty"], "in": ["body"]})
        counts = {f.value: f.count for f in filtered.facets["author"]}
        body_only = self.search(backend, q, filters={"in": ["body"]})
        assert counts == {f.value: f.count for f in body_only.facets["author"]}
        in_counts = {f.value: f for f in filtered.facets["in"]}
        amnesty = self.search(backend, q, filters={"author": ["Amnesty"]})
        assert {v: f.count for v, f in in_counts.items()} == {
            f.value: f.count for f in amnesty.facets["in"]
        }
        assert in_counts["body"].selected and not in_counts["notes"].selected
        assert filtered.total == in_counts["body"].count < unfiltered.total

    # Snippets, pages, suggestions

    def test_snippets_escape_text(self, backend, library):
        doc = make_document(
            slug="xss", sections=[("Bad", "<script>alert(1)</script> genocide & <b>x</b>")]
        )
        backend.index_document(doc.pk)
        snippet = self.search(backend, "genocide").hits[0].snippet
        assert "<script>" not in snippet and "&lt;script&gt;" in snippet
        assert "<mark>genocide</mark> &amp; &lt;b&gt;" in snippet

    def test_three_fragments_of_about_thirty_words(self, backend):
        filler = " ".join(f"word{i}" for i in range(60))
        text = f"alpha {filler} alpha {filler} alpha {filler} alpha {filler}"
        backend.index_document(make_document(slug="long", sections=[("Long", text)]).pk)
        hit = self.search(backend, "alpha").hits[0]
        assert len(hit.snippets) == 3
        assert all(len(s.split()) <= 34 for s in hit.snippets)

    def test_hit_fields_and_grouping(self, backend, library):
        results = self.search(backend, "watch", filters={"in": ["notes"]})
        hit = next(h for h in results.hits if h.document_slug == "rights")
        assert (hit.kind, hit.note_label, hit.section_anchor) == ("note", "1", "introduction")
        assert hit.url == "/d/rights/s/introduction/?q=watch"
        cleansing = self.search(backend, "cleansing", filters={"document": ["rights"]})
        assert [h.more_in_document for h in cleansing.hits] == [1, 1]
        assert [slug for slug, _hits, _more in cleansing.grouped()] == ["rights"]

    def test_pages(self, backend, library):
        q = "cleansing OR watch OR secession OR right"
        first = self.search(backend, q, page_size=2)
        second = self.search(backend, q, page=2, page_size=2)
        assert len(first.hits) == 2 and first.num_pages == (first.total + 1) // 2
        assert not self.anchors(first) & self.anchors(second)

    def test_sort_by_date(self, backend, library):
        results = self.search(backend, "state OR cleansing", sort="date")
        years = [
            {"thesis": 2023, "letter": 2022, "rights": 2020}[h.document_slug] for h in results.hits
        ]
        assert years == sorted(years, reverse=True)

    def test_suggestion(self, backend, library):
        assert backend.suggest("etnic clensing") == "ethnic cleansing"
        assert backend.suggest("ethnic cleansing") is None

    def test_empty_query(self, backend, library):
        assert backend.search(None).total == 0

    # Following the database

    def test_unpublish_and_delete(self, backend, library):
        letter = library["letter"]
        letter.status = "draft"
        letter.save()
        backend.index_document(letter.pk)
        assert "letter" not in {h.document_slug for h in self.search(backend, "cleansing").hits}
        rights = library["rights"]
        backend.delete_document(rights.pk)
        assert self.search(backend, "cleansing").total == 0

    def test_reindex_replaces_entries(self, backend, library):
        make_document(slug="thesis", sections=[("New", "Entirely new words: zygote.")])
        backend.index_document(library["thesis"].pk)
        assert self.search(backend, "secession").total == 0
        assert self.search(backend, "zygote").total == 1

    def test_check_and_rebuild(self, backend, library):
        assert backend.compare_with_database() == []
        library["letter"].sections.update(text="changed behind the index's back")
        backend.delete_document(library["thesis"].pk)
        problems = backend.compare_with_database()
        assert any(p.startswith("stale:") for p in problems)
        assert any(p.startswith("missing:") for p in problems)
        backend.rebuild(chunk_size=1)
        assert backend.compare_with_database() == []
        assert self.search(backend, "behind").total == 1
