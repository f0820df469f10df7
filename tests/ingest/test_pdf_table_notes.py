"""Notes cited from table cells, the table running over page breaks, as LibreOffice prints a
Word file: the next page's table rows are no continuation of the page's last note, and a
marker alone in its cell, far past its row's text, is still a marker. The material is made
at test time (pandoc to DOCX, LibreOffice to PDF) from the reST source of Python's C-API
exceptions page as Debian's python3-doc installs it, read in place."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from portal.ingest import parse_bytes
from tests.portal.roundtrip import require

SOURCE = Path("/usr/share/doc/python3-doc/html/_sources/c-api/exceptions.rst.txt")


@pytest.mark.skipif(not SOURCE.exists(), reason="python3-doc is not installed")
def test_table_rows_after_a_page_break_stay_in_the_table(tmp_path):
    subprocess.run(
        [require("pandoc"), "-f", "rst", str(SOURCE), "-o", "t.docx"],
        cwd=tmp_path,
        check=True,
        timeout=120,
    )
    subprocess.run(
        [require("soffice"), "--headless", "--convert-to", "pdf", "t.docx"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=300,
    )
    doc = parse_bytes((tmp_path / "t.pdf").read_bytes(), name="t.pdf")
    texts = [n.text for n in doc.footnotes]
    assert len(texts) == 7
    assert texts.count("This is a base class for other standard exceptions.") == 5
    assert not any("PyExc" in t for t in texts)  # no table row glued onto a note
    refs = [r.footnote for s in doc.sections for r in s.refs]
    assert sorted(refs) == [n.label for n in doc.footnotes]
    assert not doc.warnings
