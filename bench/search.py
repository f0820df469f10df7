"""Search latency: the portal's /api/search against bare Whoosh on the same texts.

    .venv/bin/python bench/search.py [--runs N] [--rebuild]

Two libraries, each in its own database and index under var/bench/ (the real library
is untouched): the corpus/ documents, and a scale library of at least 50,000 sections
of real text (Debian's KJV Bible, two verses a section, and the Python documentation
sources, a paragraph a section), ingested through the portal's loader and indexed with
``rebuild_index``. Prints p50/p95 per query kind and the ratio to bare Whoosh.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this file's folder comes first on sys.path and its name would
# shadow the ``search`` app.
sys.path[0] = str(ROOT)
from bench.library import (  # noqa: E402
    PYDOC,
    QUERIES,
    as_parsed,
    ensure_debian_texts,
    kjv_books,
    timed,
)

BENCH = ROOT / "var" / "bench"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true", help="Ingest and index afresh.")
    parser.add_argument("--library", help=argparse.SUPPRESS)  # internal: one library
    args = parser.parse_args()
    if args.library:
        return run_library(args.library, args.runs, args.rebuild)
    ensure_debian_texts()
    for library in ("corpus", "scale"):
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{BENCH / library / 'db.sqlite3'}",
            "SEARCH_INDEX_DIR": str(BENCH / library / "index"),
            "LECTERN_VAR_DIR": str(BENCH / library),
            "PYTHONPATH": str(ROOT),
        }
        argv = [sys.executable, __file__, "--library", library, "--runs", str(args.runs)]
        subprocess.run(argv + (["--rebuild"] if args.rebuild else []), env=env, check=True)


# Libraries


def run_library(library: str, runs: int, rebuild: bool) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    (BENCH / library).mkdir(parents=True, exist_ok=True)
    django.setup()
    from django.core.management import call_command

    from portal.models import Section

    call_command("migrate", verbosity=0)
    if rebuild or not Section.objects.exists():
        started = time.monotonic()
        ingest(library)
        took = time.monotonic() - started
        print(f"[{library}] ingested in {took:.0f} s; indexing...", flush=True)
        started = time.monotonic()
        call_command("rebuild_index", verbosity=0, chunk_size=50)
        print(f"[{library}] rebuild_index took {time.monotonic() - started:.0f} s", flush=True)
        shutil.rmtree(BENCH / library / "bare", ignore_errors=True)
    bare = BareWhoosh(BENCH / library / "bare")
    sections = Section.objects.count()
    print(f"\n[{library}] {sections:,} sections, {runs} runs per query", flush=True)
    report(library, runs, bare)


def ingest(library: str) -> None:
    """Store the library's documents through the portal's loader, indexing muted."""
    from django.core.management import call_command

    from search import signals

    if library == "corpus":
        call_command("load_corpus", verbosity=0)
        return
    from portal.ingest.load import import_parsed_document

    # The bulk path is rebuild_index afterwards, not one index commit per document.
    signals.schedule_update = lambda document_id: None
    for n, (title, doc_type, date, chunks) in enumerate(scale_documents()):
        parsed = as_parsed(title, doc_type, date, chunks)
        import_parsed_document(parsed, slug=f"{doc_type}-{n}")


def scale_documents():
    """(title, type, date, [(heading, text)]) for each KJV book and Python doc page."""
    books = kjv_books()
    for book, verses in books.items():
        chunks = [(v[0].split()[0], " ".join(v)) for v in zip(*[iter(verses)] * 2, strict=False)]
        yield f"KJV {book}", "report", "1611", chunks
    for path in sorted(PYDOC.rglob("*.txt")):
        paras = [p.strip() for p in path.read_text(errors="replace").split("\n\n")]
        chunks = [("", p) for p in paras if len(p) > 40]
        if chunks:
            yield f"Python {path.relative_to(PYDOC)}", "paper", "2023", chunks


# Measuring


def report(library: str, runs: int, bare: BareWhoosh) -> None:
    from django.test import Client

    client = Client()
    print(f"{'kind':26} {'API p50':>9} {'API p95':>9} {'bare p50':>9} {'bare p95':>9} {'ratio':>6}")
    for kind, queries in QUERIES.items():
        api, raw = [], []
        for params in queries:
            url_params = {**params, "page_size": 10}
            response = client.get("/api/search", url_params)
            assert response.status_code == 200, response.content
            api.append(timed(lambda p=url_params: client.get("/api/search", p), runs))
            raw.append(timed(lambda p=params, k=kind: bare.query(p, k), runs))
        a50, a95 = max(x[0] for x in api), max(x[1] for x in api)
        b50, b95 = max(x[0] for x in raw), max(x[1] for x in raw)
        print(f"{kind:26} {a50:9.1f} {a95:9.1f} {b50:9.1f} {b95:9.1f} {a95 / b95:6.2f}")
    print("(ms; per kind the worst query's p50/p95; ratio = API p95 / bare p95)")


class BareWhoosh:
    """Plain Whoosh usage on the same texts: stored text, groupedby facets, hit.highlights."""

    def __init__(self, path: Path):
        from whoosh import index

        if not index.exists_in(path):
            self.build(path)
        self.searcher = index.open_dir(path).searcher()

    def build(self, path: Path) -> None:
        from whoosh import fields, index
        from whoosh.analysis import StandardAnalyzer

        from portal.models import Section

        path.mkdir(parents=True)
        schema = fields.Schema(
            id=fields.ID(stored=True),
            text=fields.TEXT(analyzer=StandardAnalyzer(stoplist=None), stored=True),
            document=fields.ID(sortable=True),
            type=fields.ID(sortable=True),
            inn=fields.ID(sortable=True),
        )
        ix = index.create_in(path, schema)
        rows = Section.objects.values_list("pk", "text", "document__slug", "document__doc_type")
        with ix.writer(limitmb=128) as writer:
            for pk, text, slug, doc_type in rows.iterator(chunk_size=2000):
                writer.add_document(id=str(pk), text=text, document=slug, type=doc_type, inn="body")

    def query(self, params: dict, kind: str):
        from whoosh import query as wq
        from whoosh.highlight import HtmlFormatter

        words = re.findall(r"\w+", params["q"].lower())
        q = wq.Phrase("text", words) if len(words) > 1 else wq.Term("text", words[0])
        options = {"limit": 10}
        if "type" in params:
            options["filter"] = wq.Term("type", params["type"])
        if kind in ("faceted", "phrase+facets+highlight"):
            options["groupedby"] = ["document", "type", "inn"]
        results = self.searcher.search(q, **options)
        if kind == "phrase+facets+highlight":
            results.formatter = HtmlFormatter(tagname="mark")
            return [hit.highlights("text", top=3) for hit in results]
        return json.dumps([hit["id"] for hit in results])


if __name__ == "__main__":
    main()
