"""Helpers for the Python source tests: facts of a snippet, a linted project, fixes."""

from __future__ import annotations

import os
from pathlib import Path

from delink.facts import FileFacts
from delink.lint import Linter, LintResult
from delink.settings import Settings
from delink.sources import Context
from delink.sources.python import SOURCE
from delink.text import SourceText


def facts(text: str, path: str = "m.py") -> FileFacts:
    return SOURCE.extract(SourceText(path, text), Context(Settings()))


def at(text: str, needle: str, nth: int = 0) -> int:
    """Offset of the ``nth`` occurrence of ``needle``."""
    i = -1
    for _ in range(nth + 1):
        i = text.index(needle, i + 1)
    return i


def write(root: Path, files: dict[str, str]) -> None:
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(content.encode("utf-8"))


def lint(root: Path, files: dict[str, str], **config: object) -> LintResult:
    write(root, files)
    old = os.getcwd()
    os.chdir(root)
    try:
        settings = Settings(root=Path("."))
        for k, v in config.items():
            setattr(settings, k, v)
        return Linter(settings).lint(["."])
    finally:
        os.chdir(old)


def fix(
    root: Path, files: dict[str, str], *, unsafe: bool = True, **config: object
) -> dict[str, str]:
    """Write ``files``, run ``delink fix`` twice (the second must change nothing) and
    return the texts of the files afterwards."""
    from delink.fixer import run_fix

    write(root, files)
    old = os.getcwd()
    os.chdir(root)
    try:
        settings = Settings(root=Path("."))
        for k, v in config.items():
            setattr(settings, k, v)
        outcome = run_fix(["."], settings, None, unsafe=unsafe)
        assert not outcome.errors, outcome.errors
        assert not [d for d in outcome.diagnostics if d.code == "DLK104"], [
            d.message for d in outcome.diagnostics if d.code == "DLK104"
        ]
        again = run_fix(["."], settings, None, unsafe=unsafe, write=False)
        assert again.changes == {}, {p: c.after for p, c in again.changes.items()}
        return {rel: (root / rel).read_bytes().decode("utf-8") for rel in files}
    finally:
        os.chdir(old)
