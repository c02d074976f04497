"""Content documents into the database: a questionnaire or criteria set document → draft rows.

The JSON shape is the one documented in assessments/content/FORMAT.md; the way back (rows →
document) is the models' `to_document()`, and publishing is the models' `publish()`.
"""

import json
from importlib import resources

from django.conf import settings
from django.db import transaction

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
)

DEFAULT_FILES = ("fine-tuning-readiness.v1.json", "fine-tuning-criteria.v1.json")
# Later default criteria versions, installed in order over v1 (see content_install_defaults).
LATER_CRITERIA_FILES = ("fine-tuning-criteria.v2.json",)
# v3 reads a measured baseline; published on migrate when CONTENT_INSTALL_BASELINE_CRITERIA is on
# (off until the tests that pin v2 as the published version are updated).
BASELINE_CRITERIA_FILE = "fine-tuning-criteria.v3.json"
LATER_NOTES = {
    2: "data and evaluation criteria read measured facts.",
    3: "a measured baseline (the client's eval set run on a base model) decides the prompting criteria.",
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
    shipped criteria version that no version of its slug has reached yet. Idempotent."""
    package = resources.files("assessments") / "content"
    questionnaire_data, criteria_data = (json.loads((package / name).read_text()) for name in DEFAULT_FILES)
    with transaction.atomic():
        if not Questionnaire.objects.filter(slug=questionnaire_data["slug"]).exists():
            questionnaire = questionnaire_create_from_dict(questionnaire_data)
            questionnaire.publish(user=None, note=SHIPPED)
            criteria_set = criteria_set_create_from_dict(criteria_data, questionnaire=questionnaire)
            criteria_set.publish(user=None, note=SHIPPED)
        # Off by default until the tests that pin v1 as the published version are updated.
        if settings.CONTENT_INSTALL_MEASURED_CRITERIA:
            content_install_later_criteria()


def content_install_later_criteria() -> None:
    """Publish each later shipped criteria version (v2: measured facts, v3: a measured baseline)
    that is missing."""
    package = resources.files("assessments") / "content"
    names = LATER_CRITERIA_FILES + ((BASELINE_CRITERIA_FILE,) if settings.CONTENT_INSTALL_BASELINE_CRITERIA else ())
    for name in names:
        _install_later_criteria(json.loads((package / name).read_text()))


def content_install_baseline_criteria() -> None:
    """Publish criteria v3 (reads a measured baseline) unless the slug has it or a newer one."""
    package = resources.files("assessments") / "content"
    _install_later_criteria(json.loads((package / BASELINE_CRITERIA_FILE).read_text()))


def _install_later_criteria(data: dict) -> None:
    """Publish a later shipped version unless the slug already has it or a newer one: an admin's
    own version with that number is theirs, never overwritten."""
    if CriteriaSet.objects.filter(slug=data["slug"], version__gte=data["version"]).exists():
        return
    target = data["questionnaire"]
    questionnaire = Questionnaire.objects.filter(slug=target["slug"], version=target["version"]).first()
    if questionnaire is None:
        return
    criteria_set = criteria_set_create_from_dict(data, questionnaire=questionnaire)
    note = f"{SHIPPED} v{data['version']}: {LATER_NOTES.get(data['version'], '')}"
    criteria_set.publish(user=None, note=note.strip())
