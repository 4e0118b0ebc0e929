"""Shared fixtures: a clean Redis per test, a real Celery worker, and headless
Chromium (Debian's, through Playwright) with axe-core on every page visited."""

import os
from urllib.parse import urlsplit

import pytest
import redis
from django.conf import settings

# Playwright's sync API runs an event loop in the test thread; the Django ORM
# calls made by the test itself are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


@pytest.fixture(autouse=True)
def _clean_test_redis():
    """Rate limits, sessions and queued tasks must not leak between tests."""
    client = redis.Redis.from_url(settings.REDIS_URL)
    client.flushdb()
    yield
    client.close()


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker (solo pool, in a thread) consuming from the test Redis."""
    from celery.contrib.testing.worker import start_worker

    from kalc_portal.celery import app

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30) as worker:
        yield worker


# --- Browser tests -----------------------------------------------------------


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"{CHROMIUM} is missing: `make test` installs Debian's chromium (apt-get install chromium)."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


REFLOW_WIDTH = 320  # CSS px: WCAG 1.4.10 Reflow (a 1280 px window at 400% zoom)


def assert_reflows(page) -> None:
    """At a 320 CSS px viewport the page scrolls only vertically (WCAG 1.4.10): nothing
    makes the document wider than the window. The viewport is put back afterwards."""
    original = page.viewport_size
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": original["height"] if original else 720})
    try:
        widths = page.evaluate(
            """() => {
                const root = document.documentElement;
                const wide = [...document.body.querySelectorAll('*')]
                    .filter(el => el.getBoundingClientRect().right > root.clientWidth + 1)
                    .filter(el => !el.closest('.visually-hidden, .visually-hidden-focusable'))
                    .slice(0, 5)
                    .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                        + (typeof el.className === 'string' && el.className
                            ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
                        + ' (' + Math.round(el.getBoundingClientRect().right) + ' px)');
                return {scroll: root.scrollWidth, client: root.clientWidth, wide};
            }"""
        )
    finally:
        if original:
            page.set_viewport_size(original)
    assert widths["scroll"] <= widths["client"], (
        f"{page.url} does not reflow at {REFLOW_WIDTH} CSS px: the page is {widths['scroll']} px wide "
        f"in a {widths['client']} px window (WCAG 1.4.10); widest: {widths['wide']}"
    )


class AxeChecker:
    """Runs axe-core (WCAG 2.2 A/AA), checks the page reflows at 320 CSS px, and
    remembers which pages were checked."""

    def __init__(self):
        from axe_playwright_python.sync_playwright import Axe

        self._axe = Axe()
        self.checked_paths: set[str] = set()

    def check(self, page) -> None:
        # Target sizes and contrast depend on the stylesheets: wait until they have loaded.
        page.wait_for_load_state("load")
        results = self._axe.run(
            page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
        )
        violations = results.response["violations"]
        assert not violations, f"axe-core violations on {page.url}:\n{results.generate_report()}"
        assert_reflows(page)
        self.checked_paths.add(urlsplit(page.url).path)


@pytest.fixture
def axe():
    return AxeChecker()


@pytest.fixture
def browser_page(chromium, live_server, axe):
    """A fresh browser context that can reach only the live server.

    Every page the test lands on must have been checked with axe before the
    test ends (call `axe.check(page)` after each navigation)."""
    context = chromium.new_context(base_url=live_server.url, locale="en-GB")
    server_origin = live_server.url.rstrip("/")
    blocked: list[str] = []

    def only_live_server(route):
        if route.request.url.startswith(server_origin) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", only_live_server)
    page = context.new_page()
    visited: list[str] = []
    page.on(
        "framenavigated",
        lambda frame: visited.append(urlsplit(frame.url).path) if frame == page.main_frame else None,
    )
    yield page
    context.close()
    assert not blocked, f"the page tried to reach the network: {blocked}"
    unchecked = {path for path in visited if path not in axe.checked_paths}
    assert not unchecked, f"pages visited without an axe-core check: {sorted(unchecked)}"
