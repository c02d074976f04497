""" "Save as golden case" on the review page: an engagement's evaluation becomes a golden case."""

import pytest
from django.urls import reverse

from assessments.models import CriteriaSet, GoldenCase, Report, VersionStatus
from assessments.selectors import published_criteria_set
from assessments.services.evaluation import assessment_evaluate
from assessments.services.publishing import content_draft_from

pytestmark = pytest.mark.django_db(transaction=True)


def _save(client, report, **data):
    return client.post(reverse("reports:golden-case", args=[report.pk]), data)


def test_an_admin_saves_an_evaluation_into_the_open_draft(client, ada, ready_report):
    draft = content_draft_from(version=published_criteria_set(), user=ada)
    client.force_login(ada)
    page = client.get(reverse("reports:review", args=[ready_report.pk])).content.decode()
    assert "Save as golden case" in page and f"open draft {draft.slug} v{draft.version}" in page
    response = _save(client, ready_report, name="Aurora: brand voice, ready")
    case = draft.golden_cases.get(name="Aurora: brand voice, ready")
    evaluation = ready_report.evaluation
    assert response.url == reverse("editor-golden-answers", args=[draft.pk, case.pk])
    assert case.answers == evaluation.answers and case.expected_verdict == evaluation.verdict
    assert f"engagement #{ready_report.assessment.engagement_id}" in case.note
    message = client.get(response.url).content.decode()
    assert f"in the open draft {draft.slug} v{draft.version}" in message
    # The copied case passes on the draft it joined (the criteria didn't change).
    panel = client.get(reverse("editor-golden", args=[draft.pk])).content.decode()
    assert "✓ Passes:</strong> Aurora: brand voice, ready" in panel


def test_without_an_open_draft_the_page_offers_one_and_saving_creates_it(client, ada, ready_report):
    client.force_login(ada)
    page = client.get(reverse("reports:review", args=[ready_report.pk])).content.decode()
    assert "has no open draft: saving creates one from v3" in page
    response = _save(client, ready_report, name="From a real engagement", create_draft="1")
    draft = CriteriaSet.objects.get(status=VersionStatus.DRAFT)
    assert draft.golden_cases.filter(name="From a real engagement").exists()
    assert "a draft created for it" in client.get(response.url).content.decode()


def test_without_an_open_draft_nothing_is_created_unless_asked(client, ada, ready_report):
    client.force_login(ada)
    response = _save(client, ready_report, name="From a real engagement")
    assert response.url == reverse("reports:review", args=[ready_report.pk])
    assert "has no open draft" in client.get(response.url).content.decode()
    assert not CriteriaSet.objects.filter(status=VersionStatus.DRAFT).exists()


def test_a_name_already_in_the_draft_is_refused_and_no_draft_is_left_behind(client, ada, ready_report):
    client.force_login(ada)
    taken = published_criteria_set().golden_cases.first().name
    response = _save(client, ready_report, name=taken, create_draft="1")
    assert "There is already a golden case called" in client.get(response.url).content.decode()
    assert not CriteriaSet.objects.filter(status=VersionStatus.DRAFT).exists()


def test_measured_facts_the_evaluation_used_are_copied(client, ada, ready_report):
    draft = content_draft_from(version=published_criteria_set(), user=ada)
    facts = {"sample.valid_examples": 240, "sample.pii_lines": 0}
    evaluation = assessment_evaluate(assessment=ready_report.assessment, facts=facts)
    report = Report.objects.create(
        assessment=ready_report.assessment, number=2, status=Report.READY, evaluation=evaluation
    )
    client.force_login(ada)
    assert "and its measured facts" in client.get(reverse("reports:review", args=[report.pk])).content.decode()
    _save(client, report, name="With measured facts")
    case = draft.golden_cases.get(name="With measured facts")
    assert case.facts == facts and case.expected_verdict == evaluation.verdict


def test_a_report_without_an_evaluation_says_there_is_nothing_to_copy(client, ada, ready_report):
    report = Report.objects.create(assessment=ready_report.assessment, number=2, status=Report.QUEUED)
    client.force_login(ada)
    response = _save(client, report, name="x", create_draft="1")
    assert "no evaluation yet" in client.get(response.url).content.decode()
    assert not CriteriaSet.objects.filter(status=VersionStatus.DRAFT).exists()


def test_consultants_may_not_save_golden_cases_and_do_not_see_the_button(client, alice, ready_report):
    client.force_login(alice)
    assert "Save as golden case" not in client.get(reverse("reports:review", args=[ready_report.pk])).content.decode()
    assert _save(client, ready_report, name="x", create_draft="1").status_code == 403
    assert not GoldenCase.objects.filter(name="x").exists()
    assert not CriteriaSet.objects.filter(status=VersionStatus.DRAFT).exists()


def _overridden(report, verdict="not_yet"):
    return Report.objects.create(
        assessment=report.assessment,
        number=2,
        status=Report.READY,
        evaluation=report.evaluation,
        override_verdict=verdict,
        override_justification="Their examples need another review.",
    )


def test_an_overridden_report_saves_the_architects_verdict_and_says_so(client, ada, ready_report):
    draft = content_draft_from(version=published_criteria_set(), user=ada)
    report = _overridden(ready_report)
    assert report.evaluation.verdict == "fine_tune"
    client.force_login(ada)
    page = client.get(reverse("reports:review", args=[report.pk])).content.decode()
    assert 'value="architect" id="golden-expect-architect" checked' in page
    assert "Not yet: prepare first, the architect's verdict (this report's)" in page
    response = _save(client, report, name="Overridden: not yet")
    assert draft.golden_cases.get(name="Overridden: not yet").expected_verdict == "not_yet"
    assert "the architect&#x27;s verdict" in client.get(response.url).content.decode()


def test_on_an_overridden_report_the_admin_may_pin_the_computed_verdict_instead(client, ada, ready_report):
    draft = content_draft_from(version=published_criteria_set(), user=ada)
    report = _overridden(ready_report)
    client.force_login(ada)
    response = _save(client, report, name="Computed", expect="computed")
    assert draft.golden_cases.get(name="Computed").expected_verdict == "fine_tune"
    assert "the computed verdict, which the architect overrode" in client.get(response.url).content.decode()
    _save(client, report, name="Nonsense choice", expect="whatever")
    assert draft.golden_cases.get(name="Nonsense choice").expected_verdict == "not_yet"
