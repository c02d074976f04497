"""The one evaluation path for stored assessments: answers → engine → immutable snapshot."""

import hashlib
import json

from assessments import engine
from assessments.models import Assessment, CriteriaSet, Evaluation
from assessments.samples.summary import fact_action
from assessments.selectors import (
    assessment_measured_facts,
    baseline_run_used,
    definitions_for,
    published_criteria_set,
    samples_analysed_as_of,
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


def assessment_partial_preview(
    *, assessment: Assessment, criteria_set: CriteriaSet | None = None, with_counterfactuals: bool = False
) -> tuple[engine.PartialEvaluation, list[engine.Counterfactual]]:
    """The live verdict while answers are open (workshop panel, client pages, review before
    submission): decided only when no answer to the open questions could change it. Takes the
    stored answers as they are, hidden ones included, since a completion keeps every answer given
    (the engine drops values that can't answer their question). With ``with_counterfactuals``,
    also the answer changes that would move a *decided* verdict (none while undecided: there is
    no verdict to move), from the same loaded facts."""
    criteria_set = criteria_set or published_criteria_set()
    questionnaire, definition = definitions_for(criteria_set)
    facts = assessment_measured_facts(assessment)
    stored = assessment.answer_values()
    partial = engine.evaluate_partial(questionnaire, definition, stored, facts)
    changes = []
    if with_counterfactuals and partial.decided:
        answers = engine.validate_answers(questionnaire, stored).answers
        changes = engine.counterfactuals(questionnaire, definition, answers, facts=facts)
    return partial, changes


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
    payload["path"] = assessment_path_to_yes(
        assessment=assessment, questionnaire=questionnaire, criteria_set=definition, answers=answers, facts=facts
    )
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


def assessment_disagreement_effects(
    *, assessment: Assessment, disagreements, criteria_set: CriteriaSet | None = None
) -> dict[str, list[tuple[object, str | None]]]:
    """For each disagreement, the verdict each respondent's answer would give with every other
    answer as it stands now: slug → [(value, verdict or None)], one per distinct answer.

    Three-valued, like the live panels (`engine.evaluate_partial`): what is still open (another
    open disagreement, a question nobody has answered) stays open, so an answer whose verdict
    still depends on it gives None, "Not decided yet", never a verdict worked out as if the open
    questions had been answered "no". It is what the reconciliation page shows ("if the data lead
    is right, Not yet; if the product owner is right, Not decided yet") and what submission reads.
    """
    if not disagreements:
        return {}
    criteria_set = criteria_set or published_criteria_set()
    questionnaire, definition = definitions_for(criteria_set)
    facts = assessment_measured_facts(assessment)
    current = assessment.answer_values()
    effects = {}
    for disagreement in disagreements:
        effects[disagreement.slug] = [
            (
                value,
                engine.evaluate_partial(
                    questionnaire, definition, {**current, disagreement.slug: value}, facts
                ).verdict,
            )
            for value, _words, _who in disagreement.choices()
        ]
    return effects


def disagreement_changes_verdict(effects: list[tuple[object, str | None]]) -> bool:
    """Whether settling the disagreement can matter: unless every answer to it gives the same
    decided verdict, it does (an undecided one might end either way, so it is settled first)."""
    verdicts = {verdict for _value, verdict in effects}
    return len(verdicts) > 1 or None in verdicts


def assessment_path_to_yes(
    *, assessment: Assessment, questionnaire: engine.Questionnaire, criteria_set, answers: dict, facts: dict
) -> list[dict]:
    """The path to yes as stored with an evaluation: each change of answers or measured facts that
    moves the verdict, toward fine-tuning first (``engine.path_to_yes``), with a sentence that
    says a moved fact as what the client would do, naming the lines of their own files."""
    latest = samples_analysed_as_of(assessment, None)
    findings = {
        "training": (latest.get("training") and latest["training"].findings) or {},
        "evals": (latest.get("eval") and latest["eval"].findings) or {},
    }
    return path_in_words(questionnaire, criteria_set, answers, facts, findings)


def path_in_words(questionnaire: engine.Questionnaire, criteria_set, answers: dict, facts: dict, findings: dict):
    """The path to yes with its sentences, from the findings of the uploads behind ``facts`` (no
    database: the report's property test renders it over generated answers and facts)."""
    path = []
    for cf in engine.path_to_yes(questionnaire, criteria_set, answers, facts):
        parts = [fact_action(name, old, new, findings) for name, old, new in cf.fact_changes]
        parts += ["with " + engine.change_phrase(questionnaire, *change) for change in cf.changes]
        text = " and ".join(parts)
        label = engine.verdict_label(cf.new_verdict)
        path.append(
            {
                "changes": [list(change) for change in cf.changes],
                "facts": [list(change) for change in cf.fact_changes],
                "new_verdict": cf.new_verdict,
                "direction": cf.direction,
                "sentence": f"{text[:1].upper()}{text[1:]}: the verdict becomes “{label}”.",
            }
        )
    return path
