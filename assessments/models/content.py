"""Versioned questionnaires and criteria sets, stored as data an admin can edit.

Each version turns its rows into the content document of assessments/content/FORMAT.md
(`to_document()`), the one shape the engine, export, copy and diff read, and into the engine's
definition (`to_definition()`, uncached; `selectors.content_definition` caches frozen ones).
The rules a row or a version must follow live beside these models, in content_checks.py.
"""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from assessments import engine
from assessments.engine import APPROACH_CHOICES, KIND_CHOICES, VERDICT_CHOICES

from .content_checks import (
    criteria_set_logic_findings,
    criteria_set_validation_errors,
    criterion_errors,
    describe_error,
    golden_case_errors,
    golden_case_failures,
    policy_rule_errors,
    question_errors,
    questionnaire_logic_findings,
    questionnaire_validation_errors,
)
from .versioning import DraftOnlyQuerySet, ImmutableVersionError, VersionedContent, VersionPart, VersionStatus

FORMAT = engine.content_schema.FORMAT


def _document_form(name: str, value):
    """A row keeps "" where the document says null (a criterion's missing alternative)."""
    return None if name == "alternative" and not value else value


def _refuse_invalid(errors: dict[str, list[str]]) -> None:
    """Raise the field errors found by content_checks (each shown next to its field)."""
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
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(status=VersionStatus.DRAFT),
                name="questionnaire_one_draft_per_slug",
            ),
        ]
        permissions = [("edit_content", "Can edit questionnaires and criteria")]

    def to_document(self) -> dict:
        """This version as a content document (FORMAT.md), read from its rows."""
        sections = self.sections.prefetch_related("questions__choices").order_by("order", "pk")
        return {
            "format": FORMAT,
            "kind": "questionnaire",
            "slug": self.slug,
            "version": self.version,
            "title": self.title,
            "description": self.description,
            "sections": [
                {
                    **engine.content_schema.write("section", section),
                    "questions": [
                        {
                            **engine.content_schema.write("question", q),
                            "choices": [engine.content_schema.write("choice", c) for c in q.choices.all()],
                        }
                        for q in section.questions.all()
                    ],
                }
                for section in sections
            ],
        }

    def to_definition(self) -> engine.Questionnaire:
        """The engine's view of this version, built from its rows now."""
        return engine.Questionnaire.from_dict(self.to_document())

    def validation_errors(self) -> list[engine.ConditionError]:
        """Every problem that makes this version unpublishable (content_checks)."""
        return questionnaire_validation_errors(self)

    def logic_findings(self) -> list[engine.Finding]:
        return questionnaire_logic_findings(self)

    def blocking_problems(self) -> list[str]:
        """Invalid definitions or conditions, then (once valid) unacknowledged logic-check findings."""
        problems = [describe_error(e) for e in self.validation_errors()]
        return problems or self._finding_problems()


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
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(status=VersionStatus.DRAFT),
                name="criteriaset_one_draft_per_slug",
            ),
        ]

    def to_document(self) -> dict:
        """This version as a content document (FORMAT.md), read from its rows."""
        return {
            "format": FORMAT,
            "kind": "criteria_set",
            "slug": self.slug,
            "version": self.version,
            "title": self.title,
            "questionnaire": {"slug": self.questionnaire.slug, "version": self.questionnaire.version},
            "criteria": [
                engine.content_schema.write("criterion", c, normalise=_document_form) for c in self.criteria.all()
            ],
            "policy": [engine.content_schema.write("policy_rule", r) for r in self.policy_rules.all()],
            "golden_cases": [engine.content_schema.write("golden_case", g) for g in self.golden_cases.all()],
        }

    def to_definition(self) -> engine.CriteriaSet:
        """The engine's view of this version, built from its rows now."""
        return engine.CriteriaSet.from_dict(self.to_document())

    def validation_errors(self) -> list[engine.ConditionError]:
        """Every problem that makes this version unpublishable short of golden cases (content_checks)."""
        return criteria_set_validation_errors(self)

    def blocking_problems(self) -> list[str]:
        """Invalid definitions or conditions, a draft target questionnaire, failing golden cases
        (run only when everything else is valid)."""
        errors = self.validation_errors()
        problems = [describe_error(e) for e in errors]
        target = self.questionnaire
        if target.is_draft:
            problems.append(f"It targets questionnaire {target.slug} v{target.version}, a draft: publish that first.")
        if not errors:
            problems += golden_case_failures(self) + self._finding_problems()
        return problems

    def logic_findings(self) -> list[engine.Finding]:
        return criteria_set_logic_findings(self)


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
    # Who does the next step (the action plan's owner): the client's own work or the consultancy's.
    next_step_owner = models.CharField(
        max_length=12, choices=[("client", "The client"), ("consultancy", "The consultancy")], default="client"
    )
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["criteria_set", "slug"], name="criterion_unique_slug")]

    def __str__(self) -> str:
        return self.slug

    def clean(self):
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
        _refuse_invalid(policy_rule_errors(self))


class GoldenCaseQuerySet(DraftOnlyQuerySet):
    # What an erasure may rewrite in a published or retired version's golden case: the text that
    # could hold what the client typed. The expectation (verdict, must/must-not match) never changes.
    ERASABLE = frozenset({"answers", "name", "note"})

    def erase_client_text(self, **fields) -> int:
        """The one write a frozen version's golden case takes: a data-protection erasure replacing
        the client's free text (discovery/privacy/services.py), as erasure rewrites the immutable
        evaluation snapshots. Anything but the erasable fields is refused."""
        if not fields or set(fields) - self.ERASABLE:
            raise ImmutableVersionError(f"An erasure rewrites only {', '.join(sorted(self.ERASABLE))}.")
        return models.QuerySet.update(self, **fields)


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
    facts = models.JSONField(default=dict, blank=True)  # measured facts evaluated with the answers
    order = models.PositiveIntegerField(default=0)
    # The engagement whose answers a case was copied from ("Save as golden case"), carried into
    # every later draft: the client's erasure scrubs their free text from each copy. Not part of
    # the content document, which is portable content, not a record of whose answers it holds.
    source_engagement = models.ForeignKey(
        "discovery.Engagement", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    history = HistoricalRecords()

    objects = GoldenCaseQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["criteria_set", "name"], name="goldencase_unique_name")]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        _refuse_invalid(golden_case_errors(self))
