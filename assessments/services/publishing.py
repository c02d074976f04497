"""A content version's lifecycle as the admin, the editor and `import_content` drive it: copy a
version into a new draft, import a document as a draft, publish a draft.

The publish gate itself (lock, check once, retire the sibling, stamp) is the model's
`VersionedContent.publish()`; `content_publish` is the service the callers go through.
"""

from django.db import DataError, IntegrityError, transaction
from django.db.models import Max, ProtectedError

from assessments import engine
from assessments.models import Choice, ContentError, CriteriaSet, Question, Questionnaire, Section
from assessments.models.content_checks import describe_error
from assessments.selectors import MADE_BY_COPY, content_open_draft, history_querysets
from assessments.services.content import criteria_set_create_from_dict, questionnaire_create_from_dict

ContentVersion = Questionnaire | CriteriaSet


class DraftExists(ContentError):
    """A slug has one open draft at a time (a database constraint); `draft` is the one to continue."""

    def __init__(self, draft: ContentVersion):
        super().__init__([f"{draft.slug} already has an open draft, v{draft.version}: continue it or discard it."])
        self.draft = draft


def _refuse_second_draft(model, slug: str) -> None:
    draft = content_open_draft(model, slug)
    if draft is not None:
        raise DraftExists(draft)


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
    for _, _, records in history_querysets(version):
        records.update(history_change_reason=MADE_BY_COPY)


def _carry_golden_case_sources(source: CriteriaSet, draft: CriteriaSet) -> None:
    """A copied golden case still holds its engagement's answers: it keeps the link that the
    client's erasure follows (the content document, being portable, doesn't carry it)."""
    linked = source.golden_cases.filter(source_engagement__isnull=False)
    for name, engagement_id in linked.values_list("name", "source_engagement_id"):
        draft.golden_cases.filter(name=name).update(source_engagement_id=engagement_id)


@transaction.atomic
def content_draft_from(*, version: ContentVersion, user) -> ContentVersion:
    """A new draft copying every part of `version` (sections, questions, choices; or criteria,
    policy rules, golden cases), numbered after the highest existing version of its slug.

    A criteria set draft targets the same questionnaire version as its source. Raises
    DraftExists when the slug already has an open draft.
    """
    model = type(version)
    _refuse_second_draft(model, version.slug)
    number = next_version_number(model, version.slug)
    if isinstance(version, Questionnaire):
        draft = questionnaire_create_from_dict(version.to_document(), user=user, version=number)
    else:
        draft = criteria_set_create_from_dict(
            version.to_document(), questionnaire=version.questionnaire, user=user, version=number
        )
        _carry_golden_case_sources(version, draft)
    draft.change_note = ""
    draft.save()
    _record_bulk_created(draft, user)
    _mark_made_with_version(draft)
    return draft


def content_publish(*, version: ContentVersion, user, note: str) -> None:
    """Publish a draft and retire the version it replaces (VersionedContent.publish).

    Raises ContentError listing every problem when the note is missing, the version is not a
    draft, any condition is invalid, or (criteria sets) any golden case fails.
    """
    version.publish(user=user, note=note)


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
    _refuse_second_draft(Questionnaire if data["kind"] == "questionnaire" else CriteriaSet, data["slug"])
    try:
        with transaction.atomic():
            version = _create_draft(data, user=user)
            _record_bulk_created(version, user)
            _mark_made_with_version(version)
    except (IntegrityError, DataError) as exc:
        raise ContentError([f"the document can't be stored: {exc}"]) from exc
    errors = version.validation_errors()
    if errors:
        # Raising inside the atomic block rolls back the rows just written.
        raise ContentError([describe_error(e) for e in errors])
    if publish:
        content_publish(version=version, user=user, note=note)
    return version


@transaction.atomic
def content_draft_discard(*, version: ContentVersion) -> None:
    """Delete a draft and everything in it. Refused (ContentError) for a published or retired
    version, and for a questionnaire draft that a criteria set draft or an evaluation reads."""
    if not version.is_draft:
        raise ContentError([f"{version.slug} v{version.version} is {version.status}; only a draft can be discarded."])
    try:
        version.delete()
    except ProtectedError as exc:
        raise ContentError(
            [f"{version.slug} v{version.version} is still used (a criteria set draft or an evaluation reads it)."]
        ) from exc


def finding_acknowledge(*, version: ContentVersion, key: str, note: str, user) -> None:
    """Accept one current logic-check finding of a draft as intended, with a note saying why (stored
    on the version, so its history shows who acknowledged it). Raises ContentError otherwise."""
    if not note.strip():
        raise ContentError(["Say why this finding is intended: a note is required."])
    if key not in {f.key for f in version.logic_findings()}:
        raise ContentError(["That finding is not reported for this draft any more."])
    who = getattr(user, "username", "") or "someone"
    version.acknowledged_findings = {**version.acknowledged_findings, key: f"{note.strip()} — {who}"}
    version.save()
