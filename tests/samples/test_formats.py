"""Every format a client holds is recognised, and every schema error is counted by kind with
its first line numbers."""

import json

import pytest

from assessments.samples import ERROR_KINDS, analyse
from tests.samples.files import bedrock_chat, openai_chat, vertex_chat, write_jsonl

EXTRA_MESSAGE_KEY = {"messages": [{"role": "user", "content": "a", "mood": "x"}, {"role": "assistant", "content": "b"}]}


def analysed(tmp_path, records, name="sample.jsonl", **options):
    return analyse(write_jsonl(tmp_path / name, records), **options)


@pytest.mark.parametrize(
    ("record", "fmt"),
    [
        (openai_chat("Where is my parcel?", "It left our depot today."), "openai_chat"),
        (bedrock_chat("Where is my parcel?", "It left our depot today."), "bedrock_claude"),
        (vertex_chat("Where is my parcel?", "It left our depot today."), "vertex_gemini"),
        ({"prompt": "Where is my parcel?", "completion": "It left our depot today."}, "prompt_completion"),
    ],
)
def test_each_training_format_is_detected_and_its_examples_are_valid(tmp_path, record, fmt):
    result = analysed(tmp_path, [record])
    assert (result.format, result.valid_examples, result.errors) == (fmt, 1, {})


def test_openai_content_parts_and_tool_calls_are_accepted(tmp_path):
    record = {
        "messages": [
            {"role": "user", "content": [{"type": "text", "text": "Weather in Paris?"}]},
            {"role": "assistant", "content": None, "tool_calls": [{"id": "1", "type": "function"}]},
            {"role": "tool", "tool_call_id": "1", "content": "18C"},
            {"role": "assistant", "content": "It is 18C in Paris."},
        ]
    }
    assert analysed(tmp_path, [record]).valid_examples == 1


def test_vertex_system_instruction_is_accepted(tmp_path):
    record = {**vertex_chat("Hi", "Hello"), "systemInstruction": {"parts": [{"text": "Be brief."}]}}
    assert analysed(tmp_path, [record]).errors == {}


@pytest.mark.parametrize(
    ("record", "kind"),
    [
        ({"messages": []}, "missing_messages"),
        ({"messages": "hello"}, "bad_type"),
        ({"messages": [{"role": "robot", "content": "x"}, {"role": "assistant", "content": "y"}]}, "unknown_role"),
        ({"messages": [{"role": "user", "content": " "}, {"role": "assistant", "content": "y"}]}, "empty_content"),
        ({"messages": [{"role": "user", "content": "Only a question"}]}, "no_assistant_turn"),
        ({**openai_chat("a", "b"), "label": "x"}, "extra_keys"),
        (EXTRA_MESSAGE_KEY, "extra_keys"),
        ([1, 2], "json_array"),
    ],
)
def test_openai_schema_errors_are_counted_by_kind(tmp_path, record, kind):
    result = analysed(tmp_path, [openai_chat("Good question", "Good answer"), record])
    assert result.valid_examples == 1
    assert result.errors[kind].to_dict() == {"count": 1, "lines": [2]}


@pytest.mark.parametrize(
    ("turns", "kind"),
    [
        (("Hi", "Hello", "And?"), "non_alternating"),  # ends with the user
        (("Hi",), "no_assistant_turn"),
        (("Hi", ""), "empty_content"),
    ],
)
def test_bedrock_turns_must_alternate_from_user_to_assistant(tmp_path, turns, kind):
    result = analysed(tmp_path, [bedrock_chat("Hi", "Hello"), bedrock_chat(*turns)])
    assert result.format == "bedrock_claude"
    assert kind in result.errors and result.errors[kind].lines == [2]


def test_bedrock_refuses_an_assistant_first_or_repeated_role(tmp_path):
    repeated = {"system": "", "messages": [{"role": "user", "content": "a"}, {"role": "user", "content": "b"}]}
    first = {"system": "", "messages": [{"role": "assistant", "content": "a"}, {"role": "user", "content": "b"}]}
    result = analysed(tmp_path, [bedrock_chat("Hi", "Hello"), repeated, first])
    assert result.errors["non_alternating"].lines == [2, 3]


def test_bedrock_refuses_a_system_role_inside_messages(tmp_path):
    record = bedrock_chat("Hi", "Hello")
    record["messages"].insert(0, {"role": "system", "content": "x"})
    assert "unknown_role" in analysed(tmp_path, [bedrock_chat("a", "b"), record]).errors


def test_vertex_roles_are_user_and_model(tmp_path):
    wrong = {"contents": [{"role": "user", "parts": [{"text": "Hi"}]}, {"role": "assistant", "parts": [{"text": "x"}]}]}
    result = analysed(tmp_path, [vertex_chat("Hi", "Hello"), wrong])
    assert {"unknown_role", "no_assistant_turn"} <= set(result.errors)


@pytest.mark.parametrize(
    ("record", "kind"),
    [
        ({"prompt": "Hi"}, "missing_field"),
        ({"prompt": "Hi", "completion": 3}, "bad_type"),
        ({"prompt": "Hi", "completion": ""}, "empty_content"),
        ({"prompt": "Hi", "completion": "Hello", "score": 1}, "extra_keys"),
    ],
)
def test_prompt_completion_errors(tmp_path, record, kind):
    result = analysed(tmp_path, [{"prompt": "a", "completion": "b"}, record])
    assert result.errors[kind].lines == [2]


def test_broken_lines_are_parse_errors_and_blank_lines_are_counted_as_warnings(tmp_path):
    result = analysed(tmp_path, [openai_chat("a", "b"), "{not json", "", openai_chat("c", "d")])
    assert (result.lines, result.valid_examples) == (4, 2)
    assert result.errors["parse_error"].to_dict() == {"count": 1, "lines": [2]}
    assert result.warnings["blank_line"].to_dict() == {"count": 1, "lines": [3]}
    assert result.unusable_lines.count == 1  # a blank line is skipped, not a line to fix


def test_an_empty_assistant_answer_without_a_tool_call_is_not_a_valid_example(tmp_path):
    empty = {"messages": [{"role": "user", "content": "Where is it?"}, {"role": "assistant", "content": ""}]}
    tool = {
        "messages": [
            {"role": "user", "content": "Where is it?"},
            {"role": "assistant", "content": "", "tool_calls": [{"id": "1", "type": "function"}]},
        ]
    }
    result = analysed(tmp_path, [openai_chat("a", "b"), empty, tool, empty])
    assert result.valid_examples == 2
    assert result.errors["empty_answer"].to_dict() == {"count": 2, "lines": [2, 4]}


def test_a_chat_example_with_no_user_turn_is_valid_with_a_warning(tmp_path):
    no_user = {"messages": [{"role": "system", "content": "Be brief."}, {"role": "assistant", "content": "Hello"}]}
    result = analysed(tmp_path, [openai_chat("a", "b"), no_user])
    assert result.valid_examples == 2
    assert result.warnings["no_user_turn"].to_dict() == {"count": 1, "lines": [2]}
    assert "no_user_turn" not in result.errors


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(tmp_path, constant):
    line = json.dumps(openai_chat("a", "b"))[:-1] + f', "x": {constant}}}'
    result = analysed(tmp_path, [openai_chat("a", "b"), line])
    assert result.errors["parse_error"].lines == [2]


def test_a_one_line_json_array_gets_its_own_message(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps([openai_chat("a", "b"), openai_chat("c", "d")]) + "\n")
    result = analyse(path)
    assert result.errors["json_array"].lines == [1]


def test_a_line_with_several_problems_is_one_unusable_line(tmp_path):
    both = {"messages": [{"role": "robot", "content": ""}], "label": "x"}
    result = analysed(tmp_path, [openai_chat("a", "b"), both])
    assert len(result.errors) >= 2
    assert result.unusable_lines.to_dict() == {"count": 1, "lines": [2]}


def test_a_finding_keeps_the_count_and_the_first_five_lines(tmp_path):
    result = analysed(tmp_path, [openai_chat("a", "b")] + ["oops"] * 8)
    assert result.errors["parse_error"].to_dict() == {"count": 8, "lines": [2, 3, 4, 5, 6]}


def test_every_error_kind_has_a_description():
    assert all(ERROR_KINDS.values())


@pytest.mark.parametrize("expected_key", ["ideal", "target", "expected", "__expected"])
def test_eval_cases_with_an_expected_value_are_counted(tmp_path, expected_key):
    cases = [{"input": "2+2?", expected_key: "4"}, {"input": "3+3?"}, {"input": "A colour?", "ideal": ["red", "blue"]}]
    result = analysed(tmp_path, cases, kind="eval")
    assert (result.format, result.valid_examples, result.cases_with_expected) == ("eval_cases", 3, 2)
    assert result.errors["no_expected"].lines == [2]


def test_eval_cases_accept_chat_input_and_promptfoo_assertions(tmp_path):
    cases = [
        {"input": [{"role": "system", "content": "Be exact"}, {"role": "user", "content": "2+2?"}], "ideal": "4"},
        {"input": "Summarise the memo", "assert": [{"type": "contains", "value": "deadline"}]},
    ]
    result = analysed(tmp_path, cases, kind="eval")
    assert (result.valid_examples, result.cases_with_expected, result.errors) == (2, 2, {})


def test_an_eval_set_in_chat_format_uses_the_last_assistant_turn_as_expected(tmp_path):
    result = analysed(tmp_path, [openai_chat("2+2?", "4")], kind="eval")
    assert (result.format, result.cases_with_expected) == ("openai_chat", 1)


def test_a_file_of_unrecognised_objects_reports_missing_messages(tmp_path):
    result = analysed(tmp_path, [{"text": "hello"}, {"text": "bye"}])
    assert result.format == "unknown"
    assert result.errors["missing_messages"].count == 2


def test_a_line_with_two_problems_is_listed_under_both_kinds_and_counted_once_as_unusable(tmp_path):
    two_problems = {"messages": [{"role": "user", "content": "a"}], "mood": "x"}  # no answer, and a stray key
    result = analysed(tmp_path, [openai_chat("a", "b"), two_problems, "{not json"])
    assert result.errors["no_assistant_turn"].lines == [2] and result.errors["extra_keys"].lines == [2]
    assert result.unusable_lines.to_dict() == {"count": 2, "lines": [2, 3]}
    assert result.to_dict()["unusable_lines"]["count"] == 2


def test_an_eval_case_without_an_expected_answer_is_flagged_but_not_unusable(tmp_path):
    result = analysed(tmp_path, [{"input": "Where is my parcel?"}], kind="eval")
    assert result.errors["no_expected"].count == 1 and result.unusable_lines.count == 0
