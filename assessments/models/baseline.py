"""Baseline runs: model connections an admin configures, runs of a client's eval set against a
base model (a job row on web/jobs.py's lifecycle), the response cache and the connection
semaphore.

An API key is read from the environment variable named on the connection, or sealed at rest
(web/sealed.py); no page, log line, task message or result ever holds it. A run's inputs (the
cases, the prompts, the model and parameters) are frozen on its row with their hash, and so
are the answers and grades: client data, shown to consultants only.
"""

import os

from django.conf import settings
from django.db import models
from django.utils import timezone

from assessments.baseline import KINDS, Prices
from web.sealed import unseal


class ModelConnection(models.Model):
    KIND_CHOICES = [
        ("anthropic", "Anthropic (Messages API)"),
        ("openai", "OpenAI or OpenAI-compatible (Chat Completions: Azure OpenAI, vLLM, Ollama, llama.cpp, …)"),
        ("gemini", "Google Gemini (generateContent)"),
    ]
    assert [k for k, _ in KIND_CHOICES] == list(KINDS)

    name = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    base_url = models.URLField(
        blank=True, help_text="Leave empty for the provider's own API; e.g. http://127.0.0.1:11434/v1 for Ollama."
    )
    key_variable = models.CharField(
        max_length=100, blank=True, help_text="Name of the environment variable that holds the API key (preferred)."
    )
    key_sealed = models.TextField(blank=True, editable=False, help_text="The API key, encrypted at rest.")
    models_allowed = models.JSONField(default=list, help_text="Model ids consultants may run, e.g. gpt-4o-mini.")
    price_input_per_million = models.DecimalField(max_digits=10, decimal_places=4, help_text="USD per 1M input")
    price_output_per_million = models.DecimalField(
        max_digits=10, decimal_places=4, help_text="USD per 1M output tokens"
    )
    price_source = models.URLField(max_length=500, help_text="Where the prices were read.")
    price_checked = models.DateField(help_text="When the prices were read there.")
    concurrency_limit = models.PositiveSmallIntegerField(
        default=4, help_text="Calls in flight at once across all workers."
    )
    timeout_seconds = models.PositiveSmallIntegerField(default=60, help_text="Per call.")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.kind})"

    @property
    def prices(self) -> Prices:
        return Prices(float(self.price_input_per_million), float(self.price_output_per_million))

    def api_key(self) -> str | None:
        """The key, from the named variable or unsealed; None when neither gives one."""
        if self.key_variable:
            return os.environ.get(self.key_variable) or None
        return unseal(self.key_sealed)

    @property
    def key_source(self) -> str:
        """Where the key comes from, in words (never the key)."""
        if self.key_variable:
            state = "set" if os.environ.get(self.key_variable) else "not set"
            return f"environment variable {self.key_variable} ({state})"
        return "stored encrypted" if self.key_sealed else "no key"

    @property
    def scope(self) -> str:
        """What the response cache keys on: the same endpoint gives the same answers."""
        return f"connection:{self.pk}:{self.kind}:{self.base_url}"


class BaselineRun(models.Model):
    READY = "ready"  # inputs frozen and the cost estimated; nothing sent until a consultant starts it
    QUEUED = "queued"
    RUNNING = "running"
    FINISHED = "finished"
    CANCELLED = "cancelled"
    FAILED = "failed"
    STATUSES = [
        (READY, "Estimated, not started"),
        (QUEUED, "Queued"),
        (RUNNING, "Running"),
        (FINISHED, "Finished"),
        (CANCELLED, "Cancelled"),
        (FAILED, "Failed"),
    ]

    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="baseline_runs")
    connection = models.ForeignKey(ModelConnection, null=True, blank=True, on_delete=models.SET_NULL)
    connection_label = models.CharField(max_length=200, blank=True)
    model_id = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=STATUSES, default=READY)
    status_changed_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    claimed_by = models.CharField(max_length=255, blank=True)
    error = models.TextField(blank=True)
    # Frozen inputs: what was sent is exactly this, and the hash says so.
    cases = models.JSONField(default=list)
    cases_count = models.PositiveIntegerField(default=0)
    variants = models.JSONField(default=list, help_text="The system prompts compared: the client's first.")
    parameters = models.JSONField(default=dict, help_text="temperature, max_tokens, default_grader")
    repeats = models.PositiveSmallIntegerField(default=3)
    inputs_hash = models.CharField(max_length=64)
    target = models.FloatField(null=True, blank=True, help_text="The client's pass-rate target, 0–1.")
    estimate = models.JSONField(default=dict)
    cap_usd = models.DecimalField(max_digits=10, decimal_places=4, null=True, blank=True)
    consent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the client's agreement to send the cases was recorded."
    )
    consent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    cancel_requested = models.BooleanField(default=False)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    summary = models.JSONField(null=True, blank=True)
    facts = models.JSONField(default=dict, blank=True)
    cost_usd = models.FloatField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    recorded_demo = models.BooleanField(default=False, help_text="Recorded demo data, not a live run.")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Baseline run {self.pk} ({self.model_id}, {self.status})"

    @property
    def connection_name(self) -> str:
        """The connection's name as a client reads it: the frozen label without the SDK kind
        ("Local model server", not "Local model server (openai)")."""
        for kind in KINDS:
            if self.connection_label.endswith(f" ({kind})"):
                return self.connection_label.removesuffix(f" ({kind})")
        return self.connection_label

    @property
    def percent(self) -> int:
        return int(100 * self.progress_done / self.progress_total) if self.progress_total else 0

    @property
    def is_active(self) -> bool:
        return self.status in (self.QUEUED, self.RUNNING)


class BaselineCall(models.Model):
    """One provider answer, cached by (connection, model, messages, parameters, repetition), so a
    re-run or a resumed run never pays twice."""

    key = models.CharField(max_length=64, unique=True)
    connection = models.ForeignKey(ModelConnection, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    tokens_in = models.PositiveIntegerField()
    tokens_out = models.PositiveIntegerField()
    seconds = models.FloatField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"cached call {self.key[:12]}"


class ConnectionSlot(models.Model):
    """One of a connection's ``concurrency_limit`` slots: a database semaphore every worker
    process shares. A slot is held under a lease, so a dead worker's slot frees itself."""

    connection = models.ForeignKey(ModelConnection, on_delete=models.CASCADE, related_name="slots")
    number = models.PositiveSmallIntegerField()
    holder = models.CharField(max_length=100, blank=True)
    held_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["connection", "number"], name="one_slot_per_number")]

    def __str__(self) -> str:
        return f"slot {self.number} of {self.connection_id}"
