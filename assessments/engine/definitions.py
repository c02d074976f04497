"""The decision model as plain, immutable data.

A Questionnaire asks the questions; a CriteriaSet says what the answers mean (criteria), how
the matched criteria become a verdict (policy) and which answer sets prove it (golden cases).
Both round-trip through the "discovery-content/1" JSON format (see assessments/content/FORMAT.md)
with ``from_dict`` / ``to_dict``, whose fields and defaults are declared once in schema.py.
Constructors check the invariants that need no CEL (kinds, types, alternatives); condition
checks live in ``validation``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from . import schema
from .schema import DEFAULT_MAX_LENGTH, FORMAT

QUESTION_TYPES = ("long_text", "single_choice", "multi_choice", "yes_no")
CHOICE_TYPES = ("single_choice", "multi_choice")
CRITERION_KINDS = ("fit", "against", "prerequisite", "advisory")
APPROACHES = ("fine_tuning", "prompt_engineering", "rag", "tool_use")
VERDICTS = ("fine_tune", "not_yet", "do_not_fine_tune")


class DefinitionError(ValueError):
    """Raised when content is not a well-formed questionnaire or criteria set."""


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class Question:
    slug: str
    section: str
    type: str
    prompt: str
    help_text: str = ""
    required: bool = True
    visible_when: str = ""  # CEL; '' means always shown
    choices: tuple[Choice, ...] = ()
    max_length: int = DEFAULT_MAX_LENGTH  # only meaningful for long_text

    def __post_init__(self) -> None:
        if self.type not in QUESTION_TYPES:
            raise DefinitionError(f"question {self.slug}: unknown type {self.type!r}")
        if (self.type in CHOICE_TYPES) != bool(self.choices):
            raise DefinitionError(f"question {self.slug}: only choice questions have choices")

    @cached_property
    def choice_values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)

    def label_for(self, value: Any) -> str:
        """Client-facing wording of one answer value."""
        if self.type == "yes_no":
            return "yes" if value else "no"
        for choice in self.choices:
            if choice.value == value:
                return choice.label
        return str(value)


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    intro: str = ""
    questions: tuple[Question, ...] = ()


def _digest(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Questionnaire:
    slug: str
    version: int
    title: str
    sections: tuple[Section, ...] = ()

    def __post_init__(self) -> None:
        slugs = [q.slug for q in self.questions]
        if len(slugs) != len(set(slugs)):
            raise DefinitionError(f"questionnaire {self.slug}: duplicate question slugs")

    @cached_property
    def questions(self) -> tuple[Question, ...]:
        """Every question, in the order a client sees them."""
        return tuple(q for s in self.sections for q in s.questions)

    @cached_property
    def by_slug(self) -> dict[str, Question]:
        return {q.slug: q for q in self.questions}

    def question(self, slug: str) -> Question:
        return self.by_slug[slug]

    @cached_property
    def content_hash(self) -> str:
        return _digest(self.to_dict())

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Questionnaire:
        _check_header(data, "questionnaire")
        with _as_definition_error():
            sections = tuple(
                Section(
                    **schema.read("section", s),
                    questions=tuple(
                        Question(
                            **schema.read("question", q),
                            section=s["slug"],
                            choices=tuple(Choice(**schema.read("choice", c)) for c in q.get("choices", ())),
                        )
                        for q in s["questions"]
                    ),
                )
                for s in data["sections"]
            )
            return cls(data["slug"], int(data["version"]), data["title"], sections)

    def to_dict(self) -> dict[str, Any]:
        def question(q: Question) -> dict[str, Any]:
            d = schema.write("question", q)
            if q.choices:
                d["choices"] = [schema.write("choice", c) for c in q.choices]
            return d

        return {
            **_header("questionnaire", self),
            "sections": [
                {**schema.write("section", s), "questions": [question(q) for q in s.questions]} for s in self.sections
            ],
        }


NEXT_STEP_OWNERS = ("client", "consultancy")


@dataclass(frozen=True)
class Criterion:
    slug: str
    kind: str
    title: str
    condition: str
    alternative: str | None = None  # the approach that serves better; 'against' only
    rationale: str = ""
    next_step: str = ""
    # Who does the next step: the client's own work, or the consultancy's (the action plan's owner).
    next_step_owner: str = "client"

    def __post_init__(self) -> None:
        if self.kind not in CRITERION_KINDS:
            raise DefinitionError(f"criterion {self.slug}: unknown kind {self.kind!r}")
        if self.next_step_owner not in NEXT_STEP_OWNERS:
            raise DefinitionError(
                f"criterion {self.slug}: next_step_owner is {self.next_step_owner!r}, not one of {NEXT_STEP_OWNERS}"
            )
        if self.kind == "against" and self.alternative not in APPROACHES:
            raise DefinitionError(
                f"criterion {self.slug}: an 'against' criterion needs an alternative, one of {APPROACHES}"
            )
        if self.kind != "against" and self.alternative is not None:
            raise DefinitionError(f"criterion {self.slug}: only 'against' criteria name an alternative")


@dataclass(frozen=True)
class PolicyRule:
    slug: str
    condition: str  # CEL over `matched` and `matched_kinds`
    verdict: str
    explanation: str = ""

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise DefinitionError(f"policy rule {self.slug}: unknown verdict {self.verdict!r}")


@dataclass(frozen=True)
class GoldenCase:
    name: str
    answers: dict[str, Any] = field(hash=False)
    expected_verdict: str
    must_match: tuple[str, ...] = ()
    must_not_match: tuple[str, ...] = ()
    note: str = ""
    facts: dict[str, Any] = field(default_factory=dict, hash=False)  # measured facts, name → value


@dataclass(frozen=True)
class CriteriaSet:
    slug: str
    version: int
    title: str
    questionnaire_slug: str
    questionnaire_version: int
    criteria: tuple[Criterion, ...] = ()
    policy: tuple[PolicyRule, ...] = ()
    golden_cases: tuple[GoldenCase, ...] = field(default=(), hash=False)

    @cached_property
    def by_slug(self) -> dict[str, Criterion]:
        return {c.slug: c for c in self.criteria}

    @cached_property
    def content_hash(self) -> str:
        return _digest(self.to_dict())

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CriteriaSet:
        _check_header(data, "criteria_set")
        with _as_definition_error():
            q = data["questionnaire"]
            golden = [schema.read("golden_case", g) for g in data.get("golden_cases", ())]
            return cls(
                slug=data["slug"],
                version=int(data["version"]),
                title=data["title"],
                questionnaire_slug=q["slug"],
                questionnaire_version=int(q["version"]),
                criteria=tuple(Criterion(**schema.read("criterion", c)) for c in data["criteria"]),
                policy=tuple(PolicyRule(**schema.read("policy_rule", r)) for r in data["policy"]),
                golden_cases=tuple(
                    GoldenCase(
                        **{
                            **g,
                            "answers": dict(g["answers"]),
                            "must_match": tuple(g["must_match"]),
                            "must_not_match": tuple(g["must_not_match"]),
                            "facts": dict(g["facts"]),
                        }
                    )
                    for g in golden
                ),
            )

    def to_dict(self) -> dict[str, Any]:
        return {
            **_header("criteria_set", self),
            "questionnaire": {"slug": self.questionnaire_slug, "version": self.questionnaire_version},
            "criteria": [schema.write("criterion", c) for c in self.criteria],
            "policy": [schema.write("policy_rule", r) for r in self.policy],
            "golden_cases": [schema.write("golden_case", g) for g in self.golden_cases],
        }


def _header(kind: str, version: Questionnaire | CriteriaSet) -> dict[str, Any]:
    return {"format": FORMAT, "kind": kind, "slug": version.slug, "version": version.version, "title": version.title}


@contextmanager
def _as_definition_error() -> Iterator[None]:
    """A document missing a required field is a DefinitionError like any other malformed one."""
    try:
        yield
    except schema.MissingField as exc:
        raise DefinitionError(str(exc)) from None


def _check_header(data: Any, kind: str) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("kind") != kind:
        raise DefinitionError(f"not a {FORMAT} {kind} document")
