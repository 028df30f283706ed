"""Compose YAML in documentation that does not parse, mended enough to read its links.

A README's snippet is often not valid YAML: a ``// comment`` after a value, a line that
elides the rest (``<SNIP>``, ``(more services)``), a key indented one blank short. The
file it shows is valid; the snippet is a picture of it. :func:`repair` edits the text
where pyyaml stops, one edit at a time, and keeps an edit only when pyyaml then gets
further: a ``//`` tail becomes blanks, a line that is neither a key nor a list item
becomes blanks, a key indented between two levels moves to the deeper one. Blanks keep
every offset; an inserted indentation blank maps to the line's first character, so every
span is still a span of the original text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

__all__ = ["repair"]

MAX_EDITS = 6
_SLASH_TAIL = re.compile(r"[ \t]+//(?:[ \t].*)?$")
_KEY = re.compile(r"([ \t]*)(?:-[ \t]+)?[\w.\"'$-][^:#]*:(?:[ \t]|$)")
_ITEM = re.compile(r"[ \t]*-(?:[ \t]|$)")
_KEY_ONLY = re.compile(r"( *)[\w.-]+:[ \t]*$")

Load = Callable[[str], list[Any]]


def _error_line(load: Load, text: str) -> int | None:
    """The 0-based line where pyyaml stops, or None when the text loads."""
    import yaml

    try:
        load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return int(mark.line) if mark is not None else 0
    return None


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, text) of every line, line breaks left out."""
    out = []
    at = 0
    for raw in text.split("\n"):
        out.append((at, raw))
        at += len(raw) + 1
    return out


def _blank(text: str, start: int, end: int) -> tuple[str, list[int]]:
    return text[:start] + " " * (end - start) + text[end:], list(range(len(text) + 1))


def _candidates(text: str, line: int) -> list[tuple[str, list[int]]]:
    """Edits worth trying for an error on ``line``, most specific first; each is the new
    text and, for each of its characters (and its end), the index in ``text``."""
    lines = _lines(text)
    if line >= len(lines):
        return []
    out: list[tuple[str, list[int]]] = []
    at, here = lines[line]
    m = _SLASH_TAIL.search(here)
    if m is not None and here[: m.start()].count('"') % 2 == 0:
        out.append(_blank(text, at + m.start(), at + len(here)))
    k = line - 1
    while k >= 0 and not lines[k][1].strip():
        k -= 1
    for idx in (k, line):
        if idx < 0:
            continue
        start, body = lines[idx]
        s = body.strip()
        if s and not s.startswith("#") and not _KEY.match(body) and not _ITEM.match(body):
            out.append(_blank(text, start, start + len(body)))
    key = _KEY_ONLY.match(here)
    if key is not None:
        width = len(key.group(1))
        deeper = sorted(
            len(m.group(1))
            for _, body in lines[:line]
            if (m := _KEY.match(body)) is not None and not _ITEM.match(body)
        )
        target = next((w for w in deeper if w > width), None)
        if target is not None:
            pad = target - width
            new = text[:at] + " " * pad + text[at:]
            index = list(range(at)) + [at] * pad + list(range(at, len(text) + 1))
            out.append((new, index))
    return out


def repair(text: str, load: Load) -> tuple[str, list[int]] | None:
    """A version of ``text`` that loads, with the index in ``text`` of each of its
    characters (and of its end); None when a few edits do not get there."""
    index = list(range(len(text) + 1))
    line = _error_line(load, text)
    for _ in range(MAX_EDITS):
        if line is None:
            return text, index
        for new, inner in _candidates(text, line):
            got = _error_line(load, new)
            if got is None or got > line:
                text, index, line = new, [index[i] for i in inner], got
                break
        else:
            return None
    return (text, index) if line is None else None
