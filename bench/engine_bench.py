"""Decision engine throughput on one core: `python bench/engine_bench.py` from the repo root.

Prints full evaluations per second for the default content (varied, realistic answer sets), the
same rules hand-written in plain Python (the floor nothing data-driven can beat), their ratio,
the median time of counterfactuals for one assessment, and partial answer sets (a workshop
midway: 0 to all answers left open) through ``evaluate_partial`` per second, with its median,
p90 and worst time and the first call on fresh content (nothing compiled or remembered).
"""

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assessments.engine import (  # noqa: E402
    compiler,  # noqa: E402
    counterfactuals,
    evaluate,
    evaluate_partial,
    load_default,
    validate_answers,
)


def answer_sets(questionnaire, criteria_set, count, seed=7):
    """Realistic, varied, valid answer sets: a golden case with 0-3 answers changed at random."""
    rng = random.Random(seed)
    sets = []
    while len(sets) < count:
        answers = dict(rng.choice(criteria_set.golden_cases).answers)
        for q in rng.sample(questionnaire.questions, rng.randint(0, 3)):
            if q.type == "single_choice":
                answers[q.slug] = rng.choice(q.choice_values)
            elif q.type == "multi_choice":
                answers[q.slug] = rng.sample(q.choice_values, rng.randint(1, 3))
            elif q.type == "yes_no":
                answers[q.slug] = rng.random() < 0.7
        check = validate_answers(questionnaire, answers)
        if not check.problems:
            sets.append(check.answers)
    return sets


def by_hand(a):
    """The default criteria set and policy written directly in Python."""
    goals = a.get("goals", [])
    tried = a.get("prompting_tried")
    outcome = a.get("prompting_outcome") if tried not in (None, "not_tried") else None
    curated = a.get("curated_examples")
    shown_data = curated not in (None, "none")
    rate = a.get("knowledge_change_rate") if "new_knowledge" in goals else None
    matched = {
        "fit_style_voice": "style_voice" in goals,
        "fit_structured_output": "structured_output" in goals,
        "fit_domain_vocabulary": "domain_vocabulary" in goals,
        "fit_task_behaviour": "task_behaviour" in goals
        and (a.get("consistency_need") in ("high", "strict") or a.get("request_volume") == "high"),
        "needs_new_knowledge": "new_knowledge" in goals,
        "needs_live_actions": "actions_live_data" in goals,
        "prompting_not_tried": tried in ("not_tried", "ad_hoc"),
        "base_model_sufficient": a.get("base_model_fit") == "does_well" or outcome == "meets_needs",
        "insufficient_curated_data": curated in ("none", "under_100"),
        "no_quality_measurement": a.get("evaluation_method") == "none",
        "no_training_rights": shown_data and a.get("training_data_rights") is False,
        "weak_evaluation": a.get("evaluation_method") == "spot_checks",
        "no_baseline": a.get("baseline_measured") is False,
        "no_migration_owner": a.get("migration_owner") is False,
        "unreviewed_examples": shown_data and a.get("examples_reviewed") is False,
        "base_model_untested": a.get("base_model_fit") == "unknown",
        "fast_changing_knowledge": rate == "weekly_or_faster",
    }
    m = [s for s, hit in matched.items() if hit]
    if not any(s.startswith("fit_") for s in m) or "base_model_sufficient" in m or "prompting_not_tried" in m:
        verdict = "do_not_fine_tune"
    elif {"insufficient_curated_data", "no_quality_measurement", "no_training_rights"} & set(m):
        verdict = "not_yet"
    else:
        verdict = "fine_tune"
    approaches = ["fine_tuning" if verdict == "fine_tune" else "prompt_engineering"]
    for slug, approach in (
        ("needs_new_knowledge", "rag"),
        ("needs_live_actions", "tool_use"),
        ("prompting_not_tried", "prompt_engineering"),
        ("base_model_sufficient", "prompt_engineering"),
    ):
        if matched[slug] and approach not in approaches:
            approaches.append(approach)
    return verdict, approaches, m


def rate(fn, sets, seconds=2.0):
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for answers in sets:
            fn(answers)
        done += len(sets)
    return done / (time.perf_counter() - start)


def main():
    questionnaire, criteria_set = load_default()
    sets = answer_sets(questionnaire, criteria_set, 1000)
    # The hand-written rules must agree with the engine, or the comparison means nothing.
    for answers in sets:
        result = evaluate(questionnaire, criteria_set, answers)
        assert by_hand(answers) == (result.verdict, list(result.approaches), list(result.matched))
    verdicts = {v: sum(by_hand(a)[0] == v for a in sets) for v in ("fine_tune", "not_yet", "do_not_fine_tune")}
    engine = rate(lambda a: evaluate(questionnaire, criteria_set, a), sets)
    plain = rate(by_hand, sets)
    # Cold: no remembered condition results, so every evaluation runs the CEL programs.
    compiler.MEMO_LIMIT = 0
    compiler._cache.clear()
    cold = rate(lambda a: evaluate(questionnaire, criteria_set, a), sets)
    compiler.MEMO_LIMIT = memo_limit = 4096
    compiler._cache.clear()
    timings = []
    for answers in sets[:100]:
        start = time.perf_counter()
        counterfactuals(questionnaire, criteria_set, answers)
        timings.append((time.perf_counter() - start) * 1000)
    rng = random.Random(11)
    partial_sets = []
    for answers in sets[:300]:
        keep = rng.randint(0, len(answers))
        partial_sets.append(dict(rng.sample(sorted(answers.items()), keep)))
    compiler._cache.clear()
    start = time.perf_counter()
    evaluate_partial(questionnaire, criteria_set, {})
    first_partial = (time.perf_counter() - start) * 1000
    partial_rate = rate(lambda a: evaluate_partial(questionnaire, criteria_set, a), partial_sets)
    partial_times = []
    for answers in partial_sets:
        start = time.perf_counter()
        evaluate_partial(questionnaire, criteria_set, answers)
        partial_times.append((time.perf_counter() - start) * 1000)
    undecided = sum(not evaluate_partial(questionnaire, criteria_set, a).decided for a in partial_sets)
    print(f"answer sets: {len(sets)} (verdicts {verdicts})")
    print(f"engine evaluate():           {engine:>10,.0f} evaluations/s")
    print(f"hand-written Python:         {plain:>10,.0f} evaluations/s")
    print(f"ratio (hand / engine):       {plain / engine:>10.1f}x")
    print(f"engine, memo off (all CEL):  {cold:>10,.0f} evaluations/s (memo limit normally {memo_limit})")
    print(
        f"counterfactuals, median:     {statistics.median(timings):>10.1f} ms "
        f"(p90 {statistics.quantiles(timings, n=10)[-1]:.1f} ms, max {max(timings):.1f} ms, "
        f"{len(timings)} assessments)"
    )
    print(
        f"evaluate_partial(), partial: {partial_rate:>10,.0f} evaluations/s "
        f"({undecided} of {len(partial_sets)} undecided)"
    )
    print(
        f"evaluate_partial(), median:  {statistics.median(partial_times):>10.1f} ms "
        f"(p90 {statistics.quantiles(partial_times, n=10)[-1]:.1f} ms, max {max(partial_times):.1f} ms; "
        f"first call, nothing answered, cold: {first_partial:.1f} ms)"
    )


if __name__ == "__main__":
    main()
