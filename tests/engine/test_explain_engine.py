"""``delink explain`` against a real engine: random setups written as scripts.

Each seed writes a small project: Dockerfiles for one or two targets (random ``EXPOSE``
and ``ENV`` lines) and a ``setup.sh`` that builds them and starts the targets (random
``--expose``, ``-p``, ``-e``, ``--hostname``) and one or two consumers linked to them
(random aliases, a link without an alias, a consumer that sets a link var itself).
The script runs on the daemon; for every consumer, the env its process really has
(``/proc/1/environ``) and its ``/etc/hosts`` link lines must equal what ``explain``
computes for the daemon's version, with each ``<ip of NAME>`` / ``<hostname of NAME>``
replaced by the target's real address and host name. A Compose 1.29 project (v1 file:
``DB_``, ``DB_1_`` and ``<project>_DB_1_`` prefixes) is checked the same way, and with it
``delink inspect``'s grouping by project and service.

Containers, networks and images are named ``explain-…`` and removed even when a test
fails. Secrets are compared here (the data carries real values); only the output masks.
"""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest

from delink.commands.explain import Consumer, explain
from delink.commands.inspect import audit, compose_groups, connect
from delink.lint import Linter
from delink.settings import Settings

from .conftest import Docker
from .test_compose_engine import COMPOSE_V1, ComposeRun

SEEDS = (7, 19, 42)
PORTS = ("5432", "8000-8002", "53/udp", "6379", "80", "81", "161/udp", "9000/sctp", "8080")
ENV = (("POSTGRES_PASSWORD", "s3cret"), ("EXTRA", "a=b"), ("EMPTY", ""), ("HOME", "/srv"))
ALIASES = ("db", "web-db", "cache1", None)


def _script(rng: random.Random, prefix: str, root: Path) -> list[str]:
    """Write the project for one seed; return the consumers' container names."""
    lines = ["#!/bin/sh", "set -e"]
    targets = []
    for i in range(1, rng.randint(1, 2) + 1):
        ctx = root / f"t{i}"
        ctx.mkdir()
        docker_lines = ["FROM bb:latest"]
        expose = rng.sample(PORTS, rng.randint(0, 3))
        if expose:
            docker_lines.append("EXPOSE " + " ".join(expose))
        for key, value in rng.sample(ENV, rng.randint(0, 3)):
            docker_lines.append(f'ENV {key}="{value}"')
        (ctx / "Dockerfile").write_text("\n".join(docker_lines) + "\n", encoding="utf-8")
        image = f"{prefix}-img{i}"
        name = f"{prefix}-t{i}"
        lines.append(f"docker build -q -t {image} t{i} >/dev/null")
        opts = []
        if rng.random() < 0.5:
            opts.append(f"--expose {rng.choice(('7000', '7100-7102', '7200/udp'))}")
        if rng.random() < 0.4:
            opts.append(f"-p {rng.choice(('7300', '7400/udp'))}")
        if rng.random() < 0.5:
            opts.append(f"-e MODE={rng.choice(('x', 'y=z', ''))}")
        if rng.random() < 0.4:
            opts.append(f"--hostname h{i}")
        lines.append(f"docker run -d --name {name} {' '.join(opts)} {image} sleep 600 >/dev/null")
        targets.append(name)
    consumers = []
    for j in range(1, rng.randint(1, 2) + 1):
        name = f"{prefix}-c{j}"
        opts = []
        used: set[str] = set()
        for target in rng.sample(targets, rng.randint(1, len(targets))):
            alias = rng.choice([a for a in ALIASES if a not in used])
            if alias is None:
                opts.append(f"--link {target}")
            else:
                used.add(alias)
                opts.append(f"--link {target}:{alias}")
        if rng.random() < 0.4 and "db" in used:
            opts.append("-e DB_NAME=mine")
        lines.append(f"docker run -d --name {name} {' '.join(opts)} bb:latest sleep 600 >/dev/null")
        consumers.append(name)
    (root / "setup.sh").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return consumers


def _project_consumers(root: Path, engine: str) -> dict[str, Consumer]:
    settings = Settings(root=root, engine=engine)
    result = Linter(settings, []).lint([str(root)])
    return {c.container_name or c.name: c for c in explain(result.project)}


def _real_env(docker: Docker, name: str) -> dict[str, str]:
    raw = docker.cmd("exec", name, "cat", "/proc/1/environ")
    out: dict[str, str] = {}
    for entry in raw.split("\0"):
        key, sep, value = entry.partition("=")
        if sep:
            out[key] = value
    return out


def _placeholders(
    docker: Docker, c: Consumer, containers: dict[str, str] | None = None
) -> dict[str, str]:
    """``<ip of NAME>`` and ``<hostname of NAME>`` of every target, from the engine
    (``containers``: the container behind a Compose service NAME)."""
    out = {}
    for link in c.links:
        name = link.target_name
        real = (containers or {}).get(name, name)
        out[f"<ip of {name}>"] = docker.inspect(real, "{{.NetworkSettings.IPAddress}}")
        out[f"<hostname of {name}>"] = docker.inspect(real, "{{.Config.Hostname}}")
    return out


def _fill(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace(key, value)
    return text


def _check(docker: Docker, c: Consumer, own: set[str], container: str) -> None:
    values = _placeholders(docker, c)
    expected = {k: _fill(v, values) for k, v in c.env.items()}
    real = _real_env(docker, container)
    link_vars = {k: v for k, v in real.items() if k not in {"PATH", "HOSTNAME", "HOME", *own}}
    assert link_vars == expected
    assert sorted(c.overridden) == sorted(own)
    hosts = docker.cmd("exec", container, "cat", "/etc/hosts")
    addresses = {v for k, v in values.items() if k.startswith("<ip of ")}
    real_lines = sorted(
        (parts[0], parts[1:])
        for parts in (line.split() for line in hosts.splitlines())
        if parts and parts[0] in addresses
    )
    want = sorted((_fill(h.address, values), [_fill(n, values) for n in h.names]) for h in c.hosts)
    assert real_lines == want


@pytest.mark.parametrize("seed", SEEDS)
def test_explain_matches_the_engine(explain_docker: Docker, tmp_path: Path, seed: int) -> None:
    docker = explain_docker
    rng = random.Random(seed)
    consumers = _script(rng, docker.prefix, tmp_path)
    proc = subprocess.run(
        ["sh", "setup.sh"], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    explained = _project_consumers(tmp_path, docker.version)
    assert sorted(explained) == sorted(consumers)
    script = (tmp_path / "setup.sh").read_text(encoding="utf-8")
    for name in consumers:
        line = next(x for x in script.splitlines() if f"--name {name} " in x)
        own = {"DB_NAME"} if "-e DB_NAME=mine" in line else set()
        _check(docker, explained[name], own, name)


V1_FILE = """\
web:
  image: bb:latest
  command: sleep 600
  links:
    - db
    - db:database
  environment:
    - OWN=1
db:
  image: bb:latest
  command: sleep 600
  expose:
    - "5432"
    - "8000-8002"
  environment:
    POSTGRES_PASSWORD: s3cret
    EXTRA: a=b
"""


@pytest.mark.skipif(shutil.which(COMPOSE_V1) is None, reason="Compose 1.29 is not installed")
def test_compose_v1_explain_and_inspect(explain_docker: Docker, tmp_path: Path) -> None:
    """One Compose 1.29 project (it takes half a minute to bring up and down) checks both:
    ``explain``'s env of the v1 consumer, and ``inspect``'s grouping and env."""
    docker = explain_docker
    project = docker.prefix.replace("-", "")
    (tmp_path / "docker-compose.yml").write_text(V1_FILE, encoding="utf-8")
    (tmp_path / ".env").write_text(f"COMPOSE_PROJECT_NAME={project}\n", encoding="utf-8")
    run = ComposeRun(COMPOSE_V1, project, tmp_path, "docker-compose.yml")
    try:
        run.up()
        name = f"{project}_web_1"
        real = _real_env(docker, name)
        link_vars = {k: v for k, v in real.items() if k not in {"PATH", "HOSTNAME", "HOME", "OWN"}}
        # explain: the prefixes of every Compose v1 link name, values from the project
        web = _project_consumers(tmp_path, docker.version)[name]
        prefixes = {k.split("_PORT", 1)[0] for k in web.env if "_PORT" in k}
        assert prefixes == {"DB", "DATABASE", "DB_1", f"{project.upper()}_DB_1"}
        values = _placeholders(docker, web, {"db": f"{project}_db_1"})
        assert {k: _fill(v, values) for k, v in web.env.items()} == link_vars
        # inspect: grouped by project and service, values from the daemon
        client, url = connect(None)
        groups = compose_groups(audit(client, url))
        assert list(groups[project]) == ["web"]
        (live,) = groups[project]["web"]
        assert live.name == name
        assert live.compose is not None and live.compose.version.startswith("1.")
        assert sorted(x.alias for x in live.links) == sorted(
            ["db", "database", "db_1", f"{project}_db_1"]
        )
        assert live.env == link_vars
    finally:
        run.down()
