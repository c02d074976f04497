"""Questionnaires and criteria sets in and out of the database, and their lifecycle.

The JSON shape is the one documented in assessments/content/FORMAT.md; the engine reads the
same shape, so `content_definitions()` is the one place that turns rows into engine input.
"""

import json
from importlib import resources

from django.db import transaction
from django.utils import timezone

from assessments.models import (
    Choice,
    CriteriaSet,
    Criterion,
    GoldenCase,
    PolicyRule,
    Question,
    Questionnaire,
    Section,
    VersionStatus,
)

FORMAT = "discovery-content/1"
DEFAULT_FILES = ("fine-tuning-readiness.v1.json", "fine-tuning-criteria.v1.json")


class ContentError(Exception):
    """Content that can't be imported or published; `problems` lists every reason."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


# --- rows → dict ------------------------------------------------------------------------------


def questionnaire_to_dict(questionnaire: Questionnaire) -> dict:
    sections = questionnaire.sections.prefetch_related("questions__choices").order_by("order", "pk")
    return {
        "format": FORMAT,
        "kind": "questionnaire",
        "slug": questionnaire.slug,
        "version": questionnaire.version,
        "title": questionnaire.title,
        "description": questionnaire.description,
        "sections": [
            {
                "slug": section.slug,
                "title": section.title,
                "intro": section.intro,
                "questions": [
                    {
                        "slug": q.slug,
                        "type": q.type,
                        "prompt": q.prompt,
                        "help_text": q.help_text,
                        "required": q.required,
                        "visible_when": q.visible_when,
                        "max_length": q.max_length,
                        "choices": [{"value": c.value, "label": c.label} for c in q.choices.all()],
                    }
                    for q in section.questions.all()
                ],
            }
            for section in sections
        ],
    }


def criteria_set_to_dict(criteria_set: CriteriaSet) -> dict:
    return {
        "format": FORMAT,
        "kind": "criteria_set",
        "slug": criteria_set.slug,
        "version": criteria_set.version,
        "title": criteria_set.title,
        "questionnaire": {"slug": criteria_set.questionnaire.slug, "version": criteria_set.questionnaire.version},
        "criteria": [
            {
                "slug": c.slug,
                "kind": c.kind,
                "title": c.title,
                "condition": c.condition,
                "alternative": c.alternative or None,
                "rationale": c.rationale,
                "next_step": c.next_step,
            }
            for c in criteria_set.criteria.all()
        ],
        "policy": [
            {"slug": r.slug, "condition": r.condition, "verdict": r.verdict, "explanation": r.explanation}
            for r in criteria_set.policy_rules.all()
        ],
        "golden_cases": [
            {
                "name": g.name,
                "answers": g.answers,
                "expected_verdict": g.expected_verdict,
                "must_match": g.must_match,
                "must_not_match": g.must_not_match,
                "note": g.note,
            }
            for g in criteria_set.golden_cases.all()
        ],
    }


# --- dict → rows ------------------------------------------------------------------------------


@transaction.atomic
def questionnaire_create_from_dict(data: dict, *, user=None, version: int | None = None) -> Questionnaire:
    """Create a draft questionnaire from the content format (no validation beyond the database's)."""
    questionnaire = Questionnaire.objects.create(
        slug=data["slug"],
        version=version or data["version"],
        title=data["title"],
        description=data.get("description", ""),
        created_by=user,
    )
    for s_order, s in enumerate(data["sections"]):
        section = Section.objects.create(
            questionnaire=questionnaire, slug=s["slug"], title=s["title"], intro=s.get("intro", ""), order=s_order
        )
        for q_order, q in enumerate(s["questions"]):
            question = Question.objects.create(
                questionnaire=questionnaire,
                section=section,
                slug=q["slug"],
                type=q["type"],
                prompt=q["prompt"],
                help_text=q.get("help_text", ""),
                required=q.get("required", True),
                visible_when=q.get("visible_when", "") or "",
                max_length=q.get("max_length") or 5000,
                order=q_order,
            )
            Choice.objects.bulk_create(
                Choice(question=question, value=c["value"], label=c["label"], order=c_order)
                for c_order, c in enumerate(q.get("choices", []))
            )
    return questionnaire


@transaction.atomic
def criteria_set_create_from_dict(
    data: dict, *, questionnaire: Questionnaire, user=None, version: int | None = None
) -> CriteriaSet:
    """Create a draft criteria set from the content format, targeting `questionnaire`."""
    criteria_set = CriteriaSet.objects.create(
        slug=data["slug"],
        version=version or data["version"],
        title=data["title"],
        questionnaire=questionnaire,
        created_by=user,
    )
    Criterion.objects.bulk_create(
        Criterion(
            criteria_set=criteria_set,
            slug=c["slug"],
            kind=c["kind"],
            title=c.get("title", ""),
            condition=c["condition"],
            alternative=c.get("alternative") or "",
            rationale=c.get("rationale", ""),
            next_step=c.get("next_step", ""),
            order=i,
        )
        for i, c in enumerate(data["criteria"])
    )
    PolicyRule.objects.bulk_create(
        PolicyRule(
            criteria_set=criteria_set,
            slug=r["slug"],
            condition=r["condition"],
            verdict=r["verdict"],
            explanation=r.get("explanation", ""),
            order=i,
        )
        for i, r in enumerate(data["policy"])
    )
    GoldenCase.objects.bulk_create(
        GoldenCase(
            criteria_set=criteria_set,
            name=g["name"],
            answers=g["answers"],
            expected_verdict=g["expected_verdict"],
            must_match=g.get("must_match", []),
            must_not_match=g.get("must_not_match", []),
            note=g.get("note", ""),
            order=i,
        )
        for i, g in enumerate(data.get("golden_cases", []))
    )
    return criteria_set


def _mark_published(version, *, user=None, note: str = "") -> None:
    """Retire the currently published version of the same slug and publish this one, atomically."""
    model = type(version)
    with transaction.atomic():
        for current in model.objects.select_for_update().filter(slug=version.slug, status=VersionStatus.PUBLISHED):
            current.status = VersionStatus.RETIRED
            current.save()
        version.status = VersionStatus.PUBLISHED
        version.published_at = timezone.now()
        version.published_by = user
        if note:
            version.change_note = note
        version.save()


def content_install_defaults() -> None:
    """Install and publish the default content unless that slug already exists. Idempotent."""
    package = resources.files("assessments") / "content"
    questionnaire_data, criteria_data = (json.loads((package / name).read_text()) for name in DEFAULT_FILES)
    with transaction.atomic():
        if Questionnaire.objects.filter(slug=questionnaire_data["slug"]).exists():
            return
        questionnaire = questionnaire_create_from_dict(questionnaire_data)
        _mark_published(questionnaire, note="Default content shipped with Discovery.")
        criteria_set = criteria_set_create_from_dict(criteria_data, questionnaire=questionnaire)
        _mark_published(criteria_set, note="Default content shipped with Discovery.")
