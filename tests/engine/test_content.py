"""The shipped content: format round trip, golden cases, definition invariants."""

import json

import pytest

from assessments.engine import (
    CriteriaSet,
    Criterion,
    DefinitionError,
    PolicyRule,
    Question,
    Questionnaire,
    run_golden_cases,
)
from assessments.engine.content import DEFAULT_CRITERIA_SET, DEFAULT_QUESTIONNAIRE


def test_default_content_round_trips_through_the_json_format(default):
    questionnaire, criteria_set = default
    assert questionnaire.to_dict() == json.loads(DEFAULT_QUESTIONNAIRE.read_text())
    assert criteria_set.to_dict() == json.loads(DEFAULT_CRITERIA_SET.read_text())
    assert Questionnaire.from_dict(questionnaire.to_dict()) == questionnaire
    assert CriteriaSet.from_dict(criteria_set.to_dict()) == criteria_set


def test_default_questionnaire_keeps_the_contract_slugs_in_order(default):
    assert [q.slug for q in default[0].questions] == [
        "use_case_summary",
        "goals",
        "knowledge_change_rate",
        "request_volume",
        "consistency_need",
        "prompting_tried",
        "prompting_outcome",
        "rag_tried",
        "base_model_fit",
        "curated_examples",
        "examples_reviewed",
        "training_data_rights",
        "evaluation_method",
        "baseline_measured",
        "migration_owner",
        "target_timeline",
    ]
    assert [s.slug for s in default[0].sections] == ["use_case", "current_approach", "data", "evaluation", "operations"]


def test_every_golden_case_passes(default):
    failures = [(r.case.name, r.failures) for r in run_golden_cases(*default) if not r.passed]
    assert failures == []


def test_golden_cases_cover_every_policy_rule(default):
    from assessments.engine import assess

    rules = {assess(*default, g.answers)[0].decided_by[0] for g in default[1].golden_cases}
    assert rules == {r.slug for r in default[1].policy}


def test_a_failing_golden_case_says_what_differed(default):
    import dataclasses

    questionnaire, criteria_set = default
    case = dataclasses.replace(criteria_set.golden_cases[0], expected_verdict="not_yet")
    [result] = run_golden_cases(questionnaire, dataclasses.replace(criteria_set, golden_cases=(case,)))
    assert result.failures == ("verdict is fine_tune, expected not_yet",)


def test_an_against_criterion_must_name_an_alternative():
    with pytest.raises(DefinitionError):
        Criterion("x", "against", "X", "true")
    with pytest.raises(DefinitionError):
        Criterion("x", "against", "X", "true", alternative="magic")


def test_only_against_criteria_name_an_alternative():
    with pytest.raises(DefinitionError):
        Criterion("x", "fit", "X", "true", alternative="rag")


def test_unknown_kinds_types_and_verdicts_are_refused():
    with pytest.raises(DefinitionError):
        Criterion("x", "maybe", "X", "true")
    with pytest.raises(DefinitionError):
        Question("x", "s", "number", "X?")
    with pytest.raises(DefinitionError):
        PolicyRule("x", "true", "perhaps")


def test_a_document_of_another_format_is_refused(default):
    data = default[0].to_dict() | {"format": "other/2"}
    with pytest.raises(DefinitionError):
        Questionnaire.from_dict(data)
