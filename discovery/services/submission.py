"""Submitting a client's assessment: freeze the answers, start the response clock, tell people."""

import logging

from django.db import transaction
from django.utils import timezone

from assessments.models import Assessment
from assessments.services.answers import assessment_missing_answers
from discovery.models import Engagement

logger = logging.getLogger(__name__)


class SubmissionRefused(Exception):
    """The assessment can't be submitted yet; `problems` lists why, one sentence each."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def _request_report(assessment_id: int) -> None:
    # The reports area owns report generation; until it exists, submission still works.
    try:
        from assessments.services.reports import report_request
    except ImportError:
        logger.warning("No report service yet; report for assessment %s not requested", assessment_id)
        return
    report_request(assessment=Assessment.objects.get(pk=assessment_id), user=None)


@transaction.atomic
def assessment_submit(*, assessment: Assessment, label: str) -> Assessment:
    """Submit the client's answers.

    1. Refuse if already submitted, if the engagement is not waiting for the client, or while a
       required visible question is unanswered (each missing one is listed).
    2. Freeze the assessment and move the engagement to `submitted` (this sets the response due time).
    3. After commit: email the consultants and ask for the report to be generated.
    """
    from discovery.tasks import consultants_notify_submitted_task

    assessment = Assessment.objects.select_for_update().select_related("engagement").get(pk=assessment.pk)
    engagement = assessment.engagement
    if not assessment.is_open:
        raise SubmissionRefused(["These answers were already submitted."])
    if not engagement.can_transition(Engagement.SUBMITTED, "client"):
        raise SubmissionRefused(["This assessment is being handled by a consultant with you; they will submit it."])
    problems = assessment_missing_answers(assessment)
    if problems:
        raise SubmissionRefused([str(p) for p in problems])
    assessment.status = Assessment.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.save(update_fields=["status", "submitted_at"])
    engagement.transition(Engagement.SUBMITTED, role="client", message=f"Answers submitted by {label}")
    # Robust: the answers are already safely submitted; a failure here is logged, not shown as an error.
    transaction.on_commit(lambda: consultants_notify_submitted_task.delay(engagement.pk), robust=True)
    transaction.on_commit(lambda: _request_report(assessment.pk), robust=True)
    return assessment
