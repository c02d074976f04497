"""Condition safety: the one place where an admin-written CEL source meets the CEL library.

CEL's native parser and evaluator recurse on the expression, and running out of stack kills
the process (SIGSEGV, no Python exception). Measured with cel 0.10 (compile + execute): with
the usual 8 MB main-thread stack a chain of ~12,500 `+` crashes (the 80 KB `1 + 1 + … + 1`
does); in a thread with a 512 KB stack, 66 nested lists, 78 nested parentheses or a chain of
~770 `+` or `.` do. The native evaluator also holds the interpreter lock while it runs, and
offers no time or step limit, so a costly condition freezes every request of the process
(measured: three nested `map`s over 60-item lists, 588 characters, ran 76 s).

So ``parse_condition`` reads a source in plain Python first (condition_syntax.py: tokens, then
a parse tree) and refuses, before CEL sees it:

1. more than MAX_LENGTH characters;
2. brackets nested deeper than MAX_DEPTH, or an operator chain longer than MAX_CHAIN (the
   limits together use at most two thirds of even the 512 KB stack);
3. a comprehension macro (all, exists, exists_one, map, filter) inside another's arguments,
   found on the tree, so no spacing, comment or line break hides one;
4. an estimated evaluation cost over MAX_COST steps (``evaluation_cost``), which bounds every
   evaluation of an accepted condition to about a millisecond.

``compile_condition`` never hands CEL a source it refuses; every path that evaluates a
condition (validation, the logic check, golden cases, impact runs, live evaluation) compiles
through it, so the bound holds everywhere.

Evaluation errors (division or modulo by zero, 64-bit overflow, no such key, no such
overload, …) arrive as Python exceptions of many classes and without a position;
``failure_message`` turns any of them into a sentence, with the failing operator's line and
column when the source pins it down.
"""

from __future__ import annotations

import re

import cel

from .condition_syntax import MACROS, ConditionSyntaxError, Node, bracket_depth, parse, tokens, walk

MAX_LENGTH = 2000  # characters
MAX_DEPTH = 32  # brackets inside each other
MAX_CHAIN = 100  # operators in one chain (see _nesting), summed over the enclosing brackets
# Evaluation steps (see evaluation_cost). Measured with cel 0.10: ~50 ns a step, so an accepted
# condition evaluates in about a millisecond at worst; real conditions cost a few hundred.
MAX_COST = 20_000
VARIABLE_ITEMS = 32  # items assumed in a list an answer or fact holds (a question's choices)

_SEPARATORS = frozenset(("&&", "||", ",", "?", ":"))
_CHAINING = frozenset(("==", "!=", "<=", ">=", "<", ">", "-", "+", "*", "/", "%", "!", ".", "in"))


class ConditionRefused(ValueError):
    """A condition too long, too deeply nested or too costly to hand to CEL."""


def _nesting(source: str) -> tuple[int, int]:
    """(deepest bracket nesting, longest operator chain) of ``source``.

    A chain is the operators (`+`, `==`, `.`, `!`, an index `[`, …) between two of `&&`,
    `||`, `,`, `?`, `:` in one bracket level: `a + b + c` is one chain of 2, the left-deep
    tree CEL recurses on. CEL keeps `&&`/`||` chains flat, so they end a chain (measured: 30,000
    of them pass on a 512 KB stack). The chains of the enclosing levels are added, as their
    trees stack up too. A source that doesn't tokenize counts as (0, 0): the parser reports it.
    """
    try:
        toks = tokens(source)
    except ConditionSyntaxError:
        return 0, 0
    chains = [0]  # operators in the current chain of each open bracket level
    longest = total = 0
    for t in toks:
        if t.kind != "op":
            continue
        if t.text in "([{":
            if t.text == "[":
                chains[-1] += 1  # `a[0][0]…` chains like `a.b.c`
                total += 1
            chains.append(0)
        elif t.text in ")]}" and len(chains) > 1:
            total -= chains.pop()
        elif t.text in _SEPARATORS:
            total -= chains[-1]
            chains[-1] = 0
        elif t.text in _CHAINING:
            chains[-1] += 1
            total += 1
        longest = max(longest, total)
    return bracket_depth(toks), longest


def _nested_macro(tree: Node) -> Node | None:
    """The first comprehension macro inside another's arguments (its per-item part), or None."""
    for node in walk(tree):
        if node.kind == "macro":
            for part in node.parts[1:]:
                inner = next((n for n in walk(part) if n.kind == "macro"), None)
                if inner is not None:
                    return inner
    return None


def _size(node: Node, bound: frozenset[str] = frozenset()) -> int:
    """An upper bound on the items of the value ``node`` gives, counted deep (1 for a scalar):
    what a macro over it iterates, and what copying it costs."""
    kind, parts = node.kind, node.parts
    if kind == "name":
        return 1 if node.name in bound else VARIABLE_ITEMS
    if kind in ("list", "map", "struct", "call", "method"):
        return 1 + sum(_size(p, bound) for p in parts)
    if kind == "binary" and node.name == "+":  # list (or string) concatenation
        return _size(parts[0], bound) + _size(parts[1], bound)
    if kind == "conditional":
        return max(_size(parts[1], bound), _size(parts[2], bound))
    if kind in ("select", "index"):
        return _size(parts[0], bound)
    if kind == "macro":
        items = _size(parts[0], bound)
        if node.name == "map":
            return items * _size(parts[-1], bound | {node.variable})
        return items if node.name == "filter" else 1
    return 1


def evaluation_cost(tree: Node) -> int:
    """Estimated steps of one evaluation: one per node, and per macro over N items, N times its
    per-item part; `map` and `filter` also copy their growing result once per item (measured:
    quadratic in cel 0.10), so they add N × N × the size of an item. Assumes no macro nests in
    another's per-item part (refused before this is asked)."""
    cost = 0
    for node in walk(tree):
        cost += 1
        if node.kind != "macro":
            continue
        items = _size(node.parts[0])
        per_item = sum(1 for part in node.parts[1:] for _ in walk(part))
        cost += items * per_item
        if node.name == "map":
            cost += items * items * _size(node.parts[-1], frozenset((node.variable,)))
        elif node.name == "filter":
            cost += items * items
    return cost


def parse_condition(source: str) -> Node:
    """The parse tree of ``source``, once it is safe to hand to CEL (see the module docstring).
    Raises ConditionRefused, or ConditionSyntaxError (a ValueError with the offset) for a
    source that isn't CEL."""
    if len(source) > MAX_LENGTH:
        raise ConditionRefused(f"Condition is too long ({len(source):,} characters; at most {MAX_LENGTH:,}).")
    depth, chain = _nesting(source)
    if depth > MAX_DEPTH:
        raise ConditionRefused(
            f"Condition is nested too deeply ({depth} brackets inside each other; at most {MAX_DEPTH})."
        )
    if chain > MAX_CHAIN:
        raise ConditionRefused(
            f"Condition is nested too deeply ({chain} operators in one chain; at most {MAX_CHAIN}). "
            "Split it with && or ||, or compare with `in [...]`."
        )
    tree = parse(tokens(source))
    inner = _nested_macro(tree)
    if inner is not None:
        raise ConditionRefused(
            f"Condition nests one list macro ({', '.join(sorted(MACROS))}) inside another, so it runs once "
            f"per item of the other; use one macro, or `in [...]`. The inner one is{position(source, inner.start)}"
        )
    cost = evaluation_cost(tree)
    if cost > MAX_COST:
        raise ConditionRefused(
            f"Condition would take too long to evaluate (about {cost:,} steps; at most {MAX_COST:,}). "
            "Use shorter lists, or `in [...]` instead of map and filter."
        )
    return tree


def refusal(source: str) -> str | None:
    """Why ``source`` must not reach CEL, or None when it may (a syntax error is no refusal:
    ``parse_condition`` reports it)."""
    try:
        parse_condition(source)
    except ConditionRefused as exc:
        return str(exc)
    except ConditionSyntaxError:
        return None
    return None


def compile_condition(source: str) -> cel.Program:
    """The CEL program of one condition. Raises ConditionRefused (see ``parse_condition``) or
    ValueError (a syntax error) instead of handing CEL a source it can't survive."""
    parse_condition(source)
    return cel.compile(source)


def compile_list(entries: list[str]) -> cel.Program:
    """One CEL program for a flat list literal of entries, each wrapping a few levels around a
    source ``compile_condition`` accepted (the compiler's batch program). A flat list costs CEL
    no depth however long it is (measured: 20,000 entries on a 512 KB stack)."""
    return cel.compile("[" + ",\n".join(entries) + "]")


# --- evaluation errors -------------------------------------------------------------------------

_OVERFLOW = re.compile(r"overflow in '(\w+)' on (\S+) and (\S+?)\.?$")
_OVERFLOW_OPS = {"add": "+", "sub": "-", "mul": "*", "div": "/", "rem": "%"}


def _operators(source: str, op: str) -> list[int]:
    """Offsets of operator ``op`` in ``source``, outside strings and comments."""
    try:
        return [t.start for t in tokens(source) if t.kind == "op" and t.text == op]
    except ConditionSyntaxError:
        return []


def _pick(candidates: list[int], preferred: list[int]) -> int | None:
    """The one candidate the error can be pinned to, or None when it is ambiguous."""
    if len(preferred) == 1:
        return preferred[0]
    return candidates[0] if len(candidates) == 1 else None


_PICTURE = 72  # characters of a line pictured under a message


def position(source: str, offset: int | None) -> str:
    """' at line L, column C:' and a picture of the line, as CEL pictures syntax errors."""
    if offset is None:
        return "."
    line = source.count("\n", 0, offset) + 1
    start = source.rfind("\n", 0, offset) + 1
    end = source.find("\n", offset)
    text = source[start : end if end >= 0 else len(source)]
    column = offset - start + 1
    # A long line is pictured around the spot only, so the caret stays on screen.
    low = max(0, min(column - 1 - _PICTURE // 2, len(text) - _PICTURE))
    high = low + _PICTURE
    shown = ("…" if low else "") + text[low:high] + ("…" if high < len(text) else "")
    caret = column - 1 - low + (1 if low else 0)
    return f" at line {line}, column {column}:\n| {shown}\n| {'.' * caret}^"


def located(head: str, source: str, offset: int, why: str) -> str:
    """'<head> at line L, column C: <why>' and a picture of the line with a caret under C."""
    first, _, picture = position(source, offset).partition("\n")
    return f"{head}{first} {why}\n{picture}"


_CEL_SYNTAX = re.compile(r"<input>:(\d+):(\d+): (?:Syntax error: )?(.*?)\n")
_CEL_INPUT = re.compile(r"(?:mismatched|extraneous) input '(.*?)'|at input '(.*?)'|missing '(.*?)'")


def syntax_message(source: str, exc: Exception) -> str:
    """One sentence with the line and column (and a picture) for a source that is no CEL:
    our parser's own error, or else CEL's, without its grammar's token list."""
    if isinstance(exc, ConditionSyntaxError):
        return located("Syntax error", source, exc.offset, f"{exc}.")
    m = _CEL_SYNTAX.search(str(exc))
    if not m:
        return "Syntax error: CEL can't read this condition."
    line, column = int(m.group(1)), int(m.group(2))
    offset = sum(len(text) + 1 for text in source.split("\n")[: line - 1]) + column - 1
    found = _CEL_INPUT.search(m.group(3))
    if found and found.group(3):
        why = f"`{found.group(3)}` is missing here."
    elif found:
        seen = found.group(1) or found.group(2)
        why = "the condition ends too early." if seen == "<EOF>" else f"CEL can't read `{seen}` here."
    else:
        why = m.group(3).rstrip(".") + "."
    return located("Syntax error", source, offset, why[0].upper() + why[1:])


def _failing_offset(source: str, exc: Exception) -> int | None:
    text = str(exc)
    if isinstance(exc, ZeroDivisionError):
        op = "%" if "modulo" in text else "/"
        found = _operators(source, op)
        by_zero = [i for i in found if re.match(r"\s*0[uU]?(?![\w.])", source[i + 1 :])]
        return _pick(found, by_zero)
    m = _OVERFLOW.search(text)
    if isinstance(exc, OverflowError) and m and m.group(1) in _OVERFLOW_OPS:
        found = _operators(source, _OVERFLOW_OPS[m.group(1)])
        left, right = m.group(2), m.group(3)
        literal = [
            i for i in found if source[:i].rstrip().endswith(left) and source[i + 1 :].lstrip().startswith(right)
        ]
        return _pick(found, literal)
    if isinstance(exc, KeyError):
        key = exc.args[0] if exc.args else ""
        found = [m.start() for m in re.finditer(r"""(?:"|'|\.)""" + re.escape(str(key)) + r"""\b["']?""", source)]
        return _pick(found, [])
    return None


def failure_message(source: str, exc: Exception) -> str:
    """A sentence for a condition that raised ``exc`` while being evaluated, with the failing
    operator's position when exactly one place in ``source`` fits (CEL gives none)."""
    text = str(exc)
    if isinstance(exc, ZeroDivisionError):
        what = "Modulo by zero" if "modulo" in text else "Division by zero"
    elif isinstance(exc, OverflowError):
        what = "Integer overflow (CEL integers are 64-bit)"
    elif isinstance(exc, KeyError):
        what = f"No such key {text}"
    elif isinstance(exc, IndexError):
        what = f"Index out of range ({text})"
    elif isinstance(exc, TypeError):
        what = "Type mismatch: an operation doesn't fit the types of its operands"
    else:
        return f"Condition fails to evaluate: {text}"
    return what + position(source, _failing_offset(source, exc))


def is_absence(exc: Exception, absent: list[str]) -> bool:
    """True when ``exc`` is CEL's error for reading one of the ``absent`` (unanswered or hidden)
    variables: the engine's ordinary "does not match", not a failure."""
    text = str(exc)
    return isinstance(exc, RuntimeError) and any(f"'{name}'" in text for name in absent)
