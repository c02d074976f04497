"""A client reads their delivered report on a desktop and a phone, and downloads the PDF; every
client page passes axe-core (no serious or critical violations) at both widths."""

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from assessments.models import Answer, WorkshopAttendee
from assessments.reports.services import report_request
from discovery.models import ClientLink, ConsultantProfile, Contact
from discovery.services.delivery import report_deliver
from tests.assessments.reports.factories import make_assessment, with_disagreements
from tests.browser import DESKTOP, PHONE, assert_accessible, axe_violations, page, screenshot  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_link(browser_page, engagement) -> None:
    _, token = ClientLink.issue(engagement)
    browser_page.context.clear_cookies()
    browser_page.goto(f"{browser_page.base_url}/c/{token}/")


def delivered_report(alice):
    """Spot checks and no baseline, a recorded disagreement and two attendees: delivered."""
    assessment = make_assessment(
        "fine_tune", lead=alice, organisation="Harbour Health", evaluation_method="spot_checks", baseline_measured=False
    )
    engagement = assessment.engagement
    engagement.contact = Contact.objects.create(
        organisation=engagement.organisation, name="Nora Client", email="nora@harbour.example"
    )
    engagement.save()
    Answer.objects.filter(assessment=assessment, question_slug="curated_examples").update(
        stakeholders_disagree=True, disagreement_detail="The CTO counts 500 examples; the product lead 80."
    )
    WorkshopAttendee.objects.create(assessment=assessment, name="Priya Shah", role="CTO")
    WorkshopAttendee.objects.create(assessment=assessment, name="Sam Reed", role="Product lead")
    first = report_request(assessment=assessment)
    architect = ConsultantProfile.objects.create(user=alice, title="Solutions architect", skills=["fine_tuning"])
    report = with_disagreements(
        first,
        alice,
        narrative="Your case for fine-tuning is strong. Measure what you have today before you train.",
        engineers=[architect],
    )
    report.refresh_from_db()
    report_deliver(report=report, user=alice)
    return report


def test_a_client_reads_the_delivered_report_on_desktop_and_phone_and_downloads_the_pdf_and_docx(page, alice):  # noqa: F811
    report = delivered_report(alice)
    open_link(page, report.assessment.engagement)

    page.get_by_role("link", name="Read the report").click()
    page.get_by_role("heading", name="Recommendation for Harbour Health").wait_for()
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Your assessment").is_visible()
    summary = page.locator("#summary").inner_text()
    assert "quality checks are informal and the current solution hasn't been measured" in summary
    assert page.locator("#disagreements").get_by_text("The CTO counts 500 examples").is_visible()
    assert "Priya Shah, CTO" in page.locator("#attendees").inner_text()
    screenshot(page, "client-report-desktop")

    page.set_viewport_size(PHONE)
    page.reload()
    # No sideways scrolling on a phone: the document is as wide as the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "client-report-phone")
    page.set_viewport_size(DESKTOP)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    pdf = Path(download.value.path()).read_bytes()
    reader = PdfReader(io.BytesIO(pdf))
    assert "/StructTreeRoot" in reader.trailer["/Root"] and reader.trailer["/Root"]["/Lang"] == "en-GB"
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as Word").click()
    assert Path(download.value.path()).read_bytes()[:2] == b"PK"  # a .docx is a zip

    for path in ("/my/", "/my/review/", "/my/report/"):
        assert_accessible(page, path)


def test_every_client_page_passes_axe_at_desktop_and_phone_widths(page):  # noqa: F811
    for path in ("/", "/request/", "/request/new-link/", "/request/link-not-valid/"):
        assert_accessible(page, path)
    assessment = make_assessment("fine_tune", submitted=False, organisation="Quay Logistics")
    open_link(page, assessment.engagement)
    for section in assessment.questionnaire.sections.order_by("order").values_list("slug", flat=True):
        assert_accessible(page, f"/my/questions/{section}/")
    for path in ("/my/", "/my/review/"):
        assert_accessible(page, path)
    # The check itself works: an image without a text alternative is caught.
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/static/favicon.svg\">')")
    assert "image-alt" in [v["id"] for v in axe_violations(page)]
