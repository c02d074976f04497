"""Measured facts: numbers an analysed data sample or eval set yields, read by criteria beside
the answers (``sample.unique_examples < 100``).

Facts are plain values passed in; the engine never measures anything. In a condition they
live in maps, ``sample``, ``evals`` and ``baseline``, that are always present (empty when nothing was
measured), so ``has(sample.unique_examples) ? … : <the stated answer>`` prefers a measurement
and falls back to the answer, and a condition that reads no fact is unaffected by them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Fact:
    name: str  # "<namespace>.<key>"
    type: type  # int, or float for a share between 0 and 1
    label: str
    minimum: float = 0  # a float fact may go below 0 only when this says so (a lift can be negative)


FACTS = {
    f.name: f
    for f in (
        Fact("sample.valid_examples", int, "valid examples in the training sample"),
        Fact("sample.unique_examples", int, "unique valid examples (no exact or near duplicates)"),
        Fact("sample.over_limit_share", float, "share of examples over a provider's token limit (the worst provider)"),
        Fact("sample.pii_lines", int, "lines with personal data signals"),
        Fact("evals.cases_with_expected", int, "eval cases with a usable expected value"),
        Fact("evals.contaminated", int, "eval cases that repeat a training example"),
        # A baseline run (assessments/baseline/): the client's eval set answered by a base model.
        Fact("baseline.target", float, "the client's pass-rate target"),
        Fact("baseline.cases", int, "eval cases graded in the baseline run"),
        Fact("baseline.pass_rate", float, "pass rate of the client's own prompt"),
        Fact("baseline.ci_low", float, "lower bound of its 95 % interval"),
        Fact("baseline.ci_high", float, "upper bound of its 95 % interval"),
        Fact("baseline.best_variant_pass_rate", float, "pass rate of the best improved prompt"),
        Fact("baseline.best_variant_ci_low", float, "lower bound of the best improved prompt's 95 % interval"),
        Fact("baseline.prompt_lift", float, "best improved prompt minus the client's prompt", minimum=-1),
    )
}
NAMESPACES = ("sample", "evals", "baseline")


def fact_problems(raw: object) -> list[str]:
    """Why ``raw`` is not a facts object (name → number), one sentence each, naming the fact."""
    if not isinstance(raw, Mapping):
        return ["facts: expected a JSON object of fact name → number"]
    problems = []
    for name, value in raw.items():
        fact = FACTS.get(name)
        if fact is None:
            problems.append(f"{name}: unknown fact; known facts are {', '.join(FACTS)}")
        elif not _is_number(value) or (fact.type is int and value != int(value)):
            problems.append(f"{name}: {value!r} is not {'a whole number' if fact.type is int else 'a number'}")
        elif value < fact.minimum or (fact.type is float and value > 1):
            problems.append(f"{name}: {value!r} is out of range")
    return problems


def _is_number(value: object) -> bool:
    # NaN and infinity are no counts (JSON's 1e999 reads as infinity).
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def fact_context(facts: Mapping[str, float] | None) -> dict[str, dict[str, float]]:
    """The condition variables for ``facts``: {"sample": {...}, "evals": {...}, "baseline": {...}},
    each always there."""
    context: dict[str, dict[str, float]] = {namespace: {} for namespace in NAMESPACES}
    for name, value in (facts or {}).items():
        namespace, key = name.split(".", 1)
        context[namespace][key] = FACTS[name].type(value)
    return context


def fact_sets() -> list[dict[str, float] | None]:
    """Fact sets the logic check tries beside each answer set: none, and every fact at zero,
    at a middling and at a large value."""
    scales = ((0, 0.0), (50, 0.5), (5000, 1.0))
    return [None] + [{f.name: (s if f.type is int else share) for f in FACTS.values()} for s, share in scales]


def fact_samples() -> dict[str, tuple[dict[str, float], ...]]:
    """Per namespace, example maps that validation evaluates conditions against: nothing
    measured, everything zero, everything large."""
    samples: dict[str, tuple[dict[str, float], ...]] = {}
    for namespace in NAMESPACES:
        names = [f for f in FACTS.values() if f.name.startswith(namespace + ".")]
        zero = {f.name.split(".", 1)[1]: f.type(0) for f in names}
        large = {f.name.split(".", 1)[1]: f.type(1) if f.type is float else 100_000 for f in names}
        samples[namespace] = ({}, zero, large)
    return samples
