"""Static type checking of a condition against the variables it reads: pure Python, no Django.

CEL compares values of different types without complaint (`curated_examples == true` is simply
false for every answer), so a comparison that can never hold would pass as valid. This scan
reads the condition's tokens and checks every comparison between a variable and a literal:

* `v == lit`, `lit == v` (and `!=`): the literal's type must be the variable's (a choice or text
  is a string, yes/no a bool, a multiple choice a list), and a string must be one of its choices;
* `"x" in v`: `v` must be a list and "x" one of its values;
* `v in [..]`: `v` must be a single value and every item one of its values.

Each mismatch is reported with its line and column. Comparisons the scan can't pin to one
variable (`size(goals) == 2`, `a + b == "x"`) are left to the sample evaluation in validation.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from .conditions import located

# Kinds of value a variable holds (validation.question_variables sets them).
STRING, LIST, BOOL, TEXT = "string", "list", "bool", "text"

_TOKEN = re.compile(
    r"""(?P<str>"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')
      |(?P<num>\d+(?:\.\d+)?[uU]?)
      |(?P<name>[A-Za-z_][A-Za-z0-9_]*)
      |(?P<op>==|!=|&&|\|\||[<>]=?|[-+*/%!.,()\[\]{}?:])
      |(?P<comment>//[^\n]*)
      |(?P<space>\s+)""",
    re.X,
)
_LITERAL_KINDS = {"str": STRING, "num": "number"}
_KEYWORD_KINDS = {"true": BOOL, "false": BOOL, "null": "null"}
# A variable stands alone as an operand only between these (so `!v == x` or `a + v` are skipped).
_BEFORE = {None, "(", "[", ",", "&&", "||", "?", ":"}
_AFTER = {None, ")", "]", ",", "&&", "||", "?", ":"}
_DESCRIBE = {STRING: "a string", LIST: "a list", BOOL: "true or false", "number": "a number", "null": "null"}


class Variable(Protocol):
    """What the scan reads of a variable (validation's ``_Variable`` is one)."""

    @property
    def kind(self) -> str: ...  # STRING | LIST | BOOL | TEXT

    @property
    def allowed(self) -> tuple[str, ...] | None: ...  # the string values it may hold, None if any

    @property
    def describe(self) -> str: ...


@dataclass(frozen=True)
class _Token:
    kind: str  # str | num | name | op
    text: str
    start: int

    @property
    def value_kind(self) -> str | None:
        """The type of a literal token, or None when the token is no literal."""
        if self.kind in _LITERAL_KINDS:
            return _LITERAL_KINDS[self.kind]
        return _KEYWORD_KINDS.get(self.text) if self.kind == "name" else None

    @property
    def string(self) -> str:
        return self.text[1:-1]


def _tokens(source: str) -> list[_Token]:
    tokens = []
    for m in _TOKEN.finditer(source):
        # Every alternative of _TOKEN is a named group, so a match always names its group.
        group = m.lastgroup or ""
        if group not in ("space", "comment"):
            kind = "op" if group == "name" and m.group() == "in" else group
            tokens.append(_Token(kind, m.group(), m.start()))
    return tokens


def _text(tokens: list[_Token], i: int) -> str | None:
    return tokens[i].text if 0 <= i < len(tokens) else None


def _list_literal(tokens: list[_Token], i: int) -> tuple[list[_Token], int] | None:
    """The literal items of a `[ ... ]` starting at token i and the index after it, or None
    when the list holds anything but literals."""
    items: list[_Token] = []
    j = i + 1
    while j < len(tokens) and tokens[j].text != "]":
        if tokens[j].value_kind is None:
            return None
        items.append(tokens[j])
        j += 1
        if _text(tokens, j) == ",":
            j += 1
    return (items, j + 1) if j < len(tokens) else None


def _operand(tokens: list[_Token], i: int) -> tuple[str, list[_Token], int] | None:
    """(type, literal tokens, index after) of the literal operand at i, or None."""
    token = tokens[i] if 0 <= i < len(tokens) else None
    if token is None:
        return None
    if token.text == "[":
        found = _list_literal(tokens, i)
        return (LIST, found[0], found[1]) if found else None
    if token.value_kind is not None:
        return token.value_kind, [token], i + 1
    return None


def _standalone(tokens: list[_Token], i: int, variables: Mapping[str, Variable]) -> bool:
    """Whether token i is a variable used as a whole operand (not `v.x`, `f(v)`, `!v`, `a + v`)."""
    token = tokens[i]
    return (
        token.kind == "name"
        and token.text in variables
        and _text(tokens, i - 1) in _BEFORE | {"==", "!=", "in"}
        and _text(tokens, i + 1) in _AFTER | {"==", "!=", "in"}
    )


def _values_problem(name: str, var: Variable, items: list[_Token]) -> str | None:
    """Why these literal items can't be values of `var`, or None."""
    for item in items:
        kind = item.value_kind
        if kind != STRING:
            # The items are literals (see _operand), so a kind is always there.
            return f"{name} holds strings, but {item.text} is {_DESCRIBE.get(kind or '', 'no literal')}."
        if var.allowed is not None and item.string not in var.allowed:
            return f"{item.string!r} is not a value of {name} ({var.describe}); expected one of {list(var.allowed)}."
    return None


def _compare(name: str, var: Variable, literal_kind: str, items: list[_Token]) -> str | None:
    """Why `name == literal` can never hold as written, or None."""
    if var.kind == BOOL and literal_kind != BOOL:
        return f"{name} is yes/no: compare it with true or false, not {items[0].text if items else 'a list'}."
    if var.kind == LIST and literal_kind != LIST:
        example = f"{items[0].text} in {name}" if literal_kind == STRING else f'"value" in {name}'
        return f"{name} is a list of choices, never {_DESCRIBE[literal_kind]}: write `{example}`."
    if var.kind in (STRING, TEXT) and literal_kind != STRING:
        return f"{name} is {var.describe} (a string), never {_DESCRIBE[literal_kind]}."
    if var.kind == LIST:
        return _values_problem(name, var, items)
    if var.kind == STRING:
        return _values_problem(name, var, items)
    return None


def type_mismatches(source: str, variables: Mapping[str, Variable]) -> list[str]:
    """Every comparison of a variable with a literal that can't hold, each message naming its
    line and column. `variables` maps names to objects with `kind`, `allowed` and `describe`."""
    tokens = _tokens(source)
    found: list[tuple[int, str]] = []
    for i, token in enumerate(tokens):
        if not _standalone(tokens, i, variables):
            continue
        var, after = variables[token.text], _text(tokens, i + 1)
        if after in ("==", "!="):
            right = _operand(tokens, i + 2)
            if right and _text(tokens, right[2]) in _AFTER:
                why = _compare(token.text, var, right[0], right[1])
                found += [(tokens[i + 1].start, why)] if why else []
        elif after == "in":
            right = _operand(tokens, i + 2)
            if right and right[0] == LIST:
                if var.kind in (LIST, BOOL):
                    found.append(
                        (tokens[i + 1].start, f"{token.text} is {var.describe}, not one value: `in [...]` never holds.")
                    )
                elif why := _values_problem(token.text, var, right[1]) if var.kind == STRING else None:
                    found.append((tokens[i + 2].start, why))
        before = _text(tokens, i - 1)
        literal = tokens[i - 2] if i >= 2 else None
        literal_kind = literal.value_kind if literal is not None else None
        if before in ("==", "!=", "in") and literal is not None and literal_kind is not None:
            if _text(tokens, i - 3) not in _BEFORE:
                continue
            if before == "in":
                why = (
                    _values_problem(token.text, var, [literal])
                    if var.kind == LIST
                    else f"{token.text} is {var.describe}, not a list: write `{token.text} == {literal.text}`."
                )
            else:
                why = _compare(token.text, var, literal_kind, [literal])
            found += [(tokens[i - 1].start, why)] if why else []
    return [_where(source, offset, why) for offset, why in sorted(found)]


def _where(source: str, offset: int, why: str) -> str:
    """'Type mismatch (or Unknown value) at line L, column C: why' and the line with a caret."""
    return located("Unknown value" if "is not a value of" in why else "Type mismatch", source, offset, why)
