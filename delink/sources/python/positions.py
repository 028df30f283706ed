"""``ast`` positions -> character offsets of the decoded text.

``ast`` gives 1-based line numbers and ``col_offset`` in UTF-8 *bytes* of the line.
:class:`SourceText` offsets are characters. Both split lines at ``\\n``, ``\\r\\n`` and
``\\r`` (``compile`` translates the newlines of a ``str`` source), so line numbers agree
and only the column needs converting: identity on ASCII lines, else a decode of the
line's byte prefix (done once per line that needs it).
"""

from __future__ import annotations

import ast

from delink.diagnostics import Span
from delink.text import SourceText


class Positions:
    __slots__ = ("_ascii", "_cache", "path", "src", "starts", "text")

    def __init__(self, src: SourceText) -> None:
        self.src = src
        self.path = src.path
        self.text = src.text
        self.starts = src.line_starts
        self._ascii = src.text.isascii()
        self._cache: dict[int, list[int]] = {}

    def offset(self, lineno: int, col: int) -> int:
        """Character offset of an ``ast`` (line, byte column)."""
        starts = self.starts
        if lineno < 1:
            return 0
        if lineno > len(starts):
            return len(self.text)
        start = starts[lineno - 1]
        if self._ascii or col == 0:
            return start + col
        table = self._cache.get(lineno)
        if table is None:
            end = starts[lineno] if lineno < len(starts) else len(self.text)
            line = self.text[start:end]
            if line.isascii():
                table = []
            else:
                table = []
                for i, ch in enumerate(line):
                    table.extend([i] * len(ch.encode("utf-8", "surrogatepass")))
                table.append(len(line))
            self._cache[lineno] = table
        if not table:
            return start + col
        return start + (table[col] if col < len(table) else table[-1] + (col - len(table) + 1))

    def start(self, node: ast.AST) -> int:
        return self.offset(node.lineno, node.col_offset)  # type: ignore[attr-defined]

    def end(self, node: ast.AST) -> int:
        end_line = getattr(node, "end_lineno", None)
        end_col = getattr(node, "end_col_offset", None)
        if end_line is None or end_col is None:
            return self.start(node)
        return self.offset(end_line, end_col)

    def span(self, node: ast.AST, end: ast.AST | None = None) -> Span:
        a = self.start(node)
        b = self.end(end if end is not None else node)
        return Span(self.path, a, max(a, b))

    def segment(self, node: ast.AST) -> str:
        return self.text[self.start(node) : self.end(node)]
