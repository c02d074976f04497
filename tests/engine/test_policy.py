"""The decision policy: the first rule that applies decides; approaches follow the contract."""


def test_policy_rule_1_no_fit_gives_do_not_fine_tune(assess_client):
    result = assess_client(goals=["general_quality"])
    assert (result.verdict, result.decided_by[0]) == ("do_not_fine_tune", "no_fit")
    assert result.approaches == ("prompt_engineering",)


def test_policy_rule_2_base_model_sufficient_gives_do_not_fine_tune(assess_client):
    result = assess_client(base_model_fit="does_well", curated_examples="none")
    assert (result.verdict, result.decided_by[0]) == ("do_not_fine_tune", "base_model_sufficient")


def test_policy_rule_3_prompting_not_tried_gives_do_not_fine_tune(assess_client):
    result = assess_client(prompting_tried="not_tried", evaluation_method="none")
    assert (result.verdict, result.decided_by[0]) == ("do_not_fine_tune", "prompting_not_tried")


def test_policy_rule_4_missing_data_gives_not_yet(assess_client):
    assert assess_client(curated_examples="under_100").verdict == "not_yet"


def test_policy_rule_4_missing_evaluation_gives_not_yet(assess_client):
    assert assess_client(evaluation_method="none").verdict == "not_yet"


def test_policy_rule_4_missing_training_rights_gives_not_yet(assess_client):
    result = assess_client(training_data_rights=False)
    assert (result.verdict, result.decided_by[0]) == ("not_yet", "prerequisite_missing")


def test_policy_rule_5_everything_in_place_gives_fine_tune(assess_client):
    result = assess_client()
    assert (result.verdict, result.decided_by[0]) == ("fine_tune", "ready")
    assert result.approaches == ("fine_tuning",)


def test_advisories_add_next_steps_without_changing_the_verdict(assess_client, default):
    plain = assess_client()
    result = assess_client(baseline_measured=False, migration_owner=False)
    assert result.verdict == "fine_tune"
    added = [s for s in result.next_steps if s not in plain.next_steps]
    by_slug = default[1].by_slug
    assert added == [by_slug["no_baseline"].next_step, by_slug["no_migration_owner"].next_step]


def test_contract_example_gives_not_yet_with_prompting_then_rag(assess_client):
    result = assess_client(
        goals=["style_voice", "new_knowledge"], knowledge_change_rate="monthly", curated_examples="under_100"
    )
    assert result.verdict == "not_yet"
    assert result.approaches == ("prompt_engineering", "rag")
    assert result.matched == ("fit_style_voice", "needs_new_knowledge", "insufficient_curated_data")


def test_approaches_list_rag_then_tool_use_without_repeats(assess_client):
    result = assess_client(
        goals=["actions_live_data", "new_knowledge", "style_voice"],
        knowledge_change_rate="rarely",
        prompting_tried="ad_hoc",
    )
    assert result.approaches == ("prompt_engineering", "rag", "tool_use")


def test_to_dict_has_exactly_the_assess_command_keys(assess_client):
    data = assess_client().to_dict()
    assert set(data) == {
        "verdict",
        "approaches",
        "matched",
        "criteria",
        "next_steps",
        "questionnaire",
        "criteria_set",
        "decided_by",
        "ignored_hidden",
    }
    assert data["questionnaire"] == {"slug": "fine-tuning-readiness", "version": 1}
    assert data["criteria_set"] == {"slug": "fine-tuning-criteria", "version": 1}
    assert set(data["criteria"][0]) == {"slug", "kind", "matched", "evidence"}
    assert len(data["criteria"]) == 17


def test_the_same_answers_give_byte_identical_json(default, ready_client):
    import json

    from assessments.engine import evaluate

    shuffled = dict(reversed(list(ready_client.items())))
    first = json.dumps(evaluate(*default, ready_client).to_dict(), sort_keys=True)
    assert json.dumps(evaluate(*default, shuffled).to_dict(), sort_keys=True) == first
