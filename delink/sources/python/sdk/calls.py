"""One handler per SDK call kind that takes links, removes them or declares something
links need (networks, images). Each reads the call's arguments (keywords, ``**params``
entries, positionals) through :meth:`SdkContext.args`."""

from __future__ import annotations

import ast
import os
from typing import TYPE_CHECKING

from delink.facts import ImageBuild, LinkRemoval, NetworkDecl, Value
from delink.model import (
    LinkKind,
    NetworkKind,
    classify_network,
    link_kind,
    network_connect_link_kind,
)
from delink.sources.python.reads import is_test_path
from delink.sources.python.sdk.links import add_links
from delink.sources.python.syntax import Arg, PyCall, PyLink

if TYPE_CHECKING:
    from delink.sources.python.sdk.context import SdkContext

__all__ = ["HANDLERS", "docker_kwargs"]


def _kind_for_network(net: Value | None) -> LinkKind:
    if net is None:
        return LinkKind.LEGACY
    if net.literal is None:
        return LinkKind.UNKNOWN
    nk = classify_network(net.literal)
    if nk is NetworkKind.USER_DEFINED:
        return LinkKind.IGNORED  # docker-py sends HostConfig.Links only: ignored there
    return link_kind(nk)


def _network_mode(ctx: SdkContext, call: ast.Call) -> Value | None:
    nm = ctx.args(call).args.get("network_mode")
    return ctx.value(nm.value) if nm is not None else None


def container_links(ctx: SdkContext, call: ast.Call) -> None:
    """``client.containers.run/create(…, links=…)``."""
    c = ctx.containers.get(id(call))
    if c is None or not isinstance(c.syntax, PyCall):
        return
    for arg in ctx.args(call).every("links"):
        add_links(ctx, arg, call, c, _kind_for_network(c.network), "links=")


def host_config_links(ctx: SdkContext, call: ast.Call) -> None:
    """``create_host_config(links=…)`` / ``HostConfig(version, links=…)``."""
    kind = _kind_for_network(_network_mode(ctx, call))
    for arg in ctx.args(call).every("links"):
        add_links(ctx, arg, call, ctx.host_configs.get(id(call)), kind, "links=")


def start_links(ctx: SdkContext, call: ast.Call) -> None:
    """The pre-2.0 ``start(container, links=…)``."""
    args = ctx.args(call).args
    arg = args.get("links")
    if arg is None:
        return
    target = args.get("container")
    consumer = ctx.container_of(target.value) if target is not None else None
    kind = _kind_for_network(_network_mode(ctx, call))
    add_links(ctx, arg, call, consumer, kind, "start links=")


def wrapper_links(ctx: SdkContext, call: ast.Call) -> None:
    """``start_docker_container(…, links=…)``: a helper of the project that hands the
    links to docker; no container fact (the helper's arguments are its own)."""
    for arg in ctx.args(call).every("links"):
        add_links(ctx, arg, call, None, LinkKind.LEGACY, "wrapper links=")


# keyword arguments of docker-py's host config (and the pre-2.0 ``start``) besides links
_HOST_KEYS = frozenset(
    {
        "binds",
        "port_bindings",
        "volumes_from",
        "lxc_conf",
        "publish_all_ports",
        "network_mode",
        "privileged",
        "dns",
        "dns_search",
        "restart_policy",
        "cap_add",
        "cap_drop",
        "extra_hosts",
        "devices",
    }
)


# ...and those a Compose service (a dict in Python too) never has
_API_ONLY_KEYS = frozenset(
    {"binds", "port_bindings", "lxc_conf", "publish_all_ports", "restart_policy"}
)


# keys and keywords of option specs and docs (``links=dict(type='list')``,
# ``'links': {'path': 'HostConfig:Links', 'default': …}``): a description, not a value
_SPEC_WORDS = frozenset(
    {"type", "default", "help", "required", "description", "doc", "path", "choices", "elements"}
)


def _links_value(node: ast.expr) -> bool:
    """Could ``node`` be the links themselves (not a description or an option spec)?"""
    if isinstance(node, ast.Constant):
        return False
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict":
        return not any(kw.arg in _SPEC_WORDS for kw in node.keywords)
    if isinstance(node, ast.Dict):
        return not any(isinstance(k, ast.Constant) and k.value in _SPEC_WORDS for k in node.keys)
    return True


def docker_kwargs(ctx: SdkContext) -> None:
    """A dict of docker host-config keyword arguments with links that no SDK call of the
    file takes (``dict(container=c, links=…, binds=…, port_bindings=…)`` built for a
    ``client.start(**kw)`` in another module): ``links`` beside at least two other host
    config keys, one of them a key no Compose service has (``binds``, ``port_bindings``…),
    is docker's, whatever the file imports."""
    if "links" not in ctx.pos.text or is_test_path(ctx.path):
        return  # in a test module such a dict is the expected kwargs of a call
    taken = {id(x.syntax.arg.holder) for x in ctx.facts.links if isinstance(x.syntax, PyLink)}
    for node in ctx.r.a.nodes:
        if id(node) in taken:
            continue
        entries: dict[str, tuple[ast.AST, ast.expr]] = {}
        if isinstance(node, ast.Dict):
            for k, v in zip(node.keys, node.values, strict=False):
                if isinstance(k, ast.Constant) and isinstance(k.value, str):
                    entries[k.value] = (k, v)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id != "dict":
                continue
            entries = {kw.arg: (kw, kw.value) for kw in node.keywords if kw.arg is not None}
        else:
            continue
        keys = _HOST_KEYS.intersection(entries)
        if "links" not in entries or len(keys) < 2 or not _API_ONLY_KEYS & keys:
            continue
        first, value = entries["links"]
        if not _links_value(value):
            continue
        start, end = ctx.pos.start(first), ctx.pos.end(value)
        arg = Arg("links", value, start, end, node, isinstance(node, ast.Dict), writable=False)
        call = node if isinstance(node, ast.Call) else None
        add_links(ctx, arg, call, None, LinkKind.LEGACY, "kwargs links=")


def endpoint_links(ctx: SdkContext, call: ast.Call) -> None:
    """``create_endpoint_config(links=…)`` / ``EndpointConfig(version, links=…)``."""
    arg = ctx.args(call).args.get("links")
    if arg is None:
        return
    owner, key = ctx.endpoint_owner.get(id(call), (None, None))
    if key is None:
        parent = ctx.r.parent(call)
        if isinstance(parent, ast.Dict):
            key = next(
                (k for k, v in zip(parent.keys, parent.values, strict=False) if v is call), None
            )
    net = ctx.value(key) if key is not None else None
    add_links(ctx, arg, call, owner, _endpoint_kind(net), "endpoint links=", network=net)


def _endpoint_kind(net: Value | None) -> LinkKind:
    if net is not None and net.literal is not None:
        return network_connect_link_kind(classify_network(net.literal))
    return LinkKind.ENDPOINT


def connect_links(ctx: SdkContext, call: ast.Call) -> None:
    """``connect_container_to_network(c, net, links=…)`` / ``Network.connect(c, links=…)``."""
    args = ctx.args(call).args
    arg = args.get("links")
    if arg is None:
        return
    container = args.get("container")
    net_node: ast.expr | None = None
    if "net_id" in args:
        net_node = args["net_id"].value
    elif isinstance(call.func, ast.Attribute):
        k = ctx.r.kind(call.func.value)
        if k.tag == "network" and isinstance(k.node, ast.Call):
            names = next((kw.value for kw in k.node.keywords if kw.arg == "names"), None)
            if k.node.args:
                net_node = k.node.args[0]  # networks.get('appnet')
            elif isinstance(names, (ast.List, ast.Tuple)) and len(names.elts) == 1:
                net_node = names.elts[0]  # networks.list(names=['appnet'])[0]
    net = ctx.value(net_node) if net_node is not None else None
    consumer = ctx.container_of(container.value) if container is not None else None
    add_links(ctx, arg, call, consumer, _endpoint_kind(net), "connect links=", network=net)


def removal(ctx: SdkContext, call: ast.Call) -> None:
    """``remove_container(c, link=True)`` / ``Container.remove(link=True)``."""
    args = ctx.args(call).args
    target: ast.expr | None = args["container"].value if "container" in args else None
    if target is None and isinstance(call.func, ast.Attribute):
        target = call.func.value  # Container.remove(link=True)
    value = ctx.value(target) if target is not None else Value("", ctx.span(call), None, "")
    ctx.facts.removals.append(LinkRemoval(ctx.span(call), value, origin="link=True"))


def image_build(ctx: SdkContext, call: ast.Call) -> None:
    """``client.images.build(path=…, tag=…)`` / ``api.build(path=…, tag=…)``."""
    args = ctx.args(call).args
    if "path" not in args or "tag" not in args:
        return
    context_dir = ctx.r.string(args["path"].value)
    tag = ctx.r.string(args["tag"].value)
    if not context_dir or not tag or "://" in context_dir:
        return
    context = os.path.normpath(os.path.join(os.path.dirname(ctx.path), context_dir))
    ctx.facts.images.append(ImageBuild(tag, context, ctx.span(call)))


def network_decl(ctx: SdkContext, call: ast.Call) -> None:
    """``client.networks.create(name)`` / ``api.create_network(name)``."""
    arg = ctx.args(call).args.get("name")
    name = ctx.r.string(arg.value) if arg is not None else None
    if name:
        ctx.facts.networks.append(NetworkDecl(name, ctx.span(call)))


HANDLERS = {
    "run": container_links,
    "create": container_links,
    "host-config": host_config_links,
    "endpoint-config": endpoint_links,
    "connect-api": connect_links,
    "network-connect": connect_links,
    "start": start_links,
    "wrapper": wrapper_links,
    "remove-api": removal,
    "container-remove": removal,
    "network-create": network_decl,
    "image-build": image_build,
}
