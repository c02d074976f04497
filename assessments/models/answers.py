"""Assessments, their answers (with revisions) and immutable evaluation snapshots."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Assessment(models.Model):
    OPEN = "open"
    SUBMITTED = "submitted"
    # Closed without answers being submitted: the engagement was withdrawn (reopening reopens it).
    CLOSED = "closed"
    STATUSES = [(OPEN, "Open"), (SUBMITTED, "Submitted"), (CLOSED, "Closed")]

    engagement = models.ForeignKey("discovery.Engagement", on_delete=models.CASCADE, related_name="assessments")
    questionnaire = models.ForeignKey("assessments.Questionnaire", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=STATUSES, default=OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # A re-assessment names the assessment it started from (its answers were carried over).
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reassessments")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Assessment {self.pk} for {self.engagement}"

    @property
    def is_open(self) -> bool:
        return self.status == self.OPEN

    def answer_values(self) -> dict:
        """The stored answers as the engine reads them: slug → value (None values dropped)."""
        return {a.question_slug: a.value for a in self.answers.all() if a.value is not None}


class Answer(models.Model):
    """The current answer to one question, with workshop annotations.

    `revision` increases on every change of value; a save that names an older revision is stale
    and is refused (optimistic concurrency between people editing the same assessment).
    """

    CONFIDENT = "confident"
    UNSURE = "unsure"
    CONFIDENCE = [(CONFIDENT, "Confident"), (UNSURE, "Unsure")]

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question_slug = models.SlugField(max_length=80)
    value = models.JSONField(null=True, blank=True)
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who changed it when there is no user (the client, through their private link).
    updated_by_label = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True, help_text="Internal; never shown to the client.")
    confidence = models.CharField(max_length=12, choices=CONFIDENCE, blank=True)
    stakeholders_disagree = models.BooleanField(default=False)
    disagreement_detail = models.TextField(blank=True, help_text="Who held which view.")
    # Set when the value was copied from a previous assessment and nobody has confirmed or changed
    # it since: the date of the assessment it came from ("carried over from <date>").
    carried_over_from = models.DateTimeField(null=True, blank=True)
    # A consultant set this value in a workshop: with several respondents it is no longer derived
    # from their answers, so a respondent's later save keeps their own answer but leaves this one
    # (the difference is shown to the consultant). Settling a disagreement hands it back.
    set_in_workshop = models.BooleanField(default=False)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["assessment", "question_slug"], name="answer_unique_question")]

    def __str__(self) -> str:
        return f"{self.question_slug} = {self.value!r}"


class AnswerRevision(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="revisions")
    revision = models.PositiveIntegerField()
    old_value = models.JSONField(null=True, blank=True)
    new_value = models.JSONField(null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_by_label = models.CharField(max_length=200, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.answer.question_slug}: {self.old_value!r} → {self.new_value!r}"


class WorkshopAttendee(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


class Evaluation(models.Model):
    """An immutable snapshot: the answers as evaluated, the versions used, and the result.

    Reports point at one of these, so an old report stays reproducible after criteria change.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evaluations")
    questionnaire = models.ForeignKey("assessments.Questionnaire", on_delete=models.PROTECT, related_name="+")
    criteria_set = models.ForeignKey("assessments.CriteriaSet", on_delete=models.PROTECT, related_name="evaluations")
    answers = models.JSONField()
    answers_hash = models.CharField(max_length=64)
    result = models.JSONField()
    verdict = models.CharField(max_length=20)
    # The baseline run whose facts this evaluation read (its summary is frozen on the run).
    baseline_run = models.ForeignKey(
        "assessments.BaselineRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["criteria_set", "verdict"])]

    def __str__(self) -> str:
        return f"Evaluation {self.pk}: {self.verdict}"

    def save(self, *args, **kwargs):
        if self.pk and not self._state.adding:
            raise ValueError("Evaluations are immutable snapshots; create a new one instead.")
        super().save(*args, **kwargs)
