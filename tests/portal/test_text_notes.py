"""Plain-text notes: read only where the text shows a footnote apparatus."""

import subprocess

import pytest

from portal.ingest import parse_bytes
from tests.portal.roundtrip import require


def parse(text: str):
    return parse_bytes(text.encode("utf-8"), name="notes.txt")


def notes(doc) -> dict[str, str]:
    return {n.label: n.text for n in doc.footnotes}


def refs(doc) -> list[tuple[str, str]]:
    """(label, the 14 characters before the marker) in text order."""
    return [
        (r.footnote, s.text[max(0, r.offset - 14) : r.offset]) for s in doc.sections for r in s.refs
    ]


def body(doc) -> str:
    return "\n\n".join(s.text for s in doc.sections)


def test_bracketed_notes_at_the_end_as_pandoc_plain_writes_them():
    require("pandoc")
    md = (
        "# Field Report\n\nThe survey covered 12 sites.[^1] Two were flooded[^2] in March.\n\n"
        "## Results\n\nMost sites recovered within 3 weeks.[^3]\n\n"
        "[^1]: Listed in the annex.\n[^2]: See the 2019 survey.\n[^3]: Median 19 days.\n"
    )
    plain = subprocess.run(
        ["pandoc", "-f", "markdown", "-t", "plain"], input=md, capture_output=True, text=True
    ).stdout
    doc = parse(plain)
    assert notes(doc) == {
        "1": "Listed in the annex.",
        "2": "See the 2019 survey.",
        "3": "Median 19 days.",
    }
    assert refs(doc) == [("1", "ered 12 sites."), ("2", "o were flooded"), ("3", "ithin 3 weeks.")]
    assert "[" not in body(doc)
    assert doc.warnings == ()


def test_email_style_link_notes_one_per_line_and_a_note_cited_twice():
    doc = parse(
        "Hi all,\n\nSee the report [1] and the dashboard [2]. The new figures [1] are better "
        "than last year's, by 4 points.\n\nCheers,\nAlice\n\n"
        "[1] https://example.com/report\n[2] https://example.com/dash\n"
    )
    assert notes(doc) == {"1": "https://example.com/report", "2": "https://example.com/dash"}
    assert [label for label, _ in refs(doc)] == ["1", "2", "1"]
    assert "the report and the dashboard." in body(doc)


def test_parenthesised_notes_and_a_parenthesised_number_that_is_text():
    doc = parse(
        "Results\n\nIn 2019, 45 patients received 5 mg daily.(1) Of these, 12 (27%) "
        "improved.(2)\n\nTreatment lasted 3 weeks; (3) patients dropped out.\n\n"
        "(1) Smith et al., 2018.\n(2) Jones, 2020.\n"
    )
    assert notes(doc) == {"1": "Smith et al., 2018.", "2": "Jones, 2020."}
    assert [label for label, _ in refs(doc)] == ["1", "2"]
    assert "(3) patients dropped out" in body(doc)


def test_asterisk_and_dagger_notes_at_the_end():
    doc = parse(
        "A Study\n\nThe effect was large.* Another claim, made by the second team in the same "
        "year, follows here.†\n\n* Measured in 2019.\n† Unpublished data.\n"
    )
    assert notes(doc) == {"*": "Measured in 2019.", "†": "Unpublished data."}
    assert refs(doc) == [("*", "ect was large."), ("†", " follows here.")]


def test_gutenberg_footnote_blocks_after_their_paragraph():
    doc = parse(
        "The chief told the story at length,[1] and the others listened.[2]\n\n"
        "[Footnote 1: He spoke for two hours.]\n\n"
        "[Footnote 2: In silence, as the custom\nrequires.]\n\n"
        "The next morning they left for the coast.[3]\n\n"
        "[Footnote 3: A day's walk.\n\nThe path is now a road.]\n"
    )
    assert notes(doc) == {
        "1": "He spoke for two hours.",
        "2": "In silence, as the custom requires.",
        "3": "A day's walk.\n\nThe path is now a road.",
    }
    assert refs(doc)[0] == ("1", "ory at length,")
    assert "Footnote" not in body(doc) and doc.warnings == ()


def test_gutenberg_notes_after_each_chapter_and_an_index_number_that_is_not_a_marker():
    doc = parse(
        "CHAPTER I\n\nHe was fond of Chopin[1] and of Mozart.[2]\n\n"
        "[1]  As he wrote in 1853.\n\n[2]  Forster.\n\n"
        "CHAPTER II\n\nThe organ[3] was his favourite.\n\n[3]  A barrel-organ.\n\n"
        "INDEX\n\n  Banjo, [20]\n  Organ, 3, [3]\n"
    )
    assert notes(doc) == {"1": "As he wrote in 1853.", "2": "Forster.", "3": "A barrel-organ."}
    assert [label for label, _ in refs(doc)] == ["1", "2", "3"]
    assert "Banjo, [20]" in body(doc) and "Organ, 3, [3]" in body(doc)


def test_note_numbers_restarting_in_each_chapter_stay_apart():
    doc = parse(
        "CHAPTER ONE\n\nFirst claim.[1] Second claim.[2]\n\n[1] Note one.\n\n[2] Note two.\n\n"
        "CHAPTER TWO\n\nAnother claim.[1]\n\n[1] The chapter's own first note.\n"
    )
    assert list(notes(doc).values()) == ["Note one.", "Note two.", "The chapter's own first note."]
    assert len(set(notes(doc))) == 3
    assert [label for label, _ in refs(doc)] == list(notes(doc))


@pytest.mark.parametrize(
    "text",
    [
        # A numbered URL list nobody cites.
        "Links\n\nUseful sites for the project, in no order at all here.\n\n"
        "[1] https://a.example.org\n[2] https://b.example.org\n",
        # A reference list under its heading: citations, not notes.
        "Methods\n\nWe cite prior work [1] and more [2], as the field does, with care.\n\n"
        "References\n\n[1] Smith, J. (2019). A study. J 4(2), 1-10.\n"
        "[2] Doe, A. (2020). Another. J 5(1), 11-20.\n",
        # List items and measurements.
        "Shopping\n\nThings to buy for the trip tomorrow morning before we leave:\n\n"
        "1. Bread\n2. Milk, 2 litres\n3. Eggs\n\n"
        "In 1998 5 patients received 5 mg.1 The rate was 3.5 per 100,000.2 Of 12 sites, 3 "
        "closed.\n",
        # A bullet list with asterisks after a starred word.
        "Notes on the trip\n\nA *very* long day, with one stop* only.\n\n* bread\n* milk\n",
    ],
    ids=["url-list", "reference-list", "list-and-measurements", "bullets"],
)
def test_no_notes_are_invented(text):
    doc = parse(text)
    assert doc.footnotes == ()
    assert not any(s.refs for s in doc.sections)
    assert not any("cited in the text" in w for w in doc.warnings)


def test_scientific_prose_in_pdf_like_lines_gets_no_markers():
    lines = [
        "In 2019, 45 patients received 5 mg of the study drug.1 The dose was",
        "raised to 10 mg in week 3, 2 patients left the trial, and by 2020 the",
        "remaining 43 had been followed for 12 months.2 Blood pressure fell by",
        "8 mmHg, 95% CI 5-11, in 31 of them.3",
        "",
        "2",
        "",
        "The second page reports 7 adverse events in 4 patients, all mild.",
    ]
    doc = parse("\n".join(lines))
    assert doc.footnotes == ()
    assert "study drug.1 The dose" in body(doc)


def test_a_gutenberg_footnote_set_inside_its_paragraph_is_taken_out():
    doc = parse(
        "The chief told the story at length,[1] and the others\n"
        "[Footnote 1: He spoke for two hours,\nas is the custom.]\n"
        "listened in silence until the end.[2]\n\n[Footnote 2: A day's walk.]\n"
    )
    assert notes(doc) == {"1": "He spoke for two hours, as is the custom.", "2": "A day's walk."}
    assert body(doc) == (
        "The chief told the story at length, and the others listened in silence until the end."
    )


def test_markdown_footnotes_in_a_text_file():
    doc = parse(
        "# Title\n\nA note.[^1] Another[^two] here.\n\n[^1]: The note.\n[^two]: The second.\n"
    )
    assert notes(doc) == {"1": "The note.", "two": "The second."}
    assert body(doc) == "A note. Another here." and doc.warnings == ()


def test_a_numbered_list_under_a_notes_heading_cited_in_brackets():
    doc = parse(
        "A Report\n\nThe findings were clear [1] and the remedy was obvious [2] to all who "
        "read the full text.\n\nNotes\n\n1. First note text.\n2. Second note text.\n"
    )
    assert notes(doc) == {"1": "First note text.", "2": "Second note text."}
    assert [label for label, _ in refs(doc)] == ["1", "2"]


def test_a_numbered_list_elsewhere_is_not_notes():
    doc = parse(
        "Steps\n\nDo as the manual says [1] and then as the other one says [2], in that "
        "order.\n\nProcedure\n\n1. Open the valve.\n2. Close it.\n"
    )
    assert doc.footnotes == ()
    assert "says [1] and" in body(doc)


def test_a_paragraph_between_note_n_and_note_n_plus_1_belongs_to_note_n():
    doc = parse(
        "CHAPTER I\n\nHe was fond of Chopin[1] and of Mozart.[2] The rest of this sentence is "
        "long enough.\n\n[1]  As he wrote in 1853.\n\n     A second paragraph of the note.\n\n"
        "[2]  Forster.\n\nBody resumes here, citing nothing, a paragraph of its own.\n"
    )
    assert notes(doc) == {
        "1": "As he wrote in 1853.\n\nA second paragraph of the note.",
        "2": "Forster.",
    }
    assert body(doc).endswith("Body resumes here, citing nothing, a paragraph of its own.")


def test_a_body_paragraph_citing_the_next_note_is_not_absorbed():
    doc = parse("First claim.[1]\n\n[1] One.\n\nSecond claim.[2]\n\n[2] Two.\n")
    assert notes(doc) == {"1": "One.", "2": "Two."}
    assert body(doc) == "First claim.\n\nSecond claim."


def test_an_empty_gutenberg_footnote_opening_stays_text():
    """A "[Footnote 1:" with nothing after it is no note: the line is kept, not lost."""
    doc = parse("He said so.[1]\n\n[Footnote 1:\n")
    assert not doc.footnotes
    assert "[Footnote 1:" in body(doc)
