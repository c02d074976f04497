"""Content documents into the database: a questionnaire or criteria set document → draft rows.

The JSON shape is the one documented in assessments/content/FORMAT.md; the way back (rows →
document) is the models' `to_document()`, and publishing is the models' `publish()`.
"""

import json
from importlib import resources

from django.conf import settings
from django.db import transaction

from assessments import engine
from assessments.engine import content_schema
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

DEFAULT_FILES = ("fine-tuning-readiness.v1.json", "fine-tuning-criteria.v1.json")
# Later default versions, installed in this order over v1 (see content_install_defaults): a
# questionnaire version comes before the criteria set that targets it.
LATER_FILES = (
    "fine-tuning-criteria.v2.json",
    "fine-tuning-readiness.v2.json",
    "fine-tuning-criteria.v3.json",
)
LATER_NOTES = {
    ("criteria_set", 2): "data and evaluation criteria read measured facts.",
    ("questionnaire", 2): "asks for the client's current system prompt and quality target (both optional).",
    ("criteria_set", 3): "a measured baseline (the client's eval set run on a base model) decides the prompting "
    "criteria.",
}
SHIPPED = "Default content shipped with Discovery."


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
            questionnaire=questionnaire, **content_schema.read("section", s), order=s_order
        )
        for q_order, q in enumerate(s["questions"]):
            question = Question.objects.create(
                questionnaire=questionnaire,
                section=section,
                **_row_form(content_schema.read("question", q)),
                order=q_order,
            )
            Choice.objects.bulk_create(
                Choice(question=question, **content_schema.read("choice", c), order=c_order)
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
    parts = (
        (Criterion, "criterion", data["criteria"]),
        (PolicyRule, "policy_rule", data["policy"]),
        (GoldenCase, "golden_case", data.get("golden_cases", [])),
    )
    for model, part, items in parts:
        model.objects.bulk_create(
            model(criteria_set=criteria_set, **_row_form(content_schema.read(part, item)), order=i)
            for i, item in enumerate(items)
        )
    return criteria_set


def _row_form(values: dict) -> dict:
    """A document's values as a row stores them: "" where the document says null (no
    alternative, no condition), lists where it may give tuples, no max_length of 0."""
    values = {**values}
    for name in ("alternative", "visible_when"):
        if name in values and values[name] is None:
            values[name] = ""
    for name in ("must_match", "must_not_match"):
        if name in values:
            values[name] = list(values[name])
    if "max_length" in values:
        values["max_length"] = values["max_length"] or content_schema.DEFAULT_MAX_LENGTH
    return values


def content_install_defaults() -> None:
    """Install and publish the default content unless that slug already exists, then each later
    shipped version that no version of its slug has reached yet. Idempotent."""
    package = resources.files("assessments") / "content"
    questionnaire_data, criteria_data = (json.loads((package / name).read_text()) for name in DEFAULT_FILES)
    with transaction.atomic():
        if not Questionnaire.objects.filter(slug=questionnaire_data["slug"]).exists():
            questionnaire = questionnaire_create_from_dict(questionnaire_data)
            questionnaire.publish(user=None, note=SHIPPED)
            criteria_set = criteria_set_create_from_dict(criteria_data, questionnaire=questionnaire)
            criteria_set.publish(user=None, note=SHIPPED)
        if settings.CONTENT_INSTALL_MEASURED_CRITERIA:
            content_install_later_versions()


def content_install_later_versions() -> None:
    """Publish each later shipped version that is missing, in order: criteria v2 (measured
    facts), questionnaire v2 (the client's system prompt and quality target) and criteria v3 (a
    measured baseline, targeting questionnaire v2)."""
    package = resources.files("assessments") / "content"
    for name in LATER_FILES:
        data = json.loads((package / name).read_text())
        if data["kind"] == "questionnaire":
            _install_later_questionnaire(data)
        else:
            _install_later_criteria(data)


def _shipped_note(data: dict) -> str:
    return f"{SHIPPED} v{data['version']}: {LATER_NOTES.get((data['kind'], data['version']), '')}".strip()


def _install_later_questionnaire(data: dict) -> None:
    """Publish a later shipped questionnaire version unless the slug already has it or a newer one
    (an admin's own version with that number is theirs, never overwritten)."""
    if Questionnaire.objects.filter(slug=data["slug"], version__gte=data["version"]).exists():
        return
    questionnaire_create_from_dict(data).publish(user=None, note=_shipped_note(data))


def _install_later_criteria(data: dict) -> None:
    """Publish a later shipped criteria version unless the slug already has it or a newer one (an
    admin's own version with that number is theirs, never overwritten), or the questionnaire
    version it targets is missing, a draft, or not the one shipped (an admin's own version with
    that number may not have the questions the criteria read)."""
    if CriteriaSet.objects.filter(slug=data["slug"], version__gte=data["version"]).exists():
        return
    target = data["questionnaire"]
    questionnaire = (
        Questionnaire.objects.filter(slug=target["slug"], version=target["version"])
        .exclude(status=VersionStatus.DRAFT)
        .first()
    )
    if questionnaire is None or not _is_shipped(questionnaire):
        return
    criteria_set = criteria_set_create_from_dict(data, questionnaire=questionnaire)
    criteria_set.publish(user=None, note=_shipped_note(data))


def _is_shipped(questionnaire: Questionnaire) -> bool:
    """Whether a stored questionnaire version is the one Discovery ships under its number."""
    shipped = resources.files("assessments") / "content" / f"{questionnaire.slug}.v{questionnaire.version}.json"
    if not shipped.is_file():
        return False
    document = engine.Questionnaire.from_dict(json.loads(shipped.read_text()))
    return questionnaire.to_definition().content_hash == document.content_hash
