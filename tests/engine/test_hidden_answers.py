"""Answers to hidden questions are ignored everywhere, including evaluation."""


def test_a_hidden_answer_is_ignored_and_reported(assess_client):
    result = assess_client(prompting_tried="not_tried", prompting_outcome="meets_needs")
    assert "prompting_outcome" in result.ignored_hidden
    assert "prompting_outcome" not in result.criteria[7].evidence


def test_or_condition_still_matches_through_its_visible_side_when_the_other_is_hidden(assess_client):
    # prompting_outcome is hidden when prompting was not tried; base_model_fit alone decides.
    result = assess_client(prompting_tried="not_tried", prompting_outcome="inconsistent", base_model_fit="does_well")
    assert "base_model_sufficient" in result.matched
    assert result.decided_by[0] == "base_model_sufficient"


def test_or_condition_does_not_match_when_its_visible_side_fails_and_the_other_is_hidden(assess_client):
    result = assess_client(prompting_tried="not_tried", prompting_outcome="meets_needs", base_model_fit="poorly")
    assert "base_model_sufficient" not in result.matched


def test_rights_answer_is_hidden_without_examples_so_no_training_rights_does_not_match(assess_client):
    result = assess_client(curated_examples="none", training_data_rights=False, examples_reviewed=False)
    assert "no_training_rights" not in result.matched
    assert "unreviewed_examples" not in result.matched
    assert result.ignored_hidden == ("examples_reviewed", "training_data_rights")


def test_knowledge_change_rate_counts_only_when_new_knowledge_is_a_goal(assess_client):
    result = assess_client(goals=["style_voice"], knowledge_change_rate="weekly_or_faster")
    assert "fast_changing_knowledge" not in result.matched
    assert result.ignored_hidden == ("knowledge_change_rate",)


def test_a_condition_over_an_unanswered_question_does_not_match(assess_client):
    result = assess_client(baseline_measured=None)
    assert "no_baseline" not in result.matched
