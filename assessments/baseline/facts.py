"""The named facts a baseline run yields for the decision engine (see assessments/engine/facts.py)."""

from __future__ import annotations


def baseline_facts(summary: dict, target: float | None) -> dict[str, int | float]:
    """``baseline.*`` facts from a run's summary (``runner.summarise``): the client's prompt is
    the first variant; the best variant is the improved one with the highest pass rate (none
    when the run compared no improved prompt). Nothing when the client's prompt graded no case."""
    variants = summary.get("variants") or []
    if not variants or not variants[0].get("graded"):
        return {}
    client = variants[0]
    facts: dict[str, int | float] = {
        "baseline.cases": client["graded"],
        "baseline.pass_rate": client["pass_rate"],
        "baseline.ci_low": client["ci_low"],
        "baseline.ci_high": client["ci_high"],
    }
    if target is not None:
        facts["baseline.target"] = float(target)
    improved = [v for v in variants[1:] if v.get("graded")]
    if improved:
        best = max(improved, key=lambda v: (v["pass_rate"], v["ci_low"]))
        facts["baseline.best_variant_pass_rate"] = best["pass_rate"]
        facts["baseline.best_variant_ci_low"] = best["ci_low"]
        facts["baseline.prompt_lift"] = round(best["pass_rate"] - client["pass_rate"], 4)
    return facts


def best_variant(summary: dict) -> dict | None:
    improved = [v for v in (summary.get("variants") or [])[1:] if v.get("graded")]
    return max(improved, key=lambda v: (v["pass_rate"], v["ci_low"])) if improved else None


def _pct(share: float) -> str:
    return f"{round(share * 100)} %"


STATED_FIT = {"does_well": "does the task well", "partially": "does the task partially", "poorly": "does it poorly"}


def stated_vs_measured(answers: dict, facts: dict) -> list[str]:
    """Plain sentences where what the client said about the base model and a baseline run
    disagree (none when they agree, or nothing was measured against a target)."""
    target = facts.get("baseline.target")
    best_low = facts.get("baseline.best_variant_ci_low")
    best_rate = facts.get("baseline.best_variant_pass_rate")
    rate = facts.get("baseline.pass_rate")
    if target is None or rate is None:
        return []
    sentences = []
    fit = answers.get("base_model_fit")
    measured = (
        f"{_pct(best_rate)} of {facts.get('baseline.cases', 0):,} cases with the best prompt (95 % interval from "
        f"{_pct(best_low)}), against a {_pct(target)} target"
        if best_rate is not None
        else f"{_pct(rate)} with your prompt (95 % interval {_pct(facts['baseline.ci_low'])}–"
        f"{_pct(facts['baseline.ci_high'])}), against a {_pct(target)} target"
    )
    best_reaches = (best_low if best_low is not None else facts["baseline.ci_low"]) >= target
    best_misses = (best_rate if best_rate is not None else rate) < target
    if fit in ("partially", "poorly") and best_reaches:
        sentences.append(f"Stated: the base model {STATED_FIT[fit]}. Measured: {measured}.")
    elif fit == "does_well" and best_misses:
        sentences.append(f"Stated: the base model {STATED_FIT[fit]}. Measured: {measured}.")
    if answers.get("prompting_outcome") == "meets_needs" and rate < target and facts["baseline.ci_high"] < target:
        sentences.append(
            f"Stated: the current prompts meet your needs. Measured: {_pct(rate)} with your prompt (95 % interval "
            f"{_pct(facts['baseline.ci_low'])}–{_pct(facts['baseline.ci_high'])}), below the {_pct(target)} target."
        )
    return sentences
