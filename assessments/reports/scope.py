"""Fine-tuning programme scope, sized by the client's answers (fine_tune and not_yet only)."""

DATA_WEEKS = {"none": 6, "under_100": 4, "100_to_1000": 2, "over_1000": 1}
EVAL_WEEKS = {"none": 3, "spot_checks": 2, "defined_metrics": 1, "automated_suite": 0}
VOLUME_SERVING = {
    "low": "a managed fine-tuning endpoint from the model provider",
    "medium": "a managed endpoint with a load test before launch",
    "high": "dedicated capacity, a load test and a cost model per million requests",
}


def programme_scope(*, verdict: str, answers: dict) -> dict | None:
    """Phases with durations in weeks; None when fine-tuning is not recommended."""
    if verdict not in {"fine_tune", "not_yet"}:
        return None
    phases = []
    data_weeks = DATA_WEEKS.get(answers.get("curated_examples"), 3)
    if answers.get("examples_reviewed") is False:
        data_weeks += 1
    phases.append(
        {
            "name": "Training data",
            "weeks": data_weeks,
            "work": "Collect, review and de-duplicate examples until there are at least a few hundred "
            "that show the behaviour wanted; confirm the rights to train on them.",
        }
    )
    eval_weeks = EVAL_WEEKS.get(answers.get("evaluation_method"), 1)
    if not answers.get("baseline_measured"):
        eval_weeks += 1
    phases.append(
        {
            "name": "Evaluation and baseline",
            "weeks": max(eval_weeks, 1),
            "work": "Agree the metrics that define success, build an automated test set and measure "
            "the best prompt-only baseline to beat.",
        }
    )
    strict = answers.get("consistency_need") == "strict"
    phases.append(
        {
            "name": "Training and comparison",
            "weeks": 3 if strict else 2,
            "work": "Fine-tune, compare against the baseline on the test set, iterate on the data.",
        }
    )
    phases.append(
        {
            "name": "Rollout",
            "weeks": 2 if answers.get("request_volume") == "high" else 1,
            "work": "Serve with "
            + VOLUME_SERVING.get(answers.get("request_volume"), VOLUME_SERVING["low"])
            + ", monitor quality, and keep the prompt-only path as a fallback.",
        }
    )
    total = sum(p["weeks"] for p in phases)
    return {
        "phases": phases,
        "total_weeks": total,
        "starts_after_readiness": verdict == "not_yet",
        "needs_owner": answers.get("migration_owner") is False,
    }
