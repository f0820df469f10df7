"""Ranking quality on Cranfield and CISI, through the portal's own ingest and /api/search.

    .venv/bin/python bench/ir.py [--collections cranfield cisi] [--depth 1000]

Each collection in turn becomes the one document of a temporary library (its own SQLite
database and index in a temporary folder; the real library is untouched): a section per
collection document, the document's title as the heading and its text as the body,
stored by the portal's loader and indexed by the search signals. Every query goes
through ``GET /api/search`` (100 hits a page, as many pages as ``--depth``), and the
run is scored with trec_eval semantics over the queries with a judged relevant
document: nDCG@10 (linear gains as load.py gives them, log2 discount), MAP over the
top ``--depth`` and recall@100, printed beside the reference runs of ../shared/ir/.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # this folder would otherwise shadow the ``search`` app
IR_DIR = ROOT.parent / "shared" / "ir"
PAGE = 100
DEPTH = [1000]
# From ../shared/ir/README.md: (nDCG@10, MAP, R@100) per collection.
REFERENCE = {
    "Lucene-style BM25 (k1 1.2, b 0.75)": {
        "cranfield": (0.3695, 0.3062, 0.7354),
        "cisi": (0.3957, 0.2208, 0.4481),
    },
    "bare Whoosh BM25F, OR grouping": {"cranfield": (0.3773, 0.3110, 0.7456)},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--collections", nargs="+", default=["cranfield", "cisi"])
    parser.add_argument("--depth", type=int, default=1000, help="Hits per query for MAP.")
    parser.add_argument("--queries", type=int, help="Only the first N queries (a quick look).")
    args = parser.parse_args()
    DEPTH[0] = args.depth
    if not IR_DIR.exists():
        sys.exit(f"No collections at {IR_DIR}.")
    sys.path.insert(0, str(IR_DIR))
    from load import load  # ../shared/ir/load.py, standard library only

    with tempfile.TemporaryDirectory(prefix="lectern-ir-") as tmp:
        setup_django(Path(tmp))
        rows = []
        for name in args.collections:
            collection = load(name)
            started = time.process_time()
            anchors = ingest(collection)
            indexed = time.process_time() - started
            started = time.perf_counter()
            if args.queries:
                collection.queries = collection.queries[: args.queries]
            figures = evaluate(collection, anchors, args.depth)
            took = time.perf_counter() - started
            rows.append((name, figures))
            forget(name)
            print(
                f"{name}: {len(anchors)} docs ingested and indexed in {indexed:.1f} CPU s; "
                f"{figures['queries']} queries in {took:.1f} s "
                f"({1000 * took / figures['queries']:.0f} ms each)",
                file=sys.stderr,
            )
        report(rows)


def setup_django(tmp: Path, database_url: str | None = None) -> None:
    """Django on a library of its own in ``tmp`` (or on ``database_url``, a throwaway one)."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DATABASE_URL": database_url or f"sqlite:///{tmp / 'db.sqlite3'}",
            "SEARCH_INDEX_DIR": str(tmp / "index"),
            "ALLOWED_HOSTS": "testserver,localhost",
            "DEBUG": "false",
        }
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # Index updates run in-process after commit, as in tests (no task worker here).
    settings.TASKS = {
        name: {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
        for name in settings.TASKS
    }
    call_command("migrate", verbosity=0)


def ingest(collection) -> dict[str, str]:
    """Store the collection as one document; section anchor -> collection doc id."""
    from portal.ingest.base import ParsedDocument, ParsedSection
    from portal.ingest.load import import_parsed_document

    docs = list(collection.docs())
    sections = tuple(
        ParsedSection(anchor=f"d{doc_id}", heading=title, level=1, text=text or title)
        for doc_id, title, text in docs
    )
    parsed = ParsedDocument(
        title=f"{collection.name} test collection",
        sections=sections,
        footnotes=(),
        source_format="txt",
        authors=("IR test collections",),
        date="1970",
        doc_type="paper",
    )
    result = import_parsed_document(parsed, slug=collection.name)
    stored = result.document.sections.order_by("position").values_list("anchor", flat=True)
    return {anchor: doc_id for anchor, (doc_id, _t, _x) in zip(stored, docs, strict=True)}


def forget(slug: str) -> None:
    """Remove a collection and rebuild the index, so that the next one is measured on its
    own statistics (idf, average lengths), as the reference runs are."""
    from portal.models import Document
    from search.backends import search_backends

    Document.objects.filter(slug=slug).delete()
    search_backends["default"].rebuild()


def run_query(client, slug: str, text: str, anchors: dict, depth: int) -> list[str]:
    ranked: list[str] = []
    for page in range(1, math.ceil(depth / PAGE) + 1):
        params = {"q": text, "doc": slug, "page": page, "page_size": PAGE}
        response = client.get("/api/search", params)
        if response.status_code != 200:
            break  # a query the parser cannot read finds nothing
        data = response.json()
        ranked += [anchors[h["section"]["anchor"]] for h in data["hits"]]
        if page * PAGE >= min(depth, data["total"]):
            break
    return ranked[:depth]


def evaluate(collection, anchors: dict, depth: int) -> dict:
    from django.test import Client

    client = Client()
    return measure(
        collection, lambda text: run_query(client, collection.name, text, anchors, depth), depth
    )


def measure(collection, search, depth: int) -> dict:
    """nDCG@10, MAP over the top ``depth`` and recall@100 of ``search(text) -> ranked ids``."""
    ndcg, ap, recall = [], [], []
    for number, (query_id, text) in enumerate(collection.queries, start=1):
        if number % 50 == 0:
            print(f"  {collection.name}: {number} queries", file=sys.stderr)
        judged = collection.qrels.get(query_id, {})
        relevant = {d for d, g in judged.items() if g > 0}
        if not relevant:
            continue
        ranked = search(text)[:depth]
        ndcg.append(ndcg_at(ranked, judged, 10))
        ap.append(average_precision(ranked, relevant))
        recall.append(len(relevant & set(ranked[:100])) / len(relevant))
    mean = lambda xs: sum(xs) / len(xs)  # noqa: E731
    return {"queries": len(ndcg), "ndcg": mean(ndcg), "map": mean(ap), "recall": mean(recall)}


def ndcg_at(ranked: list[str], judged: dict[str, int], k: int) -> float:
    dcg = sum(judged.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted((g for g in judged.values() if g > 0), reverse=True)[:k]
    best = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / best if best else 0.0


def average_precision(ranked: list[str], relevant: set[str]) -> float:
    hits, total = 0, 0.0
    for i, d in enumerate(ranked):
        if d in relevant:
            hits += 1
            total += hits / (i + 1)
    return total / len(relevant)


def report(rows) -> None:
    names = [name for name, _ in rows]
    header = "| system | " + " | ".join(f"{n} nDCG@10 / MAP / R@100" for n in names) + " |"
    print(header)
    print("|---" * (len(names) + 1) + "|")
    ours = [f"{f['ndcg']:.4f} / {f['map']:.4f} / {f['recall']:.4f}" for _n, f in rows]
    print("| Lectern /api/search (Whoosh backend) | " + " | ".join(ours) + " |")
    for system, figures in REFERENCE.items():
        cells = [" / ".join(f"{x:.4f}" for x in figures[n]) if n in figures else "—" for n in names]
        print(f"| {system} | " + " | ".join(cells) + " |")
    print("Cranfield gains: 5 - code (1 = complete answer), -1 -> 0, as ../shared/ir/load.py.")
    print(
        f"MAP over the top {DEPTH[0]} hits per query (the reference runs: top 1000); "
        "a query missing from a run counts 0."
    )


if __name__ == "__main__":
    main()
