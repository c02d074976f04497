"""Two assessments of one organisation compared: what changed, and why the verdict moved.

A later assessment may differ from an earlier one in two ways at once: the client's answers and
measured facts changed, and the criteria may have been revised. To tell them apart, the earlier
inputs are also decided by the later criteria (the *bridge*):

    then   = earlier inputs  × earlier criteria
    bridge = earlier inputs  × later criteria     (then → bridge: what the criteria changed)
    now    = later inputs    × later criteria     (bridge → now: what the client changed)

With the same criteria version on both sides the bridge is `then` and every change is the client's.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .definitions import CriteriaSet, Questionnaire
from .evaluate import Evaluation, evaluate
from .validation import validate_answers

# A criterion matched differently: (slug, was, now). CriterionResult.matched is None only in a
# partial evaluation, which is never compared.
Flip = tuple[str, bool | None, bool | None]


@dataclass(frozen=True)
class Inputs:
    """One side of a comparison: the content it was decided with and what it was decided on."""

    questionnaire: Questionnaire
    criteria_set: CriteriaSet
    answers: Mapping[str, Any]
    facts: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Step:
    """One effect: the verdict before and after it, and the criteria it flipped (slug, was, now)."""

    before: str
    after: str
    flipped: tuple[Flip, ...]

    @property
    def moved(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class Comparison:
    then: Evaluation
    now: Evaluation
    answers_changed: tuple[tuple[str, object, object], ...]  # (slug, then, now); None: unanswered
    facts_changed: tuple[tuple[str, object, object], ...]  # (fact name, then, now)
    criteria_flipped: tuple[Flip, ...]  # every criterion matched differently overall
    criteria_effect: Step  # then → bridge: the criteria's change alone
    client_effect: Step  # bridge → now: the answers' and facts' change alone
    same_criteria: bool

    @property
    def verdict_moved(self) -> bool:
        return self.then.verdict != self.now.verdict


def _flipped(before: Evaluation, after: Evaluation) -> tuple[Flip, ...]:
    was = {c.slug: c.matched for c in before.criteria}
    return tuple(
        (c.slug, was.get(c.slug, False), c.matched) for c in after.criteria if was.get(c.slug, False) != c.matched
    )


def _changed(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[tuple[str, object, object], ...]:
    keys = list(old) + [k for k in new if k not in old]
    return tuple((k, old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k))


def compare(earlier: Inputs, later: Inputs) -> Comparison:
    """Compare two assessments; see the module docstring for how the effects are separated.

    1. Decide each side with its own content (`then`, `now`).
    2. Decide the earlier answers and facts with the later content (`bridge`); answers to questions
       the later questionnaire no longer asks, or no longer accepts, are left out.
    3. Criteria effect: then → bridge. Client effect: bridge → now.
    4. List answers and facts that differ, and every criterion whose match differs then → now.
    """
    then = evaluate(earlier.questionnaire, earlier.criteria_set, earlier.answers, earlier.facts)
    now = evaluate(later.questionnaire, later.criteria_set, later.answers, later.facts)
    same = (earlier.criteria_set.slug, earlier.criteria_set.version) == (
        later.criteria_set.slug,
        later.criteria_set.version,
    ) and (earlier.questionnaire.slug, earlier.questionnaire.version) == (
        later.questionnaire.slug,
        later.questionnaire.version,
    )
    if same:
        bridge = then
    else:
        carried = validate_answers(later.questionnaire, dict(earlier.answers)).answers
        bridge = evaluate(later.questionnaire, later.criteria_set, carried, earlier.facts)
    return Comparison(
        then=then,
        now=now,
        answers_changed=_changed(earlier.answers, later.answers),
        facts_changed=_changed(earlier.facts, later.facts),
        criteria_flipped=_flipped(then, now),
        criteria_effect=Step(then.verdict, bridge.verdict, _flipped(then, bridge)),
        client_effect=Step(bridge.verdict, now.verdict, _flipped(bridge, now)),
        same_criteria=same,
    )
