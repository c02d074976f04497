"""A client reads their delivered report on a desktop and a phone, and downloads the PDF; every
client page passes axe-core (no serious or critical violations) at both widths."""

import io
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from assessments.models import Answer, WorkshopAttendee
from assessments.reports.services import report_request
from discovery.engagements.services.delivery import report_deliver
from discovery.models import ClientLink, ConsultantProfile, Contact
from tests.assessments.reports.factories import make_assessment, with_disagreements
from tests.assessments.sample_factories import analysed_eval_set, analysed_sample
from tests.browser import DESKTOP, PHONE, assert_accessible, axe_violations, page, screenshot  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_link(browser_page, engagement) -> None:
    _, token = ClientLink.issue(engagement)
    browser_page.context.clear_cookies()
    browser_page.goto(f"{browser_page.base_url}/c/{token}/")


def delivered_report(alice, *, with_uploads=False):
    """Spot checks and no baseline, a recorded disagreement and two attendees: delivered.
    `with_uploads`: an analysed training sample and eval set too (the measured tables)."""
    assessment = make_assessment(
        "fine_tune", lead=alice, organisation="Harbour Health", evaluation_method="spot_checks", baseline_measured=False
    )
    if with_uploads:
        analysed_sample(assessment, unique=131_072, duplicates=38, pii=3)
        analysed_eval_set(assessment, with_expected=30, without=0)
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


# Every word inside a report table that the browser drew on more than one line (split mid-word).
BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll(".report-doc th, .report-doc td")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/[^\\s\\-–]+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (lines.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""


def test_report_tables_never_break_a_word_or_a_number_on_a_phone_or_a_laptop(page, alice):  # noqa: F811
    report = delivered_report(alice, with_uploads=True)
    open_link(page, report.assessment.engagement)
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        page.goto(f"{page.base_url}/my/report/")
        expect(page.locator("#measured .provider-fit")).to_be_visible()
        assert page.locator(".report-doc td, .report-doc th").count() > 60
        assert page.evaluate(BROKEN_WORDS) == [], f"at {viewport['width']} px"
        # Nothing sticks out sideways: the page is as wide as the screen, every table fits its box.
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        overflowing = page.evaluate(
            "[...document.querySelectorAll('.report-doc table')]"
            ".filter(t => t.scrollWidth > t.parentElement.clientWidth + 1).length"
        )
        assert overflowing == 0
        numbers = page.locator(".report-doc .num")
        assert numbers.count() > 10
        assert numbers.evaluate_all("els => els.every(e => getComputedStyle(e).whiteSpace === 'nowrap')")
        assert axe_violations(page) == []
        screenshot(page, f"client-report-tables-{viewport['width']}")
