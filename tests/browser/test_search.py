"""The search page in a real browser: results as you type, facets, history, result links."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def facet_count(page, name: str, value: str) -> str:
    return page.locator(f'input[name="{name}"][value="{value}"] ~ .count').inner_text()


def test_typing_shows_highlighted_results_without_reload(page):
    page.goto("/search/")
    page.evaluate("window.__samePage = true")
    page.locator("#q").press_sequentially("ethnic cleansing", delay=40)
    expect(page.locator("#results .snippet mark").first).to_be_visible()
    expect(page.locator("#results .snippet mark").first).to_contain_text("ethnic", ignore_case=True)
    expect(page).to_have_url(re.compile(r"/search/\?q=ethnic(\+|%20)cleansing"))
    assert page.evaluate("window.__samePage") is True
    assert "Unpublished draft" not in page.content()


def test_ticking_a_facet_changes_results_and_counts(page):
    page.goto("/search/?q=remedial")
    groups = page.locator(".result-group")
    expect(groups).to_have_count(2)
    before = facet_count(page, "type", "report")
    page.evaluate("window.__samePage = true")
    page.locator('input[name="type"][value="thesis"]').check()
    expect(groups).to_have_count(1)
    expect(groups.first).to_contain_text("Remedial Secession as Soft Law")
    expect(page).to_have_url(re.compile(r"type=thesis"))
    # The document facet now counts only what the filter leaves.
    expect(page.locator('input[name="doc"][value="report"]')).to_have_count(0)
    assert facet_count(page, "type", "report") == before  # its own facet keeps its options
    expect(page.locator('input[name="type"][value="thesis"]')).to_be_checked()
    assert page.evaluate("window.__samePage") is True


def test_back_returns_to_the_previous_results(page):
    page.goto("/search/?q=blockade")
    expect(page.locator(".result-group")).to_have_count(1)
    page.locator("#q").fill("remedial")
    expect(page.locator(".result-group")).to_have_count(2)
    expect(page).to_have_url(re.compile(r"q=remedial"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"q=blockade"))
    expect(page.locator(".result-group")).to_have_count(1)
    expect(page.locator(".snippet mark").first).to_contain_text("blockade", ignore_case=True)
    expect(page.locator("#q")).to_have_value("blockade")


def test_result_opens_the_section_at_a_highlighted_match(page):
    page.goto("/search/?q=%22road+was+closed%22")
    page.locator(".result h4 a").first.click()
    expect(page).to_have_url(re.compile(r"/d/report/s/ethnic-cleansing/\?q="))
    current = page.locator("mark.hit.current")
    expect(current).to_contain_text("road was closed")
    box = current.bounding_box()
    assert 0 <= box["y"] <= page.viewport_size["height"]


def test_malformed_query_says_what_to_fix(page):
    page.goto("/search/")
    page.locator("#q").fill("-genocide")
    expect(page.locator(".notice.error")).to_contain_text("add a word or phrase")


def test_no_results_helps(page):
    page.goto("/search/?q=zzzyxxq")
    expect(page.locator(".empty-state")).to_contain_text("No passages match")


def _index(**kwargs):
    from search.backends import search_backends
    from tests.factories import make_document

    document = make_document(**kwargs)
    search_backends["default"].index_document(document.pk)
    return document


def test_typing_a_word_letter_by_letter_never_says_no_match(page):
    _index(slug="geno", title="On genocide", sections=[("Genocide", "The genocide convention.")])
    page.goto("/search/")
    box = page.locator("#q")
    for letter in "geno":
        box.press(letter)
        page.wait_for_timeout(500)  # past the 300 ms pause that sends the request
        expect(page.locator(".empty-state")).to_have_count(0)
        expect(page.locator(".suggestion")).to_have_count(0)
    expect(page.locator("#results .snippet mark").first).to_have_text("genocide", ignore_case=True)


def test_back_after_typing_returns_to_the_page_before(page):
    page.goto("/")
    page.goto("/search/")
    page.locator("#q").press_sequentially("remedial", delay=350)
    expect(page.locator(".result-group")).to_have_count(2)
    expect(page).to_have_url(re.compile(r"q=remedial(&|$)"))
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"q=rem"))


def test_find_bar_stays_on_screen_while_stepping_through_matches(page):
    words = " ".join(["state"] + ["filler"] * 120)
    _index(slug="long", title="A long one", sections=[(f"Part {i}", words) for i in range(12)])
    page.goto("/d/long/?q=state")
    next_match = page.locator("[data-match-step='1']").first
    for _ in range(5):
        next_match.click()
    page.keyboard.press("n")
    bar = page.locator(".match-nav").first
    expect(bar).to_be_visible()
    box = bar.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"]
    expect(page.locator("[data-match-status]")).to_contain_text("Match 7 of 12")
    expect(page.locator(".toc .toc-hits").first).to_have_text("1")


def test_the_same_words_are_marked_in_a_snippet_and_the_reader(page):
    text = "The States agreed. A state may issue a statement; stateless people wait."
    _index(slug="states", title="Treaty", sections=[("Treaty", text)])
    page.goto("/search/?q=states")
    hit = page.locator(".result", has_text="stateless").first
    in_snippet = [m.lower() for m in hit.locator(".snippet mark").all_inner_texts()]
    hit.locator("h4 a").click()
    expect(page.locator("mark.hit").first).to_be_visible()
    in_reader = [m.lower() for m in page.locator(".text mark.hit").all_inner_texts()]
    assert in_snippet == in_reader == ["states", "state"]
