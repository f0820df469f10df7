"""Citations of the real corpus, each style compared with a citation written out by hand.

Accessed dates and URLs are fixed so the expected strings are exact. The corpus
is imported through the real parser and loader; sections are found by anchor.
"""

import datetime

import pytest

from portal.citing import cite, is_generated_heading, reference_for
from portal.citing.reference import parse_name, title_page_facts
from tests.portal.corpus_docs import stored

ACCESSED = datetime.date(2026, 12, 1)
BASE = "https://lectern.example"


@pytest.fixture
def corpus(db):
    return {prefix: stored(prefix) for prefix in ("001", "002", "003", "004")}


def styles(document, anchor=None, paragraph=None):
    section = document.sections.get(anchor=anchor) if anchor else None
    path = f"/d/{document.slug}/" + (f"s/{anchor}/" if anchor else "")
    ref = reference_for(
        document, BASE + path, section=section, paragraph=paragraph, accessed=ACCESSED
    )
    return {c.style: c for c in cite(ref)}


THESIS_URL = (
    f"{BASE}/d/remedial-secession-as-soft-law/s/these-included-the-supreme-court-of-canadas-1998/"
)
THESIS_TITLE = "Remedial Secession as Soft Law: The Case Study of Artsakh's Self-Determination"


def test_thesis_by_section_number_never_by_its_generated_label(corpus):
    got = styles(corpus["003"], "these-included-the-supreme-court-of-canadas-1998", paragraph=3)
    assert got["Chicago"].note == (
        f"Alex Avaneszadeh, “{THESIS_TITLE}” (master’s thesis, Tufts University, 2023), "
        f"§ 8, ¶ 3, accessed December 1, 2026, {THESIS_URL}."
    )
    assert got["Chicago"].entry == (
        f"Avaneszadeh, Alex. “{THESIS_TITLE}.” Master’s thesis, Tufts University, 2023. "
        f"Accessed December 1, 2026. {THESIS_URL}."
    )
    assert got["APA"].note == "(Avaneszadeh, 2023, Section 8, para. 3)"
    assert got["APA"].entry == (
        f"Avaneszadeh, A. (2023). {THESIS_TITLE} [Master’s thesis, Tufts University]. "
        f"Lectern. Retrieved December 1, 2026, from {THESIS_URL}"
    )
    assert got["MLA"].note == "(Avaneszadeh, sec. 8, par. 3)"
    assert got["MLA"].entry == (
        f"Avaneszadeh, Alex. {THESIS_TITLE}. 2023. Tufts U, master’s thesis. "
        f"Lectern, {THESIS_URL}. Accessed 1 Dec. 2026."
    )
    assert got["OSCOLA"].note == (
        f"Alex Avaneszadeh, ‘{THESIS_TITLE}’ (Master’s thesis, Tufts University 2023) "
        f"s 8, para 3 <{THESIS_URL}> accessed 1 December 2026."
    )
    assert got["OSCOLA"].entry == (
        f"Avaneszadeh A, ‘{THESIS_TITLE}’ (Master’s thesis, Tufts University 2023) "
        f"<{THESIS_URL}> accessed 1 December 2026"
    )
    for citation in got.values():
        assert "These included" not in citation.note + citation.entry
        assert ".." not in citation.note + citation.entry


LETTER_URL = f"{BASE}/d/letter-to-antonio-manuel-de-oliveira-guterres/s/front-matter/"
SENDERS = (
    "Armenian General Benevolent Union (AGBU), Armenian International Women's "
    "Association (AIWA), and Armenian Relief Society (ARS)"
)
RECIPIENT = "António Manuel de Oliveira Guterres, Secretary General of the United Nations"


def test_letter_names_sender_recipient_and_date(corpus):
    got = styles(corpus["004"], "front-matter", paragraph=3)
    assert got["Chicago"].note == (
        f"Armenian General Benevolent Union (AGBU) et al. to {RECIPIENT}, October 27, 2020, "
        f"¶ 3, accessed December 1, 2026, {LETTER_URL}."
    )
    assert got["Chicago"].entry == (
        f"{SENDERS}. Letter to {RECIPIENT}. October 27, 2020. "
        f"Accessed December 1, 2026. {LETTER_URL}."
    )
    assert got["APA"].note == "(Armenian General Benevolent Union (AGBU) et al., 2020, para. 3)"
    assert got["APA"].entry == (
        f"{SENDERS.replace(', and', ', &')}. (2020, October 27). Letter to {RECIPIENT}. "
        f"Lectern. Retrieved December 1, 2026, from {LETTER_URL}"
    )
    assert got["MLA"].note == "(Armenian General Benevolent Union (AGBU) et al., par. 3)"
    assert got["MLA"].entry == (
        f"Armenian General Benevolent Union (AGBU), et al. Letter to {RECIPIENT}. 27 Oct. 2020. "
        f"Lectern, {LETTER_URL}. Accessed 1 Dec. 2026."
    )
    assert got["OSCOLA"].note == (
        f"Letter from {SENDERS.replace(', and', ' and')} to {RECIPIENT} (27 October 2020) "
        f"para 3 <{LETTER_URL}> accessed 1 December 2026."
    )
    assert got["OSCOLA"].entry == (
        f"Letter from {SENDERS.replace(', and', ' and')} to {RECIPIENT} (27 October 2020) "
        f"<{LETTER_URL}> accessed 1 December 2026"
    )


SUBMISSION_URL = (
    f"{BASE}/d/call-for-action-decisive-measures-needed-for/s/"
    "it-is-also-noteworthy-that-the-2020-war/"
)
SUBMISSION_TITLE = (
    "Call for Action: Decisive Measures Needed for Preventing Ethnic Cleansing or Worse "
    "in Nagorno-Karabakh"
)
ADVISER = "Alice Ndreitu, Special Adviser on the Prevention of Genocide"
ISSUERS = [
    "“For Equal Rights” NGO",
    "Helsinki Citizens’ Assembly – Vanadzor NGO",
    "Law Development and Protection Foundation",
    "Open Society Foundations – Armenia",
    "Protection of Rights without Borders NGO",
    "Transparency International Anti-Corruption Center",
]


def test_submission_by_its_issuing_organisations(corpus):
    got = styles(corpus["002"], "it-is-also-noteworthy-that-the-2020-war", paragraph=2)
    assert got["Chicago"].note == (
        f"“For Equal Rights” NGO et al., {SUBMISSION_TITLE} (submission to {ADVISER}, "
        f"November 2022), § 3, ¶ 2, accessed December 1, 2026, {SUBMISSION_URL}."
    )
    assert got["Chicago"].entry == (
        f"{', '.join(ISSUERS[:-1])}, and {ISSUERS[-1]}. {SUBMISSION_TITLE}. Submission to "
        f"{ADVISER}, November 2022. Accessed December 1, 2026. {SUBMISSION_URL}."
    )
    assert got["APA"].note == "(“For Equal Rights” NGO et al., 2022, Section 3, para. 2)"
    assert got["APA"].entry == (
        f"{', '.join(ISSUERS[:-1])}, & {ISSUERS[-1]}. (2022, November). {SUBMISSION_TITLE} "
        f"[Submission to {ADVISER}]. Lectern. Retrieved December 1, 2026, from {SUBMISSION_URL}"
    )
    assert got["MLA"].note == "(“For Equal Rights” NGO et al., sec. 3, par. 2)"
    assert got["MLA"].entry == (
        f"“For Equal Rights” NGO, et al. {SUBMISSION_TITLE}. Nov. 2022. Submitted to {ADVISER}. "
        f"Lectern, {SUBMISSION_URL}. Accessed 1 Dec. 2026."
    )
    assert got["OSCOLA"].note == (
        f"“For Equal Rights” NGO and others, {SUBMISSION_TITLE} (Submission to {ADVISER}, "
        f"November 2022) s 3, para 2 <{SUBMISSION_URL}> accessed 1 December 2026."
    )
    assert got["OSCOLA"].entry == (
        f"“For Equal Rights” NGO and others, {SUBMISSION_TITLE} (Submission to {ADVISER}, "
        f"November 2022) <{SUBMISSION_URL}> accessed 1 December 2026"
    )


PAPER_URL = f"{BASE}/d/the-2020-armenian-genocide/s/introduction/"


def test_paper_cites_a_real_heading(corpus):
    got = styles(corpus["001"], "introduction", paragraph=1)
    assert got["Chicago"].note == (
        "Arman Azadian, “The 2020 Armenian Genocide” (2021), § 2 (“Introduction”), ¶ 1, "
        f"accessed December 1, 2026, {PAPER_URL}."
    )
    assert got["Chicago"].entry == (
        "Azadian, Arman. “The 2020 Armenian Genocide.” 2021. "
        f"Accessed December 1, 2026. {PAPER_URL}."
    )
    assert got["APA"].note == "(Azadian, 2021, Introduction section, para. 1)"
    assert got["APA"].entry == (
        "Azadian, A. (2021). The 2020 Armenian Genocide. Lectern. "
        f"Retrieved December 1, 2026, from {PAPER_URL}"
    )
    assert got["MLA"].note == "(Azadian, sec. 2, par. 1)"
    assert got["MLA"].entry == (
        f"Azadian, Arman. “The 2020 Armenian Genocide.” 2021. Lectern, {PAPER_URL}. "
        "Accessed 1 Dec. 2026."
    )
    assert got["OSCOLA"].note == (
        "Arman Azadian, ‘The 2020 Armenian Genocide’ (2021) s 2, para 1 "
        f"<{PAPER_URL}> accessed 1 December 2026."
    )
    assert got["OSCOLA"].entry == (
        f"Azadian A, ‘The 2020 Armenian Genocide’ (2021) <{PAPER_URL}> accessed 1 December 2026"
    )


def test_whole_document_has_no_pinpoint(corpus):
    got = styles(corpus["003"])
    url = f"{BASE}/d/remedial-secession-as-soft-law/"
    assert got["Chicago"].note == (
        f"Alex Avaneszadeh, “{THESIS_TITLE}” (master’s thesis, Tufts University, 2023), "
        f"accessed December 1, 2026, {url}."
    )
    assert got["APA"].note == "(Avaneszadeh, 2023)"
    assert got["MLA"].note == "(Avaneszadeh)"


def test_generated_labels_are_recognised(corpus):
    thesis = corpus["003"]
    generated = thesis.sections.get(anchor="these-included-the-supreme-court-of-canadas-1998")
    assert is_generated_heading(generated)
    assert not is_generated_heading(thesis.sections.get(anchor="acknowledgements"))
    cut = thesis.sections.get(anchor="after-azerbaijan-declared-independence-it-illegally")
    assert is_generated_heading(cut)  # cut at a word without an ellipsis


@pytest.mark.parametrize(
    "text,family,given,literal",
    [
        ("Arman Azadian", "Azadian", "Arman", ""),
        ("Alex Avaneszadeh", "Avaneszadeh", "Alex", ""),
        ("Jean de la Fontaine", "de la Fontaine", "Jean", ""),
        ("Armenian Relief Society (ARS)", "", "", "Armenian Relief Society (ARS)"),
        ("Human Rights Watch", "", "", "Human Rights Watch"),
        ("“For Equal Rights” NGO", "", "", "“For Equal Rights” NGO"),
        ("UNICEF", "", "", "UNICEF"),
        ("UN Special Rapporteur", "", "", "UN Special Rapporteur"),
        ("OSCE Minsk Group", "", "", "OSCE Minsk Group"),
        ("A. Student", "Student", "A.", ""),
    ],
)
def test_person_or_organisation(text, family, given, literal):
    name = parse_name(text)
    assert (name.family, name.given, name.literal) == (family, given, literal)


def test_title_page_facts_of_a_doctoral_thesis():
    facts = title_page_facts(
        "thesis", "On Secession", "Doctor of Philosophy\n\nUniversity of Oxford | Faculty of Law"
    )
    assert facts == {"genre": "PhD dissertation", "institution": "University of Oxford"}


def test_report_and_article_from_the_library(db):
    from tests.factories import make_document

    report = make_document(
        slug="r",
        title="Self-Determination and the Blockade",
        authors=("Human Rights Commission",),
        date="2022-11-15",
        doc_type="report",
        sections=[("Introduction", "A."), ("Two", "B.")],
    )
    got = styles(report, "introduction")
    assert got["Chicago"].note == (
        "Human Rights Commission, Self-Determination and the Blockade (November 15, 2022), "
        f"§ 1 (“Introduction”), accessed December 1, 2026, {BASE}/d/r/s/introduction/."
    )
    assert got["APA"].entry == (
        "Human Rights Commission. (2022, November 15). Self-Determination and the Blockade. "
        f"Lectern. Retrieved December 1, 2026, from {BASE}/d/r/s/introduction/"
    )
    article = make_document(
        slug="a",
        title="On Remedies",
        authors=("Jane Roe", "John Doe"),
        date="2019",
        doc_type="article",
        sections=[("", "Text.")],
    )
    got = styles(article, "front-matter", paragraph=1)
    assert got["Chicago"].note == (
        f"Jane Roe and John Doe, “On Remedies” (2019), ¶ 1, accessed December 1, 2026, "
        f"{BASE}/d/a/s/front-matter/."
    )
    assert got["Chicago"].entry.startswith("Roe, Jane, and John Doe. “On Remedies.” 2019.")
    assert got["APA"].note == "(Roe & Doe, 2019, para. 1)"
    assert got["APA"].entry.startswith("Roe, J., & Doe, J. (2019). On Remedies. Lectern.")
    assert got["MLA"].entry.startswith("Roe, Jane, and John Doe. “On Remedies.” 2019. Lectern,")
    assert got["MLA"].note == "(Roe and Doe, par. 1)"
    assert got["OSCOLA"].entry.startswith("Roe J and Doe J, ‘On Remedies’ (2019) <")
