"""The JSON reporter: an array of diagnostics with ruff's field names.

Rows and columns are 1-based, ``end_location`` is exclusive. ``filename`` appears on
an edit only when the fix touches a file other than the diagnostic's. Messages and edit
contents have secret values masked (``delink fix`` writes the real text; a Compose v1
upgrade rewrites a whole file, secrets included). A fix that several diagnostics share
(one object: a link group's migration) lists its edits once, on the first of them; the
others say where with ``edits_at``. The schema is ``delink/data/diagnostics.schema.json``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, TextIO

from delink.diagnostics import Diagnostic
from delink.report import position, shared_fixes
from delink.secrets import mask, mask_edits

if TYPE_CHECKING:
    from delink.text import SourceText


def _loc(texts: Mapping[str, SourceText], path: str, offset: int) -> dict[str, int]:
    row, col = position(texts, path, offset)
    return {"row": row, "column": col}


def to_dict(
    diag: Diagnostic,
    texts: Mapping[str, SourceText],
    edits_at: int | None = None,
) -> dict[str, Any]:
    """One diagnostic. With ``edits_at``, its fix is the one listed in full at that index
    of the array: ``edits`` stays empty here (a group's fix is printed once, not once
    per consumer)."""
    fix: dict[str, Any] | None = None
    if diag.fix is not None:
        edits = []
        if edits_at is None:
            shown = mask_edits(diag.fix.edits, TextsByPath(texts))
            for e, content in zip(diag.fix.edits, shown, strict=True):
                edit: dict[str, Any] = {
                    "content": content,
                    "location": _loc(texts, e.path, e.start),
                    "end_location": _loc(texts, e.path, e.end),
                }
                if e.path != diag.path:
                    edit["filename"] = e.path
                edits.append(edit)
        fix = {
            "applicability": diag.fix.applicability.value,
            "message": mask(diag.fix.message),
            "edits": edits,
        }
        if edits_at is not None:
            fix["edits_at"] = edits_at
    return {
        "code": diag.code,
        "name": diag.name,
        "message": mask(diag.message),
        "severity": diag.severity.value,
        "filename": diag.path,
        "location": _loc(texts, diag.path, diag.span.start),
        "end_location": _loc(texts, diag.path, diag.span.end),
        "fix": fix,
        "related": [
            {
                "filename": r.span.path,
                "location": _loc(texts, r.span.path, r.span.start),
                "end_location": _loc(texts, r.span.path, r.span.end),
                "message": mask(r.message),
            }
            for r in diag.related
        ],
    }


class TextsByPath(Mapping[str, str]):
    """The file texts, as :func:`delink.secrets.mask_edits` reads them."""

    def __init__(self, texts: Mapping[str, SourceText]) -> None:
        self._texts = texts

    def __getitem__(self, path: str) -> str:
        return self._texts[path].text

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)


def render(diagnostics: list[Diagnostic], texts: Mapping[str, SourceText]) -> str:
    at = shared_fixes(diagnostics)
    return json.dumps(
        [to_dict(d, texts, k) for d, k in zip(diagnostics, at, strict=True)],
        indent=2,
        ensure_ascii=False,
    )


def write(diagnostics: list[Diagnostic], texts: Mapping[str, SourceText], out: TextIO) -> None:
    out.write(render(diagnostics, texts) + "\n")
