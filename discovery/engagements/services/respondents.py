"""Several respondents on the engagement side: inviting a colleague (their own private link by
email), settling a disagreement on the timeline, and starting a re-assessment from a delivered
engagement.

The answers themselves are the assessment side's (assessments/services/respondents.py).
"""

import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from assessments import engine
from assessments.models import Answer, Assessment, Reconciliation, Respondent
from assessments.selectors import assessment_disagreements, content_definition, published_questionnaire
from assessments.services.evaluation import assessment_disagreement_effects, disagreement_changes_verdict
from assessments.services.respondents import (
    RespondentRefused,
    disagreement_resolve,
    respondent_add,
    respondent_lead,
    respondent_remove,
)
from discovery.engagements.services.outbox import email_queue
from discovery.models import ClientLink, Engagement, EngagementEvent, OutgoingEmail
from web.refusals import Refused


class ReassessmentRefused(Refused):
    status = 409


@dataclass
class Side:
    """One answer given in a disagreement: the value (as posted back to pick it), in words, who
    gave it, and the verdict it would give with every other answer as it stands (None while that
    still depends on answers that are open)."""

    value: str
    words: str
    respondents: list
    verdict: str | None  # None: with this answer the verdict still depends on other open answers

    @property
    def verdict_label(self) -> str:
        return engine.verdict_label(self.verdict) if self.verdict else engine.UNDECIDED_LABEL


def disagreement_rows(assessment) -> list[tuple]:
    """(disagreement, [Side], whether the choice changes the verdict) for every disagreement, the
    open ones first: what the review page, the consultants' page and the workshop show."""
    found = assessment_disagreements(assessment)
    effects = assessment_disagreement_effects(assessment=assessment, disagreements=found)
    rows = []
    for d in found:
        verdicts = {json.dumps(v, sort_keys=True): verdict for v, verdict in effects[d.slug]}
        sides = [
            Side(json.dumps(value, sort_keys=True), words, who, verdicts[json.dumps(value, sort_keys=True)])
            for value, words, who in d.choices()
        ]
        rows.append((d, sides, disagreement_changes_verdict(effects[d.slug])))
    return sorted(rows, key=lambda row: not row[0].is_open)


def picked_value(posted: str):
    """The value a settle form posted as picked (a JSON spelling of one side's value)."""
    try:
        return json.loads(posted)
    except ValueError as exc:
        raise RespondentRefused("Pick one of the answers given.") from exc


def lead_respondent_for(*, engagement: Engagement, assessment: Assessment) -> Respondent:
    """The engagement contact as the assessment's lead respondent (created on first use)."""
    contact = engagement.contact
    return respondent_lead(
        assessment=assessment,
        name=contact.name if contact else engagement.client_label,
        email=contact.email if contact else "",
        role=contact.role if contact else "",
    )


@transaction.atomic
def respondent_invite(
    *,
    engagement: Engagement,
    assessment: Assessment,
    name: str,
    email: str,
    role: str = "",
    sections=(),
    invited_by_label: str,
    user=None,
) -> Respondent:
    """Invite a colleague to answer (some sections of) the assessment with their own private link.

    The lead respondent exists from here on (the contact's answers so far become theirs). The
    link is issued when the outbox sends the email, so no clear token is ever stored. Refused
    while the engagement isn't waiting for the client's answers.
    """
    if engagement.status != Engagement.REQUESTED or not assessment.is_open:
        raise RespondentRefused("Colleagues can be invited only while the client is answering the questionnaire.")
    lead_respondent_for(engagement=engagement, assessment=assessment)
    respondent = respondent_add(
        assessment=assessment,
        name=name,
        email=email,
        role=role,
        sections=sections,
        invited_by_label=invited_by_label,
    )
    email_queue(kind=OutgoingEmail.RESPONDENT_INVITE, engagement=engagement, respondent=respondent, actor=user)
    EngagementEvent.objects.create(
        engagement=engagement,
        kind=EngagementEvent.Kind.RESPONDENT_INVITED,
        actor=user,
        # The timeline is staff-only; the name says who answers, the address stays on the respondent.
        message=f"{invited_by_label} invited {respondent.label} to answer",
    )
    return respondent


@transaction.atomic
def respondent_links_revoke(*, respondent: Respondent, user=None) -> int:
    """Stop every link of one respondent working at once; returns how many were usable."""
    return ClientLink.objects.usable().filter(respondent=respondent).update(revoked_at=timezone.now(), revoked_by=user)


@transaction.atomic
def respondent_take_off(*, engagement: Engagement, respondent: Respondent, label: str, user=None) -> Respondent:
    """Remove a colleague from answering (assessments' respondent_remove), revoke their link at
    once, and put it on the timeline. Their invitation email, if not sent yet, sends nothing
    (notifications.respondent_invite_send skips removed respondents)."""
    if respondent.assessment.engagement_id != engagement.pk:
        raise RespondentRefused("This person is not answering this engagement's assessment.")
    respondent_remove(respondent=respondent, label=label)
    revoked = respondent_links_revoke(respondent=respondent, user=user)
    EngagementEvent.objects.create(
        engagement=engagement,
        kind=EngagementEvent.Kind.RESPONDENT_REMOVED,
        actor=user,
        message=f"{label} removed {respondent.label} from answering",
        data={"respondent": respondent.pk, "links_revoked": revoked},
    )
    return respondent


@transaction.atomic
def disagreement_settle(
    *, engagement: Engagement, assessment: Assessment, slug: str, value, note: str, label: str, user=None
) -> Reconciliation:
    """Settle a disagreement (assessments' disagreement_resolve) and put it on the timeline.

    A consultant may settle while the workshop is running on submitted answers; the client's
    lead respondent only before submission."""
    reconciliation = disagreement_resolve(
        assessment=assessment,
        slug=slug,
        value=value,
        note=note,
        label=label,
        user=user,
        allow_submitted=user is not None and engagement.status == Engagement.IN_WORKSHOP,
    )
    EngagementEvent.objects.create(
        engagement=engagement,
        kind=EngagementEvent.Kind.DISAGREEMENT_SETTLED,
        actor=user,
        message=f"{label} settled the disagreement on {slug}",
    )
    return reconciliation


@transaction.atomic
def reassessment_start(*, engagement: Engagement, user) -> Engagement:
    """Start a re-assessment of a delivered engagement's organisation.

    1. Refuse unless the engagement was delivered (there is a result to compare with) and has a
       submitted assessment.
    2. A new engagement for the same organisation and contact, led by `user`, waiting for the
       client's answers; a new assessment on the currently published questionnaire, naming the
       previous one.
    3. Copy each previous answer the new questionnaire still asks and accepts, marked "carried over
       from <the previous submission>" until someone confirms or changes it. Samples and eval sets
       are not carried: they are uploaded anew.
    4. One event on each timeline; the client is emailed a private link.
    """
    if engagement.status not in (Engagement.DELIVERED, Engagement.CLOSED):
        raise ReassessmentRefused("A re-assessment starts from a delivered engagement.")
    previous = engagement.assessments.filter(status=Assessment.SUBMITTED).order_by("-submitted_at").first()
    if previous is None:
        raise ReassessmentRefused("This engagement has no submitted answers to start from.")
    new = Engagement.objects.create(
        organisation=engagement.organisation,
        contact=engagement.contact,
        source=engagement.source,
        lead=user,
        use_case_description=engagement.use_case_description,
    )
    questionnaire = published_questionnaire()
    assessment = Assessment.objects.create(engagement=new, questionnaire=questionnaire, previous=previous)
    definition = content_definition(questionnaire)
    kept = engine.validate_answers(definition, previous.answer_values())
    carried_from = previous.submitted_at or previous.created_at
    Answer.objects.bulk_create(
        Answer(
            assessment=assessment,
            question_slug=slug,
            value=value,
            updated_by_label="Carried over",
            carried_over_from=carried_from,
        )
        for slug, value in kept.answers.items()
        if slug in definition.by_slug
    )
    EngagementEvent.objects.create(
        engagement=new,
        kind=EngagementEvent.Kind.REASSESSMENT_STARTED,
        actor=user,
        message=f"Re-assessment of engagement {engagement.pk}: {len(kept.answers)} answers carried over",
        data={"previous_engagement": engagement.pk, "previous_assessment": previous.pk},
    )
    EngagementEvent.objects.create(
        engagement=engagement,
        kind=EngagementEvent.Kind.REASSESSMENT_STARTED,
        actor=user,
        message=f"Re-assessment started as engagement {new.pk}",
        data={"next_engagement": new.pk},
    )
    if engagement.contact is not None and engagement.contact.erased_at is None:
        email_queue(kind=OutgoingEmail.CLIENT_LINK, engagement=new)
    return new
