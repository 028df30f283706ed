"""Calls that create containers: ``containers.run/create``, ``create_container`` (with
its host config), and host configs with links that no ``create_container`` here uses."""

from __future__ import annotations

import ast
from collections.abc import Sequence
from typing import TYPE_CHECKING

from delink.facts import Container, EnvEntry, EnvSet, Value
from delink.model import is_possible_prefix, normalize_port, parse_link_var
from delink.sources.python.scope import Binding, returns
from delink.sources.python.syntax import PyCall

if TYPE_CHECKING:
    from delink.diagnostics import Span
    from delink.sources.python.sdk.context import SdkContext

__all__ = ["container", "environment", "host_config"]

_ORIGINS = {"run": "containers.run", "create": "containers.create", "api": "create_container"}


def _new(ctx: SdkContext, call: ast.Call, origin: str) -> Container:
    return Container(
        key=f"{ctx.path}:{ctx.pos.start(call)}",
        path=ctx.path,
        span=ctx.span(call),
        anchor=ctx.span(call.func),
        origin=origin,
        language="python",
    )


def container(ctx: SdkContext, call: ast.Call, role: str, recv: ast.expr | None) -> None:
    got = ctx.args(call)
    args = got.args
    c = _new(ctx, call, _ORIGINS[role])
    if "name" in args:
        c.name = ctx.value(args["name"].value)
    if "image" in args:
        c.image = ctx.value(args["image"].value)
    if "hostname" in args:
        c.hostname = ctx.value(args["hostname"].value)
    syntax = PyCall(ctx.file, call, role, recv, args, got.params, statement=ctx.statement_of(call))
    if role in ("run", "create"):
        net = args.get("network") or args.get("network_mode")
        if net is not None:
            c.network = ctx.value(net.value)
            c.networks.append(c.network)
        if "networking_config" in args:
            c.network_aliases += endpoint_aliases(ctx, args["networking_config"].value)
        ports = args.get("ports")
        if ports is not None and isinstance(ports.value, ast.Dict):
            c.ports += _ports(ports.value.keys)
    else:
        ports = args.get("ports")
        if ports is not None and isinstance(ports.value, (ast.List, ast.Tuple)):
            c.ports += _ports(ports.value.elts)
        hc = args.get("host_config")
        if hc is not None:
            hcall = _host_config_call(ctx, hc.value)
            if hcall is not None:
                syntax.host_config = hcall
                syntax.host_args = ctx.args(hcall).args
                ctx.host_configs[id(hcall)] = c
                nm = syntax.host_args.get("network_mode")
                if nm is not None:
                    c.network = ctx.value(nm.value)
                    c.networks.append(c.network)
        nc = args.get("networking_config")
        if nc is not None:
            c.network_aliases += endpoint_aliases(ctx, nc.value, owner=c)
    env = args.get("environment")
    if env is not None:
        environment(ctx, c, env.value)
    c.syntax = syntax
    ctx.containers[id(call)] = c
    ctx.facts.containers.append(c)


def _ports(nodes: Sequence[ast.expr | None]) -> list[str]:
    out = []
    for n in nodes:
        text: str | None = None
        if (
            isinstance(n, ast.Constant)
            and isinstance(n.value, (int, str))
            and not isinstance(n.value, bool)
        ):
            text = str(n.value)
        elif isinstance(n, ast.Tuple) and n.elts and isinstance(n.elts[0], ast.Constant):
            text = "/".join(str(e.value) for e in n.elts if isinstance(e, ast.Constant))
        if text is None:
            continue
        try:
            out.append(normalize_port(text))
        except ValueError:
            continue
    return out


def _host_config_call(ctx: SdkContext, node: ast.expr) -> ast.Call | None:
    """The ``create_host_config``/``HostConfig`` call a ``host_config=`` value is:
    written inline, a name bound in this scope (any of its bindings that is one), or a
    call of a local function / method that returns one."""
    if isinstance(node, ast.Call):
        found_role = ctx.roles.get(id(node))
        if found_role is not None and found_role[0] == "host-config":
            return node
        local = ctx.r.local_function(node.func, ctx.r.scope(node))
        if local is not None:
            fn, _ = local
            for ret in returns(fn):
                found = _host_config_call(ctx, ret)
                if found is not None:
                    return found
        return None
    bindings: list[Binding] = []
    if isinstance(node, ast.Name):
        bindings = ctx.r.lookup(node.id, ctx.r.scope(node))
    elif isinstance(node, ast.Attribute):
        bindings = ctx.r.attr_bindings(node, ctx.r.scope(node)) or []
    found_calls = []
    for b in bindings:
        if b.how == "assign" and isinstance(b.value, ast.Call):
            found = _host_config_call(ctx, b.value)
            if found is not None:
                found_calls.append(found)
    # prefer the binding that has links (``hc = …(links=…)`` in one branch)
    for f in found_calls:
        if "links" in ctx.args(f).args:
            return f
    return found_calls[0] if found_calls else None


def endpoint_aliases(
    ctx: SdkContext, node: ast.expr, owner: Container | None = None
) -> list[Value]:
    """Aliases in ``{net: create_endpoint_config(aliases=[…])}`` (also wrapped in
    ``create_networking_config``); records endpoint configs' owner container."""
    out: list[Value] = []
    d = node
    if (
        isinstance(d, ast.Call)
        and isinstance(d.func, ast.Attribute)
        and d.func.attr == "create_networking_config"
        and d.args
    ) or (isinstance(d, ast.Call) and isinstance(d.func, ast.Name) and d.args):
        d = d.args[0]
    if not isinstance(d, ast.Dict):
        return out
    for k, v in zip(d.keys, d.values, strict=False):
        if not isinstance(v, ast.Call):
            continue
        ctx.endpoint_owner[id(v)] = (owner, k)
        al = next((kw for kw in v.keywords if kw.arg == "aliases"), None)
        if al is not None and isinstance(al.value, (ast.List, ast.Tuple)):
            out += [ctx.value(e) for e in al.value.elts]
    return out


def environment(ctx: SdkContext, c: Container | None, node: ast.expr) -> None:
    key = c.key if c is not None else None
    if isinstance(node, ast.Dict):
        for k, v in zip(node.keys, node.values, strict=False):
            if not (isinstance(k, ast.Constant) and isinstance(k.value, str)):
                continue
            ctx.env_keys.add(id(k))
            name = k.value
            val = None if isinstance(v, ast.Constant) and v.value is None else ctx.value(v)
            span = ctx.span(k, v)
            if c is not None:
                c.env.append(EnvEntry(name, val, span))
            _shim(ctx, name, ctx.span(k), key)
    elif isinstance(node, (ast.List, ast.Tuple)):
        for e in node.elts:
            if not (isinstance(e, ast.Constant) and isinstance(e.value, str)):
                continue
            ctx.env_keys.add(id(e))
            name, eq, rest = e.value.partition("=")
            span = ctx.span(e)
            if c is not None:
                val = Value(rest, span, rest, rest) if eq else None
                c.env.append(EnvEntry(name, val, span))
            _shim(ctx, name, span, key)


def _shim(ctx: SdkContext, name: str, span: Span, key: str | None) -> None:
    var = parse_link_var(name)
    if var is not None and not var.ambiguous and is_possible_prefix(var.prefix):
        ctx.facts.env_sets.append(EnvSet(name, span, key))


def host_config(ctx: SdkContext, call: ast.Call) -> None:
    """A host config with links that no ``create_container`` here uses becomes a
    container of its own (origin ``create_host_config``)."""
    args = ctx.args(call).args
    if id(call) in ctx.host_configs or "links" not in args:
        return
    owner = next(
        (
            c
            for c in ctx.containers.values()
            if isinstance(c.syntax, PyCall) and c.syntax.host_config is call
        ),
        None,
    )
    if owner is not None:
        ctx.host_configs[id(call)] = owner
        syn = owner.syntax
        if isinstance(syn, PyCall) and syn.host_config is None:
            syn.host_config = call
            syn.host_args = args
        return
    c = _new(ctx, call, "create_host_config")
    nm = args.get("network_mode")
    if nm is not None:
        c.network = ctx.value(nm.value)
        c.networks.append(c.network)
    c.syntax = PyCall(
        ctx.file, call, "host-config", None, {}, None, call, args, ctx.statement_of(call)
    )
    ctx.host_configs[id(call)] = c
    ctx.facts.containers.append(c)
