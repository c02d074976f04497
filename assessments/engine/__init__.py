"""Discovery's decision engine: pure Python (no Django), dataclasses in, dataclasses out.

Public API::

    load_default() -> (Questionnaire, CriteriaSet)
    validate_answers(questionnaire, raw) -> AnswerCheck(answers, problems, ignored_hidden)
    evaluate(questionnaire, criteria_set, answers, facts=None) -> Evaluation
    assess(questionnaire, criteria_set, raw, raw_facts=None) -> (Evaluation | None, [Problem])
    evaluate_partial(questionnaire, criteria_set, answers, facts=None) -> PartialEvaluation
        (three-valued: decided or not, the verdicts still possible, the open questions they depend on)
    assess_partial(questionnaire, criteria_set, raw, raw_facts=None) -> (PartialEvaluation | None, [Problem])
    FACTS, fact_problems(raw): measured facts ("sample.unique_examples", …) criteria may read
    counterfactuals(questionnaire, criteria_set, answers, max_changes=2) -> [Counterfactual]
    compare(Inputs(...), Inputs(...)) -> Comparison: two assessments, the client's changes told
        apart from the criteria's
    path_to_yes(questionnaire, criteria_set, answers, facts) -> [Counterfactual]: answers and measured
        facts moved, labelled by direction, what makes it fine_tune first
    explain(criteria_set, rule=slug, matched=[slugs]) -> Explanation (the deciding rule, qualified)
    depends_on(questionnaire, partial) -> [OpenPoint]: what an undecided verdict depends on, in words
    validate_questionnaire(questionnaire) / validate_criteria_set(questionnaire, criteria_set)
        -> [ConditionError(field, message)]
    run_golden_cases(questionnaire, criteria_set) -> [GoldenResult]
    logic_check(questionnaire, criteria_set=None) -> ([Finding], exhaustive)
    content_diff(old_document, new_document) -> ContentDiff
    content_schema: the content format's fields, declared once (PARTS; read(part, data) for a
        document's values with defaults, write(part, source) for a part as a document dict)
    is_answered(value), answer_text(question, value), visible_slugs(questionnaire, answers)
    check_condition(source, where, variables), question_variables(questions)
    check_criterion_condition(questionnaire, source, slug), check_visibility_condition(questionnaire,
        slug, source): the one check of one condition, as the editor and validation both ask it
    vocabulary: VERDICT_LABELS, VERDICT_COLOURS, APPROACH_LABELS, KIND_LABELS, verdict_label(slug), …

Other code uses only these names; the submodules are the engine's own business.

Modules:
    answers.py — answers as values and as words: the one definition of "answered"
    comparison.py — two assessments compared: what changed, split into the client's and the criteria's effect
    compiler.py — a questionnaire's visibility rules and a criteria set compiled into few CEL programs
    condition_syntax.py — a condition's tokens and parse tree, read in plain Python before CEL sees it
    conditions.py — condition safety: the one place admin-written CEL meets the CEL library
    content.py — loading content documents (discovery-content/1 JSON)
    counterfactuals.py — the smallest answer changes that would move the verdict; the path to yes (facts moved too)
    definitions.py — the decision model as plain, immutable data
    schema.py — the content format's one declaration: each part's fields, defaults and when written
    diff.py — what changed between two versions, field by field
    evaluate.py — one answer set into a verdict: the only place that knows how a verdict is decided
    explanation.py — why a verdict was reached, in words
    facts.py — measured facts criteria may read beside answers
    golden.py — golden cases: answer sets with the verdict each must keep
    logic_check.py — the questionnaire's logic check (unreachable questions, unmatched criteria)
    partial.py — partial answers: three-valued criteria, decided or undecided verdicts
    typecheck.py — static type checking of a condition against the variables it reads
    validation.py — checking client answers and admin-written conditions
    vocabulary.py — the words for verdicts, approaches and criterion kinds
"""

from . import schema as content_schema
from .answers import answer_text, is_answered
from .comparison import Comparison, Inputs, Step, compare
from .compiler import visible_slugs
from .content import load_criteria_set, load_default, load_questionnaire
from .counterfactuals import CLOSENESS, Counterfactual, change_phrase, counterfactuals, fact_moves, path_to_yes
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
from .diff import ContentDiff, FieldChange, content_diff
from .evaluate import CriterionResult, Evaluation, assess, decision_inputs, evaluate, verdict_of
from .explanation import Explanation, OpenPoint, depends_on, explain
from .facts import FACTS, Fact, fact_problems
from .golden import GoldenResult, run_golden_cases
from .logic_check import Finding, logic_check
from .partial import OpenQuestion, PartialEvaluation, assess_partial, evaluate_partial
from .validation import (
    AnswerCheck,
    ConditionError,
    Problem,
    check_condition,
    check_criterion_condition,
    check_visibility_condition,
    question_variables,
    validate_answers,
    validate_criteria_set,
    validate_questionnaire,
    value_problem,
)
from .vocabulary import (
    APPROACH_CHOICES,
    APPROACH_LABELS,
    KIND_CHOICES,
    KIND_FINDINGS,
    KIND_HEADINGS,
    KIND_LABELS,
    UNDECIDED_LABEL,
    VERDICT_CHOICES,
    VERDICT_COLOURS,
    VERDICT_LABELS,
    approach_label,
    kind_finding,
    kind_label,
    verdict_colour,
    verdict_label,
)

__all__ = [
    "content_schema",
    "APPROACH_CHOICES",
    "APPROACH_LABELS",
    "KIND_CHOICES",
    "KIND_FINDINGS",
    "KIND_HEADINGS",
    "KIND_LABELS",
    "VERDICT_CHOICES",
    "VERDICT_COLOURS",
    "VERDICT_LABELS",
    "Comparison",
    "ContentDiff",
    "Inputs",
    "Step",
    "compare",
    "FieldChange",
    "Finding",
    "answer_text",
    "approach_label",
    "check_condition",
    "check_criterion_condition",
    "check_visibility_condition",
    "content_diff",
    "is_answered",
    "kind_finding",
    "kind_label",
    "logic_check",
    "question_variables",
    "verdict_colour",
    "verdict_label",
    "visible_slugs",
    "AnswerCheck",
    "Choice",
    "ConditionError",
    "Counterfactual",
    "CriteriaSet",
    "Criterion",
    "CriterionResult",
    "DefinitionError",
    "Evaluation",
    "Explanation",
    "OpenPoint",
    "depends_on",
    "UNDECIDED_LABEL",
    "explain",
    "GoldenCase",
    "GoldenResult",
    "PolicyRule",
    "Problem",
    "Question",
    "Questionnaire",
    "Section",
    "assess",
    "assess_partial",
    "evaluate_partial",
    "OpenQuestion",
    "PartialEvaluation",
    "counterfactuals",
    "path_to_yes",
    "change_phrase",
    "fact_moves",
    "CLOSENESS",
    "evaluate",
    "decision_inputs",
    "verdict_of",
    "load_criteria_set",
    "load_default",
    "FACTS",
    "Fact",
    "fact_problems",
    "load_questionnaire",
    "run_golden_cases",
    "validate_answers",
    "validate_criteria_set",
    "validate_questionnaire",
    "value_problem",
]
