"""No condition can crash the engine: refused before parsing, failures reported, never raised.

Each bad input is tried where an admin can write a condition: a criterion, a policy rule and a
question's visibility. Validation reports it as a problem of that field; evaluating content
that holds it anyway (a stored row) doesn't raise, the condition doesn't match and is flagged.
"""

import dataclasses
import subprocess
import sys
import time
from pathlib import Path

import cel
import pytest

from assessments.engine import (
    Criterion,
    PolicyRule,
    Questionnaire,
    check_condition,
    counterfactuals,
    evaluate,
    logic_check,
    question_variables,
    validate_criteria_set,
    validate_questionnaire,
    verdict_of,
)
from assessments.engine.conditions import (
    MAX_CHAIN,
    MAX_COST,
    MAX_DEPTH,
    MAX_LENGTH,
    _nesting,
    evaluation_cost,
    parse_condition,
    refusal,
)

ROOT = Path(__file__).resolve().parents[2]

# (condition, words the problem must contain); the ones without a variable pin their position.
FAILING = {
    "division by zero": ("1/0", ["Division by zero", "line 1, column 2"]),
    "modulo by zero": ("1 % 0", ["Modulo by zero", "line 1, column 3"]),
    "overflow": ("9223372036854775807 + 1", ["Integer overflow", "line 1, column 21"]),
}
# Conditions that fail only once they read an answer (criteria and visibility read questions).
READING = {
    "division by zero of an answer": ('"style_voice" in goals && size(goals) / 0 == 1', "size(matched) / 0 == 1"),
    "type error": ("goals + 1 == 2", "matched + 1 == 2"),
}


def with_criterion(default, condition):
    questionnaire, criteria_set = default
    criterion = Criterion("custom", "advisory", "Custom", condition)
    return questionnaire, dataclasses.replace(criteria_set, criteria=criteria_set.criteria + (criterion,))


def with_first_rule(default, condition):
    questionnaire, criteria_set = default
    rule = PolicyRule("custom", condition, "do_not_fine_tune")
    return questionnaire, dataclasses.replace(criteria_set, policy=(rule,) + criteria_set.policy)


def with_visibility(default, condition, slug="knowledge_change_rate"):
    questionnaire, criteria_set = default
    data = questionnaire.to_dict()
    for section in data["sections"]:
        for question in section["questions"]:
            if question["slug"] == slug:
                question["visible_when"] = condition
    return Questionnaire.from_dict(data), criteria_set


def cases():
    for name, (condition, words) in FAILING.items():
        for place in ("criteria", "policy", "questions"):
            yield pytest.param(place, condition, words, id=f"{name} in {place}")
    for name, (on_questions, on_matched) in READING.items():
        words = ["Type mismatch" if "type" in name else "Division by zero"]
        for place in ("criteria", "policy", "questions"):
            condition = on_matched if place == "policy" else on_questions
            yield pytest.param(place, condition, words, id=f"{name} in {place}")


def content_with(default, place, condition):
    """The default content with ``condition`` in ``place``, and the field it is reported on."""
    if place == "criteria":
        return with_criterion(default, condition), ("criteria", "custom", "condition")
    if place == "policy":
        return with_first_rule(default, condition), ("policy", "custom", "condition")
    return with_visibility(default, condition), ("questions", "knowledge_change_rate", "visible_when")


@pytest.mark.parametrize(("place", "condition", "words"), list(cases()))
def test_an_evaluation_error_is_a_condition_problem_of_its_field(default, place, condition, words):
    (questionnaire, criteria_set), field = content_with(default, place, condition)
    errors = validate_questionnaire(questionnaire) + validate_criteria_set(questionnaire, criteria_set)
    [error] = [e for e in errors if e.field == field]
    assert all(w in error.message for w in words), error.message


@pytest.mark.parametrize(("place", "condition", "words"), list(cases()))
def test_a_stored_failing_condition_does_not_match_and_is_flagged(default, ready_client, place, condition, words):
    (questionnaire, criteria_set), field = content_with(default, place, condition)
    answers = {**ready_client, "goals": ["style_voice", "new_knowledge"], "knowledge_change_rate": "rarely"}
    healthy = evaluate(*default, answers)
    for _ in range(2):  # the second run answers from the memo and must flag it just the same
        result = evaluate(questionnaire, criteria_set, answers)
        assert [f.field for f in result.condition_failures] == [field]
        assert words[0] in result.condition_failures[0].message
    assert result.to_dict()["condition_failures"][0]["field"] == list(field)
    if place == "questions":  # not shown, so its answer is ignored
        assert "knowledge_change_rate" in result.ignored_hidden
    else:  # a failing criterion or rule changes nothing else
        assert (result.verdict, result.matched) == (healthy.verdict, healthy.matched)
    if place == "criteria":
        [custom] = [c for c in result.criteria if c.slug == "custom"]
        assert (custom.matched, custom.failed) == (False, True)
    verdict_of(questionnaire, criteria_set, answers)
    counterfactuals(questionnaire, criteria_set, answers)
    logic_check(questionnaire, criteria_set)


def test_division_by_zero_is_a_condition_problem_with_its_position(default):
    questions = default[0].questions
    [error] = check_condition(
        "size(goals) > 1 ||\n  3 / 0 == 1", ("criteria", "x", "condition"), question_variables(questions)
    )
    assert error.message == "Division by zero at line 2, column 5:\n|   3 / 0 == 1\n| ....^"


def test_an_unanswered_question_is_not_a_condition_failure(default, ready_client):
    # The ready client's hidden knowledge_change_rate makes CEL raise "undefined": ordinary no-match.
    questionnaire, criteria_set = with_criterion(default, 'knowledge_change_rate == "rarely" || "rag" in goals')
    result = evaluate(questionnaire, criteria_set, ready_client)
    assert result.condition_failures == ()
    assert not any(c.failed for c in result.criteria)


@pytest.mark.parametrize(
    "condition",
    ["goals ==", "x" * (MAX_LENGTH + 1), "(" * (MAX_DEPTH + 1) + "true" + ")" * (MAX_DEPTH + 1)],
    ids=["syntax error", "too long", "too deep"],
)
def test_a_stored_condition_that_cannot_compile_fails_without_raising(default, ready_client, condition):
    questionnaire, criteria_set = with_criterion(default, condition)
    result = evaluate(questionnaire, criteria_set, ready_client)
    assert [f.field for f in result.condition_failures] == [("criteria", "custom", "condition")]
    questionnaire, criteria_set = with_visibility(default, condition)
    result = evaluate(questionnaire, criteria_set, ready_client)
    assert [f.field for f in result.condition_failures] == [("questions", "knowledge_change_rate", "visible_when")]


def test_healthy_content_reports_no_failures(assess_client):
    result = assess_client()
    assert result.condition_failures == ()
    assert "condition_failures" not in result.to_dict()


# --- length and nesting, before the parser ------------------------------------------------------


def test_a_condition_over_the_length_limit_is_refused_before_parsing():
    assert refusal("1 + " * 600 + "1") == "Condition is too long (2,401 characters; at most 2,000)."


def test_deeply_nested_brackets_are_refused_before_parsing():
    assert "nested too deeply (33 brackets" in refusal("[" * 33 + "1" + "]" * 33)


def test_a_long_operator_chain_is_refused_before_parsing():
    assert "nested too deeply (101 operators in one chain" in refusal(" + ".join(["1"] * (MAX_CHAIN + 2)))


def test_long_or_lists_and_brackets_in_strings_are_not_counted():
    assert refusal(" || ".join(['goals == "a"'] * 100)) is None
    assert _nesting('"((((((" == x // [[[[') == (0, 1)


SIXTY = "[" + ",".join(str(i) for i in range(60)) + "]"


@pytest.mark.parametrize(
    "source",
    [
        f"{SIXTY}.map(a, {SIXTY}.map(b, {SIXTY}.map(c, a + b + c))).size() > 0",  # measured: 25 s
        f"{SIXTY}.exists(a, {SIXTY}.all(b, a != b + 100))",
        f"{SIXTY}.all(a, size({SIXTY}.filter(b, b == a)) == 1)",
        f"{SIXTY}.exists(a, [[{SIXTY}.exists_one(b, b == a)]][0][0])",
    ],
)
def test_a_list_macro_inside_another_is_refused_before_it_can_run_for_minutes(source):
    assert "nests one list macro" in refusal(source)


# Each spelling hides `.map(` from a look at the text around the bracket; the parse tree has none.
PADDED = {
    "space before the bracket": ".map (",
    "many spaces": ".map" + " " * 60 + "(",
    "line break": ".map\n(",
    "comment": ".map // a long comment that pushes the bracket far from the name\n(",
    "space after the dot": ". map(",
    "line break after the dot": ".\n  map(",
}


@pytest.mark.parametrize("spelling", PADDED.values(), ids=PADDED.keys())
def test_a_nested_macro_is_refused_however_it_is_spaced(spelling):
    source = f"{SIXTY}.map(a, {SIXTY}{spelling}b, {SIXTY}{spelling}c, a + b + c))).size() > 0"
    assert "nests one list macro" in refusal(source)


def test_a_nested_macro_refusal_points_at_the_inner_macro():
    why = refusal("[1, 2].exists(a,\n  [3].all (b, b > a))")
    assert "The inner one is at line 2, column 7:" in why


@pytest.mark.parametrize(
    "source",
    [
        "[" + ",".join(["1"] * 600) + "].map(x, x * 2).size() > 0",  # map and filter copy: quadratic
        "[" + ",".join(["1"] * 400) + "].filter(x, x > 0).size() > 0",
        "[" + ",".join(["1"] * 300) + "].all(x, " + " && ".join(["x + 1 > 0"] * 30) + ")",
        f"{SIXTY}.map(x, {SIXTY}).size() > 0",
    ],
    ids=["map over 600", "filter over 400", "all with a long body", "map making lists"],
)
def test_a_condition_too_costly_to_evaluate_is_refused(source):
    assert "would take too long to evaluate" in refusal(source)


def test_macros_over_answers_and_short_lists_cost_little():
    for source in [
        'goals.exists(g, g == "style_voice")',
        'goals.map(g, g + "!").filter(g, g != "x!").size() > 1',
        f"{SIXTY}.all(x, x >= 0)",
    ]:
        assert evaluation_cost(parse_condition(source)) < MAX_COST // 2, source


HOSTILE = [
    f"{SIXTY}.map(a, {SIXTY}.map (b, {SIXTY}.map (c, a + b + c))).size() > 0",  # 588 characters, ran 76 s
    f"{SIXTY}.map(a, {SIXTY}.map\n(b, {SIXTY}.map\n(c, a + b + c))).size() > 0",
    "[" + ",".join(str(i) for i in range(380)) + "].map(x, x).size() > 0",
]


@pytest.mark.parametrize("source", HOSTILE, ids=["padded", "line breaks", "long list"])
def test_checking_a_hostile_condition_is_refused_without_a_stall(default, source):
    questionnaire, criteria_set = with_criterion(default, source)
    started = time.perf_counter()
    [error] = check_condition(source, ("criteria", "x", "condition"), question_variables(questionnaire.questions))
    errors = validate_criteria_set(questionnaire, criteria_set)
    evaluate(questionnaire, criteria_set, dict(criteria_set.golden_cases[0].answers))
    # These ran 76 s before the static guard; 10 s tells a stall from a loaded test machine.
    assert time.perf_counter() - started < 10.0
    assert "nests one list macro" in error.message or "too long to evaluate" in error.message
    assert [e.field for e in errors] == [("criteria", "custom", "condition")]


def test_list_macros_one_after_another_and_macro_names_in_strings_are_allowed():
    assert refusal('goals.exists(g, g == "style_voice") && goals.all(g, g != "other")') is None
    assert refusal('use_case_summary == ".map(" && goals.exists(g, g == "x.exists(")') is None
    assert refusal(f"{SIXTY}.map(a, a * 2).filter(b, b > 10).size() > 3") is None


def test_the_default_content_is_far_inside_the_limits(default):
    questionnaire, criteria_set = default
    sources = [c.condition for c in criteria_set.criteria] + [r.condition for r in criteria_set.policy]
    sources += [q.visible_when for q in questionnaire.questions]
    assert all(len(s) <= MAX_LENGTH // 10 for s in sources)
    assert all(depth <= MAX_DEPTH // 4 and chain <= MAX_CHAIN // 10 for depth, chain in map(_nesting, sources))


def test_cel_is_compiled_only_through_the_safety_module():
    engine = ROOT / "assessments" / "engine"
    users = sorted(p.name for p in engine.glob("*.py") if "cel.compile" in p.read_text())
    assert users == ["conditions.py"]


# --- inputs that crash the native parser, in a subprocess so a crash can't take pytest down ------

# Each crashes CEL (SIGSEGV) on a 512 KB thread stack, the 80 KB sum on the 8 MB main stack too.
CRASH_INPUTS = {
    "80 KB sum": ("' + '.join(['1'] * 20000)", "Condition is too long (79,997 characters"),
    "nested parentheses": ("'(' * 100 + '1' + ')' * 100 + ' == 1'", "nested too deeply (100 brackets"),
    "nested lists": ("'[' * 70 + '1' + ']' * 70 + ' == []'", "nested too deeply (70 brackets"),
}

# The engine's whole path (check, load, validate, evaluate) in a thread with a 512 KB stack.
SUBPROCESS = """
import sys, threading
import assessments.engine as e
source = {source}
done = []

def run():
    q, c = e.load_default()
    variables = e.question_variables(q.questions)
    print(e.check_condition(source, ("criteria", "x", "condition"), variables)[0].message)
    data = c.to_dict()
    data["criteria"][0]["condition"] = source
    loaded = e.CriteriaSet.from_dict(data)
    print(e.validate_criteria_set(q, loaded)[0].message)
    qdata = q.to_dict()
    qdata["sections"][1]["questions"][0]["visible_when"] = source
    shown = e.Questionnaire.from_dict(qdata)
    print(e.validate_questionnaire(shown)[0].message)
    result = e.evaluate(shown, loaded, dict(c.golden_cases[0].answers))
    print(len(result.condition_failures), "failures")
    done.append(True)

threading.stack_size(512 * 1024)
thread = threading.Thread(target=run)
thread.start()
thread.join()
sys.exit(0 if done else 1)
"""


@pytest.mark.parametrize(("source", "expected"), [pytest.param(*v, id=k) for k, v in CRASH_INPUTS.items()])
def test_a_condition_that_would_crash_the_parser_is_refused_and_the_process_lives(source, expected):
    code = SUBPROCESS.format(source=source)
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == 4 and all(expected in line for line in lines[:3]), run.stdout
    assert lines[3] == "2 failures"


# --- the parser reads what CEL reads -------------------------------------------------------------

CEL_SPELLINGS = [
    'r"raw \\d" == "x" || """triple "quoted" """ != \'\'\'single\'\'\'',
    "0x1F == 31 && 3u > 2u && 1.5e3 > .5 && -1 < 0 && !!true",
    '{"a": [1, 2], "b": {"c": true}}["b"]["c"] ? size("xy") == 2 : false',
    'has(sample.unique_examples) ? sample.unique_examples < 100 : .goals.exists(g, g == "x")',
    '[1, 2, 3,].map(x, x > 1, x * 2) == [4, 6] && "abc".startsWith("a") // a comment',
    "1 in [1, 2] && (2 + 3) * 4 % 5 - 1 >= 0",
]


@pytest.mark.parametrize("source", CEL_SPELLINGS)
def test_the_parser_reads_every_spelling_cel_reads(source):
    parse_condition(source)  # raises on anything it can't read
    assert cel.compile(source) is not None


@pytest.mark.parametrize(
    ("source", "where", "why"),
    [
        ("goals ==", "line 1, column 9", "Expected a value, found the end of the condition."),
        ('goals == "x" &&\n  ', "line 2, column 3", "Expected a value, found the end of the condition."),
        ('(goals == "x"', "line 1, column 14", "Expected `)` to close the bracket"),
        ("goals goals", "line 1, column 7", "Unexpected `goals` after a complete condition."),
        ('goals == "x', "line 1, column 10", "An unclosed string can't start anything here."),
        ("if == 1", "line 1, column 1", "`if` is a reserved word in CEL"),
    ],
)
def test_a_syntax_error_is_one_sentence_with_its_position(default, source, where, why):
    [error] = check_condition(source, ("criteria", "x", "condition"), question_variables(default[0].questions))
    first_line = error.message.splitlines()[0]
    assert first_line.startswith(f"Syntax error at {where}: ") and why in first_line, error.message
    assert "mismatched" not in error.message and "expecting" not in error.message


def test_every_shipped_condition_parses(default):
    questionnaire, criteria_set = default
    sources = [c.condition for c in criteria_set.criteria] + [r.condition for r in criteria_set.policy]
    sources += [q.visible_when for q in questionnaire.questions if q.visible_when]
    for source in sources:
        assert evaluation_cost(parse_condition(source)) < MAX_COST // 20, source


def test_a_long_line_is_pictured_around_the_spot_only(default):
    source = "[" + ", ".join(str(i) for i in range(150)) + "].size() > 0 && goalz == 1"
    [error] = check_condition(source, ("criteria", "x", "condition"), question_variables(default[0].questions))
    head, picture, caret = error.message.splitlines()
    assert head.startswith("Unknown name 'goalz' at line 1, column ")
    assert len(picture) < 80 and picture.startswith("| …") and "goalz" in picture
    assert picture[caret.index("^")] == "g"  # the caret stands under the name
