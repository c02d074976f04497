"""Golden cases on a draft criteria set: add, rename, change answers, remove, and save one from a
real engagement's evaluation. Expectations change through editing.golden_case_update (a note is
required). Every write goes through a model save(), so the history records it and published
versions refuse it.

Answers are stored even when they don't make a valid answer set yet (as conditions are): the case
then fails with "invalid answers" beside the editor, and the draft can't be published until fixed.
"""

from django.db import transaction

from assessments.models import CriteriaSet, Evaluation, GoldenCase, PolicyRule
from assessments.selectors import evaluation_golden_target
from assessments.services.editing import EditRefused, next_order, refuse_overlong
from assessments.services.publishing import content_draft_from

VERDICTS = dict(PolicyRule.VERDICTS)


class NoOpenDraft(EditRefused):
    """The criteria set has no open draft to hold the case; `source` is the version to draft from."""

    def __init__(self, source: CriteriaSet):
        super().__init__(
            f"{source.slug} has no open draft to hold a golden case: create one from v{source.version} first."
        )
        self.source = source


def _clean_name(criteria_set: CriteriaSet, name: str, *, case: GoldenCase | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise EditRefused("A golden case needs a name that says what it pins down.")
    others = criteria_set.golden_cases.exclude(pk=case.pk) if case else criteria_set.golden_cases.all()
    if others.filter(name=name).exists():
        raise EditRefused(f"There is already a golden case called {name!r} in this draft.")
    return name


def _check_verdict(verdict: str) -> str:
    if verdict not in VERDICTS:
        raise EditRefused("Choose the verdict this case should give.")
    return verdict


def golden_case_add(
    *,
    criteria_set: CriteriaSet,
    name: str,
    expected_verdict: str,
    answers: dict | None = None,
    facts: dict | None = None,
    note: str = "",
    source_engagement_id: int | None = None,
) -> GoldenCase:
    """A new golden case at the end of the draft's list; with no answers it fails until they are
    given. `source_engagement_id` names the engagement whose answers it copies (erasure follows it)."""
    case = GoldenCase(
        criteria_set=criteria_set,
        name=_clean_name(criteria_set, name),
        expected_verdict=_check_verdict(expected_verdict),
        answers=answers or {},
        facts=facts or {},
        note=note.strip(),
        order=next_order(criteria_set.golden_cases),
        source_engagement_id=source_engagement_id,
    )
    refuse_overlong(case)
    case.save()
    return case


def golden_case_rename(*, case: GoldenCase, name: str) -> GoldenCase:
    case.name = _clean_name(case.criteria_set, name, case=case)
    refuse_overlong(case)
    case.save()
    return case


def golden_case_answers_update(*, case: GoldenCase, answers: dict) -> GoldenCase:
    """Replace the case's answers (as read from the questionnaire's own widgets)."""
    case.answers = answers
    case.save()
    return case


def golden_case_remove(*, case: GoldenCase) -> None:
    """Remove a golden case from the draft (the published versions keep theirs)."""
    case.delete()


@transaction.atomic
def golden_case_from_evaluation(
    *, evaluation: Evaluation, name: str, user, create_draft: bool = False, expected_verdict: str | None = None
) -> tuple[GoldenCase, bool]:
    """Copy an evaluation's answers (and the measured facts it used) into a golden case of the
    open draft of the criteria set it was evaluated with, expecting `expected_verdict` (an
    architect's override of it) or else the verdict it got.

    Returns (the case, whether a draft was created for it). Without an open draft it raises
    NoOpenDraft, unless `create_draft` asks for one to be made from the published version.
    """
    draft, source = evaluation_golden_target(evaluation)
    created = False
    if draft is None:
        if not create_draft:
            raise NoOpenDraft(source)
        draft, created = content_draft_from(version=source, user=user), True
    note = (
        f"Saved from engagement #{evaluation.assessment.engagement_id}, evaluated with "
        f"{evaluation.criteria_set.slug} v{evaluation.criteria_set.version} on {evaluation.created_at:%Y-%m-%d}."
    )
    case = golden_case_add(
        criteria_set=draft,
        name=name,
        expected_verdict=expected_verdict or evaluation.verdict,
        answers=dict(evaluation.answers),
        facts=dict(evaluation.result.get("facts") or {}),
        note=note,
        source_engagement_id=evaluation.assessment.engagement_id,
    )
    return case, created
