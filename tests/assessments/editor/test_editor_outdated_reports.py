"""After criteria are published, consultants see which engagement's report was made with an older
version and regenerate it on the current one; the old report version stays as it was."""

import pytest
from django.urls import reverse

from assessments.models import Report
from assessments.reports.services import report_generate_now
from assessments.selectors import published_criteria_set
from assessments.services.publishing import content_draft_from, content_publish
from tests.assessments.editor_history import draft_with_condition
from tests.assessments.reports.factories import make_assessment

# 100-1000 curated examples are no longer enough: the "fine_tune" answers become "not_yet".
# The published default (v2) prefers a measured count; stricter only for the stated answer.
_STATED = 'curated_examples in ["none", "under_100", "100_to_1000"]'
STRICTER = f"has(sample.unique_examples) ? sample.unique_examples < 100 : {_STATED}"


@pytest.fixture
def old_report(db):
    report = report_generate_now(assessment=make_assessment("fine_tune"))
    assert report.status == Report.READY
    return report


def publish_stricter_criteria(admin):
    """Publish v4, where 100-1000 examples are too few (golden cases adjusted to match)."""
    draft = draft_with_condition(admin, "insufficient_curated_data", STRICTER)
    for case in draft.golden_cases.filter(expected_verdict="fine_tune"):
        if case.answers.get("curated_examples") == "100_to_1000" and "sample.unique_examples" not in case.facts:
            case.expected_verdict, case.must_match, case.must_not_match = "not_yet", [], []
            case.note = "Under 1000 examples is now too few."
            case.save()
    content_publish(version=draft, user=admin, note="Stricter data rule")


def engagement_page(client, user, report):
    client.force_login(user)
    return client.get(reverse("engagement", args=[report.assessment.engagement_id])).content.decode()


def test_a_report_on_the_published_criteria_is_not_flagged(client, alice, old_report):
    html = engagement_page(client, alice, old_report)
    assert "outdated-report" not in html
    assert "Regenerate on" not in html


def test_the_engagement_page_flags_a_report_made_with_replaced_criteria(client, alice, ada, old_report):
    publish_stricter_criteria(ada)
    html = engagement_page(client, alice, old_report)
    assert "Made with criteria v3; v4 is published now." in html
    assert f'action="{reverse("reports:regenerate", args=[old_report.pk])}"' in html
    assert "Regenerate on v4" in html


def test_regenerating_evaluates_with_the_current_criteria_and_keeps_the_old_version(
    client, alice, ada, old_report, django_capture_on_commit_callbacks
):
    old_evaluation, old_html = old_report.evaluation, old_report.html
    publish_stricter_criteria(ada)
    client.force_login(alice)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:regenerate", args=[old_report.pk]))

    new = old_report.assessment.reports.order_by("-number").first()
    assert new.number == 2 and new.status == Report.READY
    assert (new.evaluation.criteria_set, new.evaluation.verdict) == (published_criteria_set(), "not_yet")
    old_report.refresh_from_db()
    assert (old_report.evaluation, old_report.html) == (old_evaluation, old_html)
    assert old_evaluation.verdict == "fine_tune"
    html = engagement_page(client, alice, old_report)
    assert "outdated-report" not in html  # the newest version is current again


def _publish_draft(admin, change):
    """Publish v4 as a copy of v3 with `change(draft)` applied."""
    draft = content_draft_from(version=published_criteria_set(), user=admin)
    change(draft)
    content_publish(version=draft, user=admin, note="A small change")


def _retitle(draft):
    draft.title = draft.title + " (renamed)"
    draft.save()


def test_a_title_only_publish_offers_no_regeneration(client, alice, ada, old_report):
    _publish_draft(ada, _retitle)
    assert published_criteria_set().version == 4
    html = engagement_page(client, alice, old_report)
    assert "outdated-report" not in html and "Regenerate on" not in html


def test_rewording_a_criterion_the_report_matched_offers_regeneration_and_one_it_did_not_does_not(
    client, alice, ada, old_report
):
    matched = old_report.evaluation.result["matched"]
    unmatched = next(row["slug"] for row in old_report.evaluation.result["criteria"] if not row["matched"])

    def reword(slug):
        def change(draft):
            criterion = draft.criteria.get(slug=slug)
            criterion.rationale = criterion.rationale + " Reworded."
            criterion.save()

        return change

    _publish_draft(ada, reword(unmatched))
    assert "Regenerate on" not in engagement_page(client, alice, old_report)
    _publish_draft(ada, reword(matched[0]))
    assert "Regenerate on v5" in engagement_page(client, alice, old_report)  # v4 was the first reword
