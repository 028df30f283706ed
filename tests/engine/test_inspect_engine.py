"""``delink inspect`` on the real daemon: linked and unlinked containers, a ``--link`` on a
user-defined network (no legacy link: not listed). The env each listed container's
process really has must be the link env inspect computes. A Compose 1.29 project grouped
by project and service is checked in ``test_explain_engine.py`` (one project for both
commands). Everything is named ``explain-…`` and removed afterwards."""

from __future__ import annotations

import json

from delink.commands.inspect import audit, connect

from .conftest import Docker

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
