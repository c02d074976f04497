"""The fine-tuning programme scope: which verdicts get one, its phases, and how answers size it."""

from assessments.reports.scope import programme_scope
from tests.assessments.reports.factories import ANSWERS

PHASES = [
    "Dataset curation",
    "Evaluation design",
    "Baseline validation",
    "Training and comparison",
    "Rollout and model-version migration",
]


def _weeks(scope) -> dict:
    return {p["name"]: p["weeks"] for p in scope["phases"]}


def test_only_fine_tune_and_not_yet_get_a_programme():
    assert programme_scope(verdict="do_not_fine_tune", answers=ANSWERS["do_not_fine_tune"]) is None
    assert programme_scope(verdict="fine_tune", answers=ANSWERS["fine_tune"]) is not None
    assert programme_scope(verdict="not_yet", answers=ANSWERS["not_yet"])["starts_after_readiness"] is True


def test_the_programme_covers_curation_evaluation_baseline_training_and_migration_and_adds_up():
    scope = programme_scope(verdict="fine_tune", answers=ANSWERS["fine_tune"])
    assert [p["name"] for p in scope["phases"]] == PHASES
    assert scope["total_weeks"] == sum(_weeks(scope).values())
    assert scope["starts_after_readiness"] is False


def test_fewer_examples_mean_a_longer_curation_phase():
    few = programme_scope(verdict="not_yet", answers={**ANSWERS["fine_tune"], "curated_examples": "under_100"})
    many = programme_scope(verdict="fine_tune", answers={**ANSWERS["fine_tune"], "curated_examples": "over_1000"})
    assert _weeks(few)["Dataset curation"] > _weeks(many)["Dataset curation"]
    assert few["total_weeks"] > many["total_weeks"]


def test_unreviewed_examples_and_missing_rights_each_add_curation_work():
    base = _weeks(programme_scope(verdict="fine_tune", answers=ANSWERS["fine_tune"]))["Dataset curation"]
    answers = {**ANSWERS["fine_tune"], "examples_reviewed": False, "training_data_rights": False}
    scope = programme_scope(verdict="not_yet", answers=answers)
    curation = scope["phases"][0]
    assert curation["weeks"] == base + 2
    assert "expert reviews them" in curation["work"] and "right to train" in curation["work"]


def test_no_evaluation_and_no_baseline_lengthen_evaluation_design_and_baseline_validation():
    ready = _weeks(programme_scope(verdict="fine_tune", answers=ANSWERS["fine_tune"]))
    unmeasured = {**ANSWERS["fine_tune"], "evaluation_method": "none", "baseline_measured": False}
    weeks = _weeks(programme_scope(verdict="not_yet", answers=unmeasured))
    assert weeks["Evaluation design"] > ready["Evaluation design"]
    assert weeks["Baseline validation"] > ready["Baseline validation"]


def test_high_volume_and_no_migration_owner_lengthen_the_rollout_and_name_the_gap():
    ready = programme_scope(verdict="fine_tune", answers=ANSWERS["fine_tune"])
    answers = {**ANSWERS["fine_tune"], "request_volume": "high", "migration_owner": False}
    scope = programme_scope(verdict="fine_tune", answers=answers)
    assert _weeks(scope)["Rollout and model-version migration"] == (
        _weeks(ready)["Rollout and model-version migration"] + 2
    )
    assert "dedicated capacity" in scope["phases"][-1]["work"]
    assert "owns those migrations" in scope["phases"][-1]["work"]
    assert "owns those migrations" not in ready["phases"][-1]["work"]
