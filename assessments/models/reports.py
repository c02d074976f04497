"""Recommendation reports. Each row is one version; edits create a new row."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Report(models.Model):
    QUEUED = "queued"
    GENERATING = "generating"
    READY = "ready"
    FAILED = "failed"
    # The client's personal data was erased: the files are gone, so the version is neither ready
    # nor renderable again, and every page says "Erased" (discovery/privacy/services.py).
    ERASED = "erased"
    STATUSES = [
        (QUEUED, "Queued"),
        (GENERATING, "Generating"),
        (READY, "Ready"),
        (FAILED, "Failed"),
        (ERASED, "Erased"),
    ]

    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="reports")
    evaluation = models.ForeignKey(
        "assessments.Evaluation", null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    number = models.PositiveIntegerField(help_text="Version number within the assessment.")
    status = models.CharField(max_length=12, choices=STATUSES, default=QUEUED)
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    # The Celery task id of the run that claimed it: the same message redelivered after its
    # worker died takes the version over at once instead of waiting for the sweep.
    claimed_by = models.CharField(max_length=255, blank=True, editable=False)
    html = models.TextField(blank=True)
    pdf = models.FileField(upload_to="reports/%Y/%m/", blank=True)
    # The same version as an editable Word document, for consultants who tailor it before it goes out.
    docx = models.FileField(upload_to="reports/%Y/%m/", blank=True)
    narrative = models.TextField(blank=True, help_text="The architect's executive summary.")
    override_verdict = models.CharField(max_length=20, blank=True)
    override_justification = models.TextField(blank=True)
    # The architect's choice: list the answers stakeholders disagreed on as their own section.
    include_disagreements = models.BooleanField(default=False)
    proposed_engineers = models.ManyToManyField("discovery.ConsultantProfile", blank=True, related_name="+")
    # Said to the client in place of the team when no engineers are named; delivery needs one or the other.
    no_engineers_reason = models.TextField(blank=True)
    # The provider profiles this version's training paths and costs come from, frozen when the
    # version was made so later edits to the profiles never change it, and the day they were read.
    profiles_used = models.JSONField(default=list, blank=True, editable=False)
    profiles_as_of = models.DateField(null=True, blank=True, editable=False)
    # The client's traffic for the cost section (None: not given, so no saving is worked out).
    requests_per_day = models.PositiveIntegerField(null=True, blank=True)
    prompt_tokens = models.PositiveIntegerField(null=True, blank=True, help_text="Prompt sent to the base model today.")
    tuned_prompt_tokens = models.PositiveIntegerField(
        null=True, blank=True, help_text="Prompt left once the model is fine-tuned."
    )
    answer_tokens = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    status_changed_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    delivered_at = models.DateTimeField(null=True, blank=True)
    # Set when the client's personal data was erased: this version's HTML and PDF (which named
    # them) are gone; the row stays as the record that a report was made and delivered.
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["assessment", "number"], name="report_unique_number")]

    def __str__(self) -> str:
        return f"Report v{self.number} for assessment {self.assessment_id} ({self.status})"

    @property
    def is_delivered(self) -> bool:
        return self.delivered_at is not None

    def save(self, *args, **kwargs):
        # A delivered version is what the client received: it never changes again.
        if self.pk and Report.objects.filter(pk=self.pk, delivered_at__isnull=False).exists():
            raise ReportFrozen(f"Report v{self.number} was delivered and can't be changed; edit it as a new version.")
        super().save(*args, **kwargs)


class ReportFrozen(Exception):
    """Raised when something tries to change a delivered report version."""
