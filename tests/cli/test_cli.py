"""The command line: exit codes, errors without tracebacks, unreadable files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import delink


def test_clean_exit_zero(run_cli, make_project, tmp_path: Path) -> None:
    make_project({"README.md": "nothing here\n"})
    assert run_cli(["check"], cwd=tmp_path) == (0, "All checks passed!\n", "")


def test_findings_exit_one(fake_rules, run_cli, make_project, tmp_path: Path) -> None:
    make_project({"run.sh": "oldlink\n"})
    code, out, _ = run_cli(["check", "run.sh"], cwd=tmp_path)
    assert code == 1 and out.startswith("run.sh:1:1: DLK190 [*] ")


def test_usage_errors_exit_two(run_cli, tmp_path: Path) -> None:
    code, out, err = run_cli(["check", "--format", "xml"], cwd=tmp_path)
    assert code == 2 and out == ""
    assert "delink: error: argument --format: invalid choice: 'xml'" in err
    code, _, err = run_cli([], cwd=tmp_path)
    assert code == 2 and "usage: delink" in err
    code, _, err = run_cli(["lint"], cwd=tmp_path)
    assert code == 2 and "invalid choice: 'lint'" in err


def test_version_and_help(run_cli, tmp_path: Path) -> None:
    assert run_cli(["--version"], cwd=tmp_path) == (0, f"delink {delink.__version__}\n", "")
    code, out, _ = run_cli(["check", "--help"], cwd=tmp_path)
    assert code == 0 and "--select" in out and "--no-gitignore" in out


def test_internal_error_is_one_line(run_cli, tmp_path: Path, monkeypatch) -> None:
    from delink.lint import Linter

    def boom(self, paths, overlay, replay, progress):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(Linter, "_run", boom)  # under both lint() and check()
    code, _out, err = run_cli(["check"], cwd=tmp_path)
    assert code == 2
    assert err == "delink: internal error: RuntimeError: boom second line (please report this)\n"
    monkeypatch.setenv("DELINK_DEBUG", "1")
    with pytest.raises(RuntimeError):
        run_cli(["check"], cwd=tmp_path)


def test_source_crash_is_per_file(fake_rules, run_cli, make_project, tmp_path: Path) -> None:
    make_project({"a.sh": "CRASHME link\n", "b.sh": "oldlink\n"})
    code, out, err = run_cli(["check"], cwd=tmp_path)
    assert code == 1 and err == ""
    assert "a.sh:1:1: DLK102 internal error while reading this file (RuntimeError: boom);" in out
    assert "b.sh:1:1: DLK190" in out


def _lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if ": DLK" in line]


def test_unreadable_files_are_reported_and_the_run_goes_on(
    fake_rules, run_cli, make_project, tmp_path: Path
) -> None:
    make_project(
        {
            "bin.sh": b"\x7fELF\x00\x00link",
            "latin1.sh": "docker run --link db:db caf\xe9\n".encode("latin-1"),
            "ok.sh": "oldlink\n",
        }
    )
    with open(tmp_path / "big.sh", "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    os.mkfifo(tmp_path / "fifo.sh")
    os.mkdir(tmp_path / "dir.sh")
    code, out, err = run_cli(
        ["check", "bin.sh", "latin1.sh", "big.sh", "fifo.sh", "dir.sh", "missing.sh", "ok.sh"],
        cwd=tmp_path,
    )
    assert err == ""
    assert code == 1
    assert _lines(out) == [
        "big.sh:1:1: DLK102 file is 50 MB, over the 10 MB limit; skipped",
        "bin.sh:1:1: DLK102 binary file (contains NUL bytes)",
        "fifo.sh:1:1: DLK102 is a FIFO (named pipe), not a regular file; skipped",
        "latin1.sh:1:1: DLK102 not valid UTF-8 (byte 0xe9 at offset 27)",
        "missing.sh:1:1: DLK102 no such file",
        "ok.sh:1:1: DLK190 [*] `oldlink` is a legacy link",
    ]


def test_directory_walk_skips_fifos_quietly_or_reports(
    fake_rules, run_cli, make_project, tmp_path: Path
) -> None:
    make_project({"ok.sh": "oldlink\n"})
    os.mkfifo(tmp_path / "pipe.sh")
    _code, out, _ = run_cli(["check"], cwd=tmp_path)  # must not hang
    assert "ok.sh:1:1: DLK190" in out
    assert "pipe.sh:1:1: DLK102 is a FIFO" in out


def test_max_file_size_from_config(fake_rules, run_cli, make_project, tmp_path: Path) -> None:
    make_project({".delink.toml": 'max-file-size = "1KB"\n', "run.sh": "oldlink\n" * 200})
    _code, out, _ = run_cli(["check"], cwd=tmp_path)
    assert "run.sh:1:1: DLK102 file is 1.6 KB, over the 1 KB limit; skipped" in out


def test_gitignore_respected_and_disabled(fake_rules, run_cli, make_project, tmp_path) -> None:
    make_project({".gitignore": "gen/\n", "gen/a.sh": "oldlink\n", "b.sh": "echo link\n"})
    assert run_cli(["check"], cwd=tmp_path)[0] == 0
    code, out, _ = run_cli(["check", "--no-gitignore"], cwd=tmp_path)
    assert code == 1 and "gen/a.sh:1:1: DLK190" in out


def test_rule_command(run_cli, tmp_path: Path) -> None:
    code, out, _ = run_cli(["rule"], cwd=tmp_path)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["CODE", "NAME", "SEVERITY", "FIX", "SUMMARY"]
    assert any(line.startswith("DLK101  parse-error ") for line in lines)
    code, out, _ = run_cli(["rule", "unknown-suppression"], cwd=tmp_path)
    assert code == 0 and out.startswith("# DLK103 unknown-suppression\n")
    for part in (
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Use instead",
        "## Fix safety",
    ):
        assert part in out
    code, out, _ = run_cli(["rule", "DLK102", "--format", "json"], cwd=tmp_path)
    assert code == 0 and json.loads(out)["name"] == "unreadable-file"
    code, out, err = run_cli(["rule", "parse-eror"], cwd=tmp_path)
    assert code == 2 and "did you mean `parse-error`?" in err


def test_config_discovered_from_first_path(fake_rules, run_cli, make_project, tmp_path) -> None:
    make_project({"proj/.delink.toml": "ignore = ['DLK190']\n", "proj/run.sh": "oldlink\n"})
    assert run_cli(["check", "proj/run.sh"], cwd=tmp_path)[0] == 0
    assert run_cli(["check", "run.sh"], cwd=tmp_path / "proj")[0] == 0
    assert run_cli(["check", "--select", "DLK190", "proj"], cwd=tmp_path)[0] == 1


def test_python_dash_m(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "delink", "check", "--format", "json", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "[]\n", "")


def test_startup_imports_stay_light() -> None:
    code = "import sys, delink.cli; print(sorted(m for m in sys.modules if m.startswith(("
    code += "'yaml', 'libcst', 'bashlex', 'tree_sitter', 'delink.lint', 'delink.rule'))))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "[]"
