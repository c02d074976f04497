"""The analytics page in headless Chromium on the demo's history: a consultant filters it, reads
it on a desktop and on a phone (no sideways scrolling of the page itself), and downloads a CSV."""

import csv
import io

import pytest

from demo import engagements, history, people
from demo.people import DEMO_PASSWORD
from tests.browser import page, screenshot  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(monkeypatch):
    # The page reads the reports' verdicts, not their PDFs: skip WeasyPrint to keep this quick.
    monkeypatch.setattr("assessments.reports.services.html_to_pdf", lambda html: b"%PDF-1.7 demo")
    out = io.StringIO()
    for step in (people.build, engagements.build, history.build):
        step(out)


def sign_in(browser_page, username="maya"):
    browser_page.goto(browser_page.base_url + "/accounts/login/")
    browser_page.get_by_label("Username").fill(username)
    browser_page.get_by_label("Password").fill(DEMO_PASSWORD)
    browser_page.get_by_role("button", name="Sign in").click()
    browser_page.wait_for_url(browser_page.base_url + "/queue/")


def test_a_consultant_reads_the_portfolio_on_desktop_and_phone_and_downloads_a_csv(page, demo):  # noqa: F811
    sign_in(page)
    page.get_by_role("link", name="Analytics", exact=True).click()
    page.wait_for_url(page.base_url + "/analytics/")
    for title in [
        "Verdict mix by month",
        "Verdict mix by criteria version",
        "The criteria that fire most",
        "48-hour response by month",
        "Architect overrides",
        "Clients one answer away from another verdict",
    ]:
        assert page.get_by_role("heading", name=title).is_visible()
        assert page.get_by_role("img", name=title).is_visible()
    assert page.locator("table caption").count() == 6
    screenshot(page, "analytics")

    # A filter is a GET: the CSV link carries it, and the file holds the table's numbers.
    page.get_by_label("Industry").select_option("Banking")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**industry=Banking**")
    assert "Banking" in page.locator("#analytics-scope").inner_text()
    with page.expect_download() as download:
        page.locator("#figure-sla").get_by_role("link", name="Download CSV").click()
    assert download.value.suggested_filename.startswith("analytics-sla-")
    assert "industry=Banking" in download.value.url
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))
    table = page.locator("#figure-sla tbody tr")
    assert rows[0][0] == "Month" and len(rows) - 1 == table.count()

    # On a phone the page never scrolls sideways: charts shrink, wide tables scroll in their box.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base_url + "/analytics/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    chart = page.locator("#figure-criteria svg").bounding_box()
    assert chart["width"] <= 390
    table_box = page.locator("#figure-sla .table-responsive")
    assert table_box.evaluate("el => el.scrollWidth > el.clientWidth")
    screenshot(page, "analytics-phone")
