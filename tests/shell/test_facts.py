"""Other facts: hostnames, networks, builds, removals, network connect, statements,
problems, and the syntax handles of the fix writer."""

from __future__ import annotations

import os

from delink.diagnostics import Span
from delink.model import LinkKind
from delink.sources.shell.syntax import CommandSyntax, LinkSyntax

from .helpers import at, extract


def test_hostnames() -> None:
    text = (
        "pg_isready -h db -p 5432\n"
        "psql --host=pg -U x\n"
        "mysql -hmydb -u root\n"
        "redis-cli -h cache ping\n"
        "nc -z -w 2 queue 5672\n"
        "wait-for-it.sh search:9200 -- echo ok\n"
        "curl http://api:8080/health\n"
        "DB_HOST=${DB_HOST:-database}\n"
        "# curl http://commented:1/\n"
        "echo $DB_HOST\n"
    )
    f = extract(text)
    assert [(h.host, at(text, h.span)) for h in f.hostnames] == [
        ("db", "db"),
        ("pg", "pg"),
        ("mydb", "mydb"),
        ("cache", "cache"),
        ("queue", "queue"),
        ("search", "search"),
        ("api", "api"),
        ("database", "database"),
    ]
    assert all(h.container_key is None for h in f.hostnames)


def test_hostnames_in_a_container() -> None:
    text = (
        "docker run --link db:db -e DB_HOST=db img sh -c 'until pg_isready -h db; do sleep "
        "1; done'\n"
        "docker run --link cache:redis img redis-cli -h redis ping\n"
    )
    f = extract(text)
    a, b = f.containers
    assert [(h.host, h.container_key) for h in f.hostnames] == [
        ("db", a.key),
        ("db", a.key),
        ("redis", b.key),
    ]


def test_network_create_build_and_removal() -> None:
    text = (
        "docker network create --driver bridge appnet\n"
        "docker build -t myapp:1 -f Dockerfile.web ./web\n"
        "docker rm -f --link /web/db\n"
        "docker rm web\n"
    )
    f = extract(text, path=os.path.join("bin", "up.sh"))
    assert [n.name for n in f.networks] == ["appnet"]
    assert [(i.tag, i.context) for i in f.images] == [("myapp:1", os.path.join("bin", "web"))]
    (rm,) = f.removals
    assert rm.value.literal == "/web/db"
    assert at(text, rm.span) == "docker rm -f --link /web/db"


def test_network_connect_links() -> None:
    text = (
        "docker run -d --name web img\n"
        "docker network connect --alias w --link db:database appnet web\n"
    )
    f = extract(text)
    (link,) = f.links
    assert at(text, link.span) == "--link db:database"
    assert link.origin == "network connect --link"
    assert link.kind is LinkKind.ENDPOINT
    assert link.network is not None and link.network.literal == "appnet"
    web = f.containers[0]
    assert link.consumer is web
    assert [v.literal for v in web.networks] == ["appnet"]
    assert [v.literal for v in web.network_aliases] == ["w"]


def test_network_connect_on_bridge_is_a_noop() -> None:
    (link,) = extract("docker network connect --link db:database bridge web\n").links
    assert link.kind is LinkKind.NOOP
    assert link.consumer is None


def test_statements() -> None:
    text = "# head\nA=1\nif x; then\n  docker run img\nfi\nfoo() { :; }\n"
    f = extract(text)
    assert [text[s.start : s.end] for s in f.statements] == [
        "A=1",
        "if x; then\n  docker run img\nfi",
        "foo() { :; }",
    ]


def _span(start: int, end: int) -> Span:
    return Span("run.sh", start, end)


def test_problems_never_silent() -> None:
    text = "echo ok\ndocker run --link 'a:b img\n"
    f = extract(text)
    (p,) = f.problems
    assert p.code == "DLK101"
    assert p.severity.value == "info"
    assert "links in it may be missed" in p.message
    assert at(text, p.span).startswith("docker run")


def test_command_syntax_handles() -> None:
    text = (
        "start() {\n"
        "    CID=$(sudo docker run \\\n"
        "        --network bridge \\\n"
        "        --link db:db \\\n"
        "        img)\n"
        "}\n"
    )
    f = extract(text)
    c = f.containers[0]
    syn = c.syntax
    assert isinstance(syn, CommandSyntax)
    assert syn.docker_prefix == "sudo docker"
    assert text[: syn.subcommand_end].endswith("sudo docker run")
    assert syn.continuation and syn.verbatim and not syn.nested
    site = syn.statement
    assert text[site.start :].startswith("CID=$(sudo")
    assert text[site.line_start : site.start] == "    " == site.margin
    assert site.own_line and site.lines_ok
    (net,) = syn.networks
    assert at(text, _span(net.start, net.end)) == "--network bridge"
    assert net.value == "bridge"
    ls = c.links[0].syntax
    assert isinstance(ls, LinkSyntax)
    assert text[ls.remove_start : ls.remove_end] == " \\\n        --link db:db"


def test_docker_prefix_keeps_the_script_spelling() -> None:
    text = '"$DOCKER" -H tcp://x:2375 run --link a:b img\n'
    syn = extract(text).containers[0].syntax
    assert isinstance(syn, CommandSyntax)
    assert syn.docker_prefix == '"$DOCKER" -H tcp://x:2375'


def test_nested_command_syntax() -> None:
    text = 'L="--link a:a"\nvagrant ssh -c "docker run --rm $L img"\n'
    f = extract(text)
    syn = f.containers[0].syntax
    assert isinstance(syn, CommandSyntax)
    assert syn.nested and syn.quoting == '"'
    assert f.links[0].via is not None and at(text, f.links[0].via) == "$L"
