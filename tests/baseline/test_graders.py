"""Each grader, on answers that must pass and answers that must fail."""

import pytest

from assessments.baseline import grade
from assessments.baseline.cases import CasesError, case_from_record, read_cases


def case(**record):
    return case_from_record({"input": "q", **record}, 1)


@pytest.mark.parametrize(
    ("record", "answer", "passed"),
    [
        ({"expected": "Paris"}, "  paris. ", True),
        ({"expected": "Paris"}, "Lyon", False),
        ({"ideal": ["Paris", "Paris, France"]}, "paris, france", True),
        ({"assert": [{"type": "contains", "value": "refund"}]}, "We will REFUND you", True),
        ({"assert": [{"type": "contains", "value": "refund"}]}, "No money back", False),
        ({"assert": [{"type": "regex", "value": r"^INV-\d{4}$"}]}, "INV-2031", True),
        ({"assert": [{"type": "regex", "value": r"^INV-\d{4}$"}]}, "INV-20", False),
        ({"assert": [{"type": "regex", "value": "("}]}, "anything", False),
        ({"assert": [{"type": "is-json"}]}, '```json\n{"a": 1}\n```', True),
        ({"assert": [{"type": "is_json"}]}, "{a: 1}", False),
        ({"metadata": {"grader": "numeric", "tolerance": 0.5}, "expected": "42"}, "About 42.4 units", True),
        ({"metadata": {"grader": "numeric", "tolerance": 0.5}, "expected": "42"}, "43", False),
        ({"metadata": {"grader": "numeric"}, "expected": "1,200"}, "1200", True),
        ({"metadata": {"grader": "numeric"}, "expected": "12"}, "no number here", False),
        ({"choices": ["billing", "technical", "other"], "expected": "billing"}, "Billing.", True),
        ({"choices": ["billing", "technical", "other"], "expected": "billing"}, "technical", False),
        ({"choices": ["billing", "technical"], "expected": "billing"}, "billing or technical", False),
    ],
)
def test_each_deterministic_grader_passes_and_fails_as_it_should(record, answer, passed):
    assert grade(case(**record), answer).passed is passed


SCHEMA = {"type": "object", "required": ["total"], "properties": {"total": {"type": "number"}}}


def test_json_schema_grader_uses_jsonschema_and_names_where_the_answer_breaks_it():
    checked = case(**{"assert": [{"type": "json_schema", "schema": SCHEMA}]})
    assert grade(checked, '{"total": 12.5}').passed
    failed = grade(checked, '{"total": "twelve"}')
    assert not failed.passed and "total" in failed.reason
    assert not grade(checked, "not json").passed
    # promptfoo's is-json with a schema value is the same check.
    assert not grade(case(**{"assert": [{"type": "is-json", "value": SCHEMA}]}), "{}").passed


def test_every_check_of_a_case_must_pass():
    both = case(**{"assert": [{"type": "is_json"}, {"type": "contains", "value": "ok"}]})
    assert grade(both, '{"status": "ok"}').passed
    assert not grade(both, '{"status": "bad"}').passed


def test_rubric_grader_asks_the_judge_and_is_marked_model_graded():
    rubric = case(**{"assert": [{"type": "llm-rubric", "value": "is polite"}]})
    seen = []

    def judge(text, prompt, answer):
        seen.append((text, answer))
        return answer.startswith("Dear"), "judged"

    result = grade(rubric, "Dear customer", judge=judge)
    assert result.passed and result.model_graded and seen == [("is polite", "Dear customer")]
    without_judge = grade(rubric, "Dear customer")
    assert not without_judge.passed and without_judge.model_graded


def test_an_unknown_grader_fails_the_case_with_a_message_naming_it():
    result = grade(case(**{"assert": [{"type": "vibes"}]}), "x")
    assert not result.passed and "vibes" in result.reason


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([b"not json"], "line 1: not JSON"),
        ([b'{"expected": "x"}'], "'input'"),
        ([b'{"input": "q"}'], "no expected value"),
        ([b"\xff\xfe"], "not UTF-8"),
        ([b"", b"  "], "no cases"),
    ],
)
def test_an_unreadable_eval_set_says_why_in_one_line(lines, message):
    with pytest.raises(CasesError, match=message):
        read_cases(lines)
