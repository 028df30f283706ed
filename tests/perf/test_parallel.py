"""The first pass gives the same output whatever the number of processes, and the
JSON path never imports the heavy modules."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import delink.scan

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """Every fixture project under one directory: shell, Compose, Python, Markdown and
    consumers, links across files, a second phase."""
    shutil.copytree(FIXTURES, tmp_path / "tree")
    return tmp_path / "tree"


def test_same_output_for_any_number_of_processes(
    tree: Path, monkeypatch: pytest.MonkeyPatch, run_cli
) -> None:
    monkeypatch.setattr(delink.scan, "POOL_MIN_FILES", 1)  # a pool even for this tree
    base = ["check", "--format", "json", str(tree)]
    expected = run_cli([*base, "--no-cache", "--jobs", "1"])
    assert expected[0] == 1 and expected[1].count('"code": "DLK') > 50
    for jobs in ("2", "3"):
        assert run_cli([*base, "--no-cache", "--jobs", jobs]) == expected, jobs
    # and from the cache, filled by a pool, read by a single process
    assert run_cli([*base, "--jobs", "3"]) == expected
    assert run_cli([*base, "--jobs", "1"]) == expected
    text = ["check", "--color", "never", "--no-cache", str(tree)]
    assert run_cli([*text, "--jobs", "2"]) == run_cli([*text, "--jobs", "1"])


def test_pool_is_used_for_large_runs(monkeypatch: pytest.MonkeyPatch, tree: Path) -> None:
    from delink.scan import Task, scan_all
    from delink.settings import Settings

    monkeypatch.setattr(delink.scan, "POOL_MIN_FILES", 1)
    started: list[int] = []
    real = delink.scan._context

    def spy():  # type: ignore[no-untyped-def]
        started.append(1)
        return real()

    monkeypatch.setattr(delink.scan, "_context", spy)
    files = sorted(p for p in tree.rglob("*.sh"))
    tasks = [Task(str(p), False, "shell") for p in files]
    one = [r.record for r in scan_all(tasks, Settings(), 1, False)]
    assert not started
    two = [r.record for r in scan_all(tasks, Settings(), 2, False)]
    assert started and one == two and len(one) == len(files)


def test_check_json_imports_no_heavy_module() -> None:
    """libcst (only to validate a fixed Python file) and rich are never imported by
    ``check --format json``, here over every fixture (Python SDK calls included)."""
    script = (
        "import sys\n"
        "from delink.cli import main\n"
        f"code = main(['check', '--format', 'json', '--no-cache', {str(FIXTURES)!r}])\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'libcst', 'rich', 'pygls',"
        " 'docker'})\n"
        "print(code, heavy, file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert proc.stderr.strip().splitlines()[-1] == "1 []"
