"""``delink inspect`` on the real daemon: linked and unlinked containers, a ``--link`` on a
user-defined network (no legacy link: not listed). The env each listed container's
process really has must be the link env inspect computes. A Compose 1.29 project grouped
by project and service is checked in ``test_explain_engine.py`` (one project for both
commands). The README's sample of ``delink inspect`` is checked against a run of the same
containers. Everything is named ``explain-…`` and removed afterwards."""

from __future__ import annotations

import json
import re
from pathlib import Path

from delink.commands.inspect import audit, connect

from .conftest import Docker, ImageCache

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


README = Path(__file__).resolve().parents[2] / "README.md"
_SAMPLE = re.compile(r"```\n\$ delink inspect\n(.*?)```", re.S)


def _normal(block: str, ip: str, web_id: str, db_host: str) -> str:
    return block.replace(ip, "<ip>").replace(web_id, "<id>").replace(db_host, "<hostname>")


def test_readme_inspect_sample_is_real_output(
    docker_version: str, image_cache: ImageCache, run_cli
) -> None:
    """The README's ``delink inspect`` sample, rerun: the same two containers give the
    same block, but for the address, ID and host name the daemon assigns."""
    (sample,) = _SAMPLE.findall(README.read_text(encoding="utf-8"))
    head, _, block = sample.partition("\n\n")
    docker = Docker("explain-readme", docker_version, image_cache)
    docker.cleanup()
    try:
        db_id = docker.run("db", "--expose", "5432", "-e", "POSTGRES_PASSWORD=s3cret")
        web_id = docker.run("web", "--link", "explain-readme-db:db")
        ip = docker.inspect("explain-readme-db", "{{.NetworkSettings.IPAddress}}")
        code, out, err = run_cli(["inspect"])
    finally:
        docker.cleanup()
    assert (code, err) == (0, "")
    real_head, _, rest = out.partition("\n\n")
    (real,) = [b for b in rest.split("\n\n") if b.startswith("explain-readme-web  ")]
    # the sample's own address, ID and host name
    was = [
        re.search(r, block) for r in (r"as db  running  (\S+)\n", r" id (\w+)\n", r"  db (\w+) ")
    ]
    assert all(was)
    assert _normal(real.rstrip("\n"), ip, web_id[:12], db_id[:12]) == _normal(
        block.rstrip("\n"), *(m.group(1) for m in was if m)
    )
    # the header: the daemon, its algorithm, the counts (which depend on the daemon)
    first, second, third = head.splitlines()
    real_first, real_second, real_third = real_head.splitlines()
    assert first == real_first and second == real_second
    assert re.fullmatch(r"\d+ containers? with legacy links, \d+ without", real_third)
    assert re.fullmatch(r"1 container with legacy links, \d+ without", third)
