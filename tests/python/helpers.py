"""Helpers for the Python source tests: facts of a snippet, a linted project, fixes."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
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


@contextlib.contextmanager
def _project(root: Path, files: dict[str, str], config: dict[str, object]) -> Iterator[Settings]:
    """``files`` written under ``root``, the current directory meanwhile, and settings
    with ``config`` set."""
    write(root, files)
    old = os.getcwd()
    os.chdir(root)
    try:
        settings = Settings(root=Path("."))
        for k, v in config.items():
            setattr(settings, k, v)
        yield settings
    finally:
        os.chdir(old)


def lint(root: Path, files: dict[str, str], **config: object) -> LintResult:
    with _project(root, files, config) as settings:
        return Linter(settings).lint(["."])


def fix(
    root: Path, files: dict[str, str], *, unsafe: bool = True, **config: object
) -> dict[str, str]:
    """Write ``files``, run ``delink fix`` twice (the second must change nothing) and
    return the texts of the files afterwards."""
    from delink.fixer import run_fix

    with _project(root, files, config) as settings:
        outcome = run_fix(["."], settings, None, unsafe=unsafe)
        assert not outcome.errors, outcome.errors
        assert not [d for d in outcome.diagnostics if d.code == "DLK104"], [
            d.message for d in outcome.diagnostics if d.code == "DLK104"
        ]
        again = run_fix(["."], settings, None, unsafe=unsafe, write=False)
        assert again.changes == {}, {p: c.after for p, c in again.changes.items()}
        return {rel: (root / rel).read_bytes().decode("utf-8") for rel in files}
