"""Search analysis per document language: each passage stemmed in its own language.

The same behaviour on every backend (``LanguageContract``, run for Whoosh, tantivy and,
on PostgreSQL, the PostgreSQL backend), then the matcher's side: snippets and reading
pages mark the same words, by the stems of the document's language.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.db import connection

from search.analysis import UNSTEMMED, stemmer_of
from search.backends import search_backends
from search.backends.postgres import PostgresSearchBackend
from search.backends.tantivy import TantivySearchBackend
from search.backends.whoosh import WhooshSearchBackend
from search.highlight import Terms, snippets
from search.languages import PlainWords, query_languages
from search.query import parse, positive_leaves
from search.schema import entries_for_document
from tests.factories import make_document

from .backend_contract import marks
from .test_whoosh_backend import new_backend as new_whoosh_backend

MARK_RE = re.compile(r"<mark[^>]*>(.*?)</mark>")

FRENCH = [
    (
        "Les engagements",
        "Les États membres de l'Union se sont engagés à respecter les droits fondamentaux. "
        "Le Conseil a rappelé que chaque État demeure responsable de la protection de ses "
        "citoyens, et que les traités signés à Lisbonne prévoient des mécanismes de contrôle.",
    ),
    (
        "Les négociations",
        "Les négociations entre les gouvernements ont duré plusieurs années. Aucune "
        "délégation n'a voulu céder sur la question des frontières, ni sur celle du budget.",
    ),
]
GERMAN = [
    (
        "Die Verträge",
        "Die Verträge zwischen den Mitgliedstaaten wurden im Jahr 1957 unterzeichnet. Der "
        "Vertrag von Rom begründete die Europäische Wirtschaftsgemeinschaft, und die "
        "Regierungen verpflichteten sich, ihre Zölle schrittweise abzubauen.",
    ),
    (
        "Die Folgen",
        "Später folgten weitere Abkommen über die gemeinsame Agrarpolitik, die viele "
        "Bauern in den ärmeren Regionen zunächst mit Sorge betrachteten.",
    ),
]
SPANISH = [
    (
        "Los derechos",
        "Los derechos humanos son universales e indivisibles. La Constitución reconoce el "
        "derecho de todas las personas a la libertad de expresión, y los tribunales han "
        "protegido estas libertades frente a las decisiones del gobierno.",
    ),
]
RUSSIAN = [
    (
        "Dogovory",
        "Стороны подписали несколько договоров о сотрудничестве в области энергетики. "
        "Каждый договор предусматривает обязательства государств по защите окружающей "
        "среды, а также порядок разрешения споров. Переговоры продолжались более двух лет.",
    ),
]
ARMENIAN = [
    (
        "Paymanagrer",
        "Հայաստանի Հանրապետությունը ստորագրել է միջազգային պայմանագրեր։ Պայմանագրերը "
        "վերաբերում են մարդու իրավունքներին և խաղաղությանը, իսկ խորհրդարանը դրանք "
        "վավերացրել է երկար քննարկումներից հետո։",
    ),
]
ENGLISH = [
    ("The treaty", "The States agreed on a treaty. A state may issue a statement of rights."),
]


def _documents():
    return {
        "traites": make_document(
            slug="traites", title="Les traités", sections=FRENCH, language="fr"
        ),
        "vertraege": make_document(
            slug="vertraege", title="Die Verträge", sections=GERMAN, language="de"
        ),
        "derechos": make_document(
            slug="derechos", title="Los derechos", sections=SPANISH, language="es"
        ),
        "dogovory": make_document(
            slug="dogovory", title="Договоры", sections=RUSSIAN, language="ru"
        ),
        "paymanagrer": make_document(
            slug="paymanagrer", title="Պայմանագրեր", sections=ARMENIAN, language="hy"
        ),
        "treaty": make_document(slug="treaty", title="A treaty", sections=ENGLISH, language="en"),
    }


@pytest.mark.django_db
class LanguageContract:
    """Per-language stemming, the same on every backend."""

    @pytest.fixture
    def backend(self):
        raise NotImplementedError

    @pytest.fixture
    def library(self, backend):
        docs = _documents()
        backend.index_documents(d.pk for d in docs.values())
        return docs

    def search(self, backend, q, **kwargs):
        return backend.search(parse(q), q=q, **kwargs)

    def slugs(self, results) -> set[str]:
        return {hit.document_slug for hit in results.hits}

    @pytest.mark.parametrize(
        ("q", "slug", "marked"),
        [
            ("état", "traites", {"états", "état"}),
            ("Vertrag", "vertraege", {"verträge", "vertrag"}),
            ("derecho", "derechos", {"derechos", "derecho"}),
            ("договор", "dogovory", {"договоров", "договор"}),
        ],
    )
    def test_a_word_finds_its_forms_in_the_documents_language(
        self, backend, library, q, slug, marked
    ):
        results = self.search(backend, q)
        assert self.slugs(results) == {slug}
        assert {m.lower() for m in marks(results)} == marked

    def test_english_is_still_stemmed_english(self, backend, library):
        results = self.search(backend, "state")
        assert self.slugs(results) == {"treaty"}
        assert [m.lower() for m in marks(results)] == ["states", "state"]

    def test_a_language_without_stemmer_matches_folded_words_only(self, backend, library):
        found = self.search(backend, "ՊԱՅՄԱՆԱԳՐԵՐԸ")  # upper case: folded
        assert self.slugs(found) == {"paymanagrer"}
        assert marks(found) == ["Պայմանագրերը"]
        assert self.search(backend, "պայմանագիր").total == 0  # the singular: not stemmed

    def test_stop_words_of_the_documents_language_say_nothing(self, backend, library):
        alone = self.search(backend, "négociations")
        with_stops = self.search(backend, "les négociations")
        assert with_stops.total == alone.total == 1
        assert marks(with_stops) == ["négociations"]  # "les" neither matched nor marked

    def test_phrases_are_exact_in_every_language(self, backend, library):
        assert self.search(backend, '"les traités signés"').total == 1
        assert self.search(backend, '"le traité signé"').total == 0
        assert self.search(backend, '"der Vertrag von Rom"').total == 1

    def test_the_language_facet_counts_every_language(self, backend, library):
        results = self.search(backend, "état", filters={"language": ["fr"]})
        assert self.slugs(results) == {"traites"}
        counts = {f.value: f.count for f in results.facets["language"]}
        assert counts["fr"] == 1

    def test_excluding_a_word_excludes_its_forms_in_every_language(self, backend, library):
        results = self.search(backend, "Regierungen -Vertrag")
        assert results.total == 0
        assert self.search(backend, "Regierung").total == 1


class TestWhooshLanguages(LanguageContract):
    @pytest.fixture
    def backend(self):
        backend = search_backends["default"]
        return backend if isinstance(backend, WhooshSearchBackend) else new_whoosh_backend()


class TestTantivyLanguages(LanguageContract):
    @pytest.fixture
    def backend(self, tmp_path):
        backend = TantivySearchBackend("tantivy", {"OPTIONS": {"PATH": tmp_path / "tantivy"}})
        yield backend
        backend.close()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
class TestPostgresLanguages(LanguageContract):
    @pytest.fixture
    def backend(self):
        return PostgresSearchBackend("default", {})

    def test_the_matcher_reads_stems_from_postgresql(self, backend, library):
        from search.models import IndexTerm

        assert IndexTerm.objects.get(word="verträge".replace("ä", "a")).stems == {"de": "vertrag"}


# The languages a query looks in, and what it costs an English library


def test_stemmers_of_language_codes():
    assert [stemmer_of(c) for c in ("", "en", "en-gb", "fr", "de", "nb", "ru")] == [
        "en",
        "en",
        "en",
        "fr",
        "de",
        "no",
        "ru",
    ]
    assert stemmer_of("hy") == stemmer_of("zh-hans") == UNSTEMMED


@pytest.mark.django_db
def test_an_english_library_looks_in_english_alone():
    assert query_languages(["en", "", "en-gb"]) == ("en",)
    assert query_languages(["fr", "en"]) == ("en", "fr")
    node = parse("what did the ICJ order")
    plain = PlainWords(search_backends["default"].analysis, node)
    assert plain.languages == ("en",)
    words = [leaf for _scope, leaf in positive_leaves(plain.node)]
    assert [plain.forms(w) for w in words] == [[("en", ["icj"])], [("en", ["order"])]]


@pytest.mark.django_db
def test_an_english_whoosh_query_is_unchanged_by_languages():
    from search.backends.whoosh_analysis import indexed_languages
    from search.backends.whoosh_budget import Expansions
    from search.backends.whoosh_schema import to_whoosh

    backend = new_whoosh_backend()
    english = make_document(slug="treaty", sections=ENGLISH)
    backend.index_document(english.pk)
    reader = backend.searcher()[0].reader()
    assert indexed_languages(reader) == ("en",)
    query = repr(to_whoosh(parse("states -treaty"), Expansions(reader)))
    assert ":" not in query.replace("Term('", "").replace("', '", "")  # no tagged stems
    french = make_document(slug="traites", sections=FRENCH, language="fr")
    backend.index_document(french.pk)
    reader = backend.searcher()[0].reader()
    assert indexed_languages(reader) == ("en", "fr")
    assert "fr:etat" in repr(to_whoosh(parse("état"), Expansions(reader)))


@pytest.mark.django_db
def test_the_digest_tells_a_language_change():
    document = make_document(slug="traites", sections=FRENCH, language="fr")
    french = [e.digest for e in entries_for_document(document)]
    document.language = "de"
    german = [e.digest for e in entries_for_document(document)]
    assert all(a != b for a, b in zip(french, german, strict=True))


# The matcher: what snippets, reading pages and note pages mark


@pytest.mark.django_db
def test_terms_mark_by_the_stems_of_the_passages_language():
    analysis = search_backends["default"].analysis
    terms = Terms.from_query(parse("Regierung"), analysis)
    german = terms.in_language("de")
    assert terms.in_language("en") is terms and german.language == "de"
    text = GERMAN[0][1]
    assert MARK_RE.findall(" ".join(snippets(text, german))) == ["Regierungen"]
    assert not MARK_RE.findall(" ".join(snippets(text, terms)))  # English: regierung(en)


@pytest.mark.django_db
def test_snippet_reader_and_note_page_mark_the_same_words(client):
    document = make_document(
        slug="traites",
        title="Les traités",
        sections=FRENCH,
        notes={"1": "Voir les traités de l'État et des États voisins."},
        language="fr",
    )
    search_backends["default"].index_document(document.pk)
    hits = client.get("/api/search", {"q": "état"}).json()["hits"]
    body = next(h for h in hits if h["kind"] == "body")
    in_snippet = [m.lower() for m in MARK_RE.findall(body["snippet"])]
    page = client.get(body["section"]["url"]).content.decode()
    start = page.index('id="les-engagements-p1"')
    in_reader = [m.lower() for m in MARK_RE.findall(page[start : page.index("</p>", start)])]
    assert in_snippet == in_reader == ["états", "état"]
    whole = client.get("/d/traites/", {"q": "état"}).content.decode()
    assert 'lang="fr"' in whole and "<mark" in whole
    note = client.get("/d/traites/notes/1/", {"q": "état"}).content.decode()
    assert re.findall(r'<mark class="hit" id="match-\d+">(\w+)</mark>', note) == ["État", "États"]


@pytest.mark.django_db(transaction=True)
def test_a_language_change_in_the_admin_reindexes(settings):
    default = settings.SEARCH_BACKENDS["default"]
    settings.SEARCH_BACKENDS = {
        "default": {**default, "BACKEND": "search.backends.whoosh.WhooshSearchBackend"}
    }
    backend = search_backends["default"]
    document = make_document(slug="vertraege", sections=GERMAN, language="en")
    assert backend.search("Regierung").total == 0  # read as English: regierung(en)
    document.language = "de"
    document.save()
    assert backend.search("Regierung").total == 1
    assert backend.compare_with_database() == []


# Positions: pre-stemmed fields hold what the English analyzers always gave

TEXTS = [
    "The right to self-determination of the RÁCZ people, a U.S.A. matter (2.5 %).",
    "A a of the Straße: Ærø, naïve café; I/O, x-ray, états-unis, the the right.",
    "",
    "Rights rights RIGHTS; states stated stating, of, to, and the end.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_whoosh_prestemmed_english_is_what_its_stem_analyzer_gave(text):
    from search.backends.whoosh_analysis import PRESTEMMED_ANALYZER, STEM_ANALYZER, stemmed_text

    def tokens(analyzer, value):
        return [(t.text, t.pos) for t in analyzer(value, positions=True)]

    assert tokens(PRESTEMMED_ANALYZER, stemmed_text(text, "en")) == tokens(STEM_ANALYZER, text)


@pytest.mark.parametrize("text", TEXTS)
def test_tantivy_prestemmed_keeps_the_analyzers_positions(text):
    from search.backends.tantivy_schema import (
        ANALYZERS,
        LANGUAGE_ANALYZERS,
        STEMMED,
        stemmed_text,
    )

    def tokens(analyzer, value):
        return [(t.text, t.position) for t in analyzer.pre_tokenize(value).tokens]

    english = tokens(LANGUAGE_ANALYZERS["en"], text)
    assert tokens(ANALYZERS[STEMMED], stemmed_text(text, "en")) == english
    french = tokens(ANALYZERS[STEMMED], stemmed_text(text, "fr"))
    assert [p for _t, p in french] == [p for _t, p in tokens(LANGUAGE_ANALYZERS["fr"], text)]
    assert all(t.startswith("fr:") for t, _p in french)


# Migrating a library indexed before languages were read


@pytest.mark.django_db
def test_migration_0004_reindexes_documents_in_other_languages():
    import importlib

    from django.apps import apps

    from search.models import IndexEntry, PendingIndex

    migration = importlib.import_module("search.migrations.0004_reindex_languages")
    french = make_document(slug="traites", sections=FRENCH, language="fr")
    english = make_document(slug="treaty", sections=ENGLISH)
    postgres = connection.vendor == "postgresql"
    if postgres:  # as 0002 left them: stemmed as English
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE search_indexentry SET language = 'en', digest = 'old', "
                "stem = to_tsvector('lectern_stem', 'Les Etats membres') WHERE document_id = %s",
                [french.pk],
            )
    PendingIndex.objects.all().delete()
    editor = SimpleNamespace(connection=connection)  # all the data step reads of it
    migration.reindex_other_languages(apps, editor)
    assert set(PendingIndex.objects.values_list("document_id", flat=True)) == {french.pk}
    if postgres:
        entries = IndexEntry.objects.filter(document_id=french.pk)
        assert set(entries.values_list("language", flat=True)) == {"fr"}
        backend = PostgresSearchBackend("default", {})
        assert {h.document_slug for h in backend.search("état").hits} == {"traites"}
        assert backend.compare_with_database() == []
    assert english.pk not in PendingIndex.objects.values_list("document_id", flat=True)
