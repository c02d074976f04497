"""The email outbox: every email Discovery sends is first a row, written in the same transaction
as the change that causes it, then sent by a task (discovery/engagements/services/outbox.py).

A row names what to send and for whom by id only; the message (and any private link in it) is
made when it is sent, so no address, text or token sits in the broker.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class OutgoingEmail(models.Model):
    CLIENT_LINK = "client_link"
    SUBMITTED = "submitted"
    CLIENT_RECEIPT = "client_receipt"
    SLA_DUE_SOON = "sla_due_soon"
    SLA_OVERDUE = "sla_overdue"
    CLIENT_NUDGE_FIRST = "client_nudge_first"
    CLIENT_NUDGE_SECOND = "client_nudge_second"
    CONSULTANT_INVITE = "consultant_invite"
    LEAD_CHANGED = "lead_changed"
    KINDS = [
        (CLIENT_LINK, "Private link to the client"),
        (SUBMITTED, "New-submission notice to the consultants"),
        (CLIENT_RECEIPT, "Submission confirmation to the client"),
        (SLA_DUE_SOON, "Due-within-12-hours reminder to the consultants"),
        (SLA_OVERDUE, "Overdue reminder to the consultants"),
        (CLIENT_NUDGE_FIRST, "First reminder to the client to finish the questionnaire"),
        (CLIENT_NUDGE_SECOND, "Second reminder to the client to finish the questionnaire"),
        (CONSULTANT_INVITE, "Invitation to a new team member"),
        (LEAD_CHANGED, "Change of lead architect, to the previous and the new lead"),
    ]

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    # Nothing left to send when its turn came (the contact was removed, nobody to tell, an
    # invitation already accepted).
    NOT_NEEDED = "not_needed"
    STATUSES = [
        (PENDING, "Waiting to be sent"),
        (SENDING, "Sending"),
        (SENT, "Sent"),
        (FAILED, "Failed"),
        (NOT_NEEDED, "Not needed"),
    ]

    kind = models.CharField(max_length=30, choices=KINDS)
    engagement = models.ForeignKey(
        "discovery.Engagement", null=True, blank=True, on_delete=models.CASCADE, related_name="emails"
    )
    # The invitation's new team member, and who invited them; for a change of lead, the previous
    # lead, and who made the change.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=12, choices=STATUSES, default=PENDING)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    # The Celery task id of the run sending it (a redelivered message takes its own claim over).
    claimed_by = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    status_changed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    # A resend is a new row pointing at the failed one, which stays failed with its error: the
    # failure stays on record. At most one resend per failed row.
    resend_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="resends")
    resent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "status_changed_at"])]
        constraints = [models.UniqueConstraint(fields=["resend_of"], name="outgoing_email_one_resend")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display().lower()})"
