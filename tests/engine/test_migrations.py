"""The failure classes of real migrations, run on a real daemon before and after
``delink fix --unsafe-fixes`` (``fixtures/engine/migrations``):

* program order — the database is started, removed and started again (``order.sh``);
* consumer attribution by image identity — the consumer runs a tag of the image built
  here, and a Makefile runs the same image unlinked (``identity.sh``);
* values — a literal, a secret and a variable of the same script (``values.sh``; the
  fixed script stops unless the secret is in its environment, as it is here);
* the smallest set of values in the command's own layout — the consumer's own settings
  instead of the link vars it falls back on.

Every consumer prints the settings it ends up with and what the database answers at the
address it found; after the fix each one must print exactly the same. The fixed project
passes its own check (nothing above info), and a second fix changes nothing.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from delink.config import load_settings
from delink.diagnostics import Severity
from delink.fixer import run_fix
from delink.lint import Linter
from tests.conftest import RunCli
from tests.engine.conftest import Docker

ENGINE = Path(__file__).resolve().parents[2] / "fixtures" / "engine"
FIXTURE = ENGINE / "migrations"
SETUPS = {
    "order.sh": {},
    "identity.sh": {},
    "values.sh": {"POSTGRES_PASSWORD": "hunter2", "BOOKS_DB": "books"},
}


@pytest.fixture(scope="module")
def images(docker_version: str) -> Iterator[None]:
    """delink-e2e/db (the target) from the engine fixtures' build script; the scripts
    build delink-mig/app themselves, and it is removed afterwards."""
    subprocess.run(
        ["sh", str(ENGINE / "images" / "build.sh")], check=True, capture_output=True, timeout=300
    )
    yield
    subprocess.run(
        ["docker", "rmi", "-f", "delink-mig/app", "delink-mig/app:1.0"],
        capture_output=True,
        timeout=60,
    )


def _run(script: Path, prefix: str, env: dict[str, str]) -> dict[str, str]:
    proc = subprocess.run(
        ["sh", str(script)],
        env={"PATH": "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin", "PREFIX": prefix, **env},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr
    out: dict[str, str] = {}
    for line in proc.stdout.splitlines():
        key, sep, value = line.partition("=")
        if sep and key.isupper():
            out[key] = value
    return out


def test_each_consumer_reaches_the_same_target_with_the_same_values(
    docker: Docker,
    images: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    run_cli: RunCli,
) -> None:
    prefix = docker.prefix
    before = {name: _run(FIXTURE / name, prefix, env) for name, env in SETUPS.items()}
    assert before["order.sh"]["DB_REPLY"] == f"{prefix}-db"  # the second db, not the removed
    assert before["values.sh"] == {
        "DB_USER": "ledger",
        "BOOKS": "books",
        "PASSWORD": "hunter2",
        "DB_REPLY": f"{prefix}-db",
    }

    copy = tmp_path / "migrations"
    shutil.copytree(FIXTURE, copy)
    monkeypatch.chdir(copy)
    settings = load_settings(copy)
    outcome = run_fix(["."], settings, None, unsafe=True)
    assert outcome.errors == []
    assert sorted(outcome.changes) == sorted(SETUPS)
    for name in SETUPS:
        assert "--link" not in (copy / name).read_text(), name

    after = {name: _run(copy / name, prefix, env) for name, env in SETUPS.items()}
    assert after == before

    # the migrated project passes its own check, and a second fix changes nothing
    left = Linter(settings).lint(["."]).diagnostics
    assert [(d.path, d.code, d.message) for d in left if d.severity is not Severity.INFO] == []
    code, out, err = run_cli(["check", "--no-cache", "--quiet", "."], cwd=copy)
    assert (code, err) == (0, ""), out
    assert run_fix(["."], settings, None, unsafe=True).changes == {}


def test_the_fixed_scripts_read_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the engine test runs: the consumer's own settings in the command's layout,
    the second database moved, the secret by reference (no daemon needed)."""
    copy = tmp_path / "migrations"
    shutil.copytree(FIXTURE, copy)
    monkeypatch.chdir(copy)
    outcome = run_fix(["."], load_settings(copy), None, unsafe=True, write=False)
    order = outcome.changes["order.sh"].after
    assert order.endswith(
        'docker rm -f "$PREFIX-db" >/dev/null\n'
        'docker network inspect "$PREFIX-db-net" >/dev/null 2>&1 || '
        'docker network create "$PREFIX-db-net"\n'
        'docker run --network "$PREFIX-db-net" --network-alias db -d --name "$PREFIX-db" '
        '--hostname "$PREFIX-db" delink-e2e/db >/dev/null\n'
        "\n"
        'docker run --name "$PREFIX-app" \\\n'
        '  --network "$PREFIX-db-net" \\\n'
        "  -e DB_HOST=db \\\n"
        "  -e DB_USER=app \\\n"
        "  delink-mig/app\n"
    )
    values = outcome.changes["values.sh"].after
    assert values.endswith(
        'docker run --name "$PREFIX-app" --network "$PREFIX-db-net" '
        '-e DB_ENV_BOOKS="$BOOKS_DB" '
        '-e DB_ENV_POSTGRES_PASSWORD="${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD to the value}" '
        "-e DB_HOST=db -e DB_USER=ledger delink-mig/app\n"
    )
