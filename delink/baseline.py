"""Baselines: adopt delink on a legacy repository without fixing everything first.

``delink check --write-baseline FILE`` records today's findings; ``--baseline FILE``
then reports only the findings that are not in it (the exit code follows those alone).
A finding is recorded by its fingerprint (:mod:`delink.fingerprint`: the code, the file
and the normalised text of the span and its command, never line numbers), so lines
inserted or removed above it do not bring it back. Files are named relative to the
baseline's own directory, so the baseline works from any working directory. Entries
that no longer match anything are counted, so the baseline can shrink.

The file is JSON, sorted and indented for diffs::

    {
      "delink-baseline": 1,
      "findings": [
        {"code": "DLK301", "count": 1, "file": "bin/start.sh",
         "fingerprint": "3f0c…", "text": "--link db:db"}
      ]
    }
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from delink.diagnostics import Diagnostic
from delink.fingerprint import Statements, fingerprint, normalise

if TYPE_CHECKING:
    from delink.text import SourceText

FORMAT_VERSION = 1
_TEXT_LIMIT = 80


class BaselineError(Exception):
    """A baseline file that cannot be read or written (exit 2)."""


@dataclass
class Baseline:
    path: str
    counts: Counter[str] = field(default_factory=Counter)  # fingerprint -> findings


@dataclass
class Filtered:
    diagnostics: list[Diagnostic]  # the findings the baseline does not hold
    known: int  # findings the baseline hid
    stale: int  # baseline entries (counting repeats) nothing matched


def without_itself(diagnostics: Sequence[Diagnostic], baseline_path: str) -> list[Diagnostic]:
    """The findings outside the baseline file (its ``text`` fields quote link words)."""
    own = os.path.realpath(baseline_path)
    return [d for d in diagnostics if os.path.realpath(d.path) != own]


def _base_dir(baseline_path: str) -> str:
    return os.path.dirname(os.path.abspath(baseline_path))


def _file(diag: Diagnostic, base: str) -> str:
    rel = os.path.relpath(os.path.abspath(diag.path), base)
    return rel.replace(os.sep, "/")


def _prints(
    diagnostics: Sequence[Diagnostic],
    texts: Mapping[str, SourceText],
    statements: Statements | None,
    base: str,
) -> list[str]:
    return [fingerprint(d, texts, statements, path=_file(d, base)) for d in diagnostics]


def render(
    diagnostics: Sequence[Diagnostic],
    texts: Mapping[str, SourceText],
    statements: Statements | None,
    baseline_path: str,
) -> str:
    """The baseline file's text for ``diagnostics``."""
    base = _base_dir(baseline_path)
    entries: dict[str, dict[str, Any]] = {}
    for diag, fp in zip(diagnostics, _prints(diagnostics, texts, statements, base), strict=True):
        entry = entries.get(fp)
        if entry is not None:
            entry["count"] += 1
            continue
        src = texts.get(diag.path)
        text = normalise(src.text[diag.span.start : diag.span.end]) if src is not None else ""
        if len(text) > _TEXT_LIMIT:
            text = text[: _TEXT_LIMIT - 1] + "…"
        entries[fp] = {
            "code": diag.code,
            "count": 1,
            "file": _file(diag, base),
            "fingerprint": fp,
            "text": text,
        }
    ordered = sorted(
        entries.values(), key=lambda e: (e["file"], e["code"], e["text"], e["fingerprint"])
    )
    data = {"delink-baseline": FORMAT_VERSION, "findings": ordered}
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write(
    diagnostics: Sequence[Diagnostic],
    texts: Mapping[str, SourceText],
    statements: Statements | None,
    baseline_path: str,
) -> None:
    from delink.atomic import WriteError, write_atomic

    data = render(diagnostics, texts, statements, baseline_path).encode("utf-8")
    try:
        if os.path.exists(baseline_path):
            write_atomic(baseline_path, data)
        else:
            with open(baseline_path, "xb") as fh:
                fh.write(data)
    except (WriteError, OSError) as exc:
        raise BaselineError(f"{baseline_path}: cannot write the baseline: {exc}") from None


def load(baseline_path: str) -> Baseline:
    from delink.readfile import ReadError, read_bytes

    if not os.path.lexists(baseline_path):
        raise BaselineError(f"{baseline_path}: no such baseline (write one with --write-baseline)")
    try:
        raw = read_bytes(baseline_path)
    except ReadError as exc:
        raise BaselineError(f"{baseline_path}: cannot read: {exc.reason}") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BaselineError(
            f"{baseline_path}: not a delink baseline (invalid JSON: {exc})"
        ) from None
    if not isinstance(data, dict) or data.get("delink-baseline") != FORMAT_VERSION:
        raise BaselineError(
            f'{baseline_path}: not a delink baseline (expected "delink-baseline": {FORMAT_VERSION})'
        )
    findings = data.get("findings")
    if not isinstance(findings, list):
        raise BaselineError(f'{baseline_path}: "findings" must be an array')
    baseline = Baseline(baseline_path)
    for i, item in enumerate(findings, start=1):
        fp = item.get("fingerprint") if isinstance(item, dict) else None
        count = item.get("count", 1) if isinstance(item, dict) else None
        if not isinstance(fp, str) or not isinstance(count, int) or count < 1:
            raise BaselineError(
                f"{baseline_path}: finding {i} needs a string fingerprint and a count above 0"
            )
        baseline.counts[fp] += count
    return baseline


def apply(
    baseline: Baseline,
    diagnostics: Sequence[Diagnostic],
    texts: Mapping[str, SourceText],
    statements: Statements | None,
) -> Filtered:
    """Drop the findings the baseline holds (each entry hides at most ``count`` of them)."""
    left = Counter(baseline.counts)
    base = _base_dir(baseline.path)
    kept: list[Diagnostic] = []
    known = 0
    for diag, fp in zip(diagnostics, _prints(diagnostics, texts, statements, base), strict=True):
        if left[fp] > 0:
            left[fp] -= 1
            known += 1
        else:
            kept.append(diag)
    return Filtered(kept, known, sum(left.values()))


def notes(filtered: Filtered, baseline_path: str) -> list[str]:
    """The summary lines about a baseline: what it hid, and what no longer matches."""
    out = []
    if filtered.known:
        word = "problem" if filtered.known == 1 else "problems"
        out.append(f"{filtered.known} known {word} hidden by the baseline {baseline_path}.")
    if filtered.stale:
        entries = "entry no longer matches" if filtered.stale == 1 else "entries no longer match"
        out.append(
            f"{filtered.stale} baseline {entries}: shrink it with "
            f"`delink check --write-baseline {baseline_path}`."
        )
    return out
