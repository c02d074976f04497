"""Every email Discovery sends, each rendered from its template in templates/emails/.

The client's private link, the consultants' "submitted" notice, the SLA reminders, the client's
reminders and a new team member's invitation. Nothing calls these but the outbox
(discovery/engagements/services/outbox.py), which sends each queued email once and retries a mail server that
is down.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from assessments.models import Assessment, Respondent
from discovery.engagements.sla import promise_text
from discovery.models import ClientLink, Engagement
from discovery.roles import CONSULTANTS
from web.names import display_name

# A client may use a link while the work is open and to read the delivered report.
LINKABLE_STATUSES = [*Engagement.OPEN_STATUSES, Engagement.DELIVERED]


def _send(*, subject: str, template: str, context: dict, to: list[str]) -> None:
    send_mail(
        subject=subject,
        # Emails are rendered without a request, so context processors don't run: the promise is added here.
        message=render_to_string(
            f"emails/{template}", {"response_promise": promise_text(settings.RESPONSE_SLA_HOURS), **context}
        ),
        from_email=None,
        recipient_list=to,
    )


def _client_reachable(engagement: Engagement) -> bool:
    """Whether the client may be sent a link: a contact, not erased (erasure revoked every link,
    and an email queued before it must not issue a new one)."""
    return engagement.contact is not None and engagement.contact.erased_at is None


def _address_confirmed(engagement: Engagement) -> bool:
    """Whether the client's address is known to be theirs: a consultant set the engagement up, or
    the contact has opened one of their private links. Until then anyone may have typed it into the
    public form, so the email carries nothing that requester typed (their name, an organisation)."""
    if engagement.source != Engagement.SELF_SERVICE:
        return True
    return ClientLink.objects.filter(engagement__contact=engagement.contact, last_used_at__isnull=False).exists()


def _client_context(engagement: Engagement, token: str) -> dict:
    """What every email carrying a private link says: the link, how long it works, and the name and
    organisation only when the address is confirmed."""
    confirmed = _address_confirmed(engagement)
    return {
        "engagement": engagement,
        "contact_name": engagement.contact.name if confirmed else "",
        "organisation_name": engagement.organisation.name if confirmed else "",
        "link_url": settings.SITE_URL + reverse("client-link", args=[token]),
        "ttl_days": settings.CLIENT_LINK_TTL_DAYS,
    }


def client_link_send(*, engagement_id: int) -> bool:
    """Issue a new link for the engagement and email it to its contact; False (nothing sent) when
    there is no contact to reach or the engagement no longer takes links."""
    engagement = Engagement.objects.select_related("contact", "organisation").get(pk=engagement_id)
    if not _client_reachable(engagement) or engagement.status not in LINKABLE_STATUSES:
        return False
    _, token = ClientLink.issue(engagement)
    delivered = engagement.status == Engagement.DELIVERED
    _send(
        subject="Your readiness report is ready" if delivered else "Your private link to the readiness assessment",
        template="client_link.txt",
        context=_client_context(engagement, token),
        to=[engagement.contact.email],
    )
    # No timeline event here: the outbox row is the email's one record (sent, failed, resent).
    return True


def respondent_invite_send(*, respondent_id: int) -> bool:
    """Issue an invited colleague their own private link and email it; False (nothing sent) when
    they were removed, the assessment no longer takes answers, or the client can't be reached."""
    respondent = (
        Respondent.objects.select_related("assessment__engagement__contact", "assessment__engagement__organisation")
        .filter(pk=respondent_id)
        .first()
    )
    if respondent is None or respondent.is_removed or not respondent.email:
        return False
    if respondent.assessment.status != Assessment.OPEN:
        return False
    engagement = respondent.assessment.engagement
    if not _client_reachable(engagement) or engagement.status != Engagement.REQUESTED:
        return False
    _, token = ClientLink.issue(engagement, respondent=respondent)
    _send(
        subject="You are invited to answer part of a readiness assessment",
        template="respondent_invite.txt",
        context={
            "name": respondent.name,
            "invited_by": respondent.invited_by_label,
            "organisation_name": engagement.organisation.name,
            "sections": respondent.sections,
            "link_url": settings.SITE_URL + reverse("client-link", args=[token]),
            "ttl_days": settings.CLIENT_LINK_TTL_DAYS,
        },
        to=[respondent.email],
    )
    return True


def consultant_recipients(engagement: Engagement) -> list[str]:
    """The lead architect if there is one (and still active), otherwise every consultant; plus
    CONSULTANTS_EMAIL."""
    if engagement.lead and engagement.lead.is_active and engagement.lead.email:
        people = [engagement.lead.email]
    else:
        people = list(
            get_user_model()
            .objects.filter(groups__name=CONSULTANTS, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
            .distinct()
        )
    return sorted(set(people) | set(settings.CONSULTANTS_EMAIL))


def consultants_notify_submitted(*, engagement_id: int) -> bool:
    """Tell the consultants a client submitted, with the response deadline in the subject; False
    (nothing sent) when there is nobody to tell."""
    engagement = Engagement.objects.select_related("contact", "organisation", "lead").get(pk=engagement_id)
    recipients = consultant_recipients(engagement)
    if not recipients:
        return False
    due = timezone.localtime(engagement.response_due_at)  # the same clock as the body, not UTC
    _send(
        subject=f"Submitted: {engagement.organisation} — respond by {due:%a %d %b %H:%M %Z}",
        template="client_submitted.txt",
        context={"engagement": engagement, "site_url": settings.SITE_URL},
        to=recipients,
    )
    return True


def client_submission_confirm(*, engagement_id: int) -> bool:
    """Confirm to the client that their answers arrived, with the date the first response is due;
    False (nothing sent) when the contact can't be reached (none, or erased)."""
    engagement = Engagement.objects.select_related("contact", "organisation").get(pk=engagement_id)
    if not _client_reachable(engagement) or engagement.response_due_at is None:
        return False
    _send(
        subject="We have your answers: readiness assessment received",
        template="client_submission_received.txt",
        context={"engagement": engagement, "due": timezone.localtime(engagement.response_due_at)},
        to=[engagement.contact.email],
    )
    return True


def sla_reminder_send(*, engagement: Engagement, overdue: bool) -> None:
    """Remind the consultants that a first response is due within 12 hours, or overdue."""
    name = engagement.organisation.name
    if overdue:
        subject = f"Overdue: {name} is waiting for a first response"
    else:
        subject = f"Due within 12 hours: {name}"
    _send(
        subject=subject,
        template="sla_reminder.txt",
        context={
            "organisation": name,
            "overdue": overdue,
            "due": engagement.response_due_at,
            "url": settings.SITE_URL + reverse("engagement", args=[engagement.pk]),
        },
        to=consultant_recipients(engagement),
    )


def consultant_invite_send(*, user_id: int, inviter_id: int | None = None) -> bool:
    """Email a new team member a one-time link to set their password; False (nothing sent) once
    they have one or were deactivated.

    The link carries Django's password-reset token, made now and stored nowhere: it expires after
    PASSWORD_RESET_TIMEOUT and stops working once the password is set.
    """
    User = get_user_model()
    user = User.objects.get(pk=user_id)
    if user.has_usable_password() or not user.is_active:
        return False
    inviter = User.objects.filter(pk=inviter_id).first() if inviter_id else None
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    _send(
        subject="You're invited to Discovery",
        template="consultant_invite.txt",
        context={
            "user": user,
            "inviter": display_name(inviter, "An admin"),
            "link_url": settings.SITE_URL + reverse("invite-accept", args=[uid, token]),
            "ttl_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        },
        to=[user.email],
    )
    return True


def client_nudge_send(*, engagement: Engagement, second: bool) -> bool:
    """Remind the client to finish the questionnaire, with a fresh private link; False (nothing
    sent) when there is no contact to reach."""
    if not _client_reachable(engagement):
        return False
    _, token = ClientLink.issue(engagement)
    _send(
        subject="A reminder: your readiness assessment is waiting for your answers",
        template="client_nudge.txt",
        context={**_client_context(engagement, token), "second": second},
        to=[engagement.contact.email],
    )
    return True


def lead_change_send(*, engagement_id: int, previous_id: int | None, actor_id: int | None) -> bool:
    """Tell the previous lead, and the new one unless they made the change themselves, that an
    admin changed the engagement's lead; False (nothing sent) when there is nobody to tell."""
    User = get_user_model()
    engagement = Engagement.objects.select_related("organisation", "lead").get(pk=engagement_id)
    previous = User.objects.filter(pk=previous_id, is_active=True).first() if previous_id else None
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    people = [previous, engagement.lead if engagement.lead_id != actor_id else None]
    to = sorted({p.email for p in people if p is not None and p.is_active and p.email})
    if not to:
        return False

    _send(
        subject=f"Lead changed: {engagement.organisation.name}",
        template="lead_changed.txt",
        context={
            "organisation": engagement.organisation.name,
            "previous": display_name(previous, "nobody") if previous_id else "nobody",
            "lead": display_name(engagement.lead, "nobody"),
            "actor": display_name(actor, "An admin"),
            "url": settings.SITE_URL + reverse("engagement", args=[engagement.pk]),
        },
        to=to,
    )
    return True
