"""Playwright (sync API) on Debian's chromium, against pytest-django's live server.

Each test gets the sample library in a fresh database and search index. Never
``playwright install``: the browser is the system's /usr/bin/chromium.
"""

import os
import threading
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run
# in a thread with a running loop unless told it is safe (the ORM calls here are sync).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("chromium is not installed: run scripts/system-deps")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session", autouse=True)
def _one_request_at_a_time():
    """The live server's threads share the test database's one in-memory SQLite connection,
    which is not thread-safe: a page asking several things at once (a long document's note
    stubs) got random 500s, 404s and wrong rows. Django's views run one at a time."""
    from django.core.handlers.wsgi import WSGIHandler

    lock = threading.Lock()
    call = WSGIHandler.__call__

    def serial(self, environ, start_response):
        with lock:
            return call(self, environ, start_response)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(WSGIHandler, "__call__", serial)
        yield


@pytest.fixture
def sample(transactional_db, live_server):
    """The sample library, stored and indexed, and the live server's URL."""
    from tests.browser.sample import load_sample

    docs = load_sample()
    return {"url": live_server.url, **docs}


@pytest.fixture
def page(browser, sample):
    context = browser.new_context(viewport=DESKTOP, base_url=sample["url"])
    context.set_default_timeout(8000)
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
