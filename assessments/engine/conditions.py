"""Condition safety: the one place where an admin-written CEL source meets the CEL library.

CEL's native parser and evaluator recurse on the expression, and running out of stack kills
the process (SIGSEGV, no Python exception). Measured with cel 0.10 (compile + execute): with
the usual 8 MB main-thread stack a chain of ~12,500 `+` crashes (the 80 KB `1 + 1 + … + 1`
does); in a thread with a 512 KB stack, 66 nested lists, 78 nested parentheses or a chain of
~770 `+` or `.` do. So ``refusal`` measures a source in plain Python first, and
``compile_condition`` never hands CEL a source it refuses. The limits together use at most
two thirds of even the 512 KB stack, and are far beyond what a real condition needs.

Evaluation errors (division or modulo by zero, 64-bit overflow, no such key, no such
overload, …) arrive as Python exceptions of many classes and without a position;
``failure_message`` turns any of them into a sentence, with the failing operator's line and
column when the source pins it down.
"""

from __future__ import annotations

import re

import cel

MAX_LENGTH = 2000  # characters
MAX_DEPTH = 32  # brackets inside each other
MAX_CHAIN = 100  # operators in one chain (see _nesting), summed over the enclosing brackets

_TOKENS = re.compile(
    r'''"""(?:\\.|[^\\])*?"""|\'\'\'(?:\\.|[^\\])*?\'\'\'   # triple-quoted strings: skipped
      |"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'            # strings: skipped
      |//[^\n]*                                           # comments: skipped
      |(?P<open>[(\[{])|(?P<close>[)\]}])
      |(?P<sep>&&|\|\||[,?:])
      |(?P<op>[=!<>]=|[-+*/%<>!.]|\bin\b)''',
    re.X,
)


# CEL's comprehension macros: each runs its body once per list item, so one inside another
# multiplies (measured: three nested `map`s over 60-item literals, 582 characters, ran 25 s).
_MACRO_CALL = re.compile(r"\.\s*(?:all|exists_one|exists|map|filter)\s*$")


class ConditionRefused(ValueError):
    """A condition too long or too deeply nested to hand to the CEL parser."""


def _nesting(source: str) -> tuple[int, int]:
    """(deepest bracket nesting, longest operator chain) of ``source``.

    A chain is the operators (`+`, `==`, `.`, `!`, an index `[`, …) between two of `&&`,
    `||`, `,`, `?`, `:` in one bracket level: `a + b + c` is one chain of 2, the left-deep
    tree CEL recurses on. CEL keeps `&&`/`||` chains flat, so they end a chain (measured: 30,000
    of them pass on a 512 KB stack). The chains of the enclosing levels are added, as their
    trees stack up too.
    """
    chains = [0]  # operators in the current chain of each open bracket level
    deepest = longest = total = 0
    for m in _TOKENS.finditer(source):
        kind = m.lastgroup
        if kind == "open":
            if m.group() == "[":
                chains[-1] += 1  # `a[0][0]…` chains like `a.b.c`
                total += 1
            chains.append(0)
            deepest = max(deepest, len(chains) - 1)
        elif kind == "close" and len(chains) > 1:
            total -= chains.pop()
        elif kind == "sep":
            total -= chains[-1]
            chains[-1] = 0
        elif kind == "op":
            chains[-1] += 1
            total += 1
        longest = max(longest, total)
    return deepest, longest


def _nested_macro(source: str) -> bool:
    """Whether a comprehension macro (`.exists(…)`, `.map(…)`, …) sits inside another's brackets."""
    # Strings and comments (the tokens without a group) become blanks: they can't call anything.
    code = _TOKENS.sub(lambda m: m.group() if m.lastgroup else " " * len(m.group()), source)
    stack: list[bool] = []  # per open bracket: is it a macro's?
    for i, char in enumerate(code):
        if char in "([{":
            is_macro = char == "(" and bool(_MACRO_CALL.search(code[max(0, i - 24) : i]))
            if is_macro and any(stack):
                return True
            stack.append(is_macro)
        elif char in ")]}" and stack:
            stack.pop()
    return False


def refusal(source: str) -> str | None:
    """Why ``source`` must not reach the CEL parser, or None when it may."""
    if len(source) > MAX_LENGTH:
        return f"Condition is too long ({len(source):,} characters; at most {MAX_LENGTH:,})."
    depth, chain = _nesting(source)
    if depth > MAX_DEPTH:
        return f"Condition is nested too deeply ({depth} brackets inside each other; at most {MAX_DEPTH})."
    if chain > MAX_CHAIN:
        return (
            f"Condition is nested too deeply ({chain} operators in one chain; at most {MAX_CHAIN}). "
            "Split it with && or ||, or compare with `in [...]`."
        )
    if _nested_macro(source):
        return (
            "Condition nests one list macro (all, exists, exists_one, map, filter) inside another; "
            "each runs once per item of the other. Use one macro, or `in [...]`."
        )
    return None


def compile_condition(source: str):
    """The CEL program of one condition. Raises ConditionRefused (see ``refusal``) or
    ValueError (a syntax error) instead of handing CEL a source it can't survive."""
    why = refusal(source)
    if why:
        raise ConditionRefused(why)
    return cel.compile(source)


def compile_list(entries: list[str]):
    """One CEL program for a flat list literal of entries, each wrapping a few levels around a
    source ``compile_condition`` accepted (the compiler's batch program). A flat list costs CEL
    no depth however long it is (measured: 20,000 entries on a 512 KB stack)."""
    return cel.compile("[" + ",\n".join(entries) + "]")


# --- evaluation errors -------------------------------------------------------------------------

_OVERFLOW = re.compile(r"overflow in '(\w+)' on (\S+) and (\S+?)\.?$")
_OVERFLOW_OPS = {"add": "+", "sub": "-", "mul": "*", "div": "/", "rem": "%"}


def _operators(source: str, op: str) -> list[int]:
    """Offsets of operator ``op`` in ``source``, outside strings and comments."""
    return [m.start() for m in _TOKENS.finditer(source) if m.lastgroup == "op" and m.group() == op]


def _pick(candidates: list[int], preferred: list[int]) -> int | None:
    """The one candidate the error can be pinned to, or None when it is ambiguous."""
    if len(preferred) == 1:
        return preferred[0]
    return candidates[0] if len(candidates) == 1 else None


def position(source: str, offset: int | None) -> str:
    """' at line L, column C:' and a picture of the line, as CEL pictures syntax errors."""
    if offset is None:
        return "."
    line = source.count("\n", 0, offset) + 1
    start = source.rfind("\n", 0, offset) + 1
    end = source.find("\n", offset)
    text = source[start : end if end >= 0 else len(source)]
    column = offset - start + 1
    return f" at line {line}, column {column}:\n| {text}\n| {'.' * (column - 1)}^"


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
