"""Lint a small project and list its diagnostics as text: path:row:col: CODE message."""

from __future__ import annotations

from pathlib import Path

import pytest

from delink.lint import Linter
from delink.report import position
from delink.settings import Settings


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8", newline="")


def lint(
    root: Path, files: dict[str, str], monkeypatch: pytest.MonkeyPatch, *, fixes: bool = False
) -> list[str]:
    write(root, files)
    monkeypatch.chdir(root)
    result = Linter(Settings(root=root)).lint(["."])
    out = []
    for d in result.diagnostics:
        row, col = position(result.files, d.path, d.span.start)
        line = f"{d.path.removeprefix('./')}:{row}:{col}: {d.code} {d.message}"
        if fixes and d.fix is not None:
            line += f" [{d.fix.applicability.value}: {d.fix.message}]"
        out.append(line)
    return out
