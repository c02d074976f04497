"""Golden cases: answer sets (with measured facts, for some) shipped with a criteria set that
pin down its behaviour.

A criteria set should not be published while any of its golden cases fails.
"""

from __future__ import annotations

from dataclasses import dataclass

from .definitions import CriteriaSet, GoldenCase, Questionnaire
from .evaluate import Evaluation, assess


@dataclass(frozen=True)
class GoldenResult:
    case: GoldenCase
    failures: tuple[str, ...]  # empty when the case passes
    evaluation: Evaluation | None = None  # what the case's answers (and facts) gave; None if invalid

    @property
    def passed(self) -> bool:
        return not self.failures


def run_golden_cases(questionnaire: Questionnaire, criteria_set: CriteriaSet) -> list[GoldenResult]:
    """Evaluate every golden case; each failure is a sentence saying what differed."""
    results = []
    for case in criteria_set.golden_cases:
        evaluation, problems = assess(questionnaire, criteria_set, case.answers, case.facts or None)
        if evaluation is None:
            failures = tuple(f"invalid answers: {p.message}" for p in problems)
        else:
            differs = []
            if evaluation.verdict != case.expected_verdict:
                differs.append(f"verdict is {evaluation.verdict}, expected {case.expected_verdict}")
            differs += [f"{s} should match but does not" for s in case.must_match if s not in evaluation.matched]
            differs += [f"{s} matches but shouldn't" for s in case.must_not_match if s in evaluation.matched]
            failures = tuple(differs)
        results.append(GoldenResult(case, failures, evaluation))
    return results
