"""An educator's round trip: a reading list of three passages from two documents, shared,
then a corrected document re-imported under it."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, screenshot
from tests.browser.sample import CLEANSING, FILLER, INTRO, PASSAGE, REMEDIES
from tests.factories import make_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SELECTED = "pattern of displacement followed the closure"


def select_words(page, paragraph_id: str, words: str) -> None:
    """Select ``words`` inside a paragraph, as a reader dragging the mouse would."""
    page.evaluate(
        """([id, words]) => {
            const node = document.getElementById(id).firstChild;
            const start = node.textContent.indexOf(words);
            const range = document.createRange();
            range.setStart(node, start);
            range.setEnd(node, start + words.length);
            const sel = document.getSelection();
            sel.removeAllRanges();
            sel.addRange(range);
        }""",
        [paragraph_id, words],
    )


def reimport_corrected_report() -> None:
    """The report again, with a paragraph added before the passage and a word corrected."""
    added = "A correction: the commission revisited the districts in January."
    corrected = CLEANSING.replace("the closure", "the blockade")
    body = "\n\n".join([added, corrected] + [FILLER] * 5 + [PASSAGE])
    at = len(added) + 2 + len(corrected)
    make_document(
        slug="report",
        title="Self-Determination and the Blockade",
        sections=[
            ("Introduction", "\n\n".join([INTRO] + [FILLER] * 5)),
            ("Ethnic Cleansing", body),
            ("Remedial Secession", "\n\n".join([REMEDIES] + [FILLER] * 5)),
            ("Conclusion", "\n\n".join(["The international community must act."] + [FILLER] * 3)),
        ],
        notes={"1": "See the UN Charter.", "2": "Testimony recorded in the field.", "3": ""},
        refs={"introduction": [("1", len(INTRO))], "ethnic-cleansing": [("2", at), ("3", at)]},
        authors=("Human Rights Commission",),
        date="2022-11-15",
        doc_type="report",
    )


def test_reading_list_shared_then_the_document_corrected(page, browser, sample):
    # 1. A paragraph chosen from the menu, with a note.
    page.goto("/d/report/s/ethnic-cleansing/")
    old_link = page.locator("#ethnic-cleansing-p7 .para-link").get_attribute("href")
    page.get_by_label("Passage").select_option("7")
    page.get_by_label("Your note (optional)").fill("Why was the road closed?")
    page.get_by_role("button", name="Add to reading list").click()
    expect(page.locator(".list-passage")).to_have_count(1)
    # 2. Words selected in another paragraph.
    page.get_by_role("link", name="Back to your reading").click()
    select_words(page, "ethnic-cleansing-p1", SELECTED)
    expect(page.locator("[data-selection-hint]")).to_contain_text(SELECTED)
    page.get_by_role("button", name="Add to reading list").click()
    # 3. A whole section of a second document.
    page.goto("/d/thesis/s/abstract/")
    page.get_by_role("button", name="Add to reading list").click()
    expect(page.locator(".list-passage")).to_have_count(3)
    share_url = page.locator("[data-share-link]").get_attribute("href")

    # The share link, in a fresh browser: read only.
    reader = browser.new_context(viewport=DESKTOP, base_url=sample["url"])
    shared = reader.new_page()
    shared.goto(share_url)
    passages = shared.locator(".list-passage")
    expect(passages).to_have_count(3)
    expect(passages.nth(0)).to_contain_text(PASSAGE)
    expect(passages.nth(0)).to_contain_text("Why was the road closed?")
    expect(passages.nth(1)).to_contain_text(SELECTED)
    expect(passages.nth(2)).to_contain_text(REMEDIES)
    expect(shared.locator("main form, main textarea, main select")).to_have_count(0)
    expect(shared.get_by_role("button", name="Remove")).to_have_count(0)
    screenshot(shared, "reading-list-shared")

    # A corrected report is imported; the share link now says what changed.
    reimport_corrected_report()
    shared.reload()
    changed = passages.nth(1).locator(".passage-changed")
    expect(changed).to_contain_text("This passage has changed since it was added")
    expect(changed.locator(".passage-diff del")).to_have_text(re.compile("closure"))
    expect(changed.locator(".passage-diff ins")).to_have_text(re.compile("blockade"))
    expect(passages.nth(0).locator(".passage-changed")).to_have_count(0)
    expect(passages.nth(0)).to_contain_text("¶ 8")  # the paragraph moved, its words did not
    screenshot(shared, "reading-list-changed")

    # The old paragraph link lands on the paragraph where it moved.
    shared.goto(old_link)
    expect(shared).to_have_url(re.compile(r"[?&]p=8&.*#ethnic-cleansing-p8$"))
    target = shared.locator("#ethnic-cleansing-p8")
    expect(target).to_have_class(re.compile("passage-target"))
    expect(target).to_contain_text(PASSAGE)
    expect(target).to_be_in_viewport()
    expect(shared.locator(".passage-notice")).to_contain_text("has moved")
    reader.close()


def test_paragraph_links_after_htmx_moves_to_the_next_section(page):
    page.goto("/d/report/s/ethnic-cleansing/")
    expect(page.locator("#ethnic-cleansing-p1 .para-link")).to_have_text("¶ 1")
    page.locator("a[rel=next]").click()
    expect(page).to_have_url(re.compile(r"/d/report/s/remedial-secession/$"))
    link = page.locator("#remedial-secession-p2 .para-link")
    expect(link).to_have_attribute("href", re.compile(r"^/d/report/s/remedial-secession/\?p=2&h="))
    link.click()
    expect(page.locator("#cite-heading")).to_have_text("Cite this paragraph (¶ 2)")
    expect(page.locator("#cite-chicago")).to_contain_text("§ 3 (“Remedial Secession”), ¶ 2")


def test_whole_document_page_links_each_paragraph_to_its_section(page):
    page.goto("/d/report/")
    link = page.locator("#ethnic-cleansing-p7 .para-link")
    expect(link).to_have_attribute(
        "href",
        re.compile(r"^/d/report/s/ethnic-cleansing/\?p=7&h=\w{8}&v=\w{8}#ethnic-cleansing-p7$"),
    )
    link.click()
    expect(page.locator("#ethnic-cleansing-p7")).to_be_in_viewport()
    expect(page.locator(".add-to-list select")).to_have_value("7")
