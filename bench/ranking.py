"""Ranking quality: nDCG@10 of each portal backend on Cranfield (../shared/ir/).

    nice -n 19 .venv/bin/python bench/ranking.py [--rebuild]

Each of the 1,400 abstracts becomes a document (its title the document's title, its
abstract one section) in a library of its own under var/bench/ranking/, ingested
through the portal's loader and indexed by every backend; each of the 225 questions
is searched as a reader would type it, through ``backend.search``. nDCG@10 uses the
graded judgments as ``load.py`` reads them (gain = 5 - code), trec_eval style: queries
with at least one relevant document, ideal ranking over every judged document.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)
IR = ROOT.parent / "shared" / "ir"
BENCH = ROOT / "var" / "bench" / "ranking"
BACKENDS = {
    "whoosh": "search.backends.whoosh.WhooshSearchBackend",
    "tantivy": "search.backends.tantivy.TantivySearchBackend",
}
K = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    if not (IR / "load.py").exists():
        sys.exit(f"No test collections at {IR}.")
    if args.rebuild:
        shutil.rmtree(BENCH, ignore_errors=True)
    BENCH.mkdir(parents=True, exist_ok=True)
    os.environ.update(
        DATABASE_URL=f"sqlite:///{BENCH / 'db.sqlite3'}",
        LECTERN_VAR_DIR=str(BENCH),
        SEARCH_INDEX_DIR=str(BENCH / "index"),
        DJANGO_SETTINGS_MODULE="portal.settings",
    )
    import django

    django.setup()
    collection = load_collection()
    ingest(collection)
    for name, path in BACKENDS.items():
        backend = open_backend(name, path)
        scores = evaluate(backend, collection)
        print(f"{name:8} nDCG@{K} {sum(scores) / len(scores):.4f} over {len(scores)} queries")


def load_collection():
    sys.path.insert(0, str(IR))
    from load import load

    return load("cranfield")


def ingest(collection) -> None:
    from django.core.management import call_command

    from portal.ingest.base import ParsedDocument, ParsedSection
    from portal.ingest.load import import_parsed_document
    from portal.models import Document
    from search import signals

    call_command("migrate", verbosity=0)
    if Document.objects.exists():
        return
    signals.schedule_update = lambda *args, **kwargs: None  # indexed by rebuilds below
    started = time.monotonic()
    for doc_id, title, text in collection.docs():
        section = ParsedSection(anchor="abstract", heading="", level=1, text=text or title)
        parsed = ParsedDocument(title=title or f"Cranfield {doc_id}", sections=(section,))
        import_parsed_document(parsed, slug=f"cran-{doc_id}")
    print(f"ingested Cranfield in {time.monotonic() - started:.0f} s", flush=True)


def open_backend(name: str, path: str):
    from django.utils.module_loading import import_string

    backend = import_string(path)(name, {"OPTIONS": {"PATH": BENCH / "index" / name}})
    backend.rebuild()  # seconds for 1,400 abstracts, and always the current code's index
    return backend


def evaluate(backend, collection) -> list[float]:
    from search.exceptions import QuerySyntaxError
    from search.query import parse

    scores = []
    for query_id, text in collection.queries:
        judged = collection.qrels.get(query_id, {})
        if not any(g > 0 for g in judged.values()):
            continue
        try:
            results = backend.search(parse(text), page_size=K, q=text)
            ranked = [h.document_slug.removeprefix("cran-") for h in results.hits]
        except QuerySyntaxError:
            ranked = []
        scores.append(ndcg(ranked, judged, K))
    return scores


def ndcg(ranked: list[str], judged: dict[str, int], k: int) -> float:
    dcg = sum(judged.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted((g for g in judged.values() if g > 0), reverse=True)[:k]
    best = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / best if best else 0.0


if __name__ == "__main__":
    main()
