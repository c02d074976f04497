"""Turn one answer set into a verdict: the only place that knows how a verdict is decided.

``evaluate`` assumes answers already passed ``validation.validate_answers``; ``assess`` does
both and never returns a verdict for bad input. The same call serves the assess command, the
web app, the live preview, reports and impact analysis.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from .compiler import CompiledCriteria, CompiledQuestionnaire, compile_criteria, compile_questionnaire
from .definitions import CriteriaSet, Questionnaire
from .facts import fact_problems
from .validation import ConditionError, Problem, validate_answers


class CriterionResult(NamedTuple):
    """One criterion's outcome. A NamedTuple, not a dataclass: 17 are built per evaluation and
    a frozen dataclass's __init__ was a fifth of the evaluation time."""

    slug: str
    kind: str
    title: str
    matched: bool | None  # None only in a partial evaluation: not known yet (partial.py)
    evidence: dict[str, Any]  # answers the condition read that were present
    failed: bool = False  # its condition failed to evaluate, so it didn't match (see condition_failures)


@dataclass(frozen=True)
class Evaluation:
    verdict: str
    approaches: tuple[str, ...]
    decided_by: tuple[str, str]  # (policy rule slug, its explanation)
    criteria: tuple[CriterionResult, ...]
    matched: tuple[str, ...]
    next_steps: tuple[str, ...]
    ignored_hidden: tuple[str, ...]
    questionnaire: tuple[str, int]
    criteria_set: tuple[str, int]
    # Stored conditions that failed to evaluate (division by zero, overflow, …) and so didn't
    # match, each as ("criteria" | "policy", slug, "condition") or ("questions", slug,
    # "visible_when"): content validation should have refused; callers show it, never raise.
    condition_failures: tuple[ConditionError, ...] = ()
    facts: dict[str, Any] = field(default_factory=dict)  # the measured facts evaluated (name → value)

    def to_dict(self) -> dict[str, Any]:
        """The assess command's JSON object (plus ``decided_by`` and ``ignored_hidden``), and
        ``condition_failures`` and ``facts`` only when there are any."""
        data = {
            "verdict": self.verdict,
            "approaches": list(self.approaches),
            "matched": list(self.matched),
            "criteria": [
                {"slug": c.slug, "kind": c.kind, "matched": c.matched, "evidence": _jsonable(c.evidence)}
                for c in self.criteria
            ],
            "next_steps": list(self.next_steps),
            "questionnaire": {"slug": self.questionnaire[0], "version": self.questionnaire[1]},
            "criteria_set": {"slug": self.criteria_set[0], "version": self.criteria_set[1]},
            "decided_by": {"rule": self.decided_by[0], "explanation": self.decided_by[1]},
            "ignored_hidden": list(self.ignored_hidden),
        }
        if self.facts:
            data["facts"] = dict(self.facts)
        if self.condition_failures:
            data["condition_failures"] = [
                {"field": list(f.field), "message": f.message} for f in self.condition_failures
            ]
        return data


def _jsonable(evidence: dict[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, (list, tuple)) else v for k, v in evidence.items()}


def evaluate(
    questionnaire: Questionnaire,
    criteria_set: CriteriaSet,
    answers: Mapping[str, Any],
    facts: Mapping[str, Any] | None = None,
) -> Evaluation:
    """Evaluate validated answers, and measured facts (see facts.py) if there are any.

    1. Drop answers to hidden questions (reported in ``ignored_hidden``).
    2. Evaluate every criterion over the visible answers (one CEL program, see compiler).
    3. The first policy rule whose condition holds for the matched set gives the verdict.
    4. Approaches: ``fine_tuning`` for a fine_tune verdict else ``prompt_engineering``, then the
       alternative of each matched 'against' criterion, in criteria order, without repeats.
    5. Conditions that failed to evaluate in steps 1-3 (they didn't match) are listed in
       ``condition_failures``, their criteria flagged ``failed``; looked for only once a
       condition of this content has ever failed, so healthy content pays nothing.
    """
    shown = compile_questionnaire(questionnaire)
    visible, hidden = shown.visible_answers(answers)
    compiled = compile_criteria(criteria_set)
    context = compiled.context(visible, facts)
    flags = compiled.criteria.evaluate(context)
    results, matched, next_steps = [], [], []
    for (criterion, names), flag in zip(compiled.rows, flags, strict=True):
        evidence = {n: context[n] for n in names if n in context and context[n] != {}}
        results.append(CriterionResult(criterion.slug, criterion.kind, criterion.title, flag, evidence))
        if flag:
            matched.append(criterion.slug)
            if criterion.next_step and criterion.next_step not in next_steps:
                next_steps.append(criterion.next_step)
    rule = criteria_set.policy[compiled.decide(tuple(matched))]
    approaches = ["fine_tuning" if rule.verdict == "fine_tune" else "prompt_engineering"]
    for (criterion, _), flag in zip(compiled.rows, flags, strict=True):
        # An 'against' criterion always names its alternative (definitions.Criterion checks it).
        alternative = criterion.alternative
        if flag and criterion.kind == "against" and alternative is not None and alternative not in approaches:
            approaches.append(alternative)
    failures: tuple[ConditionError, ...] = ()
    if shown.fallible or compiled.criteria.fallible or compiled.policy.fallible:
        failures = _condition_failures(shown, compiled, answers, context, tuple(matched), results)
    return Evaluation(
        verdict=rule.verdict,
        approaches=tuple(approaches),
        decided_by=(rule.slug, rule.explanation),
        criteria=tuple(results),
        matched=tuple(matched),
        next_steps=tuple(next_steps),
        ignored_hidden=hidden,
        questionnaire=(questionnaire.slug, questionnaire.version),
        criteria_set=(criteria_set.slug, criteria_set.version),
        condition_failures=failures,
        facts=dict(facts or {}),
    )


def _condition_failures(
    shown: CompiledQuestionnaire,
    compiled: CompiledCriteria,
    answers: Mapping[str, Any],
    visible: Mapping[str, Any],
    matched: tuple[str, ...],
    results: list[CriterionResult],
) -> tuple[ConditionError, ...]:
    """Step 5 of ``evaluate``: every failed condition, and its criterion's result flagged."""
    failures = [
        ConditionError(("questions", slug, "visible_when"), why) for slug, why in shown.visibility_failures(answers)
    ]
    for i, why in compiled.criteria.failures(visible):
        results[i] = results[i]._replace(failed=True)
        failures.append(ConditionError(("criteria", results[i].slug, "condition"), why))
    policy = compiled.criteria_set.policy
    failures += [
        ConditionError(("policy", policy[i].slug, "condition"), why) for i, why in compiled.policy_failures(matched)
    ]
    return tuple(failures)


def verdict_of(
    questionnaire: Questionnaire,
    criteria_set: CriteriaSet,
    answers: Mapping[str, Any],
    facts: Mapping[str, Any] | None = None,
) -> tuple[str, tuple[str, ...]]:
    """Only the verdict and the matched criterion slugs: steps 1-3 of ``evaluate``, with the same
    compiled programs, for comparing many stored answer sets at once (impact analysis)."""
    visible, _ = compile_questionnaire(questionnaire).visible_answers(answers)
    compiled = compile_criteria(criteria_set)
    flags = compiled.match(visible, facts)
    matched = tuple(c.slug for (c, _), flag in zip(compiled.rows, flags, strict=True) if flag)
    return criteria_set.policy[compiled.decide(matched)].verdict, matched


def decision_inputs(questionnaire: Questionnaire, criteria_set: CriteriaSet) -> tuple[str, ...]:
    """The question slugs whose answers can change the outcome: those a criterion or a visibility
    condition reads. Two answer sets that agree on these get the same verdict and matches."""
    names = set(compile_criteria(criteria_set).criteria.names)
    for _, batch in compile_questionnaire(questionnaire).layers:
        names.update(batch.names)
    return tuple(sorted(names))


def assess(
    questionnaire: Questionnaire, criteria_set: CriteriaSet, raw_answers: Any, raw_facts: Any = None
) -> tuple[Evaluation | None, list[Problem]]:
    """Validate then evaluate. Bad input (answers or facts) gives ``(None, problems)``, never a verdict."""
    check = validate_answers(questionnaire, raw_answers)
    fact_errors = [Problem("", why) for why in fact_problems(raw_facts)] if raw_facts is not None else []
    if check.problems or fact_errors:
        return None, check.problems + fact_errors
    # validate_answers already dropped the hidden answers, so it is the one that knows them.
    evaluation = evaluate(questionnaire, criteria_set, check.answers, raw_facts)
    return replace(evaluation, ignored_hidden=check.ignored_hidden), []
