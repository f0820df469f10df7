"""Plain-text structure: headings in the forms text uses, lists, verse, Gutenberg headers."""

import subprocess

from portal.ingest import parse_bytes
from tests.portal.roundtrip import require

PARA = (
    "The committee met in the spring and again in the autumn, and its members agreed on "
    "the main points of the report before it went to print."
)


def parse(text: str):
    return parse_bytes(text.encode("utf-8"), name="doc.txt")


def headings(doc) -> list[tuple[str, int]]:
    return [(s.heading, s.level) for s in doc.sections if s.heading]


def test_markdown_style_headings_keep_their_levels_and_lose_their_hashes():
    doc = parse(f"# The Report\n\n{PARA}\n\n## Findings\n\n{PARA}\n\n### Detail ###\n\n{PARA}\n")
    assert doc.title == "The Report"
    assert headings(doc) == [("Findings", 1), ("Detail", 2)]
    assert "#" not in "".join(s.text for s in doc.sections)


def test_setext_underlined_headings():
    doc = parse(f"The Report\n==========\n\n{PARA}\n\nFindings\n--------\n\n{PARA}\n")
    assert doc.title == "The Report"
    assert headings(doc) == [("Findings", 1)]
    assert "===" not in doc.sections[0].text and "---" not in doc.sections[-1].text


def test_capitals_and_short_lines_standing_alone_are_headings():
    doc = parse(
        f"A SHORT HISTORY\n\n{PARA}\n\nTHE SNAKE DANCE.\n\n{PARA}\n\nLater Years\n\n{PARA}\n"
    )
    assert [h for h, _ in headings(doc)] == ["A SHORT HISTORY", "THE SNAKE DANCE.", "Later Years"]


def test_a_table_of_contents_row_and_a_signature_are_not_headings():
    doc = parse(
        f"PREFACE\n\n{PARA}\n\n                                   JAMES T. LIGHTWOOD.\n\n"
        "    CONTENTS\n\n      I.  DICKENS AS A MUSICIAN                          1\n\n"
        f"      II.  INSTRUMENTAL COMBINATIONS                    23\n\n{PARA}\n"
    )
    assert [h for h, _ in headings(doc)] == ["PREFACE", "CONTENTS"]


def test_wrapped_lines_are_joined_and_verse_keeps_its_lines():
    wrapped = "\n".join(PARA[i : i + 60] for i in range(0, len(PARA), 60))
    verse = "Oh, the wind and the rain,\nAnd the long road home,\nAnd the light in the door."
    doc = parse(f"Title\n\n{wrapped}\n\n{PARA}\n\n{verse}\n")
    text = doc.sections[0].text
    assert PARA.replace(" ", "") in text.replace(" ", "").replace("\n", "")
    assert verse in text


def test_list_items_keep_their_numbers_and_stay_apart():
    doc = parse(f"Steps\n\n{PARA}\n\n1. Open the valve.\n2. Wait 5 minutes.\n3. Close it.\n")
    text = doc.sections[0].text
    assert "1. Open the valve.\n\n2. Wait 5 minutes.\n\n3. Close it." in text
    assert doc.footnotes == ()


def test_project_gutenberg_header_gives_title_author_and_language():
    doc = parse(
        "The Project Gutenberg eBook, A Folk-Lore Study, by J. Walter Fewkes\n\n"
        "Title: A Folk-Lore Study\n\nAuthor: J. Walter Fewkes\n\n"
        "Release Date: March 15, 2006  [eBook #17997]\n\nLanguage: English\n\n"
        "***START OF THE PROJECT GUTENBERG EBOOK A FOLK-LORE STUDY***\n\n"
        f"A FOLK-LORE STUDY.\n\n{PARA}\n"
    )
    assert doc.title == "A Folk-Lore Study"
    assert doc.authors == ("J. Walter Fewkes",)
    assert doc.language == "en"
    assert "A FOLK-LORE STUDY." in [s.heading for s in doc.sections]


def test_a_title_page_without_headings_still_gives_the_title():
    doc = parse(f"Remedial Secession\nA Case Study\n\nBy Jane Roe\n\n{PARA}\n")
    assert (doc.title, doc.subtitle, doc.authors) == (
        "Remedial Secession",
        "A Case Study",
        ("Jane Roe",),
    )


def test_a_gutenberg_title_wrapped_onto_a_second_line():
    doc = parse(
        "Title: The History of Things,\n       Volume One\n\nAuthor: A. Writer\n\n"
        f"*** START OF THE PROJECT GUTENBERG EBOOK THINGS ***\n\n{PARA}\n"
    )
    assert doc.title == "The History of Things, Volume One"


def test_text_saved_by_a_word_processor_has_one_paragraph_per_line():
    long_a, long_b = PARA + " " + PARA, PARA.replace("committee", "board") + " " + PARA
    doc = parse(f"Annual Report\nIntroduction\n{long_a}\n{long_b}\nResults\n{long_b}\n")
    assert doc.title == "Annual Report"
    assert [h for h, _ in headings(doc)] == ["Introduction", "Results"]
    assert doc.sections[0].text == f"{long_a}\n\n{long_b}"


def test_libreoffice_text_export_keeps_the_digits_of_its_lost_notes_as_text(tmp_path):
    require("soffice")
    md = tmp_path / "notes.md"
    md.write_text("# Title\n\nSome text.[^1] More[^2] here.\n\n[^1]: One.\n[^2]: Two.\n")
    docx = tmp_path / "notes.docx"
    subprocess.run(["pandoc", str(md), "-o", str(docx)], check=True, capture_output=True)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "txt:Text (encoded):UTF8", str(docx)],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=180,
    )
    doc = parse_bytes((tmp_path / "notes.txt").read_bytes(), name="notes.txt")
    assert doc.footnotes == () and not any(s.refs for s in doc.sections)
    assert "Some text.1 More2 here." in doc.title + " ".join(s.text for s in doc.sections)


def test_page_numbers_between_pages_are_dropped_and_other_numbers_kept():
    doc = parse(f"Report\n\n{PARA}\n\n1\n\n{PARA}\n\n2\n\n{PARA}\n\n3\n\n{PARA}\n")
    assert all(
        p.strip() != str(n) for s in doc.sections for p in s.text.split("\n\n") for n in (1, 2, 3)
    )
    counts = parse(f"Counts\n\n{PARA}\n\n7\n\n12\n\n30\n")
    assert counts.sections[0].text.endswith("7\n\n12\n\n30")
