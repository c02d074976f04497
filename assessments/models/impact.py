"""Impact analysis runs: what a draft criteria set would do to every verdict on record."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ImpactRun(models.Model):
    """One run of a draft criteria set over the latest evaluation of every assessment.

    The row carries its own status, progress and error, so the page polling it never has to
    ask the broker what happened.
    """

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUSES = [(QUEUED, "Queued"), (RUNNING, "Running"), (DONE, "Done"), (FAILED, "Failed")]

    criteria_set = models.ForeignKey("assessments.CriteriaSet", on_delete=models.CASCADE, related_name="impact_runs")
    status = models.CharField(max_length=12, choices=STATUSES, default=QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    # {"changed": n, "transitions": {"a → b": n}, "affected": [{...}], "load_seconds", "evaluate_seconds"}
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    # The draft's content digest when the run started: a later edit makes the run stale.
    content_digest = models.CharField(max_length=64, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Impact of {self.criteria_set} ({self.status})"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else (100 if self.status == self.DONE else 0)

    @property
    def is_finished(self) -> bool:
        return self.status in (self.DONE, self.FAILED)
