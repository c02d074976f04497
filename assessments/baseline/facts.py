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
