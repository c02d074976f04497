"""Static type checking of conditions: every comparison that can't hold is an error with its
position, and a condition that is constant over every possible answer is an error too."""

import pytest

from assessments import engine


@pytest.fixture
def variables(default):
    questionnaire, _ = default
    return engine.question_variables(questionnaire.questions)


def messages(source, variables):
    return [e.message for e in engine.check_condition(source, ("criteria", "c", "condition"), variables)]


@pytest.mark.parametrize(
    ("source", "words", "column"),
    [
        ("curated_examples == true", "curated_examples is a single choice (a string), never true or false", 18),
        ("curated_examples == 1", "never a number", 18),
        ("curated_examples != true", "never true or false", 18),
        ('goals == "style_voice"', 'goals is a list of choices, never a string: write `"style_voice" in goals`', 7),
        ('baseline_measured == "yes"', "baseline_measured is yes/no: compare it with true or false", 19),
        ('"yes" == baseline_measured', "compare it with true or false", 7),
        ('"lots" in goals', "'lots' is not a value of goals", 8),
        ('curated_examples in ["none", "lots"]', "'lots' is not a value of curated_examples", 21),
        ('goals in ["style_voice"]', "goals is a list of choices, not one value", 7),
    ],
)
def test_each_mismatch_is_an_error_with_its_position(variables, source, words, column):
    [message] = messages(source, variables)
    assert words in message
    assert f"at line 1, column {column}:" in message
    assert message.endswith("^")


def test_a_mismatch_on_a_later_line_names_that_line(variables):
    [message] = messages('"style_voice" in goals &&\n  curated_examples == true', variables)
    assert "at line 2, column 20:" in message


def test_a_contradiction_is_never_true(variables):
    [message] = messages('curated_examples == "none" && curated_examples == "under_100"', variables)
    assert "never true" in message


def test_a_tautology_is_always_true(variables):
    [message] = messages('"style_voice" in goals || !("style_voice" in goals)', variables)
    assert "always true" in message


def test_well_typed_conditions_stay_valid(variables):
    for source in ('curated_examples == "none"', "baseline_measured == false", '"new_knowledge" in goals'):
        assert messages(source, variables) == []


@pytest.mark.parametrize(
    ("source", "word"), [("true", "always true"), ("false", "never true"), ("1 < 2", "always true")]
)
def test_a_condition_that_reads_no_answer_is_constant_not_valid(variables, source, word):
    assert messages(source, variables) == [f"The condition is {word}: it reads no answer, so it decides nothing."]


def test_a_policy_rule_may_be_the_catch_all_true(default):
    assert engine.check_condition("true", ("policy", "otherwise", "condition"), {}, constant_allowed=True) == []


def test_the_default_content_still_validates(default):
    questionnaire, criteria_set = default
    assert engine.validate_questionnaire(questionnaire) == []
    assert engine.validate_criteria_set(questionnaire, criteria_set) == []


def test_a_visibility_condition_reading_a_later_question_says_it_comes_later(default):
    questionnaire, _ = default
    later = tuple(q.slug for q in questionnaire.questions[2:])
    [error] = engine.check_condition(
        "migration_owner == true", ("questions", "knowledge_change_rate", "visible_when"), {}, later
    )
    assert error.message.startswith("migration_owner is asked later in the questionnaire")
