"""Measured facts beside the answers, and criteria v2, which prefers them over the stated
answers and, given answers alone, decides exactly as v1."""

import pytest
from hypothesis import given, settings

from assessments import engine
from assessments.engine.content import MEASURED_CRITERIA_SET
from assessments.engine.logic_check import _answer_sets
from tests.answers import READY_CLIENT
from tests.engine.answer_strategies import valid_answers


@pytest.fixture(scope="module")
def v2():
    questionnaire, _ = engine.load_default()
    return questionnaire, engine.load_criteria_set(MEASURED_CRITERIA_SET)


def outcome(evaluation):
    return evaluation.verdict, evaluation.approaches, {c.slug: c.matched for c in evaluation.criteria}


def same_as_v1(questionnaire, v1, v2, answers):
    old, new = engine.evaluate(questionnaire, v1, answers), engine.evaluate(questionnaire, v2, answers)
    v1_slugs = {c.slug for c in v1.criteria}
    new_v1_part = {s: m for s, m in outcome(new)[2].items() if s in v1_slugs}
    return outcome(old)[:2] == outcome(new)[:2] and outcome(old)[2] == new_v1_part


def test_v2_is_valid_and_all_its_golden_cases_pass(v2):
    assert engine.validate_criteria_set(*v2) == []
    assert all(result.passed for result in engine.run_golden_cases(*v2))


def test_v2_keeps_every_v1_golden_case_and_adds_measured_ones(v2):
    _, v1 = engine.load_default()
    names = [case.name for case in v2[1].golden_cases]
    assert names[: len(v1.golden_cases)] == [case.name for case in v1.golden_cases]
    assert sum(bool(case.facts) for case in v2[1].golden_cases) >= 6


def test_with_answers_alone_v2_decides_as_v1_over_the_sampled_answer_space(v2):
    questionnaire, v1 = engine.load_default()
    answer_sets, _ = _answer_sets(questionnaire)
    assert all(
        same_as_v1(questionnaire, v1, v2[1], engine.validate_answers(questionnaire, a).answers) for a in answer_sets
    )


@settings(max_examples=200, deadline=None)
@given(valid_answers())
def test_with_answers_alone_v2_decides_as_v1_for_any_valid_answers(answers):
    questionnaire, v1 = engine.load_default()
    v2 = engine.load_criteria_set(MEASURED_CRITERIA_SET)
    assert same_as_v1(questionnaire, v1, v2, engine.validate_answers(questionnaire, answers).answers)


def test_a_measured_count_beats_the_stated_one(v2):
    answers = {**READY_CLIENT, "curated_examples": "over_1000"}
    evaluation = engine.evaluate(*v2, answers, {"sample.unique_examples": 60})
    assert evaluation.verdict == "not_yet"
    assert {"insufficient_curated_data", "fewer_examples_than_stated"} <= set(evaluation.matched)
    evidence = next(c.evidence for c in evaluation.criteria if c.slug == "insufficient_curated_data")
    assert evidence == {"curated_examples": "over_1000", "sample": {"unique_examples": 60}}


def test_the_evaluation_records_the_facts_it_used(v2):
    evaluation = engine.evaluate(*v2, READY_CLIENT, {"evals.contaminated": 2})
    assert evaluation.to_dict()["facts"] == {"evals.contaminated": 2}
    assert "facts" not in engine.evaluate(*v2, READY_CLIENT).to_dict()


def test_facts_change_nothing_for_v1():
    questionnaire, v1 = engine.load_default()
    facts = {"sample.unique_examples": 3, "evals.cases_with_expected": 0, "evals.contaminated": 9}
    assert outcome(engine.evaluate(questionnaire, v1, READY_CLIENT, facts)) == outcome(
        engine.evaluate(questionnaire, v1, READY_CLIENT)
    )


@pytest.mark.parametrize(
    ("facts", "problem"),
    [
        ({"sample.rows": 3}, "sample.rows: unknown fact"),
        ({"sample.unique_examples": "many"}, "is not a whole number"),
        ({"sample.unique_examples": 2.5}, "is not a whole number"),
        ({"sample.over_limit_share": 1.5}, "out of range"),
        ({"evals.contaminated": True}, "is not a whole number"),
        ([1], "expected a JSON object"),
    ],
)
def test_bad_facts_never_give_a_verdict(v2, facts, problem):
    evaluation, problems = engine.assess(*v2, READY_CLIENT, facts)
    assert evaluation is None and problem in str(problems[0])


def test_a_condition_reading_an_unknown_fact_is_refused(v2):
    questionnaire, criteria_set = v2
    data = criteria_set.to_dict()
    data["criteria"][0]["condition"] = "has(sample.rows) && sample.rows > 3"
    errors = engine.validate_criteria_set(questionnaire, engine.CriteriaSet.from_dict(data))
    [error] = errors
    assert error.message.startswith("Unknown fact 'sample.rows' at line 1, column 5: the measured facts are")


def test_the_logic_check_tries_facts_for_criteria_that_read_them(v2):
    findings, _ = engine.logic_check(*v2)
    assert [f.subject for f in findings if f.kind == "never_matches"] == []
