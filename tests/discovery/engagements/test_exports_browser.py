"""A consultant's day in headless Chromium: the queue downloaded as CSV and XLSX, a report
downloaded as Word and its action plan as CSV and XLSX, then an engagement withdrawn (with a
reason, after a confirmation) and reopened."""

import io
import zipfile

import pytest
from docx import Document
from openpyxl import load_workbook

from assessments.reports.services import report_generate_now
from discovery.models import Engagement
from tests.assessments.reports.factories import make_assessment
from tests.browser import page, screenshot, sign_in  # noqa: F401
from tests.discovery.engagement_factories import make_engagement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def download(browser_page, link_text):
    """Click the link and return the downloaded file's name and bytes."""
    with browser_page.expect_download() as caught:
        browser_page.get_by_role("link", name=link_text, exact=True).click()
    download = caught.value
    with open(download.path(), "rb") as f:
        return download.suggested_filename, f.read()


def test_a_consultant_downloads_every_export_and_withdraws_then_reopens(page, alice):  # noqa: F811
    report = report_generate_now(assessment=make_assessment("not_yet", lead=alice, organisation="Harbour Health"))
    waiting = make_engagement("Wavering Widgets", lead=alice)
    base = page.base_url

    sign_in(page)

    name, body = download(page, "CSV")
    assert name.endswith(".csv") and "Harbour Health" in body.decode("utf-8-sig")
    name, body = download(page, "Excel (XLSX)")
    sheet = load_workbook(io.BytesIO(body)).active
    assert name.endswith(".xlsx") and {sheet["A2"].value, sheet["A3"].value} == {"Harbour Health", "Wavering Widgets"}

    page.goto(f"{base}/reports/{report.pk}/")
    name, body = download(page, "Download Word (DOCX)")
    document = Document(io.BytesIO(body))
    assert name.endswith(".docx") and "Next steps: readiness plan" in [p.text for p in document.paragraphs]
    name, body = download(page, "Action plan CSV")
    assert "Next step" in body.decode("utf-8-sig").splitlines()[0]
    name, body = download(page, "Action plan XLSX")
    assert zipfile.is_zipfile(io.BytesIO(body))
    assert load_workbook(io.BytesIO(body)).active["B1"].value == "Next step"

    page.goto(f"{base}/engagements/{waiting.pk}/")
    page.get_by_role("link", name="Withdraw…").click()
    page.wait_for_url(f"{base}/engagements/{waiting.pk}/withdraw/")
    page.fill("textarea[name=reason]", "The client paused the project")
    screenshot(page, "withdraw-confirm")
    page.get_by_role("button", name="Withdraw the engagement").click()
    page.wait_for_url(f"{base}/engagements/{waiting.pk}/")
    assert "Withdrawn: The client paused the project" in page.content()
    assert page.get_by_role("button", name="Email Wavering Contact a private link").count() == 0
    page.get_by_role("button", name="Reopen (back to requested)").click()
    page.wait_for_url(f"{base}/engagements/{waiting.pk}/")
    waiting.refresh_from_db()
    assert waiting.status == Engagement.REQUESTED
