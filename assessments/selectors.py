"""Reads: which content is published, and content as the engine sees it."""

from assessments import engine
from assessments.models import CriteriaSet, Questionnaire, VersionStatus
from assessments.services.content import criteria_set_to_dict, questionnaire_to_dict

DEFAULT_QUESTIONNAIRE = "fine-tuning-readiness"
DEFAULT_CRITERIA_SET = "fine-tuning-criteria"

# Published and retired versions never change, so their engine definitions can be kept for the
# life of the process. Drafts are rebuilt every time (they are edited). The key includes the
# publication time because a primary key alone can be reused (SQLite after a rolled-back insert).
_frozen_definitions: dict[tuple, object] = {}


class NothingPublished(Exception):
    """No published version exists for the slug asked for (a setup problem, not user error)."""


def published_questionnaire(slug: str = DEFAULT_QUESTIONNAIRE) -> Questionnaire:
    version = Questionnaire.objects.filter(slug=slug, status=VersionStatus.PUBLISHED).first()
    if version is None:
        raise NothingPublished(f"No published questionnaire '{slug}'.")
    return version


def published_criteria_set(slug: str = DEFAULT_CRITERIA_SET) -> CriteriaSet:
    version = (
        CriteriaSet.objects.select_related("questionnaire").filter(slug=slug, status=VersionStatus.PUBLISHED).first()
    )
    if version is None:
        raise NothingPublished(f"No published criteria set '{slug}'.")
    return version


def questionnaire_definition(questionnaire: Questionnaire) -> engine.Questionnaire:
    """The engine's view of a stored questionnaire version."""
    key = ("questionnaire", questionnaire.pk, questionnaire.version, questionnaire.published_at)
    if not questionnaire.is_draft and key in _frozen_definitions:
        return _frozen_definitions[key]
    definition = engine.Questionnaire.from_dict(questionnaire_to_dict(questionnaire))
    if not questionnaire.is_draft:
        _frozen_definitions[key] = definition
    return definition


def criteria_set_definition(criteria_set: CriteriaSet) -> engine.CriteriaSet:
    """The engine's view of a stored criteria set version."""
    key = ("criteria_set", criteria_set.pk, criteria_set.version, criteria_set.published_at)
    if not criteria_set.is_draft and key in _frozen_definitions:
        return _frozen_definitions[key]
    definition = engine.CriteriaSet.from_dict(criteria_set_to_dict(criteria_set))
    if not criteria_set.is_draft:
        _frozen_definitions[key] = definition
    return definition


def definitions_for(criteria_set: CriteriaSet) -> tuple[engine.Questionnaire, engine.CriteriaSet]:
    """Both definitions an evaluation needs: the criteria set and the questionnaire it targets."""
    return questionnaire_definition(criteria_set.questionnaire), criteria_set_definition(criteria_set)


def report_newer_criteria_set(report) -> CriteriaSet | None:
    """The criteria set published now under the slug `report` was evaluated with, when that is a
    different version; None when the report is current or has no evaluation yet."""
    if report.evaluation_id is None:
        return None
    made_with = report.evaluation.criteria_set
    current = CriteriaSet.objects.filter(slug=made_with.slug, status=VersionStatus.PUBLISHED).first()
    return current if current is not None and current.pk != made_with.pk else None


def report_is_outdated(report) -> bool:
    """Whether `report` was made with a criteria set other than the one published now for its
    slug (regenerating evaluates the answers again with the current version; the old report and
    its evaluation stay as they were)."""
    return report_newer_criteria_set(report) is not None
