"""``delink fix`` and the disk (issue 12): modes kept, writes only inside the paths the
user named, one file under two names fixed once, only what was written counted, stale
temporary files cleaned, a fix over several files written all or nothing."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from delink import atomic
from delink.fixer import run_fix, write_changes
from delink.settings import Settings

DB = "docker run -d --name db postgres\n"
WEB = "docker run -d --name web --link db:db app\n"
FIXED = (
    "docker network inspect db-net >/dev/null 2>&1 || docker network create db-net\n"
    "docker run --network db-net -d --name db postgres\n"
    "docker run -d --name web --network db-net app\n"
)


def test_setuid_and_setgid_bits_are_kept(run_cli, make_project, tmp_path: Path) -> None:
    make_project({"run.sh": DB + WEB})
    script = tmp_path / "run.sh"
    os.chown(script, 1000, 1000)
    os.chmod(script, 0o6755)
    code, _, err = run_cli(["fix", "--unsafe-fixes", "."], cwd=tmp_path)
    assert (code, err) == (0, "")
    st = script.stat()
    assert (stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid) == (0o6755, 1000, 1000)
    assert script.read_text() == FIXED


def test_a_symlink_out_of_the_named_tree_is_left(run_cli, make_project, tmp_path) -> None:
    make_project({"outside/target.sh": DB + WEB, "tree/ok.sh": "echo ok\n"})
    (tmp_path / "tree" / "link.sh").symlink_to("../outside/target.sh")
    code, out, err = run_cli(["fix", "--unsafe-fixes", "tree"], cwd=tmp_path)
    assert (code, err) == (1, "")
    assert (tmp_path / "outside" / "target.sh").read_text() == DB + WEB
    assert out.startswith(
        "tree/link.sh:2:26: DLK104 the fix for DLK301 was not applied: tree/link.sh is a "
        "symlink to outside/target.sh, outside the paths named on the command line; it is "
        "left as it is\n"
    )
    assert "Fixed" not in out


def test_a_second_name_is_fixed_once(run_cli, make_project, tmp_path: Path) -> None:
    make_project({"real.sh": DB + WEB})
    (tmp_path / "link.sh").symlink_to("real.sh")
    code, out, err = run_cli(["fix", "--unsafe-fixes", "."], cwd=tmp_path)
    assert (code, err) == (0, "")
    assert out == "Fixed 1 problem in 1 file.\nAll checks passed!\n"
    assert (tmp_path / "real.sh").read_text() == FIXED
    assert (tmp_path / "link.sh").is_symlink()


def test_hard_links_are_reported(run_cli, make_project, tmp_path: Path) -> None:
    make_project({"a/run.sh": DB + WEB})
    os.link(tmp_path / "a" / "run.sh", tmp_path / "copy.sh")
    code, out, err = run_cli(["fix", "--unsafe-fixes", "a"], cwd=tmp_path)
    assert code == 0 and out == "Fixed 1 problem in 1 file.\nAll checks passed!\n"
    assert err == (
        "delink: note: a/run.sh had 1 more name(s) (hard links); the fixed file replaces "
        "this name only, the others keep the old text\n"
    )
    assert (tmp_path / "copy.sh").read_text() == DB + WEB


def _outcome(tmp_path: Path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    return run_fix(["."], Settings(root=tmp_path), None, unsafe=True, write=False)


def test_the_loser_of_a_race_counts_nothing(make_project, tmp_path, monkeypatch) -> None:
    make_project({"a.sh": DB + WEB, "b.sh": DB.replace("db", "cache") + WEB.replace("db", "cache")})
    outcome = _outcome(tmp_path, monkeypatch)
    assert outcome.fixed == 2
    (tmp_path / "a.sh").write_text("someone else\n")
    errors = write_changes(outcome)
    assert errors == ["a.sh: changed on disk while delink was fixing it; not written"]
    assert (outcome.written, outcome.fixed) == (["b.sh"], 1)


def test_a_fix_over_two_files_is_all_or_nothing(make_project, tmp_path, monkeypatch) -> None:
    make_project({"a.sh": DB, "b.sh": WEB})
    outcome = _outcome(tmp_path, monkeypatch)
    assert sorted(outcome.changes) == ["a.sh", "b.sh"]
    (tmp_path / "b.sh").write_text(WEB + "# edited\n")
    errors = write_changes(outcome)
    assert errors == [
        "b.sh: changed on disk while delink was fixing it; not written",
        "not written either, as the same fix spans them: a.sh",
    ]
    assert (tmp_path / "a.sh").read_text() == DB
    assert (outcome.written, outcome.fixed) == ([], 0)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.sh", "b.sh"]  # no temp left


def test_a_failed_rename_says_what_was_written(make_project, tmp_path, monkeypatch) -> None:
    make_project({"a.sh": DB, "b.sh": WEB})
    outcome = _outcome(tmp_path, monkeypatch)
    real_replace = os.replace

    def replace(src, dst):  # type: ignore[no-untyped-def]
        if str(dst).endswith("b.sh"):
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace)
    errors = write_changes(outcome)
    assert errors == [
        "b.sh: cannot write: No space left on device",
        "the fix was left half applied: written a.sh",
    ]
    assert (outcome.written, outcome.fixed) == (["a.sh"], 0)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.sh", "b.sh"]


def test_signals_wait_for_the_renames(make_project, tmp_path, monkeypatch) -> None:
    make_project({"a.sh": DB, "b.sh": WEB})
    outcome = _outcome(tmp_path, monkeypatch)
    real_commit = atomic.Pending.commit

    def commit(self):  # type: ignore[no-untyped-def]
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C between the two renames
        real_commit(self)

    monkeypatch.setattr(atomic.Pending, "commit", commit)
    with pytest.raises(KeyboardInterrupt):
        write_changes(outcome)
    assert (tmp_path / "a.sh").read_text() != DB and (tmp_path / "b.sh").read_text() != WEB


def test_stale_temporary_files_are_removed(run_cli, make_project, tmp_path: Path) -> None:
    make_project({"run.sh": DB + WEB, ".run.sh.k9x2ab31.delink-tmp": "#!/bin/sh\nhalf"})
    held = tmp_path / ".run.sh.live0001.delink-tmp"
    held.write_text("being written\n")
    holder = subprocess.Popen(  # another delink, alive, still writing its file
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time\n"
            f"fd = os.open({str(held)!r}, os.O_RDWR)\n"
            "fcntl.lockf(fd, fcntl.LOCK_EX)\nprint('locked', flush=True)\ntime.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"locked\n"
        code, out, err = run_cli(["fix", "--unsafe-fixes", "."], cwd=tmp_path)
    finally:
        holder.kill()
        holder.wait()
    assert code == 0 and out == "Fixed 1 problem in 1 file.\nAll checks passed!\n"
    assert err == (
        "delink: note: removed .run.sh.k9x2ab31.delink-tmp, left by a delink fix that was killed\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [held.name, "run.sh"]


BUILT_WEB = "docker build -t app .\n" + WEB
LEFT_OUT_NOTE = (
    "delink: note: bin/web.sh:2:26: the fix for DLK301 was left out: it also edits "
    "bin/db.sh, which was not named (`delink fix .` applies it)\n"
)


def _group(make_project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # a safe fix of the web's link also edits the target's script (its --network)
    make_project(
        {
            ".delink.toml": "",
            "Dockerfile": "FROM alpine\n",
            "bin/db.sh": DB,
            "bin/web.sh": BUILT_WEB,
        }
    )


def test_a_fix_that_edits_unnamed_files_is_left_out(run_cli, make_project, tmp_path) -> None:
    _group(make_project, tmp_path)
    code, out, err = run_cli(["fix", "--no-cache", "bin/web.sh"], cwd=tmp_path)
    assert (code, err) == (1, LEFT_OUT_NOTE)
    assert out.startswith("bin/web.sh:2:26: DLK301 [*] legacy link `db:db`")
    assert out.endswith(
        "1 fix was left out, as it also edits files that were not named: `delink fix .` "
        "applies it.\nFound 1 problem: 1 warning.\n1 fixable with `delink fix`.\n"
    )
    assert (tmp_path / "bin" / "db.sh").read_text() == DB
    assert (tmp_path / "bin" / "web.sh").read_text() == BUILT_WEB
    # the diff shows nothing, and the command names the project from where it runs
    code, out, err = run_cli(
        ["fix", "--no-cache", "--diff", "--unsafe-fixes", "web.sh"], cwd=tmp_path / "bin"
    )
    assert (code, out) == (1, "")
    assert err == (
        "No fixes to apply.\n"
        "delink: note: web.sh:2:26: the fix for DLK301 was left out: it also edits db.sh, "
        "which was not named (`delink fix --unsafe-fixes ..` applies it)\n"
        "delink: note: 1 fix was left out, as it also edits files that were not named: "
        "`delink fix --unsafe-fixes ..` applies it.\n"
    )


def test_a_fix_inside_the_named_files_is_applied(run_cli, make_project, tmp_path) -> None:
    _group(make_project, tmp_path)
    code, out, err = run_cli(["fix", "--no-cache", "bin/web.sh", "bin/db.sh"], cwd=tmp_path)
    assert (code, out, err) == (0, "Fixed 1 problem in 2 files.\nAll checks passed!\n", "")
    assert (tmp_path / "bin" / "db.sh").read_text() == FIXED.split("docker run -d --name web")[0]
    assert (tmp_path / "bin" / "web.sh").read_text() == "docker build -t app .\n" + FIXED.replace(
        "docker run --network db-net -d --name db postgres\n", ""
    )
    again = run_cli(["fix", "--no-cache", "bin/web.sh", "bin/db.sh"], cwd=tmp_path)
    assert again == (0, "All checks passed!\n", "")
