"""Stable fingerprints of findings, for baselines, SARIF and GitLab Code Quality.

A fingerprint hashes the rule code, the file and the normalised text of the flagged span
and of the command (the innermost statement) that holds it: no line numbers, so a
finding keeps its fingerprint when lines are inserted or removed above it. Normalising
joins continuation lines, collapses blanks and masks secret values (a baseline never
carries a hash of a password). Identical findings in one file share a fingerprint;
:func:`unique` numbers them where a format needs each to be distinct.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from delink.diagnostics import Diagnostic
from delink.secrets import mask
from delink.text import SourceText

if TYPE_CHECKING:
    from delink.project import Project

VERSION = "v1"
_CONTINUATION = re.compile(r"\\\r?\n")
_BLANKS = re.compile(r"\s+")
_MAX_COMMAND = 4096  # characters of a command that count (a whole heredoc need not)

Statements = Mapping[str, Sequence[tuple[int, int]]]


def normalise(text: str) -> str:
    """``text`` with continuations joined, blanks collapsed and secrets masked."""
    return mask(_BLANKS.sub(" ", _CONTINUATION.sub(" ", text)).strip())


def command_span(
    src: SourceText, start: int, end: int, statements: Sequence[tuple[int, int]]
) -> tuple[int, int]:
    """The innermost statement that holds ``[start, end)``; else the span's lines."""
    best: tuple[int, int] | None = None
    ordered = sorted(statements)
    stop = bisect.bisect_right(ordered, (start, len(src.text) + 1))
    for s, e in ordered[:stop]:
        if s <= start and end <= e and (best is None or e - s <= best[1] - best[0]):
            best = (s, e)
    if best is not None:
        return best
    return src.line_start(start), src.line_end(end)


def fingerprint(
    diag: Diagnostic,
    texts: Mapping[str, SourceText],
    statements: Statements | None = None,
    path: str | None = None,
) -> str:
    """A hex digest that survives line shifts (see the module documentation); ``path``
    is the file's name as the fingerprint records it (default: the diagnostic's)."""
    src = texts.get(diag.path)
    span_text = command_text = ""
    if src is not None:
        start, end = diag.span.start, diag.span.end
        span_text = normalise(src.text[start:end])
        cs, ce = command_span(src, start, end, (statements or {}).get(diag.path, ()))
        command_text = normalise(src.text[cs : min(ce, cs + _MAX_COMMAND)])
    key = "\0".join(
        (VERSION, diag.code, (path or diag.path).replace("\\", "/"), span_text, command_text)
    )
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def unique(prints: Sequence[str]) -> list[str]:
    """Fingerprints made distinct: the n-th repeat of one gets ``-n`` appended."""
    seen: dict[str, int] = {}
    out: list[str] = []
    for fp in prints:
        n = seen.get(fp, 0)
        seen[fp] = n + 1
        out.append(fp if n == 0 else f"{fp}-{n}")
    return out


def statements_of(project: Project) -> dict[str, list[tuple[int, int]]]:
    """Statement spans per file of a project."""
    return {path: [(s.start, s.end) for s in f.statements] for path, f in project.facts.items()}
