"""Every criterion of the default set, matching and not matching."""

import pytest

CASES = [
    # (criterion, changes that make it match, changes that make it not match)
    ("fit_style_voice", {"goals": ["style_voice"]}, {"goals": ["general_quality"]}),
    ("fit_structured_output", {"goals": ["structured_output"]}, {"goals": ["style_voice"]}),
    ("fit_domain_vocabulary", {"goals": ["domain_vocabulary"]}, {"goals": ["style_voice"]}),
    (
        "fit_task_behaviour",
        {"goals": ["task_behaviour"], "consistency_need": "strict"},
        {"goals": ["task_behaviour"], "consistency_need": "best_effort", "request_volume": "low"},
    ),
    (
        "needs_new_knowledge",
        {"goals": ["new_knowledge"], "knowledge_change_rate": "rarely"},
        {"goals": ["style_voice"]},
    ),
    ("needs_live_actions", {"goals": ["actions_live_data"]}, {"goals": ["style_voice"]}),
    ("prompting_not_tried", {"prompting_tried": "ad_hoc"}, {"prompting_tried": "systematic"}),
    ("base_model_sufficient", {"base_model_fit": "does_well"}, {"base_model_fit": "poorly"}),
    ("insufficient_curated_data", {"curated_examples": "none"}, {"curated_examples": "over_1000"}),
    ("no_quality_measurement", {"evaluation_method": "none"}, {"evaluation_method": "automated_suite"}),
    ("no_training_rights", {"training_data_rights": False}, {"training_data_rights": True}),
    ("weak_evaluation", {"evaluation_method": "spot_checks"}, {"evaluation_method": "defined_metrics"}),
    ("no_baseline", {"baseline_measured": False}, {"baseline_measured": True}),
    ("no_migration_owner", {"migration_owner": False}, {"migration_owner": True}),
    ("unreviewed_examples", {"examples_reviewed": False}, {"examples_reviewed": True}),
    ("base_model_untested", {"base_model_fit": "unknown"}, {"base_model_fit": "partially"}),
    (
        "fast_changing_knowledge",
        {"goals": ["new_knowledge"], "knowledge_change_rate": "weekly_or_faster"},
        {"goals": ["new_knowledge"], "knowledge_change_rate": "monthly"},
    ),
]


def test_every_default_criterion_has_a_case(default):
    assert sorted(c for c, _, _ in CASES) == sorted(c.slug for c in default[1].criteria)


@pytest.mark.parametrize("slug,matching,_", CASES, ids=[c[0] for c in CASES])
def test_criterion_matches_when_its_condition_holds(assess_client, slug, matching, _):
    assert slug in assess_client(**matching).matched


@pytest.mark.parametrize("slug,_,not_matching", CASES, ids=[c[0] for c in CASES])
def test_criterion_does_not_match_when_its_condition_fails(assess_client, slug, _, not_matching):
    assert slug not in assess_client(**not_matching).matched


def test_task_behaviour_fits_at_high_volume_even_with_best_effort_consistency(assess_client):
    result = assess_client(goals=["task_behaviour"], consistency_need="best_effort", request_volume="high")
    assert "fit_task_behaviour" in result.matched


def test_base_model_sufficient_matches_when_prompting_outcome_meets_needs(assess_client):
    assert "base_model_sufficient" in assess_client(prompting_outcome="meets_needs").matched


def test_evidence_lists_the_present_answers_a_criterion_read(assess_client):
    result = assess_client(goals=["task_behaviour"], consistency_need="strict")
    criterion = next(c for c in result.criteria if c.slug == "fit_task_behaviour")
    assert criterion.evidence == {"goals": ["task_behaviour"], "consistency_need": "strict", "request_volume": "medium"}


def test_next_steps_follow_criteria_order_without_repeats(assess_client, default):
    result = assess_client(baseline_measured=False, migration_owner=False)
    steps = [c.next_step for c in default[1].criteria if c.slug in result.matched]
    assert result.next_steps == tuple(dict.fromkeys(steps))
