"""The content format's one declaration: which fields each part of a document has.

A questionnaire is sections of questions of choices; a criteria set is criteria, policy rules and
golden cases. For each part this module names its fields once, with the default a document may
leave out and when the field is written back. Everything that reads or writes the format derives
from it: the engine's `from_dict` / `to_dict` (definitions.py), the version models' `to_document`
and the content service that turns a document into draft rows. A test holds
assessments/content/FORMAT.md, the engine's dataclasses and the row models to it, so adding a
field is one line here plus the model's column (and its migration).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

DEFAULT_MAX_LENGTH = 5000


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()


@dataclass(frozen=True)
class Field:
    """One field of a part. `written` decides, from the part's values, whether `to_dict` writes it:
    fields added after content was first published are written only when they differ from their
    default, so older content keeps its hash (reports cite content by hash)."""

    name: str
    default: Any = REQUIRED
    written: Callable[[dict[str, Any]], bool] | None = None

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


def _unless_default(name: str, default: Any) -> Callable[[dict[str, Any]], bool]:
    return lambda values: values[name] != default


# Every document starts with this header; FORMAT and the kind are checked on reading.
FORMAT = "discovery-content/1"
HEADER = ("format", "kind", "slug", "version", "title")
KINDS = ("questionnaire", "criteria_set")

# The parts, in document order. Nested lists (sections' questions, questions' choices) are the
# shape of the document, not fields, and are read and written by the code that walks them.
PARTS: dict[str, tuple[Field, ...]] = {
    "section": (Field("slug"), Field("title"), Field("intro", "")),
    "question": (
        Field("slug"),
        Field("type"),
        Field("prompt"),
        Field("help_text", ""),
        Field("required", True),
        Field("visible_when", ""),
        Field("max_length", DEFAULT_MAX_LENGTH, written=lambda values: values["type"] == "long_text"),
    ),
    "choice": (Field("value"), Field("label")),
    "criterion": (
        Field("slug"),
        Field("kind"),
        Field("title"),
        Field("condition"),
        Field("alternative", None),
        Field("rationale", ""),
        Field("next_step", ""),
        Field("next_step_owner", "client", written=_unless_default("next_step_owner", "client")),
    ),
    "policy_rule": (Field("slug"), Field("condition"), Field("verdict"), Field("explanation", "")),
    "golden_case": (
        Field("name"),
        Field("answers"),
        Field("expected_verdict"),
        Field("must_match", ()),
        Field("must_not_match", ()),
        Field("note", ""),
        Field("facts", {}, written=lambda values: bool(values["facts"])),
    ),
}


class MissingField(KeyError):
    """A document part lacks a field that has no default."""

    def __init__(self, part: str, name: str):
        super().__init__(name)
        self.part, self.name = part, name

    def __str__(self) -> str:
        return f"a {self.part.replace('_', ' ')} has no {self.name!r}"


def read(part: str, data: dict[str, Any]) -> dict[str, Any]:
    """The part's field values from a document's dict, each missing one at its default (a missing
    required one raises MissingField). Keys the part doesn't declare are left to the caller."""
    values = {}
    for f in PARTS[part]:
        if f.name in data:
            values[f.name] = data[f.name]
        elif f.required:
            raise MissingField(part, f.name)
        else:
            values[f.name] = f.default
    return values


def write(part: str, source: Any, *, normalise: Callable[[str, Any], Any] | None = None) -> dict[str, Any]:
    """The part as a document's dict, read by attribute from `source` (an engine dataclass or a
    row). `normalise(name, value)` adapts a storage form to the document's (a row keeps "" where
    the document says null). Fields whose `written` test fails are left out."""
    values = {}
    for f in PARTS[part]:
        value = getattr(source, f.name)
        value = normalise(f.name, value) if normalise else value
        values[f.name] = list(value) if isinstance(value, tuple) else value  # documents are JSON
    return {f.name: values[f.name] for f in PARTS[part] if f.written is None or f.written(values)}


def names(part: str) -> tuple[str, ...]:
    return tuple(f.name for f in PARTS[part])
