"""Check client answers and admin-written conditions before anything is evaluated.

``validate_answers`` reports every problem in one pass, so a form or the assess command can show
them all at once. ``validate_questionnaire`` and ``validate_criteria_set`` check content an admin
edits; each error names the field it belongs to, e.g. ``("criteria", "fit_style_voice",
"condition")``, so a form can show it next to that field.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import cel

from .answers import is_answered
from .compiler import PRESENT, compile_questionnaire
from .condition_syntax import Node, free_names, walk
from .conditions import (
    ConditionRefused,
    compile_condition,
    failure_message,
    located,
    parse_condition,
    syntax_message,
)
from .definitions import CRITERION_KINDS, CriteriaSet, Question, Questionnaire
from .facts import FACTS, NAMESPACES, fact_samples
from .typecheck import BOOL, LIST, STRING, TEXT, type_mismatches


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an answer set. ``slug`` is '' when the whole set is wrong."""

    slug: str
    message: str  # reads on its own next to the form field
    value: Any = field(default=None, hash=False)

    def __str__(self) -> str:
        """One line for the assess command: slug, then what is wrong (with the bad value)."""
        return f"{self.slug}: {self.message}" if self.slug else self.message


@dataclass(frozen=True)
class AnswerCheck:
    answers: dict[str, Any]  # the valid answers to visible questions, ready for ``evaluate``
    problems: list[Problem]
    ignored_hidden: tuple[str, ...]


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _type_problem(q: Question, value: Any) -> str | None:
    """Why ``value`` can't answer ``q``, or None. Unanswered values are not checked here."""
    if q.type == "yes_no":
        return None if isinstance(value, bool) else f"must be true or false, not {_show(value)}"
    if q.type in ("long_text", "single_choice"):
        if not isinstance(value, str):
            return f"must be a string, not {_show(value)}"
        if q.type == "long_text" and len(value) > q.max_length:
            return f"is {len(value)} characters long; the limit is {q.max_length}"
        if q.type == "single_choice" and value not in q.choice_values:
            return f"{value!r} is not one of the choices {list(q.choice_values)}"
        return None
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        return f"must be a list of strings, not {_show(value)}"
    bad = [v for v in value if v not in q.choice_values]
    if bad:
        verb = "is" if len(bad) == 1 else "are"
        return f"{', '.join(map(repr, bad))} {verb} not among the choices {list(q.choice_values)}"
    if len(set(value)) != len(value):
        return "lists a choice more than once"
    return None


def validate_answers(questionnaire: Questionnaire, raw: Any) -> AnswerCheck:
    """Check a raw answer set (slug -> value) and return all problems at once.

    Answers to hidden questions are ignored whatever their value and listed in
    ``ignored_hidden``. Empty strings, empty lists and None count as unanswered.
    """
    if not isinstance(raw, Mapping):
        return AnswerCheck({}, [Problem("", "answers must be an object mapping slugs to values")], ())
    problems: dict[str, Problem] = {}
    typed: dict[str, Any] = {}
    for slug, value in raw.items():
        q = questionnaire.by_slug.get(slug)
        if q is None:
            message = f"is not a question of {questionnaire.slug} (value {_show(value)})"
            problems[slug] = Problem(slug, message, value)
        elif is_answered(value):
            why = _type_problem(q, value)
            if why:
                problems[slug] = Problem(slug, why, value)
            else:
                typed[slug] = list(value) if q.type == "multi_choice" else value
    compiled = compile_questionnaire(questionnaire)
    shown = set(compiled.visible_slugs(typed))
    answers, _ = compiled.visible_answers({s: v for s, v in typed.items() if s in shown})
    hidden = tuple(q.slug for q in questionnaire.questions if q.slug not in shown and is_answered(raw.get(q.slug)))
    result = [p for s, p in problems.items() if s in shown or s not in questionnaire.by_slug]
    for q in questionnaire.questions:
        if q.required and q.slug in shown and q.slug not in answers and q.slug not in problems:
            result.append(Problem(q.slug, "an answer is required", raw.get(q.slug)))
    return AnswerCheck(answers, result, hidden)


# --- conditions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConditionError:
    field: tuple[str, ...]  # e.g. ("criteria", slug, "condition") or ("questions", slug, "visible_when")
    message: str


@dataclass(frozen=True)
class _Variable:
    samples: tuple[Any, ...]  # typed example values used to find type mismatches
    allowed: tuple[str, ...] | None  # string values it may be compared with, None if any
    describe: str
    kind: str = LIST  # typecheck's STRING | LIST | BOOL | TEXT
    domain: tuple[Any, ...] | None = None  # every value it can take, when few enough to enumerate


_IDENT = r"([A-Za-z_][A-Za-z0-9_]*)"
CONSTANT_LIMIT = 4096  # answer combinations enumerated to decide that a condition is constant


def _sample_contexts(names: list[str], variables: dict[str, _Variable]) -> Iterator[dict[str, Any]]:
    """Every combination of samples when that is small, else vary one variable at a time."""
    pools = [variables[n].samples for n in names]
    if (len(pools) <= 6 and all(len(p) <= 4 for p in pools)) or len(names) <= 2:
        yield from (dict(zip(names, combo, strict=True)) for combo in itertools.product(*pools))
        return
    base = {n: p[0] for n, p in zip(names, pools, strict=True)}
    for n, pool in zip(names, pools, strict=True):
        for value in pool:
            yield {**base, n: value}


def _constant(program: cel.Program, names: list[str], variables: dict[str, _Variable]) -> bool | None:
    """True or False when the condition gives that for every possible answer to the questions it
    reads (enumerated exhaustively), None when it varies or the answer space is too large."""
    domains = []
    for name in names:
        domain = variables[name].domain
        if domain is None:  # too many values to enumerate
            return None
        domains.append(domain)
    if not names or math.prod(len(d) for d in domains) > CONSTANT_LIMIT:
        return None
    results: set[bool] = set()
    for combo in itertools.product(*domains):
        try:
            results.add(program.execute(dict(zip(names, combo, strict=True))) is True)
        except Exception:  # an error is "does not hold" for that answer, as in evaluation
            results.add(False)
        if len(results) > 1:
            return None
    return results.pop()


def check_condition(
    source: str,
    where: tuple[str, ...],
    variables: dict[str, _Variable],
    later: tuple[str, ...] = (),
    *,
    constant_allowed: bool = False,
) -> list[ConditionError]:
    """Length, nesting and cost, syntax, unknown variables (or, for a visibility condition,
    `later` questions it may not read yet) and unknown facts, comparisons whose types or values
    can't match (each with its position), what sample answers reveal (evaluation errors,
    non-bool results) and conditions that are constant over every possible answer (unless
    ``constant_allowed``: a policy's catch-all `true`). Never raises for any source."""
    if not source.strip():
        return [ConditionError(where, "A condition is required (write `true` for always).")]
    try:
        program = compile_condition(source)
    except ConditionRefused as exc:
        return [ConditionError(where, str(exc))]
    except ValueError as exc:  # our parser's ConditionSyntaxError, or CEL's own refusal
        return [ConditionError(where, syntax_message(source, exc))]
    tree = parse_condition(source)
    reads = free_names(tree)
    names = sorted({n for n, _ in reads})
    first: dict[str, int] = {}
    for name, offset in reads:
        first.setdefault(name, offset)
    errors = [ConditionError(where, _unknown(source, n, first[n], later)) for n in names if n not in variables]
    errors += [ConditionError(where, message) for message in _unknown_facts(source, tree)]
    errors += [ConditionError(where, message) for message in type_mismatches(source, variables)]
    if errors:
        return errors
    for ctx in _sample_contexts(names, variables):
        try:
            result = program.execute(ctx)
        except TypeError as exc:
            if not names:
                return [ConditionError(where, failure_message(source, exc))]
            described = ", ".join(f"{n} ({variables[n].describe})" for n in names)
            return [ConditionError(where, f"Type mismatch: an operation doesn't fit {described}.")]
        except Exception as exc:  # the native evaluator raises many classes; none may escape
            return [ConditionError(where, failure_message(source, exc))]
        if not isinstance(result, bool):
            return [ConditionError(where, f"Condition must give true or false, but gives {result!r}.")]
    if constant_allowed:
        return []
    if not names:  # it reads nothing, so the sample run above gave its one value
        word = "always true" if result else "never true"
        return [ConditionError(where, f"The condition is {word}: it reads no answer, so it decides nothing.")]
    constant = _constant(program, names, variables)
    if constant is not None:
        word = "always true" if constant else "never true"
        reads_text = ", ".join(names)
        return [
            ConditionError(where, f"The condition is {word}, whatever the answers to {reads_text}: check its logic.")
        ]
    return []


def _unknown_facts(source: str, tree: Node) -> list[str]:
    """A sentence with its position for each `sample.x` / `evals.x` that is no measured fact."""
    found: dict[str, int] = {}
    for node in walk(tree):
        receiver = node.parts[0] if node.kind == "select" else None
        if receiver is not None and receiver.kind == "name" and receiver.name in NAMESPACES:
            name = f"{receiver.name}.{node.name}"
            if name not in FACTS:
                found[name] = min(found.get(name, receiver.start), receiver.start)
    known = ", ".join(FACTS)
    return [
        located(f"Unknown fact {name!r}", source, offset, f"the measured facts are {known}.")
        for name, offset in found.items()
    ]


def _unknown(source: str, name: str, offset: int, later: tuple[str, ...]) -> str:
    if name in later:
        return (
            f"{name} is asked later in the questionnaire (or is this question): a visibility condition "
            "may only read questions that come before it. Move the question, or the condition."
        )
    return located(f"Unknown name {name!r}", source, offset, "no question (or measured fact) is called that.")


def _subsets(values: tuple[str, ...]) -> tuple[list[str], ...] | None:
    """Every list of choices a multiple-choice answer can be, when there are few enough."""
    if len(values) > 10:
        return None
    return tuple(list(c) for r in range(len(values) + 1) for c in itertools.combinations(values, r))


def question_variables(questions: Iterable[Question]) -> dict[str, _Variable]:
    variables: dict[str, _Variable] = {}
    for q in questions:
        if q.type == "single_choice":
            values = q.choice_values
            variables[q.slug] = _Variable(values, values, "a single choice", STRING, values)
        elif q.type == "multi_choice":
            values = q.choice_values
            samples: tuple[list[str], ...] = ([], [values[0]], list(values[1:2]), list(values))
            variables[q.slug] = _Variable(samples, values, "a list of choices", LIST, _subsets(values))
        elif q.type == "yes_no":
            variables[q.slug] = _Variable((True, False), (), "yes/no: compare with true or false", BOOL, (True, False))
        else:
            variables[q.slug] = _Variable(("", "some text"), None, "free text", TEXT)
    return variables


def fact_variables() -> dict[str, _Variable]:
    """The measured-fact namespaces as condition variables (see facts.py)."""
    return {
        namespace: _Variable(samples, None, "measured facts: use has(...) before reading one")
        for namespace, samples in fact_samples().items()
    }


def check_visibility_condition(questionnaire: Questionnaire, slug: str, source: str) -> list[ConditionError]:
    """The one check of question ``slug``'s visibility condition (the editor as the admin types,
    and validate_questionnaire): it may read only the questions before it. Empty: always shown."""
    if not source.strip():
        return []
    questions = questionnaire.questions
    slugs = [q.slug for q in questions]
    i = slugs.index(slug) if slug in slugs else len(slugs)
    earlier = question_variables(questions[:i])
    return check_condition(source, ("questions", slug, "visible_when"), earlier, tuple(slugs[i:]))


def check_criterion_condition(questionnaire: Questionnaire, source: str, slug: str = "") -> list[ConditionError]:
    """The one check of a criterion's condition, wherever it is asked (the editor as the admin
    types and after saving, validate_criteria_set before publishing): it reads the
    questionnaire's answers and the measured facts (`sample.…`, `evals.…`)."""
    variables = question_variables(questionnaire.questions) | fact_variables()
    return check_condition(source, ("criteria", slug, "condition"), variables)


def validate_questionnaire(questionnaire: Questionnaire) -> list[ConditionError]:
    """Reserved slugs and visibility conditions (which may only read earlier questions)."""
    errors = []
    for q in questionnaire.questions:
        if q.slug.startswith("_") or not re.fullmatch(_IDENT, q.slug):
            errors.append(
                ConditionError(
                    ("questions", q.slug, "slug"), "A slug is letters, digits and _ and can't start with _ ."
                )
            )
        errors += check_visibility_condition(questionnaire, q.slug, q.visible_when)
    return errors


def validate_criteria_set(questionnaire: Questionnaire, criteria_set: CriteriaSet) -> list[ConditionError]:
    """Everything about a criteria set that can be known without answers.

    Kinds, alternatives and verdicts are already enforced by the dataclasses.
    """
    errors = []
    if (criteria_set.questionnaire_slug, criteria_set.questionnaire_version) != (
        questionnaire.slug,
        questionnaire.version,
    ):
        errors.append(ConditionError(("questionnaire",), "The criteria set is for another questionnaire."))
    for label, items in (("criteria", criteria_set.criteria), ("policy", criteria_set.policy)):
        seen = set()
        for item in items:
            if item.slug in seen or item.slug == PRESENT:
                errors.append(ConditionError((label, item.slug, "slug"), f"Duplicate slug {item.slug!r}."))
            seen.add(item.slug)
    for c in criteria_set.criteria:
        errors += check_criterion_condition(questionnaire, c.condition, c.slug)
    slugs = tuple(c.slug for c in criteria_set.criteria)
    policy_vars = {
        "matched": _Variable(([], list(slugs)), slugs, "the matched criterion slugs"),
        "matched_kinds": _Variable(([], list(CRITERION_KINDS)), CRITERION_KINDS, "the matched kinds"),
    }
    for r in criteria_set.policy:
        errors += check_condition(r.condition, ("policy", r.slug, "condition"), policy_vars, constant_allowed=True)
    if not criteria_set.policy:
        errors.append(ConditionError(("policy",), "The policy needs at least one rule."))
    elif not errors and criteria_set.policy[-1].condition.strip() != "true":
        errors += _unreached(criteria_set)
    return errors


def _unreached(criteria_set: CriteriaSet) -> list[ConditionError]:
    """Without a catch-all last rule, look for a matched set that no rule decides."""
    programs = [compile_condition(r.condition) for r in criteria_set.policy]  # all checked already
    criteria = criteria_set.criteria
    candidates = [(), tuple(c.slug for c in criteria)] + [(c.slug,) for c in criteria]
    candidates += [tuple(c.slug for c in criteria if c.kind != kind) for kind in CRITERION_KINDS]
    for matched in candidates:
        kinds = sorted({criteria_set.by_slug[s].kind for s in matched})
        ctx = {"matched": list(matched), "matched_kinds": kinds}
        if not any(_applies(p, ctx) for p in programs):
            return [
                ConditionError(
                    ("policy", criteria_set.policy[-1].slug, "condition"),
                    f"No rule applies when matched is {list(matched)}; "
                    "end the policy with a rule whose condition is `true`.",
                )
            ]
    return []


def _applies(program: cel.Program, ctx: dict[str, Any]) -> bool:
    try:
        return program.execute(ctx) is True
    except Exception:  # sample runs already reported any failure; here it just doesn't apply
        return False


def value_problem(question: Question, value: Any) -> str | None:
    """Why `value` can't be an answer to `question` (type, choices, length), or None if it can.

    Used when one answer is saved on its own (autosave); required-ness is checked at submit.
    """
    return _type_problem(question, value) if is_answered(value) else None
