"""Reporters: how diagnostics are shown (``text`` for people; ``json``, ``sarif``,
``github`` and ``gitlab`` for tools; :mod:`delink.report.output` picks one).

Each takes the diagnostics and the texts they point into (``LintResult.files``); a
diagnostic about a file that could not be read points at 1:1 of that file. A fix that
several diagnostics share (one object: a link group's migration) is shown in full once,
on the first of them (:func:`shared_fixes`); the others point to it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from delink.diagnostics import Diagnostic
    from delink.text import SourceText


def shown(message: str) -> str:
    """A message as every text-like output shows it (text, GitHub, GitLab, SARIF, the
    language server): secret values masked, control characters and bidirectional
    overrides escaped."""
    from delink.escape import escape_text
    from delink.secrets import mask

    return escape_text(mask(message))


def position(texts: Mapping[str, SourceText], path: str, offset: int) -> tuple[int, int]:
    """1-based (row, column) of ``offset`` in ``path``; 1:1 when the text is unknown."""
    src = texts.get(path)
    if src is None:
        return 1, 1
    return src.position(offset)


def shared_fixes(diagnostics: Sequence[Diagnostic]) -> list[int | None]:
    """For each diagnostic, the index of the earlier one that carries the same fix
    (the same object: a link group's fix is shared by its findings), else None."""
    first: dict[int, int] = {}
    out: list[int | None] = []
    for i, d in enumerate(diagnostics):
        if d.fix is None or not d.fix.edits:
            out.append(None)
            continue
        holder = first.setdefault(id(d.fix), i)
        out.append(None if holder == i else holder)
    return out
