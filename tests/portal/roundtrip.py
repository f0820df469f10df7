"""Convert exported Markdown with tools no one here wrote, and measure what a parse gets back.

Used by ``test_formats_roundtrip.py`` and ``test_markup_roundtrip.py``: Debian's
``pandoc`` makes DOCX, HTML, EPUB and ODT (and DOCX from that ODT), LibreOffice
(``soffice --headless --convert-to``) HTML and DOCX from the ODT, and
``chromium --headless --print-to-pdf`` makes a PDF from the HTML.
"""

from __future__ import annotations

import difflib
import shutil
import subprocess
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from portal.ingest.base import ParsedDocument

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise RuntimeError(
            f"{tool} is not installed: run scripts/system-deps (apt-get install {tool}) "
            "before the format round-trip tests."
        )
    return path


def convert(md: Path, fmt: str, workdir: Path) -> Path:
    """Make ``fmt`` from the Markdown: "md", "docx", "html", "epub", "odt" and "odt-docx" by
    pandoc, "lo-html" and "lo-docx" by LibreOffice from pandoc's ODT, "pdf" by chromium."""
    stem = workdir / md.stem
    pandoc = ["pandoc", "-f", "markdown-smart", str(md)]
    if fmt == "md":
        return md
    if fmt in ("docx", "html", "epub", "odt"):
        out = stem.with_suffix("." + fmt)
        extra = ["-s"] if fmt == "html" else []
        # EPUB and standalone HTML want a title; the Markdown's front matter may hold none.
        extra += ["--metadata", f"pagetitle={md.stem}"] if fmt in ("html", "epub") else []
        _run([*pandoc, *extra, "-o", str(out)])
        return out
    if fmt == "odt-docx":
        odt, out = stem.with_suffix(".odt"), stem.with_name(stem.name + "-odt.docx")
        _run([*pandoc, "-o", str(odt)])
        _run(["pandoc", "-f", "odt", str(odt), "-o", str(out)])
        return out
    if fmt in ("lo-html", "lo-docx"):  # LibreOffice's own writers, from pandoc's ODT
        odt, target = convert(md, "odt", workdir), fmt.split("-")[1]
        outdir = workdir / f"lo-{target}"
        profile = (workdir / "lo-profile").as_uri()
        _run(
            [
                require("soffice"),
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                str(outdir),
                str(odt),
            ],
            timeout=180,
        )
        return outdir / f"{md.stem}.{target}"
    if fmt == "pdf":
        html = convert(md, "html", workdir)
        out = stem.with_suffix(".pdf")
        profile = workdir / "chromium-profile"
        _run(
            [
                require("chromium"),
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--print-to-pdf={out}",
                html.as_uri(),
            ],
            timeout=180,
        )
        return out
    raise ValueError(fmt)


def _run(cmd: list[str], timeout: int = 120) -> None:
    require(cmd[0])
    subprocess.run(cmd, check=True, capture_output=True, timeout=timeout)


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


@dataclass
class Recovery:
    headings: float
    notes: float
    markers: float
    strict_markers: float = 0.0
    detail: str = ""

    def __str__(self) -> str:
        return (
            f"headings {self.headings:.1%}, notes {self.notes:.1%}, markers {self.markers:.1%} "
            f"(same offset from section start: {self.strict_markers:.1%})"
        )


CONTEXT = 40  # non-space characters before a marker that place it in the text


def _markers(parsed: ParsedDocument, strict: bool = False) -> list[tuple[str, object, str]]:
    """(section heading, where in the section, note text) for each marker in reading order.

    Where is the text just before the marker; ``strict`` uses the count of non-space
    characters from the start of the section instead, which lines added at the top
    of a section (a title block a converter turned into body text) would shift.
    """
    notes = {n.label: _norm(n.text) for n in parsed.footnotes}
    out = []
    for s in parsed.sections:
        for r in s.refs:
            before = _norm(s.text[: r.offset])
            where = len(before) if strict else before[-CONTEXT:]
            out.append((_norm(s.heading), where, notes.get(r.footnote, "")))
    return out


def measure(original: ParsedDocument, got: ParsedDocument) -> Recovery:
    """Share of the original's headings, note texts and markers found again in ``got``."""
    want_h = [_norm(s.heading) for s in original.sections if s.heading]
    got_h = [_norm(s.heading) for s in got.sections if s.heading]
    matcher = difflib.SequenceMatcher(a=want_h, b=got_h, autojunk=False)
    headings = sum(b.size for b in matcher.get_matching_blocks())
    cited = {r.footnote for s in original.sections for r in s.refs}
    want_n = Counter(_norm(n.text) for n in original.footnotes if n.label in cited)
    got_n = Counter(_norm(n.text) for n in got.footnotes)
    notes = sum((want_n & got_n).values())
    want_m, got_m = Counter(_markers(original)), Counter(_markers(got))
    markers = sum((want_m & got_m).values())
    missing = list((want_m - got_m).elements())[:3]
    strict_want = Counter(_markers(original, strict=True))
    strict = sum((strict_want & Counter(_markers(got, strict=True))).values())
    return Recovery(
        headings=headings / len(want_h) if want_h else 1.0,
        notes=notes / sum(want_n.values()) if want_n else 1.0,
        markers=markers / sum(want_m.values()) if want_m else 1.0,
        strict_markers=strict / sum(strict_want.values()) if strict_want else 1.0,
        detail=f"first misses: {missing}",
    )


def export_corpus(corpus_dir: Path, workdir: Path) -> dict[str, tuple]:
    """Each corpus file parsed and written as Markdown: name -> (parse, .md path, workdir)."""
    from portal.export import parsed_markdown
    from portal.ingest import parse_bytes

    out = {}
    for path in sorted(corpus_dir.glob("0*.txt")):
        original = parse_bytes(path.read_bytes(), name=path.name)
        md = workdir / (path.stem + ".md")
        md.write_text(parsed_markdown(original), encoding="utf-8")
        out[path.name] = (original, md, workdir)
    return out
