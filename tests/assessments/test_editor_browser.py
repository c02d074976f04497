"""An admin changes a criterion safely in the editor: invalid → fixed → golden case adjusted →
impact seen → published; a new submission is evaluated with the new version, old reports keep theirs."""

import pytest
from django.db import transaction
from playwright.sync_api import expect

from assessments.models import Answer, Assessment, CriteriaSet, Report, VersionStatus
from assessments.selectors import report_is_outdated
from discovery.models import Engagement, Organisation
from discovery.services.submission import assessment_submit
from tests.assessments.editor_history import seed_history
from tests.browser import page, screenshot  # noqa: F401

pytestmark = [pytest.mark.browser]

CASE = "High-volume task behaviour fits even at best-effort consistency"
STRICT = '"task_behaviour" in goals && consistency_need in ["high", "strict"]'


def sign_in(page, username):  # noqa: F811
    page.goto(f"{page.base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "correct horse battery")
    page.locator("form [type=submit]").click()
    page.wait_for_load_state()


def test_an_admin_changes_a_criterion_safely(page, ada, transactional_db):  # noqa: F811
    history = seed_history()
    before = CriteriaSet.objects.get(status=VersionStatus.PUBLISHED)
    old_case = before.golden_cases.get(name=CASE)
    old_assessment = next(a for a in history if a.answer_values() == old_case.answers)
    old_evaluation = old_assessment.evaluations.get()
    old_report = Report.objects.create(
        assessment=old_assessment, evaluation=old_evaluation, number=1, status="ready", html="<p>Fine-tune.</p>"
    )

    sign_in(page, "ada")
    page.goto(f"{page.base_url}/editor/")
    page.locator("section[aria-labelledby=criteria-heading]").get_by_role("button", name="New draft from v2").click()
    draft = CriteriaSet.objects.get(status=VersionStatus.DRAFT)
    criterion = draft.criteria.get(slug="fit_task_behaviour")
    box = page.locator(f"#condition-{criterion.pk}")

    box.fill(STRICT[:-1])  # the closing bracket is missing
    expect(page.locator(f"#errors-{criterion.pk}")).to_contain_text("Syntax error at line 1")
    box.press("Tab")
    expect(page.locator(f"#saved-{criterion.pk}")).to_contain_text("not publishable yet")
    screenshot(page, "editor-invalid-condition")
    page.goto(f"{page.base_url}/editor/criteria/{draft.pk}/publish/")
    expect(page.locator(".publish-problems")).to_contain_text("fit_task_behaviour")
    expect(page.get_by_role("button", name="Publish v3 and retire v2")).to_be_disabled()

    page.goto(f"{page.base_url}/editor/criteria/{draft.pk}/")
    box = page.locator(f"#condition-{criterion.pk}")
    box.fill(STRICT.removesuffix('"strict"]'))  # ends at ["high", — the value comes from the panel
    box.press("End")
    page.locator("button.insert[data-insert='\"strict\"']").click()
    box.press("End")
    box.type("]")
    expect(box).to_have_value(STRICT)
    expect(page.locator(f"#errors-{criterion.pk}")).to_contain_text("Condition is valid")
    box.press("Tab")
    expect(page.locator("#golden-panel")).to_contain_text("1 failing")
    expect(page.locator("#golden-panel")).to_contain_text("verdict is do_not_fine_tune, expected fine_tune")
    screenshot(page, "editor-golden-case-fails")
    page.goto(f"{page.base_url}/editor/criteria/{draft.pk}/publish/")
    expect(page.locator(".publish-problems")).to_contain_text(CASE)

    page.goto(f"{page.base_url}/editor/criteria/{draft.pk}/")
    case = draft.golden_cases.get(name=CASE)
    page.locator(f"#expected-{case.pk}").locator("xpath=ancestor::details").locator("summary").click()
    page.select_option(f"#expected-{case.pk}", "do_not_fine_tune")
    page.fill(f"#must-{case.pk}", "")
    page.fill(f"#mustnot-{case.pk}", "fit_task_behaviour")
    page.fill(f"#note-{case.pk}", "Volume alone no longer makes task behaviour a fit.")
    page.get_by_role("button", name="Save expectation").nth(0).click()
    expect(page.locator("#golden-panel")).to_contain_text("0 failing")

    page.get_by_role("button", name="Run impact analysis").click()
    # One stored assessment per golden case of the published default (v2: 21).
    expect(page.locator(".impact-summary")).to_contain_text("1 of 21 verdicts would change")
    # Labels, never slugs, wherever a person reads a verdict.
    expect(page.locator(".transition-table")).to_contain_text("Fine-tune now")
    expect(page.locator(".transition-table")).to_contain_text("Do not fine-tune")
    screenshot(page, "editor-impact")

    page.get_by_role("link", name="Review and publish…").click()
    expect(page.locator(".diff")).to_contain_text("fit_task_behaviour")
    page.get_by_label("Change note (required): what changed and why").fill("Task behaviour needs high consistency.")
    screenshot(page, "editor-publish")
    page.get_by_role("button", name="Publish v3 and retire v2").click()
    expect(page.locator("body")).to_contain_text("is published")

    v2 = CriteriaSet.objects.get(status=VersionStatus.PUBLISHED)
    assert v2.pk == draft.pk
    # A client submits the same answers after publishing: their report is made with v2.
    engagement = Engagement.objects.create(
        organisation=Organisation.objects.create(name="New Co"), source=Engagement.SELF_SERVICE
    )
    fresh = Assessment.objects.create(engagement=engagement, questionnaire=v2.questionnaire)
    Answer.objects.bulk_create(Answer(assessment=fresh, question_slug=s, value=v) for s, v in old_case.answers.items())
    with transaction.atomic():
        assessment_submit(assessment=fresh, role="client", user=None)
    new_report = fresh.reports.get()
    assert new_report.status == Report.READY
    assert (new_report.evaluation.criteria_set_id, new_report.evaluation.verdict) == (v2.pk, "do_not_fine_tune")
    old_evaluation.refresh_from_db()
    old_report.refresh_from_db()
    assert (old_evaluation.criteria_set_id, old_evaluation.verdict) == (before.pk, "fine_tune")
    assert (old_report.evaluation_id, old_report.html) == (old_evaluation.pk, "<p>Fine-tune.</p>")
    assert report_is_outdated(old_report)
