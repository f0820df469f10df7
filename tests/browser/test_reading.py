"""The reading pages in a real browser: notes, matches, passages, the table of contents."""

import re
from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and 0 <= box["y"] <= page.viewport_size["height"]


def test_footnote_marker_opens_note_and_escape_closes_it(page):
    page.goto("/d/report/")
    popover = page.locator("#note-popover")
    page.locator('.fn-ref a[data-note="1"]').click()
    expect(popover).to_be_visible()
    expect(popover).to_contain_text("UN Charter")
    page.keyboard.press("Escape")
    expect(popover).to_be_hidden()
    # Keyboard only: focus a marker, open it with Enter; the missing note says so.
    page.locator('.fn-ref a[data-note="3"]').focus()
    page.keyboard.press("Enter")
    expect(popover).to_contain_text("missing from the source file")
    page.keyboard.press("Escape")
    expect(popover).to_be_hidden()
    expect(page.locator('.fn-ref a[data-note="3"]')).to_be_focused()


def test_query_opens_at_first_match_with_next_and_previous(page):
    page.goto("/d/report/?q=commission")
    first = page.locator("mark.hit").first
    expect(first).to_have_class(re.compile("current"))
    assert in_viewport(page, first)
    total = page.locator("mark.hit").count()
    assert total > 2
    page.get_by_role("link", name="Next match").click()
    expect(page.locator("[data-match-status]")).to_have_text(f"Match 2 of {total}")
    page.get_by_role("link", name="Previous match").click()
    page.get_by_role("link", name="Previous match").click()
    expect(page.locator("[data-match-status]")).to_have_text(f"Match {total} of {total}")


def test_search_in_this_document(page):
    page.goto("/d/report/")
    page.get_by_label("Search in this document").fill("blockade")
    page.get_by_role("button", name="Find").click()
    expect(page).to_have_url(re.compile(r"/d/report/\?q=blockade"))
    expect(page.locator("mark.hit.current")).to_contain_text("blockade")


def test_table_of_contents_follows_the_scroll(page):
    page.goto("/d/report/")
    page.locator("#remedial-secession h2").scroll_into_view_if_needed()
    page.evaluate("document.getElementById('remedial-secession').scrollIntoView()")
    current = page.locator(".toc a[aria-current]")
    expect(current).to_have_text("Remedial Secession")


def test_passage_link_opens_with_the_passage_highlighted(page):
    page.goto("/d/report/s/ethnic-cleansing/#:~:text=The%20road%20was%20closed")
    passage = page.locator("mark.passage")
    expect(passage.first).to_be_visible()
    assert "The road was closed" in " ".join(passage.all_text_contents())
    assert in_viewport(page, passage.first)


def test_selecting_text_offers_a_passage_link(page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/d/report/")
    page.evaluate(
        """() => {
        const p = document.querySelector('#ethnic-cleansing p');
        const range = document.createRange();
        range.selectNodeContents(p);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
    }"""
    )
    button = page.locator(".passage-button")
    expect(button).to_have_accessible_name("Copy link to this passage")
    button.click()
    expect(button).to_have_text("Copied")
    url = unquote(page.evaluate("navigator.clipboard.readText()"))
    assert "/d/report/s/ethnic-cleansing/#:~:text=Acts of ethnic cleansing," in url
    page.goto(url)
    expect(page.locator("mark.passage").first).to_contain_text("Acts of ethnic cleansing")


def test_section_page_copies_citation_and_moves_to_next_section(page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/d/report/s/introduction/")
    page.get_by_role("button", name="Copy Chicago").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(
        "Human Rights Commission, Self-Determination and the Blockade (November 15, 2022), "
        "§ 1 (“Introduction”), accessed "
    )
    assert copied.endswith("/d/report/s/introduction/.")
    page.evaluate("window.__sameDocument = true")
    page.locator('a[rel="next"]').click()
    expect(page).to_have_url(re.compile(r"/d/report/s/ethnic-cleansing/$"))
    expect(page.locator("h1")).to_have_text("Ethnic Cleansing")
    expect(page).to_have_title(re.compile("^Ethnic Cleansing"))
    assert page.evaluate("window.__sameDocument") is True  # swapped by htmx, not reloaded


def test_slash_focuses_the_search_box(page):
    page.goto("/d/report/")
    page.keyboard.press("/")
    expect(page.locator("#site-q")).to_be_focused()
