"""Checks a fixed shell text before it is written: no new parse errors, and every
docker command still readable."""

from __future__ import annotations

from typing import TYPE_CHECKING

from delink.sources.shell import locate
from delink.sources.shell.prepare import prepare
from delink.sources.shell.tokenize import command_words
from delink.sources.shell.words import Shift, Unterminated

if TYPE_CHECKING:
    from delink.text import SourceText


def _unreadable_docker(text: str) -> list[int]:
    """Character offsets of docker commands that neither bashlex nor the tokenizer
    can read."""
    bc = locate.ByteChars(text)
    root = locate.parse(bc.data).root_node
    out: list[int] = []
    for node in locate.captures(root).get("command", []) if root.child_count else []:
        chunk = bc.data[node.start_byte : node.end_byte]
        if b"docker" not in chunk:
            continue
        fs, fe = bc(node.start_byte), bc(node.end_byte)
        try:
            command_words(text, fs, fe)
        except Unterminated:
            out.append(fs)
    return out


def _errors(text: str) -> tuple[int, int | None]:
    bc = locate.ByteChars(text)
    count, first = locate.count_errors(locate.parse(bc.data).root_node)
    return count, (bc(first) if first is not None else None)


def validate(before: SourceText, after: SourceText) -> str | None:
    """A message naming the row when ``after`` has more tree-sitter ERROR/MISSING nodes
    than ``before`` or a docker command that can no longer be read; else None."""
    b_text, _ = prepare(before.text, Shift(0), "sh")
    a_text, a_map = prepare(after.text, Shift(0), "sh")
    b_errors, _ = _errors(b_text)
    a_errors, a_first = _errors(a_text)
    if a_errors > b_errors:
        row = after.position(a_map(a_first or 0))[0]
        return f"the fixed shell does not parse: new syntax error at row {row}"
    b_bad = _unreadable_docker(b_text)
    a_bad = _unreadable_docker(a_text)
    if len(a_bad) > len(b_bad):
        row = after.position(a_map(a_bad[0]))[0]
        return f"the fixed shell has a docker command delink cannot read at row {row}"
    return None
