"""PDF layout defects the ingest sweep found in KOMA-Script letters, reproduced by hand with
``tests/portal/pdfmake`` (text placed where the real file has it)."""

from __future__ import annotations

from portal.ingest import parse_bytes
from tests.portal.pdfmake import Text, make_pdf, paragraph


def test_small_print_beside_a_larger_line_is_not_its_superscript():
    """A letter's return address (small print, left) stands level with a reference line
    (body size, right): it is a line of its own, digits and spaces kept."""
    page = [
        Text(400, 128, "Club member no. 4711", 12),
        Text(60, 141, "Joe Public, 2 Valley, Sampleby, ZY32 1XW", 7),
        Text(400, 146, "since 11.09.2001", 12),
        *paragraph(
            60,
            220,
            [
                "Dear Madam Chair, the last general meeting was more than a year ago,",
                "and the articles of our club stipulate that one should be held every",
                "six months. For this reason I call on the board to arrange a meeting.",
            ],
            12,
            15,
        ),
    ]
    doc = parse_bytes(make_pdf([page]), name="letter.pdf")
    text = "\n".join(s.text for s in doc.sections)
    assert "Joe Public, 2 Valley, Sampleby, ZY32 1XW" in text
    assert "since 11.09.2001" in text
    assert not doc.footnotes
