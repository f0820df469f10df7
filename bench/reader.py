"""Server time and bytes sent for the reading pages of a 200-section, 2,000-note document.

    .venv/bin/python bench/reader.py [--runs 30] [--base /tmp/reader-base]

Builds the document as Markdown with footnotes and stores it through the portal's
own ingest path (``parse_bytes`` then ``import_parsed_document``) in a throwaway
database (``LECTERN_VAR_DIR`` in a temporary directory, so ``var/`` is untouched),
then renders the reader page, a section page and a note page through Django's full
middleware stack, without DEBUG. Static files use plain names (no manifest to
collect). Bytes are the HTML as the GZip middleware sends it; the reader page also
counts every stylesheet and script it links, gzipped. ``--base`` runs the same
measurement against another checkout (e.g. ``git worktree add /tmp/reader-base
HEAD``) and prints after/before ratios. Targets: reader page under 50 ms, 100 KB.
The reader page with ``?q=`` (words marked) is measured twice: the same query again
("reader?q", its marked body cached) and a new query on every request ("reader?q
new", one of the text's words each time: every one is marked afresh), each beside
the page without ``?q=``; target p95 under 300 ms.
Server time is the request's wall time in this process (p50/p95) and its CPU
time (p50: less moved by other load on the machine); "first" is the first
request, with empty caches.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 50
TARGET_Q_P95_MS = 300
PAGES = ("reader", "reader?q", "reader?q new", "section", "note")
TARGET_KB = 100
SECTIONS = 200
NOTES = 2000
PROSE = (
    "the committee noted that the parties had agreed to a ceasefire along the line of "
    "contact while the report of the special rapporteur described the displacement of "
    "civilians and the destruction of housing schools and hospitals in the region during "
    "the winter months of the year before the talks resumed in geneva under the auspices"
)
WORDS = PROSE.split()


def setup(var_dir: str, root: Path) -> None:
    sys.path.insert(0, str(root))
    os.chdir(root)
    os.environ["LECTERN_VAR_DIR"] = var_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    os.environ.pop("DEBUG", None)
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import override_settings

    # Without DEBUG the settings ask for a manifest from collectstatic; plain names
    # measure the same pages without writing one.
    plain = "django.contrib.staticfiles.storage.StaticFilesStorage"
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": plain},
        },
        ALLOWED_HOSTS=["testserver"],
    ).enable()
    call_command("migrate", verbosity=0)


def _sentence(i: int, n: int) -> str:
    words = [WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(n)]
    return " ".join(words).capitalize() + "."


def markdown(sections: int = SECTIONS, notes: int = NOTES) -> str:
    """A long report: ``sections`` sections, ``notes`` notes cited in order, some twice."""
    per = notes // sections
    lines = ["# A Long Report on the Conflict", ""]
    label = 0
    for s in range(sections):
        lines += [f"## Part {s + 1}: {_sentence(s, 5)[:-1]}", ""]
        for p in range(per // 2):
            a, b = label + 1, label + 2
            label += 2
            again = f" (see also[^{a - 2}])" if a > 2 and p == 0 else ""
            lines += [f"{_sentence(s + p, 30)}[^{a}] {_sentence(s - p, 25)}[^{b}]{again}", ""]
    lines += [f"[^{n}]: {_sentence(n, 18)} See page {n % 300 + 1}." for n in range(1, label + 1)]
    return "\n".join(lines) + "\n"


def make_document():
    from portal.ingest import parse_bytes
    from portal.ingest.load import import_parsed_document

    parsed = parse_bytes(markdown().encode(), name="long-report.md")
    return import_parsed_document(parsed, slug="long-report").document


def asset_bytes(html: str) -> int:
    """Gzipped bytes of the stylesheets and scripts the page links."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    total = 0
    for url in set(re.findall(r'<(?:link[^>]+href|script[^>]+src)="([^"]+\.(?:css|js))"', html)):
        path = finders.find(url.removeprefix(settings.STATIC_URL).split("?")[0])
        if path:
            total += len(gzip.compress(Path(path).read_bytes(), compresslevel=9))
    return total


def measure(client, url: str | list[str], runs: int) -> dict:
    """Figures for ``url``, or for each of ``url``'s pages in turn (the first one first)."""
    urls = [url] if isinstance(url, str) else url
    start = time.perf_counter()
    response = client.get(urls[0])  # first visit: empty caches
    cold = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (urls[0], response.status_code)
    timings, cpu = [], []
    for run in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(urls[(run + 1) % len(urls)])
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    body = response.content
    html = gzip.decompress(body) if response.get("Content-Encoding") == "gzip" else body
    timings.sort()
    return {
        "cold_ms": cold,
        "p50_ms": statistics.median(timings),
        "p95_ms": timings[max(0, round(len(timings) * 0.95) - 1)],
        "cpu_p50_ms": statistics.median(cpu),
        "raw": len(html),
        "gzip": len(gzip.compress(html)) if body is html else len(body),
        "assets": asset_bytes(html.decode()),
    }


def run(runs: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    document = make_document()
    section = document.sections.order_by("position")[SECTIONS // 2]
    note = document.footnotes.order_by("position")[NOTES // 2]
    client = Client(HTTP_ACCEPT_ENCODING="gzip")
    client.get("/")  # warm the URL resolver and templates
    reader = document.get_absolute_url()
    pages = {
        "reader": reader,
        # The same query again (its marked body cached), and a new query each time.
        "reader?q": f"{reader}?q=ceasefire+talks",
        "reader?q new": [f"{reader}?q={word}" for word in dict.fromkeys(WORDS)],
        "section": section.get_absolute_url(),
        "note": note.get_absolute_url(),
    }
    results = {name: measure(client, url, runs) for name, url in pages.items()}
    with CaptureQueriesContext(connection) as queries:
        client.get(pages["reader"])
    results["reader"]["queries"] = len(queries)
    results["document"] = {
        "sections": document.sections.count(),
        "notes": document.footnotes.count(),
    }
    return results


def report(results: dict, base: dict | None) -> None:
    doc = results["document"]
    print(f"Reading pages of a document with {doc['sections']} sections, {doc['notes']} notes")
    for name in PAGES:
        if name not in results:  # a base checkout measured fewer pages
            continue
        r = results[name]
        line = (
            f"  {name:12} p50 {r['p50_ms']:7.1f} ms  p95 {r['p95_ms']:7.1f} ms  "
            f"CPU p50 {r['cpu_p50_ms']:6.1f} ms  first {r['cold_ms']:6.1f} ms  "
            f"HTML {r['gzip'] / 1024:6.1f} KB gzip "
            f"({r['raw'] / 1024:.0f} KB raw)"
        )
        if name.startswith("reader?"):
            plain = results["reader"]
            line += f"\n           x{r['p50_ms'] / plain['p50_ms']:.1f} the page without ?q="
            line += f" (p95 x{r['p95_ms'] / plain['p95_ms']:.1f})"
        if base and name in base:
            b = base[name]
            line += f"\n           before: p50 {b['p50_ms']:.1f} ms, CPU {b['cpu_p50_ms']:.1f} ms,"
            line += f" {b['gzip'] / 1024:.1f} KB gzip"
            line += (
                f" -> x{b['p50_ms'] / r['p50_ms']:.1f} faster, x{b['gzip'] / r['gzip']:.1f} smaller"
            )
        print(line)
    reader = results["reader"]
    if base:
        print(f"  before: reader page {base['reader']['queries']} queries")
    total = reader["gzip"] + reader["assets"]
    print(f"  reader page: {reader.get('queries', '?')} queries; with CSS + JS", end=" ")
    print(f"{total / 1024:.1f} KB gzip")
    ok_time, ok_size = reader["p50_ms"] < TARGET_MS, total < TARGET_KB * 1024
    print(f"  targets: time < {TARGET_MS} ms {'met' if ok_time else 'MISSED'}, ", end="")
    print(f"size < {TARGET_KB} KB {'met' if ok_size else 'MISSED'}")
    for name in ("reader?q", "reader?q new"):
        ok = results[name]["p95_ms"] < TARGET_Q_P95_MS
        print(f"  {name}: p95 < {TARGET_Q_P95_MS} ms {'met' if ok else 'MISSED'}")


def measure_base(base: Path, runs: int) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--json", "--root", str(base)]
    out = subprocess.run([*cmd, "--runs", str(runs)], capture_output=True, text=True, cwd=base)
    if out.returncode:
        sys.exit(f"The base checkout failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--base", type=Path, help="Another checkout to compare with.")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    args = parser.parse_args()
    base = measure_base(args.base.resolve(), args.runs) if args.base else None
    var_dir = tempfile.mkdtemp(prefix="lectern-bench-")
    try:
        setup(var_dir, args.root.resolve())
        results = run(args.runs)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    if args.json:
        print(json.dumps(results))
    else:
        report(results, base)


if __name__ == "__main__":
    main()
