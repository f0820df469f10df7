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


def test_a_side_columns_title_level_with_the_text_beside_it_stays_whole():
    """The layout of a GAO two-page product (InDesign), placed as the real file has it: a
    19 pt title in a narrow left column, level with 9 pt text at the right, and a heading
    level with a figure's caption. No gutter runs the page's height, so the title's lines
    were glued to the text's and read interleaved with it."""
    right = [
        "In March 2023, the White House issued the National",
        "Cybersecurity Strategy to coordinate efforts to secure",
        "the nation against cyber risks and threats. This product",
        "summarizes the federal government's efforts to",
        "implement the strategy.",
    ]
    page = [
        Text(25, 79, "June 2023", 11),
        *paragraph(364, 79, right, 9, 11.5),
        Text(25, 102, "Cybersecurity: Launching", 19, bold=True),
        Text(25, 125, "and Implementing the National", 19, bold=True),
        Text(25, 148, "Cybersecurity Strategy", 19, bold=True),
        Text(25, 176, "Threats Highlight the Importance of", 11, bold=True),
        Text(230, 176, "Figure 1. Five Pillars of the Strategy", 9, bold=True),
        Text(25, 190, "Leadership in Cybersecurity", 11, bold=True),
        *paragraph(
            25,
            206,
            [
                "Federal agencies and our nation's critical infrastructure, such as",
                "energy, communications, and financial services, depend on technology",
                "systems to carry out fundamental operations and to report vital data.",
            ],
            10,
            12,
        ),
    ]
    doc = parse_bytes(make_pdf([page]), name="gao.pdf")
    headings = [s.heading for s in doc.sections]
    text = "\n".join(s.text for s in doc.sections)
    title = "Cybersecurity: Launching and Implementing the National Cybersecurity Strategy"
    assert title in [doc.title, *headings], headings
    assert "Threats Highlight the Importance of Leadership in Cybersecurity" in headings
    assert " ".join(right) in " ".join(text.split())
    # Its first page's date line is the report's date (the document information has none).
    assert doc.date == "2023-06"


def test_only_a_date_alone_on_the_first_page_dates_the_report():
    body = [
        "The committee met twice in the spring and reported on the state of the",
        "archive, its catalogue and the loans it made to other libraries in the year.",
    ]
    first = [Text(60, 100, "Chapter 2023", 14, bold=True), *paragraph(60, 130, body)]
    second = [Text(60, 100, "June 2023", 11), *paragraph(60, 130, body)]
    assert parse_bytes(make_pdf([first, second]), name="r.pdf").date == ""
    cover = [Text(60, 600, "12th October 2022", 11), *paragraph(60, 130, body)]
    assert parse_bytes(make_pdf([cover, second]), name="r.pdf").date == "2022-10-12"
