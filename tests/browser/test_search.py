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
