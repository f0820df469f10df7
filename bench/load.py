"""Throughput under load: gunicorn on loopback, /api/search against a bare engine's app.

    nice -n 19 .venv/bin/python bench/load.py [--size 14k] [--seconds 8] [--clients 1,8,32]

Serves the scale library that ``bench/search.py`` built (var/bench/scale/<size>/) with
the project's gunicorn.conf.py (2 sync workers), once per portal backend, and a bare
engine's minimal WSGI app on the same index text with the same server settings. Each
client is a thread sending the scale benchmark's queries one after another for
``--seconds``; prints requests/s and p95 latency per client count, and the ratios to
the bare engine (portal / bare). Everything runs on loopback and is stopped at the end.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0:1] = [str(ROOT), str(ROOT / "bench")]

from bench.search import BENCH, QUERIES, engine_path  # noqa: E402

PAIRS = {"whoosh": "bare-whoosh", "tantivy": "bare-tantivy"}
STARTUP_SECONDS = 60
REQUEST_TIMEOUT = 30


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="14k")
    parser.add_argument("--seconds", type=float, default=8.0, help="Per client count.")
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--backends", default=",".join(PAIRS))
    args = parser.parse_args()
    if not (BENCH / args.size / "library.json").exists():
        sys.exit(f"No {args.size} library: run bench/search.py --sizes {args.size} first.")
    clients = [int(c) for c in args.clients.split(",")]
    for backend in args.backends.split(","):
        portal = serve_and_load(args.size, backend, clients, args.seconds)
        bare = serve_and_load(args.size, PAIRS[backend], clients, args.seconds)
        report(backend, PAIRS[backend], clients, portal, bare)


def serve_and_load(size: str, engine: str, clients: list[int], seconds: float) -> dict:
    port = _free_port()
    server = _start(size, engine, port)
    try:
        _wait_ready(port, server)
        return {n: load(port, n, seconds) for n in clients}
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def _start(size: str, engine: str, port: int) -> subprocess.Popen:
    env = _environment(size, engine, port)
    config = ROOT / "gunicorn.conf.py"
    if engine in PAIRS:
        app = "portal.wsgi"
        migrate = [str(ROOT / ".venv/bin/python"), "manage.py", "migrate", "--verbosity", "0"]
        subprocess.run(migrate, env=env, cwd=ROOT, check=True)
    else:
        env["BARE_ENGINE"], env["BARE_PATH"] = engine, str(engine_path(size, engine))
        app, config = "load:bare_app", ROOT / "bench" / "gunicorn_bare.py"
    argv = [str(ROOT / ".venv/bin/gunicorn"), "-c", str(config), app]
    return subprocess.Popen(argv, env=env, cwd=ROOT, stderr=subprocess.DEVNULL)


def _environment(size: str, engine: str, port: int) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{BENCH / size / 'db.sqlite3'}",
        "SEARCH_INDEX_DIR": str(BENCH / size / "index"),
        "LECTERN_VAR_DIR": str(BENCH / size),
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_MAX_REQUESTS": "0",
        "GUNICORN_ACCESS_LOG": "/dev/null",
        "PYTHONPATH": f"{ROOT}:{ROOT / 'bench'}",
        "DEBUG": "0",
        "SEARCH_BACKEND": engine if engine in PAIRS else "whoosh",
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited while starting")
        try:
            _get(port, "covenant", {})
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer within {STARTUP_SECONDS} s")


def _get(port: int, q: str, filters: dict) -> None:
    query = urllib.parse.urlencode({"q": q, "page_size": 10, **filters})
    url = f"http://127.0.0.1:{port}/api/search?{query}"
    with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT) as response:
        response.read()


def load(port: int, clients: int, seconds: float) -> dict:
    """``clients`` threads sending queries back to back for ``seconds``."""
    queries = [(q, f) for kind in QUERIES.values() for q, f in kind]
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(offset: int) -> None:
        for q, filters in itertools.islice(itertools.cycle(queries), offset, None):
            if time.monotonic() >= deadline:
                return
            started = time.monotonic()
            try:
                _get(port, q, filters)
            except OSError:
                with lock:
                    errors[0] += 1
                continue
            with lock:
                latencies.append(time.monotonic() - started)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))] * 1000 if latencies else float("nan")
    return {
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000 if latencies else float("nan"),
        "p95_ms": p95,
        "errors": errors[0],
    }


def report(backend: str, bare: str, clients, portal: dict, plain: dict) -> None:
    print(f"\n/api/search with the {backend} backend vs {bare} (2 gunicorn workers)")
    print(f"{'clients':>8} {'req/s':>8} {'p95 ms':>8} {'bare req/s':>11} {'bare p95':>9}", end="")
    print(f" {'req/s ratio':>12} {'p95 ratio':>10} {'errors':>7}")
    for n in clients:
        a, b = portal[n], plain[n]
        print(
            f"{n:8} {a['rps']:8.1f} {a['p95_ms']:8.0f} {b['rps']:11.1f} {b['p95_ms']:9.0f}"
            f" {a['rps'] / b['rps']:12.2f} {a['p95_ms'] / b['p95_ms']:10.1f}"
            f" {a['errors'] + b['errors']:7}"
        )
    print(json.dumps({"portal": portal, "bare": plain}))


# The bare engine's app, served by gunicorn as ``load:bare_app``.

_bare = None


def bare_app(environ, start_response):
    """GET /api/search?q=...: the bare engine's top 10, total, facets and snippets."""
    global _bare
    if _bare is None:
        from bare_engines import ENGINES

        _bare = ENGINES[os.environ["BARE_ENGINE"]](Path(os.environ["BARE_PATH"]))
    params = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""))
    filters = {k: v[0] for k, v in params.items() if k in ("type",)}
    found = _bare.query(params.get("q", [""])[0], filters, full=True)
    body = json.dumps(found, default=str).encode()
    start_response("200 OK", [("Content-Type", "application/json")])
    return [body]


if __name__ == "__main__":
    main()
