"""Eval cases as a baseline run sends and grades them, read from the client's eval set
(JSON Lines, the shapes the sample analyser accepts), frozen and hashed.

A case is ``input`` (text, or chat messages) and an expected value under one of the names the
analyser knows (``ideal``, ``target``, ``expected``, ``__expected``, ``assert``). How it is graded
comes from its own fields: a promptfoo-style ``assert`` list, ``choices`` (a label among options),
or ``metadata.grader`` (with ``metadata.tolerance`` / ``metadata.schema``); otherwise the run's
default grader.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

EXPECTED_KEYS = ("ideal", "target", "expected", "__expected", "assert")
MAX_CASES = 5000


class CasesError(ValueError):
    """The eval set can't be run; the message says why in one line."""


@dataclass(frozen=True)
class Case:
    index: int  # 1-based position in the file (its line among the cases)
    messages: tuple[tuple[str, str], ...]  # (role, text): user/assistant turns, system ones dropped
    expected: object  # a string, a list of acceptable strings, or None when ``checks`` decide
    checks: tuple[dict, ...] = field(default=())  # explicit grader specs: {"type": ..., ...}
    choices: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict:
        return {
            "index": self.index,
            "messages": [list(m) for m in self.messages],
            "expected": self.expected,
            "checks": list(self.checks),
            "choices": list(self.choices),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Case:
        return cls(
            index=data["index"],
            messages=tuple((r, t) for r, t in data["messages"]),
            expected=data["expected"],
            checks=tuple(data.get("checks", ())),
            choices=tuple(data.get("choices", ())),
        )

    @property
    def prompt(self) -> str:
        """The last user turn: what a case is about, in one line of the results."""
        return next((t for r, t in reversed(self.messages) if r == "user"), "")


def case_from_record(record: object, index: int) -> Case:
    if not isinstance(record, dict):
        raise CasesError(f"case {index}: expected a JSON object")
    raw = record.get("input")
    if isinstance(raw, str) and raw.strip():
        messages = (("user", raw),)
    elif isinstance(raw, list) and raw and all(isinstance(m, dict) for m in raw):
        messages = tuple(
            (str(m.get("role")), m["content"])
            for m in raw
            if m.get("role") in ("user", "assistant") and isinstance(m.get("content"), str)
        )
        if not messages or messages[-1][0] != "user":
            raise CasesError(f"case {index}: 'input' must end with a user message")
    else:
        raise CasesError(f"case {index}: 'input' must be text or a list of chat messages")
    metadata = record.get("metadata") if isinstance(record.get("metadata"), dict) else {}
    expected = next((record[k] for k in EXPECTED_KEYS if k in record and k != "assert"), None)
    checks: list[dict] = []
    if isinstance(record.get("assert"), list):
        checks = [dict(a) for a in record["assert"] if isinstance(a, dict) and isinstance(a.get("type"), str)]
    elif isinstance(metadata.get("grader"), str):
        checks = [{"type": metadata["grader"], "value": expected, **_grader_options(metadata)}]
    choices = record.get("choices")
    choices = tuple(str(c) for c in choices) if isinstance(choices, list) else ()
    if expected is None and not checks:
        raise CasesError(f"case {index}: no expected value or assertion to grade against")
    return Case(index=index, messages=messages, expected=expected, checks=tuple(checks), choices=choices)


def _grader_options(metadata: dict) -> dict:
    return {k: metadata[k] for k in ("tolerance", "schema", "rubric", "options") if k in metadata}


def read_cases(lines: Iterable[str | bytes]) -> list[Case]:
    """Every case of a JSON Lines eval set (blank lines skipped); CasesError on the first bad one."""
    cases: list[Case] = []
    for number, line in enumerate(lines, start=1):
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError as error:
                raise CasesError(f"line {number}: not UTF-8 text") from error
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise CasesError(f"line {number}: not JSON ({error.msg})") from error
        cases.append(case_from_record(record, len(cases) + 1))
        if len(cases) > MAX_CASES:
            raise CasesError(f"more than {MAX_CASES} cases; a baseline run takes a sample of the eval set")
    if not cases:
        raise CasesError("the eval set holds no cases")
    return cases


def read_cases_file(path: str | Path) -> list[Case]:
    try:
        with open(path, "rb") as handle:
            return read_cases(handle)
    except OSError as error:
        raise CasesError(f"can't read {path}: {error.strerror or error}") from error


def cases_hash(cases: Iterable[Case]) -> str:
    """sha256 of the cases as frozen on a run (what the run row stores beside them)."""
    body = json.dumps([c.to_dict() for c in cases], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()


def read_training_pairs(lines: Iterable[str | bytes], limit: int = 200) -> list[tuple[str, str]]:
    """(prompt, answer) pairs from a training sample (chat ``messages`` or ``prompt``/``completion``
    lines), for the examples variant; lines it can't read are skipped (the analyser reports them)."""
    pairs: list[tuple[str, str]] = []
    for line in lines:
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError):
            continue
        if not isinstance(record, dict):
            continue
        if isinstance(record.get("prompt"), str) and isinstance(record.get("completion"), str):
            pairs.append((record["prompt"], record["completion"]))
        elif isinstance(record.get("messages"), list):
            turns = [m for m in record["messages"] if isinstance(m, dict) and isinstance(m.get("content"), str)]
            users = [m["content"] for m in turns if m.get("role") == "user"]
            answers = [m["content"] for m in turns if m.get("role") == "assistant"]
            if users and answers:
                pairs.append((users[-1], answers[-1]))
        if len(pairs) >= limit:
            break
    return pairs
