"""Partial answers: three-valued criteria and a verdict that is decided only when it can't change.

A *completion* of a partial answer set answers every open required question that is (or
becomes) shown, may answer the open optional ones, and leaves given answers as they are
(decision-model.md, "Undecided results"). A criterion is *known* when every completion gives it
the same outcome, *unknown* otherwise; the verdict is *decided* when every completion gives the
same verdict. Measured facts are fixed: only open questions vary.

Listing completions naively is hopeless (the goals question alone has 127 answers), so
``evaluate_partial`` enumerates only what can make a difference, exactly:

1. Evaluate the given answers as they stand (``evaluate``): the *leaning* verdict, and the
   outcome of every criterion that reads no open question.
2. Per criterion, the open questions it depends on: those it reads, and those that decide
   whether a question it reads is shown (transitively).
3. Per open question, the answers worth trying: a choice no condition names behaves like every
   other unnamed choice, so one stands for all (read from the parse tree; a question used in any
   other way keeps all its answers).
4. A criterion reading open questions is known or unknown by enumerating its own questions.
5. The policy reads only the matched set. When it asks only ``"x" in matched`` and
   ``"kind" in matched_kinds``, it sees just those slugs and whether each kind is present, so
   criteria it can't see are left out and each group of criteria sharing open questions is
   reduced to the few views the policy can tell apart. Each group is enumerated on its own,
   and the verdict is the policy's over every combination of the groups' views.
6. Per open question, the verdicts still possible for each answer to it (step 5 again with
   that answer fixed, from the same enumeration), so a screen can say what it depends on.

A content version whose conditions defeat the reductions may exceed ``BUDGET`` completions; the
result is then marked not ``exhaustive`` and is never called decided on a guess.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .answers import is_answered
from .compiler import compile_criteria, compile_questionnaire, referenced_names
from .condition_syntax import Node, free_names, walk
from .conditions import parse_condition
from .definitions import VERDICTS, CriteriaSet, Question, Questionnaire
from .evaluate import CriterionResult, Evaluation, evaluate
from .facts import fact_problems
from .validation import Problem, validate_answers, value_problem

BUDGET = 20_000  # completions (and policy combinations) tried at most per call
_TEXT_STAND_IN = "(an answer in the client's words)"
_PLAIN_STRING = re.compile(r"""^(["'])([^"'\\]*)\1$""")


@dataclass(frozen=True)
class OpenQuestion:
    """An open question the verdict depends on, and the verdicts each answer to it leaves."""

    slug: str
    leads_to: tuple[str, ...]  # verdicts still possible after the answers to it that narrow them
    rules_out: tuple[str, ...] = ()  # possible verdicts some answer to it rules out
    settles: tuple[str, ...] = ()  # verdicts some answer to it decides on its own


@dataclass(frozen=True)
class PartialEvaluation:
    """The outcome of a partial answer set. ``evaluation`` is the given answers evaluated as they
    stand, but with unknown criteria marked (``matched`` None in ``criteria``) and left out of
    ``matched``, ``next_steps`` and ``approaches``; its verdict is only the *leaning* one."""

    evaluation: Evaluation
    decided: bool
    possible: tuple[str, ...]  # verdicts some completion gives, sorted
    open: tuple[str, ...]  # sorted slugs of open shown questions an unknown criterion reads
    unknown: tuple[str, ...]  # slugs of unknown criteria, in criteria order
    depends_on: tuple[OpenQuestion, ...] = ()  # shown open questions whose answer can narrow it, in order
    exhaustive: bool = True
    leaning: str = ""

    @property
    def verdict(self) -> str | None:
        return self.evaluation.verdict if self.decided else None

    def to_dict(self) -> dict[str, Any]:
        """``assess --partial``'s object: the usual one, plus ``decided``, ``possible``, ``open``
        (and ``leaning``, ``depends_on``); ``verdict`` and the deciding rule are null while undecided."""
        data = self.evaluation.to_dict()
        for item, c in zip(data["criteria"], self.evaluation.criteria, strict=True):
            item["matched"] = c.matched
        data["verdict"] = self.verdict
        if not self.decided:
            data["decided_by"] = None
        data["decided"] = self.decided
        data["possible"] = list(self.possible)
        data["open"] = list(self.open)
        data["leaning"] = self.leaning
        data["depends_on"] = [
            {"slug": q.slug, "leads_to": list(q.leads_to), "rules_out": list(q.rules_out)} for q in self.depends_on
        ]
        if not self.exhaustive:
            data["exhaustive"] = False
        return data


def evaluate_partial(
    questionnaire: Questionnaire,
    criteria_set: CriteriaSet,
    answers: Mapping[str, Any],
    facts: Mapping[str, Any] | None = None,
) -> PartialEvaluation:
    """Evaluate (possibly incomplete) answers three-valued; see the module docstring.

    ``answers`` may include answers to hidden questions: a completion leaves every given answer
    as it is, so one that a completion shows again counts. Values that can't answer their
    question (only a hidden question's answer escapes validation) count as open."""
    analysis = _analysis(questionnaire, criteria_set)
    given = given_answers(questionnaire, answers)
    leaning = evaluate(questionnaire, criteria_set, given, facts)
    open_slugs = frozenset(s for s in questionnaire.by_slug if s not in given)
    run = _Run(analysis, given, facts, open_slugs)

    # Steps 2 and 4: each criterion's outcome.
    status: list[bool | None] = []
    for i, result in enumerate(leaning.criteria):
        vars_ = analysis.depends[i] & open_slugs
        if not vars_:
            status.append(result.matched)
            continue
        seen = run.outcomes([i], vars_)
        status.append(None if seen is None or len(seen) != 1 else next(iter(seen))[0])
    unknown = tuple(c.slug for c, s in zip(criteria_set.criteria, status, strict=True) if s is None)

    # Steps 5 and 6: the verdicts.
    possible, depends_on, rule = run.verdicts(status)
    exhaustive = not run.over_budget
    decided = exhaustive and len(possible) == 1
    shown = set(compile_questionnaire(questionnaire).visible_slugs(given))
    reads = {c.slug: set(referenced_names(c.condition)) for c in criteria_set.criteria if c.slug in unknown}
    open_read = sorted(s for s in open_slugs & shown if any(s in names for names in reads.values()))
    leaning_verdict = leaning.verdict
    if decided and unknown:
        # Decided although criteria are open: the rule that holds in every completion explains it
        # (the answers as they stand might have been decided by a rule about an open question).
        policy_rule = criteria_set.policy[rule] if rule is not None else None
        decided_by = (
            (policy_rule.slug, policy_rule.explanation)
            if policy_rule is not None
            else ("", "Every way of answering the open questions leads to this verdict.")
        )
        leaning = replace(leaning, verdict=possible[0], decided_by=decided_by)
    return PartialEvaluation(
        evaluation=_three_valued(leaning, criteria_set, status, decided),
        decided=decided,
        possible=possible,
        open=tuple(open_read),
        unknown=unknown,
        # A question not shown yet is reached through the shown one that reveals it.
        depends_on=tuple(d for d in depends_on if d.slug in shown),
        exhaustive=exhaustive,
        leaning=leaning_verdict,
    )


def given_answers(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers a completion keeps: every valid answer to a question of ``questionnaire``,
    shown or hidden (multi-choice answers as lists)."""
    given = {}
    for slug, value in answers.items():
        q = questionnaire.by_slug.get(slug)
        if q is not None and is_answered(value) and value_problem(q, value) is None:
            given[slug] = list(value) if q.type == "multi_choice" else value
    return given


def assess_partial(
    questionnaire: Questionnaire, criteria_set: CriteriaSet, raw_answers: Any, raw_facts: Any = None
) -> tuple[PartialEvaluation | None, list[Problem]]:
    """``assess`` for a partial answer set: an open required question is not a problem, any
    other bad input (a wrong value, an unknown slug, bad facts) still gives ``(None, problems)``."""
    check = validate_answers(questionnaire, raw_answers)
    raw = raw_answers if isinstance(raw_answers, Mapping) else {}
    problems = [p for p in check.problems if not (p.slug in questionnaire.by_slug and not is_answered(raw.get(p.slug)))]
    if raw_facts is not None:
        problems += [Problem("", why) for why in fact_problems(raw_facts)]
    if problems:
        return None, problems
    result = evaluate_partial(questionnaire, criteria_set, raw, raw_facts)
    evaluation = replace(result.evaluation, ignored_hidden=check.ignored_hidden)
    return replace(result, evaluation=evaluation), []


def _three_valued(
    evaluation: Evaluation, criteria_set: CriteriaSet, status: list[bool | None], decided: bool
) -> Evaluation:
    """The evaluation with unknown criteria marked and left out of what is said as known."""
    results = tuple(
        CriterionResult(c.slug, c.kind, c.title, s, c.evidence if s is not None else {}, c.failed)
        for c, s in zip(evaluation.criteria, status, strict=True)
    )
    matched = tuple(c.slug for c in results if c.matched is True)
    steps = []
    for c in criteria_set.criteria:
        if c.slug in matched and c.next_step and c.next_step not in steps:
            steps.append(c.next_step)
    approaches = []
    if decided:
        approaches.append("fine_tuning" if evaluation.verdict == "fine_tune" else "prompt_engineering")
    for c in criteria_set.criteria:
        # An 'against' criterion always names its alternative (definitions.Criterion checks it).
        if c.slug in matched and c.kind == "against" and c.alternative is not None and c.alternative not in approaches:
            approaches.append(c.alternative)
    return replace(evaluation, criteria=results, matched=matched, next_steps=tuple(steps), approaches=tuple(approaches))


# --- what the content allows: computed once per content version ---------------------------------


@dataclass
class _Analysis:
    questionnaire: Questionnaire
    criteria_set: CriteriaSet
    depends: list[frozenset[str]]  # per criterion: questions whose answers (or visibility) it depends on
    policy_slugs: frozenset[str] | None = None  # None: the policy reads the matched set some other way
    policy_kinds: frozenset[str] = frozenset()
    # (slug, conditions) → (answers worth trying, exact?)
    domains: dict[tuple[str, frozenset[str]], tuple[list[Any], bool]] = field(default_factory=dict)


_analyses: dict[tuple[object, ...], _Analysis] = {}


def _analysis(questionnaire: Questionnaire, criteria_set: CriteriaSet) -> _Analysis:
    key = (
        *(questionnaire.slug, questionnaire.version, questionnaire.content_hash),
        *(criteria_set.slug, criteria_set.version, criteria_set.content_hash),
    )
    found = _analyses.get(key)
    if found is None:
        if len(_analyses) >= 64:
            del _analyses[next(iter(_analyses))]
        found = _analyses[key] = _analyse(questionnaire, criteria_set)
    return found


def _names(source: str) -> set[str]:
    try:
        return set(referenced_names(source))
    except Exception:  # a broken condition fails for every answer set; it depends on nothing
        return set()


def _analyse(questionnaire: Questionnaire, criteria_set: CriteriaSet) -> _Analysis:
    shows = {q.slug: _names(q.visible_when) if q.visible_when.strip() else set() for q in questionnaire.questions}
    depends = []
    for c in criteria_set.criteria:
        found: set[str] = set()
        todo = [n for n in _names(c.condition) if n in shows]
        while todo:
            slug = todo.pop()
            if slug not in found:
                found.add(slug)
                todo.extend(n for n in shows[slug] if n in shows)
        depends.append(frozenset(found))
    analysis = _Analysis(questionnaire, criteria_set, depends)
    policy = [r.condition for r in criteria_set.policy]
    slugs = _membership(policy, "matched")
    kinds = _membership(policy, "matched_kinds")
    if slugs is not None and kinds is not None:
        analysis.policy_slugs, analysis.policy_kinds = frozenset(slugs), frozenset(kinds)
    return analysis


def _literal(node: Node) -> str | None:
    if node.kind != "literal":
        return None
    m = _PLAIN_STRING.match(node.name)
    return m.group(2) if m else None


def _uses(source: str, name: str) -> tuple[set[str], bool] | None:
    """How ``source`` reads ``name``: (string literals it is compared with, membership only?),
    or None when it reads it any other way (then every answer must be tried)."""
    try:
        tree = parse_condition(source)
    except Exception:
        return set(), True  # never compiles: fails for every answer set alike
    free = {offset for n, offset in free_names(tree) if n == name}
    safe: set[int] = set()
    literals: set[str] = set()
    membership = True
    for node in walk(tree):
        if node.kind != "binary" or len(node.parts) != 2:
            continue
        left, right = node.parts
        if node.name == "in" and right.kind == "name" and right.name == name and (text := _literal(left)) is not None:
            safe.add(right.start)
            literals.add(text)
        elif node.name in ("==", "!=") and {left.kind, right.kind} == {"name", "literal"}:
            var, lit = (left, right) if left.kind == "name" else (right, left)
            if var.name == name and (text := _literal(lit)) is not None:
                safe.add(var.start)
                literals.add(text)
                membership = False
        elif node.name == "in" and left.kind == "name" and left.name == name and right.kind == "list":
            items = [text for p in right.parts if (text := _literal(p)) is not None]
            if len(items) == len(right.parts):  # every item is a plain string
                safe.add(left.start)
                literals.update(items)
                membership = False
    return (literals, membership) if free and free <= safe else None


def _membership(sources: list[str], name: str) -> set[str] | None:
    """Literals ``x`` of every ``"x" in name`` in ``sources``; None if ``name`` is read otherwise."""
    found: set[str] = set()
    for source in sources:
        if name not in _names(source):
            continue
        use = _uses(source, name)
        if use is None or not use[1]:
            return None
        found |= use[0]
    return found


def _compared_literals(slug: str, sources: frozenset[str]) -> tuple[set[str] | None, bool]:
    """(string literals ``sources`` compare ``slug`` with, membership only?); None instead of
    the literals when one of them reads it any other way."""
    named: set[str] = set()
    membership = True
    for source in sources:
        use = _uses(source, slug) if slug in _names(source) else (set(), True)
        if use is None:
            return None, membership
        named |= use[0]
        membership = membership and use[1]
    return named, membership


def _domain(analysis: _Analysis, q: Question, sources: frozenset[str]) -> tuple[list[Any], bool]:
    """Step 3: (answers worth trying for ``q`` when only ``sources`` (conditions) are looked at,
    exact?). Optional questions may also stay open (None)."""
    key = (q.slug, sources)
    cached = analysis.domains.get(key)
    if cached is not None:
        return cached
    named, membership = _compared_literals(q.slug, sources)
    exact = True
    if q.type == "yes_no":
        values: list[Any] = [True, False]
    elif q.type == "single_choice":
        values = list(q.choice_values)
        if named is not None:
            kept = [v for v in values if v in named]
            values = kept + [v for v in values if v not in named][:1]
    elif q.type == "multi_choice":
        pool = list(q.choice_values)
        if named is not None and membership:
            pool = [v for v in pool if v in named] + [v for v in pool if v not in named][:1]
        values = [list(s) for n in range(1, len(pool) + 1) for s in itertools.combinations(pool, n)]
    else:  # long text: only the literals a condition compares it with can be tried
        values = sorted(named or ()) + [_TEXT_STAND_IN]
        exact = named is not None
    if not q.required:
        values = [None, *values]
    if len(analysis.domains) < 4096:
        analysis.domains[key] = (values, exact)
    return values, exact


# --- enumeration ---------------------------------------------------------------------------------


class _Run:
    """One call's enumeration state: the given answers, facts, and what was tried so far."""

    def __init__(
        self, analysis: _Analysis, given: dict[str, Any], facts: Mapping[str, Any] | None, open_slugs: frozenset[str]
    ):
        self.a = analysis
        self.given = given
        self.facts = facts
        self.open = open_slugs
        self.cq = compile_questionnaire(analysis.questionnaire)
        self.cc = compile_criteria(analysis.criteria_set)
        self.tried = 0
        self.over_budget = False

    def _completions(self, slugs: list[str], indices: list[int]) -> Iterator[tuple[tuple[Any, ...], list[bool]]]:
        """(assignment, criterion flags) for every way to answer ``slugs`` (ordered), each
        distinct visible answer set once; only criteria ``indices`` are looked at."""
        by_slug = self.a.questionnaire.by_slug
        criteria = self.a.criteria_set.criteria
        # What tells answers apart: the criteria, and whether the questions they depend on are shown.
        shown_by: set[str] = set().union(*(self.a.depends[i] for i in indices), slugs)
        shown_when = [by_slug[s].visible_when for s in shown_by if by_slug[s].visible_when]
        sources = frozenset([criteria[i].condition for i in indices] + shown_when)
        pools = []
        for slug in slugs:
            values, exact = _domain(self.a, by_slug[slug], sources)
            self.over_budget |= not exact
            pools.append(values)
        seen: set[tuple[object, ...]] = set()
        # Two completions with the same visible answers are one (a hidden answer doesn't count).
        key_slugs = slugs + sorted(s for s in self.given if s in shown_by)  # only these can be hidden
        for combo in itertools.product(*pools):
            self.tried += 1
            if self.tried > BUDGET:
                self.over_budget = True
                return
            candidate = dict(self.given)
            for slug, value in zip(slugs, combo, strict=True):
                if value is not None:
                    candidate[slug] = value
            visible, _ = self.cq.visible_answers(candidate)
            key = tuple(_hashable(visible.get(s)) for s in key_slugs)
            if key in seen:
                continue
            seen.add(key)
            yield combo, self.cc.match(visible, self.facts)

    def outcomes(self, indices: list[int], slugs: Iterable[str]) -> set[tuple[bool, ...]] | None:
        """The distinct outcomes of criteria ``indices`` over the completions of ``slugs``
        (stops at two: one is known, two is unknown)."""
        seen: set[tuple[bool, ...]] = set()
        for _, flags in self._completions(sorted(slugs), indices):
            seen.add(tuple(flags[i] is True for i in indices))
            if len(indices) == 1 and len(seen) > 1:
                break
        return seen

    def verdicts(self, status: list[bool | None]) -> tuple[tuple[str, ...], tuple[OpenQuestion, ...], int | None]:
        """Steps 5 and 6: the possible verdicts, the open questions they depend on, and when only
        one verdict is possible, the index of the policy rule that gives it in every completion."""
        criteria = self.a.criteria_set.criteria
        kinds = {c.slug: c.kind for c in criteria}
        slugs_seen, kinds_seen = self.a.policy_slugs, self.a.policy_kinds
        if slugs_seen is None:
            visible_to_policy = set(range(len(criteria)))
        else:
            visible_to_policy = {i for i, c in enumerate(criteria) if c.slug in slugs_seen or c.kind in kinds_seen}

        def view(matched: frozenset[str]) -> frozenset[str]:
            if slugs_seen is None:
                return matched
            return frozenset(s for s in matched if s in slugs_seen) | frozenset(
                "kind:" + kinds[s] for s in matched if kinds[s] in kinds_seen
            )

        known = frozenset(c.slug for c, s in zip(criteria, status, strict=True) if s is True)
        unknown = [i for i in sorted(visible_to_policy) if status[i] is None]
        # Group unknown criteria that share open questions (union-find by question).
        groups: list[tuple[set[int], set[str]]] = []
        for i in unknown:
            vars_ = set(self.a.depends[i] & self.open)
            merged = [g for g in groups if g[1] & vars_]
            for g in merged:
                groups.remove(g)
            groups.append(({i, *(j for g in merged for j in g[0])}, vars_.union(*(g[1] for g in merged))))
        # Per group: its policy views, each with one matched set that shows it, and per open
        # question and answer, the views that answer leaves.
        group_views = []
        for members, vars_ in groups:
            order = sorted(members)
            slugs = sorted(vars_)
            views: dict[frozenset[str], frozenset[str]] = {}
            by_answer: dict[tuple[str, Any], set[frozenset[str]]] = {}
            for combo, flags in self._completions(slugs, order):
                matched = frozenset(criteria[i].slug for i in order if flags[i] is True)
                v = view(matched)
                views.setdefault(v, matched)
                for slug, value in zip(slugs, combo, strict=True):
                    by_answer.setdefault((slug, _hashable(value)), set()).add(v)
            group_views.append((slugs, views, by_answer))

        # Per group, one choice each: its policy views, each with a matched set that shows it.
        def possible_with(
            choices: list[dict[frozenset[str], frozenset[str]]], record: list[frozenset[str]] | None = None
        ) -> set[str]:
            found: set[str] = set()
            for combo in itertools.product(*[list(c.values()) for c in choices]):
                self.tried += 1
                if self.tried > BUDGET:
                    self.over_budget = True
                    break
                matched = known.union(*combo)
                found.add(self._decide(matched))
                if record is not None:
                    record.append(matched)
                elif len(found) == len(VERDICTS):
                    break
            return found

        everything = [views for _, views, _ in group_views]
        combos: list[frozenset[str]] = []
        possible = possible_with(everything, combos)
        rule = self._common_rule(combos) if len(possible) == 1 else None
        depends = {}
        for at, (slugs, views, by_answer) in enumerate(group_views):
            for slug in slugs:
                per_answer = []
                for (s, value), vs in by_answer.items():
                    if s != slug:
                        continue
                    choices = everything[:at] + [{v: views[v] for v in vs}] + everything[at + 1 :]
                    per_answer.append((value, possible_with(choices)))
                narrowing = [(value, v) for value, v in per_answer if v < possible]
                if narrowing:
                    leads = set().union(*(v for _, v in narrowing))
                    settles = {next(iter(v)) for _, v in narrowing if len(v) == 1}
                    out = set().union(*(possible - v for _, v in narrowing))
                    depends[slug] = OpenQuestion(slug, _in_order(leads), _in_order(out), _in_order(settles))
        ordered = tuple(depends[q.slug] for q in self.a.questionnaire.questions if q.slug in depends)
        return _in_order(possible), ordered, rule

    def _common_rule(self, combos: list[frozenset[str]]) -> int | None:
        """The first rule giving the one possible verdict whose condition holds for every matched
        set in ``combos``, or None."""
        policy = self.a.criteria_set.policy
        holds = None
        for matched in combos:
            ordered = tuple(c.slug for c in self.a.criteria_set.criteria if c.slug in matched)
            flags = self.cc.rules_holding(ordered)
            now = {i for i, f in enumerate(flags) if f is True}
            holds = now if holds is None else holds & now
        verdict = self._decide(combos[0]) if combos else None
        return next((i for i in sorted(holds or ()) if policy[i].verdict == verdict), None)

    def _decide(self, matched: frozenset[str]) -> str:
        ordered = tuple(c.slug for c in self.a.criteria_set.criteria if c.slug in matched)
        return self.a.criteria_set.policy[self.cc.decide(ordered)].verdict


def _in_order(verdicts: Iterable[str]) -> tuple[str, ...]:
    """Verdicts sorted by slug: the contract's ``possible`` is a sorted list."""
    return tuple(sorted(verdicts))


def _hashable(value: Any) -> object:
    return tuple(value) if isinstance(value, list) else value
