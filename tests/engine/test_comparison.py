"""Comparing two assessments: the verdict's move split into what the client changed and what the
criteria changed (a newer criteria version decides the earlier answers too)."""

import dataclasses

from assessments import engine
from tests.answers import READY_CLIENT

QUESTIONNAIRE, CRITERIA = engine.load_default()
FEW_EXAMPLES = {**READY_CLIENT, "curated_examples": "under_100"}


def _lenient_criteria():
    """Version 2 of the criteria, where fewer than 100 curated examples no longer hold a client back."""
    criteria = tuple(
        dataclasses.replace(c, condition='curated_examples == "none"') if c.slug == "insufficient_curated_data" else c
        for c in CRITERIA.criteria
    )
    return dataclasses.replace(CRITERIA, version=CRITERIA.version + 1, criteria=criteria)


def _inputs(answers, criteria=CRITERIA, facts=None):
    return engine.Inputs(QUESTIONNAIRE, criteria, answers, facts or {})


def test_when_only_the_answers_changed_the_whole_move_is_the_clients():
    result = engine.compare(_inputs(FEW_EXAMPLES), _inputs(READY_CLIENT))
    assert (result.then.verdict, result.now.verdict) == ("not_yet", "fine_tune")
    assert result.same_criteria
    assert not result.criteria_effect.moved
    assert (result.client_effect.before, result.client_effect.after) == ("not_yet", "fine_tune")
    assert result.answers_changed == (("curated_examples", "under_100", "100_to_1000"),)
    assert ("insufficient_curated_data", True, False) in result.criteria_flipped


def test_when_only_the_criteria_changed_the_whole_move_is_the_criterias():
    result = engine.compare(_inputs(FEW_EXAMPLES), _inputs(FEW_EXAMPLES, _lenient_criteria()))
    assert (result.then.verdict, result.now.verdict) == ("not_yet", "fine_tune")
    assert result.answers_changed == ()
    assert (result.criteria_effect.before, result.criteria_effect.after) == ("not_yet", "fine_tune")
    assert result.criteria_effect.flipped == (("insufficient_curated_data", True, False),)
    assert not result.client_effect.moved and result.client_effect.flipped == ()


def test_when_both_changed_each_effect_is_told_apart():
    # Then: no evals and few examples. Now: evals defined (the client's change) and the lenient
    # criteria (few examples no longer block): each removed one of the two prerequisites.
    earlier = {**FEW_EXAMPLES, "evaluation_method": "none"}
    result = engine.compare(_inputs(earlier), _inputs(FEW_EXAMPLES, _lenient_criteria()))
    assert (result.then.verdict, result.now.verdict) == ("not_yet", "fine_tune")
    assert result.criteria_effect.flipped == (("insufficient_curated_data", True, False),)
    assert not result.criteria_effect.moved  # no evals still held it back under the new criteria
    assert result.client_effect.flipped == (("no_quality_measurement", True, False),)
    assert (result.client_effect.before, result.client_effect.after) == ("not_yet", "fine_tune")


def test_changed_measured_facts_are_listed_with_their_old_and_new_values():
    result = engine.compare(
        _inputs(READY_CLIENT, facts={"sample.unique_examples": 412}),
        _inputs(READY_CLIENT, facts={"sample.unique_examples": 1380}),
    )
    assert result.facts_changed == (("sample.unique_examples", 412, 1380),)
