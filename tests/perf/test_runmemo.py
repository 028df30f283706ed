"""``delink check`` replays a run whose inputs are all unchanged, and only then."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import delink.cache
import delink.runmemo
from delink.lint import Linter

SCRIPT = "docker run -d --name db postgres:16\ndocker run --link db:db --name web app\n"
SDK = (
    "import docker\n"
    "client = docker.from_env()\n"
    'client.containers.run("postgres:16", name="db", detach=True)\n'
    'client.containers.run("app", links={"db": "database"}, detach=True)\n'
)


@pytest.fixture
def joins(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many runs were made in full (facts joined, rules run)."""
    made: list[int] = []
    real = Linter._join

    def counting(self, slots, ctx):  # type: ignore[no-untyped-def]
        made.append(1)
        return real(self, slots, ctx)

    monkeypatch.setattr(Linter, "_join", counting)
    monkeypatch.setattr(delink.cache, "_RACY_NS", 0)
    monkeypatch.setattr(delink.runmemo, "_RACY_NS", 0)
    return made


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_an_unchanged_run_is_replayed(
    fmt: str, joins: list[int], run_cli, make_project, tmp_path: Path
) -> None:
    make_project({".git/HEAD": "", "run.sh": SCRIPT, "app/main.py": SDK, "README.md": "# x\n"})
    args = ["check", "--format", fmt, "--color", "never"]
    first = run_cli(args, cwd=tmp_path)
    assert first[0] == 1 and len(joins) == 1
    assert run_cli(args, cwd=tmp_path) == first
    assert len(joins) == 1  # replayed
    assert run_cli([*args, "--no-cache"], cwd=tmp_path) == first
    assert len(joins) == 2


def test_a_replay_follows_every_input(joins: list[int], run_cli, make_project, tmp_path: Path):
    # requirements.txt is ignored, so it is not a file of the run: only the record of
    # what the rules read (and which directories they listed) can see it change
    make_project(
        {".git/HEAD": "", ".gitignore": "requirements.txt\n", "run.sh": SCRIPT, "app/main.py": SDK}
    )
    args = ["check", "--format", "json"]

    def codes() -> list[str]:
        _, out, err = run_cli(args, cwd=tmp_path)
        assert err == ""
        return [f"{d['code']} {d['filename']} {d['message']}" for d in json.loads(out)]

    before = codes()
    # a file another file's rules read: the SDK pin decides the Python fix
    sdk_fix = [d for d in json.loads(run_cli(args, cwd=tmp_path)[1]) if d["code"] == "DLK401"]
    assert "no pin of the docker SDK" in sdk_fix[0]["fix"]["message"]
    runs = len(joins)
    pins = {"docker==6.1.3\n": "predates", "docker==7.1.0\n": "has (7.0+)", "": "no pin"}
    for pin, words in pins.items():
        (tmp_path / "requirements.txt").write_text(pin)
        for _ in range(2):  # made, then replayed
            fixes = [d for d in json.loads(run_cli(args, cwd=tmp_path)[1]) if d["code"] == "DLK401"]
            assert words in fixes[0]["fix"]["message"], pin
    assert len(joins) == runs + 3
    runs = len(joins)
    # a new file, a removed one, a changed one, a setting
    (tmp_path / "more.sh").write_text(SCRIPT.replace("web", "api"))
    assert len(codes()) > len(before) and len(joins) == runs + 1
    (tmp_path / "more.sh").unlink()
    assert codes() == before
    (tmp_path / "run.sh").write_text(SCRIPT.replace("db:db", "db:pg"))
    assert any("`db:pg`" in c for c in codes())
    _, out, _ = run_cli([*args, "--select", "DLK401"], cwd=tmp_path)
    assert {d["code"] for d in json.loads(out)} == {"DLK401"}


def test_a_corrupt_run_is_made_again(joins: list[int], run_cli, make_project, tmp_path: Path):
    make_project({".git/HEAD": "", "run.sh": SCRIPT})
    first = run_cli(["check"], cwd=tmp_path)
    runs = list(Path(delink.cache.os.environ["DELINK_CACHE_DIR"]).glob("v*/runs/*.json"))
    assert len(runs) == 1
    for garbage in (b"{", b'{"format": 1}', b'{"format": 1, "read": [["x"]], "listed": []}'):
        runs[0].write_bytes(garbage)
        assert run_cli(["check"], cwd=tmp_path) == first
    assert len(joins) == 4


def test_a_remembered_run_keeps_the_cache_ignored_by_git(
    joins: list[int], run_cli, make_project, tmp_path: Path
) -> None:
    # the facts cache is unchanged on a second run, so only the remembered run is written:
    # the cache directory must still ignore itself, or `git add -A` picks the run up
    make_project({".git/HEAD": "", "run.sh": SCRIPT})
    args = ["check", "--format", "json"]
    first = run_cli([*args, "--select", "DLK301"], cwd=tmp_path)
    cache = Path(os.environ["DELINK_CACHE_DIR"])
    (cache / ".gitignore").unlink()
    assert run_cli(args, cwd=tmp_path)[0] == first[0] and len(joins) == 2
    assert list(cache.glob("v1-*/runs/*.json"))
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"
