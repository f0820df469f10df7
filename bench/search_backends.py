"""Whoosh and PostgreSQL search side by side: ranking quality on Cranfield, latency at scale.

    .venv/bin/python bench/search_backends.py [--runs N] [--sections N] [--ranking-only]
                                              [--latency-only]

Starts a throwaway PostgreSQL cluster (as tests/deploy/loopback.py does); both backends
index the same rows of that one database, the Whoosh index under var/bench/backends/.
1. Ranking: the 1,400 Cranfield abstracts (title and text as one passage, the title
   also the document's) and its 225 queries, read from ../shared/ir/; nDCG@10 (gain
   5 − grade) and recall@100, as /work/shared/ir/README.md defines them.
2. Latency: a scale library of real text (the KJV Bible two verses a section and the
   Python documentation a paragraph a section, as bench/search.py builds it, stored
   with bulk inserts), then p50/p95 per query kind of ``backend.search`` (hits with
   highlighted snippets and facet counts) and the suggestion a page asks for.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # this folder's search.py would shadow the ``search`` app
from bench.library import QUERIES, timed  # noqa: E402

IR = ROOT.parent / "shared" / "ir"
BENCH = ROOT / "var" / "bench" / "backends"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--sections", type=int, default=0, help="Cap the scale library.")
    parser.add_argument("--ranking-only", action="store_true")
    parser.add_argument("--latency-only", action="store_true")
    parser.add_argument("--postgres-only", action="store_true", help="Skip Whoosh at scale.")
    args = parser.parse_args()
    from tests.deploy.loopback import Cluster

    root = Path(tempfile.mkdtemp(prefix="lectern-bench."))
    root.chmod(0o755)
    cluster = Cluster(root, "pg")
    cluster.initdb()
    cluster.start()
    try:
        cluster.sql("CREATE DATABASE lectern", database="postgres")
        os.environ.update(DATABASE_URL=cluster.url, LECTERN_VAR_DIR=str(BENCH))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
        run(args)
    finally:
        cluster.stop()


def run(args) -> None:
    import django

    BENCH.mkdir(parents=True, exist_ok=True)
    django.setup()
    from django.core.management import call_command

    from search import signals

    call_command("migrate", verbosity=0)
    signals.connect = lambda: None  # bulk loads; the backends are rebuilt afterwards
    if not args.latency_only:
        ranking()
    if not args.ranking_only:
        latency(args.runs, args.sections, ("postgres",) if args.postgres_only else None)


def backends(name: str) -> dict:
    from search.backends.postgres import PostgresSearchBackend
    from search.backends.whoosh import WhooshSearchBackend

    path = BENCH / f"index-{name}"
    return {
        "whoosh": WhooshSearchBackend("whoosh", {"OPTIONS": {"PATH": path}}),
        "postgres": PostgresSearchBackend("postgres", {}),
    }


def store(documents) -> int:
    """Bulk-insert (slug, title, type, date, authors, [(heading, text)]) as published rows."""
    from portal.models import Document, Section

    Document.objects.all().delete()
    count = 0
    for slug, title, doc_type, date, authors, chunks in documents:
        doc = Document.objects.create(
            slug=slug,
            title=title,
            doc_type=doc_type,
            date=date,
            authors=list(authors),
            status=Document.Status.PUBLISHED,
        )
        Section.objects.bulk_create(
            Section(
                document=doc,
                position=i,
                anchor=f"p{i + 1}",
                heading=h,
                text=t,
                word_count=len(t.split()),
            )
            for i, (h, t) in enumerate(chunks)
        )
        count += len(chunks)
    return count


def rebuilt(name: str, only=None) -> dict:
    found = {k: v for k, v in backends(name).items() if not only or k in only}
    for label, backend in found.items():
        started = time.monotonic()
        entries = backend.rebuild(chunk_size=200)
        print(
            f"  {label}: indexed {entries:,} entries in {time.monotonic() - started:.0f} s",
            flush=True,
        )
    return found


# Ranking


def ranking() -> None:
    sys.path.insert(0, str(IR))
    from load import load

    from search.query import parse

    collection = load("cranfield", IR)
    docs = [
        (f"cran-{i}", t or f"Cranfield {i}", "paper", "1960", (), [("", f"{t}\n{x}")])
        for i, t, x in collection.docs()
    ]
    print(f"\nCranfield: {store(docs):,} abstracts, {len(collection.queries)} queries", flush=True)
    found = rebuilt("cranfield")
    print(f"{'backend':10} {'nDCG@10':>8} {'R@100':>7}  (gain 5 - grade; title + text)")
    for label, backend in found.items():
        ndcgs, recalls = [], []
        for query_id, text in collection.queries:
            judged = collection.qrels.get(query_id, {})
            if not any(g > 0 for g in judged.values()):
                continue
            hits = backend.search(parse(text), page_size=100).hits
            ranked = [h.document_slug.removeprefix("cran-") for h in hits]
            ndcgs.append(ndcg(ranked[:10], judged))
            relevant = {d for d, g in judged.items() if g > 0}
            recalls.append(len(relevant & set(ranked)) / len(relevant))
        print(f"{label:10} {statistics.mean(ndcgs):8.4f} {statistics.mean(recalls):7.4f}")


def ndcg(ranked: list[str], judged: dict[str, int], k: int = 10) -> float:
    dcg = sum(max(judged.get(d, 0), 0) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted((g for g in judged.values() if g > 0), reverse=True)[:k]
    best = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / best if best else 0.0


# Latency


def latency(runs: int, cap: int, only=None) -> None:
    import importlib.util

    # bench/search.py's texts; loaded by path, as its name is the search app's.
    spec = importlib.util.spec_from_file_location("bench_search", ROOT / "bench" / "search.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    scale_documents = module.scale_documents

    def documents():
        total = 0
        for n, (title, doc_type, date, chunks) in enumerate(scale_documents()):
            if cap and total >= cap:
                return
            total += len(chunks)
            authors = ("King James Bible",) if doc_type == "report" else ("Python docs",)
            yield f"{doc_type}-{n}", title, doc_type, date, authors, chunks

    started = time.monotonic()
    print(
        f"\nScale library: {store(documents()):,} sections stored in "
        f"{time.monotonic() - started:.0f} s",
        flush=True,
    )
    found = rebuilt("scale", only)
    if only:
        print(f"{'kind':26} {'PG p50':>8} {'p95':>7}")
        for kind, queries in QUERIES.items():
            p50, p95 = worst(found["postgres"], queries, runs)
            print(f"{kind:26} {p50:8.1f} {p95:7.1f}")
        return
    print(f"{'kind':26} {'Whoosh p50':>10} {'p95':>7} {'PG p50':>8} {'p95':>7} {'PG/Whoosh':>9}")
    for kind, queries in QUERIES.items():
        row = {label: worst(backend, queries, runs) for label, backend in found.items()}
        (w50, w95), (p50, p95) = row["whoosh"], row["postgres"]
        print(f"{kind:26} {w50:10.1f} {w95:7.1f} {p50:8.1f} {p95:7.1f} {p95 / w95:9.2f}")
    print(
        "(ms; per kind the worst query's p50/p95; search with 10 hits, snippets, facets, "
        "suggestion)"
    )


def worst(backend, queries, runs: int) -> tuple[float, float]:
    from search.query import parse

    results = []
    for params in queries:
        q = params["q"]
        filters = {k: [v] for k, v in params.items() if k != "q"}

        def once(q=q, filters=filters):
            backend.search(parse(q), filters=filters, page_size=10, q=q)
            backend.suggest(q)

        results.append(timed(once, runs))
    return max(r[0] for r in results), max(r[1] for r in results)


if __name__ == "__main__":
    main()
