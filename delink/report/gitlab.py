"""GitLab Code Quality: the JSON array a ``codequality`` report artifact holds.

Each finding has ``description``, ``check_name`` (the code), a ``fingerprint`` that is
stable across line shifts and unique in the report (:mod:`delink.fingerprint`), a
``severity`` (``info``, ``minor``, ``major``) and a ``location`` with the path and
1-based begin/end line and column. The description is shown as text output shows
it (:func:`delink.report.shown`: secrets masked, control characters and bidirectional
overrides escaped); the path stays exact, so that GitLab finds the file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from delink.diagnostics import Diagnostic, Severity
from delink.fingerprint import Statements, fingerprint, unique
from delink.report import position, shown

if TYPE_CHECKING:
    from delink.text import SourceText

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def to_code_quality(
    diagnostics: Sequence[Diagnostic],
    texts: Mapping[str, SourceText],
    statements: Statements | None = None,
) -> list[dict[str, Any]]:
    prints = unique([fingerprint(d, texts, statements) for d in diagnostics])
    out = []
    for diag, fp in zip(diagnostics, prints, strict=True):
        row, col = position(texts, diag.path, diag.span.start)
        end_row, end_col = position(texts, diag.path, diag.span.end)
        out.append(
            {
                "description": f"{diag.code} {shown(diag.message)}",
                "check_name": diag.code,
                "fingerprint": fp,
                "severity": SEVERITIES[diag.severity],
                "location": {
                    "path": diag.path.replace("\\", "/"),
                    "positions": {
                        "begin": {"line": row, "column": col},
                        "end": {"line": end_row, "column": end_col},
                    },
                },
            }
        )
    return out


def write(
    diagnostics: Sequence[Diagnostic],
    texts: Mapping[str, SourceText],
    out: TextIO,
    statements: Statements | None = None,
) -> None:
    out.write(json.dumps(to_code_quality(diagnostics, texts, statements), indent=2) + "\n")
