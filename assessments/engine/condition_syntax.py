"""A condition's tokens and parse tree, read in plain Python before CEL ever sees the source.

The CEL library exposes no parse tree and no cost limit, and its native evaluator holds the
interpreter lock while it runs. So the guards in conditions.py read the source here: a real
tokenizer (strings, raw and triple-quoted strings, comments, numbers) and a recursive-descent
parser of CEL's grammar (cel-spec's langdef), giving a small tree of ``Node``s. Whitespace,
comments and line breaks are gone from the tree, so no spelling of ``.map (`` hides a macro.

A source this parser can't read is a syntax error with its line and column in one sentence,
which also replaces CEL's raw parser output (``mismatched input '<EOF>' expecting {…}``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

# Comprehension macros: each runs its last argument once per item of its receiver.
MACROS = frozenset(("all", "exists", "exists_one", "map", "filter"))
KEYWORDS = frozenset(("true", "false", "null", "in"))
# Reserved by CEL: not usable as names (the parser of the library refuses them too).
RESERVED = frozenset(
    "as break const continue else for function if import let loop package namespace return var void while".split()
)

_TOKEN = re.compile(
    r"""(?P<space>\s+)
      |(?P<comment>//[^\n]*)
      |(?P<str>[rRbB]{0,2}(?:\"\"\"(?:\\.|[^\\])*?\"\"\"|'''(?:\\.|[^\\])*?'''|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'))
      |(?P<num>0[xX][0-9a-fA-F]+[uU]?|(?:\d+\.\d+|\.\d+)(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+|\d+[uU]?)
      |(?P<name>[A-Za-z_][A-Za-z0-9_]*)
      |(?P<op>==|!=|<=|>=|&&|\|\||[<>!+\-*/%.,()\[\]{}?:])""",
    re.X,
)
_OPENERS = {"(": ")", "[": "]", "{": "}"}


class ConditionSyntaxError(ValueError):
    """The source is not a CEL expression; ``offset`` is where reading stopped."""

    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset


@dataclass(frozen=True)
class Token:
    kind: str  # str | num | name | op | end
    text: str
    start: int


@dataclass
class Node:
    """One node of the tree. ``kind`` is one of: literal, name, list, map, struct, select,
    index, call (a global function: ``size(x)``), method (``x.startsWith(y)``), macro (a
    comprehension: ``x.exists(v, body)``; ``name`` is the macro, ``variable`` its bound name),
    unary, binary, conditional. ``parts`` are the children in source order (a method's or
    macro's receiver first)."""

    kind: str
    start: int
    name: str = ""
    parts: list[Node] = field(default_factory=list)
    variable: str = ""


def tokens(source: str) -> list[Token]:
    """Every token of ``source`` (spaces and comments dropped), ending with an ``end`` token.
    Raises ConditionSyntaxError at a character no token starts with, or an unclosed string."""
    found: list[Token] = []
    at = 0
    while at < len(source):
        m = _TOKEN.match(source, at)
        if m is None:
            char = source[at]
            what = "an unclosed string" if char in "\"'" else f"the character {char!r}"
            raise ConditionSyntaxError(f"{what[0].upper()}{what[1:]} can't start anything here", at)
        # Every alternative of _TOKEN is a named group, so a match always names its group.
        group = m.lastgroup or ""
        if group not in ("space", "comment"):
            kind = "op" if group == "name" and m.group() == "in" else group
            found.append(Token(kind, m.group(), at))
        at = m.end()
    found.append(Token("end", "", len(source)))
    return found


def bracket_depth(toks: list[Token]) -> int:
    """The deepest nesting of brackets, counted before parsing so the parser's own recursion
    (and CEL's) stays shallow."""
    depth = deepest = 0
    for t in toks:
        if t.kind == "op" and t.text in _OPENERS:
            depth += 1
            deepest = max(deepest, depth)
        elif t.kind == "op" and t.text in ")]}":
            depth = max(0, depth - 1)
    return deepest


def _describe(token: Token) -> str:
    return "the end of the condition" if token.kind == "end" else f"`{token.text}`"


class _Parser:
    def __init__(self, toks: list[Token]):
        self.toks = toks
        self.i = 0

    @property
    def peek(self) -> Token:
        return self.toks[self.i]

    def at(self, *texts: str) -> bool:
        t = self.peek
        return t.kind == "op" and t.text in texts

    def take(self) -> Token:
        t = self.toks[self.i]
        self.i += 1
        return t

    def expect(self, text: str, after: str) -> Token:
        if not self.at(text):
            raise ConditionSyntaxError(f"Expected `{text}` {after}, found {_describe(self.peek)}", self.peek.start)
        return self.take()

    # Each level of CEL's precedence, loosest first; chains are loops, so `a + b + … + z` never
    # recurses (their depth is bounded separately, see conditions.MAX_CHAIN).
    def expression(self) -> Node:
        test = self.logical("||", self.logical_and)
        if not self.at("?"):
            return test
        start = self.take().start
        then = self.logical("||", self.logical_and)
        self.expect(":", "after the true branch of `? :`")
        otherwise = self.expression()
        return Node("conditional", start, "?:", [test, then, otherwise])

    def logical(self, op: str, operand: Callable[[], Node]) -> Node:
        node = operand()
        while self.at(op):
            start = self.take().start
            node = Node("binary", start, op, [node, operand()])
        return node

    def logical_and(self) -> Node:
        return self.logical("&&", self.relation)

    def relation(self) -> Node:
        node = self.addition()
        while self.at("==", "!=", "<", "<=", ">", ">=", "in"):
            op = self.take()
            node = Node("binary", op.start, op.text, [node, self.addition()])
        return node

    def addition(self) -> Node:
        node = self.multiplication()
        while self.at("+", "-"):
            op = self.take()
            node = Node("binary", op.start, op.text, [node, self.multiplication()])
        return node

    def multiplication(self) -> Node:
        node = self.unary()
        while self.at("*", "/", "%"):
            op = self.take()
            node = Node("binary", op.start, op.text, [node, self.unary()])
        return node

    def unary(self) -> Node:
        ops = []
        while self.at("!", "-"):
            ops.append(self.take())
        node = self.member()
        for op in reversed(ops):
            node = Node("unary", op.start, op.text, [node])
        return node

    def member(self) -> Node:
        node = self.primary()
        while self.at(".", "["):
            op = self.take()
            if op.text == "[":
                index = self.expression()
                self.expect("]", "to close the index")
                node = Node("index", op.start, "[]", [node, index])
                continue
            name = self.take()
            if name.kind != "name":
                raise ConditionSyntaxError(
                    f"Expected a field or method name after `.`, found {_describe(name)}", name.start
                )
            if self.at("("):
                self.take()
                args = self.arguments(")")
                node = self._method(node, name, args)
            else:
                node = Node("select", name.start, name.text, [node])
        return node

    def _method(self, receiver: Node, name: Token, args: list[Node]) -> Node:
        is_macro = name.text in MACROS and len(args) in (2, 3) and args[0].kind == "name"
        if is_macro and (len(args) == 2 or name.text == "map"):
            return Node("macro", name.start, name.text, [receiver, *args[1:]], variable=args[0].name)
        return Node("method", name.start, name.text, [receiver, *args])

    def arguments(self, close: str) -> list[Node]:
        items = []
        while not self.at(close):
            items.append(self.expression())
            if not self.at(","):
                break
            self.take()
        self.expect(close, "to close the list" if close == "]" else "to close the arguments")
        return items

    def primary(self) -> Node:
        t = self.take()
        if t.kind in ("str", "num"):
            return Node("literal", t.start, t.text)
        if t.kind == "name":
            if t.text in ("true", "false", "null"):
                return Node("literal", t.start, t.text)
            if t.text in RESERVED:
                raise ConditionSyntaxError(f"`{t.text}` is a reserved word in CEL and can't be a name", t.start)
            if self.at("("):
                self.take()
                return Node("call", t.start, t.text, self.arguments(")"))
            if self.at("{"):
                return self.struct(t)
            return Node("name", t.start, t.text)
        if t.kind == "op" and t.text == ".":  # `.name`: a name from the root scope
            return self.primary()
        if t.kind == "op" and t.text == "(":
            inner = self.expression()
            self.expect(")", "to close the bracket")
            return inner
        if t.kind == "op" and t.text == "[":
            return Node("list", t.start, "[]", self.arguments("]"))
        if t.kind == "op" and t.text == "{":
            return Node("map", t.start, "{}", self.entries())
        raise ConditionSyntaxError(f"Expected a value, found {_describe(t)}", t.start)

    def entries(self) -> list[Node]:
        parts = []
        while not self.at("}"):
            parts.append(self.expression())
            self.expect(":", "between a map's key and its value")
            parts.append(self.expression())
            if not self.at(","):
                break
            self.take()
        self.expect("}", "to close the map")
        return parts

    def struct(self, name: Token) -> Node:
        self.take()  # {
        parts = []
        while not self.at("}"):
            field_name = self.take()
            if field_name.kind != "name":
                raise ConditionSyntaxError(f"Expected a field name, found {_describe(field_name)}", field_name.start)
            self.expect(":", "after a field name")
            parts.append(self.expression())
            if not self.at(","):
                break
            self.take()
        self.expect("}", "to close the message")
        return Node("struct", name.start, name.text, parts)


def parse(toks: list[Token]) -> Node:
    """The tree of a token list (from ``tokens``). Raises ConditionSyntaxError. The caller bounds
    the bracket depth first (``bracket_depth``): each level costs the parser a few frames."""
    parser = _Parser(toks)
    if parser.peek.kind == "end":
        raise ConditionSyntaxError("The condition is empty", 0)
    tree = parser.expression()
    if parser.peek.kind != "end":
        raise ConditionSyntaxError(f"Unexpected {_describe(parser.peek)} after a complete condition", parser.peek.start)
    return tree


def walk(tree: Node) -> Iterator[Node]:
    """Every node of the tree, parents before children (iterative: chains can be long)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.parts))


def free_names(tree: Node) -> list[tuple[str, int]]:
    """(name, offset) of each variable read, in source order, without macro-bound names
    (``g`` in ``goals.exists(g, g == "x")``) where they are bound."""
    found: list[tuple[str, int]] = []
    stack: list[tuple[Node, frozenset[str]]] = [(tree, frozenset())]
    while stack:
        node, bound = stack.pop()
        if node.kind == "name" and node.name not in bound:
            found.append((node.name, node.start))
        if node.kind == "macro":
            receiver, *body = node.parts
            stack.extend((part, bound | {node.variable}) for part in reversed(body))
            stack.append((receiver, bound))
        else:
            stack.extend((part, bound) for part in reversed(node.parts))
    return sorted(found, key=lambda pair: pair[1])
