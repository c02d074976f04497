"""A client reads the training paths and the cost section of their delivered report, on a
desktop and a phone: the open paths with their status and dates, the closing and retirement
warnings, the training cost and the break-even; the page passes axe-core at both widths. The
architect sees the same section on the review page."""

import pytest
from django.urls import reverse

from assessments.models import ProviderProfile, Report
from discovery.models import ClientLink
from tests.assessments.reports.factories import delivered_to_contact, make_assessment
from tests.assessments.sample_factories import analysed_eval_set, analysed_sample, seeded_profiles
from tests.browser import DESKTOP, PHONE, axe_violations, page, screenshot_of, sign_in  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TRAFFIC = {"requests_per_day": 12_000, "prompt_tokens": 1_800, "tuned_prompt_tokens": 250, "answer_tokens": 180}


def delivered_with_paths(alice) -> Report:
    seeded_profiles()
    assessment = make_assessment("fine_tune", lead=alice, organisation="Harbour Health")
    analysed_sample(assessment, unique=120, duplicates=0)
    analysed_eval_set(assessment)
    return delivered_to_contact(
        assessment,
        alice,
        narrative="Train on your 120 examples.",
        no_engineers_reason="We staff it after the pilot.",
        contact=("Nora", "n@h.example"),
        traffic=TRAFFIC,
    )


def test_a_client_reads_the_training_paths_and_cost_of_the_delivered_report(page, alice):  # noqa: F811
    report = delivered_with_paths(alice)
    _, token = ClientLink.issue(report.assessment.engagement)
    page.goto(f"{page.base_url}/c/{token}/")
    page.get_by_role("link", name="Read the report").click()
    section = page.locator("#training-paths")
    section.get_by_role("heading", name="Training paths and cost").wait_for()
    text = section.inner_text()
    assert "self-serve paths are open for this data" in text
    assert "OpenAI gpt-4.1-mini, supervised" in text and "Closing 6 January 2027" in text
    assert "New training jobs stop on 6 January 2027" in text and "retires on 14 January 2027" in text
    assert "Pays back in" in text and "price not confirmed" in text and "(unconfirmed)" in text
    assert "Amazon Bedrock Claude 3 Haiku, supervised (Closed; base model retires 10 September 2026)" in text
    assert "Assumptions" in text
    screenshot_of(section, "report-training-paths")
    assert axe_violations(page) == []

    page.set_viewport_size(PHONE)
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []
    page.set_viewport_size(DESKTOP)


def test_the_architect_sees_the_paths_on_the_review_page_and_is_told_of_newer_figures(page, alice):  # noqa: F811
    report = delivered_with_paths(alice)
    ProviderProfile.objects.filter(slug="vertex-gemini-2-5-flash-sft").update(training_price_per_million="4")
    sign_in(page)
    page.goto(page.base_url + reverse("reports:review", args=[report.pk]))
    assert "Newer provider figures exist than this version used" in page.locator("#newer-profiles").inner_text()
    assert "OpenAI gpt-4.1-mini, supervised" in page.locator("#review-training-paths").inner_text()
