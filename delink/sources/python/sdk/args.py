"""The arguments of an SDK call as written: keywords, positionals, ``**params`` dicts.

``**params`` is followed to the dict it holds: a literal (``{'links': …}``,
``dict(links=…)``), a name bound to one, a copy or a merge of such dicts
(``copy.deepcopy(BASE)``, ``base.copy()``, ``dict(base, links=…)``, ``{**base, …}``,
``a | b``), or what a function or method of the file that builds it returns
(``params = self.get_start_params()``, ``**self.endpoint_kwargs(cfg)``), with the
entries set on the name afterwards in the same scope (``params['links'] = …``,
``params.update(links=…)``, ``params.update({'links': …})``,
``params.setdefault('links', …)``) there or in a function of the file it is given to
(``self._setup_links(params)``), and the ``**kwargs`` of a function of the file
through the keywords of its calls. Only entries of the literal the call's ``**`` names
directly (and keywords) are ``writable``: the others are read, never edited.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from delink.sources.python.scope import returns
from delink.sources.python.syntax import Arg

if TYPE_CHECKING:
    from delink.sources.python.sdk.context import SdkContext

__all__ = ["CallArgs", "call_args", "dict_literal", "kwarg"]

# positional parameters of the SDK calls that take links (docker-py 1.x–7.x)
_HOST_CONFIG = ("binds", "port_bindings", "lxc_conf", "publish_all_ports", "links")
POSITIONAL: dict[str, tuple[str, ...]] = {
    "run": ("image", "command"),
    "create": ("image", "command"),
    "api": ("image", "command"),
    "start": (
        "container",
        *_HOST_CONFIG,
        "privileged",
        "dns",
        "dns_search",
        "volumes_from",
        "network_mode",
    ),
    "host-config": _HOST_CONFIG,
    "host-config-class": ("version", *_HOST_CONFIG),
    "endpoint-config": ("aliases", "links"),
    "endpoint-config-class": ("version", "aliases", "links"),
    "connect-api": ("container", "net_id", "ipv4_address", "ipv6_address", "aliases", "links"),
    "network-connect": ("container", "ipv4_address", "ipv6_address", "aliases", "links"),
    "remove-api": ("container", "v", "link"),
    "container-remove": (),
    "network-create": ("name",),
    "image-build": ("path", "tag"),
}
_COPIES = frozenset({"copy", "deepcopy"})
_MAX_DEPTH = 6


@dataclass
class CallArgs:
    args: dict[str, Arg]
    params: ast.AST | None = None  # the dict literal of ``**params`` when there is one
    # more spellings of a name: ``**kw`` of a wrapper called with ``links=`` twice
    more: dict[str, list[Arg]] = field(default_factory=dict)

    def every(self, name: str) -> list[Arg]:
        first = self.args.get(name)
        return [first, *self.more.get(name, [])] if first is not None else []


def kwarg(call: ast.Call, name: str) -> ast.keyword | None:
    for kw in call.keywords:
        if kw.arg == name:
            return kw
    return None


def call_args(ctx: SdkContext, call: ast.Call, signature: str | None = None) -> CallArgs:
    """Keyword arguments, then the entries of ``**params`` dicts, then positionals
    named by ``signature`` (a key of :data:`POSITIONAL`); the first spelling wins."""
    out: dict[str, Arg] = {}
    more: dict[str, list[Arg]] = {}
    params: ast.AST | None = None
    for kw in call.keywords:
        if kw.arg is not None:
            out[kw.arg] = Arg(kw.arg, kw.value, ctx.pos.start(kw), ctx.pos.end(kw), call)
    for kw in call.keywords:
        if kw.arg is not None:
            continue
        literal = dict_literal(ctx, kw.value)
        if literal is not None:
            params = literal
        for name, arg in params_entries(ctx, kw.value, literal):
            if name not in out:
                out[name] = arg
            elif all(arg.start != x.start for x in [out[name], *more.get(name, [])]):
                more.setdefault(name, []).append(arg)
    names = POSITIONAL.get(signature or "", ())
    for i, node in enumerate(call.args):
        if isinstance(node, ast.Starred):
            break
        if i < len(names) and names[i] not in out:
            a, b = ctx.pos.start(node), ctx.pos.end(node)
            out[names[i]] = Arg(names[i], node, a, b, call, writable=False)
    return CallArgs(out, params, more)


def dict_literal(ctx: SdkContext, node: ast.expr) -> ast.AST | None:
    """A dict literal / ``dict(k=…)`` call that ``node`` is, or names (bound once)."""
    if isinstance(node, ast.Dict) or _is_dict_call(node):
        return node
    if isinstance(node, ast.Name):
        bindings = ctx.r.lookup(node.id, ctx.r.scope(node))
        if len(bindings) == 1 and bindings[0].how == "assign" and bindings[0].value is not None:
            return dict_literal(ctx, bindings[0].value)
    return None


def _is_dict_call(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict"


def params_entries(
    ctx: SdkContext, node: ast.expr, literal: ast.AST | None, depth: int = 0
) -> Iterator[tuple[str, Arg]]:
    """(key, entry) of every literal-keyed entry a ``**`` value can hold."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(node, ast.Dict):
        for k, v in zip(node.keys, node.values, strict=False):
            if k is None:
                yield from params_entries(ctx, v, None, depth + 1)
            elif isinstance(k, ast.Constant) and isinstance(k.value, str):
                a, b = ctx.pos.start(k), ctx.pos.end(v)
                yield k.value, Arg(k.value, v, a, b, node, True, writable=node is literal)
        return
    if isinstance(node, ast.Call):
        func = node.func
        if _is_dict_call(node):
            for kw in node.keywords:
                if kw.arg is None:
                    yield from params_entries(ctx, kw.value, None, depth + 1)
                else:
                    a, b = ctx.pos.start(kw), ctx.pos.end(kw)
                    yield kw.arg, Arg(kw.arg, kw.value, a, b, node, writable=node is literal)
            for x in node.args[:1]:
                yield from params_entries(ctx, x, None, depth + 1)
            return
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in _COPIES and node.args:
            yield from params_entries(ctx, node.args[0], None, depth + 1)  # copy.deepcopy(x)
        elif name == "copy" and isinstance(func, ast.Attribute) and not node.args:
            yield from params_entries(ctx, func.value, None, depth + 1)  # x.copy()
        else:
            # a helper of this file that builds the dict (``**self.get_start_params()``)
            local = ctx.r.local_function(func, ctx.r.scope(node))
            if local is not None:
                for ret in returns(local[0]):
                    yield from params_entries(ctx, ret, None, depth + 1)
        return
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        yield from params_entries(ctx, node.left, None, depth + 1)
        yield from params_entries(ctx, node.right, None, depth + 1)
        return
    if isinstance(node, ast.Attribute):  # **self.options: what the methods assign
        for binding in ctx.r.attr_bindings(node, ctx.r.scope(node)) or []:
            if binding.how == "assign" and binding.value is not None:
                yield from params_entries(ctx, binding.value, None, depth + 1)
        return
    if not isinstance(node, ast.Name):
        return
    scope = ctx.r.scope(node)
    bindings = ctx.r.lookup(node.id, scope)
    for binding in bindings:
        if binding.how == "assign" and binding.value is not None:
            yield from params_entries(ctx, binding.value, literal, depth + 1)
        elif binding.how == "param" and binding.scope is not None:
            yield from _wrapper_keywords(ctx, node.id, binding.scope.node)
    owner = next((x.scope for x in bindings if x.scope is not None), scope)
    yield from _mutations(ctx, node.id, owner.node)
    yield from _helper_mutations(ctx, node.id, owner.node)


def _helper_mutations(ctx: SdkContext, name: str, scope_node: ast.AST) -> Iterator[tuple[str, Arg]]:
    """Entries a function of the file sets on the dict it is given:
    ``self._setup_links(start_config, instance)`` whose body does
    ``start_config['links'] = links``."""
    for call in ast.walk(scope_node):
        if not isinstance(call, ast.Call) or ctx.r.scope(call).node is not scope_node:
            continue
        at = [i for i, a in enumerate(call.args) if isinstance(a, ast.Name) and a.id == name]
        if not at:
            continue
        local = ctx.r.local_function(call.func, ctx.r.scope(call))
        if local is None:
            continue
        fn, fscope = local
        params = [p.arg for p in [*fn.args.posonlyargs, *fn.args.args]]
        is_static = any(getattr(d, "id", "") == "staticmethod" for d in fn.decorator_list)
        shift = 1 if isinstance(call.func, ast.Attribute) and not is_static else 0
        if at[0] + shift < len(params):
            yield from _mutations(ctx, params[at[0] + shift], fscope.node)


def _mutations(ctx: SdkContext, name: str, scope_node: ast.AST) -> Iterator[tuple[str, Arg]]:
    """Entries set on the dict ``name`` in the code of ``scope_node``."""
    for key, first, value, holder in ctx.r.dict_mutations(name, scope_node):
        a, b = ctx.pos.start(first), ctx.pos.end(value)
        yield key, Arg(key, value, a, b, holder, writable=False)


def _wrapper_keywords(ctx: SdkContext, name: str, fn: ast.AST) -> Iterator[tuple[str, Arg]]:
    """``def run(self, image, **kw): …containers.run(image, **kw)``: the keywords of the
    calls of ``run`` in this file."""
    if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return
    if fn.args.kwarg is None or fn.args.kwarg.arg != name:
        return
    named = {a.arg for a in [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]}
    for call in ctx.r.call_sites(fn):
        for kw in call.keywords:
            if kw.arg is None:
                for key, arg in params_entries(ctx, kw.value, None, _MAX_DEPTH - 2):
                    if key not in named:
                        yield key, arg
            elif kw.arg not in named:
                a, b = ctx.pos.start(kw), ctx.pos.end(kw)
                yield kw.arg, Arg(kw.arg, kw.value, a, b, call, writable=False)
