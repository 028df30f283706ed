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
from delink.sources.python.sdk.links import add_links
from delink.sources.python.syntax import PyCall

if TYPE_CHECKING:
    from delink.sources.python.sdk.context import SdkContext

__all__ = ["HANDLERS"]


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
    "remove-api": removal,
    "container-remove": removal,
    "network-create": network_decl,
    "image-build": image_build,
}
