"""The migration planner on shell projects: groups, targets that must stay on the
default bridge, and names written with variables."""

from __future__ import annotations

from pathlib import Path

import pytest

from delink.fixer import run_fix
from delink.settings import Settings


def _fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str]) -> dict[str, str]:
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    monkeypatch.chdir(tmp_path)
    run_fix(["."], Settings(root=tmp_path), None, unsafe=True)
    return {rel: (tmp_path / rel).read_text() for rel in files}


def test_a_loop_variable_link_is_not_rewritten_and_keeps_its_target_on_the_bridge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _fix(
        tmp_path,
        monkeypatch,
        {
            "run.sh": (
                "docker run -d --name db postgres\n"
                "docker run -d --link db:db web\n"
                'for t in db; do docker run --rm --link "$t:$t" probe; done\n'
            )
        },
    )
    assert out["run.sh"] == (
        "docker run -d --name db postgres\n"
        "docker network inspect db-net >/dev/null 2>&1 || docker network create db-net\n"
        "docker network connect db-net db 2>/dev/null || true\n"
        "docker run -d --network db-net web\n"
        'for t in db; do docker run --rm --link "$t:$t" probe; done\n'
    )


def test_names_with_variables_group_within_their_file_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = (
        'P=${P:-demo}\ndocker run -d --name "$P-db" postgres\ndocker run -d --link "$P-db:db" web\n'
    )
    out = _fix(tmp_path, monkeypatch, {"a/run.sh": script, "b/run.sh": script})
    for rel in ("a/run.sh", "b/run.sh"):
        assert out[rel] == (
            "P=${P:-demo}\n"
            'docker network inspect "$P-db-net" >/dev/null 2>&1'
            ' || docker network create "$P-db-net"\n'
            'docker run --network "$P-db-net" --network-alias db -d --name "$P-db" postgres\n'
            'docker run -d --network "$P-db-net" web\n'
        )
