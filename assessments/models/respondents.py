"""Several people answering one assessment: respondents, each one's own answers, and how a
disagreement between them was settled.

`Answer` stays *the* answer, the one every evaluation reads. With respondents it is derived
(assessments/services/respondents.py): the value they all gave, nothing while they disagree, or
the value a reconciliation picked. Each respondent's own answers are kept here, with who and when.
"""

import json

from django.conf import settings
from django.db import models
from django.utils import timezone


class Respondent(models.Model):
    """One person at the client answering an assessment through their own private link.

    The lead respondent is the engagement's contact (created on the first save through their
    link); colleagues are invited, optionally to some sections only.
    """

    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="respondents")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    role = models.CharField(max_length=200, blank=True)
    is_lead = models.BooleanField(default=False)
    # Section slugs this respondent answers; empty means every section.
    sections = models.JSONField(default=list, blank=True)
    invited_by_label = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # A removed colleague's link stops working and their answers stop counting (no agreement, no
    # disagreement), but the rows stay as the record of what they said (README, "Several voices").
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by_label = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-is_lead", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment"], condition=models.Q(is_lead=True), name="respondent_one_lead_per_assessment"
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """How the respondent is named where they acted: "Dana Data (data lead)"."""
        return f"{self.name} ({self.role})" if self.role else self.name

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None

    def answers_section(self, section_slug: str) -> bool:
        return not self.sections or section_slug in self.sections


class RespondentAnswer(models.Model):
    """One respondent's own answer to one question, with when they last changed it."""

    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="answers")
    question_slug = models.SlugField(max_length=80)
    value = models.JSONField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["respondent", "question_slug"], name="respondent_answer_unique_question")
        ]

    def __str__(self) -> str:
        return f"{self.respondent}: {self.question_slug} = {self.value!r}"


class Reconciliation(models.Model):
    """How one disagreement was settled: the answer picked, why, by whom, and the positions it
    settled (respondent id → value). When a respondent later changes their answer the positions
    no longer match and the question is disputed again: a settlement is about what was said."""

    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.CASCADE, related_name="reconciliations")
    question_slug = models.SlugField(max_length=80)
    value = models.JSONField()
    note = models.TextField()
    positions = models.JSONField(default=dict)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    settled_by_label = models.CharField(max_length=200, blank=True)
    settled_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-settled_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.question_slug} settled as {self.value!r}"

    def settles(self, positions: dict) -> bool:
        """Whether this was decided on exactly `positions` (respondent id → value)."""
        return _keyed(positions) == _keyed(self.positions)


def _keyed(positions: dict) -> dict[str, str]:
    # Stored positions went through JSON (string keys); compare values in one canonical spelling.
    return {str(k): json.dumps(v, sort_keys=True) for k, v in positions.items()}
