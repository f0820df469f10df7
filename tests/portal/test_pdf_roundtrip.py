"""Round trips through PDF producers no one here wrote: LibreOffice and LaTeX.

Each corpus document is exported as Markdown, made into DOCX by pandoc and into
a PDF by LibreOffice (``soffice --headless --convert-to pdf``: page-bottom
footnotes under a separator, a lone number for an empty note), and into a PDF by
pandoc's LaTeX (pdflatex: footnotes under ``\\footnoterule``, words hyphenated
to fill lines, a ``\\maketitle`` block). Parsed back, at least 97% of headings,
notes and markers must return.

What LaTeX itself changes is folded out of both sides before comparing: it sets
straight quotes as curly ones, and pdflatex prints nothing for characters its
fonts lack (Armenian, Cyrillic, emoji), so those are dropped from the original
too. Conversions are cached for the session.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from pathlib import Path

import pytest

from portal.export import parsed_markdown
from portal.ingest import parse_bytes
from portal.ingest.base import ParsedDocument
from tests.conftest import CORPUS_DIR

from .roundtrip import measure

CORPUS = sorted(p.name for p in CORPUS_DIR.glob("0*.txt"))
LEAST = 0.97
QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "…": "..."})
# pdflatex's T1 fonts print Latin script and common punctuation; anything else comes out blank.
UNDEFINED_IN_LATEX = r"""\makeatletter
\def\UTFviii@undefined@err#1{}
\makeatother
"""


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (scripts/system-deps)")
    return path


@pytest.fixture(scope="session")
def exported(tmp_path_factory) -> tuple[Path, dict[str, ParsedDocument]]:
    workdir = tmp_path_factory.mktemp("pdf-roundtrip")
    originals = {}
    for name in CORPUS:
        original = parse_bytes((CORPUS_DIR / name).read_bytes(), name=name)
        (workdir / f"{Path(name).stem}.md").write_text(parsed_markdown(original), "utf-8")
        originals[name] = original
    return workdir, originals


@pytest.fixture(scope="session")
def libreoffice_pdfs(exported) -> dict[str, Path]:
    workdir, _ = exported
    pandoc, soffice = _tool("pandoc"), _tool("soffice")
    docs = []
    for name in CORPUS:
        md = workdir / f"{Path(name).stem}.md"
        docs.append(md.with_suffix(".docx"))
        _run([pandoc, "-f", "markdown-smart", str(md), "-o", str(docs[-1])])
    outdir = workdir / "libreoffice"
    profile = (workdir / "lo-profile").as_uri()
    _run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
        + ["--outdir", str(outdir), *map(str, docs)],
        timeout=600,
    )
    return {name: outdir / f"{Path(name).stem}.pdf" for name in CORPUS}


@pytest.fixture(scope="session")
def latex_pdfs(exported) -> dict[str, Path]:
    workdir, _ = exported
    pandoc = _tool("pandoc")
    _tool("pdflatex")
    header = workdir / "unicode.tex"
    header.write_text(UNDEFINED_IN_LATEX, "utf-8")
    out = {}
    for name in CORPUS:
        md = workdir / f"{Path(name).stem}.md"
        out[name] = md.with_name(md.stem + "-latex.pdf")
        _run(
            [pandoc, "-f", "markdown-smart", str(md), "--pdf-engine=pdflatex"]
            + ["-H", str(header), "-o", str(out[name])],
            timeout=300,
        )
    return out


def _run(cmd: list[str], timeout: int = 180) -> None:
    subprocess.run(cmd, check=True, capture_output=True, timeout=timeout)


def _fold(doc: ParsedDocument) -> ParsedDocument:
    """Curly quotes straight, "…" as LaTeX prints it, only the characters pdflatex can print."""

    def keep(text: str) -> str:
        text = text.translate(QUOTES)
        return "".join(ch for ch in text if ord(ch) < 0x250 or 0x2000 <= ord(ch) < 0x2070)

    sections = tuple(
        dataclasses.replace(
            s,
            heading=keep(s.heading),
            text=keep(s.text),
            refs=tuple(
                dataclasses.replace(r, offset=len(keep(s.text[: r.offset]))) for r in s.refs
            ),
        )
        for s in doc.sections
    )
    notes = tuple(dataclasses.replace(n, text=keep(n.text)) for n in doc.footnotes)
    return dataclasses.replace(doc, sections=sections, footnotes=notes)


def _assert_recovered(original: ParsedDocument, pdf: Path, fold: bool) -> None:
    got = parse_bytes(pdf.read_bytes(), name=pdf.name)
    assert got.source_format == "pdf"
    if fold:
        original, got = _fold(original), _fold(got)
    result = measure(original, got)
    print(f"{pdf.name}: {result}")
    assert min(result.headings, result.notes, result.markers) >= LEAST, (
        f"{pdf.name}: {result} ({result.detail})"
    )


@pytest.mark.parametrize("name", CORPUS)
def test_libreoffice_pdf_round_trip(exported, libreoffice_pdfs, name):
    _assert_recovered(exported[1][name], libreoffice_pdfs[name], fold=False)


@pytest.mark.parametrize("name", CORPUS)
def test_latex_pdf_round_trip(exported, latex_pdfs, name):
    _assert_recovered(exported[1][name], latex_pdfs[name], fold=True)
