"""Whoosh and PostgreSQL ranking side by side on Cranfield: nDCG@10 and recall@100.

    .venv/bin/python bench/search_backends.py

Starts a throwaway PostgreSQL cluster (as tests/deploy/loopback.py does); both backends
index the same rows of that one database, the Whoosh index under var/bench/backends/.
The 1,400 Cranfield abstracts (title and text as one passage, the title also the
document's) and its 225 queries, read from ../shared/ir/; nDCG@10 (gain 5 − grade)
and recall@100, as /work/shared/ir/README.md defines them. (Latency of both backends
at scale, side by side, is bench/search.py's.)
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

IR = ROOT.parent / "shared" / "ir"
BENCH = ROOT / "var" / "bench" / "backends"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
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
        run()
    finally:
        cluster.stop()


def run() -> None:
    import django

    BENCH.mkdir(parents=True, exist_ok=True)
    django.setup()
    from django.core.management import call_command

    from search import signals

    call_command("migrate", verbosity=0)
    signals.connect = lambda: None  # bulk loads; the backends are rebuilt afterwards
    ranking()


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


def rebuilt(name: str) -> dict:
    found = backends(name)
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


if __name__ == "__main__":
    main()
