"""What would change the verdict? The smallest answer changes that move it.

Used in reports and the workshop preview ("With 100–1,000 curated examples, the verdict becomes
fine_tune"). Only the verdict is computed for each candidate, through the same compiled programs
that ``evaluate`` uses, so one call stays in the tens of milliseconds.

``path_to_yes`` also moves measured facts (a client can remove contaminated eval cases or add
examples, not just answer differently) and labels each change by direction: toward fine-tuning
first, then what would rule it out.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .answers import is_answered
from .compiler import CompiledQuestionnaire, compile_criteria, compile_questionnaire
from .condition_syntax import walk
from .conditions import parse_condition
from .definitions import CriteriaSet, Question, Questionnaire
from .facts import FACTS

ENOUGH_SINGLE_CHANGES = 5  # below this many one-change answers, also look at pairs

# One change: (question slug or fact name, the value it had or None, the new value).
Change = tuple[str, Any, Any]


# How close a verdict is to fine-tuning: a change "toward" raises it, "away" lowers it.
CLOSENESS = {"do_not_fine_tune": 0, "not_yet": 1, "fine_tune": 2}


@dataclass(frozen=True)
class Counterfactual:
    changes: tuple[Change, ...]  # (slug, old value or None, new value)
    new_verdict: str
    sentence: str
    fact_changes: tuple[Change, ...] = ()  # (fact name, measured value, new value)
    direction: str = ""  # "toward" fine-tuning or "away" from it (path_to_yes only)


def counterfactuals(
    questionnaire: Questionnaire,
    criteria_set: CriteriaSet,
    answers: Mapping[str, Any],
    max_changes: int = 2,
    facts: Mapping[str, Any] | None = None,
    vary_facts: bool = False,
) -> list[Counterfactual]:
    """Answer changes (at most ``max_changes``) that give a different verdict, smallest first.
    Measured facts, if given, stay as they are (only answers change) unless ``vary_facts``:
    then each measured fact a criterion compares with a number may also move to that number's
    edge (``fact_moves``), and a move counts as one change.

    1. List every one-question move among shown questions: another value of a single choice
       or yes/no question, one choice added to or removed from a multi-choice answer. Long
       text is never changed. A move that reveals a required question also answers it, and
       that counts as a further change.
    2. Keep the moves that change the verdict.
    3. If fewer than ENOUGH_SINGLE_CHANGES one-change moves did, combine two one-change moves
       on different questions; a pair is kept only if neither half changes the verdict alone.
    4. Sort by number of changes, then questionnaire and choice order (stable across runs).
    """
    cq = compile_questionnaire(questionnaire)
    cc = compile_criteria(criteria_set)

    def verdict(candidate: Mapping[str, Any]) -> str:
        # Fact names hold a dot, question slugs never do: one candidate carries both.
        moved = {k: v for k, v in candidate.items() if "." in k}
        answers_only = {k: v for k, v in candidate.items() if "." not in k} if moved else candidate
        visible, _ = cq.visible_answers(answers_only)
        flags = cc.match(visible, {**(facts or {}), **moved} if moved else facts)
        matched = tuple(c.slug for c, f in zip(criteria_set.criteria, flags, strict=True) if f)
        return criteria_set.policy[cc.decide(matched)].verdict

    base, _ = cq.visible_answers(answers)
    base_verdict = verdict(base)
    shown = cq.visible_slugs(base)
    order = {q.slug: i for i, q in enumerate(questionnaire.questions)}

    found: list[tuple[tuple[Change, ...], str]] = []
    singles: list[Change] = []
    for q in questionnaire.questions:
        if q.slug not in shown:
            continue
        for new in _alternatives(q, base.get(q.slug)):
            change = (q.slug, base.get(q.slug), new)
            for changes in _with_revealed(questionnaire, cq, base, shown, (change,), max_changes):
                candidate = _apply(base, changes)
                new_verdict = verdict(candidate)
                if new_verdict != base_verdict:
                    found.append((changes, new_verdict))
                elif len(changes) == 1:
                    singles.append(change)

    for move in fact_moves(criteria_set, facts) if vary_facts else ():
        new_verdict = verdict(_apply(base, (move,)))
        if new_verdict != base_verdict:
            found.append(((move,), new_verdict))
        else:
            singles.append(move)

    if max_changes >= 2 and sum(len(c) == 1 for c, _ in found) < ENOUGH_SINGLE_CHANGES:
        for a, b in itertools.combinations(singles, 2):
            if a[0] == b[0]:
                continue
            # A pair that reveals a new required question would need a third change: skip it.
            if _revealed_required(questionnaire, cq, _apply(base, (a, b)), shown):
                continue
            new_verdict = verdict(_apply(base, (a, b)))
            if new_verdict != base_verdict:
                found.append(((a, b), new_verdict))

    def sort_key(item: tuple[tuple[Change, ...], str]) -> tuple[int, list[tuple[int, str, Any]]]:
        changes, _ = item
        return len(changes), [_position(questionnaire, order, change) for change in changes]

    found.sort(key=sort_key)
    results = []
    for changes, v in found:
        answers_changed = tuple(c for c in changes if "." not in c[0])
        facts_changed = tuple(c for c in changes if "." in c[0])
        direction = "toward" if CLOSENESS[v] > CLOSENESS[base_verdict] else "away"
        sentence = _sentence(questionnaire, changes, v)
        results.append(Counterfactual(answers_changed, v, sentence, facts_changed, direction if vary_facts else ""))
    return results


def path_to_yes(
    questionnaire: Questionnaire,
    criteria_set: CriteriaSet,
    answers: Mapping[str, Any],
    facts: Mapping[str, Any] | None = None,
    max_changes: int = 2,
) -> list[Counterfactual]:
    """Changes of answers and of measured facts that move the verdict, labelled by direction:
    those that make it ``fine_tune`` first, then others toward fine-tuning, then those that
    would rule it out; within each, fewest changes first and the smallest moves first."""
    found = counterfactuals(questionnaire, criteria_set, answers, max_changes, facts, vary_facts=True)

    def key(cf: Counterfactual) -> tuple[int, int, float]:
        group = 0 if cf.new_verdict == "fine_tune" else 1 if cf.direction == "toward" else 2
        return group, len(cf.changes) + len(cf.fact_changes), sum(_size(c) for c in cf.fact_changes)

    return sorted(found, key=key)  # stable: the questionnaire order stays within equal keys


def _size(change: Change) -> float:
    """How much a fact move asks, relative to where it stands (removing 5 of 5 is all of it)."""
    _, old, new = change
    return float(abs(new - old) / max(abs(old), 1))


def _position(questionnaire: Questionnaire, order: Mapping[str, int], change: Change) -> tuple[int, str, Any]:
    slug, _, new = change
    if "." in slug:  # measured facts after every question
        return (len(order), slug, 0)
    return (order[slug], "", _rank(questionnaire.by_slug[slug], new))


def fact_moves(criteria_set: CriteriaSet, facts: Mapping[str, Any] | None) -> list[Change]:
    """(fact, measured value, new value) for each measured fact a criterion compares with a
    number, moved to just either side of that number (kept in the fact's range)."""
    if not facts:
        return []
    edges: dict[str, set[float]] = {}
    for criterion in criteria_set.criteria:
        for name, number in _compared_numbers(criterion.condition):
            if name in facts:
                edges.setdefault(name, set()).add(number)
    moves = []
    for name in sorted(edges):
        fact, old = FACTS[name], facts[name]
        candidates: set[float] = set()  # whole numbers for a count
        for number in edges[name]:
            if fact.type is int:
                candidates.update({int(number) - 1, int(number), int(number) + 1})
            else:
                candidates.update({number, min(1.0, number + 0.01), max(0.0, number - 0.01)})
        valid = sorted(v for v in candidates if v >= 0 and (fact.type is int or v <= 1) and v != old)
        moves += [(name, old, v) for v in valid]
    return moves


def _compared_numbers(source: str) -> list[tuple[str, float]]:
    """(fact name, number) for each ``<namespace>.<key> <op> <number>`` in a condition."""
    try:
        tree = parse_condition(source)
    except Exception:  # a broken condition reads nothing
        return []
    found = []
    for node in walk(tree):
        if node.kind != "binary" or node.name not in ("<", "<=", ">", ">=", "==", "!=") or len(node.parts) != 2:
            continue
        for side, other in (node.parts, reversed(node.parts)):
            if side.kind == "select" and side.parts and side.parts[0].kind == "name" and other.kind == "literal":
                name = f"{side.parts[0].name}.{side.name}"
                try:
                    number = float(other.name)
                except ValueError:
                    continue
                if name in FACTS:
                    found.append((name, number))
    return found


def _alternatives(q: Question, current: Any) -> list[Any]:
    if q.type == "single_choice":
        return [v for v in q.choice_values if v != current]
    if q.type == "yes_no":
        return [v for v in (True, False) if v is not current]
    if q.type == "multi_choice":
        chosen = list(current or [])
        added = [sorted(chosen + [v], key=q.choice_values.index) for v in q.choice_values if v not in chosen]
        removed = [[c for c in chosen if c != v] for v in chosen]
        # Emptying a required multi-choice answer would make the set invalid.
        return added + [r for r in removed if r or not q.required]
    return []  # long text: no meaningful alternative value


def _apply(base: Mapping[str, Any], changes: tuple[Change, ...]) -> dict[str, Any]:
    candidate = dict(base)
    for slug, _, new in changes:
        candidate[slug] = new
    return candidate


def _revealed_required(
    questionnaire: Questionnaire, cq: CompiledQuestionnaire, candidate: Mapping[str, Any], shown: tuple[str, ...]
) -> list[Question]:
    return [
        questionnaire.by_slug[s]
        for s in cq.visible_slugs(candidate)
        if s not in shown and questionnaire.by_slug[s].required and not is_answered(candidate.get(s))
    ]


def _with_revealed(
    questionnaire: Questionnaire,
    cq: CompiledQuestionnaire,
    base: Mapping[str, Any],
    shown: tuple[str, ...],
    changes: tuple[Change, ...],
    max_changes: int,
) -> Iterator[tuple[Change, ...]]:
    """The change itself, or with every way to answer the required questions it reveals."""
    revealed = _revealed_required(questionnaire, cq, _apply(base, changes), shown)
    if not revealed:
        yield changes
        return
    if len(changes) + len(revealed) > max_changes or any(q.type == "long_text" for q in revealed):
        return
    pools = [[(q.slug, None, v) for v in _alternatives(q, None) if v != []] for q in revealed]
    for extra in itertools.product(*pools):
        yield changes + extra


def _rank(q: Question, value: Any) -> tuple[int, ...]:
    if q.type == "yes_no":
        return (0 if value else 1,)
    if q.type == "multi_choice":
        return tuple(q.choice_values.index(v) for v in value)
    return (q.choice_values.index(value),) if value in q.choice_values else (0,)


def _phrase(q: Question, old: Any, new: Any) -> str:
    if q.type == "multi_choice":
        old_set, new_set = set(old or ()), set(new)
        added = [v for v in new if v not in old_set]
        removed = [v for v in (old or ()) if v not in new_set]
        parts = [f"“{q.label_for(v)}” added" for v in added]
        parts += [f"“{q.label_for(v)}” removed" for v in removed]
        return " and ".join(parts) + f" for “{q.prompt}”"
    if q.type == "single_choice" and _labels_stand_alone(q):
        label = q.label_for(new)
        return label[:1].lower() + label[1:]
    return f"“{q.label_for(new)}” for “{q.prompt}”"


def _labels_stand_alone(q: Question) -> bool:
    """True when every label ends with the same words ("... curated examples"), so a label
    names the situation on its own and reads well after "With"."""
    endings = {tuple(c.label.split()[-2:]) for c in q.choices}
    return len(q.choices) > 1 and len(endings) == 1


def change_phrase(questionnaire: Questionnaire, slug: str, old: Any, new: Any) -> str:
    """One answer change in words, as the sentences say it after "With"."""
    return _phrase(questionnaire.by_slug[slug], old, new)


def _fact_phrase(name: str, new: Any) -> str:
    fact = FACTS[name]
    shown = f"{new:.0%}" if fact.type is float else f"{new:,}"
    return f"{shown} {fact.label}"


def _sentence(questionnaire: Questionnaire, changes: tuple[Change, ...], new_verdict: str) -> str:
    phrases = [
        _fact_phrase(s, new) if "." in s else _phrase(questionnaire.by_slug[s], old, new) for s, old, new in changes
    ]
    return f"With {' and '.join(phrases)}, the verdict becomes {new_verdict}"
