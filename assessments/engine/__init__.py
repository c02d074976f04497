"""Discovery's decision engine: pure Python (no Django), dataclasses in, dataclasses out.

Public API::

    load_default() -> (Questionnaire, CriteriaSet)
    validate_answers(questionnaire, raw) -> AnswerCheck(answers, problems, ignored_hidden)
    evaluate(questionnaire, criteria_set, answers) -> Evaluation
    assess(questionnaire, criteria_set, raw) -> (Evaluation | None, [Problem])
    counterfactuals(questionnaire, criteria_set, answers, max_changes=2) -> [Counterfactual]
    validate_questionnaire(questionnaire) / validate_criteria_set(questionnaire, criteria_set)
        -> [ConditionError(field, message)]
    run_golden_cases(questionnaire, criteria_set) -> [GoldenResult]
"""

from .content import load_criteria_set, load_default, load_questionnaire
from .counterfactuals import Counterfactual, counterfactuals
from .definitions import (
    Choice,
    CriteriaSet,
    Criterion,
    DefinitionError,
    GoldenCase,
    PolicyRule,
    Question,
    Questionnaire,
    Section,
)
from .evaluate import CriterionResult, Evaluation, assess, decision_inputs, evaluate, verdict_of
from .golden import GoldenResult, run_golden_cases
from .validation import (
    AnswerCheck,
    ConditionError,
    Problem,
    validate_answers,
    validate_criteria_set,
    validate_questionnaire,
    value_problem,
)

__all__ = [
    "AnswerCheck",
    "Choice",
    "ConditionError",
    "Counterfactual",
    "CriteriaSet",
    "Criterion",
    "CriterionResult",
    "DefinitionError",
    "Evaluation",
    "GoldenCase",
    "GoldenResult",
    "PolicyRule",
    "Problem",
    "Question",
    "Questionnaire",
    "Section",
    "assess",
    "counterfactuals",
    "evaluate",
    "decision_inputs",
    "verdict_of",
    "load_criteria_set",
    "load_default",
    "load_questionnaire",
    "run_golden_cases",
    "validate_answers",
    "validate_criteria_set",
    "validate_questionnaire",
    "value_problem",
]
