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
    from tree_sitter import Language

    from delink.grammars import language

    return Language(language("tree_sitter_bash"))


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


def block_statement(node: Node) -> Node:
    """The statement of the program, or of a function's body, that holds ``node``: where
    something must go to run before ``node`` whichever branch or loop turn runs it."""
    cur = node
    while True:
        parent = cur.parent
        if parent is None or parent.type == "program":
            return cur
        grand = parent.parent
        if (
            parent.type == "compound_statement"
            and grand is not None
            and grand.type == "function_definition"
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


# Parts of a program that may not run, or run more than once: branch bodies, loop
# bodies, case items, the right side of `&&` / `||`.
_BRANCHES = frozenset({"else_clause", "case_item", "do_group"})


def order_ranges(root: Node) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
    """Byte ranges of function bodies (with the function's name) and of conditional
    parts of the program (see :class:`~delink.facts.Order`)."""
    functions: list[tuple[int, int, str]] = []
    conditional: list[tuple[int, int]] = []
    stack = [root]
    while stack:
        node = stack.pop()
        t = node.type
        if t == "function_definition":
            name = node.child_by_field_name("name")
            text = name.text.decode("utf-8", "replace") if name is not None and name.text else ""
            functions.append((node.start_byte, node.end_byte, text))
        elif t in _AFTER_THEN:
            for child in node.children:
                if child.type == "then":
                    conditional.append((child.end_byte, node.end_byte))
                    break
        elif t in _BRANCHES:
            conditional.append((node.start_byte, node.end_byte))
        elif t == "list":
            kids = node.children
            for k, child in enumerate(kids):
                if k > 0 and kids[k - 1].type in ("&&", "||"):
                    conditional.append((child.start_byte, child.end_byte))
        if node.child_count:
            stack.extend(node.children)
    return functions, conditional
