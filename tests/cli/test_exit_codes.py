"""Exit codes: info alone passes, --fail-on and `fail-on` move the threshold, --exit-zero
keeps 0 for findings but never hides a failure of delink itself (2)."""

from __future__ import annotations

from pathlib import Path

import pytest

WARNING_AND_INFO = {"run.sh": "oldlink\nPARSEFAIL\n"}  # DLK190 warning, DLK101 info
INFO_ONLY = {"run.sh": "PARSEFAIL\n"}


@pytest.mark.parametrize(
    ("files", "args", "code"),
    [
        (INFO_ONLY, [], 0),
        (INFO_ONLY, ["--fail-on", "info"], 1),
        (WARNING_AND_INFO, [], 1),
        (WARNING_AND_INFO, ["--fail-on", "warning"], 1),
        (WARNING_AND_INFO, ["--fail-on", "error"], 0),
        (WARNING_AND_INFO, ["--exit-zero"], 0),
        (WARNING_AND_INFO, ["--exit-zero", "--fail-on", "info"], 0),
    ],
)
def test_thresholds(fake_rules, make_project, run_cli, tmp_path: Path, files, args, code) -> None:
    make_project(files)
    assert run_cli(["check", *args, "--format", "json"], cwd=tmp_path)[0] == code


def test_info_alone_prints_its_findings_and_passes(fake_rules, make_project, run_cli, tmp_path):
    make_project(INFO_ONLY)
    code, out, _ = run_cli(["check"], cwd=tmp_path)
    assert code == 0
    assert out.startswith("run.sh:1:1: DLK101 could not parse this command\n")
    assert out.endswith("Found 1 problem: 1 info.\n")


@pytest.mark.parametrize(("value", "code"), [("info", 1), ("warning", 0), ("error", 0)])
def test_fail_on_from_config(fake_rules, make_project, run_cli, tmp_path, value, code) -> None:
    make_project({**INFO_ONLY, ".delink.toml": f'fail-on = "{value}"\n'})
    assert run_cli(["check"], cwd=tmp_path)[0] == code


def test_command_line_wins_over_config(fake_rules, make_project, run_cli, tmp_path) -> None:
    make_project({**INFO_ONLY, ".delink.toml": 'fail-on = "info"\n'})
    assert run_cli(["check", "--fail-on", "warning"], cwd=tmp_path)[0] == 0


def test_bad_fail_on_in_config(fake_rules, make_project, run_cli, tmp_path) -> None:
    make_project({**INFO_ONLY, ".delink.toml": 'fail-on = "never"\n'})
    code, out, err = run_cli(["check"], cwd=tmp_path)
    assert (code, out) == (2, "")
    assert err == (
        f"delink: error: {tmp_path / '.delink.toml'}: `fail-on`: "
        'expected "info", "warning" or "error", got \'never\'\n'
    )


def test_exit_zero_keeps_internal_failures(run_cli, tmp_path: Path, monkeypatch) -> None:
    from delink.lint import Linter

    def boom(self, paths, overlay, replay, progress):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.setattr(Linter, "_run", boom)  # under both lint() and check()
    code, _, err = run_cli(["check", "--exit-zero"], cwd=tmp_path)
    assert code == 2 and "internal error" in err


def test_exit_zero_keeps_read_errors(fake_rules, make_project, run_cli, tmp_path, monkeypatch):
    from delink.lint import Linter, LintResult

    real = Linter._join  # makes the result of lint() and of check() (unless replayed)

    def with_error(self, slots, ctx):  # type: ignore[no-untyped-def]
        result: LintResult = real(self, slots, ctx)
        result.errors.append("could not finish")
        return result

    make_project(WARNING_AND_INFO)
    monkeypatch.setattr(Linter, "_join", with_error)
    code, _, err = run_cli(["check", "--exit-zero"], cwd=tmp_path)
    assert (code, err) == (2, "delink: error: could not finish\n")


def test_fix_follows_the_threshold(fake_rules, make_project, run_cli, tmp_path) -> None:
    make_project({"run.sh": "unsafelink\nPARSEFAIL\n"})  # nothing safe to fix
    assert run_cli(["fix"], cwd=tmp_path)[0] == 1
    assert run_cli(["fix", "--fail-on", "error"], cwd=tmp_path)[0] == 0
    assert run_cli(["fix", "--exit-zero"], cwd=tmp_path)[0] == 0
