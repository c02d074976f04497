"""Fine-tuning programme scope, sized by the client's answers (fine_tune and not_yet only).

Five phases, each with its length in weeks and the work in plain words: dataset curation,
evaluation design, baseline validation, training, and rollout with model-version migration.
"""

DATA_WEEKS = {"none": 6, "under_100": 4, "100_to_1000": 2, "over_1000": 1}
DATA_WORK = {
    "none": "Start a dataset from scratch: collect real examples of the task done right, have an expert "
    "write or correct them, and reach at least a few hundred.",
    "under_100": "Grow the existing examples to at least a few hundred, with an expert reviewing each one.",
    "100_to_1000": "Review, de-duplicate and balance the existing examples; fill the gaps the review finds.",
    "over_1000": "Sample and audit the existing examples; remove duplicates and contradictions.",
}
EVAL_WEEKS = {"none": 3, "spot_checks": 2, "defined_metrics": 1, "automated_suite": 1}
EVAL_WORK = {
    "none": "Agree what a good answer is, write the measures down and build a test set the model never trains on.",
    "spot_checks": "Turn the spot checks into agreed measures scored on a fixed test set, then automate them.",
    "defined_metrics": "Automate the agreed measures on a fixed test set the model never trains on.",
    "automated_suite": "Extend the automated suite with cases for the behaviour the fine-tune should change.",
}
VOLUME_SERVING = {
    "low": "a managed fine-tuning endpoint from the model provider",
    "medium": "a managed endpoint, load-tested before launch",
    "high": "dedicated capacity, load-tested, with a cost model per million requests",
}


def programme_scope(*, verdict: str, answers: dict) -> dict | None:
    """The phases with durations in weeks; None when fine-tuning is not recommended."""
    if verdict not in {"fine_tune", "not_yet"}:
        return None
    examples = answers.get("curated_examples")
    data_weeks = DATA_WEEKS.get(examples, 3)
    data_work = DATA_WORK.get(examples, DATA_WORK["under_100"])
    if answers.get("examples_reviewed") is False:
        data_weeks += 1
        data_work += " Nobody has checked the examples yet: an expert reviews them first."
    if answers.get("training_data_rights") is False:
        data_weeks += 1
        data_work += " Confirm in writing the right to train on the data, or replace it."

    method = answers.get("evaluation_method")
    baseline_known = bool(answers.get("baseline_measured"))
    volume = answers.get("request_volume")
    owner = answers.get("migration_owner")
    phases = [
        {"name": "Dataset curation", "weeks": data_weeks, "work": data_work},
        {
            "name": "Evaluation design",
            "weeks": EVAL_WEEKS.get(method, 2),
            "work": EVAL_WORK.get(method, EVAL_WORK["none"]),
        },
        {
            "name": "Baseline validation",
            "weeks": 1 if baseline_known else 2,
            "work": (
                "Re-score the measured prompt-only solution on the new test set: this is the bar to beat."
                if baseline_known
                else "Build and measure the best prompt-only solution on the test set: this is the bar to beat."
            ),
        },
        {
            "name": "Training and comparison",
            "weeks": 3 if answers.get("consistency_need") == "strict" else 2,
            "work": "Fine-tune, score against the baseline on the test set and iterate on the data; "
            "stop if it does not beat the baseline clearly.",
        },
        {
            "name": "Rollout and model-version migration",
            "weeks": (2 if volume == "high" else 1) + (0 if owner else 1),
            "work": f"Serve with {VOLUME_SERVING.get(volume, VOLUME_SERVING['low'])}, keep the prompt-only path "
            "as a fallback, and write the playbook for moving to a new base model version: re-train, "
            "re-score against the baseline, switch over."
            + ("" if owner else " Name the person who owns those migrations."),
        },
    ]
    total = sum(p["weeks"] for p in phases)
    return {
        "phases": phases,
        "total_weeks": total,
        "starts_after_readiness": verdict == "not_yet",
    }
