"""``kill -9`` while ``delink fix`` renames the files of a fix that spans several files
(issue 12): the journal it leaves lets the next ``delink fix`` complete the fix, or say
exactly which files stay half applied."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

DB = "docker run -d --name db postgres\n"
WEB = "docker run -d --name web --link db:db app\n"

# runs `delink fix` and dies (SIGKILL: nothing can hold it off) after its first rename
_KILLED_AFTER_ONE_RENAME = """
import os, signal, sys
from delink import atomic
real = atomic.Pending.commit
def commit(self):
    real(self)
    os.kill(os.getpid(), signal.SIGKILL)
atomic.Pending.commit = commit
from delink.cli import main
sys.exit(main(["fix", "--unsafe-fixes", "--no-cache", "."]))
"""


def _killed_fix(root: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", _KILLED_AFTER_ONE_RENAME],
        cwd=root,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr


def _names(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir())


def _fixed(run_cli, make_project, root: Path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    make_project({"a.sh": DB, "b.sh": WEB}, root)
    code, _, err = run_cli(["fix", "--unsafe-fixes", "--no-cache", "."], cwd=root)
    assert (code, err) == (0, "")
    return {name: (root / name).read_text() for name in ("a.sh", "b.sh")}


def test_the_next_fix_completes_a_killed_one(run_cli, make_project, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    clean.mkdir()
    expected = _fixed(run_cli, make_project, clean)
    assert expected["a.sh"] != DB and expected["b.sh"] != WEB
    root = tmp_path / "killed"
    root.mkdir()
    make_project({"a.sh": DB, "b.sh": WEB}, root)
    _killed_fix(root)
    # half applied: a.sh written, b.sh not; the journal and b.sh's new text are left
    assert (root / "a.sh").read_text() == expected["a.sh"]
    assert (root / "b.sh").read_text() == WEB
    left = [n for n in _names(root) if n not in ("a.sh", "b.sh")]
    assert len(left) == 2 and sum(n.endswith(".journal.delink-tmp") for n in left) == 1
    code, out, err = run_cli(["fix", "--unsafe-fixes", "--no-cache", "."], cwd=root)
    assert (code, out) == (0, "All checks passed!\n")
    assert err == (
        "delink: note: a delink fix was killed while it wrote its files; completed it: wrote b.sh\n"
    )
    assert {n: (root / n).read_text() for n in ("a.sh", "b.sh")} == expected
    assert _names(root) == ["a.sh", "b.sh"]
    # nothing more to do
    assert run_cli(["fix", "--unsafe-fixes", "--no-cache", "."], cwd=root)[2] == ""


def test_a_file_changed_since_is_left_and_named(run_cli, make_project, tmp_path) -> None:
    make_project({"a.sh": DB, "b.sh": WEB})
    _killed_fix(tmp_path)
    a_fixed = (tmp_path / "a.sh").read_text()
    (tmp_path / "b.sh").write_text(WEB + "# edited by hand\n")
    code, out, err = run_cli(["fix", "--unsafe-fixes", "--no-cache", "."], cwd=tmp_path)
    assert err == (
        "delink: note: a delink fix was killed while it wrote its files; could not complete "
        "b.sh (changed since), so the fix stays half applied (written before: a.sh)\n"
    )
    # the run then fixes b.sh as it is now: its link joins the network a.sh has
    assert (code, out) == (0, "Fixed 1 problem in 1 file.\nAll checks passed!\n")
    assert (tmp_path / "a.sh").read_text() == a_fixed
    assert (tmp_path / "b.sh").read_text() == (
        "docker network inspect db-net >/dev/null 2>&1 || docker network create db-net\n"
        "docker run -d --name web --network db-net app\n# edited by hand\n"
    )
    assert not [n for n in _names(tmp_path) if n.endswith(".delink-tmp")]


def test_a_journal_cut_short_is_removed(run_cli, make_project, tmp_path: Path) -> None:
    """Killed while the journal was written: no file was renamed yet."""
    make_project(
        {
            "a.sh": DB,
            "b.sh": WEB,
            ".a.sh.k9x2ab31.journal.delink-tmp": '{"journal": 1, "files": [{"pa',
            ".b.sh.k9x2ab32.delink-tmp": "half",
        }
    )
    code, out, err = run_cli(["fix", "--unsafe-fixes", "--no-cache", "."], cwd=tmp_path)
    assert code == 0 and out.endswith("All checks passed!\n")
    assert err == (
        "delink: note: removed .b.sh.k9x2ab32.delink-tmp, left by a delink fix that was killed\n"
    )
    assert _names(tmp_path) == ["a.sh", "b.sh"]
