"""Browser journeys for several voices and time: two respondents answer in parallel and disagree,
the consultant settles it in the workshop; a re-assessment is started, compared, and its report
says what changed. Each new page is checked with axe-core at 1280 and 390 px."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import Answer, Assessment, Reconciliation
from assessments.reports.services import report_generate_now
from assessments.services.respondents import respondent_add
from discovery.engagements.services.respondents import lead_respondent_for
from discovery.models import ClientLink, Engagement
from tests.answers import READY_CLIENT
from tests.browser import DESKTOP, PHONE, axe_violations, page, screenshot  # noqa: F401
from tests.discovery.engagement_factories import make_assessment_for, make_engagement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _accessible_at_both_widths(page, name):  # noqa: F811
    for size, suffix in ((DESKTOP, "1280"), (PHONE, "390")):
        page.set_viewport_size(size)
        assert axe_violations(page) == [], f"{name} at {suffix}px"
        screenshot(page, f"{name}-{suffix}")
    page.set_viewport_size(DESKTOP)


def _sign_in(page, username="alice"):  # noqa: F811
    page.goto(f"{page.base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "correct horse battery")
    page.locator("form [type=submit]").click()
    page.wait_for_url(f"{page.base_url}/queue/")


def _open_data_section(browser_page, base_url, token):
    browser_page.goto(f"{base_url}/c/{token}/")
    browser_page.goto(f"{base_url}/my/questions/data/")


def _choose(browser_page, curated):
    with browser_page.expect_response(lambda r: "/autosave/" in r.url):
        browser_page.locator(f"#id-curated_examples-{curated}").check()


def test_two_respondents_disagree_and_the_consultant_settles_it_in_the_workshop(page, alice):  # noqa: F811
    engagement = make_engagement("Tidewater Logistics", lead=alice)
    assessment = make_assessment_for(engagement, {k: v for k, v in READY_CLIENT.items() if k != "curated_examples"})
    lead_respondent_for(engagement=engagement, assessment=assessment)
    dana = respondent_add(
        assessment=assessment,
        name="Dana Data",
        email="dana@tidewater.example",
        role="data lead",
        sections=["data", "evaluation"],
        invited_by_label="Tidewater Contact",
    )
    _, lead_token = ClientLink.issue(engagement)
    _, dana_token = ClientLink.issue(engagement, respondent=dana)

    # Two people, two browsers, the same page at the same time.
    colleague = page.context.browser.new_context(viewport=DESKTOP).new_page()
    colleague.set_default_timeout(10_000)
    _open_data_section(page, page.base_url, lead_token)
    _open_data_section(colleague, page.base_url, dana_token)
    _choose(page, "100_to_1000")
    _choose(colleague, "under_100")
    expect(colleague.locator("#id-curated_examples-under_100")).to_be_checked()
    # Her link opens only her sections.
    assert colleague.goto(f"{page.base_url}/my/questions/use_case/").status == 404
    colleague.context.close()

    page.goto(f"{page.base_url}/my/review/")
    card = page.locator("#disagreement-curated_examples")
    expect(card).to_contain_text("Dana Data (data lead)")
    expect(card).to_contain_text("Open — changes the verdict")
    _accessible_at_both_widths(page, "respondents-review")
    page.goto(f"{page.base_url}/my/colleagues/")
    _accessible_at_both_widths(page, "respondents-colleagues")

    # The consultant runs the workshop: the disagreement comes first and is settled with a note.
    page.context.clear_cookies()
    _sign_in(page)
    page.goto(f"{page.base_url}/engagements/{engagement.pk}/disagreements/")
    _accessible_at_both_widths(page, "respondents-disagreements")
    page.goto(f"{page.base_url}/engagements/{engagement.pk}/")
    page.get_by_role("button", name="Start workshop").click()
    page.wait_for_url(f"{page.base_url}/engagements/{engagement.pk}/workshop/")
    panel = page.locator(".workshop-disagreements")
    expect(panel).to_contain_text("Where respondents disagree")
    screenshot(page, "respondents-workshop")
    panel.get_by_label("Fewer than 100 curated examples (Dana Data)").check()
    panel.get_by_label("Why this answer").fill("Dana counted the reviewed examples in the repository.")
    panel.get_by_role("button", name="Settle").click()
    page.wait_for_url(f"{page.base_url}/engagements/{engagement.pk}/workshop/")
    expect(page.locator(".workshop-disagreements")).to_have_count(0)
    assert Answer.objects.get(assessment=assessment, question_slug="curated_examples").value == "under_100"
    assert Reconciliation.objects.get().settled_by == alice


def test_a_reassessment_is_started_compared_and_its_report_says_what_changed(page, alice, monkeypatch):  # noqa: F811
    monkeypatch.setattr("assessments.reports.services.html_to_pdf", lambda html: b"%PDF-1.7 test")
    first = make_engagement("Quayside Books", lead=alice)
    then = timezone.now() - timedelta(days=183)
    previous = make_assessment_for(
        first, {**READY_CLIENT, "curated_examples": "under_100", "evaluation_method": "none"}
    )
    Assessment.objects.filter(pk=previous.pk).update(status=Assessment.SUBMITTED, submitted_at=then)
    Engagement.objects.filter(pk=first.pk).update(status=Engagement.DELIVERED, delivered_at=then)
    report_generate_now(assessment=Assessment.objects.get(pk=previous.pk))

    _sign_in(page)
    page.goto(f"{page.base_url}/engagements/{first.pk}/")
    page.get_by_role("button", name="Start a re-assessment").click()
    expect(page.locator(".alert-success, .alert")).to_contain_text("Re-assessment started")
    new = Engagement.objects.exclude(pk=first.pk).get()
    assessment = new.assessments.get()
    assert assessment.answers.filter(carried_over_from__isnull=False).count() == len(READY_CLIENT)

    # The client updates two answers and submits (as their pages would); the consultants compare.
    Answer.objects.filter(assessment=assessment, question_slug="curated_examples").update(value="over_1000")
    Answer.objects.filter(assessment=assessment, question_slug="evaluation_method").update(value="defined_metrics")
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.SUBMITTED, submitted_at=timezone.now())
    report = report_generate_now(assessment=Assessment.objects.get(pk=assessment.pk))

    page.goto(f"{page.base_url}/organisations/{first.organisation_id}/")
    expect(page.locator("#org-timeline li")).to_have_count(2)
    _accessible_at_both_widths(page, "organisation-timeline")
    page.get_by_role("button", name="Compare").click()
    expect(page.locator("#why")).to_contain_text("The criteria were the same")
    expect(page.locator("#why")).to_contain_text("moved the verdict")
    expect(page.locator("#changed-answers")).to_contain_text("Over 1,000 curated examples")
    _accessible_at_both_widths(page, "organisation-compare")

    page.goto(f"{page.base_url}/reports/{report.pk}/draft/")
    section = page.locator("#since-last")
    expect(section).to_contain_text("Since your last assessment")
    expect(section).to_contain_text("Over 1,000 curated examples")
