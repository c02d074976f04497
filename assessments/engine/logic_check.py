"""Logic check of a questionnaire (and the criteria set that reads it): pure Python, no Django.

Finds questions that can never be shown, visibility conditions that read later or missing
questions, choices no criterion uses, and criteria that can never match.

"Never" is decided by sampling the answer space: every question gets its typed sample values
(each choice, several choice lists, yes/no, empty/some text, unanswered); when the full product
of samples is small (≤ SAMPLE_LIMIT) it is enumerated exhaustively, otherwise SAMPLE_LIMIT
random answer sets (fixed seed, so the check is repeatable) plus every single-question
variation of a base answer set are tried. A finding from sampling says so ("in none of the
4,068 sampled answer sets"); exhaustive runs say "never".

The result depends only on the content, so it is kept per content revision (the definitions'
content hashes): the editor's pages and the publish gate ask again and again, and an admin's
acknowledgement, a note or a page reload changes no condition.
"""

from __future__ import annotations

import itertools
import random
import re
import time
from dataclasses import dataclass
from typing import Any

from .compiler import compile_criteria, compile_questionnaire
from .condition_syntax import free_names
from .conditions import parse_condition
from .definitions import CriteriaSet, Question, Questionnaire
from .facts import NAMESPACES, fact_sets
from .validation import question_variables

SAMPLE_LIMIT = 4000
TIME_LIMIT = 10.0  # seconds; see _logic_check


LABELS = {
    "never_shown": "never shown",
    "reads_later": "reads a later question",
    "reads_missing": "reads a missing question",
    "unused_choice": "unused choices",
    "never_matches": "never matches",
    "always_matches": "always matches",
}
# Findings that block publishing unless an admin acknowledges them with a note; unused choices
# are often harmless (a "no" that no rule needs) and only informative.
BLOCKING = frozenset(("never_shown", "reads_later", "reads_missing", "never_matches", "always_matches"))


@dataclass(frozen=True)
class Finding:
    kind: str  # never_shown | reads_later | reads_missing | unused_choice | never_matches | always_matches
    subject: str  # question slug or criterion slug
    message: str

    @property
    def label(self) -> str:
        return LABELS[self.kind]

    @property
    def key(self) -> str:
        """Names this finding across edits, so an acknowledgement stays attached to it."""
        return f"{self.kind}:{self.subject}"

    @property
    def blocking(self) -> bool:
        return self.kind in BLOCKING


def _samples(question: Question) -> list[Any]:
    """Values tried for one question; None stands for "unanswered"."""
    if question.type == "single_choice":
        return [None, *question.choice_values]
    if question.type == "multi_choice":
        values = list(question.choice_values)
        pools = [[v] for v in values] + [values, values[: len(values) // 2 or 1]]
        return [None, *pools]
    if question.type == "yes_no":
        return [None, True, False]
    return [None, "some text"]


def _answer_sets(questionnaire: Questionnaire) -> tuple[list[dict[str, Any]], bool]:
    """(answer sets, exhaustive?) covering the answer space as described in the module docstring."""
    pools = [_samples(q) for q in questionnaire.questions]
    slugs = [q.slug for q in questionnaire.questions]
    size = 1
    for pool in pools:
        size *= len(pool)
        if size > SAMPLE_LIMIT:
            break
    if size <= SAMPLE_LIMIT:
        sets = [dict(zip(slugs, combo, strict=True)) for combo in itertools.product(*pools)]
        return [{k: v for k, v in s.items() if v is not None} for s in sets], True
    rng = random.Random(7)
    sets = [{s: rng.choice(p) for s, p in zip(slugs, pools, strict=True)} for _ in range(SAMPLE_LIMIT)]
    base = {s: p[1] for s, p in zip(slugs, pools, strict=True)}
    sets += [{**base, s: v} for s, p in zip(slugs, pools, strict=True) for v in p]
    return [{k: v for k, v in s.items() if v is not None} for s in sets], False


def _reads(source: str) -> list[str]:
    """The names a visibility condition reads, from its parse tree (so function and macro names,
    macro-bound names and words in strings are not questions); none when it can't be read,
    which validation reports."""
    if not source.strip():
        return []
    try:
        tree = parse_condition(source)
    except ValueError:  # ConditionRefused or a syntax error
        return []
    return list(dict.fromkeys(name for name, _ in free_names(tree)))


def _order_findings(questionnaire: Questionnaire) -> list[Finding]:
    findings = []
    position = {q.slug: i for i, q in enumerate(questionnaire.questions)}
    known = question_variables(questionnaire.questions)
    for i, q in enumerate(questionnaire.questions):
        for name in _reads(q.visible_when):
            if name not in known:
                findings.append(
                    Finding("reads_missing", q.slug, f"{q.slug} is shown depending on {name!r}, which is no question.")
                )
            elif position[name] >= i:
                findings.append(
                    Finding(
                        "reads_later",
                        q.slug,
                        f"{q.slug} is shown depending on {name}, which comes later (or is itself).",
                    )
                )
    return findings


_results: dict[tuple[str, str | None], tuple[tuple[Finding, ...], bool]] = {}
_RESULTS_LIMIT = 64  # revisions kept; drafts edited all day must not grow this without bound


def logic_check(questionnaire: Questionnaire, criteria_set: CriteriaSet | None = None) -> tuple[list[Finding], bool]:
    """Every finding, and whether the answer space was enumerated exhaustively; computed once
    per revision of the content (see the module docstring)."""
    key = (questionnaire.content_hash, criteria_set.content_hash if criteria_set is not None else None)
    if key not in _results:
        if len(_results) >= _RESULTS_LIMIT:
            del _results[next(iter(_results))]  # the oldest revision
        found, exhaustive = _logic_check(questionnaire, criteria_set)
        _results[key] = (tuple(found), exhaustive)
    findings, exhaustive = _results[key]
    return list(findings), exhaustive


def _sets(count: int) -> str:
    return f"{count:,} sampled answer sets"


def _logic_check(questionnaire: Questionnaire, criteria_set: CriteriaSet | None) -> tuple[list[Finding], bool]:
    findings = _order_findings(questionnaire)
    if any(f.kind in ("reads_missing", "reads_later") for f in findings):
        return findings, False  # visibility can't be computed reliably until these are fixed
    answer_sets, exhaustive = _answer_sets(questionnaire)
    compiled = compile_questionnaire(questionnaire)
    criteria = compile_criteria(criteria_set) if criteria_set is not None else None
    # Criteria that read measured facts are tried with sample facts too, not answers alone.
    reads_facts = criteria is not None and any(ns in criteria.criteria.names for ns in NAMESPACES)
    fact_options = fact_sets() if reads_facts else [None]
    count = len(criteria_set.criteria) if criteria_set is not None else 0
    ever_shown: set[str] = set()
    ever_matched, always_matched = [False] * count, [True] * count
    # Each condition is bounded (conditions.MAX_COST), but many slow ones over thousands of answer
    # sets still add up: past the time limit the check stops, and its findings say how many
    # answer sets it tried (a sample like any other, only smaller).
    deadline = time.monotonic() + TIME_LIMIT
    tried = 0
    for answers in answer_sets:
        if tried % 64 == 0 and tried and time.monotonic() > deadline:
            break
        tried += 1
        ever_shown.update(compiled.visible_slugs(answers))
        if criteria is None:
            continue
        visible = compiled.visible_answers(answers)[0]
        for facts in fact_options:
            for i, flag in enumerate(criteria.match(visible, facts)):
                ever_matched[i] = ever_matched[i] or flag
                always_matched[i] = always_matched[i] and bool(flag)
    if tried < len(answer_sets):
        exhaustive = False
        answer_sets = answer_sets[:tried]
    never = "never" if exhaustive else f"in none of the {_sets(len(answer_sets))}"
    for q in questionnaire.questions:
        if q.slug not in ever_shown:
            findings.append(
                Finding(
                    "never_shown",
                    q.slug,
                    f"{q.slug} is {'never shown' if exhaustive else f'shown {never}'}: check its visibility condition.",
                )
            )
    if criteria_set is None:
        return findings, exhaustive
    text = " ".join(c.condition for c in criteria_set.criteria)
    for q in questionnaire.questions:
        unused = [v for v in q.choice_values if not re.search(r"[\"']" + re.escape(v) + r"[\"']", text)]
        if unused:
            findings.append(
                Finding("unused_choice", q.slug, f"No criterion condition names {q.slug} = {', '.join(unused)}.")
            )
    always = "always" if exhaustive else f"in all {_sets(len(answer_sets))}"
    for criterion, matched, always_true in zip(criteria_set.criteria, ever_matched, always_matched, strict=True):
        if not matched:
            said = "never matches" if exhaustive else f"matches {never}"
            findings.append(Finding("never_matches", criterion.slug, f"{criterion.slug} {said}."))
        elif always_true:
            findings.append(
                Finding("always_matches", criterion.slug, f"{criterion.slug} matches {always}, so it decides nothing.")
            )
    # Unused choices are often fine (a "no" that no rule needs), so they come after real problems.
    return sorted(findings, key=lambda f: f.kind == "unused_choice"), exhaustive
