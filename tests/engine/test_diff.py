"""The diff between two content versions, field by field (pure: works on content dicts)."""

import copy

import pytest

from assessments.engine import content_diff, load_default


@pytest.fixture
def documents():
    questionnaire, criteria_set = load_default()
    return questionnaire.to_dict(), criteria_set.to_dict()


def test_identical_versions_have_no_differences(documents):
    _, criteria = documents
    assert content_diff(criteria, copy.deepcopy(criteria)).is_empty


def test_a_changed_condition_is_reported_field_by_field(documents):
    _, old = documents
    new = copy.deepcopy(old)
    new["version"] = old["version"] + 1
    new["criteria"][0]["condition"] = "false"
    diff = content_diff(old, new)
    (item,) = diff.items
    assert (item.part, item.key, item.change) == ("criterion", old["criteria"][0]["slug"], "changed")
    assert [(f.field, f.old, f.new) for f in item.fields] == [("condition", old["criteria"][0]["condition"], "false")]
    assert (diff.old_label, diff.new_label) == ("v1", "v2")


def test_added_and_removed_criteria_are_listed(documents):
    _, old = documents
    new = copy.deepcopy(old)
    removed = new["criteria"].pop(1)
    new["criteria"].append({**removed, "slug": "brand_new"})
    diff = content_diff(old, new)
    assert [(i.key, i.change) for i in diff.items] == [("brand_new", "added"), (removed["slug"], "removed")]


def test_reordered_policy_rules_are_reported_as_moved(documents):
    _, old = documents
    new = copy.deepcopy(old)
    new["policy"][0], new["policy"][1] = new["policy"][1], new["policy"][0]
    moved = content_diff(old, new).of("moved")
    assert {i.key for i in moved} == {old["policy"][0]["slug"], old["policy"][1]["slug"]}


def test_golden_case_expectations_are_compared_by_name(documents):
    _, old = documents
    new = copy.deepcopy(old)
    new["golden_cases"][0]["expected_verdict"] = "not_yet"
    new["golden_cases"][0]["note"] = "Stricter now"
    (item,) = content_diff(old, new).items
    assert item.part == "golden case"
    assert {f.field for f in item.fields} == {"expected_verdict", "note"}


def test_a_question_moved_to_another_section_shows_its_section_change(documents):
    old, _ = documents
    new = copy.deepcopy(old)
    question = new["sections"][0]["questions"].pop(0)
    new["sections"][1]["questions"].append(question)
    changed = content_diff(old, new).of("changed")
    assert [(i.key, i.fields[0].field) for i in changed] == [(question["slug"], "section")]


def test_a_changed_visibility_condition_is_reported(documents):
    old, _ = documents
    new = copy.deepcopy(old)
    new["sections"][0]["questions"][1]["visible_when"] = "true"
    (item,) = content_diff(old, new).items
    assert item.part == "question" and item.fields[0].field == "visible_when"


def test_different_kinds_of_content_cannot_be_compared(documents):
    questionnaire, criteria = documents
    with pytest.raises(ValueError, match="same kind of content"):
        content_diff(questionnaire, criteria)


def test_values_read_as_text_lists_joined_and_nothing_as_a_dash(documents):
    _, old = documents
    new = copy.deepcopy(old)
    case = new["golden_cases"][0]
    case["must_match"], case["must_not_match"] = ["fit_a", "fit_b"], []
    old["golden_cases"][0]["must_match"], old["golden_cases"][0]["must_not_match"] = [], ["fit_c"]
    (item,) = content_diff(old, new).items
    texts = {f.field: (f.old_text, f.new_text) for f in item.fields}
    assert texts == {"must_match": ("—", "fit_a, fit_b"), "must_not_match": ("fit_c", "—")}
