"""The questionnaire logic check: never-shown questions, bad references, unused choices,
criteria that never match."""

import copy
import re
import sys

import pytest

from assessments import engine
from assessments.engine import logic_check

# The package exports the function under the module's name, so the module is looked up here.
logic_check_module = sys.modules["assessments.engine.logic_check"]


@pytest.fixture
def documents():
    questionnaire, criteria_set = engine.load_default()
    return questionnaire.to_dict(), criteria_set.to_dict()


def _questions(document):
    return [q for s in document["sections"] for q in s["questions"]]


def _check(questionnaire_doc, criteria_doc=None):
    questionnaire = engine.Questionnaire.from_dict(questionnaire_doc)
    criteria = engine.CriteriaSet.from_dict(criteria_doc) if criteria_doc else None
    findings, _ = logic_check(questionnaire, criteria)
    return {(f.kind, f.subject) for f in findings}


def test_the_shipped_content_has_no_hidden_questions_or_dead_criteria(documents):
    kinds = {kind for kind, _ in _check(*documents)}
    assert not kinds & {"never_shown", "reads_later", "reads_missing", "never_matches"}


def test_a_question_whose_condition_is_always_false_is_never_shown(documents):
    questionnaire, _ = documents
    _questions(questionnaire)[2]["visible_when"] = "false"
    assert ("never_shown", _questions(questionnaire)[2]["slug"]) in _check(questionnaire)


def test_conditions_reading_later_or_missing_questions_are_reported(documents):
    questionnaire, _ = documents
    questions = _questions(questionnaire)
    questions[0]["visible_when"] = f"{questions[-1]['slug']} == true"
    questions[1]["visible_when"] = "nowhere == true"
    found = _check(questionnaire)
    assert ("reads_later", questions[0]["slug"]) in found
    assert ("reads_missing", questions[1]["slug"]) in found


def test_a_criterion_that_can_never_match_is_reported(documents):
    questionnaire, criteria = documents
    criteria = copy.deepcopy(criteria)
    criteria["criteria"][0]["condition"] = '"style_voice" in goals && !("style_voice" in goals)'
    assert ("never_matches", criteria["criteria"][0]["slug"]) in _check(questionnaire, criteria)


def test_choices_no_criterion_names_are_listed_once_per_question(documents):
    questionnaire, criteria = documents
    findings, _ = logic_check(engine.Questionnaire.from_dict(questionnaire), engine.CriteriaSet.from_dict(criteria))
    unused = {f.subject: f.message for f in findings if f.kind == "unused_choice"}
    assert unused["goals"] == "No criterion condition names goals = general_quality."
    assert unused["request_volume"] == "No criterion condition names request_volume = low, medium."
    assert "curated_examples" in unused and "none" not in unused["curated_examples"]
    assert "use_case_summary" not in unused  # free text has no choices


def test_real_problems_are_listed_before_unused_choices(documents):
    questionnaire, criteria = documents
    criteria = copy.deepcopy(criteria)
    criteria["criteria"][-1]["condition"] = "false"
    findings, _ = logic_check(engine.Questionnaire.from_dict(questionnaire), engine.CriteriaSet.from_dict(criteria))
    assert findings[0].kind == "never_matches" and findings[0].label == "never matches"
    assert findings[-1].kind == "unused_choice"


def test_a_sampled_finding_reads_as_english(documents):
    questionnaire, criteria = copy.deepcopy(documents)
    _questions(questionnaire)[2]["visible_when"] = "false"
    criteria["criteria"][0]["condition"] = '"style_voice" in goals && !("style_voice" in goals)'
    findings, exhaustive = logic_check(
        engine.Questionnaire.from_dict(questionnaire), engine.CriteriaSet.from_dict(criteria)
    )
    assert not exhaustive
    messages = {(f.kind, f.subject): f.message for f in findings}
    hidden, criterion = _questions(questionnaire)[2]["slug"], criteria["criteria"][0]["slug"]
    assert re.fullmatch(
        rf"{hidden} is shown in none of the [\d,]+ sampled answer sets: check its visibility condition\.",
        messages["never_shown", hidden],
    )
    assert re.fullmatch(
        rf"{criterion} matches in none of the [\d,]+ sampled answer sets\.", messages["never_matches", criterion]
    )


def test_the_check_runs_once_per_revision_of_the_content(documents, monkeypatch):
    questionnaire, criteria = (engine.Questionnaire.from_dict(documents[0]), engine.CriteriaSet.from_dict(documents[1]))
    first = logic_check(questionnaire, criteria)
    runs = []
    real = logic_check_module._logic_check
    monkeypatch.setattr(logic_check_module, "_logic_check", lambda *args: runs.append(args) or real(*args))
    same = (engine.Questionnaire.from_dict(documents[0]), engine.CriteriaSet.from_dict(documents[1]))
    assert logic_check(*same) == first and runs == []  # an equal revision, read again: kept
    changed = copy.deepcopy(documents[1])
    changed["criteria"][0]["condition"] = '"task_behaviour" in goals'
    logic_check(questionnaire, engine.CriteriaSet.from_dict(changed))
    assert len(runs) == 1  # an edit is a new revision


def test_a_condition_with_a_macro_or_a_function_reads_only_its_questions(documents):
    # Read from the parse tree: `exists`, `g` (bound by the macro), `startsWith` and the words in
    # the string are no questions.
    questionnaire, _ = documents
    questions = _questions(questionnaire)
    questions[2]["visible_when"] = 'goals.exists(g, g == "style_voice") || "in exists g".startsWith("in")'
    found = _check(questionnaire)
    assert not {kind for kind, _ in found} & {"reads_missing", "reads_later"}


def test_past_its_time_limit_the_check_stops_and_says_how_many_answer_sets_it_tried(documents, monkeypatch):
    # Slow conditions over thousands of answer sets must not hold a request (or the publish gate).
    monkeypatch.setattr(logic_check_module, "TIME_LIMIT", 0.0)
    monkeypatch.setattr(logic_check_module, "_results", {})
    questionnaire, criteria = copy.deepcopy(documents)
    criteria["criteria"][0]["condition"] = '"style_voice" in goals && !("style_voice" in goals)'
    findings, exhaustive = logic_check(
        engine.Questionnaire.from_dict(questionnaire), engine.CriteriaSet.from_dict(criteria)
    )
    assert not exhaustive
    [never] = [f for f in findings if f.kind == "never_matches" and f.subject == criteria["criteria"][0]["slug"]]
    assert never.message.endswith("matches in none of the 64 sampled answer sets.")
