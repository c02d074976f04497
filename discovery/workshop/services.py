"""Workshop mode: consultants answer with the client in the room.

Answers go through the one write path (`answer_save`) with the revision the editor loaded, so
two consultants never silently overwrite each other; the annotations (note, confidence,
disagreement) are kept on the answer alongside. Ending the workshop submits the answers through
the one submit path (`discovery.engagements.services.submission.assessment_submit`).
"""

import hashlib
import json

from django.db import transaction

from assessments.models import Answer, Assessment, WorkshopAttendee
from assessments.selectors import published_questionnaire
from assessments.services.answers import AnswerRejected, StaleAnswer, answer_save
from discovery.engagements.selectors import engagement_workshop_assessment
from discovery.engagements.services.engagements import engagement_transition
from discovery.models import ConsultantProfile, Engagement
from web.names import display_name
from web.refusals import Refused


class StaleAnnotations(Refused):
    """Someone changed this question's note, confidence or disagreement after the editor loaded
    it. `current` is the answer as it is now."""

    status = 409

    def __init__(self, current: Answer):
        super().__init__("The notes on this question were changed by someone else.")
        self.current = current


def annotations_signature(answer: Answer | None) -> str:
    """A short fingerprint of an answer's annotations, sent with the form so a stale save shows."""
    if answer is None:
        return annotations_signature(Answer())
    fields = [answer.note, answer.confidence, answer.stakeholders_disagree, answer.disagreement_detail]
    return hashlib.sha256(json.dumps(fields).encode()).hexdigest()[:16]


@transaction.atomic
def workshop_start(*, engagement: Engagement, user) -> Assessment:
    """Open the workshop: move the engagement to in_workshop when the state machine allows it,
    and create its assessment if it has none yet. The only place a workshop's assessment is
    created: the workshop pages' GETs only read (`engagement_workshop_assessment`)."""
    if engagement.status != Engagement.IN_WORKSHOP and engagement.can_transition(Engagement.IN_WORKSHOP, "consultant"):
        engagement_transition(
            engagement=engagement, target=Engagement.IN_WORKSHOP, user=user, message="Workshop started"
        )
    assessment = engagement_workshop_assessment(engagement=engagement)
    if assessment is None:
        assessment = Assessment.objects.create(engagement=engagement, questionnaire=published_questionnaire())
    return assessment


@transaction.atomic
def workshop_answer_save(
    *,
    assessment: Assessment,
    slug: str,
    value,
    expected_revision: int | None,
    user,
    note: str = "",
    confidence: str = "",
    stakeholders_disagree: bool = False,
    disagreement_detail: str = "",
    expected_annotations: str | None = None,
    keep_annotations: bool = False,
) -> Answer:
    """Save one question's answer and its annotations. Raises StaleAnswer / StaleAnnotations /
    AnswerRejected, and then nothing is saved.

    The value is guarded by its revision; the annotations by `expected_annotations` (their
    signature when the editor loaded them): a save that would change annotations someone else
    changed meanwhile is refused, so one person's note never silently replaces another's.
    Only while the workshop runs: a submitted or delivered assessment is changed by starting a
    workshop again, which the timeline records. `keep_annotations` (presenter mode, whose page
    has no annotation fields) saves the value alone and leaves the annotations as they are.
    """
    if assessment.engagement.status != Engagement.IN_WORKSHOP:
        raise AnswerRejected("The workshop is not running: start it from the engagement page to change answers.")
    if confidence not in dict(Answer.CONFIDENCE):
        confidence = ""
    annotations = {
        "note": note.strip(),
        "confidence": confidence,
        "stakeholders_disagree": bool(stakeholders_disagree),
        "disagreement_detail": disagreement_detail.strip() if stakeholders_disagree else "",
    }
    current = Answer.objects.select_for_update().filter(assessment=assessment, question_slug=slug).first()
    if current is not None and expected_revision is not None and current.revision != expected_revision:
        raise StaleAnswer(current)  # a changed value is the conflict to show first
    if keep_annotations:
        annotations = {field: getattr(current or Answer(), field) for field in annotations}
    changes_annotations = any(getattr(current or Answer(), f) != wanted for f, wanted in annotations.items())
    if changes_annotations and expected_annotations is not None:
        if annotations_signature(current) != expected_annotations:
            raise StaleAnnotations(current)
    answer = answer_save(
        assessment=assessment,
        slug=slug,
        value=value,
        expected_revision=expected_revision,
        user=user,
        label=display_name(user),
        allow_submitted=True,
    )
    if answer.revision != (current.revision if current else 0):
        # The consultant's value now stands over the respondents' (assessments/services/respondents.py);
        # clearing it hands the question back to them.
        annotations["set_in_workshop"] = answer.value is not None
    if any(getattr(answer, field) != wanted for field, wanted in annotations.items()):
        for field, wanted in annotations.items():
            setattr(answer, field, wanted)
        answer.save(update_fields=list(annotations))
    assessment.engagement.record_first_response()
    return answer


def workshop_presenter_mode_set(*, user, on: bool) -> None:
    """Turn the workshop's presenter mode on or off for `user`, remembered on their profile
    (made if they have none yet, as the team page does)."""
    profile, _ = ConsultantProfile.objects.get_or_create(
        user=user, defaults={"title": "Consultant", "presenter_mode": on}
    )
    if profile.presenter_mode != on:
        profile.presenter_mode = on
        profile.save(update_fields=["presenter_mode"])


def workshop_attendee_add(*, assessment: Assessment, name: str, role: str = "") -> WorkshopAttendee:
    return WorkshopAttendee.objects.create(assessment=assessment, name=name.strip(), role=role.strip())


def workshop_attendee_remove(*, assessment: Assessment, attendee_id: int) -> None:
    WorkshopAttendee.objects.filter(assessment=assessment, pk=attendee_id).delete()
