"""``delink inspect`` on the real daemon: linked and unlinked containers, a ``--link`` on a
user-defined network (no legacy link: not listed), and a Compose 1.29 project grouped by
project and service. The env each listed container's process really has must be the
link env inspect computes. Everything is named ``explain-…`` and removed afterwards."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from delink.commands.inspect import audit, compose_groups, connect

from .conftest import Docker
from .test_compose_engine import COMPOSE_V1, ComposeRun

BASE = {"PATH", "HOSTNAME", "HOME"}


def _process_env(docker: Docker, name: str) -> dict[str, str]:
    raw = docker.cmd("exec", name, "cat", "/proc/1/environ")
    return dict(e.partition("=")[::2] for e in raw.split("\0") if "=" in e)


def test_inspect_lists_legacy_links(explain_docker: Docker, run_cli) -> None:
    docker = explain_docker
    docker.run("db", "--expose", "5432", "--expose", "53/udp", "-e", "PASSWORD=s3cret")
    docker.run("web", "--link", f"{docker.prefix}-db:db", "-e", "OWN=1")
    docker.run("solo")
    net = docker.network("net")
    docker.run("peer", "--network", net)
    docker.run("dns", "--network", net, "--link", f"{docker.prefix}-peer:p")
    client, url = connect(None)
    result = audit(client, url)
    mine = [c for c in result.containers if c.name.startswith(docker.prefix)]
    assert [c.name for c in mine] == [f"{docker.prefix}-web"]
    (web,) = mine
    assert [(x.target, x.alias) for x in web.links] == [(f"{docker.prefix}-db", "db")]
    assert web.network_mode == "default" and web.injected is True
    real = _process_env(docker, f"{docker.prefix}-web")
    assert web.env == {k: v for k, v in real.items() if k not in BASE | {"OWN"}}
    assert web.env["DB_ENV_PASSWORD"] == "s3cret"

    code, out, err = run_cli(["inspect", "--format", "json"])
    assert (code, err) == (0, "")
    assert "s3cret" not in out
    listed = [c for c in json.loads(out)["containers"] if c["name"].startswith(docker.prefix)]
    assert [(c["name"], c["network_mode"], c["links"][0]["alias"]) for c in listed] == [
        (f"{docker.prefix}-web", "default", "db")
    ]
    assert listed[0]["link_env"] == list(web.env)
    assert listed[0]["env"]["DB_ENV_PASSWORD"] == "****"


V1_FILE = """\
web:
  image: bb:latest
  command: sleep 600
  links:
    - db:database
db:
  image: bb:latest
  command: sleep 600
  expose:
    - "6379"
"""


@pytest.mark.skipif(shutil.which(COMPOSE_V1) is None, reason="Compose 1.29 is not installed")
def test_inspect_groups_compose_v1(explain_docker: Docker, tmp_path: Path) -> None:
    project = explain_docker.prefix.replace("-", "")
    (tmp_path / "docker-compose.yml").write_text(V1_FILE, encoding="utf-8")
    run = ComposeRun(COMPOSE_V1, project, tmp_path, "docker-compose.yml")
    try:
        run.up()
        client, url = connect(None)
        groups = compose_groups(audit(client, url))
        assert list(groups[project]) == ["web"]
        (web,) = groups[project]["web"]
        assert web.name == f"{project}_web_1"
        assert web.compose is not None and web.compose.version.startswith("1.")
        assert sorted(x.alias for x in web.links) == sorted(["database", "db_1", f"{project}_db_1"])
        real = _process_env(explain_docker, web.name)
        assert web.env == {k: v for k, v in real.items() if k not in BASE}
    finally:
        run.down()
