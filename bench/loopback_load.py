"""Two app servers on a PostgreSQL primary and its standby under load: no 5xx, latency.

    .venv/bin/python bench/loopback_load.py [--seconds 60] [--clients 20]

The full-size version of tests/deploy/test_loopback.py's load test (which runs 10 s
with 8 clients): the same clusters and servers, the corpus loaded through server A,
then clients mixing searches and reader pages on both servers while A ingests a
document. Prints the status counts and latency percentiles.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)

from tests.deploy.loopback import load, two_servers, write_document  # noqa: E402

PATHS = (
    "/",
    "/api/search?q=cleansing",
    '/api/search?q="ethnic+cleansing"&in=notes',
    "/api/search?q=self-determination&type=report",
    "/search/?q=secession",
    "/healthz",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=20)
    args = parser.parse_args()
    with two_servers() as (root, a, b):
        a.manage("load_corpus", timeout=600)
        slugs = [s for s in a.manage("shell", "-v", "0", "-c", SLUGS).stdout.split() if s]
        paths = PATHS + tuple(f"/d/{slug}/" for slug in slugs)
        late = write_document(root / "late.md", "Late Report", "obsidianite shards")

        def ingest():
            a.manage("ingest", str(late), "--slug", "late-report")

        statuses, errors, ms = load((a, b), args.seconds, args.clients, ingest, paths)
    ms.sort()
    total = sum(statuses.values())
    print(
        f"{total:,} requests in {args.seconds:.0f} s by {args.clients} clients "
        f"({total / args.seconds:.0f}/s): {dict(sorted(statuses.items()))}"
    )
    print(f"latency p50 {statistics.median(ms):.0f} ms, p95 {ms[int(0.95 * (len(ms) - 1))]:.0f} ms")
    print(
        f"connection errors: {len(errors)}; server errors: "
        f"{sum(n for s, n in statuses.items() if s >= 500)}"
    )


SLUGS = (
    "from portal.models import Document; print(*Document.objects.values_list('slug', flat=True))"
)

if __name__ == "__main__":
    main()
