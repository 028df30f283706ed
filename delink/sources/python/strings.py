"""Python string literals with exact offsets, and the names and commands built from them.

:func:`decode` reads the literal tokens of a ``str`` expression as written (prefixes,
every quote style, implicit concatenation across lines and comments, escapes, raw
strings, f-string fields) into :class:`Piece` s: one decoded character with the host
characters it comes from (``\\n`` is two host characters for one), or an f-string
replacement field with its expression text. Offsets are character offsets of the file.

A :class:`Template` is what a string *evaluates* to when parts of it are computed:
literal characters plus holes (``%s``, ``{0}``, ``{expr}``, ``x + '…'``), each hole
either resolved to a constant string or unknown. Reads of link env vars with built names
and shell commands with interpolated values are found in templates.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

__all__ = ["Hole", "Piece", "Template", "decode", "format_holes", "percent_holes"]

_PREFIX = re.compile(r"([rRbBuUfF]{0,2})('''|\"\"\"|'|\")")
_SIMPLE_ESCAPES = {
    "\\": "\\",
    "'": "'",
    '"': '"',
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
}
_OCT = re.compile(r"[0-7]{1,3}")
_HEX = {"x": 2, "u": 4, "U": 8}


@dataclass(frozen=True)
class Piece:
    """One decoded character (``field`` False) or an f-string field (``field`` True:
    ``text`` is the expression source, ``start``/``end`` the whole ``{…}``)."""

    text: str
    start: int
    end: int
    field: bool = False


def decode(text: str, start: int, end: int) -> list[Piece] | None:
    """The pieces of the string literal tokens in ``text[start:end]`` (one ``str``
    expression as ``ast`` spans it), or None for bytes or text that is not a literal."""
    out: list[Piece] = []
    i = start
    while i < end:
        c = text[i]
        if c in " \t\f\r\n":
            i += 1
            continue
        if c == "\\" and i + 1 < end and text[i + 1] in "\r\n":
            i += 2
            continue
        if c == "#":
            while i < end and text[i] not in "\r\n":
                i += 1
            continue
        m = _PREFIX.match(text, i, end)
        if m is None:
            return None
        prefix = m.group(1).lower()
        if "b" in prefix:
            return None
        quote = m.group(2)
        j = _body(text, m.end(), end, quote, "r" in prefix, "f" in prefix, out)
        if j is None:
            return None
        i = j + len(quote)
    return out


def _body(
    text: str, i: int, end: int, quote: str, raw: bool, fmt: bool, out: list[Piece]
) -> int | None:
    """Decode a literal's body from ``i``; returns the offset of its closing quote."""
    while i < end:
        if text.startswith(quote, i):
            return i
        ch = text[i]
        if ch == "\\":
            if i + 1 >= end:
                return None
            nxt = text[i + 1]
            if raw:
                out.append(Piece("\\", i, i + 1))
                if nxt == "\r" and text.startswith("\r\n", i + 1):
                    out.append(Piece("\n", i + 1, i + 3))
                    i += 3
                else:
                    out.append(Piece("\n" if nxt == "\r" else nxt, i + 1, i + 2))
                    i += 2
                continue
            i = _escape(text, i, end, out)
            continue
        if fmt and ch == "{":
            if text.startswith("{{", i):
                out.append(Piece("{", i, i + 2))
                i += 2
                continue
            close = _field_end(text, i, end)
            if close is None:
                return None
            out.append(Piece(_field_expr(text[i + 1 : close]), i, close + 1, field=True))
            i = close + 1
            continue
        if fmt and ch == "}":
            n = 2 if text.startswith("}}", i) else 1
            out.append(Piece("}", i, i + n))
            i += n
            continue
        if ch == "\r":
            n = 2 if text.startswith("\r\n", i) else 1
            out.append(Piece("\n", i, i + n))
            i += n
            continue
        out.append(Piece(ch, i, i + 1))
        i += 1
    return None


def _escape(text: str, i: int, end: int, out: list[Piece]) -> int:
    nxt = text[i + 1]
    if nxt in "\r\n":  # backslash-newline inside a string: nothing
        return i + (3 if text.startswith("\r\n", i + 1) else 2)
    if nxt in _SIMPLE_ESCAPES:
        out.append(Piece(_SIMPLE_ESCAPES[nxt], i, i + 2))
        return i + 2
    m = _OCT.match(text, i + 1, min(end, i + 4))
    if m is not None:
        out.append(Piece(chr(int(m.group(), 8)), i, m.end()))
        return m.end()
    if nxt in _HEX:
        n = _HEX[nxt]
        digits = text[i + 2 : i + 2 + n]
        if len(digits) == n and all(d in "0123456789abcdefABCDEF" for d in digits):
            try:
                out.append(Piece(chr(int(digits, 16)), i, i + 2 + n))
                return i + 2 + n
            except (ValueError, OverflowError):
                pass
    if nxt == "N" and text.startswith("{", i + 2):
        close = text.find("}", i + 3, end)
        if close > 0:
            try:
                out.append(Piece(unicodedata.lookup(text[i + 3 : close]), i, close + 1))
                return close + 1
            except KeyError:
                pass
    out.append(Piece("\\", i, i + 1))  # an unknown escape keeps its backslash
    out.append(Piece(nxt, i + 1, i + 2))
    return i + 2


def _field_end(text: str, i: int, end: int) -> int | None:
    """Offset of the ``}`` closing the f-string field that opens at ``i``."""
    depth = 0
    j = i
    while j < end:
        ch = text[j]
        if ch in "{[(":
            depth += 1
        elif ch in "}])":
            depth -= 1
            if depth == 0:
                return j if ch == "}" else None
        elif ch in "'\"":
            m = _PREFIX.match(text, j, end)
            q = m.group(2) if m else ch
            close = text.find(q, j + len(q), end)
            if close < 0:
                return None
            j = close + len(q)
            continue
        j += 1
    return None


def _field_expr(inner: str) -> str:
    """The expression of a field body ``expr!r:spec`` (without conversion and spec)."""
    depth = 0
    k = 0
    while k < len(inner):
        ch = inner[k]
        if ch in "[({":
            depth += 1
        elif ch in "])}":
            depth -= 1
        elif ch in "'\"":
            close = inner.find(ch, k + 1)
            k = close + 1 if close > 0 else len(inner)
            continue
        elif depth == 0 and (ch == ":" or (ch == "!" and inner[k + 1 : k + 2] != "=")):
            return inner[:k].strip()
        elif (
            depth == 0
            and ch == "="
            and inner[k + 1 : k + 2] != "="
            and (k == 0 or inner[k - 1] not in "=!<>")
        ):
            return inner[:k].strip()  # the self-documenting ``{x=}``
        k += 1
    return inner.strip()


# -- templates -------------------------------------------------------------------------


@dataclass(frozen=True)
class Hole:
    """A computed part of a string: ``value`` when delink resolved it to a constant."""

    label: str  # a readable name for messages and placeholders (``alias``, ``0``)
    start: int  # host span of what computes it (``%s``, ``{0}``, ``{alias.upper()}``, ``x``)
    end: int
    value: str | None = None


Item = Piece | Hole


@dataclass
class Template:
    items: list[Item]

    @property
    def start(self) -> int:
        return self.items[0].start if self.items else 0

    @property
    def end(self) -> int:
        return self.items[-1].end if self.items else 0

    @property
    def holes(self) -> list[Hole]:
        return [x for x in self.items if isinstance(x, Hole)]

    def literal(self) -> str | None:
        """The value when every hole is resolved."""
        parts = []
        for x in self.items:
            if isinstance(x, Hole):
                if x.value is None:
                    return None
                parts.append(x.value)
            else:
                parts.append(x.text)
        return "".join(parts)

    def chars(
        self, placeholder: Callable[[Hole], str]
    ) -> Iterator[tuple[str, int, int, Hole | None]]:
        """Every character of the rendered text with its host span; unresolved holes
        render as ``placeholder(hole)`` (resolved ones as their value)."""
        for x in self.items:
            if isinstance(x, Hole):
                text = x.value if x.value is not None else placeholder(x)
                for ch in text:
                    yield ch, x.start, x.end, x
            else:
                yield x.text, x.start, x.end, None

    def __add__(self, other: Template) -> Template:
        return Template(self.items + other.items)


_PERCENT = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?"
    r"(?P<conv>[diouxXeEfFgGcrsa%])"
)
_FORMAT = re.compile(
    r"\{\{|\}\}|\{(?P<field>[^{}!:]*)(?:![rsa])?(?::[^{}]*(?:\{[^{}]*\}[^{}]*)*)?\}"
)
_FIELD_HEAD = re.compile(r"(?P<head>[^.\[]*)(?P<rest>.*)", re.S)


def _text_of(pieces: list[Piece]) -> str:
    return "".join(p.text if not p.field else "\0" for p in pieces)


def _holes(
    pieces: list[Piece],
    pattern: re.Pattern[str],
    item: Callable[[re.Match[str], int, int], Item],
) -> Template | None:
    """The pieces with every match of ``pattern`` in their text replaced by
    ``item(match, host start, host end)``; None when a piece is already a field."""
    if any(p.field for p in pieces):
        return None
    text = _text_of(pieces)
    items: list[Item] = []
    pos = 0
    for m in pattern.finditer(text):
        items.extend(pieces[pos : m.start()])
        items.append(item(m, pieces[m.start()].start, pieces[m.end() - 1].end))
        pos = m.end()
    items.extend(pieces[pos:])
    return Template(items)


def percent_holes(
    pieces: list[Piece], value: Callable[[int | str], tuple[str, str | None]]
) -> Template | None:
    """``'…%s…' % args``: ``value(index or key)`` gives (label, resolved value)."""
    index = 0

    def item(m: re.Match[str], a: int, b: int) -> Item:
        nonlocal index
        if m.group("conv") == "%":
            return Piece("%", a, b)
        key: int | str = m.group("key") if m.group("key") is not None else index
        if m.group("key") is None:
            index += 1
        label, val = value(key)
        if val is not None and m.group("conv") not in "srad":
            val = None
        return Hole(label, a, b, val)

    return _holes(pieces, _PERCENT, item)


def format_holes(
    pieces: list[Piece], value: Callable[[int | str], tuple[str, str | None]]
) -> Template | None:
    """``'…{0}…'.format(args)``: ``value(index or name)`` gives (label, resolved value)."""
    auto = 0

    def item(m: re.Match[str], a: int, b: int) -> Item:
        nonlocal auto
        tok = m.group()
        if tok in ("{{", "}}"):
            return Piece(tok[0], a, b)
        field = m.group("field") or ""
        head = _FIELD_HEAD.match(field)
        name = head.group("head") if head else field
        rest = head.group("rest") if head else ""
        key: int | str
        if name == "":
            key = auto
            auto += 1
        elif name.isdigit():
            key = int(name)
        else:
            key = name
        label, val = value(key)
        if rest or m.group().find("!") > 0 or ":" in m.group():
            val = None
        return Hole(label, a, b, val)

    return _holes(pieces, _FORMAT, item)
