"""A long document's notes in a real browser: fetched as the reader reaches them, or on a click."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP
from tests.portal.test_reader_page import long_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def big(sample):
    return long_document("big", sections=30, notes_per_section=10)


def test_a_marker_opens_a_note_not_fetched_yet(page, big):
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto("/d/big/")
    expect(page.locator("li#fn-150")).to_have_count(0)
    page.locator('.fn-ref a[data-note="150"]').click()
    popover = page.locator("#note-popover")
    expect(popover).to_be_visible()
    expect(popover).to_contain_text("minutes of meeting 150")
    expect(page.locator("li#fn-150 .note-text")).to_have_count(1)
    page.keyboard.press("Escape")
    expect(page.locator('.fn-ref a[data-note="150"]')).to_be_focused()
    assert not errors


def test_notes_arrive_as_the_reader_reaches_them(page, big):
    page.goto("/d/big/")
    expect(page.locator("li#fn-1")).to_have_count(0)
    page.locator("#notes-heading").scroll_into_view_if_needed()
    expect(page.locator("li#fn-1 .note-text")).to_contain_text("minutes of meeting 1")
    expect(page.locator("li#fn-291")).to_have_count(0)  # far below: not fetched
    page.locator("li#fn-1 a.backref").first.click()
    expect(page.locator("#part-1 #ref-1")).to_be_in_viewport()  # ids restart per section


def test_a_link_to_a_note_lands_on_it(page, big):
    # Its anchor is in the stub from the start; the stub is fetched at once, not when seen.
    page.goto("/d/big/#fn-250")
    expect(page.locator("li#fn-250 .note-text")).to_be_in_viewport()


def test_a_malformed_fragment_is_no_error(page, big):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto("/d/big/#%E0%A4%A")
    page.locator("#notes-heading").scroll_into_view_if_needed()
    expect(page.locator("li#fn-1 .note-text")).to_have_count(1)
    assert not errors


def test_a_stub_that_failed_is_asked_again(page, big):
    failed = []

    def fail_once(route):
        if failed:
            return route.continue_()
        failed.append(route.request.url)
        route.fulfill(status=503, body="")

    page.route(lambda url: "notes=part-25" in url, fail_once)
    page.goto("/d/big/#fn-250")
    expect(page.locator("li#fn-250 .note-text")).to_be_in_viewport()
    assert failed == [page.url.split("#")[0] + "?notes=part-25"]


def test_links_back_and_forward_land_on_notes_not_fetched_yet(page, big):
    page.goto("/d/big/#fn-250")
    expect(page.locator("li#fn-250 .note-text")).to_be_in_viewport()
    page.evaluate("location.hash = '#fn-55'")  # as a link in the text would
    expect(page.locator("li#fn-55 .note-text")).to_be_in_viewport()
    page.evaluate("location.hash = '#fn-120'")
    expect(page.locator("li#fn-120 .note-text")).to_be_in_viewport()
    page.reload()  # so Back leads to a note whose notes are stubs again
    expect(page.locator("li#fn-120 .note-text")).to_be_in_viewport()
    expect(page.locator("li#fn-55")).to_have_count(0)
    page.go_back()
    expect(page).to_have_url(page.url.split("#")[0] + "#fn-55")
    expect(page.locator("li#fn-55 .note-text")).to_be_in_viewport()
    page.go_forward()
    expect(page.locator("li#fn-120 .note-text")).to_be_in_viewport()


def test_a_marker_lands_on_its_note_without_popovers(page, big):
    # A browser without the popover API follows the marker's link to the note's anchor.
    page.add_init_script("delete HTMLElement.prototype.showPopover")
    page.goto("/d/big/")
    page.locator('.fn-ref a[data-note="170"]').click()
    expect(page).to_have_url(page.url.split("#")[0] + "#fn-170")
    expect(page.locator("li#fn-170 .note-text")).to_be_in_viewport()


def test_without_javascript_the_stub_links_to_the_section_page(browser, sample, big):
    context = browser.new_context(
        viewport=DESKTOP, base_url=sample["url"], java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/d/big/")
    page.locator('.fn-ref a[data-note="150"]').click()  # lands on the stub's anchor
    page.get_by_role("link", name="Notes 141–150, cited in “Part 15”").click()
    expect(page).to_have_url(sample["url"] + "/d/big/s/part-15/#notes-heading")
    expect(page.locator("li#fn-150")).to_contain_text("minutes of meeting 150")
    context.close()
