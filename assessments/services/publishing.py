"""A content version's lifecycle: copy it into a new draft, check it, publish it.

These are the only ways a questionnaire or criteria set changes status (the admin, the editor
and `import_content` all call them), so the checks here are the publishing gate:
nothing with an invalid condition or a failing golden case is ever published.
"""

from django.db import DataError, IntegrityError, transaction
from django.db.models import Max

from assessments import engine
from assessments.models import Choice, CriteriaSet, Question, Questionnaire, Section, VersionStatus
from assessments.services.content import (
    ContentError,
    _mark_published,
    criteria_set_create_from_dict,
    criteria_set_to_dict,
    questionnaire_create_from_dict,
    questionnaire_to_dict,
)

ContentVersion = Questionnaire | CriteriaSet


def next_version_number(model, slug: str) -> int:
    """One more than the highest version of `slug` (drafts included), so numbers never clash."""
    highest = model.objects.filter(slug=slug).aggregate(highest=Max("version"))["highest"]
    return (highest or 0) + 1


def _record_bulk_created(version: ContentVersion, user) -> None:
    """Give rows made with bulk_create (which skips history signals) their "created" history
    entry, so the audit trail of a draft starts complete and later edits show what changed."""
    if isinstance(version, Questionnaire):
        parts = [Choice.objects.filter(question__questionnaire=version)]
    else:
        parts = [version.criteria.all(), version.policy_rules.all(), version.golden_cases.all()]
    for queryset in parts:
        queryset.model.history.bulk_history_create(list(queryset), default_user=user)
    if user is None:
        return
    # Outside a web request simple_history doesn't know who acted; the caller does.
    created = [type(version).history.filter(id=version.pk)]
    if isinstance(version, Questionnaire):
        created += [
            Section.history.filter(questionnaire_id=version.pk),
            Question.history.filter(questionnaire_id=version.pk),
        ]
    for records in created:
        records.filter(history_user__isnull=True).update(history_user=user)


def _mark_made_with_version(version: ContentVersion) -> None:
    """Tag the history records written while `version` was being created (copied or imported),
    so the editor's History lists the later edits one by one and the copy as one line."""
    from assessments.content_history import MADE_BY_COPY, history_querysets

    for _, _, records in history_querysets(version):
        records.update(history_change_reason=MADE_BY_COPY)


@transaction.atomic
def content_draft_from(*, version: ContentVersion, user) -> ContentVersion:
    """A new draft copying every part of `version` (sections, questions, choices; or criteria,
    policy rules, golden cases), numbered after the highest existing version of its slug.

    A criteria set draft targets the same questionnaire version as its source.
    """
    model = type(version)
    number = next_version_number(model, version.slug)
    if isinstance(version, Questionnaire):
        draft = questionnaire_create_from_dict(questionnaire_to_dict(version), user=user, version=number)
    else:
        draft = criteria_set_create_from_dict(
            criteria_set_to_dict(version), questionnaire=version.questionnaire, user=user, version=number
        )
    draft.change_note = ""
    draft.save()
    _record_bulk_created(draft, user)
    _mark_made_with_version(draft)
    return draft


def describe_error(error: engine.ConditionError) -> str:
    """One readable line for a validation error, naming where it is, e.g.
    'criterion fit_style_voice, condition: Unknown name 'goalz'.'"""
    labels = {"criteria": "criterion", "policy": "policy rule", "questions": "question"}
    field = error.field
    if len(field) == 3:
        return f"{labels.get(field[0], field[0])} {field[1]}, {field[2].replace('_', ' ')}: {error.message}"
    if field:
        return f"{labels.get(field[0], field[0])}: {error.message}"
    return error.message


def _definitions(version: ContentVersion):
    """(questionnaire definition, criteria set definition or None) built from rows, uncached."""
    from assessments.selectors import criteria_set_definition, questionnaire_definition

    if isinstance(version, Questionnaire):
        return questionnaire_definition(version), None
    return questionnaire_definition(version.questionnaire), criteria_set_definition(version)


def content_validation_errors(version: ContentVersion) -> list[engine.ConditionError]:
    """Every problem that makes `version` unpublishable, short of running golden cases:
    malformed definitions, condition syntax/unknown names/bad choice values/type mismatches,
    duplicate slugs, a policy without a catch-all."""
    try:
        questionnaire, criteria_set = _definitions(version)
    except engine.DefinitionError as exc:
        return [engine.ConditionError((), str(exc))]
    except (KeyError, TypeError, ValueError) as exc:
        return [engine.ConditionError((), f"The content is incomplete: {exc}")]
    if criteria_set is None:
        errors = list(engine.validate_questionnaire(questionnaire))
        if not questionnaire.questions:
            errors.append(engine.ConditionError(("questions",), "A questionnaire needs at least one question."))
        return errors
    errors = list(engine.validate_criteria_set(questionnaire, criteria_set))
    if not criteria_set.criteria:
        errors.append(engine.ConditionError(("criteria",), "A criteria set needs at least one criterion."))
    return errors


def content_golden_failures(version: CriteriaSet) -> list[str]:
    """One line per failing golden case of a criteria set (empty when all pass)."""
    questionnaire, criteria_set = _definitions(version)
    return [
        f"golden case {result.case.name!r}: {'; '.join(result.failures)}"
        for result in engine.run_golden_cases(questionnaire, criteria_set)
        if not result.passed
    ]


def content_publish_problems(version: ContentVersion, *, note: str = "x") -> list[str]:
    """Why `version` can't be published now, as readable lines; empty when it can."""
    problems = []
    if version.status != VersionStatus.DRAFT:
        problems.append(f"{version.slug} v{version.version} is {version.status}; only a draft can be published.")
    if not note.strip():
        problems.append("A publishing note is required: say what changed and why.")
    return problems + content_blocking_problems(version)


def content_blocking_problems(version: ContentVersion) -> list[str]:
    """What in the content itself forbids publishing it: invalid definitions or conditions, and
    for a criteria set a draft target questionnaire or a failing golden case."""
    errors = content_validation_errors(version)
    problems = [describe_error(e) for e in errors]
    if isinstance(version, CriteriaSet):
        target = version.questionnaire
        if target.status == VersionStatus.DRAFT:
            problems.append(f"It targets questionnaire {target.slug} v{target.version}, a draft: publish that first.")
        if not errors:
            problems += content_golden_failures(version)
    return problems


@transaction.atomic
def content_publish(*, version: ContentVersion, user, note: str) -> None:
    """Publish a draft and retire the version it replaces, atomically.

    Raises ContentError listing every problem when the note is missing, the version is not a
    draft, any condition is invalid, or (criteria sets) any golden case fails.
    """
    # Lock the row so two admins publishing the same draft can't both pass the checks.
    type(version).objects.select_for_update().filter(pk=version.pk).first()
    version.refresh_from_db()
    problems = content_publish_problems(version, note=note)
    if problems:
        raise ContentError(problems)
    _mark_published(version, user=user, note=note.strip())


def _import_problems(data) -> list[str]:
    """Problems that make `data` unreadable as content (checked before anything is written)."""
    try:
        if isinstance(data, dict) and data.get("kind") == "criteria_set":
            engine.CriteriaSet.from_dict(data)
        else:
            engine.Questionnaire.from_dict(data)
    except engine.DefinitionError as exc:
        return [str(exc)]
    except KeyError as exc:
        return [f"a required field is missing: {exc.args[0]!r}"]
    except (TypeError, ValueError, AttributeError) as exc:
        return [f"the document is not in the content format: {exc}"]
    problems = []
    if data["kind"] == "questionnaire":
        sections = [s["slug"] for s in data["sections"]]
        if len(sections) != len(set(sections)):
            problems.append("two sections share a slug")
        for s in data["sections"]:
            for q in s["questions"]:
                values = [c["value"] for c in q.get("choices", ())]
                if len(values) != len(set(values)):
                    problems.append(f"question {q['slug']}: two choices share a value")
    else:
        names = [g["name"] for g in data.get("golden_cases", ())]
        if len(names) != len(set(names)):
            problems.append("two golden cases share a name")
    return problems


def _create_draft(data: dict, *, user) -> ContentVersion:
    if data["kind"] == "questionnaire":
        number = next_version_number(Questionnaire, data["slug"])
        return questionnaire_create_from_dict(data, user=user, version=number)
    target = data["questionnaire"]
    questionnaire = Questionnaire.objects.filter(slug=target["slug"], version=target["version"]).first()
    if questionnaire is None:
        raise ContentError(
            [f"questionnaire {target['slug']} v{target['version']} doesn't exist here; import it first."]
        )
    number = next_version_number(CriteriaSet, data["slug"])
    return criteria_set_create_from_dict(data, questionnaire=questionnaire, user=user, version=number)


@transaction.atomic
def content_import(*, data: dict, user=None, publish: bool = False, note: str = "") -> ContentVersion:
    """Create a new draft from a content document (FORMAT.md), numbered after the highest
    existing version of its slug, and publish it when asked.

    Nothing is written unless the whole document is valid: ContentError lists every problem
    (unreadable structure, invalid conditions, and when publishing, failing golden cases).
    """
    problems = _import_problems(data)
    if problems:
        raise ContentError(problems)
    try:
        with transaction.atomic():
            version = _create_draft(data, user=user)
            _record_bulk_created(version, user)
            _mark_made_with_version(version)
    except (IntegrityError, DataError) as exc:
        raise ContentError([f"the document can't be stored: {exc}"]) from exc
    errors = content_validation_errors(version)
    if errors:
        # Raising inside the atomic block rolls back the rows just written.
        raise ContentError([describe_error(e) for e in errors])
    if publish:
        content_publish(version=version, user=user, note=note)
    return version
