"""Answer validation reports every problem at once, naming the slug and the bad value."""

import pytest

from assessments.engine import assess, validate_answers


def problems_for(default, answers):
    return validate_answers(default[0], answers).problems


def test_valid_answers_have_no_problems(default, ready_client):
    check = validate_answers(default[0], ready_client)
    assert check.problems == []
    assert check.answers == ready_client


def test_answers_that_are_not_an_object_are_refused(default):
    assert problems_for(default, ["goals"])[0].slug == ""


def test_an_unknown_slug_is_a_problem(default, ready_client):
    [problem] = problems_for(default, {**ready_client, "budget": "big"})
    assert (problem.slug, problem.value) == ("budget", "big")


@pytest.mark.parametrize(
    "slug,value",
    [
        ("examples_reviewed", "yes"),  # yes_no needs a bool
        ("examples_reviewed", 1),
        ("request_volume", True),  # bool is an int in Python, and no string
        ("request_volume", 3),
        ("goals", "style_voice"),  # multi_choice needs a list
        ("goals", [1]),
        ("use_case_summary", ["text"]),
    ],
)
def test_a_value_of_the_wrong_type_is_a_problem(default, ready_client, slug, value):
    [problem] = problems_for(default, {**ready_client, slug: value})
    assert problem.slug == slug and problem.value == value


def test_a_single_choice_value_outside_the_choices_is_named(default, ready_client):
    [problem] = problems_for(default, {**ready_client, "request_volume": "huge"})
    assert "'huge'" in problem.message


def test_a_multi_choice_value_outside_the_choices_is_named(default, ready_client):
    [problem] = problems_for(default, {**ready_client, "goals": ["style_voice", "telepathy"]})
    assert problem.slug == "goals" and "'telepathy'" in problem.message


def test_a_repeated_multi_choice_value_is_a_problem(default, ready_client):
    [problem] = problems_for(default, {**ready_client, "goals": ["style_voice", "style_voice"]})
    assert "more than once" in problem.message


def test_oversized_long_text_is_a_problem(default, ready_client):
    [problem] = problems_for(default, {**ready_client, "use_case_summary": "x" * 5001})
    assert problem.slug == "use_case_summary"


@pytest.mark.parametrize("blank", [None, "", []])
def test_a_required_visible_question_left_blank_is_a_problem(default, ready_client, blank):
    key = "goals" if blank == [] else "use_case_summary"
    [problem] = problems_for(default, {**ready_client, key: blank})
    assert problem.slug == key and "required" in problem.message


def test_a_missing_required_question_is_a_problem(default, ready_client):
    del ready_client["migration_owner"]
    assert [p.slug for p in problems_for(default, ready_client)] == ["migration_owner"]


def test_an_optional_question_may_stay_unanswered(default, ready_client):
    del ready_client["rag_tried"]
    assert problems_for(default, ready_client) == []


def test_a_required_question_that_is_hidden_need_not_be_answered(default, ready_client):
    ready_client["curated_examples"] = "none"
    del ready_client["examples_reviewed"], ready_client["training_data_rights"]
    assert problems_for(default, ready_client) == []


def test_answers_to_hidden_questions_are_ignored_even_when_invalid(default, ready_client):
    ready_client.update(prompting_tried="not_tried", prompting_outcome="nonsense")
    check = validate_answers(default[0], ready_client)
    assert check.problems == []
    assert check.ignored_hidden == ("prompting_outcome",)
    assert "prompting_outcome" not in check.answers


def test_every_problem_is_reported_at_once(default, ready_client):
    ready_client.update(budget=1, goals=["bad"], examples_reviewed="no")
    del ready_client["migration_owner"]
    slugs = sorted(p.slug for p in problems_for(default, ready_client))
    assert slugs == ["budget", "examples_reviewed", "goals", "migration_owner"]


def test_assess_never_gives_a_verdict_for_bad_input(default, ready_client):
    evaluation, problems = assess(*default, {**ready_client, "request_volume": "huge"})
    assert evaluation is None and problems


def test_a_problem_prints_as_one_line_naming_the_slug_and_the_bad_value(default, ready_client):
    [problem] = problems_for(default, {**ready_client, "request_volume": "huge"})
    assert str(problem).startswith("request_volume: 'huge' is not one of the choices")
    assert "\n" not in str(problem)
