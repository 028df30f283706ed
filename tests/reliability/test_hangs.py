"""Inputs that hung delink or blew up its time or memory (issue 12). Each runs in a
child process with a generous ceiling, so that a regression fails instead of hanging
the suite, and each checks the exact outcome."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from delink.settings import Settings
from delink.sources import Context
from delink.sources.python import PythonSource
from delink.sources.shell.words import flatten_deep
from delink.text import SourceText
from delink.yamlnodes import compose_all
from tests.reliability.helpers import run_delink

COMPOSE = (
    "services:\n  web:\n    image: x\n"
    '    command: "echo $DB_PORT_5432_TCP_ADDR"\n    links: [db]\n'
    "  db:\n    image: postgres\n"
)


def _found(out: str) -> list[tuple[str, str, int, int]]:
    return [
        (d["code"], d["filename"], d["location"]["row"], d["location"]["column"])
        for d in json.loads(out)
    ]


@pytest.mark.parametrize("boms", [0, 1, 2, 3])
def test_positions_are_right_whatever_the_boms(tmp_path: Path, boms: int) -> None:
    (tmp_path / "docker-compose.yml").write_bytes(b"\xef\xbb\xbf" * boms + COMPOSE.encode())
    code, out, err = run_delink(["check", "--format", "json", "."], tmp_path, timeout=30)
    assert (code, err) == (1, "")
    assert _found(out) == [
        ("DLK504", "docker-compose.yml", 4, 21),
        ("DLK203", "docker-compose.yml", 5, 13),
    ]
    code, _, err = run_delink(["fix", "--unsafe-fixes", "."], tmp_path, timeout=30)
    assert (code, err) == (1, "")
    fixed = (tmp_path / "docker-compose.yml").read_bytes()
    assert fixed.startswith(b"\xef\xbb\xbf" * boms + b"services:\n")
    assert b"    depends_on: {db: {condition: service_started, restart: true}}\n" in fixed


@pytest.mark.parametrize("loader", ["CSafeLoader", "SafeLoader"])
@pytest.mark.parametrize("boms", [0, 1, 2])
def test_node_marks_are_text_offsets(monkeypatch, loader: str, boms: int) -> None:
    import yaml

    from delink import yamlnodes

    if not hasattr(yaml, loader):
        pytest.fail(f"pyyaml without {loader}")
    monkeypatch.setattr(yamlnodes, "_LOADER", getattr(yaml, loader))
    text = "\ufeff" * boms + 'a: "x"\nb: [1, &c y, *c]\n'
    (root,) = compose_all(text)
    (ka, va), (kb, vb) = root.value
    assert (text[ka.start_mark.index], text[va.start_mark.index]) == ("a", '"')
    assert text[kb.start_mark.index] == "b"
    assert text[vb.start_mark.index : vb.end_mark.index] == "[1, &c y, *c]"
    assert vb.value[1] is vb.value[2]  # an alias is the node itself, moved once


def test_ci_yaml_alias_bomb(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["docker run --link db:db app"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    lines += ["job:", "  script: *a9", "  variables: *a9", "  env: *a9"]
    (tmp_path / ".gitlab-ci.yml").write_text("\n".join(lines) + "\n")
    code, out, err = run_delink(
        ["check", "--format", "json", "."], tmp_path, timeout=30, memory_mb=1024
    )
    assert (code, err) == (1, "")
    assert _found(out) == [("DLK301", ".gitlab-ci.yml", 1, 22)]


@pytest.mark.parametrize("name", [".gitignore", ".git/info/exclude"])
def test_big_ignore_files(tmp_path: Path, name: str) -> None:
    (tmp_path / ".git" / "info").mkdir(parents=True)
    (tmp_path / "gen" / "dir5").mkdir(parents=True)
    patterns = "".join(f"gen/dir{i}/*.sh\nbuild{i}.log\n!keep{i}.sh\n" for i in range(70_000))
    (tmp_path / name).write_text(patterns)  # 210,000 lines
    (tmp_path / "run.sh").write_text("docker run --link db:db app\n")
    (tmp_path / "keep5.sh").write_text("docker run --link db:db app\n")
    (tmp_path / "gen" / "dir5" / "x.sh").write_text("docker run --link db:db app\n")
    code, out, err = run_delink(["check", "--format", "json", "."], tmp_path, timeout=30)
    assert (code, err) == (1, "")
    assert _found(out) == [("DLK301", "keep5.sh", 1, 12), ("DLK301", "run.sh", 1, 12)]


def test_a_long_makefile_stays_linear(tmp_path: Path) -> None:
    recipe = "".join(f"\tdocker run -d --name c{i} --link db:db app\n" for i in range(1000))
    (tmp_path / "Makefile").write_text("up:\n\tdocker run -d --name db postgres\n" + recipe)
    code, out, err = run_delink(["check", "--format", "json", "."], tmp_path, timeout=60)
    assert (code, err) == (1, "")
    found = _found(out)
    assert len(found) == 1000 and found[0] == ("DLK301", "Makefile", 3, 26)


def test_deep_command_substitution_is_bounded(tmp_path: Path) -> None:
    """The link of a command with a too deep ``$(`` is still reported (issue 12): the
    deep inside is left out, and DLK101 says so."""
    deep = "$(" * 10_000 + "x" + ")" * 10_000
    (tmp_path / "run.sh").write_text(
        f'docker run -d --name db postgres\ndocker run --link db:db app "{deep}"\n'
    )
    code, out, err = run_delink(["check", "--format", "json", "."], tmp_path, timeout=30)
    assert (code, err) == (1, "")
    assert [
        (d["code"], d["location"]["row"], d["location"]["column"], d["message"])
        for d in json.loads(out)
    ] == [
        (
            "DLK101",
            2,
            1,
            "command substitutions nested more than 100 deep in this docker command: "
            "what they hold was not read",
        ),
        (
            "DLK301",
            2,
            12,
            "legacy link `db:db` on the default bridge network: the `app` container reaches "
            "`db` through deprecated /etc/hosts entries and link env vars",
        ),
    ]
    before = (tmp_path / "run.sh").read_text()
    code, _, err = run_delink(["fix", "--unsafe-fixes", "."], tmp_path, timeout=30)
    assert (code, err) == (1, "")
    assert (tmp_path / "run.sh").read_text() == before  # shown, never written half-read


def test_flatten_deep_keeps_offsets() -> None:
    assert flatten_deep("a $($(b))", 0, 9, limit=1) == "a $($(x))"
    assert flatten_deep("a $($(b c", 0, 9, limit=1) == "a $($(xxx"  # unterminated
    assert flatten_deep("a $(b) $(c)", 0, 11, limit=1) is None
    assert flatten_deep("$($(b)) $($(c))", 8, 15, limit=1) == "$($(b)) $($(x))"


def test_deep_python_expression_still_reports_its_link(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(
        "import docker\nx = " + "-" * 10_000 + "1\n"
        "docker.from_env().containers.run('app', links={'db': 'db'})\n"
    )
    code, out, err = run_delink(["check", "--format", "json", "."], tmp_path, timeout=30)
    assert (code, err) == (1, "")
    assert [
        (d["code"], d["location"]["row"], d["location"]["column"], d["message"], d["fix"])
        for d in json.loads(out)
    ] == [
        (
            "DLK101",
            1,
            1,
            "could not parse this file as Python 3 (nested too deeply, line 1); only env var "
            "reads and `links=` arguments found in its text are reported",
            None,
        ),
        (
            "DLK401",
            3,
            41,
            "`links={'db': 'db'}` in a file delink could not parse: legacy links if its "
            "container runs on the default bridge network; delink cannot see the container, "
            "so there is no fix",
            None,
        ),
    ]


def test_deep_python_expression_falls_back_to_the_text_scan() -> None:
    code = (
        "import docker\nx = " + "-" * 10_000 + "1\n"
        "docker.from_env().containers.run('app', links={'db': 'db'})\n"
    )
    facts = PythonSource.extract(SourceText("m.py", code), Context(Settings()))
    assert [p.message for p in facts.problems] == [
        "could not parse this file as Python 3 (nested too deeply, line 1); only env var "
        "reads and `links=` arguments found in its text are reported"
    ]
    (link,) = facts.links
    assert link.value.raw == "{'db': 'db'}"
