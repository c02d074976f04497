"""Emails on the client journey: the private link, and the consultants' "submitted" notice."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from discovery.models import Engagement, EngagementEvent
from discovery.roles import CONSULTANTS
from discovery.services.client_links import client_link_issue

# A client may use a link while the work is open and to read the delivered report.
LINKABLE_STATUSES = [*Engagement.OPEN_STATUSES, Engagement.DELIVERED]


def client_link_send(*, engagement_id: int) -> None:
    """Issue a new link for the engagement and email it to its contact (nothing if no contact)."""
    engagement = Engagement.objects.select_related("contact", "organisation").get(pk=engagement_id)
    if engagement.contact is None or engagement.status not in LINKABLE_STATUSES:
        return
    _, token = client_link_issue(engagement=engagement)
    context = {
        "engagement": engagement,
        "link_url": settings.SITE_URL + reverse("client-link", args=[token]),
        "ttl_days": settings.CLIENT_LINK_TTL_DAYS,
    }
    delivered = engagement.status == Engagement.DELIVERED
    send_mail(
        subject="Your readiness report is ready" if delivered else "Your private link to the readiness assessment",
        message=render_to_string("emails/client_link.txt", context),
        from_email=None,
        recipient_list=[engagement.contact.email],
    )
    EngagementEvent.objects.create(
        engagement=engagement, kind="link_sent", message=f"Private link emailed to {engagement.contact.email}"
    )


def consultant_recipients(engagement: Engagement) -> list[str]:
    """The lead architect if there is one, otherwise every consultant; plus CONSULTANTS_EMAIL."""
    if engagement.lead and engagement.lead.email:
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


def consultants_notify_submitted(*, engagement_id: int) -> None:
    engagement = Engagement.objects.select_related("contact", "organisation", "lead").get(pk=engagement_id)
    recipients = consultant_recipients(engagement)
    if not recipients:
        return
    context = {"engagement": engagement, "site_url": settings.SITE_URL}
    due = timezone.localtime(engagement.response_due_at)  # the same clock as the body, not UTC
    send_mail(
        subject=f"Submitted: {engagement.organisation} — respond by {due:%a %d %b %H:%M %Z}",
        message=render_to_string("emails/client_submitted.txt", context),
        from_email=None,
        recipient_list=recipients,
    )
