"""A small library for browser tests: documents of different types, authors and years.

Built with ``tests.factories`` rather than the corpus, so the tests do not move
when the corpus parsers improve. Texts are long enough for the table of contents
to follow the scroll.
"""

from __future__ import annotations

from tests.factories import make_document

FILLER = (
    "The commission heard witnesses from the region over several weeks, and its "
    "members travelled to the villages along the line of contact to record what "
    "residents had seen. Their accounts were consistent on the essential points."
)

INTRO = (
    "This report examines the right to self-determination of the people of the region "
    "and the obligations of states under international law. It draws on testimony, "
    "satellite imagery and the record of negotiations since the ceasefire."
)
CLEANSING = (
    "Acts of ethnic cleansing were documented in several districts after the blockade "
    "began. The pattern of displacement followed the closure of the only road."
)
REMEDIES = (
    "Remedial secession is sometimes described as a last resort. The doctrine holds "
    "that a people denied internal self-determination may claim independence."
)
PASSAGE = "The road was closed on the morning of 12 December and never reopened."


def _body(lead: str, paragraphs: int = 5) -> str:
    return "\n\n".join([lead] + [FILLER] * paragraphs)


def load_sample() -> dict:
    """Store the sample library; returns the documents by role."""
    report_sections = [
        ("Introduction", _body(INTRO)),
        ("Ethnic Cleansing", _body(CLEANSING) + "\n\n" + PASSAGE),
        ("Remedial Secession", _body(REMEDIES)),
        ("Conclusion", _body("The international community must act without delay.", 3)),
    ]
    first_para = len(INTRO)
    report = make_document(
        slug="report",
        title="Self-Determination and the Blockade",
        sections=report_sections,
        notes={
            "1": "See the UN Charter, art. 1(2), https://www.un.org/en/about-us/un-charter.",
            "2": "Testimony recorded in the field, November 2022.",
            "3": "",
        },
        refs={
            "introduction": [("1", first_para)],
            "ethnic-cleansing": [("2", len(CLEANSING)), ("3", len(CLEANSING))],
        },
        authors=("Human Rights Commission",),
        date="2022-11-15",
        doc_type="report",
    )
    letter = make_document(
        slug="letter",
        title="Letter to the Secretary-General",
        sections=[("", "We write to draw your attention to the humanitarian situation.")],
        authors=("Association of Lawyers", "Women's Association"),
        date="2020-10-27",
        doc_type="letter",
    )
    thesis = make_document(
        slug="thesis",
        title="Remedial Secession as Soft Law",
        sections=[("Abstract", REMEDIES), ("Method", _body("This thesis compares cases.", 2))],
        authors=("A. Student",),
        date="2023",
        doc_type="thesis",
    )
    draft = make_document(
        slug="draft",
        title="Unpublished draft on ethnic cleansing",
        status="draft",
    )
    return {"report": report, "letter": letter, "thesis": thesis, "draft": draft}
