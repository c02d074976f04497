"""Each example's system prompt is measured in the same encoder call as the example (OpenAI's
system and developer turns, Bedrock's ``system``, Gemini's ``systemInstruction``), and the
findings say how many examples had one and their median tokens: today's prompt length for the
cost section."""

import pytest

from assessments.samples import analyse
from assessments.samples.tokens import count_tokens, count_tokens_batch, count_tokens_with_parts
from tests.samples.files import bedrock_chat, openai_chat, vertex_chat, write_jsonl

SYSTEMS = [
    "Be brief.",
    "You answer for Acme's support desk. Quote the order number and never promise a refund.",
    "You are Acme's assistant; answer in French and sign as the Acme support team.",
]


def _vertex_with_system(user, model, system):
    return {**vertex_chat(user, model), "systemInstruction": {"parts": [{"text": system}]}}


def _median(counts):
    return sorted(counts)[(len(counts) - 1) // 2]  # nearest-rank p50, as tokens.p50


@pytest.mark.parametrize(
    "make",
    [
        lambda i, system: openai_chat(f"Question {i}?", f"Answer {i}.", system=system),
        lambda i, system: bedrock_chat(f"Question {i}?", f"Answer {i}.", system=system),
        lambda i, system: _vertex_with_system(f"Question {i}?", f"Answer {i}.", system),
    ],
    ids=["openai_chat", "bedrock_claude", "vertex_gemini"],
)
def test_each_formats_system_prompts_give_their_median_tokens(tmp_path, make):
    records = [make(i, system) for i, system in enumerate(SYSTEMS)]
    found = analyse(write_jsonl(tmp_path / "s.jsonl", records)).to_dict()["system_prompts"]
    expected = _median([count_tokens((system,)) for system in SYSTEMS])
    assert found == {"examples": 3, "p50": expected, "encoding": "o200k_base"}
    assert expected > count_tokens((SYSTEMS[0],))  # the median, not the first or shortest


def test_openai_system_and_developer_turns_are_one_prompt_counted_together(tmp_path):
    record = {
        "messages": [
            {"role": "system", "content": "You answer for Acme."},
            {"role": "developer", "content": [{"type": "text", "text": "Never promise a refund."}]},
            {"role": "user", "content": "Can I have my money back?"},
            {"role": "assistant", "content": "I'll pass this to the billing team."},
        ]
    }
    found = analyse(write_jsonl(tmp_path / "s.jsonl", [record])).to_dict()["system_prompts"]
    assert found["p50"] == count_tokens(("You answer for Acme.", "Never promise a refund."))


def test_only_the_examples_with_a_system_prompt_are_counted(tmp_path):
    no_system = {"messages": openai_chat("Hi", "Hello")["messages"][1:]}
    records = [openai_chat("Where is it?", "On its way.", system=SYSTEMS[1]), no_system, no_system]
    result = analyse(write_jsonl(tmp_path / "s.jsonl", records))
    assert result.to_dict()["system_prompts"]["examples"] == 1
    assert result.to_dict()["system_prompts"]["p50"] == count_tokens((SYSTEMS[1],))
    # The examples' own token counts still include their system prompt.
    assert result.token_counts[0] == count_tokens((SYSTEMS[1], "Where is it?", "On its way."))


@pytest.mark.parametrize(
    "record",
    [
        {"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}]},
        bedrock_chat("Hi", "Hello", system=""),
        vertex_chat("Hi", "Hello"),
        {"prompt": "Hi", "completion": "Hello"},
    ],
    ids=["openai_chat", "bedrock_claude", "vertex_gemini", "prompt_completion"],
)
def test_a_sample_without_system_prompts_records_none(tmp_path, record):
    found = analyse(write_jsonl(tmp_path / "s.jsonl", [record, record])).to_dict()["system_prompts"]
    assert (found["examples"], found["p50"]) == (0, None)


def test_the_parts_come_from_the_same_batched_count_and_equal_counting_them_alone():
    examples = [("You are terse.", "hi there", "hello"), ("a b c", "d"), ("sys one", "sys two", "q", "a")]
    parts = [(0,), (), (0, 1)]
    totals, system = count_tokens_with_parts(examples, parts)
    assert totals == count_tokens_batch(examples) == [count_tokens(e) for e in examples]
    assert system == [count_tokens(("You are terse.",)), 0, count_tokens(("sys one", "sys two"))]
