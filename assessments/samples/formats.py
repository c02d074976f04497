"""The record shapes clients hold, recognised and checked one record at a time.

Each ``check_<format>`` takes one decoded JSON object and returns ``(example, errors)``:
the example when the record is usable (None otherwise), and the set of error kinds it shows.
Only "no_expected" and the warnings (WARNING_KINDS) come with an example: the eval case still
counts, it just can't score; a chat example with no user turn still teaches its answer.
Error kinds are stable identifiers (see ERROR_KINDS).
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from typing import Any

ERROR_KINDS = {
    "parse_error": "not valid JSON",
    "invalid_utf8": "not UTF-8 text",
    "line_too_long": "longer than the line limit",
    "too_deeply_nested": "JSON nested too deeply",
    "not_an_object": "not a JSON object",
    "json_array": "a JSON array on one line, not one example per line",
    "missing_messages": "no messages (or contents) list",
    "missing_field": "a required field is missing",
    "bad_type": "a field has the wrong type",
    "unknown_role": "a role the format doesn't know",
    "empty_content": "a turn, prompt or completion with no text",
    "empty_answer": "an assistant turn with neither text nor a tool call",
    "no_assistant_turn": "no assistant (model) turn to learn from",
    "non_alternating": "turns don't alternate user/assistant, starting with user and ending with assistant",
    "extra_keys": "keys the format doesn't allow",
    "wrong_column_count": "a CSV row with a different number of columns than the header",
    "no_expected": "an eval case with no usable expected value or assertion",
    # Warnings: reported, but the line is not unusable.
    "blank_line": "a blank line (skipped)",
    "no_user_turn": "a chat example with no user turn",
}
WARNING_KINDS = frozenset({"blank_line", "no_user_turn"})

OPENAI_ROLES = {"system", "developer", "user", "assistant", "tool", "function"}
SYSTEM_ROLES = ("system", "developer")
OPENAI_KEYS = {"messages", "tools", "functions", "parallel_tool_calls", "metadata"}
OPENAI_MESSAGE_KEYS = {"role", "content", "name", "weight", "tool_calls", "function_call", "tool_call_id"}
VERTEX_KEYS = {"contents", "systemInstruction", "system_instruction"}
EXPECTED_KEYS = ("ideal", "target", "expected", "__expected", "assert")
EVAL_KEYS = {"input", "vars", "metadata", "id", "choices", "description", *EXPECTED_KEYS}


@dataclass(frozen=True)
class Example:
    """One usable record. ``prompt`` is what the model is given (system prompt excluded, so a
    shared system prompt doesn't make every example look alike), ``completion`` what it
    should answer; ``texts`` is every piece of text, for counting tokens; ``system`` the
    positions in ``texts`` of the system prompt's texts (empty: none), so its tokens come out of
    the same count."""

    prompt: str
    completion: str
    texts: tuple[str, ...]
    has_expected: bool = True
    system: tuple[int, ...] = ()

    @property
    def messages(self) -> int:
        return len(self.texts)


def detect(record: object, kind: str) -> str | None:
    """The format one record's keys point to, or None."""
    if not isinstance(record, dict):
        return None
    if kind == "eval" and "input" in record:
        return "eval_cases"
    if "contents" in record:
        return "vertex_gemini"
    if "messages" in record:
        return "bedrock_claude" if "system" in record else "openai_chat"
    if "prompt" in record or "completion" in record:
        return "prompt_completion"
    return None


def check(record: object, fmt: str) -> tuple[Example | None, set[str]]:
    if not isinstance(record, dict):
        return None, {"not_an_object"}
    return CHECKS[fmt](record)


def text_of(content: object) -> str | None:
    """A turn's text: a string, or a list of parts with "text" (OpenAI, Gemini); None if neither."""
    if isinstance(content, str):
        return content
    if isinstance(content, list) and all(isinstance(part, dict) for part in content):
        texts = [part.get("text") for part in content]
        if all(isinstance(t, str) or t is None for t in texts):
            return "\n".join(t for t in texts if t)
    return None


def check_openai_chat(record: dict[str, Any]) -> tuple[Example | None, set[str]]:
    errors: set[str] = set()
    if set(record) - OPENAI_KEYS:
        errors.add("extra_keys")
    turns = _messages(record.get("messages"), errors, OPENAI_MESSAGE_KEYS, OPENAI_ROLES, "content")
    if turns is None:
        return None, errors
    if not any(role == "assistant" for role, _ in turns):
        errors.add("no_assistant_turn")
    # Turns were read, so "messages" is a list of objects, one per turn.
    for message, (role, text) in zip(record["messages"], turns, strict=True):
        if text.strip():
            continue
        if role == "assistant":
            # An answer is its text or a tool call (OpenAI's rule); "" with neither teaches nothing.
            if not (message.get("tool_calls") or message.get("function_call")):
                errors.add("empty_answer")
        elif role not in ("tool", "function"):
            errors.add("empty_content")
    example, errors = _example(turns, errors, assistant="assistant")
    if example is not None and not any(role == "user" for role, _ in turns):
        errors.add("no_user_turn")
    return example, errors


def check_bedrock_claude(record: dict[str, Any]) -> tuple[Example | None, set[str]]:
    errors: set[str] = set()
    if set(record) - {"system", "messages"}:
        errors.add("extra_keys")
    system = record.get("system", "")
    if not isinstance(system, str):
        errors.add("bad_type")
    turns = _messages(record.get("messages"), errors, {"role", "content"}, {"user", "assistant"}, "content")
    if turns is None:
        return None, errors
    _check_alternation(turns, errors, "assistant")
    if any(not text.strip() for _, text in turns):
        errors.add("empty_content")
    texts = (system,) if isinstance(system, str) and system else ()
    return _example(turns, errors, assistant="assistant", system=texts)


def check_vertex_gemini(record: dict[str, Any]) -> tuple[Example | None, set[str]]:
    errors: set[str] = set()
    if set(record) - VERTEX_KEYS:
        errors.add("extra_keys")
    system = record.get("systemInstruction", record.get("system_instruction"))
    system_text = text_of(system.get("parts")) if isinstance(system, dict) else None
    if system is not None and system_text is None:
        errors.add("bad_type")
    turns = _messages(record.get("contents"), errors, {"role", "parts"}, {"user", "model"}, "parts")
    if turns is None:
        return None, errors
    _check_alternation(turns, errors, "model")
    if any(not text.strip() for _, text in turns):
        errors.add("empty_content")
    return _example(turns, errors, assistant="model", system=(system_text,) if system_text else ())


def check_prompt_completion(record: dict[str, Any]) -> tuple[Example | None, set[str]]:
    errors: set[str] = set()
    if set(record) - {"prompt", "completion"}:
        errors.add("extra_keys")
    prompt, completion = record.get("prompt"), record.get("completion")
    if prompt is None or completion is None:
        errors.add("missing_field")
    elif not isinstance(prompt, str) or not isinstance(completion, str):
        errors.add("bad_type")
    elif not prompt.strip() or not completion.strip():
        errors.add("empty_content")
    if errors or not isinstance(prompt, str) or not isinstance(completion, str):  # no errors: both are text
        return None, errors
    return Example(prompt, completion, (prompt, completion)), errors


def check_eval_case(record: dict[str, Any]) -> tuple[Example | None, set[str]]:
    """An eval case: ``input`` (text or chat messages) and an expected value or assertion
    under one of the names promptfoo, OpenAI evals and inspect_ai use."""
    errors: set[str] = set()
    if set(record) - EVAL_KEYS:
        errors.add("extra_keys")
    raw = record.get("input")
    prompt: str | None
    if isinstance(raw, list):
        turns = _messages(raw, errors, OPENAI_MESSAGE_KEYS, OPENAI_ROLES, "content")
        prompt = "\n".join(text for role, text in turns or () if role not in SYSTEM_ROLES)
    else:
        prompt = text_of(raw)
        if prompt is None:
            errors.add("bad_type" if raw is not None else "missing_field")
    if not errors and prompt is not None and not prompt.strip():
        errors.add("empty_content")
    if errors or prompt is None:  # no prompt is always an error above
        return None, errors
    expected = next((record[k] for k in EXPECTED_KEYS if k in record), None)
    usable = usable_expected(expected)
    if not usable:
        errors.add("no_expected")
    completion = expected if isinstance(expected, str) else ""
    # A case without an expected value is still a case (it is counted, and flagged so the
    # client can fix it); it just can't score anything.
    return Example(prompt, completion, (prompt, completion), has_expected=usable), errors


def usable_expected(value: object) -> bool:
    """A non-empty string, a non-empty list of them (OpenAI evals' ``ideal``), or a non-empty
    list of assertions (promptfoo's ``assert``)."""
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list) and value:
        return all((isinstance(v, str) and v.strip()) or isinstance(v, dict) for v in value)
    return isinstance(value, dict) and bool(value)


def _messages(
    raw: object, errors: set[str], allowed_keys: Set[str], roles: Set[str], content_key: str
) -> list[tuple[str, str]] | None:
    """[(role, text)] from a messages/contents list, adding error kinds to ``errors``."""
    if raw is None:
        errors.add("missing_messages")
        return None
    if not isinstance(raw, list) or not all(isinstance(m, dict) for m in raw):
        errors.add("bad_type")
        return None
    if not raw:
        errors.add("missing_messages")
        return None
    turns = []
    for message in raw:
        if set(message) - allowed_keys:
            errors.add("extra_keys")
        role = message.get("role")
        if role not in roles:
            errors.add("unknown_role")
        content = message.get(content_key)
        text = "" if content is None else text_of(content)
        if text is None:
            errors.add("bad_type")
            text = ""
        turns.append((role, text))
    return turns


def _check_alternation(turns: list[tuple[str, str]], errors: set[str], assistant: str) -> None:
    roles = [role for role, _ in turns]
    if assistant not in roles:
        errors.add("no_assistant_turn")
    expected = ["user" if i % 2 == 0 else assistant for i in range(len(roles))]
    if roles != expected or roles[-1] != assistant:
        errors.add("non_alternating")


def _example(
    turns: list[tuple[str, str]], errors: set[str], *, assistant: str, system: tuple[str, ...] = ()
) -> tuple[Example | None, set[str]]:
    """The example from checked turns; ``system`` is a top-level system prompt (Bedrock's
    ``system``, Gemini's ``systemInstruction``), OpenAI's are its system and developer turns."""
    if errors:
        return None, errors
    last = max(i for i, (role, _) in enumerate(turns) if role == assistant)
    prompt = "\n".join(text for role, text in turns[:last] if role not in SYSTEM_ROLES)
    texts = system + tuple(text for _, text in turns)
    at = (*range(len(system)), *(len(system) + i for i, (role, _) in enumerate(turns) if role in SYSTEM_ROLES))
    return Example(prompt, turns[last][1], texts, system=at), errors


CHECKS = {
    "openai_chat": check_openai_chat,
    "bedrock_claude": check_bedrock_claude,
    "vertex_gemini": check_vertex_gemini,
    "prompt_completion": check_prompt_completion,
    "eval_cases": check_eval_case,
}
FORMATS = (*CHECKS, "csv")
