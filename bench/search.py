"""Search at scale: every portal backend beside bare engines on libraries of 14k-250k sections.

    nice -n 19 .venv/bin/python bench/search.py --quick     # the 14k library only
    nice -n 19 .venv/bin/python bench/search.py             # 14k, 69k and 250k
    .venv/bin/python bench/search.py --sizes 14k --engines whoosh,tantivy --runs 10
    scripts/with-postgres nice -n 19 .venv/bin/python bench/search.py --sizes 14k,69k \
        --engines whoosh,postgres                           # PostgreSQL beside Whoosh

Each library lives under var/bench/scale/<size>/ (its own SQLite database and indexes;
the real library is untouched) and is reused until ``--rebuild``. Texts are Debian's
(bible-kjv: the KJV; python3-doc: the Python documentation sources), ingested through
the portal's own loader as documents of sections; a larger library holds the smaller
one and then the same texts cut into sections another way. Every engine runs in its
own process, so the RSS it reports is its own. Prints per library and query kind the
CPU time of a query (p50/p95 ms; through ``/api/search`` for the portal's backends;
PostgreSQL's own server process included),
then each backend's p95 as a ratio to the Whoosh backend's and to its bare engine's;
then the growth exponent between the smallest and largest library, index build time
and MB/s, index size and the process RSS after the queries. With DATABASE_URL
pointing at PostgreSQL, each library is also ingested into a database of its own
there (lectern_scale_<size>, kept for the next run) and the PostgreSQL backend is
measured beside the others. Figures of the latest run of each library and engine
accumulate in var/bench/scale/results.json.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this folder comes first on sys.path; the project's must (``search``).
sys.path[0:1] = [str(ROOT), str(ROOT / "bench")]
from bench.library import PYDOC, as_parsed, ensure_debian_texts, kjv_books  # noqa: E402

BENCH = ROOT / "var" / "bench" / "scale"
SIZES = {"14k": 14_000, "69k": 69_000, "250k": 250_000}
PORTAL = ("whoosh", "tantivy", "postgres")
BARE = ("bare-whoosh", "bare-tantivy", "fts5", "bare-postgres")
# A portal backend's yardstick: plain use of the engine under it.
BARE_OF = {"whoosh": "bare-whoosh", "tantivy": "bare-tantivy", "postgres": "bare-postgres"}
ON_POSTGRES = ("postgres", "bare-postgres")
# (KJV verses, Python doc paragraphs) per section, one cut of the texts after another.
EDITIONS = ((2, 1), (1, 2), (3, 1), (1, 1))
FULL = "phrase+facets+highlights"
QUERIES = {
    "term": [("covenant", {}), ("exception", {}), ("module", {}), ("darkness", {})],
    "phrase": [('"the son of"', {}), ('"return value"', {}), ('"in the beginning"', {})],
    FULL: [
        ('"the son of"', {"type": "report"}),
        ('"return value"', {"type": "paper", "in": "body"}),
        ('"standard library"', {"type": "paper"}),
    ],
    "question": [
        ("what did the lord say to moses about the covenant with israel", {}),
        ("how do i read a text file line by line in python 3", {}),
    ],
    "many hits": [("unto", {}), ("python", {}), ("lord god", {})],
    "prefix": [("cov*", {}), ("excep*", {}), ("te*", {})],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="Only the 14k library.")
    parser.add_argument("--sizes", default=",".join(SIZES))
    default = [e for e in PORTAL + BARE if e not in ON_POSTGRES or postgres_url("14k")]
    parser.add_argument("--engines", default=",".join(default))
    parser.add_argument("--runs", type=int, default=20, help="Timed runs of each query.")
    parser.add_argument("--rebuild", action="store_true", help="Ingest and index afresh.")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)  # action size engine
    args = parser.parse_args()
    if args.child:
        return child(*args.child, runs=args.runs)
    sizes = ["14k"] if args.quick else args.sizes.split(",")
    engines = args.engines.split(",")
    ensure_debian_texts()
    results = {}
    for size in sizes:
        library = ensure_library(size, args.rebuild)
        results[size] = {"library": library, "engines": {}}
        if set(ON_POSTGRES) & set(engines):
            ensure_postgres_library(size)
        for engine in engines:
            build = ensure_index(size, engine, args.rebuild)
            measured = run_child("measure", size, engine, args.runs)
            results[size]["engines"][engine] = {**build, **measured}
        report_library(size, results[size])
    if len(sizes) > 1:
        report_growth(results, sizes)
    save(results)


def save(results: dict) -> None:
    """Merge this run's figures into results.json: the latest of each library and engine."""
    path = BENCH / "results.json"
    saved = json.loads(path.read_text()) if path.exists() else {}
    for size, result in results.items():
        entry = saved.setdefault(size, {"engines": {}})
        entry["library"] = result["library"]
        entry["engines"].update(result["engines"])
    path.write_text(json.dumps(saved, indent=1))


def ensure_library(size: str, rebuild: bool) -> dict:
    marker = BENCH / size / "library.json"
    if rebuild and (BENCH / size).exists():
        shutil.rmtree(BENCH / size)
    if not marker.exists():
        print(f"[{size}] ingesting {SIZES[size]:,} sections through the portal...", flush=True)
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(json.dumps(run_child("ingest", size, "-")))
    return json.loads(marker.read_text())


def postgres_url(size: str) -> str | None:
    """The PostgreSQL database of a library, when DATABASE_URL points at PostgreSQL."""
    base = urllib.parse.urlsplit(os.environ.get("DATABASE_URL", ""))
    if not base.scheme.startswith("postgres"):
        return None
    return urllib.parse.urlunsplit(base._replace(path=f"/lectern_scale_{size}"))


def ensure_postgres_library(size: str) -> None:
    """Create and fill the library's PostgreSQL database unless it holds it already."""
    import psycopg

    name = f"lectern_scale_{size}"
    with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as db:
        if db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return
        db.execute(f'CREATE DATABASE "{name}"')
    print(f"[{size}] ingesting into PostgreSQL...", flush=True)
    run_child("ingest", size, "postgres")
    (BENCH / size / "build-postgres.json").unlink(missing_ok=True)


def ensure_index(size: str, engine: str, rebuild: bool) -> dict:
    marker = BENCH / size / f"build-{engine}.json"
    if rebuild or not marker.exists():
        print(f"[{size}] building the {engine} index...", flush=True)
        marker.write_text(json.dumps(run_child("build", size, engine)))
    return json.loads(marker.read_text())


def run_child(action: str, size: str, engine: str, runs: int = 0) -> dict:
    database = postgres_url(size) if engine == "postgres" else None
    env = {
        **os.environ,
        "BARE_POSTGRES_URL": postgres_url(size) or "",
        "DATABASE_URL": database or f"sqlite:///{BENCH / size / 'db.sqlite3'}",
        "SEARCH_INDEX_DIR": str(BENCH / size / "index"),
        "LECTERN_VAR_DIR": str(BENCH / size),
        "SEARCH_BACKEND": engine if engine in PORTAL else "whoosh",
        "PYTHONPATH": str(ROOT),
    }
    argv = [sys.executable, __file__, "--child", action, size, engine, "--runs", str(runs)]
    out = subprocess.run(argv, env=env, capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"[{size}] {action} {engine} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# In the child process


def child(action: str, size: str, engine: str, runs: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # a library made by older code follows the models
    if action == "ingest":
        out = ingest(SIZES[size])
    elif action == "build":
        out = build(size, engine)
    else:
        out = measure(size, engine, runs)
    print(json.dumps(out))


def ingest(limit: int) -> dict:
    """Store ``limit`` sections through the portal's loader, index updates muted."""
    from portal.ingest.load import import_parsed_document
    from search import signals

    # The bulk path is a rebuild afterwards, not one index commit per document.
    signals.schedule_update = lambda *args, **kwargs: None
    started, count, text_bytes = time.monotonic(), 0, 0
    for slug, title, doc_type, date, chunks in library_documents():
        chunks = chunks[: limit - count]
        parsed = as_parsed(title, doc_type, date, chunks)
        import_parsed_document(parsed, slug=slug)
        count += len(chunks)
        text_bytes += sum(len(t.encode()) for _h, t in chunks)
        if count >= limit:
            break
    return {"sections": count, "text_mb": text_bytes / 1e6, "ingest_s": time.monotonic() - started}


def library_documents():
    """(slug, title, type, date, [(heading, text)]): KJV books and Python pages, alternating."""
    books = kjv_books()
    pages = []
    for path in sorted(PYDOC.rglob("*.txt")):
        paras = [p.strip() for p in path.read_text(errors="replace").split("\n\n")]
        if paras := [p for p in paras if len(p) > 40]:
            pages.append((str(path.relative_to(PYDOC)), paras))
    for edition, (verses, paragraphs) in enumerate(EDITIONS, 1):
        bible = [
            (f"kjv{edition}-{book.lower()}", f"KJV {book} ({edition})", "report", "1611", v)
            for book, v in books.items()
        ]
        docs = [
            (f"py{edition}-{n}", f"Python {name} ({edition})", "paper", "2023", p)
            for n, (name, p) in enumerate(pages)
        ]
        for i in range(max(len(bible), len(docs))):
            if i < len(bible):
                slug, title, kind, date, v = bible[i]
                yield slug, title, kind, date, _cut(v, verses, heading=True)
            if i < len(docs):
                slug, title, kind, date, p = docs[i]
                yield slug, title, kind, date, _cut(p, paragraphs, heading=False)


def _cut(parts: list[str], size: int, heading: bool) -> list[tuple[str, str]]:
    groups = [parts[i : i + size] for i in range(0, len(parts), size)]
    return [(g[0].split()[0] if heading else "", " ".join(g)) for g in groups]


def engine_path(size: str, engine: str) -> Path:
    from bare_engines import PATHS

    if engine in PATHS:
        return BENCH / size / PATHS[engine]
    index = BENCH / size / "index"
    return (index / "tantivy" if engine == "tantivy" else index) / "current"


def build(size: str, engine: str) -> dict:
    started, cpu = time.monotonic(), time.process_time()
    if engine in PORTAL:
        from search.backends import search_backends

        search_backends["default"].rebuild(chunk_size=50)
    else:
        from bare_engines import ENGINES

        path = engine_path(size, engine)
        if path.exists():
            shutil.rmtree(path) if path.is_dir() else path.unlink()
        ENGINES[engine](path).build()
    wall, cpu = time.monotonic() - started, time.process_time() - cpu
    library = json.loads((BENCH / size / "library.json").read_text())
    return {
        "build_s": wall,
        "build_cpu_s": cpu,
        "mb_per_s": library["text_mb"] / wall,
        "index_mb": _index_bytes(size, engine) / 1e6,
    }


def _index_bytes(size: str, engine: str) -> int:
    if engine == "bare-postgres":
        from bare_engines import BarePostgres

        return BarePostgres(engine_path(size, engine)).size_bytes()
    if engine != "postgres":
        return _du(engine_path(size, engine).resolve())
    from django.db import connection

    from search.models import IndexEntry

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_total_relation_size(%s)", [IndexEntry._meta.db_table])
        return cursor.fetchone()[0]


def _du(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def measure(size: str, engine: str, runs: int) -> dict:
    ask, server = _portal_query(engine) if engine in PORTAL else _bare_query(size, engine)
    clock = _cpu_clock(server)
    started = clock()
    if engine in PORTAL:  # as a gunicorn worker starts: the app loaded, then warmed
        from search.service import warm

        ask.client.handler.load_middleware()
        warm()
    warm_ms = (clock() - started) * 1000
    started = clock()
    ask(*QUERIES["term"][0], "term")
    first_ms = (clock() - started) * 1000
    kinds = {}
    for kind, queries in QUERIES.items():
        samples = []
        for q, filters in queries:
            ask(q, filters, kind)  # warm
            for _ in range(runs):
                started = clock()
                ask(q, filters, kind)
                samples.append((clock() - started) * 1000)
        samples.sort()
        kinds[kind] = (statistics.median(samples), samples[int(0.95 * (len(samples) - 1))])
    return {"kinds": kinds, "warm_ms": warm_ms, "first_ms": first_ms, "rss_mb": _rss_mb()}


def _cpu_clock(server: int | None):
    """CPU seconds of this process, plus those of the PostgreSQL ``server`` process where
    its queries run (``/proc/<pid>/schedstat``: nanoseconds; the server is on this machine)."""
    if server is None:
        return time.process_time
    stat = Path(f"/proc/{server}/schedstat")
    return lambda: time.process_time() + int(stat.read_text().split()[0]) / 1e9


def _portal_query(engine: str):
    """(ask, PostgreSQL server pid or None): queries through /api/search."""
    from django.db import connection
    from django.test import Client

    client = Client()

    def ask(q, filters, kind):
        response = client.get("/api/search", {"q": q, "page_size": 10, **filters})
        assert response.status_code == 200, response.content[:300]

    ask.client = client

    if engine != "postgres":
        return ask, None
    with connection.cursor() as cursor:  # the test client keeps this connection open
        cursor.execute("SELECT pg_backend_pid()")
        return ask, cursor.fetchone()[0]


def _bare_query(size: str, engine: str):
    from bare_engines import ENGINES

    bare = ENGINES[engine](engine_path(size, engine))
    server = bare.db.info.backend_pid if engine == "bare-postgres" else None
    return (lambda q, filters, kind: bare.query(q, filters, full=kind == FULL)), server


def _rss_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status)[1]) / 1024


# Reports


def report_library(size: str, result: dict) -> None:
    library, engines = result["library"], result["engines"]
    print(f"\n[{size}] {library['sections']:,} sections, {library['text_mb']:.1f} MB of text")
    print("CPU ms per query, p50 / p95" + " " * 4 + "".join(f"{e:>17}" for e in engines))
    for kind in QUERIES:
        cells = "".join(
            f"{engines[e]['kinds'][kind][0]:8.1f} /{engines[e]['kinds'][kind][1]:7.1f}"
            for e in engines
        )
        print(f"{kind:31}{cells}")
    rows = [
        ("warm-up at worker start, CPU ms", "warm_ms", "{:16.0f} "),
        ("first query after it, CPU ms", "first_ms", "{:16.0f} "),
        ("index build, s", "build_s", "{:16.1f} "),
        ("index build, CPU s", "build_cpu_s", "{:16.1f} "),
        ("index build, MB/s", "mb_per_s", "{:16.2f} "),
        ("index size, MB", "index_mb", "{:16.1f} "),
        ("process RSS after queries, MB", "rss_mb", "{:16.0f} "),
    ]
    for label, key, fmt in rows:
        # An older run's figures (results.json) may lack a row: nan.
        print(f"{label:31}" + "".join(fmt.format(engines[e].get(key, math.nan)) for e in engines))
    report_ratios(engines)


def report_ratios(engines: dict) -> None:
    """p95 of each portal backend over the Whoosh backend's and over its bare engine's."""
    pairs = [
        (e, "whoosh") for e in engines if e in PORTAL and e != "whoosh" and "whoosh" in engines
    ]
    pairs += [(e, BARE_OF[e]) for e in engines if BARE_OF.get(e) in engines]
    if "whoosh" not in engines:
        print("(no Whoosh backend in this run: no ratios to it)")
    if not pairs:
        return
    labels = [f"{a}/{b}" for a, b in pairs]
    width = max(len(label) for label in labels) + 2
    print("p95 ratio" + " " * 22 + "".join(f"{label:>{width}}" for label in labels))
    for kind in QUERIES:
        cells = [
            engines[a]["kinds"][kind][1] / max(engines[b]["kinds"][kind][1], 1e-3) for a, b in pairs
        ]
        print(f"{kind:31}" + "".join(f"{c:{width}.2f}" for c in cells))


def report_growth(results: dict, sizes: list[str]) -> None:
    small, large = sizes[0], sizes[-1]
    ratio = results[large]["library"]["sections"] / results[small]["library"]["sections"]
    engines = results[large]["engines"]
    print(f"\nGrowth exponent of p50, {small} -> {large} (1 = linear in the library)")
    print(" " * 31 + "".join(f"{e:>14}" for e in engines))
    for kind in QUERIES:
        cells = []
        for engine in engines:
            a = results[small]["engines"][engine]["kinds"][kind][0]
            b = results[large]["engines"][engine]["kinds"][kind][0]
            cells.append(f"{math.log(max(b, 1e-3) / max(a, 1e-3)) / math.log(ratio):14.2f}")
        print(f"{kind:31}" + "".join(cells))


if __name__ == "__main__":
    main()
