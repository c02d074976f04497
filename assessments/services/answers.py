"""Saving answers: the write path for clients (a section at a time: `answers_save`) and consultants
(one answer at a time in workshops: `answer_save`). Both check values the same way (`_checked`).

Every change of value is kept as a revision (who, when, old → new); a value that didn't change is
not written at all. A save that names the revision it started from is refused when someone else
changed the answer since, so two people editing one assessment never silently overwrite each other.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from assessments import engine
from assessments.models import Answer, AnswerRevision, Assessment
from assessments.selectors import content_definition
from web.refusals import Refused


class AnswerRejected(Refused):
    """The value can't be stored; the message says why in words a person understands."""


class StaleAnswer(Refused):
    """Someone changed this answer after the editor loaded it. `current` is their answer."""

    status = 409

    def __init__(self, current: Answer):
        super().__init__(f"{current.question_slug} was changed by someone else")
        self.current = current


SUBMITTED = "These answers were submitted and can no longer be changed."


def _normalise(value):
    if not engine.is_answered(value):
        return None
    if isinstance(value, str):
        return value.strip() or None
    return value


def _checked(definition: engine.Questionnaire, slug: str, value):
    """`value` as stored (empty → None); AnswerRejected for unknown questions and bad values."""
    question = definition.by_slug.get(slug)
    if question is None:
        raise AnswerRejected(f"'{slug}' is not a question of this questionnaire.")
    value = _normalise(value)
    problem = engine.value_problem(question, value)
    if problem:
        raise AnswerRejected(f"{question.prompt}: {problem}")
    return value


@dataclass
class SavedAnswers:
    """What `answers_save` did. `before` and `after` are the stored answers (slug → value, as
    `Assessment.answer_values` gives them) read under the lock and as left by the save."""

    before: dict
    after: dict
    changed: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


@transaction.atomic
def answers_save(
    *, assessment: Assessment, values: dict, label: str, user=None, only_visible: bool = True
) -> SavedAnswers:
    """Store several answers at once (a client's section) and write only those that changed.

    1. Lock the assessment row (one SELECT … FOR UPDATE that re-reads its status): saves and the
       submit of one assessment take turns; refuse with AnswerRejected if it was submitted.
    2. Read its answers once.
    3. Check each value; a refused one is reported in `errors` by slug, the others still saved.
    4. With `only_visible`, ignore values to questions the new answers leave hidden.
       An answer carried over from a previous assessment that is saved again is confirmed.
    5. For values that differ from the stored ones only: one insert of new answers, one update of
       changed ones and one insert of their revisions. Unchanged answers are not touched.
    """
    status = Assessment.objects.select_for_update().filter(pk=assessment.pk).values_list("status", flat=True)
    if status.first() != Assessment.OPEN:
        raise AnswerRejected(SUBMITTED)
    definition = content_definition(assessment.questionnaire)
    stored = {a.question_slug: a for a in Answer.objects.filter(assessment=assessment)}
    before = {slug: a.value for slug, a in stored.items() if a.value is not None}
    result = SavedAnswers(before=before, after=dict(before))
    wanted = {}
    for slug, value in values.items():
        try:
            wanted[slug] = _checked(definition, slug, value)
        except AnswerRejected as exc:
            result.errors[slug] = str(exc)
    if only_visible:
        merged = {**before, **wanted}
        shown = set(engine.visible_slugs(definition, {s: v for s, v in merged.items() if v is not None}))
        wanted = {s: v for s, v in wanted.items() if s in shown}
    now = timezone.now()
    # Saving a page with an answer carried over from a previous assessment confirms it, changed or not.
    carried = [s for s in wanted if s in stored and stored[s].carried_over_from is not None]
    if carried:
        Answer.objects.filter(assessment=assessment, question_slug__in=carried).update(carried_over_from=None)
    created, updated, revisions = [], [], []
    for slug, value in wanted.items():
        answer = stored.get(slug)
        if (answer.value if answer else None) == value:
            continue
        if answer is None:
            answer = Answer(assessment=assessment, question_slug=slug)
            created.append(answer)
        else:
            updated.append(answer)
        revisions.append((answer, answer.value, value))
        answer.value, answer.revision = value, answer.revision + 1
        answer.updated_at, answer.updated_by, answer.updated_by_label = now, user, label
        result.changed.append(slug)
        if value is None:
            result.after.pop(slug, None)
        else:
            result.after[slug] = value
    if created:
        Answer.objects.bulk_create(created)  # primary keys come back on PostgreSQL and SQLite
    if updated:
        Answer.objects.bulk_update(updated, ["value", "revision", "updated_at", "updated_by", "updated_by_label"])
    if revisions:
        AnswerRevision.objects.bulk_create(
            AnswerRevision(
                answer=answer,
                revision=answer.revision,
                old_value=old,
                new_value=new,
                changed_by=user,
                changed_by_label=label,
                changed_at=now,
            )
            for answer, old, new in revisions
        )
    return result


@transaction.atomic
def answer_save(
    *,
    assessment: Assessment,
    slug: str,
    value,
    expected_revision: int | None = None,
    user=None,
    label: str = "",
    allow_submitted: bool = False,
) -> Answer:
    """Store `value` as the answer to question `slug` and return the answer.

    1. Refuse if the assessment is submitted (unless a consultant reopens it: allow_submitted).
    2. Refuse unknown questions and values of the wrong type / not among the choices.
    3. Refuse a stale save (expected_revision given and not the current one): StaleAnswer.
    4. If the value changed, record a revision and bump `revision`. A carried-over answer saved
       again is confirmed either way.
    An empty value clears the answer. Answers to currently hidden questions are kept (they come
    back if the question is shown again) but every evaluation ignores them.
    """
    if not assessment.is_open and not allow_submitted:
        raise AnswerRejected(SUBMITTED)
    value = _checked(content_definition(assessment.questionnaire), slug, value)

    answer, _ = Answer.objects.select_for_update().get_or_create(assessment=assessment, question_slug=slug)
    if expected_revision is not None and answer.revision != expected_revision:
        raise StaleAnswer(answer)
    if answer.carried_over_from is not None:  # saved again, changed or not: confirmed
        answer.carried_over_from = None
        answer.save(update_fields=["carried_over_from"])
    if answer.value == value:
        return answer
    AnswerRevision.objects.create(
        answer=answer,
        revision=answer.revision + 1,
        old_value=answer.value,
        new_value=value,
        changed_by=user,
        changed_by_label=label,
    )
    answer.value = value
    answer.revision += 1
    answer.updated_at = timezone.now()
    answer.updated_by = user
    answer.updated_by_label = label
    answer.save()
    return answer


def assessment_missing_answers(assessment: Assessment) -> list[engine.Problem]:
    """Every problem that blocks submission (required visible questions unanswered, bad values)."""
    definition = content_definition(assessment.questionnaire)
    return engine.validate_answers(definition, assessment.answer_values()).problems
