"""The one submit path, for the client's link and for a consultant ending the workshop."""

import pytest

from assessments.models import Assessment, Report
from discovery.engagements.services.submission import SubmissionRefused, assessment_submit
from discovery.models import Engagement, OutgoingEmail
from tests.discovery.engagement_factories import golden_answers, make_assessment_for, make_engagement


def _answered(engagement):
    assessment = make_assessment_for(engagement)
    for slug, value in golden_answers("fine_tune").items():
        assessment.answers.create(question_slug=slug, value=value, revision=1)
    return assessment


@pytest.mark.django_db
def test_submit_is_refused_for_a_role_that_does_not_submit_answers(alice):
    assessment = _answered(make_engagement("Role Rovers"))
    with pytest.raises(ValueError, match="Unknown role 'lead'"):
        assessment_submit(assessment=assessment, role="lead", user=alice)
    assert Assessment.objects.get(pk=assessment.pk).is_open


@pytest.mark.django_db
def test_the_client_cannot_submit_while_a_consultant_runs_the_workshop(alice):
    engagement = make_engagement("Workshop Wharf", status=Engagement.IN_WORKSHOP, lead=alice)
    assessment = _answered(engagement)
    with pytest.raises(SubmissionRefused) as caught:
        assessment_submit(assessment=assessment, role="client", user=None)
    assert caught.value.problems == ["This assessment is being handled by a consultant with you; they will submit it."]


@pytest.mark.django_db
def test_both_paths_start_the_same_response_clock(alice, django_capture_on_commit_callbacks):
    by_client = _answered(make_engagement("Client Co"))
    in_workshop = _answered(make_engagement("Room Co", status=Engagement.IN_WORKSHOP, lead=alice))
    with django_capture_on_commit_callbacks(execute=True):
        assessment_submit(assessment=by_client, role="client", user=None)
        assessment_submit(assessment=in_workshop, role="consultant", user=alice)
    for assessment in (by_client, in_workshop):
        engagement = Engagement.objects.get(pk=assessment.engagement_id)
        assert engagement.status == Engagement.SUBMITTED
        assert engagement.response_due_at == Engagement.response_due_from(engagement.submitted_at)
        assert assessment.reports.count() == 1


@pytest.mark.django_db
def test_the_report_and_the_consultants_email_are_rows_committed_with_the_answers(django_capture_on_commit_callbacks):
    assessment = _answered(make_engagement("Same Transaction"))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assessment_submit(assessment=assessment, role="client", user=None)
    # Written in the submit's own transaction; only the three messages wait for the commit.
    assert assessment.reports.get().status == Report.QUEUED
    kinds = sorted(assessment.engagement.emails.values_list("kind", flat=True))
    assert kinds == [OutgoingEmail.CLIENT_RECEIPT, OutgoingEmail.SUBMITTED]
    assert len(callbacks) == 3


@pytest.mark.django_db
def test_a_second_submit_is_refused_and_asks_for_no_second_report_or_email(django_capture_on_commit_callbacks):
    assessment = _answered(make_engagement("Double Click"))
    with django_capture_on_commit_callbacks(execute=True):
        assessment_submit(assessment=assessment, role="client", user=None)
        with pytest.raises(SubmissionRefused):
            assessment_submit(assessment=assessment, role="client", user=None)
    assert assessment.reports.count() == 1
    assert assessment.engagement.emails.count() == 2  # the consultants' notice and the client's receipt
