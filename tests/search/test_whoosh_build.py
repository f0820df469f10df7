"""The bulk Whoosh build: the same index as one ``add_document`` per entry, written once."""

import io

import pytest
from whoosh import index as whoosh_index

from search.backends.whoosh_build import Progress, bulk_build
from search.backends.whoosh_schema import build_schema, to_whoosh_document
from search.schema import entries_for_document, published_documents
from tests.factories import make_document

# Accents, stop words first, one-letter words, inner dots, hyphens, digits, repeats.
TEXTS = [
    "The right to self-determination of the RÁCZ people, a U.S.A. matter (2.5 %).",
    "A a of the Straße: Ærø, naïve café; I/O, x-ray, états-unis, the the right.",
    "",
    "Rights rights RIGHTS; states stated stating, of, to, and the end.",
]


@pytest.fixture
def documents(db):
    for n in range(3):
        make_document(
            slug=f"doc-{n}",
            title=f"Réport number {n} on rights",
            sections=[(f"Part {i} of {n}", text) for i, text in enumerate(TEXTS)],
            notes={"1": "Human Rights Watch (2020).", "2": TEXTS[n]},
            authors=("Human Rights Watch", f"Author {n}"),
            date=f"202{n}",
        )
    return list(published_documents())


def postings(path):
    """Every field's terms with the documents and values (positions) of their postings."""
    with whoosh_index.open_dir(path).reader() as reader:
        return {
            (field, text): list(reader.postings(field, text).items_as("positions"))
            if reader.schema[field].format.supports("positions")
            else list(reader.postings(field, text).all_ids())
            for field, text in reader.all_terms()
        }


def test_bulk_build_writes_what_add_document_writes(documents, tmp_path):
    plain, bulk = tmp_path / "plain", tmp_path / "bulk"
    for path in (plain, bulk):
        path.mkdir()
        whoosh_index.create_in(path, build_schema())
    with whoosh_index.open_dir(plain).writer() as writer:
        for document in documents:
            for entry in entries_for_document(document):
                writer.add_document(**to_whoosh_document(entry))
    seen = []
    count = bulk_build(whoosh_index.open_dir(bulk), documents, lambda d, n: seen.append(n))
    assert count == 3 * 6 and seen == [6, 12, 18]
    assert postings(bulk) == postings(plain)
    ix = whoosh_index.open_dir(bulk)
    assert len(ix.reader().leaf_readers()) == 1  # one segment, committed once
    assert "index" not in vars(ix.schema["title"])  # the cache is not left in the schema


def test_failed_build_leaves_the_index_empty(documents, tmp_path):
    whoosh_index.create_in(tmp_path, build_schema())

    def boom(document, count):
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        bulk_build(whoosh_index.open_dir(tmp_path), documents, boom)
    assert whoosh_index.open_dir(tmp_path).doc_count() == 0


def test_progress_prints_every_few_seconds(documents):
    out = io.StringIO()
    progress = Progress(lambda line: out.write(line + "\n"), every=0.0)
    for n, document in enumerate(documents, 1):
        progress(document, n * 6)
    assert out.getvalue().splitlines()[-1].startswith("  3 documents, 18 entries (")
