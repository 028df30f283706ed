"""``docker network connect --link`` (a link scoped to a user-defined network) and
``docker network create``."""

from __future__ import annotations

from delink.facts import Container, NetworkDecl, Value
from delink.model import classify_network, network_connect_link_kind
from delink.sources.shell import dockercli
from delink.sources.shell.command import DockerCall
from delink.sources.shell.docker.links import read_link
from delink.sources.shell.flow import Flow


def connect(call: DockerCall) -> None:
    ex, cmd = call.ex, call.cmd
    p = dockercli.parse_flags(cmd.words, call.after, dockercli.CONNECT, interspersed=True)
    if len(p.args) < 2:
        return
    net_w, ctr_w = p.args[0], p.args[1]
    net = ex.value(net_w)
    kind = network_connect_link_kind(classify_network(net_text(net)))
    consumer = _container_named(ex.facts.containers, ctr_w.literal)
    if consumer is not None:
        consumer.networks.append(net)
        for o in p.get("alias"):
            if o.value is not None:
                consumer.network_aliases.append(ex.value(o.value))
    for o in p.get("link"):
        link = read_link(ex, cmd, o, consumer, kind, "network connect --link", Flow())
        if link is not None:
            link.network = net
            ex.facts.links.append(link)


def create(call: DockerCall) -> None:
    ex = call.ex
    p = dockercli.parse_flags(call.words, call.after, dockercli.NETCREATE, interspersed=True)
    if p.args:
        w = p.args[0]
        span = ex.span(w.start, w.end)
        ex.facts.networks.append(NetworkDecl(w.literal or w.display, span, call.cmd.order))


def net_text(v: Value) -> str:
    """A network value as :func:`~delink.model.classify_network` reads it."""
    return (
        v.literal if v.literal is not None else (v.display if "$" in v.display else "$" + v.display)
    )


def _container_named(containers: list[Container], name: str | None) -> Container | None:
    if not name:
        return None
    for c in reversed(containers):
        if (
            c.name is not None
            and c.name.literal is not None
            and c.name.literal.lstrip("/") == name.lstrip("/")
        ):
            return c
    return None
