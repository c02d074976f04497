"""What changed between two versions of a questionnaire or criteria set, field by field.

Pure Python: works on content documents (the FORMAT.md dicts that stored versions and the
engine's definitions both produce), so it can compare any two versions, stored or not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .answers import is_answered

# For each kind of content: (list name, key naming an item, label for people).
_PARTS = {
    "criteria_set": [
        ("criteria", "slug", "criterion"),
        ("policy", "slug", "policy rule"),
        ("golden_cases", "name", "golden case"),
    ],
    "questionnaire": [("sections", "slug", "section"), ("questions", "slug", "question")],
}
_HEADER_FIELDS = ("title", "description", "questionnaire")


def _readable(value: object) -> str:
    """A field's value as people read it: lists joined, nothing as a dash."""
    if not is_answered(value):
        return "—"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: object
    new: object

    @property
    def old_text(self) -> str:
        return _readable(self.old)

    @property
    def new_text(self) -> str:
        return _readable(self.new)


@dataclass(frozen=True)
class ItemChange:
    part: str  # "criterion", "policy rule", "golden case", "section", "question"
    key: str
    change: str  # "added", "removed", "changed", "moved"
    fields: tuple[FieldChange, ...] = ()


@dataclass
class ContentDiff:
    old_label: str
    new_label: str
    header: list[FieldChange] = field(default_factory=list)
    items: list[ItemChange] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.header and not self.items

    def of(self, change: str) -> list[ItemChange]:
        return [i for i in self.items if i.change == change]


def _items(document: dict[str, Any], part: str) -> list[dict[str, Any]]:
    if part == "questions":
        # Questions are compared across sections; the section they sit in is one of their fields.
        return [{**q, "section": s["slug"]} for s in document.get("sections", ()) for q in s.get("questions", ())]
    if part == "sections":
        return [{k: v for k, v in s.items() if k != "questions"} for s in document.get("sections", ())]
    return list(document.get(part, ()))


def _field_changes(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    names = list(dict.fromkeys([*old, *new]))
    return [FieldChange(n, old.get(n), new.get(n)) for n in names if old.get(n) != new.get(n)]


def content_diff(old: dict[str, Any], new: dict[str, Any]) -> ContentDiff:
    """Added, removed and changed items of `new` relative to `old` (same kind of content).

    An item kept with the same key but at a different position is reported as "moved" when
    nothing else about it changed (order matters for policy rules: the first match wins).
    """
    if old.get("kind") != new.get("kind"):
        raise ValueError("Only versions of the same kind of content can be compared.")
    diff = ContentDiff(f"v{old.get('version')}", f"v{new.get('version')}")
    diff.header = [c for c in _field_changes(old, new) if c.field in _HEADER_FIELDS]
    for part, key, label in _PARTS[new["kind"]]:
        before = {item[key]: (i, item) for i, item in enumerate(_items(old, part))}
        after = {item[key]: (i, item) for i, item in enumerate(_items(new, part))}
        before_order = [k for k in before if k in after]
        after_order = [k for k in after if k in before]
        for name, (_, item) in after.items():
            if name not in before:
                diff.items.append(ItemChange(label, name, "added", tuple(_field_changes({}, item))))
                continue
            changes = _field_changes(before[name][1], item)
            if changes:
                diff.items.append(ItemChange(label, name, "changed", tuple(changes)))
            elif before_order.index(name) != after_order.index(name):
                position = FieldChange("position", before_order.index(name) + 1, after_order.index(name) + 1)
                diff.items.append(ItemChange(label, name, "moved", (position,)))
        for name, (_, item) in before.items():
            if name not in after:
                diff.items.append(ItemChange(label, name, "removed", tuple(_field_changes(item, {}))))
    return diff
