"""Composing YAML nodes whose marks are offsets into the text, whatever its BOMs.

Every YAML reader in delink (Compose files, CI YAML, YAML blocks in Markdown) composes
nodes here, with the C loader when present. A text may start with byte order marks
(U+FEFF) that decoding left in place (a file saved with two): the C loader counts none
of them in its marks and rejects a second one, the pure loader counts them in its
offsets and reads a second one into the first key. Both are given the text without its
leading BOMs, and the marks of every node are moved back by their number, so that
``start_mark.index`` and ``end_mark.index`` are always offsets into ``text`` (columns
stay YAML's, which count no BOM). Each node is visited once: aliases share nodes, and an
alias bomb costs no more than its text.
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["compose_all"]

_LOADER: Any = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader


def compose_all(text: str) -> list[Any]:
    """The root node of every non-empty document. Raises ``yaml.YAMLError``."""
    body = text.lstrip("\ufeff")
    shift = len(text) - len(body)
    roots = [n for n in yaml.compose_all(body, Loader=_LOADER) if n is not None]
    if shift:
        _shift(roots, shift)
    return roots


def _mark(mark: Any, shift: int) -> Any:
    return yaml.Mark(mark.name, mark.index + shift, mark.line, mark.column, None, 0)


def _shift(roots: list[Any], shift: int) -> None:
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        node.start_mark = _mark(node.start_mark, shift)
        node.end_mark = _mark(node.end_mark, shift)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
