"""The plain-text parser on the real corpus files, checked against a reading of each file."""

import re

import pytest

from portal.ingest import parse_bytes
from tests.conftest import corpus_file

# Notes whose text is present in 001 (3–8, 15–69, 72–80, 107–109 were lost with their pages).
NOTES_WITH_TEXT_001 = {1, 2, *range(9, 15), 70, 71, *range(81, 107), *range(110, 133)}


def parse(prefix: str):
    path = corpus_file(prefix)
    return parse_bytes(path.read_bytes(), name=path.name)


@pytest.fixture(scope="module")
def docs():
    return {prefix: parse(prefix) for prefix in ("001", "002", "003", "004")}


def notes(doc) -> dict[str, str]:
    return {n.label: n.text for n in doc.footnotes}


def marker_context(doc) -> dict[str, str]:
    """label -> the 40 characters of section text before its marker."""
    out = {}
    for section in doc.sections:
        for ref in section.refs:
            out.setdefault(ref.footnote, section.text[max(0, ref.offset - 40) : ref.offset])
    return out


def cited(doc) -> list[str]:
    return [r.footnote for s in doc.sections for r in s.refs]


@pytest.mark.parametrize(("prefix", "count"), [("001", 132), ("002", 56), ("003", 96)])
def test_every_marker_is_found_once_in_sequence(docs, prefix, count):
    labels = cited(docs[prefix])
    assert sorted(map(int, labels)) == list(range(1, count + 1))


def test_001_note_texts_present_in_the_file_are_all_found(docs):
    found = {int(label) for label, text in notes(docs["001"]).items() if text}
    assert found == NOTES_WITH_TEXT_001


@pytest.mark.parametrize(
    ("label", "before"),
    [
        ("1", "with a commemorative stamp"),
        ("2", "Nazi propaganda illustration"),
        ("4", "appeal for a global ceasefire,"),
        ("9", "on 20 February 1988,"),
        ("12", "the Baku Pogrom of January 1990"),  # "199012" in the file
        ("15", "the War crimes Drop Box folder"),
        ("17", "the recent Azerbaijani aggression."),  # "aggression. 17 These"
        ("18", "(a) and/or Article 8(2) (a)(i),"),
        ("24", "Against Torture (UNCAT) - Article 2."),  # "Article 2.24"
        ("31", "Article 8(2)(c)(i) and (iv),"),  # ", 31" set off by a space
        ("70", "1907 Hague Regulations Article 27,"),
        ("122", "are also being kicked and stepped on."),
        ("123", "kicked in the face by Azeri soldier."),
        ("132", "posing over dead Armenian POWs."),
    ],
)
def test_001_markers_point_from_the_right_place(docs, label, before):
    assert marker_context(docs["001"])[label].endswith(before)


@pytest.mark.parametrize(
    ("label", "start", "end"),
    [
        ("1", "Lucia de la Torre, “Azerbaijani postal stamps", "anti-armenian-propaganda>."),
        ("11", "Ibid.", "Ibid."),
        # Number line lost: placed by what marker 70 cites (the 1907 Hague Regulations).
        ("70", "Concerning the Laws and Customs of War on Land", "[Hague Convention 1907]."),
        ("89", "Convention on Prohibitions or Restrictions", "1342 UNTS 137 art 50."),
        ("99", "Ibid, art 2(3).", "Ibid, art 2(3)."),
        ("102", "Sheila Paylan et al.", "R2P-25-Nov-2020.pdf>."),
        ("104", "Second report on Azerbaijan", "AZECbC-III-2007-22-ENG.pdf>."),
        ("106", "Nerses Kopalyan", "online:"),
        ("110", "“A Victory parade", "<en.president.az/articles/48788>."),
        ("114", "“Ilham Aliyev chaired", "<en.president.az/articles/14805>."),
        ("122", "kolorit_18,", "<t.me/kolorit_18/173>."),
    ],
)
def test_001_note_texts_are_whole(docs, label, start, end):
    text = notes(docs["001"])[label]
    assert text.startswith(start)
    assert text.endswith(end)


def test_001_urls_cut_by_line_breaks_are_joined(docs):
    text = notes(docs["001"])["115"]
    assert "Deceased/Beheadings/Case%201%20-%20Civilian" in text


def test_page_numbers_list_numbers_and_years_are_not_markers(docs):
    doc = docs["001"]
    body = "\n\n".join(s.text for s in doc.sections)
    # Page numbers are gone: no paragraph is a bare number.
    assert not [p for p in body.split("\n\n") if re.fullmatch(r"\s*\d+\s*", p)]
    # Numbered legal lists keep their numbers.
    assert "18. Protocol II to the Geneva Convention - Article 4(2)(a) and (e)" in body
    assert "43. Protocol I to the Geneva Convention - Article 47(1)" in body
    assert "January 1990, the siege" in body
    assert "1918. As such, the year 1918" in "\n".join(s.text for s in docs["003"].sections)


def test_digits_inside_urls_never_become_markers(docs):
    for doc in docs.values():
        for section in doc.sections:
            for ref in section.refs:
                before = section.text[max(0, ref.offset - 30) : ref.offset]
                assert not re.search(r"(https?://|www\.)\S*$", before)


def test_002_notes_and_continuations(docs):
    doc_notes = notes(docs["002"])
    assert len(doc_notes) == 56 and all(doc_notes.values())
    # The note's second half came after a page break, as its own paragraph.
    assert doc_notes["3"].endswith("1646637425-52831-785.pdf>.")
    assert "<https://rm.coe.int/first-report-on-azerbaijan/16808b5579>" in doc_notes["3"]
    assert doc_notes["34"].endswith("lessons-of-the-second-karabakh-war/>.")
    assert docs["002"].warnings == ()


def test_002_body_paragraphs_cut_by_page_breaks_are_joined(docs):
    body = "\n\n".join(s.text for s in docs["002"].sections)
    assert "refrain from hate speech towards Armenians and create adequate conditions" in body
    assert "does not shy away from committing such criminal acts" in body


def test_003_doubled_note_number_and_continuations(docs):
    doc_notes = notes(docs["003"])
    assert len(doc_notes) == 96 and all(doc_notes.values())
    assert doc_notes["89"].startswith("International Covenant on Civil and Political Rights.")
    assert doc_notes["70"].endswith("older-people-new-reports/>.")
    assert doc_notes["71"].endswith("31217971.html>.")
    assert doc_notes["84"].endswith("must-be-immediately-lifted/>.")
    assert doc_notes["85"].endswith("TA-9-2023-0082_EN.html.")
    assert marker_context(docs["003"])["89"].endswith("human rights violations,")


def test_003_long_run_is_split_into_navigable_parts_at_paragraph_breaks(docs):
    doc = docs["003"]
    assert [s.heading for s in doc.sections[:3]] == ["", "Acknowledgements", "Notes"]
    assert len(doc.sections) >= 8
    assert max(len(s.text.split()) for s in doc.sections) < 1500
    # Each part starts with a whole paragraph: its first words open a sentence.
    for section in doc.sections[3:]:
        assert section.text[0].isupper() or section.text[0] in '“"'
        assert section.heading.rstrip("…") in section.text.replace("\n", " ")


def test_004_end_notes_are_matched_by_order(docs):
    doc = docs["004"]
    doc_notes = notes(docs["004"])
    assert list(doc_notes) == [str(i) for i in range(1, 10)]
    assert all(text.startswith("See ") for text in doc_notes.values())
    assert doc_notes["6"].endswith("https://armenpress.am/eng/news/1031632 html>.")
    assert cited(doc) == ["1", "2", "3", "4", "5", "6", "7", "9"]
    context = marker_context(doc)
    assert context["6"].endswith("injured in Armenia;")  # a plain "6" after the list item
    assert context["9"].endswith("from Syria, by Azerbaijan.")
    assert any("Note 8 has no marker" in w for w in doc.warnings)


@pytest.mark.parametrize(
    ("prefix", "title", "authors", "date", "doc_type"),
    [
        ("001", "The 2020 Armenian Genocide", ["Arman Azadian"], "2021", "paper"),
        (
            "002",
            "Call for Action: Decisive Measures Needed for Preventing Ethnic Cleansing or "
            "Worse in Nagorno-Karabakh",
            [
                "“For Equal Rights” NGO",
                "Helsinki Citizens’ Assembly – Vanadzor NGO",
                "Law Development and Protection Foundation",
                "Open Society Foundations – Armenia",
                "Protection of Rights without Borders NGO",
                "Transparency International Anti-Corruption Center",
            ],
            "2022-11",
            "submission",
        ),
        ("003", "Remedial Secession as Soft Law", ["Alex Avaneszadeh"], "2023", "thesis"),
        (
            "004",
            "Letter to António Manuel de Oliveira Guterres, Secretary General of the United "
            "Nations",
            [
                "Armenian General Benevolent Union (AGBU)",
                "Armenian International Women's Association (AIWA)",
                "Armenian Relief Society (ARS)",
            ],
            "2020-10-27",
            "letter",
        ),
    ],
)
def test_metadata(docs, prefix, title, authors, date, doc_type):
    doc = docs[prefix]
    assert (doc.title, list(doc.authors), doc.date, doc.doc_type) == (
        title,
        authors,
        date,
        doc_type,
    )


def test_003_subtitle(docs):
    assert docs["003"].subtitle == "The Case Study of Artsakh's Self-Determination"


def test_001_headings(docs):
    headings = [s.heading for s in docs["001"].sections]
    assert headings == [
        "",
        "Introduction",
        "Historic Context",
        "War Crimes",
        "Beheadings and Mutilations",
        "Summary executions",
        "Torture, cruel and inhuman treatment",
        "Ill treatment of the dead",
        "Destruction of civilian areas, including hospitals, schools and other "
        "non-military infrastructure",
        "Destruction of churches, monasteries, and cultural monuments",
        "Use of mercenaries",
        "Crimes of Aggression",
        "Armenophobia as a state policy and cultural identity in Azerbaijan.",
        "Threats of future atrocities and genocide",
        "Conclusion",
        "ANNEX A – Videos and Images of War Crimes committed by Azerbaijan and Turkey",
    ]


def test_002_headings(docs):
    headings = [s.heading for s in docs["002"].sections if not s.heading.endswith("…")]
    assert headings == [
        "",
        "Systemic Hatred, Mass Atrocities, and Violations of IHL",
        "Impunity and the Imminent Threat of Ethnic Cleansing",
        "What Can Be Done",
        "Appendix: Background Information on the Nagorno-Karabakh Conflict",
    ]


def test_anchors_are_unique_slugs(docs):
    for doc in docs.values():
        anchors = [s.anchor for s in doc.sections]
        assert len(anchors) == len(set(anchors))
        assert all(re.fullmatch(r"[a-z0-9-]+", a) for a in anchors)


def test_001_warnings_name_what_is_missing(docs):
    warnings = " ".join(docs["001"].warnings)
    assert "3–8" in warnings and "15–69" in warnings
    assert "Marker 122 comes after marker 123" in warnings
