"""What a webhook says: ids and a one-line summary, never a client's answers, files, names or
email addresses (the receiver asks the API for more, with its own token).

{"type": "engagement.submitted", "timestamp": "…", "data": {"engagement_id": 12, "status": "submitted",
 "lead_id": 3, "url": "https://…/engagements/12/", "summary": "Engagement 12: answers submitted"}}
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from discovery.webhooks.models import WebhookEvent

# Every key a payload's data may hold (tests/discovery/webhooks check payloads against it).
DATA_KEYS = frozenset(
    {
        "engagement_id",
        "organisation_id",
        "status",
        "lead_id",
        "response_due_at",
        "report_id",
        "report_number",
        "url",
        "summary",
    }
)


def webhook_payload(*, event: str, engagement, report=None) -> dict:
    data = {
        "engagement_id": engagement.pk,
        "organisation_id": engagement.organisation_id,
        "status": engagement.status,
        "lead_id": engagement.lead_id,
        "url": settings.SITE_URL + reverse("engagement", args=[engagement.pk]),
        "summary": f"Engagement {engagement.pk}: {WebhookEvent(event).label.lower()}",
    }
    if event == WebhookEvent.ENGAGEMENT_SLA_AT_RISK and engagement.response_due_at:
        data["response_due_at"] = engagement.response_due_at.isoformat()
    if report is not None:
        data |= {"report_id": report.pk, "report_number": report.number}
        data["summary"] = f"Engagement {engagement.pk}: {WebhookEvent(event).label.lower()} (version {report.number})"
    return {"type": event, "timestamp": timezone.now().isoformat(), "data": data}
