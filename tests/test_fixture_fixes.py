"""``delink fix --unsafe-fixes`` on the fixture projects: every file it changes still
parses, nothing is left that a fix could still change (a second run is a no-op), and no
fix is refused for breaking a file."""

from __future__ import annotations

import ast
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from delink.fixer import run_fix
from delink.lint import Linter
from delink.settings import Settings
from tests.test_fixture_expectations import ROOT, _fixture_dirs

SHELL_SUFFIXES = (".sh", ".bash")


def _shell_files(root: Path) -> list[Path]:
    out = []
    for p in root.rglob("*"):
        if p.is_file() and (p.suffix in SHELL_SUFFIXES or p.read_bytes()[:2] == b"#!"):
            head = p.read_bytes()[:64]
            if p.suffix in SHELL_SUFFIXES or b"sh" in head.split(b"\n", 1)[0]:
                out.append(p)
    return out


@pytest.mark.parametrize("fixture", _fixture_dirs())
def test_fix_keeps_files_valid_and_is_idempotent(
    fixture: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "p"
    shutil.copytree(ROOT / fixture, copy)
    monkeypatch.chdir(copy)
    settings = Settings(root=copy)
    outcome = run_fix(["."], settings, None, unsafe=True)
    assert outcome.errors == []
    assert [d for d in outcome.diagnostics if d.code == "DLK104"] == []
    for path in outcome.changes:
        p = copy / path
        if p in _shell_files(copy):
            proc = subprocess.run(["bash", "-n", str(p)], capture_output=True, text=True)
            assert proc.returncode == 0, f"{path}: {proc.stderr}"
        elif p.suffix == ".py":
            ast.parse(p.read_text(), str(p))
        elif p.suffix in (".yml", ".yaml"):
            yaml.safe_load(p.read_text())
    again = run_fix(["."], settings, None, unsafe=True)
    assert again.changes == {}
    # whatever is left has no applicable fix
    left = Linter(settings).lint(["."]).diagnostics
    assert [
        d.code for d in left if d.fix is not None and d.fix.applicability.value != "display-only"
    ] == []
