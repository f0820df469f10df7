"""Every page without JavaScript, accessibility (axe-core) and screenshots at two widths."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "library": "/",
    "search": "/search/?q=self-determination",
    "reader": "/d/report/?q=blockade",
    "section": "/d/report/s/ethnic-cleansing/",
}


def test_pages_work_without_javascript(browser, sample):
    context = browser.new_context(java_script_enabled=False, base_url=sample["url"])
    page = context.new_page()
    page.goto("/")
    page.get_by_label("Search every document").fill("remedial")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=remedial"))
    expect(page.locator(".result-group")).to_have_count(2)
    page.locator('input[name="type"][value="thesis"]').check()
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"type=thesis"))
    expect(page.locator(".result-group")).to_have_count(1)
    page.locator(".result h4 a").first.click()
    expect(page.locator("mark.hit").first).to_contain_text("Remedial")
    # Library facets, the reader's notes and the in-document search: links and forms.
    page.goto("/")
    page.locator('input[name="type"][value="letter"]').check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".document-card")).to_have_count(1)
    page.goto("/d/report/")
    page.locator('.fn-ref a[data-note="1"]').click()
    expect(page).to_have_url(re.compile("#fn-1$"))
    page.get_by_label("Search in this document").fill("blockade")
    page.get_by_role("button", name="Find").click()
    expect(page.locator("#match-1")).to_contain_text("blockade", ignore_case=True)
    page.goto("/d/report/s/introduction/")
    page.locator('a[rel="next"]').click()
    expect(page.locator("h1")).to_have_text("Ethnic Cleansing")
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(browser, sample, scheme):
    context = browser.new_context(viewport=DESKTOP, base_url=sample["url"], color_scheme=scheme)
    page = context.new_page()
    axe = Axe()
    problems = []
    for name, url in PAGES.items():
        page.goto(url)
        page.wait_for_load_state("networkidle")
        results = axe.run(page)
        for violation in results.response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [n["target"] for n in violation["nodes"]][:3]
                problems.append(f"{name}: {violation['id']} {violation['help']} {targets}")
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_screenshots(browser, sample, width):
    viewport = DESKTOP if width == "desktop" else PHONE
    context = browser.new_context(viewport=viewport, base_url=sample["url"], device_scale_factor=1)
    page = context.new_page()
    for name, url in PAGES.items():
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert screenshot(page, f"{name}-{width}").stat().st_size > 0
        # Nothing may overflow sideways at phone width.
        overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        assert overflow <= 0, f"{name} overflows by {overflow}px at {width} width"
    page.goto("/d/report/")
    page.locator('.fn-ref a[data-note="1"]').click()
    screenshot(page, f"popover-{width}")
    context.close()
