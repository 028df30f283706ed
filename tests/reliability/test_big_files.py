"""A big file under the size limit must cost time linear in its size (issue 12: a 9 MB
file took more than 60 s). The tests bound the work, not the time: they count function
calls and the characters handed to the scans, at two sizes, and the calls of the
helpers that used to be repeated per finding."""

from __future__ import annotations

import cProfile
import json
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from delink import project as project_mod
from delink import secrets, text
from delink.fixes import shell as shell_fix
from delink.sources.compose.nodes import line_start

RunCli = Callable[[list[str], Path], tuple[int, str, str]]


def _script(n: int) -> str:
    parts = ["#!/bin/sh\n"]
    for i in range(n):
        parts.append(
            f"docker run -d --name db{i} -e POSTGRES_PASSWORD=pw{i} postgres:13\n"
            f"docker run -d --name web{i} --link db{i}:db{i} -e MODE=prod app:{i}\n"
            f'echo "at $DB{i}_PORT_5432_TCP_ADDR:$DB{i}_PORT_5432_TCP_PORT"\n'
            f'[ -n "$DB{i}_ENV_POSTGRES_USER" ] && echo user\n'
        )
    return "".join(parts)


def _compose(n: int) -> str:
    parts = ["version: '2'\nservices:\n"]
    for i in range(n):
        parts.append(
            f"  db{i}:\n    image: postgres:13\n    environment:\n"
            f"      POSTGRES_PASSWORD: pw{i}\n"
            f"  web{i}:\n    image: app:{i}\n    links:\n      - db{i}:db{i}\n"
            f"    environment:\n      - DB_HOST=db{i}\n"
            f"    command: sh -c 'echo $$DB{i}_PORT_5432_TCP_ADDR'\n"
        )
    return "".join(parts)


@contextmanager
def _spy(target: Any, name: str, sizes: list[int], measure: Callable[..., int]) -> Iterator[None]:
    real = getattr(target, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        sizes.append(measure(*args, **kwargs))
        return real(*args, **kwargs)

    setattr(target, name, spy)
    try:
        yield
    finally:
        setattr(target, name, real)


def _work(run_cli: RunCli, root: Path, name: str, content: str) -> tuple[int, int, int, int]:
    """(Python function calls, characters scanned for secrets, newline counts of a
    whole text, findings) of ``check --format json`` on one file."""
    root.mkdir()
    (root / name).write_text(content)
    scanned: list[int] = []
    newlines: list[int] = []
    prof = cProfile.Profile()
    with (
        _spy(secrets, "secret_spans", scanned, lambda t, *a, **k: len(t)),
        _spy(text, "newline_style", newlines, lambda t: 1),
    ):
        prof.enable()
        try:
            code, out, _ = run_cli(
                ["check", "--format", "json", "--no-cache", "--jobs", "1", "."], root
            )
        finally:
            prof.disable()
    assert code == 1
    prof.create_stats()
    calls = sum(row[1] for row in prof.stats.values())  # type: ignore[attr-defined]
    return calls, sum(scanned), len(newlines), len(json.loads(out))


@pytest.mark.parametrize(("name", "make"), [("run.sh", _script), ("docker-compose.yml", _compose)])
def test_work_is_linear_in_the_size(
    run_cli: RunCli, tmp_path: Path, name: str, make: Callable[[int], str]
) -> None:
    small = _work(run_cli, tmp_path / "small", name, make(20))
    big = _work(run_cli, tmp_path / "big", name, make(80))
    assert big[3] == 4 * small[3] > 0  # the same findings per service
    # four times the services: at most about four times the work (a fixed part aside)
    assert big[0] < 4.4 * small[0], (small, big)
    assert big[1] < 4.4 * small[1], (small, big)
    assert small[2] == big[2] == 1  # one file: its line endings are counted once


def test_project_answers_once_per_question(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reads that share what decides their links share one answer; the engine version
    is parsed once per link kind; a container's own env is merged once."""
    counts: Counter[str] = Counter()

    def counting(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            counts[name] += 1
            return real(*args, **kwargs)

        return wrapped

    monkeypatch.setattr(
        project_mod, "env_injected", counting("env_injected", project_mod.env_injected)
    )
    monkeypatch.setattr(
        project_mod.Project,
        "_links_seen_by",
        counting("links_seen_by", project_mod.Project._links_seen_by),
    )
    script = "docker run -d --name db postgres\n" + "".join(
        f"docker run -d --name web{i} --link db:db app\n"
        f'echo "$DB_PORT_5432_TCP_ADDR" "$DB_ENV_POSTGRES_USER"\n'
        for i in range(40)
    )
    (tmp_path / "run.sh").write_text(script)
    code, out, _ = run_cli(["check", "--format", "json", "--no-cache", "."], tmp_path)
    assert code == 1
    found = Counter(d["code"] for d in json.loads(out))
    assert found == {"DLK301": 40, "DLK501": 80}
    # 80 reads of two names in one file: two questions, one link kind
    assert counts == {"links_seen_by": 2, "env_injected": 1}


def test_a_network_create_index_is_built_once_per_text() -> None:
    shell_fix._created_names.cache_clear()
    script = "docker network create -d bridge a-net\n" + "x\n" * 1000 + "docker run b\n"
    point = script.rindex("docker run")
    for name in ("a-net", "b-net", "bridge", "a"):
        shell_fix._creates_network(script, point, name)
    assert shell_fix._created_names.cache_info().misses == 1
    assert shell_fix._creates_network(script, point, "a-net")
    assert not shell_fix._creates_network(script, point, "a")
    assert shell_fix._creates_network(script, point, "bridge")  # as the regex did
    assert not shell_fix._creates_network(script, 10, "a-net")  # after the point
    assert not shell_fix._creates_network(script, point, "create")
    # a name that is not one word is still looked for in the text before the point
    assert shell_fix._creates_network("docker network create $N\n", 25, "$N")


class _Spied(str):
    """A text that records how many characters each ``rfind`` looks at."""

    looked: list[int]

    def rfind(self, sub: str, start: Any = None, end: Any = None) -> int:  # type: ignore[override]
        got = super().rfind(sub, start, end)
        a, b = start or 0, len(self) if end is None else end
        self.looked.append(b - (got if got >= 0 else a))
        return got


def test_line_start_looks_back_one_line() -> None:
    t = _Spied("a: 1\n" * 10_000 + "b: 2\n" + "c: 3\rd: 4\n")
    t.looked = []
    assert line_start(t, t.index("b:") + 3) == t.index("b:")
    assert line_start(t, t.index("d:") + 1) == t.index("d:")  # an old Mac line end
    assert line_start(t, 2) == 0
    assert max(t.looked) <= 10, t.looked  # not the 50,000 characters before the line


def test_who_answers_on_a_network_is_indexed_once(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether a link-shaped setting points at a container on the consumer's network
    (DLK503) looks the host up in an index: the names a container answers to are
    gathered once per container, not once per container per question (a fuzzed
    Makefile of 1,000 runs took over 60 s)."""
    calls: Counter[str] = Counter()
    real = project_mod.Project._answers_to

    def answers_to(self: Any, container: Any) -> set[str]:
        calls["answers_to"] += 1
        return real(self, container)

    monkeypatch.setattr(project_mod.Project, "_answers_to", answers_to)
    script = "docker network create appnet\n" + "".join(
        f"docker run -d --name web{i} --network appnet -e DB_PORT_5432_TCP_ADDR=db app\n"
        for i in range(40)
    )
    script += "docker run -d --name db --network appnet postgres\n"
    (tmp_path / "run.sh").write_text(script)
    code, out, _ = run_cli(["check", "--format", "json", "--no-cache", "."], tmp_path)
    assert (code, json.loads(out)) == (0, [])  # each setting points at db on appnet
    assert 0 < calls["answers_to"] <= 41
