"""tree-sitter-bash: parse a fragment, convert byte offsets, find the nodes we read.

tree-sitter parses whole files that bashlex rejects (``[[ ]]``, ``case``, arrays,
``$(( ))``, empty files) and recovers from errors with ERROR nodes. Its offsets are
UTF-8 byte offsets; :class:`ByteChars` converts them to character offsets.
"""

from __future__ import annotations

import bisect
import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tree_sitter import Language, Node, Parser, Query, Tree

# Node types whose children are statements (a statement there can get a line before it).
STATEMENT_LISTS = frozenset(
    {"program", "compound_statement", "do_group", "subshell", "else_clause"}
)
# Bodies that start after a keyword: `then` for if/elif; the patterns for case items.
_AFTER_THEN = frozenset({"if_statement", "elif_clause"})

_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_UNSAFE = re.compile("[\U00030000-\U0010ffff\ud800-\udfff]")


def _same_length(m: re.Match[str]) -> str:
    return "\U00020000" if ord(m.group()) > 0xFFFF else "\u4e2d"


QUERY = """
(command) @command
(variable_assignment) @assign
(variable_name) @var
(for_statement) @for
(function_definition) @func
(ERROR) @error
(unset_command) @unset
"""


@cache
def _language() -> Language:
    import tree_sitter_bash
    from tree_sitter import Language

    return Language(tree_sitter_bash.language())


@cache
def _query() -> Query:
    from tree_sitter import Query

    query: Query = Query(_language(), QUERY)
    return query


def parser() -> Parser:
    from tree_sitter import Parser

    return Parser(_language())


@cache
def _parser() -> Parser:
    return parser()


def parse(data: bytes) -> Tree:
    return _parser().parse(data)


def captures(node: Node) -> dict[str, list[Node]]:
    from tree_sitter import QueryCursor

    found: dict[str, list[Node]] = QueryCursor(_query()).captures(node)
    return found


class ByteChars:
    """UTF-8 byte offset -> character offset of one text."""

    def __init__(self, text: str) -> None:
        # tree-sitter-bash crashes (segfault) on `{` followed by a code point of the
        # upper planes (U+A0000 and up, reproducible); those and lone surrogates are
        # given to it as harmless characters of the same UTF-8 length
        self.data = _UNSAFE.sub(_same_length, text).encode("utf-8", "surrogatepass")
        self.ascii = len(self.data) == len(text)
        self._ends: list[int] = []  # byte offset after each multi-byte character
        self._extra: list[int] = []  # extra bytes up to and including it
        if not self.ascii:
            extra = 0
            for mt in _NON_ASCII.finditer(text):
                size = len(mt.group().encode("utf-8", "surrogatepass"))
                extra += size - 1
                # byte offset after this character: its char offset + extra bytes so far
                self._ends.append(mt.end() + extra)
                self._extra.append(extra)

    def __call__(self, byte: int) -> int:
        if self.ascii:
            return byte
        k = bisect.bisect_right(self._ends, byte)
        return byte - (self._extra[k - 1] if k else 0)


def enclosing_statement(node: Node) -> Node:
    """The statement of a statement list that holds ``node`` (see STATEMENT_LISTS)."""
    cur = node
    while True:
        parent = cur.parent
        if parent is None:
            return cur
        t = parent.type
        if t in STATEMENT_LISTS:
            return cur
        if t in _AFTER_THEN:
            seen_then = False
            for child in parent.children:
                if child.type == "then":
                    seen_then = True
                if child.id == cur.id:
                    break
            if seen_then:
                return cur
        if (
            t == "case_item"
            and parent.child_by_field_name("value") != cur
            and cur.type not in ("word", "concatenation", "string", "raw_string", "extglob_pattern")
        ):
            return cur
        cur = parent


def top_statements(root: Node) -> list[Node]:
    return [c for c in root.named_children if c.type != "comment"]


def count_errors(root: Node) -> tuple[int, int | None]:
    """Number of ERROR and MISSING nodes and the byte offset of the first one."""
    count = 0
    first: int | None = None
    if not root.has_error:
        return 0, None
    cursor = root.walk()
    visited_children = False
    while True:
        node = cursor.node
        assert node is not None
        if not visited_children:
            if node.is_error or node.is_missing:
                count += 1
                if first is None:
                    first = node.start_byte
            if node.has_error and cursor.goto_first_child():
                continue
        if cursor.goto_next_sibling():
            visited_children = False
            continue
        if not cursor.goto_parent():
            break
        visited_children = True
    return count, first
