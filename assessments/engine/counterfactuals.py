"""What would change the verdict? The smallest answer changes that move it.

Used in reports and the workshop preview ("With 100–1,000 curated examples, the verdict becomes
fine_tune"). Only the verdict is computed for each candidate, through the same compiled programs
that ``evaluate`` uses, so one call stays in the tens of milliseconds.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .answers import is_answered
from .compiler import compile_criteria, compile_questionnaire
from .definitions import CriteriaSet, Question, Questionnaire

ENOUGH_SINGLE_CHANGES = 5  # below this many one-change answers, also look at pairs


@dataclass(frozen=True)
class Counterfactual:
    changes: tuple[tuple[str, Any, Any], ...]  # (slug, old value or None, new value)
    new_verdict: str
    sentence: str


def counterfactuals(
    questionnaire: Questionnaire,
    criteria_set: CriteriaSet,
    answers: Mapping,
    max_changes: int = 2,
    facts: Mapping | None = None,
) -> list[Counterfactual]:
    """Answer changes (at most ``max_changes``) that give a different verdict, smallest first.
    Measured facts, if given, stay as they are: only answers change.

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

    def verdict(candidate: Mapping) -> str:
        visible, _ = cq.visible_answers(candidate)
        flags = cc.match(visible, facts)
        matched = tuple(c.slug for c, f in zip(criteria_set.criteria, flags, strict=True) if f)
        return criteria_set.policy[cc.decide(matched)].verdict

    base, _ = cq.visible_answers(answers)
    base_verdict = verdict(base)
    shown = cq.visible_slugs(base)
    order = {q.slug: i for i, q in enumerate(questionnaire.questions)}

    found, singles = [], []
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

    def sort_key(item):
        changes, _ = item
        return len(changes), [(order[s], _rank(questionnaire.by_slug[s], new)) for s, _, new in changes]

    found.sort(key=sort_key)
    return [Counterfactual(changes, v, _sentence(questionnaire, changes, v)) for changes, v in found]


def _alternatives(q: Question, current: Any) -> list:
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


def _apply(base: Mapping, changes) -> dict:
    candidate = dict(base)
    for slug, _, new in changes:
        candidate[slug] = new
    return candidate


def _revealed_required(questionnaire, cq, candidate, shown) -> list[Question]:
    return [
        questionnaire.by_slug[s]
        for s in cq.visible_slugs(candidate)
        if s not in shown and questionnaire.by_slug[s].required and not is_answered(candidate.get(s))
    ]


def _with_revealed(questionnaire, cq, base, shown, changes, max_changes):
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


def _rank(q: Question, value: Any) -> tuple:
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


def _sentence(questionnaire: Questionnaire, changes, new_verdict: str) -> str:
    phrases = [_phrase(questionnaire.by_slug[s], old, new) for s, old, new in changes]
    return f"With {' and '.join(phrases)}, the verdict becomes {new_verdict}"
