"""Markdown: GFM footnotes wherever they are defined, front matter, comments left out."""

from portal.ingest import parse_bytes


def parse(text: str):
    return parse_bytes(text.encode("utf-8"), name="doc.md")


def notes(doc) -> dict[str, str]:
    return {n.label: n.text for n in doc.footnotes}


def refs(doc) -> list[tuple[str, str]]:
    return [
        (r.footnote, s.text[max(0, r.offset - 12) : r.offset]) for s in doc.sections for r in s.refs
    ]


def body(doc) -> str:
    return "\n\n".join(s.text for s in doc.sections)


def test_definitions_in_the_middle_of_the_text_and_a_note_cited_twice():
    doc = parse(
        "# Heap design\n\nLarge allocations are rare.[^1] The scavenger runs often.[^2]\n\n"
        "[^1]: Above 4 MiB.\n\n[^2]: Every GC cycle.\n\n## Later\n\n"
        "As said before, large allocations are rare.[^1]\n"
    )
    assert doc.title == "Heap design"
    assert notes(doc) == {"1": "Above 4 MiB.", "2": "Every GC cycle."}
    assert refs(doc) == [
        ("1", "ns are rare."),
        ("2", " runs often."),
        ("1", "ns are rare."),
    ]
    assert [s.heading for s in doc.sections] == ["", "Later"]
    assert "Above 4 MiB" not in body(doc)


def test_named_labels_and_multi_paragraph_notes():
    doc = parse(
        "Text with a named note.[^menabrea]\n\n"
        "[^menabrea]: Menabrea, 1842.\n\n    Translated by Ada Lovelace in 1843.\n"
    )
    assert notes(doc) == {"menabrea": "Menabrea, 1842.\n\nTranslated by Ada Lovelace in 1843."}


def test_code_blocks_in_a_note_are_its_text():
    doc = parse('A claim.[^1]\n\n[^1]:\n    ```json\n    {"id": 1, "title": "Sketch"}\n    ```\n')
    assert notes(doc) == {"1": '{"id": 1, "title": "Sketch"}'}


def test_html_comments_are_not_content_even_when_they_hold_note_definitions():
    doc = parse(
        "# Spec\n\nControl flow matters.[^1]\n\n<!--\n[^1]: An old draft of the note.\n"
        "A hidden remark.\n-->\n\n[^1]: The note itself.\n"
    )
    assert notes(doc) == {"1": "The note itself."}
    assert "hidden" not in body(doc) and "old draft" not in body(doc)
    assert doc.warnings == ()


def test_yaml_front_matter_gives_title_authors_and_date():
    doc = parse(
        '---\ntitle: "Foundations: a survey"\nauthor:\n  - name: Ada Lovelace\n'
        "  - name: Charles Babbage\ndate: 2024-03-05\n---\n\n# Introduction\n\nText.\n"
    )
    assert doc.title == "Foundations: a survey"
    assert doc.authors == ("Ada Lovelace", "Charles Babbage")
    assert doc.date == "2024-03-05"
    assert [s.heading for s in doc.sections] == ["Introduction"]


def test_front_matter_created_date_and_single_author_line():
    doc = parse(
        "---\neip: 8173\ntitle: Foundations of EVM Control Flow\nauthor: Greg Colvin (@gcolvin)"
        "\ncreated: 2026-02-16\n---\n\n## Abstract\n\nText.\n"
    )
    assert (doc.title, doc.authors, doc.date) == (
        "Foundations of EVM Control Flow",
        ("Greg Colvin (@gcolvin)",),
        "2026-02-16",
    )


def test_a_missing_definition_and_an_unused_one_are_reported():
    doc = parse("Cited.[^1] Also cited.[^2]\n\n[^1]: Here.\n\n[^3]: Never cited.\n")
    assert any("Note 2 is cited in the text but no note text" in w for w in doc.warnings)
    assert any("Note 3 has no marker" in w for w in doc.warnings)


def test_numbers_in_markdown_prose_are_text():
    doc = parse("# Trial\n\nIn 2019, 45 patients received 5 mg.1 In 1998 5 died.2\n")
    assert doc.footnotes == () and doc.warnings == ()
    assert "5 mg.1 In 1998 5 died.2" in body(doc)


def test_pandoc_heading_attributes_are_not_heading_text():
    doc = parse("# Title {#top}\n\n## Section {#sec .unnumbered}\n\nText.\n")
    assert doc.title == "Title"
    assert [s.heading for s in doc.sections] == ["Section"]


def test_notes_written_out_as_a_numbered_list_under_a_notes_heading():
    doc = parse(
        "# A Report\n\nThe findings were clear [1] and the remedy obvious [2] to all.\n\n"
        "## Notes\n\n1. First note text.\n2. Second note text.\n"
    )
    assert notes(doc) == {"1": "First note text.", "2": "Second note text."}
    assert [label for label, _ in refs(doc)] == ["1", "2"]


def test_a_reference_list_in_markdown_stays_text():
    doc = parse(
        "# Trial\n\nWe cite [1] and [2].\n\n## References\n\n1. Smith 2019.\n2. Doe 2020.\n"
    )
    assert doc.footnotes == ()
    assert "We cite [1] and [2]." in body(doc)


def test_text_between_two_rules_without_keys_is_text_not_front_matter():
    doc = parse("---\nA quiet note between two rules\n---\n\nBody.\n")
    assert "A quiet note between two rules" in body(doc)
