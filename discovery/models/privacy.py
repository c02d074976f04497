"""The audit trail of data-protection requests (export and erasure of a contact's data)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class PrivacyAudit(models.Model):
    """Who exported or erased which contact's data, and when.

    Holds no personal data of the contact (it must outlive an erasure): the contact is named by
    its id, and `summary` holds only counts of what was exported or erased.
    """

    EXPORT = "export"
    ERASE = "erase"
    ACTIONS = [(EXPORT, "Export"), (ERASE, "Erasure")]

    action = models.CharField(max_length=10, choices=ACTIONS)
    # An id, not a foreign key: the audit row is the record of the request, whatever happens to
    # the contact row later.
    contact_id = models.PositiveBigIntegerField(db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} of contact {self.contact_id} at {self.created_at:%Y-%m-%d %H:%M}"
