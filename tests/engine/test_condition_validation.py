"""Admin-written conditions are checked before they can be published."""

import dataclasses

import pytest

from assessments.engine import Criterion, PolicyRule, validate_criteria_set, validate_questionnaire


def with_condition(default, condition):
    questionnaire, criteria_set = default
    criterion = Criterion("custom", "advisory", "Custom", condition)
    return validate_criteria_set(
        questionnaire, dataclasses.replace(criteria_set, criteria=criteria_set.criteria + (criterion,))
    )


def test_the_default_content_is_valid(default):
    assert validate_questionnaire(default[0]) == []
    assert validate_criteria_set(*default) == []


def test_a_syntax_error_gives_its_line_and_column(default):
    [error] = with_condition(default, "goals ==\n  ")
    assert error.field == ("criteria", "custom", "condition")
    assert "line 2, column 3" in error.message


def test_an_unknown_question_slug_is_an_error(default):
    [error] = with_condition(default, 'budget == "big"')
    assert "'budget'" in error.message


@pytest.mark.parametrize(
    "condition",
    [
        'request_volume == "huge"',
        '"huge" == request_volume',
        '"telepathy" in goals',
        'request_volume in ["low", "huge"]',
        "request_volume != 'huge'",
    ],
)
def test_a_choice_value_the_question_does_not_have_is_an_error(default, condition):
    [error] = with_condition(default, condition)
    assert "huge" in error.message or "telepathy" in error.message


def test_a_type_mismatch_is_an_error(default):
    [error] = with_condition(default, "request_volume > 3")
    assert "Type mismatch" in error.message


def test_a_condition_that_is_not_true_or_false_is_an_error(default):
    [error] = with_condition(default, "goals")
    assert "true or false" in error.message


def test_a_yes_no_question_compared_with_a_string_is_an_error(default):
    assert with_condition(default, 'baseline_measured == "yes"')


def test_policy_conditions_may_only_name_existing_criteria_and_kinds(default):
    questionnaire, criteria_set = default
    rules = (PolicyRule("odd", '"no_such_criterion" in matched || "bogus" in matched_kinds', "not_yet"),)
    errors = validate_criteria_set(questionnaire, dataclasses.replace(criteria_set, policy=rules + criteria_set.policy))
    assert len(errors) == 2 and all(e.field == ("policy", "odd", "condition") for e in errors)


def test_policy_conditions_may_not_read_answers(default):
    questionnaire, criteria_set = default
    rules = (PolicyRule("odd", 'goals == "x"', "not_yet"),)
    errors = validate_criteria_set(questionnaire, dataclasses.replace(criteria_set, policy=rules + criteria_set.policy))
    assert errors and "'goals'" in errors[0].message


def test_a_policy_that_leaves_some_answers_undecided_is_an_error(default):
    questionnaire, criteria_set = default
    errors = validate_criteria_set(questionnaire, dataclasses.replace(criteria_set, policy=criteria_set.policy[:-1]))
    assert [e.field for e in errors] == [("policy", "prerequisite_missing", "condition")]


def test_duplicate_criterion_slugs_are_an_error(default):
    questionnaire, criteria_set = default
    errors = validate_criteria_set(
        questionnaire, dataclasses.replace(criteria_set, criteria=criteria_set.criteria + criteria_set.criteria[:1])
    )
    assert [e.field for e in errors] == [("criteria", "fit_style_voice", "slug")]


def test_a_visibility_condition_may_only_read_earlier_questions(default):
    questionnaire, _ = default
    section = questionnaire.sections[0]
    first = dataclasses.replace(section.questions[0], visible_when='request_volume == "high"')
    changed = dataclasses.replace(
        questionnaire,
        sections=(dataclasses.replace(section, questions=(first,) + section.questions[1:]),)
        + questionnaire.sections[1:],
    )
    [error] = validate_questionnaire(changed)
    assert error.field == ("questions", "use_case_summary", "visible_when")


def test_a_macro_over_a_multi_choice_answer_is_valid(default):
    assert with_condition(default, 'goals.exists(g, g == "style_voice")') == []
