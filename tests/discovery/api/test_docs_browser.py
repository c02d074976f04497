"""The staff API docs page (Swagger UI from drf-spectacular-sidecar) in headless Chromium: the
operations load from the schema, and the page passes axe-core at 1280 and 390 px."""

import pytest
from playwright.sync_api import expect

from tests.browser import DESKTOP, PHONE, axe_violations, page, screenshot, sign_in  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_consultant_reads_the_api_docs_and_the_page_passes_axe(page, alice):  # noqa: F811
    base = page.base_url
    sign_in(page)
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.goto(base + "/api/v1/docs/")
        # Swagger UI draws the operations from the schema after load: check what it drew.
        expect(page.get_by_text("/api/v1/engagements/").first).to_be_visible()
        found = axe_violations(page)
        assert found == [], (viewport["width"], found)
        screenshot(page, f"api-docs-{viewport['width']}")
