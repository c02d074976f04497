"""Why a verdict was reached, in words built from what matched.

A policy rule's sentence is fixed text, so on its own it can't be true for every answer set that
reaches it. The explanation therefore names the deciding rule *and* every matched prerequisite
and advisory, which qualify it; nothing here asserts anything a matched criterion denies.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .definitions import CriteriaSet, Questionnaire
from .vocabulary import verdict_label

if TYPE_CHECKING:  # partial.py evaluates; this module only reads its result
    from .partial import PartialEvaluation

QUALIFYING_KINDS = ("prerequisite", "advisory")


@dataclass(frozen=True)
class Explanation:
    rule: str  # the deciding policy rule's slug
    decision: str  # that rule's own sentence
    missing: tuple[str, ...]  # titles of matched prerequisites
    advisories: tuple[str, ...]  # titles of matched advisories
    sentences: tuple[str, ...]  # what a person reads, in order

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


def _in_a_sentence(titles: Iterable[str]) -> str:
    """Titles joined as a clause: "a, b and c", each starting lower-case."""
    parts = [t[:1].lower() + t[1:] for t in titles]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def explain(criteria_set: CriteriaSet, *, rule: str, matched: Iterable[str]) -> Explanation:
    """The explanation of a verdict decided by policy rule `rule` with criteria `matched` (slugs).

    1. The deciding rule's sentence comes first (a rule no longer in the set is named by slug).
    2. Matched prerequisites follow as what is missing first.
    3. Matched advisories follow; under a fine-tune verdict, as what to settle before training.
    """
    by_slug = criteria_set.by_slug
    policy = {r.slug: r for r in criteria_set.policy}
    found = [by_slug[s] for s in matched if s in by_slug]
    missing = tuple(c.title for c in found if c.kind == "prerequisite")
    advisories = tuple(c.title for c in found if c.kind == "advisory")
    decision = policy[rule].explanation if rule in policy and policy[rule].explanation else rule
    sentences = [decision]
    verdict = policy[rule].verdict if rule in policy else ""
    if missing:
        sentences.append(f"Missing first: {_in_a_sentence(missing)}.")
    if advisories and verdict == "fine_tune":
        sentences.append(f"But {_in_a_sentence(advisories)}: settle this before training.")
    elif advisories:
        sentences.append(f"Also, {_in_a_sentence(advisories)}.")
    return Explanation(rule, decision, missing, advisories, tuple(sentences))


@dataclass(frozen=True)
class OpenPoint:
    """One open question an undecided verdict depends on, in words."""

    slug: str
    prompt: str
    effect: str  # "one answer here settles it as “Do not fine-tune”", …


def _labels(verdicts: Iterable[str]) -> str:
    words = [f"“{verdict_label(v)}”" for v in verdicts]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def depends_on(questionnaire: Questionnaire, partial: PartialEvaluation) -> tuple[OpenPoint, ...]:
    """What an undecided verdict (a PartialEvaluation) still depends on, question by question.

    Only the question and the verdicts its answers can settle or rule out are named: nothing is
    said about what the answer will be.
    """
    points = []
    for item in partial.depends_on:
        q = questionnaire.by_slug.get(item.slug)
        if q is None:
            continue
        if item.settles:
            effect = f"one answer here settles it as {_labels(item.settles)}"
        elif item.rules_out:
            effect = f"an answer here can rule out {_labels(item.rules_out)}"
        else:
            effect = "an answer here narrows it down"
        points.append(OpenPoint(q.slug, q.prompt, effect))
    return tuple(points)
