"""The one evaluation path for stored assessments: answers → engine → immutable snapshot."""

import hashlib
import json

from assessments import engine
from assessments.models import Assessment, CriteriaSet, Evaluation
from assessments.selectors import (
    assessment_measured_facts,
    baseline_run_used,
    definitions_for,
    published_criteria_set,
)


def answers_hash(answers: dict) -> str:
    return hashlib.sha256(json.dumps(answers, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def assessment_engine_input(assessment: Assessment, questionnaire: engine.Questionnaire) -> dict:
    """The stored answers as the engine takes them: valid answers to visible questions only.

    Stored answers were validated when saved, but visibility can change as other answers change,
    so this is where hidden answers are dropped — the one place that turns answers into input.
    """
    return engine.validate_answers(questionnaire, assessment.answer_values()).answers


def assessment_preview(*, assessment: Assessment, criteria_set: CriteriaSet | None = None) -> engine.Evaluation:
    """Evaluate without storing anything (live workshop panel, review screens), with the
    measured facts of the latest analysed uploads."""
    criteria_set = criteria_set or published_criteria_set()
    questionnaire, definition = definitions_for(criteria_set)
    answers = assessment_engine_input(assessment, questionnaire)
    return engine.evaluate(questionnaire, definition, answers, assessment_measured_facts(assessment))


def assessment_counterfactuals(
    *, assessment: Assessment, criteria_set: CriteriaSet | None = None
) -> list[engine.Counterfactual]:
    """The smallest answer changes that would change the verdict, without storing anything
    (the live workshop panel; the stored evaluation keeps its own)."""
    criteria_set = criteria_set or published_criteria_set()
    questionnaire, definition = definitions_for(criteria_set)
    answers = assessment_engine_input(assessment, questionnaire)
    return engine.counterfactuals(questionnaire, definition, answers, facts=assessment_measured_facts(assessment))


def assessment_evaluate(
    *, assessment: Assessment, criteria_set: CriteriaSet | None = None, facts: dict | None = None
) -> Evaluation:
    """Evaluate the stored answers and measured facts (default: those of the latest analysed
    uploads) against `criteria_set` (default: the published one) and keep an immutable snapshot
    of the versions, the answers as evaluated and the full result, whose "facts" are the facts
    it used."""
    criteria_set = criteria_set or published_criteria_set()
    measured = facts is None
    facts = assessment_measured_facts(assessment) if facts is None else facts
    questionnaire, definition = definitions_for(criteria_set)
    answers = assessment_engine_input(assessment, questionnaire)
    result = engine.evaluate(questionnaire, definition, answers, facts)
    payload = result.to_dict()
    payload["counterfactuals"] = [
        {"changes": [list(change) for change in cf.changes], "new_verdict": cf.new_verdict, "sentence": cf.sentence}
        for cf in engine.counterfactuals(questionnaire, definition, answers, facts=facts)
    ]
    return Evaluation.objects.create(
        assessment=assessment,
        questionnaire=criteria_set.questionnaire,
        criteria_set=criteria_set,
        answers=answers,
        answers_hash=answers_hash(answers),
        result=payload,
        verdict=result.verdict,
        baseline_run=baseline_run_used(assessment) if measured else None,
    )
