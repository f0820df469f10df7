"""Ranking quality of each portal backend side by side, on Cranfield and CISI (../shared/ir/).

    nice -n 19 .venv/bin/python bench/ranking.py [--backends whoosh tantivy] [--depth 1000]
    scripts/with-postgres .venv/bin/python bench/ranking.py --backends postgres

The collections are loaded as bench/ir.py loads them (one document each, a section per
record: its title the heading, its text the body) into a temporary library; each
backend builds its own index of it (PostgreSQL: in the database DATABASE_URL names,
which must be a throwaway one), one collection at a time so that each is measured on
its own statistics, and answers every query through ``backend.search``,
``--depth`` hits at once. Measures as bench/ir.py: nDCG@10, MAP over the top
``--depth``, recall@100.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)
sys.path.insert(1, str(ROOT / "bench"))
import ir  # noqa: E402  (bench/ir.py: loading, measures, reference figures)

BACKENDS = {
    "whoosh": "search.backends.whoosh.WhooshSearchBackend",
    "tantivy": "search.backends.tantivy.TantivySearchBackend",
    "postgres": "search.backends.postgres.PostgresSearchBackend",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--collections", nargs="+", default=["cranfield", "cisi"])
    parser.add_argument("--backends", nargs="+", default=["whoosh", "tantivy"], choices=BACKENDS)
    parser.add_argument("--depth", type=int, default=100, help="Hits per query for MAP.")
    args = parser.parse_args()
    on_postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    if "postgres" in args.backends and not on_postgres:
        sys.exit("PostgreSQL: run under scripts/with-postgres (a throwaway database).")
    sys.path.insert(0, str(ir.IR_DIR))
    from load import load

    with tempfile.TemporaryDirectory(prefix="lectern-ranking-") as tmp:
        ir.setup_django(Path(tmp), database_url=os.environ.get("DATABASE_URL"))
        from portal.models import Document
        from search import signals

        signals.schedule_update = lambda *args, **kwargs: None  # each backend rebuilds below
        figures: dict[str, list] = {name: [] for name in args.backends}
        for name in args.collections:
            collection = load(name)
            anchors = ir.ingest(collection)
            for backend_name in args.backends:
                started = time.perf_counter()
                backend = open_backend(backend_name, Path(tmp))  # this collection alone
                search = searching(backend, name, anchors, args.depth)
                figures[backend_name].append((name, ir.measure(collection, search, args.depth)))
                took = time.perf_counter() - started
                print(f"{backend_name} {name}: {took:.0f} s", file=sys.stderr)
            Document.objects.filter(slug=name).delete()
        rows = list(figures.items())
        report(rows, args.depth)


def open_backend(name: str, tmp: Path):
    from django.utils.module_loading import import_string

    backend = import_string(BACKENDS[name])(name, {"OPTIONS": {"PATH": tmp / "index" / name}})
    backend.rebuild()
    return backend


def searching(backend, slug: str, anchors: dict, depth: int):
    """``text -> ranked collection ids``, by ``backend.search``."""
    from search.exceptions import QuerySyntaxError

    def search(text: str) -> list[str]:
        try:
            found = backend.search(text, filters={"document": [slug]}, page_size=depth)
        except QuerySyntaxError:
            return []
        return [anchors[hit.section_anchor] for hit in found.hits]

    return search


def report(rows, depth: int) -> None:
    names = [name for name, _f in rows[0][1]]
    print("| backend | " + " | ".join(f"{n} nDCG@10 / MAP / R@100" for n in names) + " |")
    print("|---" * (len(names) + 1) + "|")
    for backend_name, figures in rows:
        cells = [f"{f['ndcg']:.4f} / {f['map']:.4f} / {f['recall']:.4f}" for _n, f in figures]
        print(f"| {backend_name} | " + " | ".join(cells) + " |")
    for system, figures in ir.REFERENCE.items():
        cells = [" / ".join(f"{x:.4f}" for x in figures[n]) if n in figures else "—" for n in names]
        print(f"| {system} | " + " | ".join(cells) + " |")
    print(f"MAP over the top {depth} hits per query; Cranfield gains 5 - code, -1 -> 0.")


if __name__ == "__main__":
    main()
