"""The model against a real daemon, for the daemon's own version.

Each case starts a child (an image with ``EXPOSE``/``ENV`` plus ``--expose``/``-p``/``-e``)
and a detached parent with ``--link child:alias``, then checks, with the child IP,
hostname, ``Config.Env`` and ``ExposedPorts`` taken from ``docker inspect``:

1. the link vars the daemon computed (``process.env`` of the parent's OCI spec, which
   keeps the old algorithm's duplicates) equal :func:`link_env` as a multiset (skipped
   when the containerd bundle is not readable, e.g. without root);
2. the link vars the parent's PID 1 sees equal :func:`dedupe_env` of that (runc keeps
   the last value of each name);
3. the parent's ``/etc/hosts`` has :func:`hosts_line`.

Some cases are fixed (engine-lab, ranges, protocol quirks, env edge cases, aliases with
``-`` and ``.``), two are random from a seeded RNG.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from delink.model import (
    dedupe_env,
    dockerfile_expose,
    env_injected,
    env_prefix,
    hosts_line,
    link_env,
    link_kind,
    link_name,
    parse_expose,
    parse_publish,
)
from delink.model.kinds import NetworkKind

from .conftest import BASE_IMAGE, Docker


@dataclass(frozen=True)
class Case:
    id: str
    alias: str
    image_expose: list[str] = field(default_factory=list)  # EXPOSE arguments
    image_env: list[tuple[str, str]] = field(default_factory=list)
    expose: list[str] = field(default_factory=list)  # --expose values
    publish: list[str] = field(default_factory=list)  # -p values
    env: list[str] = field(default_factory=list)  # -e values

    def declared_ports(self) -> set[str]:
        ports = set(dockerfile_expose(" ".join(self.image_expose)))
        for value in self.expose:
            ports.update(parse_expose(value))
        for value in self.publish:
            ports.update(parse_publish(value))
        return ports


FIXED = [
    Case(
        "engine-lab",
        "webdb",
        image_expose=["5432", "8000-8002", "53/udp"],
        image_env=[("POSTGRES_PASSWORD", "secret"), ("HOME", "/root")],
        env=["EXTRA=1"],
    ),
    Case(
        "ranges",
        "cache",
        image_expose=["6379-6381", "80", "81"],
        expose=["7000-7003/udp", "9000-9001/sctp", "443"],
    ),
    Case(
        "quirk-cross-protocol-run",
        "docker",
        image_expose=["6300/udp", "6382/udp"],
        expose=["6379-6381/tcp"],
        env=["PASSWORD=gordon"],
    ),
    Case(
        "quirk-same-number",
        "x",
        image_expose=["80/tcp", "80/udp", "81/udp"],
        expose=["82/tcp", "90/tcp", "90/udp", "92/tcp"],
    ),
    Case(
        "env-edge-cases",
        "my-db",
        image_env=[("HOME", "/root"), ("IMG", "a=b"), ("EMPTY", "")],
        publish=["127.0.0.1::8080", "127.0.0.1::5353/udp"],
        env=["E1=", "E3=v3=v3", "DELINK_SURELY_UNSET_VAR", "HOME=/x", "SP=a b", "IMG=user"],
    ),
    Case("dotted-alias", "my.db", image_expose=["3306"], env=["A_B=1"]),
]


def random_case(seed: int) -> Case:
    rng = random.Random(seed)
    ports: list[str] = []
    for _ in range(rng.randint(1, 5)):
        start = rng.choice([rng.randint(1, 65000), rng.randint(79, 83), rng.randint(6370, 6385)])
        length = rng.choice([1, 1, 2, 3, 4])
        proto = rng.choice(["tcp", "tcp", "udp"])
        ports += [f"{n}/{proto}" for n in range(start, start + length)]
        if rng.random() < 0.3:
            ports.append(f"{start}/{'udp' if proto == 'tcp' else 'tcp'}")
    image_expose = [p for p in ports if rng.random() < 0.5]
    expose = [p for p in ports if p not in image_expose]
    letters = "abcdefghijklmnopqrstuvwxyz"
    alias = "".join(rng.choice(letters) for _ in range(rng.randint(1, 4)))
    alias += rng.choice(["", "-", "_", "."]) + "".join(rng.choice(letters) for _ in range(2))
    env: list[str] = []
    for _ in range(rng.randint(0, 4)):
        key = rng.choice(letters).upper() + "".join(rng.choice(letters + "_0") for _ in range(4))
        value = "".join(rng.choice(letters + "=: -/") for _ in range(rng.randint(0, 6)))
        env.append(f"{key}={value}")
    image_env = [(f"IMG_{i}", rng.choice(["x", "", "y z"])) for i in range(rng.randint(0, 2))]
    return Case(f"random-{seed}", "z" + alias, image_expose, image_env, expose, env=env)


CASES = [*FIXED, random_case(20240601), random_case(31337)]


# Where dockerd's containerd keeps a running container's OCI bundle (config.json).
BUNDLE_ROOTS = [
    Path("/run/docker/containerd/daemon/io.containerd.runtime.v2.task/moby"),
    Path("/run/containerd/io.containerd.runtime.v2.task/moby"),
]


def oci_env(container_id: str) -> list[str] | None:
    """``process.env`` of the container's OCI spec: the list the daemon computed, before
    runc drops duplicate names. None when the bundle is not readable here."""
    for root in BUNDLE_ROOTS:
        path = root / container_id / "config.json"
        try:
            spec = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        env = spec.get("process", {}).get("env")
        if isinstance(env, list):
            return [str(e) for e in env]
    return None


def link_vars(entries: list[str], prefix: str) -> Counter[str]:
    return Counter(e for e in entries if e.startswith(prefix + "_"))


def diff(engine: Counter[str], model: Counter[str]) -> str:
    return (
        f"only in the engine: {sorted((engine - model).elements())}\n"
        f"only in the model: {sorted((model - engine).elements())}"
    )


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_link_env_and_hosts_match_the_engine(docker: Docker, case: Case) -> None:
    if not env_injected(link_kind(NetworkKind.DEFAULT_BRIDGE), docker.version):
        pytest.skip(f"engine {docker.version} injects no link env vars by default")

    image = docker.build(case.image_expose, case.image_env)
    flags: list[str] = []
    for value in case.expose:
        flags += ["--expose", value]
    for value in case.publish:
        flags += ["-p", value]
    for value in case.env:
        flags += ["-e", value]
    docker.run("child", *flags, image=image)
    child = docker.name("child")

    exposed = json.loads(docker.inspect(child, "{{json .Config.ExposedPorts}}") or "null")
    assert set(exposed or {}) == case.declared_ports()
    child_env = json.loads(docker.inspect(child, "{{json .Config.Env}}"))
    child_ip = docker.inspect(child, "{{.NetworkSettings.Networks.bridge.IPAddress}}")
    hostname = docker.inspect(child, "{{.Config.Hostname}}")
    child_name = docker.inspect(child, "{{.Name}}")

    parent_id = docker.run("parent", "--link", f"{child}:{case.alias}", image=BASE_IMAGE)
    parent = docker.name("parent")
    prefix = env_prefix(case.alias)
    name = link_name(parent, case.alias)
    model = link_env(name, child_ip, list(exposed or {}), child_env, docker.version)
    # the model's port parsing agrees with the daemon's ExposedPorts
    assert link_env(name, child_ip, case.declared_ports(), child_env, docker.version) == model

    # 1. what the daemon computed (duplicates included), from the OCI spec
    raw = oci_env(parent_id)
    if raw is not None:
        engine_raw = link_vars(raw, prefix)
        assert engine_raw == Counter(model), diff(engine_raw, Counter(model))

    # 2. what the parent's PID 1 sees (runc keeps the last value of each name)
    pid1 = docker.cmd("exec", parent, "cat", "/proc/1/environ").split("\0")
    engine_seen = link_vars([e for e in pid1 if e], prefix)
    model_seen = Counter(dedupe_env(model))
    assert engine_seen == model_seen, diff(engine_seen, model_seen)

    # 3. the /etc/hosts line of the link
    hosts = docker.cmd("exec", parent, "cat", "/etc/hosts").splitlines()
    line = hosts_line(child_ip, case.alias, hostname, child_name)
    assert line in hosts, hosts
