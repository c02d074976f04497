"""The report's "Measured baseline" chapter: the target, each prompt's pass rate and interval
(drawn as bars with whiskers), the cost spent, what was graded how, and what follows. Read from
the run the version's evaluation used (its summary is frozen on the run). No case text appears:
the chapter is about rates, not the client's data."""

from assessments.baseline import Case, best_variant
from assessments.baseline.graders import case_specs

CHART_WIDTH = 100  # the bars' scale: per cent of the chart's width


def baseline_chapter(evaluation) -> dict | None:
    run = getattr(evaluation, "baseline_run", None) if evaluation is not None else None
    if run is None or not run.summary:
        return None
    summary = run.summary
    best = best_variant(summary)
    bars = [
        {
            "label": v["label"],
            "rate": v["pass_rate"],
            "low": v["ci_low"],
            "high": v["ci_high"],
            "graded": v["graded"],
            "passed": v["passed"],
            "best": best is not None and v["name"] == best["name"],
            "model_graded": v.get("model_graded", False),
            "y": 10 + i * 28,
        }
        for i, v in enumerate(summary["variants"])
        if v["graded"]
    ]
    graders: dict[str, int] = {}
    default = run.parameters.get("default_grader", "equals")
    for case in run.cases:
        for spec in case_specs(Case.from_dict(case), default):
            graders[spec["type"]] = graders.get(spec["type"], 0) + 1
    return {
        "run": run,
        "target": run.target,
        "bars": bars,
        "chart_height": 20 + 28 * len(bars),
        "cost": run.cost_usd,
        "graders": sorted(graders.items(), key=lambda kv: -kv[1]),
        "model_graded": any(b["model_graded"] for b in bars),
        "what_follows": _what_follows(run.facts),
        "stopped_at_cap": summary.get("stopped_at_cap", False),
        "cases_reached": summary.get("cases_reached", 0),
        "cases": summary.get("cases", 0),
    }


def _pct(share: float) -> str:
    return f"{round(share * 100)} %"


def _what_follows(facts: dict) -> str:
    target, best_low = facts.get("baseline.target"), facts.get("baseline.best_variant_ci_low")
    best_rate, lift = facts.get("baseline.best_variant_pass_rate"), facts.get("baseline.prompt_lift")
    if target is None or best_rate is None:
        return "No improved prompt was compared, so this measurement describes your current prompt only."
    if best_low >= target:
        return (
            f"An improved prompt reaches your {_pct(target)} target even at the low end of its interval: adopt it "
            "and keep measuring; fine-tuning is not needed for this task today."
        )
    if best_rate < target:
        gap = target - best_rate
        return (
            f"The best prompt falls {_pct(gap)} short of your {_pct(target)} target on your own cases: prompting was "
            "tried and measured, and fine-tuning is the remaining lever."
        )
    return (
        "The best prompt reaches your target on average but not at the low end of its interval: more cases "
        "would tell; adopt the prompt meanwhile."
    ) + (f" It gains {_pct(lift)} over your current prompt." if lift and lift > 0 else "")
