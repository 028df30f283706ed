"""pyyaml nodes with their marks: loading, merge keys, scalars as written, extents.

Compose files are read with ``yaml.compose`` (the C loader when present), never
constructed: every node keeps ``start_mark.index`` / ``end_mark.index`` (character
offsets), scalars stay the strings they were written as (YAML 1.1 reads ``22:22`` as
1342 and ``3.10`` as 3.1 only at construction), anchors and aliases are the same node
object, and ``<<`` merge keys are resolved here by :func:`pairs`.

The extent helpers give the text ranges the fix writer edits: :func:`content_end` (the
end of a node's last character, before trailing blank lines and comments),
:func:`item_range` (a block sequence item with its ``-``) and :func:`pair_range` (a
block mapping key with its value), whole lines each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

__all__ = [
    "MERGE_TAG",
    "Pair",
    "content_end",
    "is_map",
    "is_scalar",
    "is_seq",
    "item_range",
    "line_end",
    "line_start",
    "load_all",
    "pair_range",
    "pairs",
    "scalar_text",
]

MERGE_TAG = "tag:yaml.org,2002:merge"
STR_TAG = "tag:yaml.org,2002:str"
NULL_TAG = "tag:yaml.org,2002:null"


def load_all(text: str) -> list[Any]:
    """Compose every document of ``text`` (marks are offsets into ``text``, whatever its
    BOMs: :mod:`delink.yamlnodes`). Raises ``yaml.YAMLError``."""
    from delink.yamlnodes import compose_all

    return compose_all(text)


def is_map(node: Any) -> bool:
    return isinstance(node, yaml.MappingNode)


def is_seq(node: Any) -> bool:
    return isinstance(node, yaml.SequenceNode)


def is_scalar(node: Any) -> bool:
    return isinstance(node, yaml.ScalarNode)


def is_null(node: Any) -> bool:
    return node is None or (is_scalar(node) and node.tag == NULL_TAG)


def scalar_text(node: Any) -> str | None:
    """A scalar's value as written (quotes removed, escapes decoded), whatever YAML 1.1
    would construct from it: ``22:22`` stays ``"22:22"``, ``3.10`` stays ``"3.10"``.
    None for collections and nulls."""
    if not is_scalar(node) or node.tag == NULL_TAG:
        return None
    value = node.value
    return value if isinstance(value, str) else str(value)


@dataclass(frozen=True)
class Pair:
    """One key of a mapping, with the mapping it is written in."""

    key: Any  # ScalarNode
    value: Any
    merged: bool = False  # reached through a ``<<`` merge key: written elsewhere

    @property
    def name(self) -> str:
        return str(self.key.value)


def pairs(node: Any) -> list[Pair]:
    """The keys of a mapping, ``<<`` merge keys resolved (explicit keys win, earlier
    merged mappings win over later ones), in the order they are written."""
    if not is_map(node):
        return []
    own: list[Pair] = []
    merged: list[Pair] = []
    for k, v in node.value:
        if is_scalar(k) and (k.tag == MERGE_TAG or (k.value == "<<" and k.style is None)):
            sources = v.value if is_seq(v) else [v]
            for m in sources:
                for p in pairs(m):
                    merged.append(Pair(p.key, p.value, True))
        elif is_scalar(k):
            own.append(Pair(k, v))
    seen = {p.name for p in own}
    out = list(own)
    for p in merged:
        if p.name not in seen:
            seen.add(p.name)
            out.append(p)
    return out


def get(node: Any, name: str) -> Pair | None:
    for p in pairs(node):
        if p.name == name:
            return p
    return None


# -- text extents ---------------------------------------------------------------------------


def line_start(text: str, pos: int) -> int:
    """The offset of the line holding ``pos``: a ``\\r`` is looked for only after the
    last ``\\n``, so that the cost is the line's length, not the offset's."""
    lf = text.rfind("\n", 0, pos)
    return max(lf, text.rfind("\r", lf + 1, pos)) + 1


def line_end(text: str, pos: int) -> int:
    """The offset of the line break (or the end of text) of the line holding ``pos``."""
    m = re.compile(r"[\r\n]").search(text, pos)
    return m.start() if m else len(text)


def next_line(text: str, pos: int) -> int:
    """The offset just past the line break of the line holding ``pos``."""
    end = line_end(text, pos)
    if text.startswith("\r\n", end):
        return end + 2
    return min(end + 1, len(text))


def content_end(text: str, node: Any) -> int:
    """Just past the last character of a node as written (block collections and block
    scalars end before the blank lines and comments that follow them)."""
    if is_scalar(node):
        end = int(node.end_mark.index)
        if node.style in ("|", ">"):
            while end > node.start_mark.index and text[end - 1] in " \t\r\n":
                end -= 1
        return end
    if getattr(node, "flow_style", False):
        return int(node.end_mark.index)
    items = node.value
    if not items:
        return int(node.end_mark.index)
    last = items[-1]
    if is_map(node):
        return value_end(text, last[0], last[1])
    return content_end(text, last)


def _empty_value(node: Any) -> bool:
    return is_scalar(node) and node.tag == NULL_TAG and node.start_mark.index == node.end_mark.index


def value_end(text: str, key: Any, value: Any) -> int:
    """The end of a key's value, or of the key (and its ``:``) when the value is empty."""
    if _empty_value(value):
        colon = text.find(":", key.end_mark.index)
        return colon + 1 if colon >= 0 else int(key.end_mark.index)
    return content_end(text, value)


def dash_before(text: str, node: Any) -> int | None:
    """The offset of the ``-`` of the block sequence item that holds ``node``."""
    i = int(node.start_mark.index) - 1
    while i >= 0 and text[i] in " \t\r\n":
        i -= 1
    if i >= 0 and text[i] == "-":
        return i
    return None


def item_range(text: str, node: Any) -> tuple[int, int] | None:
    """Whole lines of a block sequence item, ``-`` line to the end of its content line
    (with its line break); None when the item shares a line with something else."""
    dash = dash_before(text, node)
    if dash is None:
        return None
    start = line_start(text, dash)
    if text[start:dash].strip():
        return None
    end = content_end(text, node)
    tail = text[end : line_end(text, end)]
    if tail.strip() and not tail.strip().startswith("#"):
        return None
    return start, next_line(text, end)


def pair_range(text: str, key: Any, value: Any) -> tuple[int, int] | None:
    """Whole lines of a block mapping entry (key line to its value's last line)."""
    start = line_start(text, key.start_mark.index)
    if text[start : key.start_mark.index].strip():
        return None
    end = value_end(text, key, value)
    tail = text[end : line_end(text, end)]
    if tail.strip() and not tail.strip().startswith("#"):
        return None
    return start, next_line(text, end)


def column(text: str, pos: int) -> int:
    return pos - line_start(text, pos)
