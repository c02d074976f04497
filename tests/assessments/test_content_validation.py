"""Saving a condition validates it against the targeted questionnaire (model clean, via the engine)."""

import pytest
from django.core.exceptions import ValidationError

from assessments.models import Criterion, GoldenCase, PolicyRule, Question

pytestmark = pytest.mark.django_db


def field_errors(obj) -> dict:
    with pytest.raises(ValidationError) as refused:
        obj.full_clean()
    return refused.value.message_dict


def test_a_valid_criterion_passes(criteria_draft):
    criteria_draft.criteria.get(slug="fit_task_behaviour").full_clean()


def test_a_syntax_error_is_reported_with_its_position(criteria_draft):
    criterion = criteria_draft.criteria.get(slug="fit_style_voice")
    criterion.condition = '"style_voice" in goals &&'
    errors = field_errors(criterion)
    assert "line 1, column" in errors["condition"][0]


def test_an_unknown_question_slug_is_reported(criteria_draft):
    criterion = criteria_draft.criteria.get(slug="fit_style_voice")
    criterion.condition = '"style_voice" in goal'
    [error] = field_errors(criterion)["condition"]
    assert error.startswith("Unknown name 'goal' at line 1, column 18:")


def test_a_choice_value_the_question_does_not_have_is_reported(criteria_draft):
    criterion = criteria_draft.criteria.get(slug="weak_evaluation")
    criterion.condition = 'evaluation_method == "spot-checks"'
    message = field_errors(criterion)["condition"][0]
    assert "'spot-checks'" in message and "spot_checks" in message


def test_a_type_mismatch_is_reported(criteria_draft):
    criterion = criteria_draft.criteria.get(slug="no_baseline")
    criterion.condition = "baseline_measured > 2"
    assert "Type mismatch" in field_errors(criterion)["condition"][0]


def test_a_condition_that_is_not_true_or_false_is_reported(criteria_draft):
    criterion = criteria_draft.criteria.get(slug="no_baseline")
    criterion.condition = "request_volume"
    assert "true or false" in field_errors(criterion)["condition"][0]


def test_an_against_criterion_needs_an_alternative_and_others_must_not_have_one(criteria_draft):
    against = criteria_draft.criteria.get(slug="needs_new_knowledge")
    against.alternative = ""
    assert "alternative" in field_errors(against)
    fit = criteria_draft.criteria.get(slug="fit_style_voice")
    fit.alternative = "rag"
    assert "alternative" in field_errors(fit)


def test_a_new_criterion_is_checked_before_it_exists(criteria_draft):
    criterion = Criterion(
        criteria_set=criteria_draft,
        slug="likes_cats",
        kind="advisory",
        title="Cats",
        condition="cats == true",
        rationale="x",
    )
    [error] = field_errors(criterion)["condition"]
    assert error.startswith("Unknown name 'cats' at line 1, column 1:")


def test_a_policy_rule_may_only_name_criteria_of_its_set(criteria_draft):
    rule = criteria_draft.policy_rules.first()
    rule.condition = '"fit_style_vocie" in matched'
    assert "'fit_style_vocie'" in field_errors(rule)["condition"][0]
    rule.condition = '!("fitness" in matched_kinds)'
    assert "'fitness'" in field_errors(rule)["condition"][0]
    rule.condition = '"fit_style_voice" in matched'
    rule.full_clean()


def test_a_new_policy_rule_with_bad_syntax_is_refused(criteria_draft):
    rule = PolicyRule(criteria_set=criteria_draft, slug="extra", condition="matched ==", verdict="not_yet", order=9)
    assert "Syntax error" in field_errors(rule)["condition"][0]


def test_a_visibility_condition_may_only_read_earlier_questions(questionnaire_draft):
    question = questionnaire_draft.questions.get(slug="goals")
    question.visible_when = 'base_model_fit == "unknown"'
    assert field_errors(question)["visible_when"][0].startswith("base_model_fit is asked later in the questionnaire")
    question = questionnaire_draft.questions.get(slug="prompting_outcome")
    question.visible_when = 'prompting_tried != "never"'
    assert "'never'" in field_errors(question)["visible_when"][0]
    question.visible_when = 'prompting_tried != "not_tried"'
    question.full_clean()


def test_a_question_slug_must_work_as_a_condition_variable(questionnaire_draft):
    question = questionnaire_draft.questions.get(slug="rag_tried")
    question.slug = "rag-tried"
    assert "slug" in field_errors(question)


def test_a_new_question_is_checked_against_the_questions_before_it(questionnaire_draft):
    section = questionnaire_draft.sections.get(slug="operations")
    question = Question(
        questionnaire=questionnaire_draft,
        section=section,
        slug="budget_known",
        type="yes_no",
        prompt="Is there a budget?",
        visible_when='migration_owner == "yes"',
        order=99,
    )
    assert "visible_when" in field_errors(question)
    question.visible_when = "migration_owner == true"
    question.full_clean()


def test_a_golden_case_needs_valid_answers_and_known_criteria(criteria_draft):
    case = GoldenCase(
        criteria_set=criteria_draft,
        name="Broken",
        answers={"goals": "style_voice", "budget": 1},
        expected_verdict="fine_tune",
        must_match=["fit_style_vocie"],
    )
    errors = field_errors(case)
    assert any("goals" in m for m in errors["answers"]) and any("budget" in m for m in errors["answers"])
    assert errors["must_match"] == ["Not a criterion of this set: fit_style_vocie."]
