"""The compiled programs: batching, absent variables, layered visibility, caching, memo."""

import dataclasses

from answer_strategies import CRITERIA_SET, QUESTIONNAIRE, valid_answers
from hypothesis import given, settings

from assessments.engine import Choice, Question, Questionnaire, Section, evaluate
from assessments.engine.compiler import ConditionBatch, compile_questionnaire


def test_a_broken_condition_does_not_stop_the_others_from_being_decided():
    batch = ConditionBatch(["size > 3", '"a" in tags', 'size == "big"'])
    assert batch.evaluate({"size": "big", "tags": ["a"]}) == [False, True, True]


def test_a_condition_decided_by_literals_alone_matches_without_its_answers():
    batch = ConditionBatch(['missing == "a" || true', 'missing == "a"'])
    assert batch.evaluate({}) == [True, False]


def test_or_absorbs_the_absent_side_in_a_batch():
    batch = ConditionBatch(['fit == "does_well" || outcome == "meets_needs"'])
    assert batch.evaluate({"fit": "does_well"}) == [True]
    assert batch.evaluate({"outcome": "meets_needs"}) == [True]
    assert batch.evaluate({"fit": "poorly"}) == [False]


def test_macro_bound_names_are_not_taken_for_answers(default):
    batch = ConditionBatch(['goals.exists(g, g == "style_voice")'])
    assert batch.variables == [("goals",)]
    assert batch.evaluate({"goals": ["style_voice"]}) == [True]


def test_a_question_hidden_by_a_hidden_question_is_hidden_too():
    yes_no = dict(section="s", type="yes_no", prompt="?")
    chain = Questionnaire(
        "chain",
        1,
        "Chain",
        (
            Section(
                "s",
                "S",
                "",
                (
                    Question("first", **yes_no),
                    Question("second", visible_when="first", **yes_no),
                    Question("third", visible_when="second", **yes_no),
                    Question("colour", "s", "single_choice", "?", choices=(Choice("red", "Red"),)),
                ),
            ),
        ),
    )
    compiled = compile_questionnaire(chain)
    visible, hidden = compiled.visible_answers({"first": False, "second": True, "third": True})
    assert visible == {"first": False} and hidden == ("second", "third")
    assert compiled.visible_slugs({"first": True, "second": True}) == ("first", "second", "third", "colour")


def test_an_edited_criterion_is_compiled_afresh(default, ready_client):
    questionnaire, criteria_set = default
    assert "no_baseline" not in evaluate(questionnaire, criteria_set, ready_client).matched
    edited = dataclasses.replace(
        criteria_set,
        criteria=tuple(
            dataclasses.replace(c, condition="baseline_measured == true") if c.slug == "no_baseline" else c
            for c in criteria_set.criteria
        ),
    )
    assert "no_baseline" in evaluate(questionnaire, edited, ready_client).matched


@given(valid_answers())
@settings(max_examples=200, deadline=None)
def test_remembered_results_equal_freshly_computed_ones(answers):
    visible, _ = compile_questionnaire(QUESTIONNAIRE).visible_answers(answers)
    conditions = [c.condition for c in CRITERIA_SET.criteria]
    warm = ConditionBatch(conditions)
    warm.evaluate(visible)
    assert warm.evaluate(visible) == ConditionBatch(conditions, memo_limit=0).evaluate(visible)
