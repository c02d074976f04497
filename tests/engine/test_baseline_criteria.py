"""Criteria v3 reads a measured baseline and targets questionnaire v2: golden cases for both
measured outcomes, and given answers alone it decides exactly as v1 (on questionnaire v1)."""

import pytest
from hypothesis import given, settings

from assessments import engine
from assessments.engine.content import BASELINE_CRITERIA_SET, BASELINE_QUESTIONNAIRE, MEASURED_CRITERIA_SET
from assessments.engine.logic_check import _answer_sets
from tests.engine.answer_strategies import valid_answers
from tests.engine.test_facts import outcome

QUESTIONNAIRE_V2 = engine.load_questionnaire(BASELINE_QUESTIONNAIRE)


@pytest.fixture(scope="module")
def v3():
    return QUESTIONNAIRE_V2, engine.load_criteria_set(BASELINE_CRITERIA_SET)


def same_as_v1(raw_answers: dict, v3_criteria) -> bool:
    """v1 on questionnaire v1 and v3 on questionnaire v2, given the same raw answers (which may
    answer v2's new questions too), agree on the verdict, the approaches and every v1 criterion."""
    questionnaire_v1, v1 = engine.load_default()
    old = engine.evaluate(questionnaire_v1, v1, engine.validate_answers(questionnaire_v1, raw_answers).answers)
    new = engine.evaluate(QUESTIONNAIRE_V2, v3_criteria, engine.validate_answers(QUESTIONNAIRE_V2, raw_answers).answers)
    v1_slugs = {c.slug for c in v1.criteria}
    new_v1_part = {s: m for s, m in outcome(new)[2].items() if s in v1_slugs}
    return outcome(old)[:2] == outcome(new)[:2] and outcome(old)[2] == new_v1_part


def test_v3_is_valid_and_all_its_golden_cases_pass(v3):
    assert engine.validate_criteria_set(*v3) == []
    results = engine.run_golden_cases(*v3)
    assert results and all(result.passed for result in results)


def test_questionnaire_v2_keeps_every_v1_question_unchanged_and_adds_two_optional_ones():
    questionnaire_v1, _ = engine.load_default()
    old = {q.slug: q for q in questionnaire_v1.questions}
    new = {q.slug: q for q in QUESTIONNAIRE_V2.questions}
    assert all(new[slug] == question for slug, question in old.items())
    added = {slug: new[slug] for slug in new.keys() - old.keys()}
    assert sorted(added) == ["current_system_prompt", "quality_target"]
    assert not any(q.required for q in added.values())
    assert added["current_system_prompt"].type == "long_text" and added["quality_target"].type == "single_choice"
    assert engine.validate_questionnaire(QUESTIONNAIRE_V2) == []


def test_no_v3_condition_reads_the_questions_v2_added(v3):
    conditions = [c.condition for c in v3[1].criteria]
    assert not any("current_system_prompt" in c or "quality_target" in c for c in conditions)


def test_v3_keeps_every_v2_golden_case_and_adds_baseline_ones(v3):
    v2 = engine.load_criteria_set(MEASURED_CRITERIA_SET)
    names = [case.name for case in v3[1].golden_cases]
    assert names[: len(v2.golden_cases)] == [case.name for case in v2.golden_cases]
    baseline_cases = [c for c in v3[1].golden_cases if any(k.startswith("baseline.") for k in c.facts)]
    assert {c.expected_verdict for c in baseline_cases} == {"do_not_fine_tune", "fine_tune"}


def test_with_answers_alone_v3_decides_as_v1_over_the_sampled_answer_space(v3):
    answer_sets, _ = _answer_sets(QUESTIONNAIRE_V2)
    assert answer_sets and all(same_as_v1(a, v3[1]) for a in answer_sets)


@settings(max_examples=200, deadline=None)
@given(valid_answers(QUESTIONNAIRE_V2))
def test_with_answers_alone_v3_decides_as_v1_for_any_valid_answers(answers):
    assert same_as_v1(answers, engine.load_criteria_set(BASELINE_CRITERIA_SET))


def evaluate(v3, answers, facts):
    questionnaire, criteria = v3
    result = engine.evaluate(questionnaire, criteria, engine.validate_answers(questionnaire, answers).answers, facts)
    return result.verdict, {c.slug for c in result.criteria if c.matched}


ANSWERS = {
    "use_case_summary": "Extract invoice fields as JSON.",
    "goals": ["structured_output"],
    "request_volume": "medium",
    "consistency_need": "strict",
    "prompting_tried": "not_tried",
    "base_model_fit": "poorly",
    "curated_examples": "over_1000",
    "examples_reviewed": True,
    "training_data_rights": True,
    "evaluation_method": "automated_suite",
    "baseline_measured": True,
    "migration_owner": True,
}


def facts(best_low, best_rate, target=0.9, client_rate=0.5):
    return {
        "baseline.target": target,
        "baseline.cases": 100,
        "baseline.pass_rate": client_rate,
        "baseline.ci_low": client_rate - 0.1,
        "baseline.ci_high": client_rate + 0.1,
        "baseline.best_variant_pass_rate": best_rate,
        "baseline.best_variant_ci_low": best_low,
        "baseline.prompt_lift": round(best_rate - client_rate, 4),
    }


def test_the_best_variants_lower_bound_at_the_target_makes_the_base_model_sufficient(v3):
    verdict, matched = evaluate(v3, ANSWERS, facts(best_low=0.9, best_rate=0.95))
    assert verdict == "do_not_fine_tune" and "base_model_sufficient" in matched
    # Just below the target at the lower bound: not shown to be sufficient.
    _, matched = evaluate(v3, ANSWERS, facts(best_low=0.89, best_rate=0.95))
    assert "base_model_sufficient" not in matched


def test_improved_prompts_that_still_miss_the_target_mean_prompting_was_tried(v3):
    assert "prompting_not_tried" in evaluate(v3, ANSWERS, {})[1]
    verdict, matched = evaluate(v3, ANSWERS, facts(best_low=0.6, best_rate=0.7))
    assert "prompting_not_tried" not in matched and verdict == "fine_tune"


def test_a_large_prompt_lift_is_an_advisory_that_leaves_the_verdict_alone(v3):
    small = evaluate(v3, ANSWERS, facts(best_low=0.6, best_rate=0.64, client_rate=0.5))
    large = evaluate(v3, ANSWERS, facts(best_low=0.6, best_rate=0.7, client_rate=0.5))
    assert "prompt_left_on_table" not in small[1] and "prompt_left_on_table" in large[1]
    assert small[0] == large[0]


def test_baseline_facts_are_checked_like_the_sample_ones():
    assert engine.fact_problems({"baseline.prompt_lift": -0.2}) == []
    assert engine.fact_problems({"baseline.pass_rate": 1.2}) != []
    assert engine.fact_problems({"baseline.cases": 2.5}) != []
