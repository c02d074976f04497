"""A client's uploaded training sample or eval set, and what its analysis found.

The raw file is client data: it is kept only until it is analysed (then deleted, unless
SAMPLE_RETENTION_DAYS keeps it a few days), never served back, and never named in a log or a
task message (the worker gets the row's id). Only aggregates and line numbers stay on the row.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from assessments.samples.profiles import ProviderProfile as AnalyserProfile
from assessments.samples.similarity import Fingerprints as AnalyserFingerprints


class SampleUpload(models.Model):
    TRAINING = "training"
    EVAL = "eval"
    KINDS = [(TRAINING, "Training sample"), (EVAL, "Eval set")]

    QUEUED = "queued"
    ANALYSING = "analysing"
    ANALYSED = "analysed"
    FAILED = "failed"
    STATUSES = [(QUEUED, "Queued"), (ANALYSING, "Analysing"), (ANALYSED, "Analysed"), (FAILED, "Failed")]

    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="samples")
    kind = models.CharField(max_length=10, choices=KINDS)
    status = models.CharField(max_length=10, choices=STATUSES, default=QUEUED)
    # Stored under a random name: the client's file name is kept apart, for display only.
    file = models.FileField(upload_to="samples/%Y/%m/", blank=True)
    original_name = models.CharField(max_length=200, blank=True)
    size_bytes = models.PositiveBigIntegerField(default=0)
    total_lines = models.PositiveIntegerField(default=0)
    columns = models.JSONField(default=dict, blank=True, help_text="CSV column mapping: input/output → header.")
    progress_lines = models.PositiveIntegerField(default=0)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    findings = models.JSONField(null=True, blank=True, help_text="The analysis: aggregates and line numbers only.")
    facts = models.JSONField(default=dict, blank=True, help_text="Measured facts for the decision engine.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_by_label = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    status_changed_at = models.DateTimeField(default=timezone.now)
    analysed_at = models.DateTimeField(null=True, blank=True)
    # When the raw file must be gone (None: no file held, or not analysed yet).
    delete_file_after = models.DateTimeField(null=True, blank=True)
    file_deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["assessment", "kind", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk} of assessment {self.assessment_id} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.QUEUED, self.ANALYSING)

    @property
    def percent(self) -> int:
        """How far the analysis has read, for the progress bar."""
        if self.status == self.ANALYSED:
            return 100
        if not self.total_lines:
            return 0
        return min(99, round(100 * self.progress_lines / self.total_lines))


class SampleFingerprints(models.Model):
    """An analysed upload's prompts as hashes (assessments.samples.Fingerprints), kept when the
    raw file is deleted so an eval set uploaded later is still checked for contamination. No
    text can be recovered from them; erasing the contact deletes them. Apart from the upload
    row so the pages that poll it never load them."""

    sample = models.OneToOneField(SampleUpload, primary_key=True, on_delete=models.CASCADE, related_name="fingerprints")
    data = models.BinaryField()
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Fingerprints of {self.count} prompts of sample {self.sample_id}"

    def load(self):
        """The analyser's Fingerprints, or None if the stored bytes aren't ones it wrote."""
        try:
            return AnalyserFingerprints.from_bytes(bytes(self.data))
        except ValueError:
            return None


class ProviderProfile(models.Model):
    """What one fine-tuning service accepts, editable by admins in the Django admin. Seeded from
    assessments/samples/profiles.json by migration 0010; analyses and reports read these rows."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    min_examples = models.PositiveIntegerField()
    recommended_examples = models.PositiveIntegerField()
    max_tokens_per_example = models.PositiveIntegerField()
    max_training_examples = models.PositiveIntegerField(null=True, blank=True)
    max_validation_examples = models.PositiveIntegerField(null=True, blank=True)
    source = models.TextField(help_text="Where the figures come from; check it before quoting them.")
    notes = models.TextField(blank=True)
    availability = models.TextField(
        blank=True, help_text="Whether new fine-tuning jobs can still be started, and until when; shown to clients."
    )
    checked = models.CharField(max_length=20, blank=True, help_text="When the figures were last checked, e.g. 2025-10.")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name

    def to_profile(self) -> AnalyserProfile:
        """The analyser's plain dataclass for this row."""
        return AnalyserProfile(
            slug=self.slug,
            name=self.name,
            min_examples=self.min_examples,
            recommended_examples=self.recommended_examples,
            max_tokens_per_example=self.max_tokens_per_example,
            max_training_examples=self.max_training_examples,
            max_validation_examples=self.max_validation_examples,
            source=self.source,
            notes=self.notes,
            availability=self.availability,
            checked=self.checked,
        )
