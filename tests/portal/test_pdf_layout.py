"""The PDF reader on pages laid out by hand: columns, running heads, notes, margins, locks."""

from __future__ import annotations

import pytest

from portal.ingest import IngestError, parse_bytes

from .pdfmake import Rule, Text, make_pdf, paragraph

BODY = [
    "The committee met in the spring and heard evidence from the families",
    "of the missing, who described the search in detail and asked for the",
    "records to be opened to them without further delay or any condition.",
]


def _parse(pages, **kw) -> dict:
    return parse_bytes(make_pdf(pages, **kw), name="x.pdf").to_json()


def _text(doc: dict) -> str:
    return "\n\n".join(s["text"] for s in doc["sections"])


def _notes(doc: dict) -> dict[str, str]:
    return {n["label"]: n["text"] for n in doc["footnotes"]}


def test_two_columns_are_read_one_after_the_other():
    left = [f"Left column line {i} tells the first story in order." for i in range(12)]
    right = [f"Right column line {i} tells the second story too." for i in range(12)]
    page = [
        *paragraph(72, 100, left, size=10, lead=13),
        *paragraph(320, 100, right, size=10, lead=13),
    ]
    text = _text(_parse([page]))
    assert "order. Left column line 1 tells" in text
    assert text.index("Left column line 11") < text.index("Right column line 0")
    assert "order. Right" not in text  # no line is read across the gutter


def test_running_heads_alternating_between_odd_and_even_pages_are_dropped():
    pages = []
    for n in range(1, 7):
        head = "Cite as: 569 U. S. ____ (2013)" if n % 2 else "MARYLAND v. KING"
        pages.append(
            [
                Text(72, 50, head, 9),
                Text(500, 50, str(n), 9),
                *paragraph(72, 100, [f"{line} ({n})" for line in BODY]),
            ]
        )
    doc = _parse(pages)
    text = _text(doc)
    assert "Cite as" not in text and "MARYLAND" not in text
    assert all(f"condition. ({n})" in text for n in range(1, 7))
    assert [s["start_page"] for s in doc["sections"]][:1] == [1]


def test_rotated_margin_text_is_left_out():
    page = [
        Text(30, 700, "arXiv:2004.04906v3 [cs.CL] 30 Sep 2020", 14, rotated=True),
        *paragraph(72, 100, BODY),
    ]
    text = _text(_parse([page]))
    assert "arXiv" not in text and "condition." in text


def test_words_hyphenated_at_line_ends_are_mended_and_compounds_kept():
    lines = [
        "The literature on the subject is large, and the litera-",
        "ture keeps growing; the right to self-determination and self-",
        "determination itself are at stake in the whole literature.",
    ]
    text = _text(_parse([paragraph(72, 100, lines)]))
    assert "the literature keeps growing" in text
    assert "self-determination itself" in text


def _note_page(body_lines, notes, marker_after: dict[int, str], rule_top=640.0):
    """Body lines (with a raised marker at the end of some) and small notes under a rule."""
    items = []
    for i, line in enumerate(body_lines):
        top = 100 + i * 14
        items.append(Text(72, top, line, 11))
        if i in marker_after:
            x = 72 + 5.2 * len(line)  # past the line's end: Helvetica 11pt is narrower
            items.append(Text(x, top - 4, marker_after[i], 7))
    items.append(Rule(72, 216, rule_top))
    top = rule_top + 14
    for label, lines in notes:
        if label:
            items.append(Text(72, top - 3, label, 6))
        for line in lines:
            items.append(Text(78, top, line, 9))
            top += 11
    return items


def test_page_bottom_notes_with_a_number_at_a_line_start_and_one_continued():
    page1 = _note_page(
        BODY,
        [
            (
                "1",
                [
                    "See Thornburg v. Gingles, 478 U. S. 30, decided in",
                    "324 (1985), and the cases it cites.",
                ],
            ),
            ("2", ["The record of the hearing runs to many volumes and", "its last part"]),
        ],
        {0: "1", 2: "2"},
    )
    page2 = _note_page(
        [line.replace("the", "a") for line in BODY],
        [(None, ["was filed a year later."]), ("3", ["A third note."])],
        {1: "3"},
    )
    doc = _parse([page1, page2])
    notes = _notes(doc)
    assert list(notes) == ["1", "2", "3"]
    assert notes["1"].endswith("decided in 324 (1985), and the cases it cites.")
    assert notes["2"].endswith("its last part was filed a year later.")
    assert notes["3"] == "A third note."
    assert [r["footnote"] for r in doc["refs"]] == ["1", "2", "3"]
    assert not doc["warnings"]


def test_numbered_holdings_in_the_body_are_not_notes():
    lines = [
        "Held:",
        "1. The statute applies to the arrest in question here.",
        "2. The search was reasonable under the Fourth Amendment.",
        "3. The judgment of the Court of Appeals is reversed.",
    ]
    doc = _parse([paragraph(72, 100, lines)])
    assert doc["footnotes"] == []
    assert "2. The search was reasonable" in _text(doc)


def test_a_pdf_encrypted_with_an_empty_password_is_read():
    doc = _parse([paragraph(72, 100, BODY)], password="")
    assert "without further delay" in _text(doc)


def test_a_pdf_locked_with_a_password_is_refused_clearly():
    data = make_pdf([paragraph(72, 100, BODY)], password="secret")
    with pytest.raises(IngestError, match="encrypted with a password"):
        parse_bytes(data, name="locked.pdf")


def test_a_damaged_pdf_is_refused_clearly():
    data = make_pdf([paragraph(72, 100, BODY)])
    with pytest.raises(IngestError, match="damaged"):
        parse_bytes(data[:200] + b"\x00garbage" * 20, name="broken.pdf")
