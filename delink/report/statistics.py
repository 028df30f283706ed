"""``--statistics``: how many findings each rule has, most first (as ruff prints them).

Text: ``14  DLK301  [*] legacy-link`` per rule, ``[*]`` when ``delink fix`` fixes some
of them. JSON: ``[{"code", "name", "count", "fixable"}]``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from delink.diagnostics import Applicability, Diagnostic


@dataclass(frozen=True)
class RuleCount:
    code: str
    name: str
    count: int
    fixable: bool  # some of them have a safe fix


def count(diagnostics: Iterable[Diagnostic]) -> list[RuleCount]:
    counts: dict[str, int] = {}
    names: dict[str, str] = {}
    fixable: set[str] = set()
    for d in diagnostics:
        counts[d.code] = counts.get(d.code, 0) + 1
        names[d.code] = d.name
        if d.fix is not None and d.fix.applicability is Applicability.SAFE:
            fixable.add(d.code)
    order = sorted(counts, key=lambda c: (-counts[c], c))
    return [RuleCount(c, names[c], counts[c], c in fixable) for c in order]


def lines(diagnostics: Iterable[Diagnostic]) -> list[str]:
    rows = count(diagnostics)
    if not rows:
        return []
    width = max(len(str(r.count)) for r in rows)
    code_width = max(len(r.code) for r in rows)
    return [
        f"{str(r.count).rjust(width)}  {r.code.ljust(code_width)}  "
        f"{'[*] ' if r.fixable else ''}{r.name}"
        for r in rows
    ]


def write_text(diagnostics: Iterable[Diagnostic], out: TextIO) -> None:
    for line in lines(diagnostics):
        out.write(line + "\n")


def write_json(diagnostics: Iterable[Diagnostic], out: TextIO) -> None:
    data = [
        {"code": r.code, "name": r.name, "count": r.count, "fixable": r.fixable}
        for r in count(diagnostics)
    ]
    out.write(json.dumps(data, indent=2) + "\n")
