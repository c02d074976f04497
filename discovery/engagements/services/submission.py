"""Submitting an assessment: freeze the answers, start the response clock, ask for the report.

One path for both ways answers arrive: the client submitting from their private link, and a
consultant ending the workshop.
"""

from django.db import transaction
from django.utils import timezone

from assessments.models import Assessment
from assessments.reports.services import report_request
from assessments.services.answers import assessment_missing_answers
from discovery.engagements.services.engagements import engagement_transition
from discovery.engagements.services.outbox import email_queue
from discovery.models import Engagement, OutgoingEmail
from web.refusals import Refused

CLIENT = "client"
CONSULTANT = "consultant"


class SubmissionRefused(Refused):
    """The assessment can't be submitted yet; `problems` lists why, one sentence each."""

    status = 409

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def _problems(assessment: Assessment, engagement: Engagement, role: str) -> list[str]:
    """Why `role` can't submit now; empty when it can. The client's reasons stop at the first."""
    if role == CLIENT:
        if not assessment.is_open:
            return ["These answers were already submitted."]
        if not engagement.can_transition(Engagement.SUBMITTED, CLIENT):
            return ["This assessment is being handled by a consultant with you; they will submit it."]
        return [str(p) for p in assessment_missing_answers(assessment)]
    problems = [str(p) for p in assessment_missing_answers(assessment)]
    if engagement.status != Engagement.IN_WORKSHOP:
        problems.insert(0, "The workshop is not running (the engagement is not in workshop).")
    return problems


@transaction.atomic
def assessment_submit(*, assessment: Assessment, role: str, user) -> Assessment:
    """Submit the answers: by the client (role "client", user None) or by a consultant ending the
    workshop (role "consultant", the consultant as user).

    1. Refuse (SubmissionRefused, each reason listed) while a required visible question is
       unanswered; the client also once the answers are submitted or while the engagement is not
       waiting for them; a consultant while the workshop is not running (a workshop may be held
       again on submitted answers, and ending it submits them again).
    2. Freeze the assessment and move the engagement to `submitted` (this sets the response due
       time), or back to `in_review` when the workshop was held during review; one timeline event.
    3. In the same transaction: ask for the report (a queued version) and, when the client
       submitted, email the consultants and confirm to the client with the response deadline (one
       outbox row each; a consultant ending a workshop is already with them). All are sent to the
       worker once this commits; if the broker can't take them, the request still succeeds and the
       sweeps send them.
    """
    if role not in (CLIENT, CONSULTANT):
        raise ValueError(f"Unknown role {role!r}: answers are submitted by the client or a consultant.")
    assessment = Assessment.objects.select_for_update().select_related("engagement").get(pk=assessment.pk)
    engagement = assessment.engagement
    problems = _problems(assessment, engagement, role)
    if problems:
        raise SubmissionRefused(problems)
    assessment.status = Assessment.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.save(update_fields=["status", "submitted_at"])
    if role == CLIENT:
        engagement.transition(
            Engagement.SUBMITTED, role=CLIENT, message=f"Answers submitted by {engagement.client_label}"
        )
        email_queue(kind=OutgoingEmail.SUBMITTED, engagement=engagement)
        email_queue(kind=OutgoingEmail.CLIENT_RECEIPT, engagement=engagement)
    else:
        # A workshop held during review returns the engagement to review, not to the queue.
        back_in_review = engagement.status_before_workshop() == Engagement.IN_REVIEW
        target = Engagement.IN_REVIEW if back_in_review else Engagement.SUBMITTED
        engagement_transition(
            engagement=engagement, target=target, user=user, message="Workshop ended; report requested"
        )
    report_request(assessment=assessment, user=user)
    return assessment
