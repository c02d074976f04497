"""Headless Chromium for journey tests: Debian's /usr/bin/chromium driven by Playwright.

Never downloads a browser. Import the `page` fixture from here in a test module:
    from tests.browser import page  # noqa: F401
"""

import json
import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "var/screenshots"))
# Flags that keep Chromium from reaching out to the network on a closed machine.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def page(live_server):
    """A fresh browser page; `page.base_url` is the live server's address."""
    if not CHROMIUM.exists():
        pytest.fail("Browser tests need Debian's chromium at /usr/bin/chromium (make browser-deps installs it).")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test itself makes
    # (setup and assertions) are still synchronous, so Django's async guard can be relaxed here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.base_url = live_server.url
        page.set_default_timeout(10_000)
        try:
            yield page
        finally:
            context.close()
            browser.close()
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


# The password tests/conftest.py gives every test user.
TEST_PASSWORD = "correct horse battery"  # noqa: S105 - a test fixture's, on a throwaway database


def sign_in(page, username: str = "alice", lands_on: str = "/queue/") -> None:
    """Sign in through the real form and wait for the landing page."""
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(page.base_url + lands_on)


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def screenshot_of(locator, name: str) -> Path:
    """One part of the page (a panel, a card), for the README."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    locator.screenshot(path=str(path))
    return path


# Copied from node_modules by the Makefile's asset step (npm's axe-core, pinned in package-lock.json).
AXE = Path("var/vendor/axe.min.js")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def axe_violations(browser_page) -> list[dict]:
    """Serious and critical axe-core violations on the page as it is now."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run the asset step (npm ci; copy node_modules/axe-core/axe.min.js)")
    # Evaluated through the DevTools protocol, so the page's CSP (no inline scripts) is untouched.
    browser_page.evaluate(AXE.read_text())
    results = browser_page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def assert_accessible(browser_page, path: str, drawn: str | None = None) -> None:
    """No serious or critical axe-core violation at 1280 and 390 px. `drawn`: a text the page's
    script draws after load (Swagger UI's operations), waited for so axe checks what is shown."""
    for viewport in (DESKTOP, PHONE):
        browser_page.set_viewport_size(viewport)
        browser_page.goto(browser_page.base_url + path)
        if drawn is not None:
            browser_page.get_by_text(drawn).first.wait_for(state="visible")
        found = axe_violations(browser_page)
        assert found == [], f"{path} at {viewport['width']}px: {json.dumps(found, indent=1)}"
    browser_page.set_viewport_size(DESKTOP)
