"""Text output at a terminal (rich): the same findings, a table per rule, the summary;
colours unless NO_COLOR or --color never; a progress line on stderr for slow runs."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
import time
from pathlib import Path

import pytest

from delink.report import terminal
from delink.report.output import OutputOptions, Report
from delink.report.progress import DelayedProgress

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "fixtures" / "compose-engine"

TABLE = """\
count  code    rule          severity  fix
    2  DLK203  compose-link  info      1 safe, 1 unsafe

Found 2 problems: 2 info.
1 fixable with `delink fix`; 1 more with `delink fix --unsafe-fixes`.
"""


def _trimmed(text: str) -> str:
    """Rich pads table cells: compare without trailing blanks."""
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _lint(path: str) -> Report:
    from delink.lint import Linter
    from delink.settings import Settings

    old = os.getcwd()
    os.chdir(FIXTURE)
    try:
        result = Linter(Settings(root=FIXTURE)).lint([path])
    finally:
        os.chdir(old)
    return Report(result.diagnostics, result.files)


def test_rich_output_is_the_plain_findings_then_a_table() -> None:
    from delink.report import text as text_report

    report = _lint("v2")
    out = io.StringIO()
    terminal.write(report, out, OutputOptions(color="never"))
    blocks = "".join(
        text_report.format_diagnostic(d, report.texts) + "\n\n" for d in report.diagnostics
    )
    assert _trimmed(out.getvalue()) == blocks + TABLE


def test_rich_quiet_prints_findings_only() -> None:
    report = _lint("v2")
    out = io.StringIO()
    terminal.write(report, out, OutputOptions(color="never", quiet=True))
    assert out.getvalue().endswith("started here\n\n")
    assert "Found" not in out.getvalue()


def _on_a_terminal(args: list[str], env: dict[str, str] | None = None) -> tuple[int, str]:
    master, slave = pty.openpty()
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    full_env.update({"COLUMNS": "120", "TERM": "xterm-256color", **(env or {})})
    proc = subprocess.Popen(
        [sys.executable, "-m", "delink", *args],
        cwd=FIXTURE,
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
        env=full_env,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return proc.wait(timeout=60), b"".join(chunks).decode().replace("\r\n", "\n")


def test_a_terminal_gets_colours_and_the_table() -> None:
    code, out = _on_a_terminal(["check", "v2"])
    assert code == 0
    assert "\x1b[1;36mDLK203\x1b[0m" in out  # info in cyan
    assert "compose-link  info      1 safe, 1 unsafe" in out  # the table


@pytest.mark.parametrize(("args", "env"), [(["--color", "never"], {}), ([], {"NO_COLOR": "1"})])
def test_no_color_and_color_never_at_a_terminal(args: list[str], env: dict[str, str]) -> None:
    code, out = _on_a_terminal(["check", *args, "v2"], env)
    assert code == 0 and "\x1b[" not in out
    assert _trimmed(out).endswith(TABLE)


def test_statistics_at_a_terminal() -> None:
    code, out = _on_a_terminal(["check", "--statistics", "."], {"NO_COLOR": "1"})
    assert code == 1
    assert [line.rstrip() for line in out.splitlines()] == [
        "2  DLK202  compose-legacy-link",
        "2  DLK203  [*] compose-link",
        "1  DLK201  compose-v1-format",
    ]


def test_progress_waits_a_second_then_draws_on_stderr() -> None:
    err = io.StringIO()
    progress = DelayedProgress(err, delay=0.2)
    progress("a.sh")
    assert progress._progress is None and err.getvalue() == ""
    time.sleep(0.25)
    progress("b.sh")
    assert progress._progress is not None
    progress.close()
    assert progress.files == 2
