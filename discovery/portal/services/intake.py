"""Self-service intake: a public request becomes an organisation, contact, engagement and assessment."""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from assessments.models import Assessment
from assessments.selectors import published_questionnaire
from assessments.services.answers import AnswerRejected, answer_save
from discovery.engagements.services.organisations import organisation_get_or_create
from discovery.models import Contact, Engagement, EngagementEvent
from discovery.portal.services.client_links import client_link_email
from discovery.portal.services.limits import count_this_hour, mailbox_key


@dataclass(frozen=True)
class IntakeResult:
    engagement: Engagement
    is_new: bool  # for the caller's records only: the public answer must not depend on it


def intake_rate_limited(*, ip: str | None, email: str = "") -> bool:
    """Count one public request; True when this client address, or (for an assessment request)
    this mailbox in any of its spellings, is over its hourly limit."""
    over = count_this_hour(f"intake:ip:{ip}") > settings.INTAKE_LIMIT_PER_IP
    if email:
        over = count_this_hour(f"intake:mailbox:{mailbox_key(email)}") > settings.INTAKE_LIMIT_PER_EMAIL or over
    return over


# The questionnaire's first question, which asks for the same thing as the request form.
USE_CASE_QUESTION = "use_case_summary"


@transaction.atomic
def engagement_request(
    *,
    organisation_name: str,
    industry: str,
    contact_name: str,
    email: str,
    role: str,
    use_case: str,
    consent: bool,
) -> IntakeResult:
    """Record a self-service request, or resend the link of the open one this email already has.

    Anyone can post this form, so it never changes stored client data: a known organisation or
    contact is reused as it is, and what the requester typed is kept on the engagement
    (`requested_details`) for a consultant to copy over if they choose.

    1. An open engagement for this email → email a fresh link, create nothing.
    2. Otherwise reuse the organisation by normalised name (or create it) and the contact by email
       (or create it).
    3. Create the engagement (self-service, requested, response due in RESPONSE_SLA_HOURS) and an
       assessment on the published questionnaire, its use-case question answered with the text
       typed here (the client can change it); email the private link.
    """
    email = email.strip().lower()
    # One line each: these end up in email subjects and headers.
    organisation_name, contact_name, role = (" ".join(v.split()) for v in (organisation_name, contact_name, role))
    industry = " ".join(industry.split())
    existing = (
        Engagement.objects.filter(contact__email=email, status__in=Engagement.OPEN_STATUSES)
        .order_by("-created_at")
        .first()
    )
    if existing is not None:
        EngagementEvent.objects.create(
            engagement=existing, kind=EngagementEvent.Kind.LINK_RESENT, message="Client asked again for a link"
        )
        client_link_email(engagement=existing)
        return IntakeResult(existing, False)

    questionnaire = published_questionnaire()
    organisation = organisation_get_or_create(name=organisation_name, industry=industry, fill_missing_industry=False)
    contact, _ = Contact.objects.get_or_create(
        organisation=organisation,
        email=email,
        defaults={"name": contact_name, "role": role, "consent_to_contact": consent},
    )
    now = timezone.now()
    engagement = Engagement.objects.create(
        organisation=organisation,
        contact=contact,
        source=Engagement.SELF_SERVICE,
        use_case_description=use_case.strip(),
        requested_details={
            "organisation": organisation_name,
            "industry": industry,
            "name": contact_name,
            "role": role,
            "email": email,
            "consent_to_contact": consent,
        },
        created_at=now,
        response_due_at=Engagement.response_due_from(now),
    )
    assessment = Assessment.objects.create(engagement=engagement, questionnaire=questionnaire)
    # One use-case text for the engagement, the questionnaire and the report: the client's own
    # words, saved as their answer (so its provenance reads "given by the client").
    try:
        answer_save(assessment=assessment, slug=USE_CASE_QUESTION, value=use_case, label=contact_name)
    except AnswerRejected:
        pass  # a questionnaire without that question, or a text it can't take: the client answers it
    EngagementEvent.objects.create(
        engagement=engagement,
        kind=EngagementEvent.Kind.REQUESTED,
        message=f"Requested online by {contact_name} ({email})",
    )
    client_link_email(engagement=engagement)
    return IntakeResult(engagement, True)
