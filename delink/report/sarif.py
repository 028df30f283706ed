"""The SARIF 2.1.0 reporter, for code scanning (GitHub, GitLab, Azure DevOps, IDE viewers).

One run whose ``tool.driver.rules`` describes every rule (summary, what it does, the full
documentation as help). Each result has its rule, level, message, a region, the other
end of the link as ``relatedLocations``, a ``partialFingerprints`` entry that survives
line shifts (:mod:`delink.fingerprint`) and, when it has a fix, ``fixes`` with
``artifactChanges`` (contents masked as in the JSON output). Findings that share one fix
(the findings of one link group, :func:`delink.report.shared_fixes`) carry it once: the
first result holds ``fixes`` and the others name that result's index in
``properties.fixInResult``. Paths are relative to the working directory, given as the
``SRCROOT`` base in ``originalUriBaseIds``; columns count UTF-16 code units (SARIF's
default ``columnKind``). Messages and fix descriptions are shown as text output shows
them (:func:`delink.report.shown`: control characters and bidirectional overrides
escaped); URIs (percent-encoded) and inserted contents stay exact.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from delink.diagnostics import Diagnostic, Edit, Fix, Severity
from delink.fingerprint import Statements, fingerprint
from delink.report import shared_fixes, shown
from delink.report.json import TextsByPath
from delink.secrets import mask_edits

if TYPE_CHECKING:
    from delink.rule import Rule
    from delink.text import SourceText

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
ROOT_ID = "SRCROOT"
FINGERPRINT_KEY = "delink/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(path: str) -> dict[str, str]:
    """An artifactLocation: relative to SRCROOT, or an absolute file URI outside it."""
    if os.path.isabs(path) or path.startswith(".." + os.sep) or path == "..":
        return {"uri": Path(os.path.abspath(path)).as_uri()}
    return {"uri": quote(path.replace(os.sep, "/")), "uriBaseId": ROOT_ID}


def _point(texts: Mapping[str, SourceText], path: str, offset: int) -> tuple[int, int]:
    """1-based line and 1-based UTF-16 column; 1:1 when the text is unknown."""
    src = texts.get(path)
    if src is None:
        return 1, 1
    line, unit = src.utf16_position(offset)
    return line + 1, unit + 1


def region(texts: Mapping[str, SourceText], path: str, start: int, end: int) -> dict[str, int]:
    sl, sc = _point(texts, path, start)
    el, ec = _point(texts, path, end)
    return {"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec}


def _location(texts: Mapping[str, SourceText], path: str, start: int, end: int) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": _uri(path),
            "region": region(texts, path, start, end),
        }
    }


def _fix(fix: Fix, texts: Mapping[str, SourceText]) -> dict[str, Any]:
    by_path: dict[str, list[tuple[Edit, str]]] = {}
    # contents masked as in the JSON output: a Compose v1 upgrade rewrites a whole file
    contents = mask_edits(fix.edits, TextsByPath(texts))
    for e, content in zip(fix.edits, contents, strict=True):
        by_path.setdefault(e.path, []).append((e, content))
    return {
        "description": {"text": f"{shown(fix.message)} ({fix.applicability.value} fix)"},
        "artifactChanges": [
            {
                "artifactLocation": _uri(path),
                "replacements": [
                    {
                        "deletedRegion": region(texts, path, e.start, e.end),
                        "insertedContent": {"text": content},
                    }
                    for e, content in edits
                ],
            }
            for path, edits in by_path.items()
        ],
    }


def rule_descriptor(rule: type[Rule]) -> dict[str, Any]:
    docs = rule.docs()
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": " ".join(rule.what.split())},
        "help": {"text": docs, "markdown": docs},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": [rule.name], "fixable": bool(rule.fixable)},
    }


def to_sarif(
    diagnostics: Sequence[Diagnostic],
    texts: Mapping[str, SourceText],
    statements: Statements | None = None,
    root: str | None = None,
) -> dict[str, Any]:
    from delink import __version__
    from delink.rule import all_rules

    rules = all_rules()
    index = {code: i for i, code in enumerate(rules)}
    results: list[dict[str, Any]] = []
    for diag, owner in zip(diagnostics, shared_fixes(diagnostics), strict=True):
        result: dict[str, Any] = {
            "ruleId": diag.code,
            "level": LEVELS[diag.severity],
            "message": {"text": shown(diag.message)},
            "locations": [_location(texts, diag.path, diag.span.start, diag.span.end)],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint(diag, texts, statements)},
        }
        if diag.code in index:
            result["ruleIndex"] = index[diag.code]
        if diag.related:
            result["relatedLocations"] = [
                {
                    "id": i,
                    **_location(texts, r.span.path, r.span.start, r.span.end),
                    "message": {"text": shown(r.message)},
                }
                for i, r in enumerate(diag.related, start=1)
            ]
        if diag.fix is not None and diag.fix.edits:
            if owner is None:
                result["fixes"] = [_fix(diag.fix, texts)]
            else:
                result["properties"] = {"fixInResult": owner}
        results.append(result)
    base = Path(os.path.abspath(root or os.curdir)).as_uri().rstrip("/") + "/"
    driver: dict[str, Any] = {
        "name": "delink",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": [rule_descriptor(rule) for rule in rules.values()],
    }
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "originalUriBaseIds": {ROOT_ID: {"uri": base}},
                "columnKind": "utf16CodeUnits",
                "results": results,
            }
        ],
    }


def write(
    diagnostics: Sequence[Diagnostic],
    texts: Mapping[str, SourceText],
    out: TextIO,
    statements: Statements | None = None,
) -> None:
    out.write(json.dumps(to_sarif(diagnostics, texts, statements), indent=2) + "\n")
