"""Odd files: unreadable directories, FIFOs named like the files delink reads itself
(issue 12: crashes and hangs). Each run is a child process with a timeout: a FIFO that
is opened blocks forever, which fails the test instead of hanging the suite."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.reliability.helpers import run_delink

LINK = "docker run --link db:db app\n"


def _json(out: str) -> list[tuple[str, str, str]]:
    return [(d["code"], d["filename"], d["message"]) for d in json.loads(out)]


@pytest.fixture
def locked(tmp_path: Path) -> Path:
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "run.sh").write_text(LINK)
    (tmp_path / "ok.sh").write_text("echo hi\n")
    os.chmod(tmp_path / "secret", 0)
    yield tmp_path
    os.chmod(tmp_path / "secret", 0o755)


def test_path_inside_an_unreadable_directory(locked: Path) -> None:
    code, out, err = run_delink(
        ["check", "--format", "json", "secret/run.sh"], locked, timeout=30, as_user=True
    )
    assert (code, err) == (1, "")
    assert _json(out) == [("DLK102", "secret/run.sh", "permission denied")]


def test_unreadable_file(tmp_path: Path) -> None:
    (tmp_path / "secret.sh").write_text(LINK)
    os.chmod(tmp_path / "secret.sh", 0)
    code, out, err = run_delink(["check", "--format", "json", "."], tmp_path, as_user=True)
    assert (code, err) == (1, "")
    assert _json(out) == [("DLK102", "secret.sh", "permission denied")]


def test_walking_the_parent_reports_the_unreadable_directory(locked: Path) -> None:
    code, out, err = run_delink(["check", "--format", "json", "."], locked, as_user=True)
    assert (code, err) == (1, "")
    assert _json(out) == [("DLK102", "secret", "cannot list this directory: permission denied")]


FIFO_NAMES = [
    ".gitignore",
    ".git/info/exclude",
    "sub/.gitignore",
    ".delink.toml",
    "pyproject.toml",
    ".env",
    "requirements.txt",
    "app.py",
]


@pytest.mark.parametrize("name", FIFO_NAMES)
def test_a_fifo_is_never_opened(tmp_path: Path, name: str) -> None:
    (tmp_path / ".git" / "info").mkdir(parents=True)
    (tmp_path / "sub").mkdir()
    (tmp_path / "run.sh").write_text(LINK)
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  web:\n    image: ${TAG}\n    links: [db]\n  db:\n    image: postgres\n"
    )
    (tmp_path / "sdk.py").write_text(
        "import docker\ndocker.from_env().containers.run('a', links={'db': 'db'})\n"
    )
    fifo = tmp_path / name
    if fifo.exists():
        fifo.unlink()
    os.mkfifo(fifo)
    code, out, err = run_delink(["check", "--format", "json", "."], tmp_path, timeout=30)
    if name == ".delink.toml":  # the configuration: a usage error, like any unreadable one
        assert (code, out) == (2, "")
        assert err.startswith("delink: error: ") and err.endswith(
            "/.delink.toml: cannot read: is a FIFO (named pipe), not a regular file; skipped\n"
        )
        return
    assert (code, err) == (1, "")
    codes = _json(out)
    assert ("DLK301", "run.sh") in [(c, f) for c, f, _ in codes]
    fifo_problems = [(c, f) for c, f, m in codes if m.startswith("is a FIFO")]
    if name.startswith((".git", "sub/")):  # read by delink for itself only: passed by
        assert fifo_problems == []
    else:  # a file the linter reads (a consumer of env vars, a source): reported
        assert fifo_problems == [("DLK102", name)]
