"""Ingest throughput: pages per second for PDF and DOCX, MB per second for plain text.

    .venv/bin/python bench/ingest.py [--runs N]

The PDF and DOCX inputs are the corpus documents themselves, exported as Markdown
and converted by Debian's pandoc (DOCX) and chromium (PDF, from pandoc's HTML), so
that every format carries the same text. DOCX has no pages of its own: its page
count is that of the PDF of the same document. Parsing only; nothing is stored.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from pypdf import PdfReader  # noqa: E402

from portal.export import parsed_markdown  # noqa: E402
from portal.ingest import parse_bytes  # noqa: E402
from tests.portal.roundtrip import convert  # noqa: E402


def _time(data: list[bytes], runs: int) -> float:
    start = time.perf_counter()
    for _ in range(runs):
        for blob in data:
            parse_bytes(blob)
    return (time.perf_counter() - start) / runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    texts = sorted((ROOT / "corpus").glob("0*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        pdfs, docxs = [], []
        for path in texts:
            md = workdir / (path.stem + ".md")
            md.write_text(parsed_markdown(parse_bytes(path.read_bytes(), path.name)))
            pdfs.append(convert(md, "pdf", workdir).read_bytes())
            docxs.append(convert(md, "docx", workdir).read_bytes())
    raw = [p.read_bytes() for p in texts]
    pages = sum(len(PdfReader(io.BytesIO(b)).pages) for b in pdfs)
    mb = sum(len(b) for b in raw) / 1e6
    print(f"corpus: {len(texts)} documents, {mb:.2f} MB of text, {pages} PDF pages")
    for label, data, unit, amount in (
        ("pdf", pdfs, "pages", pages),
        ("docx", docxs, "pages", pages),
        ("text", raw, "MB", mb),
    ):
        seconds = _time(data, args.runs)
        size = sum(len(b) for b in data) / 1e6
        print(
            f"{label:5} {amount:8.2f} {unit} ({size:.2f} MB) in {seconds:.2f} s: "
            f"{amount / seconds:8.1f} {unit}/s (mean of {args.runs} runs)"
        )


if __name__ == "__main__":
    main()
