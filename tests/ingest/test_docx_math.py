"""Word equations (OMML, ``m:t`` runs) are text: a DOCX whose content is mostly equations was
refused as empty, and equations vanished from sentences. Made by pandoc at test time, which
writes TeX math as OMML, as Word does."""

from __future__ import annotations

import subprocess

from portal.ingest import parse_bytes
from tests.portal.roundtrip import require

MARKDOWN = """# Energy

Einstein wrote $E = mc^2$ in 1905.[^1] The identity below is older.

$$a^2 + b^2 = c^2$$

[^1]: In the *Annalen der Physik*.
"""


def test_equations_in_a_docx_keep_their_text(tmp_path):
    source = tmp_path / "m.md"
    source.write_text(MARKDOWN)
    subprocess.run(
        [require("pandoc"), str(source), "-o", str(tmp_path / "m.docx")], check=True, timeout=120
    )
    doc = parse_bytes((tmp_path / "m.docx").read_bytes(), name="m.docx")
    text = "\n".join(s.text for s in doc.sections)
    assert "Einstein wrote E=mc2 in 1905." in text
    assert "a2+b2=c2" in text
    assert [(n.label, n.text) for n in doc.footnotes] == [("1", "In the Annalen der Physik.")]
    ref = doc.sections[0].refs[0]
    assert doc.sections[0].text[: ref.offset].endswith("in 1905.")


def test_a_docx_of_equations_only_is_read_not_refused(tmp_path):
    source = tmp_path / "only.md"
    source.write_text("$$x = \\frac{-b}{2a}$$\n\n$$e^{i\\pi} + 1 = 0$$\n")
    subprocess.run(
        [require("pandoc"), str(source), "-o", str(tmp_path / "o.docx")], check=True, timeout=120
    )
    doc = parse_bytes((tmp_path / "o.docx").read_bytes(), name="o.docx")
    text = "\n".join(s.text for s in doc.sections)
    assert "x=−b2a" in text and "eiπ+1=0" in text  # pandoc writes a minus sign
