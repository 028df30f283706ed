"""JSON with positions: every value knows the characters it is written in.

Python's ``json`` keeps no offsets, and the ECS reader must point at the exact characters
of a ``"links"`` item. :func:`parse` is a small recursive-descent reader of RFC 8259 JSON
(plus what real files hold: ``//`` and ``/* */`` comments, trailing commas) that returns
:class:`Node` trees. Strings keep their decoded value and the offsets of their
characters *inside* the quotes; escapes make a string's value differ from its text, which
:attr:`Node.exact` tells.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["JsonError", "Node", "parse"]

_WS = re.compile(r"(?:[ \t\r\n\ufeff]+|//[^\n]*|/\*.*?\*/)*", re.DOTALL)
_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_MAX_DEPTH = 200


class JsonError(ValueError):
    def __init__(self, message: str, at: int) -> None:
        super().__init__(f"{message} at offset {at}")
        self.at = at


@dataclass
class Node:
    kind: str  # "object", "array", "string", "number", "literal"
    start: int  # the first character (the quote of a string)
    end: int  # just past the last character
    value: Any = None  # str for strings, the Python value for numbers and literals
    items: list[Node] = field(default_factory=list)  # array items
    pairs: list[tuple[Node, Node]] = field(default_factory=list)  # object members

    @property
    def exact(self) -> bool:
        """A string written without escapes: its value is its text."""
        return self.kind == "string" and self.end - self.start - 2 == len(self.value)

    def get(self, *names: str) -> Node | None:
        """The value of the first member named one of ``names`` (an object's)."""
        for k, v in self.pairs:
            if k.value in names:
                return v
        return None

    @property
    def text(self) -> str | None:
        return self.value if self.kind == "string" else None


class _Parser:
    def __init__(self, text: str, base: int) -> None:
        self.text = text
        self.base = base
        self.i = 0

    def ws(self) -> None:
        m = _WS.match(self.text, self.i)
        if m:
            self.i = m.end()

    def fail(self, message: str) -> JsonError:
        return JsonError(message, self.base + self.i)

    def value(self, depth: int) -> Node:
        if depth > _MAX_DEPTH:
            raise self.fail("too deeply nested")
        self.ws()
        if self.i >= len(self.text):
            raise self.fail("unexpected end")
        c = self.text[self.i]
        start = self.i
        if c == "{":
            return self.obj(depth)
        if c == "[":
            return self.arr(depth)
        if c == '"':
            m = _STRING.match(self.text, self.i)
            if m is None:
                raise self.fail("unterminated string")
            self.i = m.end()
            try:
                value = json.loads(m.group())
            except ValueError as exc:
                raise self.fail("bad string") from exc
            return Node("string", self.base + start, self.base + self.i, value)
        m = _NUMBER.match(self.text, self.i)
        if m is not None and m.group():
            self.i = m.end()
            return Node("number", self.base + start, self.base + self.i, json.loads(m.group()))
        for word, val in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(word, self.i):
                self.i += len(word)
                return Node("literal", self.base + start, self.base + self.i, val)
        raise self.fail(f"unexpected {c!r}")

    def obj(self, depth: int) -> Node:
        node = Node("object", self.base + self.i, 0)
        self.i += 1
        while True:
            self.ws()
            if self.text.startswith("}", self.i):
                self.i += 1
                node.end = self.base + self.i
                return node
            key = self.value(depth + 1)
            if key.kind != "string":
                raise self.fail("expected a member name")
            self.ws()
            if not self.text.startswith(":", self.i):
                raise self.fail("expected ':'")
            self.i += 1
            node.pairs.append((key, self.value(depth + 1)))
            self.ws()
            if self.text.startswith(",", self.i):
                self.i += 1
            elif not self.text.startswith("}", self.i):
                raise self.fail("expected ',' or '}'")

    def arr(self, depth: int) -> Node:
        node = Node("array", self.base + self.i, 0)
        self.i += 1
        while True:
            self.ws()
            if self.text.startswith("]", self.i):
                self.i += 1
                node.end = self.base + self.i
                return node
            node.items.append(self.value(depth + 1))
            self.ws()
            if self.text.startswith(",", self.i):
                self.i += 1
            elif not self.text.startswith("]", self.i):
                raise self.fail("expected ',' or ']'")


def parse(text: str, base: int = 0) -> Node:
    """The JSON value of ``text``; offsets are ``base`` plus offsets in ``text``.
    Raises :class:`JsonError`."""
    p = _Parser(text, base)
    node = p.value(0)
    p.ws()
    if p.i != len(text):
        raise p.fail("extra text after the value")
    return node
