"""YAML scalars back to their host characters, for shell embedded in YAML (CI files,
Compose ``command:``, Markdown YAML blocks).

:func:`scalar_chars` maps a scalar's value back to its host characters for every
style (plain, single- and double-quoted with escapes and folding, literal ``|`` and
folded ``>`` with chomping and indentation indicators): it replays pyyaml's scanner on
the host text, recording where each value character comes from, and checks the result
against the value pyyaml produced. :func:`load_nodes` composes every document.
"""

from __future__ import annotations

from typing import Any, ClassVar

from delink.sources.embedded import FragmentBuilder
from delink.text import OffsetMap

__all__ = ["load_nodes", "scalar_chars"]

_LINE_BREAKS = "\r\n\x85\u2028\u2029"
_EOF = "\0"


class _Replay:
    """Replays pyyaml's scalar scanner on the host text, recording for each value
    character the host offset it comes from (an escape maps to its backslash, a folded
    line break to the break)."""

    def __init__(self, text: str, pos: int) -> None:
        self.text = text
        self.pos = pos
        self.ls = text.rfind("\n", 0, pos) + 1
        cr = text.rfind("\r", 0, pos) + 1
        if cr > self.ls:
            self.ls = cr
        self.out = FragmentBuilder()

    # reader
    def peek(self, k: int = 0) -> str:
        i = self.pos + k
        return self.text[i] if i < len(self.text) else _EOF

    @property
    def column(self) -> int:
        return self.pos - self.ls

    def forward(self, n: int = 1) -> None:
        for _ in range(n):
            ch = self.peek()
            if ch == _EOF:
                return
            self.pos += 1
            if ch in "\n\x85\u2028\u2029" or (ch == "\r" and self.peek() != "\n"):
                self.ls = self.pos

    def line_break(self) -> tuple[str, int]:
        ch = self.peek()
        at = self.pos
        if ch in "\r\n\x85":
            self.forward(2 if self.text.startswith("\r\n", self.pos) else 1)
            return "\n", at
        if ch in "\u2028\u2029":
            self.forward()
            return ch, at
        return "", at

    # plain
    def plain(self, end: int) -> None:
        out = self.out
        spaces: list[tuple[str, int, bool]] = []
        while self.pos < end:
            length = 0
            while self.pos + length < end and self.peek(length) not in " \t" + _LINE_BREAKS:
                length += 1
            if length == 0:
                break
            for t, at, literal in spaces:
                if literal:
                    out.add(at, t)
                else:
                    out.put(t, at)
            out.add(self.pos, self.text[self.pos : self.pos + length])
            self.forward(length)
            spaces = self.plain_spaces()
            if not spaces or self.pos >= end:
                break

    def plain_spaces(self) -> list[tuple[str, int, bool]]:
        """Whitespace between two chunks: kept as written, or folded (a line break
        becomes a space at the break, more breaks stay line breaks)."""
        chunks: list[tuple[str, int, bool]] = []
        start = self.pos
        length = 0
        while self.peek(length) == " ":
            length += 1
        self.forward(length)
        if self.peek() in _LINE_BREAKS:
            lb, at = self.line_break()
            breaks: list[tuple[str, int]] = []
            while self.peek() in " " + _LINE_BREAKS:
                if self.peek() == " ":
                    self.forward()
                else:
                    breaks.append(self.line_break())
            if lb != "\n":
                chunks.append((lb, at, False))
            elif not breaks:
                chunks.append((" ", at, False))
            chunks.extend((t, b, False) for t, b in breaks)
        elif length:
            chunks.append((self.text[start : start + length], start, True))
        return chunks

    # quoted
    _ESCAPES: ClassVar[dict[str, str]] = {
        "0": "\0",
        "a": "\x07",
        "b": "\x08",
        "t": "\x09",
        "\t": "\x09",
        "n": "\x0a",
        "v": "\x0b",
        "f": "\x0c",
        "r": "\x0d",
        "e": "\x1b",
        " ": " ",
        '"': '"',
        "\\": "\\",
        "/": "/",
        "N": "\x85",
        "_": "\xa0",
        "L": "\u2028",
        "P": "\u2029",
    }
    _CODES: ClassVar[dict[str, int]] = {"x": 2, "u": 4, "U": 8}

    def flow(self, double: bool) -> None:
        quote = self.peek()
        if quote != ('"' if double else "'"):
            raise ValueError("the node's mark is not at its opening quote")
        self.forward()
        self.flow_non_spaces(double)
        while self.peek() != quote:
            if self.peek() == _EOF:
                raise ValueError("unterminated quoted scalar")
            before = self.pos
            self.flow_spaces()
            self.flow_non_spaces(double)
            if self.pos == before:  # every step must consume text, or the replay is lost
                raise ValueError("the replay does not match the text")
        self.forward()

    def flow_non_spaces(self, double: bool) -> None:
        out = self.out
        while True:
            length = 0
            while self.peek(length) not in "'\"\\\0 \t" + _LINE_BREAKS:
                length += 1
            if length:
                out.add(self.pos, self.text[self.pos : self.pos + length])
                self.forward(length)
            ch = self.peek()
            if not double and ch == "'" and self.peek(1) == "'":
                out.put("'", self.pos)
                self.forward(2)
            elif (double and ch == "'") or (not double and ch in '"\\'):
                out.add(self.pos, ch)
                self.forward()
            elif double and ch == "\\":
                at = self.pos
                self.forward()
                ch = self.peek()
                if ch in self._ESCAPES:
                    out.put(self._ESCAPES[ch], at)
                    self.forward()
                elif ch in self._CODES:
                    n = self._CODES[ch]
                    self.forward()
                    out.put(chr(int(self.text[self.pos : self.pos + n], 16)), at)
                    self.forward(n)
                elif ch in _LINE_BREAKS:
                    self.line_break()
                    for t, b in self.flow_breaks():
                        out.put(t, b)
                else:
                    raise ValueError(f"unknown escape {ch!r}")
            else:
                return

    def flow_spaces(self) -> None:
        out = self.out
        start = self.pos
        length = 0
        while self.peek(length) in " \t":
            length += 1
        self.forward(length)
        if self.peek() in _LINE_BREAKS:
            lb, at = self.line_break()
            breaks = self.flow_breaks()
            if lb != "\n":
                out.put(lb, at)
            elif not breaks:
                out.put(" ", at)
            for t, b in breaks:
                out.put(t, b)
        elif length:
            out.add(start, self.text[start : start + length])

    def flow_breaks(self) -> list[tuple[str, int]]:
        chunks: list[tuple[str, int]] = []
        while True:
            while self.peek() in " \t":
                self.forward()
            if self.peek() in _LINE_BREAKS:
                chunks.append(self.line_break())
            else:
                return chunks

    # block
    def block(self, folded: bool, min_indent: int) -> None:
        out = self.out
        self.forward()  # | or >
        chomping: bool | None = None
        increment: int | None = None
        ch = self.peek()
        if ch in "+-":
            chomping = ch == "+"
            self.forward()
            if self.peek().isdigit():
                increment = int(self.peek())
                self.forward()
        elif ch.isdigit():
            increment = int(ch)
            self.forward()
            if self.peek() in "+-":
                chomping = self.peek() == "+"
                self.forward()
        while self.peek() == " ":
            self.forward()
        if self.peek() == "#":
            while self.peek() not in _EOF + _LINE_BREAKS:
                self.forward()
        self.line_break()
        min_indent = max(min_indent, 1)
        breaks: list[tuple[str, int]]
        if increment is None:
            breaks, max_indent = self.block_indentation()
            indent = max(min_indent, max_indent)
        else:
            indent = min_indent + increment - 1
            breaks = self.block_breaks(indent)
        lb, lb_at = "", self.pos
        while self.column == indent and self.peek() != _EOF:
            for t, b in breaks:
                out.put(t, b)
            leading_non_space = self.peek() not in " \t"
            length = 0
            while self.peek(length) not in _EOF + _LINE_BREAKS:
                length += 1
            out.add(self.pos, self.text[self.pos : self.pos + length])
            self.forward(length)
            lb, lb_at = self.line_break()
            breaks = self.block_breaks(indent)
            if self.column == indent and self.peek() != _EOF:
                if folded and lb == "\n" and leading_non_space and self.peek() not in " \t":
                    if not breaks:
                        out.put(" ", lb_at)
                else:
                    out.put(lb, lb_at)
            else:
                break
        if chomping is not False and lb:
            out.put(lb, lb_at)
        if chomping is True:
            for t, b in breaks:
                out.put(t, b)

    def block_indentation(self) -> tuple[list[tuple[str, int]], int]:
        chunks: list[tuple[str, int]] = []
        max_indent = 0
        while self.peek() in " " + _LINE_BREAKS and self.peek() != _EOF:
            if self.peek() != " ":
                chunks.append(self.line_break())
            else:
                self.forward()
                max_indent = max(max_indent, self.column)
        return chunks, max_indent

    def block_breaks(self, indent: int) -> list[tuple[str, int]]:
        chunks: list[tuple[str, int]] = []
        while self.column < indent and self.peek() == " ":
            self.forward()
        while self.peek() in _LINE_BREAKS and self.peek() != _EOF:
            chunks.append(self.line_break())
            while self.column < indent and self.peek() == " ":
                self.forward()
        return chunks


def scalar_chars(text: str, node: Any, min_indent: int = 1) -> tuple[str, OffsetMap] | None:
    """The value of a pyyaml ``ScalarNode`` and the host offset of each character, or
    None when the host text does not reproduce the value (then nothing is guessed).

    ``min_indent`` is the indentation a block scalar's content must exceed (the
    column of the key or ``-`` that holds it, plus one); other values are tried when
    the first guess does not reproduce the value.
    """
    start = node.start_mark.index
    end = node.end_mark.index
    style = node.style or None
    value = node.value
    if not isinstance(value, str):
        return None
    candidates = (
        [min_indent]
        if style not in ("|", ">")
        else _indent_candidates(min_indent, node.start_mark.column)
    )
    for indent in candidates:
        replay = _Replay(text, start)
        try:
            if style is None:
                replay.plain(end)
            elif style in ("'", '"'):
                replay.flow(style == '"')
            else:
                replay.block(style == ">", indent)
        except (ValueError, IndexError):
            return None
        frag, omap = replay.out.build(end)
        if frag == value:
            return frag, omap
    return None


def _indent_candidates(first: int, column: int) -> list[int]:
    out = [first]
    for k in range(1, column + 2):
        if k not in out:
            out.append(k)
    return out


def load_nodes(text: str) -> list[Any]:
    """Compose every document (the C loader when present; marks are offsets into
    ``text`` whatever its BOMs: :mod:`delink.yamlnodes`). Raises ``yaml.YAMLError``."""
    from delink.yamlnodes import compose_all

    return compose_all(text)
