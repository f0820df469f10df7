"""Server time and bytes sent for the reader page of the longest corpus document.

    .venv/bin/python bench/reader.py [--runs 30] [--keep-db]

Loads the corpus into a throwaway database (``LECTERN_VAR_DIR`` in a temporary
directory, so ``var/`` is untouched), then renders ``/d/<slug>/`` through Django's
full middleware stack. Bytes are what a first visit downloads: the HTML as the
GZip middleware sends it, plus every stylesheet and script the page links,
gzip-compressed as whitenoise serves them. Targets: under 50 ms, under 100 KB.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 50
TARGET_KB = 100


def setup(var_dir: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["LECTERN_VAR_DIR"] = var_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    # whitenoise warns that the scratch STATIC_ROOT is empty: assets come from the finders.
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_corpus", verbosity=0)


def asset_bytes(html: str) -> dict[str, int]:
    """Gzipped size of each stylesheet and script the page links."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    sizes = {}
    urls = re.findall(r'<(?:link[^>]+href|script[^>]+src)="([^"]+\.(?:css|js))"', html)
    for url in urls:
        path = finders.find(url.removeprefix(settings.STATIC_URL).split("?")[0])
        if path:
            sizes[url] = len(gzip.compress(Path(path).read_bytes(), compresslevel=9))
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keep-db", action="store_true", help="Print the scratch directory.")
    args = parser.parse_args()
    var_dir = tempfile.mkdtemp(prefix="lectern-bench-")
    setup(var_dir)

    from django.test import Client

    from portal.models import Document

    document = Document.objects.published().with_sizes().order_by("-words").first()
    if document is None:
        sys.exit("No published document: the corpus did not load.")
    url = document.get_absolute_url()
    client = Client(HTTP_ACCEPT_ENCODING="gzip")
    response = client.get(url)  # warm caches: templates, URL resolver, SQLite pages
    assert response.status_code == 200, response.status_code
    timings = []
    for _ in range(args.runs):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    html_gz = len(response.content)
    encoded = response.get("Content-Encoding") == "gzip"
    html = gzip.decompress(response.content).decode() if encoded else response.content.decode()
    assets = asset_bytes(html)
    total = html_gz + sum(assets.values())

    median, p90 = statistics.median(timings), sorted(timings)[int(len(timings) * 0.9) - 1]
    print(f"Reader page {url} ({document.words:,} words, {document.note_count} notes)")
    print(f"  server time: median {median:.1f} ms, p90 {p90:.1f} ms over {args.runs} runs")
    print(f"  HTML: {len(html.encode()):,} B raw, {html_gz:,} B gzip")
    for name, size in assets.items():
        print(f"  {name}: {size:,} B gzip")
    print(f"  total sent: {total / 1024:.1f} KB gzip (HTML + CSS + JS)")
    ok_time, ok_size = median < TARGET_MS, total < TARGET_KB * 1024
    print(f"  targets: time < {TARGET_MS} ms {'met' if ok_time else 'MISSED'}, ", end="")
    print(f"size < {TARGET_KB} KB {'met' if ok_size else 'MISSED'}")
    if args.keep_db:
        print(f"  database: {var_dir}")
    else:
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
