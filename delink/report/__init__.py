"""Reporters: how diagnostics are shown (``text`` for people, ``json`` for tools).

Both take the diagnostics and the texts they point into (``LintResult.files``); a
diagnostic about a file that could not be read points at 1:1 of that file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from delink.text import SourceText

FORMATS = ("text", "json")


def position(texts: Mapping[str, SourceText], path: str, offset: int) -> tuple[int, int]:
    """1-based (row, column) of ``offset`` in ``path``; 1:1 when the text is unknown."""
    src = texts.get(path)
    if src is None:
        return 1, 1
    return src.position(offset)
