"""Graders: does one answer meet one case? Deterministic first; the optional ``rubric`` grader
asks a different model and is marked model-graded wherever its result appears.

Each grader is a pure function (answer, spec) → (passed, reason). A case is graded by its own
checks (all must pass), by ``choices`` (a label among options), or by the run's default grader
applied to its expected value (a list of expected strings: any one may match).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from .cases import Case

GRADERS = ("equals", "contains", "regex", "is_json", "json_schema", "numeric", "choice", "rubric")
DETERMINISTIC = tuple(g for g in GRADERS if g != "rubric")
ALIASES = {"is-json": "is_json", "json-schema": "json_schema", "llm-rubric": "rubric", "icontains": "contains"}
REGEX_MAX_ANSWER = 100_000  # a regex never scans more than this much of an answer


@dataclass(frozen=True)
class Grade:
    passed: bool
    grader: str
    reason: str
    model_graded: bool = False


# A rubric judge: (rubric, case prompt, answer) → (passed, reason). Supplied by the runner.
Judge = Callable[[str, str, str], tuple[bool, str]]


def normalise(text: str) -> str:
    """Whitespace collapsed, case folded, surrounding quotes and a final full stop ignored."""
    text = " ".join(str(text).split()).casefold()
    return text.strip("\"'`").rstrip(".").strip()


def _expected_list(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value if not isinstance(v, dict)]
    return [] if value is None else [str(value)]


def grade_equals(answer: str, spec: dict) -> tuple[bool, str]:
    wanted = _expected_list(spec.get("value"))
    ok = normalise(answer) in {normalise(w) for w in wanted}
    return ok, "matches the expected answer" if ok else "differs from the expected answer"


def grade_contains(answer: str, spec: dict) -> tuple[bool, str]:
    wanted = _expected_list(spec.get("value"))
    ok = any(normalise(w) in normalise(answer) for w in wanted if w.strip())
    return ok, "contains the expected text" if ok else "does not contain the expected text"


def grade_regex(answer: str, spec: dict) -> tuple[bool, str]:
    pattern = str(spec.get("value", ""))
    try:
        compiled = re.compile(pattern)
    except re.error as error:
        return False, f"the case's pattern is not a valid regular expression ({error.msg})"
    ok = compiled.search(answer[:REGEX_MAX_ANSWER]) is not None
    return ok, "matches the pattern" if ok else "does not match the pattern"


def _json_of(answer: str) -> tuple[bool, object]:
    text = answer.strip()
    # Models often wrap JSON in a fenced block; the fence is not part of the answer's shape.
    fence = re.fullmatch(r"```(?:json)?\s*(.*?)\s*```", text, flags=re.DOTALL)
    if fence:
        text = fence.group(1)
    try:
        return True, json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return False, None


def grade_is_json(answer: str, spec: dict) -> tuple[bool, str]:
    ok, _ = _json_of(answer)
    return ok, "is valid JSON" if ok else "is not valid JSON"


def grade_json_schema(answer: str, spec: dict) -> tuple[bool, str]:
    import jsonschema  # here, not at the top: every process that loads the models would pay its import

    schema = spec.get("schema", spec.get("value"))
    if isinstance(schema, str):
        try:
            schema = json.loads(schema)
        except json.JSONDecodeError:
            return False, "the case's schema is not JSON"
    if not isinstance(schema, dict):
        return False, "the case has no JSON schema"
    ok, data = _json_of(answer)
    if not ok:
        return False, "is not valid JSON"
    try:
        validator = jsonschema.validators.validator_for(schema)
        validator.check_schema(schema)
    except jsonschema.SchemaError as error:
        return False, f"the case's schema is invalid ({error.message})"
    error = jsonschema.exceptions.best_match(validator(schema).iter_errors(data))
    if error is None:
        return True, "matches the schema"
    where = "/".join(str(p) for p in error.absolute_path) or "the top level"
    return False, f"breaks the schema at {where}: {error.message[:200]}"


NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?")


def _first_number(text: str) -> float | None:
    match = NUMBER.search(text)
    if match is None:
        return None
    value = float(match.group().replace(",", ""))
    return value if math.isfinite(value) else None


def grade_numeric(answer: str, spec: dict) -> tuple[bool, str]:
    expected = _first_number(str(spec.get("value", "")))
    if expected is None:
        return False, "the case's expected value is not a number"
    got = _first_number(answer)
    if got is None:
        return False, "has no number"
    try:
        tolerance = abs(float(spec.get("tolerance", 0)))
    except (TypeError, ValueError):
        tolerance = 0.0
    ok = abs(got - expected) <= tolerance
    within = "is within" if ok else "is not within"
    return ok, f"{got:g} {within} {tolerance:g} of {expected:g}"


def grade_choice(answer: str, spec: dict) -> tuple[bool, str]:
    options = [normalise(o) for o in spec.get("options", ())]
    wanted = {normalise(w) for w in _expected_list(spec.get("value"))}
    said = normalise(answer)
    # The answer is the option it names: exactly, or as the only option it mentions.
    named = [o for o in options if o == said] or [o for o in options if re.search(rf"\b{re.escape(o)}\b", said)]
    if len(named) != 1:
        return False, "names no single option" if not named else "names more than one option"
    ok = named[0] in wanted
    return ok, "chose the expected option" if ok else "chose another option"


DETERMINISTIC_GRADERS: dict[str, Callable[[str, dict], tuple[bool, str]]] = {
    "equals": grade_equals,
    "contains": grade_contains,
    "regex": grade_regex,
    "is_json": grade_is_json,
    "json_schema": grade_json_schema,
    "numeric": grade_numeric,
    "choice": grade_choice,
}


def case_specs(case: Case, default_grader: str = "equals") -> list[dict]:
    """The grader specs that decide ``case``: its own checks, else choice, else the default."""
    if case.checks:
        specs = []
        for check in case.checks:
            spec = dict(check)
            spec["type"] = ALIASES.get(spec["type"], spec["type"])
            # promptfoo's is-json with a value is a schema check.
            if spec["type"] == "is_json" and isinstance(spec.get("value"), dict):
                spec["type"] = "json_schema"
            specs.append(spec)
        return specs
    if case.choices:
        return [{"type": "choice", "value": case.expected, "options": list(case.choices)}]
    return [{"type": default_grader, "value": case.expected}]


def grade(case: Case, answer: str, *, default_grader: str = "equals", judge: Judge | None = None) -> Grade:
    """Grade one answer; every check must pass. The first failing check gives the reason."""
    specs = case_specs(case, default_grader)
    model_graded = False
    names = []
    for spec in specs:
        kind = spec["type"]
        names.append(kind)
        if kind == "rubric":
            model_graded = True
            if judge is None:
                return Grade(False, kind, "no rubric model is configured for this run", model_graded=True)
            rubric = str(spec.get("rubric") or spec.get("value") or "")
            passed, reason = judge(rubric, case.prompt, answer)
        elif kind in DETERMINISTIC_GRADERS:
            passed, reason = DETERMINISTIC_GRADERS[kind](answer, spec)
        else:
            return Grade(False, kind, f"unknown grader {kind!r}; known: {', '.join(GRADERS)}")
        if not passed:
            return Grade(False, kind, reason, model_graded=model_graded)
    return Grade(True, "+".join(names), reason if len(specs) == 1 else "passes every check", model_graded=model_graded)
