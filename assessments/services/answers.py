"""Saving answers: the one write path for clients (autosave) and consultants (workshops).

Every change of value is kept as a revision (who, when, old → new). A save that names the
revision it started from is refused when someone else changed the answer since, so two
people editing one assessment never silently overwrite each other.
"""

from django.db import transaction
from django.utils import timezone

from assessments import engine
from assessments.models import Answer, AnswerRevision, Assessment
from assessments.selectors import questionnaire_definition


class AnswerRejected(Exception):
    """The value can't be stored; the message says why in words a person understands."""


class StaleAnswer(Exception):
    """Someone changed this answer after the editor loaded it. `current` is their answer."""

    def __init__(self, current: Answer):
        super().__init__(f"{current.question_slug} was changed by someone else")
        self.current = current


def _normalise(value):
    if not engine.is_answered(value):
        return None
    if isinstance(value, str):
        return value.strip() or None
    return value


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
    4. If the value changed, record a revision and bump `revision`.
    An empty value clears the answer. Answers to currently hidden questions are kept (they come
    back if the question is shown again) but every evaluation ignores them.
    """
    if not assessment.is_open and not allow_submitted:
        raise AnswerRejected("These answers were submitted and can no longer be changed.")
    definition = questionnaire_definition(assessment.questionnaire)
    question = definition.by_slug.get(slug)
    if question is None:
        raise AnswerRejected(f"'{slug}' is not a question of this questionnaire.")
    value = _normalise(value)
    problem = engine.value_problem(question, value)
    if problem:
        raise AnswerRejected(f"{question.prompt}: {problem}")

    answer, _ = Answer.objects.select_for_update().get_or_create(assessment=assessment, question_slug=slug)
    if expected_revision is not None and answer.revision != expected_revision:
        raise StaleAnswer(answer)
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
    definition = questionnaire_definition(assessment.questionnaire)
    return engine.validate_answers(definition, assessment.answer_values()).problems
