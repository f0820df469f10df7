"""Paragraph pinpoints and kept versions across re-imports of a corrected document."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from lists.models import PassageVersion
from lists.passages import link, paragraph_hash, paragraphs, word_diff
from tests.factories import make_document

P1 = "The commission heard witnesses from the region over several weeks."
P2 = "Acts of ethnic cleansing were documented in several districts after the blockade began."
P3 = "The pattern of displacement followed the closure of the only road."
F1 = "The findings rest on testimony, satellite imagery and the record of negotiations."
F2 = "Remedial secession is sometimes described as a last resort under international law."


def library(intro=(P1, P2, P3), findings=(F1, F2), heading="Findings"):
    return make_document(
        slug="report",
        title="Self-Determination and the Blockade",
        sections=[("Introduction", "\n\n".join(intro)), (heading, "\n\n".join(findings))],
    )


@pytest.fixture
def report(db):
    return library()


def old_link(report, number=2, anchor="introduction"):
    section = report.sections.get(anchor=anchor)
    return link(report.slug, anchor, paragraph=number, text=section.text)


def notice(client, url):
    response = client.get(url, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    found = re.search(r'<aside class="passage-notice passage-(\w+)".*?</aside>', page, re.S)
    return (found.group(1), found.group(0)) if found else (None, page)


def test_link_carries_number_hash_and_version(report):
    url = old_link(report)
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    assert parts.path == "/d/report/s/introduction/"
    assert parts.fragment == "introduction-p2"
    assert query["p"] == ["2"] and query["h"] == [paragraph_hash(P2)]
    assert len(query["v"][0]) == 8


def test_reader_numbers_every_paragraph(client, report):
    page = client.get("/d/report/s/introduction/").content.decode()
    for number in (1, 2, 3):
        assert f'id="introduction-p{number}" data-p="{number}"' in page
    assert paragraphs(report.sections.get(anchor="introduction").text) == [P1, P2, P3]


def test_unchanged_paragraph_keeps_working_across_a_reimport(client, report):
    url = old_link(report)
    library(findings=(F1, F2, "A new closing paragraph of the findings."))
    assert notice(client, url)[0] is None


def test_paragraph_that_moved_in_its_section_is_followed(client, report):
    url = old_link(report)
    library(intro=("A new opening paragraph was added in the correction.", P1, P2, P3))
    kind, html = notice(client, url)
    assert kind == "moved"
    assert 'data-passage-target="/d/report/s/introduction/?p=3&amp;' in html
    assert "#introduction-p3" in html and "¶ 3" in html


def test_paragraph_that_moved_to_another_section_is_followed(client, report):
    url = old_link(report)
    library(intro=(P1, P3), findings=(F1, P2, F2))
    kind, html = notice(client, url)
    assert kind == "moved"
    assert "/d/report/s/findings/?p=2" in html and "in “Findings”, ¶ 2" in html


def test_changed_paragraph_shows_a_word_diff_and_the_text_as_it_was(client, report):
    url = old_link(report)
    corrected = P2.replace("several districts", "four districts")
    library(intro=(P1, corrected, P3))
    kind, html = notice(client, url)
    assert kind == "changed"
    assert "<del>several </del><ins>four </ins>" in html
    assert "The text as it was" in html and P2 in html


def test_paragraph_that_disappeared_says_so_and_offers_the_nearest_section(client, report):
    url = old_link(report)
    library(intro=(P1, P3))
    kind, html = notice(client, url)
    assert kind == "gone"
    assert "no longer in this document" in html
    assert P2 in html and 'href="/d/report/s/introduction/"' in html


def test_section_link_with_a_version_shows_what_changed(client, report):
    section = report.sections.get(anchor="findings")
    url = link(report.slug, "findings", text=section.text)
    library(findings=(F1, F2.replace("last resort", "remedy of last resort")))
    kind, html = notice(client, url)
    assert kind == "changed"
    assert "<ins>remedy of </ins>" in html


def test_renamed_section_redirects_and_still_finds_the_paragraph(client, report):
    url = old_link(report, number=1, anchor="findings")
    library(heading="What We Found")
    response = client.get(url)
    assert response.status_code == 301
    assert response["Location"].startswith("/d/report/s/what-we-found/?p=1&h=")
    assert notice(client, url)[0] is None


def test_every_import_keeps_the_previous_text(report):
    library(intro=(P1, P2.replace("several", "four"), P3))
    library(intro=(P1, P2.replace("several", "four"), P3))  # the same again: nothing new
    texts = PassageVersion.objects.filter(document=report, anchor="introduction")
    assert texts.count() == 2
    assert {P2 in v.text for v in texts} == {True, False}


def test_word_diff_marks_whole_words():
    assert word_diff("the road was closed", "the road was reopened") == [
        ("same", "the road was "),
        ("deleted", "closed"),
        ("inserted", "reopened"),
    ]


def test_bad_pinpoints_are_ignored(client, report):
    for query in ("?p=abc&h=zz", "?p=999&h=00000000", "?v=not-a-hash", "?p=-1"):
        assert client.get(f"/d/report/s/introduction/{query}").status_code == 200


def test_a_paragraph_of_a_section_that_is_gone_is_found_elsewhere_or_gone(report):
    from lists.passages import find_paragraph

    report.sections.filter(anchor="introduction").delete()
    found = find_paragraph(report, "introduction", 2, paragraph_hash(P2), was=P2)
    assert found.status == "gone"
    found = find_paragraph(report, "introduction", 1, paragraph_hash(F1))
    assert (found.status, found.section.anchor, found.paragraph) == ("moved", "findings", 1)
