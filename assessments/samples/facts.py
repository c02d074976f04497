"""The named facts an analysis yields for the decision engine (see assessments/engine/facts.py)."""

from __future__ import annotations

from typing import Any

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
        facts |= contamination_facts(evals.contaminated)
    return facts


CONTAMINATION_FACTS = ("evals.contaminated",)


def contamination_facts(contaminated: dict[str, Any] | None) -> dict[str, int]:
    """The facts a contamination check yields; none when it wasn't checked (no training sample)."""
    return {} if contaminated is None else {"evals.contaminated": contaminated["count"]}
