"""Webhook endpoints an admin registers, and one row per delivery (the outbox pattern the emails use).

A delivery row is written in the same transaction as the change it reports, then sent by a task
(discovery/webhooks/services.py); its payload holds ids and a summary only, never a client's
answers or files, so nothing confidential sits in the row, the broker or the receiver's logs.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from web.sealed import unseal


class WebhookEvent(models.TextChoices):
    """What an endpoint can subscribe to (the `type` field of each payload)."""

    ENGAGEMENT_REQUESTED = "engagement.requested", "Engagement requested"
    ENGAGEMENT_SUBMITTED = "engagement.submitted", "Answers submitted"
    ENGAGEMENT_SLA_AT_RISK = "engagement.sla_at_risk", "Response time at risk"
    REPORT_READY = "report.ready", "Report ready"
    REPORT_DELIVERED = "report.delivered", "Report delivered"
    ENGAGEMENT_WITHDRAWN = "engagement.withdrawn", "Engagement withdrawn"


class WebhookEndpoint(models.Model):
    url = models.URLField(max_length=500)
    description = models.CharField(max_length=200, blank=True)
    events = models.JSONField(default=list)  # WebhookEvent values
    # The signing secret, "whsec_" + base64 (Standard Webhooks), sealed at rest (web/sealed.py):
    # every send must read it back to sign, so it can't be hashed, but a database dump alone
    # doesn't reveal it. Read it with `signing_secret`.
    secret = models.CharField(max_length=300)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.url

    @property
    def signing_secret(self) -> str | None:
        """The secret sends sign with; None if SECRET_KEY changed since it was sealed."""
        return unseal(self.secret)

    def event_labels(self) -> list[str]:
        labels = dict(WebhookEvent.choices)
        return [labels.get(event, event) for event in self.events]


class WebhookDelivery(models.Model):
    PENDING = "pending"
    SENDING = "sending"
    DELIVERED = "delivered"
    FAILED = "failed"
    STATUSES = [(PENDING, "Waiting to be sent"), (SENDING, "Sending"), (DELIVERED, "Delivered"), (FAILED, "Failed")]

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=WebhookEvent.choices)
    # The message id (Standard Webhooks' webhook-id): a replay keeps it, so a receiver can de-duplicate.
    message_id = models.CharField(max_length=40, db_index=True)
    payload = models.JSONField()
    status = models.CharField(max_length=12, choices=STATUSES, default=PENDING)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    response_code = models.PositiveIntegerField(null=True, blank=True)
    claimed_by = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    status_changed_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)
    replay_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replays")
    replayed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "status_changed_at"])]

    def __str__(self) -> str:
        return f"{self.event} to {self.endpoint_id} ({self.status})"
