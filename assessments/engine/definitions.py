"""The decision model as plain, immutable data.

A Questionnaire asks the questions; a CriteriaSet says what the answers mean (criteria), how
the matched criteria become a verdict (policy) and which answer sets prove it (golden cases).
Both round-trip through the "discovery-content/1" JSON format (see assessments/content/FORMAT.md)
with ``from_dict`` / ``to_dict``. Constructors check the invariants that need no CEL (kinds,
types, alternatives); condition checks live in ``validation``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

FORMAT = "discovery-content/1"

QUESTION_TYPES = ("long_text", "single_choice", "multi_choice", "yes_no")
CHOICE_TYPES = ("single_choice", "multi_choice")
CRITERION_KINDS = ("fit", "against", "prerequisite", "advisory")
APPROACHES = ("fine_tuning", "prompt_engineering", "rag", "tool_use")
VERDICTS = ("fine_tune", "not_yet", "do_not_fine_tune")
DEFAULT_MAX_LENGTH = 5000


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

    def __post_init__(self):
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


def _digest(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Questionnaire:
    slug: str
    version: int
    title: str
    sections: tuple[Section, ...] = ()

    def __post_init__(self):
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
    def from_dict(cls, data: dict) -> Questionnaire:
        _check_header(data, "questionnaire")
        sections = []
        for s in data["sections"]:
            questions = tuple(
                Question(
                    slug=q["slug"],
                    section=s["slug"],
                    type=q["type"],
                    prompt=q["prompt"],
                    help_text=q.get("help_text", ""),
                    required=q.get("required", True),
                    visible_when=q.get("visible_when", ""),
                    choices=tuple(Choice(c["value"], c["label"]) for c in q.get("choices", ())),
                    max_length=q.get("max_length", DEFAULT_MAX_LENGTH),
                )
                for q in s["questions"]
            )
            sections.append(Section(s["slug"], s["title"], s.get("intro", ""), questions))
        return cls(data["slug"], int(data["version"]), data["title"], tuple(sections))

    def to_dict(self) -> dict:
        def question(q: Question) -> dict:
            d = {
                "slug": q.slug,
                "type": q.type,
                "prompt": q.prompt,
                "help_text": q.help_text,
                "required": q.required,
                "visible_when": q.visible_when,
            }
            if q.choices:
                d["choices"] = [{"value": c.value, "label": c.label} for c in q.choices]
            if q.type == "long_text":
                d["max_length"] = q.max_length
            return d

        return {
            "format": FORMAT,
            "kind": "questionnaire",
            "slug": self.slug,
            "version": self.version,
            "title": self.title,
            "sections": [
                {"slug": s.slug, "title": s.title, "intro": s.intro, "questions": [question(q) for q in s.questions]}
                for s in self.sections
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

    def __post_init__(self):
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

    def __post_init__(self):
        if self.verdict not in VERDICTS:
            raise DefinitionError(f"policy rule {self.slug}: unknown verdict {self.verdict!r}")


@dataclass(frozen=True)
class GoldenCase:
    name: str
    answers: dict = field(hash=False)
    expected_verdict: str
    must_match: tuple[str, ...] = ()
    must_not_match: tuple[str, ...] = ()
    note: str = ""
    facts: dict = field(default_factory=dict, hash=False)  # measured facts, name → value


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
    def from_dict(cls, data: dict) -> CriteriaSet:
        _check_header(data, "criteria_set")
        q = data["questionnaire"]
        return cls(
            slug=data["slug"],
            version=int(data["version"]),
            title=data["title"],
            questionnaire_slug=q["slug"],
            questionnaire_version=int(q["version"]),
            criteria=tuple(
                Criterion(
                    c["slug"],
                    c["kind"],
                    c["title"],
                    c["condition"],
                    c.get("alternative"),
                    c.get("rationale", ""),
                    c.get("next_step", ""),
                    c.get("next_step_owner", "client"),
                )
                for c in data["criteria"]
            ),
            policy=tuple(
                PolicyRule(r["slug"], r["condition"], r["verdict"], r.get("explanation", "")) for r in data["policy"]
            ),
            golden_cases=tuple(
                GoldenCase(
                    g["name"],
                    dict(g["answers"]),
                    g["expected_verdict"],
                    tuple(g.get("must_match", ())),
                    tuple(g.get("must_not_match", ())),
                    g.get("note", ""),
                    dict(g.get("facts", {})),
                )
                for g in data.get("golden_cases", ())
            ),
        )

    def to_dict(self) -> dict:
        return {
            "format": FORMAT,
            "kind": "criteria_set",
            "slug": self.slug,
            "version": self.version,
            "title": self.title,
            "questionnaire": {"slug": self.questionnaire_slug, "version": self.questionnaire_version},
            "criteria": [
                {
                    "slug": c.slug,
                    "kind": c.kind,
                    "title": c.title,
                    "condition": c.condition,
                    "alternative": c.alternative,
                    "rationale": c.rationale,
                    "next_step": c.next_step,
                    # Written only when not the default, so content without owners reads as before.
                    **({"next_step_owner": c.next_step_owner} if c.next_step_owner != "client" else {}),
                }
                for c in self.criteria
            ],
            "policy": [
                {"slug": r.slug, "condition": r.condition, "verdict": r.verdict, "explanation": r.explanation}
                for r in self.policy
            ],
            "golden_cases": [
                {
                    "name": g.name,
                    "answers": g.answers,
                    "expected_verdict": g.expected_verdict,
                    "must_match": list(g.must_match),
                    "must_not_match": list(g.must_not_match),
                    "note": g.note,
                    # Only when given, so content without facts keeps its hash.
                    **({"facts": g.facts} if g.facts else {}),
                }
                for g in self.golden_cases
            ],
        }


def _check_header(data: Any, kind: str) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("kind") != kind:
        raise DefinitionError(f"not a {FORMAT} {kind} document")
