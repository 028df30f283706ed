"""The docker SDK fixture on a real daemon, before and after ``delink fix``.

``fixtures/sdk-engine/stack.py`` starts a database and a cache (the ``db`` image of
``fixtures/engine/images``, which answers on 5432 with its host name) and an app (the
``app`` image, which prints the link variables it reads and which container answered on
each address) with ``client.containers.run(links={db.name: 'database', cache.name:
'cache'})``. The test copies it into a temporary project, pins the SDK, runs it with the
docker SDK from PyPI, fixes it with ``delink fix --unsafe-fixes`` and runs it again:

* docker 7.x: the targets get ``networking_config=`` aliases;
* docker 6.1.x: the targets are created with the low-level form.

Every value the app reads must reach the same target container (its ``*_REPLY`` lines),
ports and ``*_ENV_*`` values must be equal, and addresses become host names.

The SDKs are installed with ``pip install --target`` into a cache directory
(``$DELINK_SDK_CACHE``, default ``~/.cache/delink-tests/docker-sdk``) on first use and
reused afterwards; docker 7.x from the test extra is used directly when it is installed.
CI pre-installs both (see the lead's ``.ci/run``); without network access and without a
cache the tests skip (fail under ``CI``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from delink.model import LinkKind, env_injected

from .conftest import Docker

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "fixtures" / "sdk-engine"
IMAGES = ROOT / "fixtures" / "engine" / "images"
# (pin written to requirements.txt, what pip installs, the version it must import)
SDKS = {
    "7": ("docker>=7,<8", ("docker>=7,<8",), (7,)),
    # docker 6.1.x breaks with requests 2.32+ ("Not supported URL scheme http+docker")
    "6.1": ("docker>=6.1,<7", ("docker>=6.1,<7", "requests<2.32"), (6, 1)),
}


def _cache_dir() -> Path:
    env = os.environ.get("DELINK_SDK_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "delink-tests" / "docker-sdk"


def _version_in(site: Path | None) -> tuple[int, ...] | None:
    """The docker SDK version importable with ``site`` on the path (None: none)."""
    env = dict(os.environ)
    if site is not None:
        env["PYTHONPATH"] = str(site)
    proc = subprocess.run(
        [sys.executable, "-c", "import docker; print(docker.__version__)"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    if proc.returncode != 0:
        return None
    return tuple(int(p) for p in proc.stdout.strip().split(".")[:2] if p.isdigit())


def _skip_or_fail(message: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _install(key: str) -> Path | None:
    """A directory holding the SDK ``key`` (None: the interpreter's own has it)."""
    _, specs, want = SDKS[key]
    if key == "7":
        have = _version_in(None)
        if have is not None and have[: len(want)] == want:
            return None
    target = _cache_dir() / key
    if (target / ".complete").is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{key}-{uuid.uuid4().hex[:8]}"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-input",
            "--target",
            str(tmp),
            *specs,
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if proc.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        _skip_or_fail(
            f"cannot install {' '.join(specs)} for the SDK engine tests "
            f"({proc.stderr.strip()[-300:]}); pre-install it with: pip install --target "
            f"{target} " + " ".join(repr(x) for x in specs)
        )
    (tmp / ".complete").write_text(" ".join(specs) + "\n", encoding="utf-8")
    try:
        os.replace(tmp, target)
    except OSError:  # another session installed it meanwhile
        shutil.rmtree(tmp, ignore_errors=True)
    return target


@pytest.fixture(scope="session")
def sdk_sites(docker_version: str) -> Iterator[dict[str, Path | None]]:
    """The SDK of each version (installed on first use); at the end of the session the
    images the fixture script built are removed."""
    yield {key: _install(key) for key in SDKS}
    subprocess.run(
        ["docker", "rmi", "-f", "delink-sdk/db:test", "delink-sdk/app:test"],
        capture_output=True,
        check=False,
    )


def _project(tmp: Path, pin: str, network: str) -> Path:
    project = tmp / "project"
    shutil.copytree(FIXTURE, project)
    (project / "images").mkdir()
    for name in ("db", "app"):
        shutil.copytree(IMAGES / name, project / "images" / name)
    (project / "requirements.txt").write_text(f"{pin}\n", encoding="utf-8")
    (project / ".delink.toml").write_text(f'network = "{network}"\n', encoding="utf-8")
    return project


def _run(project: Path, site: Path | None, prefix: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PREFIX"] = prefix
    if site is not None:
        env["PYTHONPATH"] = str(site)
    else:
        env.pop("PYTHONPATH", None)
    proc = subprocess.run(
        [sys.executable, "stack.py"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, f"stack.py failed:\n{proc.stdout}\n{proc.stderr}"
    out: dict[str, str] = {}
    for line in proc.stdout.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            out[key] = value
    return out


def _fix(project: Path) -> str:
    from delink.config import load_settings
    from delink.fixer import run_fix

    old = os.getcwd()
    os.chdir(project)
    try:
        settings = load_settings(Path("."))
        outcome = run_fix(["."], settings, None, unsafe=True)
    finally:
        os.chdir(old)
    assert not outcome.errors, outcome.errors
    assert "stack.py" in {Path(p).name for p in outcome.changes}
    assert not [d for d in outcome.diagnostics if d.code == "DLK104"]
    return (project / "stack.py").read_text("utf-8")


@pytest.mark.parametrize("sdk", list(SDKS))
def test_sdk_links_before_and_after_fix(
    sdk: str, docker: Docker, sdk_sites: dict[str, Path | None], tmp_path: Path
) -> None:
    site = sdk_sites[sdk]
    spec = SDKS[sdk][0]
    network = docker.name("net")
    docker.networks.append(network)
    project = _project(tmp_path, spec, network)
    prefix = docker.prefix

    before = _run(project, site, prefix)
    docker.cleanup()

    fixed = _fix(project)
    assert "links={" not in fixed
    if sdk == "7":
        assert "networking_config={" in fixed and "create_container" not in fixed
    else:
        assert ".api.create_container(" in fixed and "create_networking_config(" in fixed
    # a second fix changes nothing
    from delink.config import load_settings
    from delink.fixer import run_fix

    old = os.getcwd()
    os.chdir(project)
    try:
        again = run_fix(["."], load_settings(Path(".")), None, unsafe=True, write=False)
    finally:
        os.chdir(old)
    assert again.changes == {}

    after = _run(project, site, prefix)

    # the targets answer on the addresses the app reads, after as before
    assert after["DATABASE_REPLY"] == f"{prefix}-db"
    assert after["CACHE_REPLY"] == f"{prefix}-cache"
    assert after["DATABASE_PORT_5432_TCP_ADDR"] == "database"
    assert after["CACHE_PORT_5432_TCP_ADDR"] == "cache"
    if env_injected(LinkKind.LEGACY, docker.version):
        assert before["DATABASE_REPLY"] == f"{prefix}-db"
        assert before["CACHE_REPLY"] == f"{prefix}-cache"
        for key, value in before.items():
            if key in ("DATABASE_PORT_5432_TCP_ADDR", "CACHE_PORT_5432_TCP_ADDR"):
                assert value, f"{key} was empty before the fix"
                continue  # an IP address before, the alias after
            assert after.get(key) == value, f"{key}: {value!r} before, {after.get(key)!r} after"
    else:  # Engine 29+: the link vars were empty before; only the after run can be checked
        assert after["DATABASE_PORT_5432_TCP_PORT"] == "5432"
