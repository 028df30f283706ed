"""The JSON reporter: an array of diagnostics with ruff's field names.

Rows and columns are 1-based, ``end_location`` is exclusive. ``filename`` appears on
an edit only when the fix touches a file other than the diagnostic's. Messages have
secret values masked; edit contents are the real text a fix writes (fixes never copy
a secret's value). The schema is ``delink/data/diagnostics.schema.json``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TextIO

from delink.diagnostics import Diagnostic
from delink.report import position
from delink.secrets import mask

if TYPE_CHECKING:
    from delink.text import SourceText


def _loc(texts: Mapping[str, SourceText], path: str, offset: int) -> dict[str, int]:
    row, col = position(texts, path, offset)
    return {"row": row, "column": col}


def to_dict(diag: Diagnostic, texts: Mapping[str, SourceText]) -> dict[str, Any]:
    fix: dict[str, Any] | None = None
    if diag.fix is not None:
        edits = []
        for e in diag.fix.edits:
            edit: dict[str, Any] = {
                "content": e.content,
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
    return {
        "code": diag.code,
        "name": diag.name,
        "message": mask(diag.message),
        "severity": diag.severity.value,
        "filename": diag.path,
        "location": _loc(texts, diag.path, diag.span.start),
        "end_location": _loc(texts, diag.path, diag.span.end),
        "fix": fix,
        "url": diag.url,
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


def render(diagnostics: list[Diagnostic], texts: Mapping[str, SourceText]) -> str:
    return json.dumps([to_dict(d, texts) for d in diagnostics], indent=2, ensure_ascii=False)


def write(diagnostics: list[Diagnostic], texts: Mapping[str, SourceText], out: TextIO) -> None:
    out.write(render(diagnostics, texts) + "\n")
