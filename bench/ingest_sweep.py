"""Robustness sweep of the import parsers over real files on this machine that nobody here wrote.

    nice .venv/bin/python bench/ingest_sweep.py [--timeout 60] [--html 300] [--generate N]
                                                [--only SET] [--worst 8] [--json OUT]

Material, read in place: the TeX Live manuals and KOMA-Script examples (PDF), Python's
Sphinx HTML documentation (every page with footnotes plus a sample of the rest), other
HTML/EPUB/ODT/DOCX under /usr/share, and ../shared/real-documents/files. ``--generate N``
adds N reST sources of the Python docs converted at run time by pandoc (DOCX, ODT, EPUB,
HTML) and by LibreOffice (DOCX to PDF), into a temporary folder.

Each file is parsed by ``parse_bytes`` in a forked child with a time limit. Per set it
prints: files, parsed, clear refusals (``IngestError``), crashes (any other exception),
timeouts, notes found against notes expected where an independent count exists, and text
coverage: the share of an independent tool's words (poppler's ``pdftotext`` for PDF,
lxml for HTML, ``pandoc -t plain`` for DOCX/ODT/EPUB) found in the parsed headings,
sections and notes. Nothing is stored.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from lxml import html as lxml_html  # noqa: E402

from portal.ingest import IngestError, all_formats, parse_bytes  # noqa: E402

all_formats()  # every parser imported once, before the children are forked

TEX_DIRS = ("/usr/share/doc/texlive-doc", "/usr/share/texmf/doc", "/usr/share/texlive")
SPHINX = Path("/usr/share/doc/python3-doc/html")
REAL = ROOT.parent / "shared" / "real-documents" / "files"
WORD = re.compile(r"[^\W_]+", re.U)
FOOTNOTE_CMD = re.compile(r"\\footnote(?![a-zA-Z])")


@dataclass
class Item:
    set: str  # e.g. "pdf/texlive", "html/sphinx"
    path: Path
    source: Path | None = None  # the reST a generated file was made from


@dataclass
class Outcome:
    item: Item
    status: str  # parsed | refused | crash | timeout
    message: str = ""
    seconds: float = 0.0
    notes: int = 0
    refs: int = 0
    expected_notes: int | None = None
    expected_refs: int | None = None  # note references, where the tool counts them apart
    coverage: float | None = None
    missing: list[str] = field(default_factory=list)  # a few independent words not found


# -- material -------------------------------------------------------------------------


def _find(roots, suffixes, exclude=()) -> list[Path]:
    found = []
    for root in roots:
        for dirpath, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d != "site-packages" and not d.startswith(".")]
            if any(x in dirpath for x in exclude):
                continue
            found += [Path(dirpath, f) for f in files if f.lower().endswith(suffixes)]
    return sorted(set(p.resolve() for p in found if p.is_file()))


def collect(html_sample: int, seed: int = 1) -> list[Item]:
    items = [Item("pdf/texlive", p) for p in _find(TEX_DIRS, (".pdf",))]
    sphinx = _find([SPHINX], (".html",), exclude=("_static", "_sources"))
    with_notes = [p for p in sphinx if b'class="footnote' in p.read_bytes()]
    rest = [p for p in sphinx if p not in set(with_notes)]
    random.Random(seed).shuffle(rest)
    picked = sorted(with_notes + rest[: max(0, html_sample - len(with_notes))])
    items += [Item("html/sphinx", p) for p in picked]
    sphinx_real = {p.resolve() for p in sphinx} | {SPHINX.resolve()}
    other_html = [
        p
        for p in _find(["/usr/share"], (".html", ".htm", ".xhtml"))
        if not any(str(p).startswith(str(s)) for s in sphinx_real)
        and "/python3" not in str(p)
        and p.stat().st_size > 2000
    ]
    random.Random(seed).shuffle(other_html)
    items += [Item("html/usr-share", p) for p in sorted(other_html[:150])]
    for ext in ("epub", "odt", "docx"):
        items += [Item(f"{ext}/usr-share", p) for p in _find(["/usr/share"], (f".{ext}",))]
    if REAL.is_dir():
        items += [Item(f"{p.suffix[1:]}/real", p) for p in sorted(REAL.iterdir()) if p.is_file()]
    return items


def generate(count: int, out: Path, seed: int = 1) -> list[Item]:
    """Python docs' reST sources (footnoted ones first) through pandoc and LibreOffice."""
    sources = _find([SPHINX / "_sources"], (".rst.txt",))
    noted = [p for p in sources if re.search(rb"\[#\w*\]_|\[\d+\]_", p.read_bytes())]
    others = [p for p in sources if p not in set(noted)]
    random.Random(seed).shuffle(others)
    chosen = (noted + others)[:count]
    items = []
    for i, src in enumerate(chosen):
        stem = f"{i:03d}-{src.name.removesuffix('.rst.txt')}"
        for ext in ("docx", "odt", "epub", "html"):
            target = out / f"{stem}.{ext}"
            extra = ["--standalone"] if ext == "html" else []
            done = subprocess.run(
                ["pandoc", "-f", "rst", str(src), "-o", str(target), *extra],
                capture_output=True,
                timeout=120,
            )
            if done.returncode == 0 and target.exists():
                items.append(Item(f"{ext}/pandoc", target, src))
    docx = [it for it in items if it.path.suffix == ".docx"][: max(1, count // 2)]
    if docx and shutil.which("soffice"):
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out)]
            + [str(it.path) for it in docx],
            capture_output=True,
            timeout=60 + 30 * len(docx),
        )
        items += [
            Item("pdf/libreoffice", it.path.with_suffix(".pdf"), it.source)
            for it in docx
            if it.path.with_suffix(".pdf").exists()
        ]
    for it in docx if shutil.which("pdflatex") else []:  # pandoc's LaTeX PDF
        target = it.path.with_name(it.path.stem + "-latex.pdf")
        cmd = ["pandoc", "-f", "rst", str(it.source), "-o", str(target), "--pdf-engine=pdflatex"]
        if subprocess.run(cmd, capture_output=True, timeout=300).returncode == 0:
            items.append(Item("pdf/pandoc-latex", target, it.source))
    return items


# -- independent figures --------------------------------------------------------------


def _words(text: str) -> Counter:
    """Words of two letters or more; short numbers (note labels, page numbers) are left out
    because a parse rightly lifts them out of the text."""
    return Counter(
        w.lower() for w in WORD.findall(text) if len(w) > 1 and not (w.isdigit() and len(w) < 4)
    )


def independent(item: Item) -> tuple[Counter | None, int | tuple | None]:
    """The independent tool's words and, where one can count them, the number of notes."""
    path, kind = item.path, item.set.split("/")[0]
    try:
        if kind == "pdf":
            words, notes = _pdf_expected(path)
            return words, _source_notes(item.source) if item.source else notes
        if kind == "html":
            return _html_expected(path)
        if kind in ("docx", "odt", "epub"):
            return _pandoc_expected(path, kind)
    except (subprocess.SubprocessError, OSError, ValueError):
        pass
    return None, None


def _pdf_expected(path: Path):
    words = None
    if shutil.which("pdftotext"):
        done = subprocess.run(
            ["pdftotext", "-q", "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=60
        )
        if done.returncode == 0:
            words = _words(_dehyphenate(done.stdout.decode("utf-8", "replace")))
    tex = path.with_suffix(".tex")
    notes = None
    if tex.exists():
        source = "\n".join(
            line.split("%", 1)[0] if "\\%" not in line else line
            for line in tex.read_text("utf-8", "replace").splitlines()
        )
        notes = len(FOOTNOTE_CMD.findall(source))
    return words, notes


def _dehyphenate(text: str) -> str:
    return re.sub(r"(\w)-\n(\w)", r"\1\2", text)


def _html_expected(path: Path):
    data = path.read_bytes()
    try:  # lxml takes undeclared bytes for Latin-1; most files without a charset are UTF-8
        root = lxml_html.fromstring(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        root = lxml_html.fromstring(data)
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    main = root.xpath("//*[@role='main']") or root.xpath("//body") or [root]
    notes = refs = None
    sphinx = root.xpath("//meta[@name='generator' and starts-with(@content,'Docutils')]")
    if sphinx or root.xpath(f"//*[{_NOTEREF}]"):
        body = main[0]
        notes = len(body.xpath(f".//*[{_FOOTNOTE}]")) or len(body.xpath(f".//*[{_ENDNOTE}]"))
        refs = len(body.xpath(f".//a[{_NOTEREF}]"))
    # itertext joined by spaces: text_content() glues "<li>Home</li><li>Help</li>" together
    return _words(" ".join(main[0].itertext())), (notes, refs)


_NOTEREF = "@role='doc-noteref' or contains(@class,'footnote-ref')"
_FOOTNOTE = "contains(concat(' ',@class,' '),' footnote ')"
_ENDNOTE = "@role='doc-endnote' or @role='doc-footnote'"


def _pandoc_expected(path: Path, kind: str):
    done = subprocess.run(
        ["pandoc", "-f", kind, "-t", "json", str(path)], capture_output=True, timeout=120
    )
    if done.returncode:
        return None, None
    tree = json.loads(done.stdout)
    notes = _count_notes(tree["blocks"])
    plain = subprocess.run(
        ["pandoc", "-f", "json", "-t", "plain", "--wrap=none"],
        input=done.stdout,
        capture_output=True,
        timeout=120,
    )
    return _words(plain.stdout.decode("utf-8", "replace")), notes


def _source_notes(source: Path) -> int | None:
    """How many notes the reST a file was generated from holds, as pandoc reads it."""
    done = subprocess.run(
        ["pandoc", "-f", "rst", "-t", "json", str(source)], capture_output=True, timeout=120
    )
    return _count_notes(json.loads(done.stdout)["blocks"]) if done.returncode == 0 else None


def _count_notes(node) -> int:
    if isinstance(node, list):
        return sum(_count_notes(n) for n in node)
    if isinstance(node, dict):
        own = 1 if node.get("t") == "Note" else 0
        return own + _count_notes(node.get("c"))
    return 0


# -- parsing --------------------------------------------------------------------------


def _child(path: str, conn) -> None:
    try:
        doc = parse_bytes(Path(path).read_bytes(), name=Path(path).name)
        parts = [doc.title, doc.subtitle]
        for s in doc.sections:
            parts += [s.heading, s.text]
        parts += [n.text for n in doc.footnotes]
        refs = sum(len(s.refs) for s in doc.sections)
        conn.send(("parsed", "\n".join(parts), len(doc.footnotes), refs))
    except IngestError as exc:
        conn.send(("refused", str(exc), 0, 0))
    except BaseException as exc:  # noqa: BLE001 - a crash is what the sweep looks for
        conn.send(("crash", f"{type(exc).__name__}: {exc}", 0, 0))
    finally:
        conn.close()


def parse(item: Item, timeout: float) -> Outcome:
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(str(item.path), send))
    start = time.monotonic()
    proc.start()
    send.close()
    got = receive.recv() if receive.poll(timeout) else None
    seconds = time.monotonic() - start
    proc.join(1)
    if proc.is_alive():
        proc.kill()
        proc.join()
    receive.close()
    if got is None:
        status = "timeout" if proc.exitcode in (None, -9) else "crash"
        return Outcome(item, status, f"exit {proc.exitcode}", seconds)
    status, text, notes, refs = got
    out = Outcome(item, status, "" if status == "parsed" else text, seconds, notes, refs)
    if status == "parsed":
        words, counts = independent(item)
        out.expected_notes, out.expected_refs = (
            counts
            if isinstance(counts, tuple)
            else (
                counts,
                counts,  # pandoc and \footnote count one note per reference
            )
        )
        if words:
            have = _words(text)
            found = sum(min(c, have[w]) for w, c in words.items())
            out.coverage = found / sum(words.values())
            out.missing = [w for w, c in words.most_common() if have[w] < c][:8]
    return out


# -- report ---------------------------------------------------------------------------


def report(outcomes: list[Outcome], worst: int) -> None:
    sets = sorted({o.item.set for o in outcomes})
    head = f"{'set':18} {'files':>5} {'parsed':>6} {'refused':>7} {'crash':>5} {'timeout':>7}"
    print(
        head + f" {'notes fnd/exp':>13} {'refs fnd/exp':>11} {'coverage mean':>13} {'min':>5}"
        f" {'s/file':>6}"
    )
    for name in sets:
        group = [o for o in outcomes if o.item.set == name]
        count = Counter(o.status for o in group)
        counted = [o for o in group if o.expected_notes is not None]
        found = sum(o.notes for o in counted)
        expected = sum(o.expected_notes for o in counted)
        covs = [o.coverage for o in group if o.coverage is not None]
        cov = f"{sum(covs) / len(covs):13.3f} {min(covs):5.2f}" if covs else f"{'-':>13} {'-':>5}"
        secs = sum(o.seconds for o in group) / len(group)
        notes = f"{found}/{expected}" if counted else "-"
        with_refs = [o for o in group if o.expected_refs is not None]
        refs_found = sum(o.refs for o in with_refs)
        refs = f"{refs_found}/{sum(o.expected_refs for o in with_refs)}" if with_refs else "-"
        print(
            f"{name:18} {len(group):5} {count['parsed']:6} {count['refused']:7} "
            f"{count['crash']:5} {count['timeout']:7} {notes:>13} {refs:>11} {cov} {secs:6.2f}"
        )
    bad = [o for o in outcomes if o.status in ("crash", "timeout")]
    for o in bad:
        print(f"  {o.status.upper()}: {o.item.path}  {o.message[:200]}")
    for name in sets:
        group = [o for o in outcomes if o.item.set == name and o.status == "parsed"]
        ranked = sorted(group, key=_badness, reverse=True)[:worst]
        if ranked and _badness(ranked[0]) > 0.02:
            print(f"worst in {name}:")
            for o in ranked:
                if _badness(o) > 0.02:
                    print("  " + _describe(o))
    refused = Counter(o.message[:90] for o in outcomes if o.status == "refused")
    for msg, n in refused.most_common(8):
        print(f"  refused x{n}: {msg}")


def _badness(o: Outcome) -> float:
    lost = 1 - o.coverage if o.coverage is not None else 0
    if o.expected_notes:
        lost += abs(o.notes - o.expected_notes) / o.expected_notes
    if o.expected_refs:
        lost += max(0, o.expected_refs - o.refs) / o.expected_refs
    return lost


def _describe(o: Outcome) -> str:
    cov = f"cov={o.coverage:.3f}" if o.coverage is not None else "cov=-"
    notes = f"notes={o.notes}/{o.expected_notes}" if o.expected_notes is not None else ""
    notes += f" refs={o.refs}/{o.expected_refs}" if o.expected_refs is not None else ""
    return f"{cov} {notes} {o.seconds:.1f}s {o.item.path} missing={o.missing[:6]}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per file")
    ap.add_argument("--html", type=int, default=300, help="Sphinx pages (all footnoted ones)")
    ap.add_argument("--generate", type=int, default=0, help="reST sources to convert")
    ap.add_argument("--only", default="", help="sets whose name contains one of these (a,b)")
    ap.add_argument("--worst", type=int, default=8)
    ap.add_argument("--json", type=Path, help="write every outcome here")
    args = ap.parse_args()
    items = collect(args.html)
    with tempfile.TemporaryDirectory(prefix="ingest-sweep-") as tmp:
        if args.generate:
            items += generate(args.generate, Path(tmp))
        wanted = args.only.split(",")
        items = [it for it in items if any(w in it.set for w in wanted)]
        outcomes = []
        for i, item in enumerate(items, 1):
            o = parse(item, args.timeout)
            outcomes.append(o)
            print(f"{i}/{len(items)} {o.status} {o.seconds:.1f}s {_describe(o)}", file=sys.stderr)
    report(outcomes, args.worst)
    if args.json:
        rows = [
            {
                **{k: v for k, v in vars(o).items() if k != "item"},
                "set": o.item.set,
                "path": str(o.item.path),
            }
            for o in outcomes
        ]
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
