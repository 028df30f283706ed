"""Shared fixtures for tests that run against a real Docker daemon.

Every test in this directory is marked ``engine``. Start the daemon with
``sudo tests/engine/start-engine.sh`` (CI does it before pytest). Without a daemon the
tests are skipped, or fail when the ``CI`` environment variable is set.

The ``docker`` fixture gives each test a unique name prefix and removes every
container and network whose name starts with it when the test ends, pass or fail.
Images built with :meth:`Docker.build` are cached for the session (keyed by their
Dockerfile) and removed at its end.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

ENGINE_DIR = Path(__file__).resolve().parent
BASE_IMAGE = "bb:latest"
START_HINT = "start one with: sudo tests/engine/start-engine.sh"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if ENGINE_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.engine)


class DockerError(AssertionError):
    """A docker CLI command failed; the message carries its stderr."""


def _docker(
    *args: str, timeout: float = 120, check: bool = True
) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(["docker", *args], capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise DockerError(
            f"docker {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr.strip()}"
        )
    return proc


class ImageCache:
    """Images built ``FROM bb:latest`` during the session, keyed by Dockerfile text."""

    def __init__(self) -> None:
        self.tags: dict[str, str] = {}

    def build(self, dockerfile: str) -> str:
        if dockerfile in self.tags:
            return self.tags[dockerfile]
        digest = hashlib.sha256(dockerfile.encode("utf-8")).hexdigest()[:16]
        tag = f"delink-test/img-{digest}:latest"
        with tempfile.TemporaryDirectory(prefix="delink-build-") as ctx:
            Path(ctx, "Dockerfile").write_text(dockerfile, encoding="utf-8")
            _docker("build", "-q", "-t", tag, ctx, timeout=300)
        self.tags[dockerfile] = tag
        return tag

    def remove_all(self) -> None:
        if self.tags:
            _docker("rmi", "-f", *self.tags.values(), check=False)
        self.tags.clear()


class Docker:
    """The docker CLI for one test, with a unique name prefix and tracked cleanup."""

    def __init__(self, prefix: str, version: str, images: ImageCache) -> None:
        self.prefix = prefix
        self.version = version  # the daemon's version, e.g. "20.10.24+dfsg1"
        self.images = images
        self.containers: list[str] = []
        self.networks: list[str] = []

    def name(self, suffix: str) -> str:
        """A container or network name unique to this test."""
        return f"{self.prefix}-{suffix}"

    def cmd(self, *args: str, timeout: float = 120, check: bool = True) -> str:
        """Run ``docker <args>`` and return its stdout (DockerError on failure)."""
        return _docker(*args, timeout=timeout, check=check).stdout

    def run(
        self,
        suffix: str,
        *options: str,
        image: str = BASE_IMAGE,
        command: Iterable[str] = ("sleep", "600"),
        detach: bool = True,
        timeout: float = 120,
    ) -> str:
        """``docker run --name <prefix>-<suffix> <options> <image> <command>``.

        Detached (default): returns the container ID. Attached: returns its stdout.
        """
        name = self.name(suffix)
        self.containers.append(name)
        args = ["run", "--name", name, *(["-d"] if detach else []), *options, image, *command]
        return (
            self.cmd(*args, timeout=timeout).strip() if detach else self.cmd(*args, timeout=timeout)
        )

    def network(self, suffix: str, *options: str) -> str:
        """Create a user-defined network ``<prefix>-<suffix>`` and return its name."""
        name = self.name(suffix)
        self.networks.append(name)
        self.cmd("network", "create", *options, name)
        return name

    def inspect(self, name: str, template: str) -> str:
        return self.cmd("inspect", "--format", template, name).strip()

    def build(
        self,
        expose: Iterable[str] = (),
        env: Iterable[tuple[str, str]] = (),
        extra_lines: Iterable[str] = (),
    ) -> str:
        """An image ``FROM bb:latest`` with the given ``EXPOSE`` arguments and ``ENV``
        pairs (one ``ENV k=v`` line each, value double-quoted); returns its tag."""
        lines = [f"FROM {BASE_IMAGE}"]
        expose = list(expose)
        if expose:
            lines.append("EXPOSE " + " ".join(expose))
        for key, value in env:
            escaped = value.replace("\\", "\\\\").replace('"', '\\"')
            lines.append(f'ENV {key}="{escaped}"')
        lines += list(extra_lines)
        return self.images.build("\n".join(lines) + "\n")

    def cleanup(self) -> None:
        """Remove this test's containers and networks (also any not tracked by name)."""
        pattern = f"name=^/?{re.escape(self.prefix)}"
        listed = _docker("ps", "-aq", "--filter", pattern, check=False).stdout.split()
        targets = [*listed, *self.containers]
        if targets:
            _docker("rm", "-f", "-v", *targets, check=False)
        nets = _docker("network", "ls", "-q", "--filter", f"name={self.prefix}", check=False)
        targets = [*nets.stdout.split(), *self.networks]
        if targets:
            _docker("network", "rm", *targets, check=False)


@pytest.fixture(scope="session")
def docker_version() -> str:
    """The daemon's version; skips (or fails under CI) when no daemon answers."""
    reason = ""
    if shutil.which("docker") is None:
        reason = "the docker CLI is not installed"
    else:
        try:
            proc = _docker("version", "--format", "{{.Server.Version}}", timeout=20, check=False)
        except subprocess.TimeoutExpired:
            reason = "docker version timed out"
        else:
            if proc.returncode == 0 and proc.stdout.strip():
                if _docker("image", "inspect", BASE_IMAGE, check=False).returncode != 0:
                    reason = f"the image {BASE_IMAGE} is missing"
                else:
                    return proc.stdout.strip()
            else:
                reason = f"no Docker daemon answers ({proc.stderr.strip()[:200]})"
    message = f"engine tests need a Docker daemon: {reason}; {START_HINT}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def image_cache(docker_version: str) -> Iterator[ImageCache]:
    cache = ImageCache()
    yield cache
    cache.remove_all()


@pytest.fixture
def docker(
    docker_version: str, image_cache: ImageCache, request: pytest.FixtureRequest
) -> Iterator[Docker]:
    """A :class:`Docker` helper for this test; cleans up even when the test fails."""
    slug = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")[:24].strip("-")
    helper = Docker(f"dlk-{slug or 'test'}-{uuid.uuid4().hex[:6]}", docker_version, image_cache)
    try:
        yield helper
    finally:
        helper.cleanup()


@pytest.fixture
def explain_docker(docker_version: str, image_cache: ImageCache) -> Iterator[Docker]:
    """A :class:`Docker` helper whose names start with ``explain-`` (the tests of
    ``delink explain`` and ``delink inspect``); removes its containers, networks and the
    images named with its prefix, even when the test fails."""
    helper = Docker(f"explain-{uuid.uuid4().hex[:6]}", docker_version, image_cache)
    try:
        yield helper
    finally:
        helper.cleanup()
        images = helper.cmd("images", "-q", f"--filter=reference={helper.prefix}-*", check=False)
        if images.split():
            helper.cmd("rmi", "-f", *sorted(set(images.split())), check=False)
