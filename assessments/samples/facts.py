"""The named facts an analysis yields for the decision engine (see assessments/engine/facts.py)."""

from __future__ import annotations

from .analysis import Analysis


def measured_facts(training: Analysis | None = None, evals: Analysis | None = None) -> dict[str, int | float]:
    """Fact name → value from an analysed training sample and/or eval set.

    ``sample.over_limit_share`` is the share over the strictest provider's limit, so one
    number says whether any provider would refuse or truncate examples.
    """
    facts: dict[str, int | float] = {}
    if training is not None:
        worst = max(training.over_limit.values(), default=0)
        facts |= {
            "sample.valid_examples": training.valid_examples,
            "sample.unique_examples": training.unique_examples,
            "sample.over_limit_share": round(worst / training.valid_examples, 4) if training.valid_examples else 0.0,
            "sample.pii_lines": training.pii.count,
        }
    if evals is not None:
        facts["evals.cases_with_expected"] = evals.cases_with_expected or 0
        if evals.contaminated is not None:
            facts["evals.contaminated"] = evals.contaminated["count"]
    return facts
