"""A client's uploaded training sample or eval set, and what its analysis found.

The raw file is client data: it is kept only until it is analysed (then deleted, unless
SAMPLE_RETENTION_DAYS keeps it a few days), never served back, and never named in a log or a
task message (the worker gets the row's id). Only aggregates and line numbers stay on the row.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from assessments.samples.profiles import ProviderProfile as AnalyserProfile
from assessments.samples.profiles import price_text, profile_from_dict
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
    """One training path — a provider's model trained by one method — editable by admins in the
    Django admin: status and dates, limits, prices and, per figure, where and when it was read
    (``ProfileFigure``). Seeded from assessments/samples/profiles.json; analyses, the training
    paths and the cost section read these rows, and each report freezes the ones it used."""

    METHODS = [("supervised", "Supervised"), ("preference", "Preference"), ("reinforcement", "Reinforcement")]
    AVAILABLE, CLOSING, CLOSED, BY_ENGAGEMENT = "available", "closing", "closed", "by_engagement"
    STATUSES = [
        (AVAILABLE, "Available"),
        (CLOSING, "Closing (new jobs stop on a date)"),
        (CLOSED, "Closed"),
        (BY_ENGAGEMENT, "By engagement (not self-serve)"),
    ]

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    provider = models.SlugField(max_length=40, blank=True, help_text="e.g. openai, bedrock, vertex, anthropic.")
    provider_name = models.CharField(max_length=200, blank=True)
    model = models.CharField(max_length=200, blank=True, help_text="The base model's identifier.")
    method = models.CharField(max_length=20, choices=METHODS, default="supervised")
    status = models.CharField(max_length=20, choices=STATUSES, default=AVAILABLE)
    closes_on = models.DateField(null=True, blank=True, help_text="When new training jobs stop (status Closing).")
    retires_on = models.DateField(
        null=True, blank=True, help_text="When the base model, and every model trained on it, stops answering."
    )
    min_examples = models.PositiveIntegerField()
    recommended_examples = models.PositiveIntegerField()
    max_tokens_per_example = models.PositiveIntegerField()
    max_training_examples = models.PositiveIntegerField(null=True, blank=True)
    max_validation_examples = models.PositiveIntegerField(null=True, blank=True)
    formats = models.JSONField(
        default=list, blank=True, help_text='Formats it trains on as they are, e.g. ["openai_chat"]; empty: any.'
    )
    training_price_per_million = models.DecimalField(
        max_digits=10, decimal_places=4, null=True, blank=True, help_text="US dollars per million training tokens."
    )
    default_epochs = models.PositiveSmallIntegerField(default=3)
    base_input_price_per_million = models.DecimalField(max_digits=10, decimal_places=4, null=True, blank=True)
    base_output_price_per_million = models.DecimalField(max_digits=10, decimal_places=4, null=True, blank=True)
    tuned_input_price_per_million = models.DecimalField(max_digits=10, decimal_places=4, null=True, blank=True)
    tuned_output_price_per_million = models.DecimalField(max_digits=10, decimal_places=4, null=True, blank=True)
    source = models.TextField(help_text="Where the figures come from; check it before quoting them.")
    notes = models.TextField(blank=True)
    availability = models.TextField(
        blank=True, help_text="Whether new fine-tuning jobs can still be started, and until when; shown to clients."
    )
    order = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.status == self.CLOSING and not self.closes_on:
            raise ValidationError({"closes_on": "A closing path needs the date new jobs stop."})

    def to_profile(self, figures=None) -> AnalyserProfile:
        """The analyser's plain dataclass for this row (``figures``: its ProfileFigure rows, when
        already loaded)."""
        rows = list(self.figures.all()) if figures is None else figures
        cited = {f.figure: f.as_dict() for f in rows}
        return profile_from_dict(
            {
                "slug": self.slug,
                "name": self.name,
                "provider": self.provider,
                "provider_name": self.provider_name,
                "model": self.model,
                "method": self.method,
                "status": self.status,
                "closes_on": self.closes_on.isoformat() if self.closes_on else None,
                "retires_on": self.retires_on.isoformat() if self.retires_on else None,
                "min_examples": self.min_examples,
                "recommended_examples": self.recommended_examples,
                "max_tokens_per_example": self.max_tokens_per_example,
                "max_training_examples": self.max_training_examples,
                "max_validation_examples": self.max_validation_examples,
                "formats": list(self.formats or []),
                "training_price_per_million": _price(self.training_price_per_million),
                "default_epochs": self.default_epochs,
                "base_input_price_per_million": _price(self.base_input_price_per_million),
                "base_output_price_per_million": _price(self.base_output_price_per_million),
                "tuned_input_price_per_million": _price(self.tuned_input_price_per_million),
                "tuned_output_price_per_million": _price(self.tuned_output_price_per_million),
                "source": self.source,
                "notes": self.notes,
                "availability": self.availability,
                "figures": cited,
            }
        )


def _price(value) -> str | None:
    return price_text(value)


class ProfileFigure(models.Model):
    """Where one figure of a provider profile was read, when, and whether on the provider's own
    page. A figure without a row, or with ``confirmed`` off, is shown as unconfirmed."""

    FIGURES = [("status", "Availability"), ("retirement", "Retirement date"), ("limits", "Limits"), ("price", "Price")]

    profile = models.ForeignKey(ProviderProfile, on_delete=models.CASCADE, related_name="figures")
    figure = models.CharField(max_length=20, choices=FIGURES)
    source = models.URLField(max_length=500, help_text="The page the figure was read on.")
    checked_on = models.DateField(help_text="When it was last read there.")
    confirmed = models.BooleanField(default=False, help_text="Read on the provider's own page (not a third party's).")
    note = models.TextField(blank=True, help_text="What the page says, or why the figure is unconfirmed.")

    class Meta:
        ordering = ["profile", "figure"]
        constraints = [models.UniqueConstraint(fields=["profile", "figure"], name="profile_figure_once")]

    def __str__(self) -> str:
        return f"{self.get_figure_display()} of {self.profile}"

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "checked": self.checked_on.isoformat(),
            "confirmed": self.confirmed,
            "note": self.note,
        }
