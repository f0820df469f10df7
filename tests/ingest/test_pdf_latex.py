"""PDF defects the ingest sweep (bench/ingest_sweep.py) found in real LaTeX manuals, reproduced
with pdflatex at test time: logos whose letters sit off the baseline, a page number far up
from the page's foot, ligature glyphs."""

from __future__ import annotations

import subprocess
from pathlib import Path

from portal.ingest import parse_bytes
from portal.ingest.pdf.lines import _line, _unligature
from tests.portal.roundtrip import require

LOGOS = r"""\documentclass{article}
\begin{document}
\section{Overview}
This documentation, for Bib\TeX{} version 0.99b, is meant for general \LaTeX{} users
and for anyone who keeps a file of fine references.\footnote{The official figures
were filed in the first office.} The \TeX{} book is the reference, and the
fluffy waffle affair is a difficult effort for the staff of the firm.
\end{document}
"""


def _pdflatex(source: str, tmp_path: Path) -> bytes:
    tex = tmp_path / "doc.tex"
    tex.write_text(source)
    subprocess.run(
        [require("pdflatex"), "-interaction=batchmode", "-halt-on-error", tex.name],
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
        check=True,
    )
    return (tmp_path / "doc.pdf").read_bytes()


def test_logo_letters_off_the_baseline_stay_in_their_word(tmp_path):
    doc = parse_bytes(_pdflatex(LOGOS, tmp_path), name="doc.pdf")
    text = " ".join(s.text for s in doc.sections)
    assert "for BibTEX version 0.99b" in text
    assert "general LATEX users and for anyone" in text
    assert "The TEX book" in text
    assert " E " not in f" {text} "  # the lowered E's once formed lines of their own


def test_a_latex_page_number_is_not_note_text(tmp_path):
    """The article class on A4 prints the page number 17% of the page from its foot."""
    doc = parse_bytes(_pdflatex(LOGOS, tmp_path), name="doc.pdf")
    assert [(n.label, n.text) for n in doc.footnotes] == [
        ("1", "The official figures were filed in the first office.")
    ]
    body = doc.sections[-1]
    assert [r.footnote for r in body.refs] == ["1"]
    assert body.text[: body.refs[0].offset].endswith("file of fine references.")


def test_ligature_glyphs_read_as_their_letters():
    for glyph, letters in {"ﬁ": "fi", "ﬂ": "fl", "ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl"}.items():
        assert _unligature({"text": glyph})["text"] == letters
    assert _unligature({"text": "é"})["text"] == "é"


def test_a_large_initial_does_not_swallow_the_word_space_before_it(tmp_path):
    """Slides set small capitals as large initials: the space before a large letter is the
    text's own, narrower than a fifth of the large size."""
    source = r"""\documentclass{article}
\begin{document}
{\Huge K}orea {\Huge I}nstitute for {\Huge A}dvanced {\Huge S}tudy, and a plain sentence
that follows it so the page has some ordinary text to measure its body size by.
\end{document}
"""
    doc = parse_bytes(_pdflatex(source, tmp_path), name="doc.pdf")
    text = " ".join(s.heading + " " + s.text for s in doc.sections) + doc.title
    assert "Korea Institute for Advanced Study" in text


NTS = r"""\documentclass{article}
\newcommand{\NTS}{$\mathcal{N}$\kern-.35em\lower.5ex\hbox{$\mathcal{T}$}\kern-.2em$\mathcal{S}$}
\begin{document}
\section{Introduction}
The \NTS{} project intends to develop a `New Typesetting System' (\NTS) that
will eventually replace today's \TeX3.\footnote{The \TeX3 program; for the moment there
are no plans to extend it.} The \NTS{} program will include many features missing in
\TeX, but there will also be a mode that is compatible with \TeX3.
\end{document}
"""


def test_math_symbol_letters_stand_on_the_line_whatever_their_font_descent(tmp_path):
    """A math symbol font's glyph boxes reach far below the baseline: lines are told by the
    baseline, not by the boxes' bottoms, so its letters stay in their line and the note
    label set in a small font is still a label."""
    doc = parse_bytes(_pdflatex(NTS, tmp_path), name="doc.pdf")
    text = " ".join(s.text for s in doc.sections)
    assert "The NTS project intends to develop a" in text
    assert "(NTS) that will eventually replace" in text
    assert [(n.label, n.text) for n in doc.footnotes] == [
        ("1", "The TEX3 program; for the moment there are no plans to extend it.")
    ]
    assert not doc.warnings


def test_a_tightly_spaced_line_keeps_its_word_spaces(tmp_path):
    """Justification can squeeze word spaces below a fifth of the type size (a manual set in
    Antykwa Półtawskiego): a line of prose with no word break found is read again with
    the narrower threshold poppler uses."""
    source = r"""\documentclass{article}
\begin{document}
\spaceskip=.16em\relax
For example, the German collection contains packages with hyphenation patterns in
addition to many other packages related to the German language and its spelling.

\spaceskip=0pt
A normally spaced paragraph follows, so that the page has ordinary text as well.
\end{document}
"""
    doc = parse_bytes(_pdflatex(source, tmp_path), name="doc.pdf")
    text = " ".join(s.text for s in doc.sections) + " " + doc.title
    assert "For example, the German collection contains packages" in text
    assert "A normally spaced paragraph follows" in text


def _char(text: str, x0: float, size: float, bottom: float, baseline: float, font: str) -> dict:
    """A pdfplumber char on a page 800 high, its origin on ``baseline`` (top-down)."""
    return {
        "text": text,
        "x0": x0,
        "x1": x0 + 0.5 * size,
        "top": bottom - size,
        "bottom": bottom,
        "size": size,
        "fontname": font,
        "upright": True,
        "y0": 800 - bottom,
        "matrix": (1, 0, 0, 1, x0, 800 - baseline),
    }


def test_a_subscript_beside_a_deep_math_symbol_is_no_note_mark():
    """Measured in the geotopo lecture notes (an older pdfTeX): the norm bars' CMSY10 glyph
    reaches 10.5 pt below the line, so measured from the lowest bottom every subscript
    stood raised and became a marker (53 references read for 11 notes; now 21, the rest
    are exponents such as C¹ that are set exactly like note marks)."""
    line, x = [], 100.0
    for text, size, bottom, baseline, font in [
        ("k", 10.9, 87.7, 77.2, "CMSY10"),  # the norm bar, unmapped
        ("x", 10.9, 79.9, 77.2, "CMMI10"),
        ("1", 8.0, 80.8, 78.8, "CMR8"),  # x₁: below the line's baseline
        ("y", 10.9, 79.9, 77.2, "CMMI10"),
        ("2", 8.0, 75.2, 73.2, "CMR8"),  # y²: raised, as a note mark would be
        ("a", 10.9, 79.9, 77.2, "CMR10"),
    ]:
        line.append(_char(text, x, size, bottom, baseline, font))
        x += 6
    built = _line(line, 0, 600, 800)
    assert built.text == "kx1 y a"
    assert built.markers == [("2", len("kx1 y"))]
