"""OpenDocument formulas (embedded ``Object N`` holding MathML) are text where they stand: a
formula paragraph of the real OpenOffice test document vanished. Made by pandoc at test time,
which writes TeX math as such formula objects, as Writer does."""

from __future__ import annotations

import subprocess

from portal.ingest import parse_bytes
from tests.portal.roundtrip import require

MARKDOWN = """# Energy

Einstein wrote $E = mc^2$ in 1905.[^1] The identity below is older.

$$a^2 + b^2 = c^2$$

[^1]: Its exponent: $n = 2$.
"""


def test_formula_objects_in_an_odt_keep_their_text(tmp_path):
    (tmp_path / "m.md").write_text(MARKDOWN)
    subprocess.run(
        [require("pandoc"), "m.md", "-o", "m.odt"], cwd=tmp_path, check=True, timeout=120
    )
    doc = parse_bytes((tmp_path / "m.odt").read_bytes(), name="m.odt")
    section = doc.sections[0]
    assert "Einstein wrote E = m c 2 in 1905." in section.text
    assert "a 2 + b 2 = c 2" in section.text
    assert [(n.label, n.text) for n in doc.footnotes] == [("1", "Its exponent: n = 2.")]
    assert section.text[: section.refs[0].offset].endswith("in 1905.")
