"""Counterfactuals: the smallest answer changes that move the verdict."""

from assessments.engine import counterfactuals


def test_more_curated_examples_would_make_it_fine_tune(default, ready_client):
    ready_client["curated_examples"] = "under_100"
    found = counterfactuals(*default, ready_client)
    sentences = [c.sentence for c in found]
    assert "With 100–1,000 curated examples, the verdict becomes fine_tune" in sentences
    change = next(c for c in found if c.sentence.startswith("With 100–1,000"))
    assert change.changes == (("curated_examples", "under_100", "100_to_1000"),)


def test_single_changes_come_first_in_questionnaire_order(default, ready_client):
    found = counterfactuals(*default, ready_client)
    sizes = [len(c.changes) for c in found]
    assert sizes == sorted(sizes)
    order = [q.slug for q in default[0].questions]
    singles = [order.index(c.changes[0][0]) for c in found if len(c.changes) == 1]
    assert singles == sorted(singles)


def test_every_counterfactual_really_changes_the_verdict(default, ready_client):
    from assessments.engine import evaluate

    for cf in counterfactuals(*default, ready_client):
        changed = {**ready_client, **{slug: new for slug, _, new in cf.changes}}
        assert evaluate(*default, changed).verdict == cf.new_verdict != "fine_tune"


def test_adding_a_goal_is_reported_with_its_label(default, ready_client):
    ready_client["goals"] = ["general_quality"]
    found = counterfactuals(*default, ready_client)
    assert any("“Write in our voice or house style” added" in c.sentence for c in found)


def test_a_change_that_reveals_a_required_question_also_answers_it(default, ready_client):
    # Moving off not_tried reveals the required prompting_outcome, which then needs a value too.
    ready_client.update(prompting_tried="not_tried")
    del ready_client["prompting_outcome"]
    found = counterfactuals(*default, ready_client)
    systematic = [c for c in found if c.changes[0] == ("prompting_tried", "not_tried", "systematic")]
    assert systematic and all(len(c.changes) == 2 and c.changes[1][0] == "prompting_outcome" for c in systematic)


def test_pairs_are_only_offered_when_no_single_change_does_it_alone(default, ready_client):
    ready_client.update(goals=["general_quality"], base_model_fit="does_well")
    found = counterfactuals(*default, ready_client)
    pairs = [c for c in found if len(c.changes) == 2]
    assert pairs
    singles = {repr(c.changes[0]) for c in found if len(c.changes) == 1}
    assert not any({repr(change) for change in p.changes} & singles for p in pairs)


def test_counterfactuals_are_deterministic(default, ready_client):
    assert counterfactuals(*default, ready_client) == counterfactuals(*default, dict(ready_client))
