from django.conf import settings
from django.db import models
from django.utils import timezone


class TeamEvent(models.Model):
    """One line of the team's audit trail: who did what to whom, and when.

    Rows are only ever added. `subject_name` keeps the name as it was, so the line still reads
    right after the person is renamed.
    """

    INVITED = "invited"
    UPDATED = "updated"
    DEACTIVATED = "deactivated"
    REACTIVATED = "reactivated"
    MFA_ENROLLED = "mfa_enrolled"
    MFA_RESET = "mfa_reset"
    KINDS = [
        (INVITED, "Invited"),
        (UPDATED, "Changed"),
        (DEACTIVATED, "Deactivated"),
        (REACTIVATED, "Reactivated"),
        (MFA_ENROLLED, "Enrolled in MFA"),
        (MFA_RESET, "MFA reset"),
    ]

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="team_events"
    )
    subject_name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=KINDS)
    message = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind}: {self.message}"
