"""Legacy shell fixtures and their ``delink fix`` output, run on a real daemon.

Each setup in ``fixtures/engine/`` starts target containers and a consumer linked to
them; the consumer prints the link variables it reads and what answers on the address
they give. After ``delink fix --unsafe-fixes`` the script uses a user-defined network and
explicit ``-e`` values. Every value the consumer reads must lead to the same target
container as before (the reply names the container), ports and copied env must be equal,
and no link may be left.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from delink.fixer import run_fix
from delink.lint import Linter
from delink.settings import Settings
from tests.engine.conftest import Docker

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "engine"


@pytest.fixture(scope="module")
def e2e_images(docker_version: str) -> None:
    """Build delink-e2e/db and delink-e2e/app with the fixture's own build script."""
    subprocess.run(
        ["sh", str(FIXTURES / "images" / "build.sh")], check=True, capture_output=True, timeout=300
    )


def _run(script: Path, prefix: str) -> dict[str, str]:
    proc = subprocess.run(
        ["sh", str(script)],
        env={"PATH": "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", "PREFIX": prefix},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr
    out: dict[str, str] = {}
    for line in proc.stdout.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            out[key] = value
    return out


def _migrated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "engine"
    shutil.copytree(FIXTURES, copy)
    monkeypatch.chdir(copy)
    outcome = run_fix(["."], Settings(root=copy), None, unsafe=True)
    assert not outcome.errors
    return copy


@pytest.mark.parametrize(
    ("setup", "replies"),
    [
        ("plain-alias", {"DB_REPLY": "db"}),
        ("two-links", {"DATABASE_REPLY": "db", "CACHE_REPLY": "cache"}),
    ],
)
def test_fixed_script_reaches_the_same_targets(
    setup: str,
    replies: dict[str, str],
    docker: Docker,
    e2e_images: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prefix = docker.prefix
    before = _run(FIXTURES / setup / "run.sh", prefix)
    for key, target in replies.items():
        assert before[key] == f"{prefix}-{target}", before

    copy = _migrated(tmp_path, monkeypatch)
    fixed = (copy / setup / "run.sh").read_text()
    assert [x for x in fixed.splitlines() if "--link" in x and not x.lstrip().startswith("#")] == []
    assert "docker network create" in fixed
    remaining = Linter(Settings(root=copy), ["DLK301", "DLK501"]).lint(["."]).diagnostics
    assert [d for d in remaining if d.path.startswith(setup)] == []

    after = _run(copy / setup / "run.sh", prefix)
    for key, target in replies.items():
        assert after[key] == f"{prefix}-{target}", after
    for key, value in before.items():
        if key.endswith(("_PORT", "_PROTO")) or "_ENV_" in key:
            assert after.get(key) == value, key
        elif key.endswith("_ADDR") and value:
            assert after.get(key), key  # an IP before, the alias (a hostname) after

    # a second fix changes nothing
    again = run_fix(["."], Settings(root=copy), None, unsafe=True)
    assert again.changes == {}
