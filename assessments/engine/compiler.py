"""Compile a questionnaire's visibility rules and a criteria set into few CEL programs.

One CEL ``execute`` costs ~15 µs whatever it computes, so evaluating each condition on its own
would dominate an assessment. Instead every group of conditions becomes ONE program, a list
literal with one guarded entry per condition::

    [("goals" in _present) ? (<condition>) : null, ...]

The guard keeps each entry from touching an absent (unanswered or hidden) variable, which would
make the whole list fail. An entry that comes back ``null`` could still be decided by CEL's
error-absorbing ``||``/``&&`` (``a == "x" || b == "y"`` with ``b`` absent), so it is re-run
alone with its own program. An error there means "does not match": reading an unanswered
question is the ordinary case; any other error (division by zero, overflow, …) also makes the
condition a *failure*, which callers can list (``failures``) to flag it. A condition that is
refused or doesn't compile (stored content validation would refuse) fails for every answer set,
so loading and evaluating bad content never raises.

Handing answers to CEL costs more than evaluating them, so each condition also remembers its
result per combination of the values it reads (see ConditionBatch); a warm engine rarely calls
CEL at all, and the policy's answer is remembered per matched set.

Compiled objects are cached by (slug, version, content hash): editing content (a new version or
a changed draft) gets a fresh compile, re-evaluating published content never recompiles.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from typing import Any, Literal, TypeVar, cast, overload

import cel

from .answers import is_answered
from .condition_syntax import free_names
from .conditions import compile_condition, compile_list, failure_message, is_absence, parse_condition
from .definitions import CriteriaSet, Question, Questionnaire
from .facts import fact_context

PRESENT = "_present"  # reserved variable: the list of answered, visible slugs
MEMO_LIMIT = 4096  # remembered results per condition; beyond it, results are computed each time
_POLICY_CACHE_LIMIT = 4096
_ABSENT = object()


def referenced_names(source: str) -> tuple[str, ...]:
    """Variables a condition reads, read from its parse tree: names bound by a macro
    (`g` in `goals.exists(g, ...)`) only where they are bound. For a source compile_condition
    accepted."""
    return tuple(sorted({name for name, _ in free_names(parse_condition(source))}))


def _no_key(_frozen: object) -> tuple[()]:
    return ()


def _freeze(value: object) -> object:
    """A hashable stand-in for an answer value that keeps bool, int and str apart."""
    if type(value) is str:
        return value
    if isinstance(value, (list, tuple)):
        return tuple(value)
    if isinstance(value, dict):  # a facts namespace (answers are never maps)
        return (dict, tuple(sorted(value.items())))
    return (type(value), value)


class EngineError(RuntimeError):
    """Content that validation should have refused reached evaluation."""


class Failed:
    """The outcome of a condition that could not be evaluated: falsy, and says why."""

    __slots__ = ("message",)

    def __init__(self, message: str):
        self.message = message

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return f"Failed({self.message!r})"


# What one condition gives: True or False, or Failed when it could not be evaluated.
Outcome = bool | Failed


def _compiled(source: str) -> tuple[cel.Program | None, str | None]:
    """(program, None), or (None, why) for a source that is refused or doesn't compile."""
    try:
        return compile_condition(source), None
    except Exception as exc:  # the native library's exception classes are not a contract
        return None, str(exc)


class ConditionBatch:
    """Many boolean conditions evaluated together; see the module docstring.

    Handing values to CEL costs ~3 µs per string, far more than evaluating, and a condition
    is a pure function of the variables it reads. So each condition remembers its result per
    tuple of those values (bounded by ``memo_limit``); only a miss runs the batch program.

    ``fallible`` turns true once any condition has failed (or at once, for one that doesn't
    compile); until then ``evaluate`` returns the remembered results as they are.
    """

    def __init__(self, conditions: Sequence[str], memo_limit: int | None = None):
        self.sources = list(conditions)
        compiled = [_compiled(c) for c in conditions]
        self.singles = [program for program, _ in compiled]
        self._broken = {i: Failed(why) for i, (_, why) in enumerate(compiled) if why is not None}
        self.fallible = bool(self._broken)
        self.variables = [
            referenced_names(c) if p is not None else () for p, c in zip(self.singles, conditions, strict=True)
        ]
        entries = []
        for cond, names, program in zip(conditions, self.variables, self.singles, strict=True):
            if program is None:
                entries.append("null")  # decided alone, as a failure
                continue
            guard = " && ".join(f'"{n}" in {PRESENT}' for n in names) or "true"
            # Newlines around the condition keep a trailing comment from swallowing the rest.
            entries.append(f"(({guard}) ? (\n{cond}\n) : null)")
        self.program = compile_list(entries) if entries else None
        # The batch is given only the variables its conditions read: conversion is the cost.
        self.names = tuple(sorted({n for names in self.variables for n in names}))
        self._keys = [operator.itemgetter(*names) if names else _no_key for names in self.variables]
        self._memo: list[dict[object, Outcome]] = [{} for _ in conditions]
        self.memo_limit = MEMO_LIMIT if memo_limit is None else memo_limit
        self._constant: dict[int, Outcome] = {}

    @overload
    def evaluate(self, context: Mapping[str, Any], *, outcomes: Literal[False] = False) -> list[bool]: ...

    @overload
    def evaluate(self, context: Mapping[str, Any], *, outcomes: Literal[True]) -> list[Outcome]: ...

    def evaluate(self, context: Mapping[str, Any], *, outcomes: bool = False) -> list[bool] | list[Outcome]:
        """Return one bool per condition: True only if it is decidably true for ``context``.

        With ``outcomes=True``, a condition that failed gives its Failed (falsy) instead of False.
        """
        frozen = {n: _freeze(context.get(n, _ABSENT)) for n in self.names}
        keys = [key(frozen) for key in self._keys]
        remembered = [memo.get(key) for memo, key in zip(self._memo, keys, strict=True)]
        if None in remembered:
            results = self._execute(context)
            for memo, key, result in zip(self._memo, keys, results, strict=True):
                if len(memo) < self.memo_limit:
                    memo[key] = result
        else:
            results = cast(list[Outcome], remembered)  # every condition's result was remembered
        # The memo holds Failed outcomes too; only content that ever failed needs them turned to False.
        if self.fallible and not outcomes:
            return [r is True for r in results]
        # Unless ``fallible``, no condition has failed, so every outcome is a bool.
        return results if outcomes else cast(list[bool], results)

    def failures(self, context: Mapping[str, Any]) -> list[tuple[int, str]]:
        """(index, why) of each condition that failed for ``context``; none unless ``fallible``."""
        if not self.fallible:
            return []
        return [(i, o.message) for i, o in enumerate(self.evaluate(context, outcomes=True)) if type(o) is Failed]

    def _execute(self, context: Mapping[str, Any]) -> list[Outcome]:
        if self.program is None:
            return []
        ctx = {n: context[n] for n in self.names if n in context}
        ctx[PRESENT] = list(ctx)
        try:
            raw = self.program.execute(ctx)
        except Exception:  # one entry fails (ZeroDivisionError, OverflowError, …): decide each alone
            raw = [None] * len(self.singles)
        return [r is True if r is not None else self._single(i, ctx) for i, r in enumerate(raw)]

    def _single(self, i: int, ctx: dict[str, Any]) -> Outcome:
        names = self.variables[i]
        if not any(n in ctx for n in names):
            # Nothing it reads is present, so its value depends only on literals: compute once.
            if i not in self._constant:
                self._constant[i] = self._run(i, {})
            return self._constant[i]
        return self._run(i, {n: ctx[n] for n in names if n in ctx})

    def _run(self, i: int, ctx: dict[str, Any]) -> Outcome:
        program = self.singles[i]
        if program is None:  # it didn't compile; _broken holds why
            return self._broken[i]
        try:
            return program.execute(ctx) is True
        except Exception as exc:  # the native evaluator raises many classes; none may escape
            if is_absence(exc, [n for n in self.variables[i] if n not in ctx]):
                return False
            self.fallible = True  # before the outcome is remembered, so evaluate() never leaks it
            return Failed(failure_message(self.sources[i], exc))


class CompiledQuestionnaire:
    """Decides which questions are shown for an answer set."""

    def __init__(self, questionnaire: Questionnaire):
        self.questionnaire = questionnaire
        # A question's visibility may depend on earlier conditional questions, so group them in
        # layers: layer k reads only questions from layers < k, each layer is one batch.
        layer_of: dict[str, int] = {}
        layers: dict[int, list[Question]] = {}
        for q in questionnaire.questions:
            if not q.visible_when.strip():
                layer_of[q.slug] = 0
                continue
            program, _ = _compiled(q.visible_when)  # a broken one fails in its batch: never shown
            names = referenced_names(q.visible_when) if program is not None else ()
            layer = 1 + max((layer_of.get(n, 0) for n in names), default=0)
            layer_of[q.slug] = layer
            layers.setdefault(layer, []).append(q)
        self.layers = [
            ([q.slug for q in qs], ConditionBatch([q.visible_when for q in qs])) for _, qs in sorted(layers.items())
        ]
        self.always = frozenset(s for s, layer in layer_of.items() if layer == 0)

    def visible_answers(self, answers: Mapping[str, Any]) -> tuple[dict[str, Any], tuple[str, ...]]:
        """Split answers into (answers to visible questions, slugs of answered hidden questions).

        Unanswered values (see ``is_answered``) and unknown slugs are dropped. A hidden
        question's answer is invisible to every later condition, visibility included.
        """
        answered = {s: v for s, v in answers.items() if is_answered(v)}
        visible = {s: v for s, v in answered.items() if s in self.always}
        for slugs, batch in self.layers:
            # Evaluate against what is visible so far; add this layer's answers afterwards.
            shown = batch.evaluate(visible)
            for slug, is_shown in zip(slugs, shown, strict=True):
                if is_shown and slug in answered:
                    visible[slug] = answered[slug]
        if len(visible) == len(answered):
            return visible, ()
        hidden = tuple(s for s in self.questionnaire.by_slug if s in answered and s not in visible)
        return visible, hidden

    @property
    def fallible(self) -> bool:
        for _, batch in self.layers:  # a loop, not any(genexpr): this runs on every evaluation
            if batch.fallible:
                return True
        return False

    def visibility_failures(self, answers: Mapping[str, Any]) -> list[tuple[str, str]]:
        """(slug, why) of each visibility condition that failed for ``answers``: the steps of
        ``visible_answers`` again, worth it only when ``fallible``."""
        answered = {s: v for s, v in answers.items() if is_answered(v)}
        visible = {s: v for s, v in answered.items() if s in self.always}
        failures = []
        for slugs, batch in self.layers:
            for slug, outcome in zip(slugs, batch.evaluate(visible, outcomes=True), strict=True):
                if outcome is True and slug in answered:
                    visible[slug] = answered[slug]
                elif type(outcome) is Failed:
                    failures.append((slug, outcome.message))
        return failures

    def visible_slugs(self, answers: Mapping[str, Any]) -> tuple[str, ...]:
        """Slugs of every question shown for ``answers`` (answered or not), in order."""
        visible = {s: v for s, v in answers.items() if is_answered(v) and s in self.always}
        shown_all = set(self.always)
        for slugs, batch in self.layers:
            for slug, is_shown in zip(slugs, batch.evaluate(visible), strict=True):
                if is_shown:
                    shown_all.add(slug)
                    if is_answered(answers.get(slug)):
                        visible[slug] = answers[slug]
        return tuple(q.slug for q in self.questionnaire.questions if q.slug in shown_all)


class CompiledCriteria:
    """Criteria (one batch) and policy (one batch, memoised by matched set) of a criteria set."""

    def __init__(self, criteria_set: CriteriaSet):
        self.criteria_set = criteria_set
        self.criteria = ConditionBatch([c.condition for c in criteria_set.criteria])
        self.rows = list(zip(criteria_set.criteria, self.criteria.variables, strict=True))
        self.policy = ConditionBatch([r.condition for r in criteria_set.policy])
        self._decisions: dict[tuple[str, ...], int] = {}

    def match(self, visible: Mapping[str, Any], facts: Mapping[str, Any] | None = None) -> list[bool]:
        """One flag per criterion for the visible answers and the measured facts (if any)."""
        return self.criteria.evaluate(self.context(visible, facts))

    @staticmethod
    def context(visible: Mapping[str, Any], facts: Mapping[str, Any] | None) -> dict[str, Any]:
        """What criterion conditions see: the visible answers and the facts' namespaces."""
        return {**visible, **fact_context(facts)}

    def decide(self, matched: tuple[str, ...]) -> int:
        """Index of the first policy rule that applies to ``matched`` (criterion slugs)."""
        # The policy reads only the matched set, so the answer per set can be remembered.
        index = self._decisions.get(matched)
        if index is None:
            applies = self.policy.evaluate(self._policy_context(matched))
            index = next((i for i, a in enumerate(applies) if a), -1)
            if len(self._decisions) < _POLICY_CACHE_LIMIT:
                self._decisions[matched] = index
        if index < 0:
            raise EngineError(f"criteria set {self.criteria_set.slug}: no policy rule applies to {matched}")
        return index

    def rules_holding(self, matched: tuple[str, ...]) -> list[bool]:
        """One flag per policy rule: does its condition hold for ``matched``? (Not only the first.)"""
        return self.policy.evaluate(self._policy_context(matched))

    def policy_failures(self, matched: tuple[str, ...]) -> list[tuple[int, str]]:
        """(rule index, why) of each policy rule that failed for ``matched``."""
        return self.policy.failures(self._policy_context(matched))

    def _policy_context(self, matched: tuple[str, ...]) -> dict[str, Any]:
        kinds = sorted({self.criteria_set.by_slug[s].kind for s in matched})
        return {"matched": list(matched), "matched_kinds": kinds}


_cache: dict[tuple[object, ...], CompiledQuestionnaire | CompiledCriteria] = {}
_CACHE_LIMIT = 64  # drafts edited all day must not grow the cache without bound
_Compiled = TypeVar("_Compiled", CompiledQuestionnaire, CompiledCriteria)


def _remember(key: tuple[object, ...], compiled: _Compiled) -> _Compiled:
    if len(_cache) >= _CACHE_LIMIT:
        del _cache[next(iter(_cache))]  # the oldest entry
    _cache[key] = compiled
    return compiled


def compile_questionnaire(questionnaire: Questionnaire) -> CompiledQuestionnaire:
    key = ("q", questionnaire.slug, questionnaire.version, questionnaire.content_hash)
    found = _cache.get(key)  # the key's first item keeps the two kinds apart
    return found if isinstance(found, CompiledQuestionnaire) else _remember(key, CompiledQuestionnaire(questionnaire))


def compile_criteria(criteria_set: CriteriaSet) -> CompiledCriteria:
    key = ("c", criteria_set.slug, criteria_set.version, criteria_set.content_hash)
    found = _cache.get(key)
    return found if isinstance(found, CompiledCriteria) else _remember(key, CompiledCriteria(criteria_set))


def visible_slugs(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> tuple[str, ...]:
    """Slugs of the questions `answers` show (answered or not), in questionnaire order."""
    return compile_questionnaire(questionnaire).visible_slugs(answers)
