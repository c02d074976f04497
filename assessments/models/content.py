"""Versioned questionnaires and criteria sets, stored as data an admin can edit."""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from assessments.engine import APPROACH_CHOICES, KIND_CHOICES, VERDICT_CHOICES

from .versioning import VersionedContent, VersionPart, VersionStatus


def _refuse_invalid(errors: dict[str, list[str]]) -> None:
    """Raise the field errors found by services.content_checks (each shown next to its field)."""
    if errors:
        raise ValidationError(errors)


class Questionnaire(VersionedContent):
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta(VersionedContent.Meta):
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="questionnaire_unique_version"),
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(status=VersionStatus.PUBLISHED),
                name="questionnaire_one_published_per_slug",
            ),
        ]
        permissions = [("edit_content", "Can edit questionnaires and criteria")]


class Section(VersionPart):
    version_path = "questionnaire"

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="sections")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    intro = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "slug"], name="section_unique_slug")]

    def __str__(self) -> str:
        return self.title


class Question(VersionPart):
    version_path = "questionnaire"

    LONG_TEXT = "long_text"
    SINGLE_CHOICE = "single_choice"
    MULTI_CHOICE = "multi_choice"
    YES_NO = "yes_no"
    TYPES = [
        (LONG_TEXT, "Long text"),
        (SINGLE_CHOICE, "Single choice"),
        (MULTI_CHOICE, "Multiple choice"),
        (YES_NO, "Yes / no"),
    ]

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    slug = models.SlugField(max_length=80)
    type = models.CharField(max_length=20, choices=TYPES)
    prompt = models.CharField(max_length=500)
    help_text = models.TextField(blank=True)
    required = models.BooleanField(default=True)
    visible_when = models.TextField(
        blank=True, help_text="CEL condition over earlier answers; empty means always shown."
    )
    max_length = models.PositiveIntegerField(default=5000)
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["section__order", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "slug"], name="question_unique_slug")]

    def __str__(self) -> str:
        return self.slug

    def clean(self):
        from assessments.services.content_checks import question_errors

        _refuse_invalid(question_errors(self))


class Choice(VersionPart):
    version_path = "question__questionnaire"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    value = models.SlugField(max_length=80)
    label = models.CharField(max_length=200)
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["question", "value"], name="choice_unique_value")]

    def __str__(self) -> str:
        return self.label


class CriteriaSet(VersionedContent):
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.PROTECT,
        related_name="criteria_sets",
        help_text="The questionnaire version these criteria are written against.",
    )

    history = HistoricalRecords()

    class Meta(VersionedContent.Meta):
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="criteriaset_unique_version"),
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(status=VersionStatus.PUBLISHED),
                name="criteriaset_one_published_per_slug",
            ),
        ]


class Criterion(VersionPart):
    version_path = "criteria_set"

    FIT = "fit"
    AGAINST = "against"
    PREREQUISITE = "prerequisite"
    ADVISORY = "advisory"
    KINDS = KIND_CHOICES
    APPROACHES = APPROACH_CHOICES

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    slug = models.SlugField(max_length=80)
    kind = models.CharField(max_length=20, choices=KINDS)
    title = models.CharField(max_length=200)
    condition = models.TextField(help_text="CEL condition over the answers.")
    alternative = models.CharField(
        max_length=30, choices=APPROACHES, blank=True, help_text="For 'against' criteria: what serves better."
    )
    rationale = models.TextField()
    next_step = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["criteria_set", "slug"], name="criterion_unique_slug")]

    def __str__(self) -> str:
        return self.slug

    def clean(self):
        from assessments.services.content_checks import criterion_errors

        _refuse_invalid(criterion_errors(self))


class PolicyRule(VersionPart):
    version_path = "criteria_set"

    VERDICTS = VERDICT_CHOICES

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="policy_rules")
    slug = models.SlugField(max_length=80)
    condition = models.TextField(help_text="CEL over `matched` and `matched_kinds`.")
    verdict = models.CharField(max_length=20, choices=VERDICTS)
    explanation = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["criteria_set", "slug"], name="policyrule_unique_slug")]

    def __str__(self) -> str:
        return f"{self.order}. {self.slug} → {self.verdict}"

    def clean(self):
        from assessments.services.content_checks import policy_rule_errors

        _refuse_invalid(policy_rule_errors(self))


class GoldenCase(VersionPart):
    """A named answer set with the verdict it must produce; carried into every new draft."""

    version_path = "criteria_set"

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="golden_cases")
    name = models.CharField(max_length=200)
    answers = models.JSONField(default=dict)
    expected_verdict = models.CharField(max_length=20, choices=PolicyRule.VERDICTS)
    must_match = models.JSONField(default=list, blank=True)
    must_not_match = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["criteria_set", "name"], name="goldencase_unique_name")]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from assessments.services.content_checks import golden_case_errors

        _refuse_invalid(golden_case_errors(self))
