"""A ``links`` value → one :class:`~delink.facts.Link` per entry.

``links`` may be a dict literal, a list/tuple/set of 2-tuples, a name bound once to one
of those, or a ``'links'`` entry of a ``**params`` dict: one link per entry. An empty literal is
no link, unless the code fills it afterwards (``params['links'].update(…)``). Anything
else (``self._get_links()``, a comprehension, a name bound twice) is one link with no
target: reported, never fixed. Every link of one argument has the argument's span
(``links=…`` from the keyword), so a finding points at the keyword line; ``value`` is
the entry.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from delink.diagnostics import Span
from delink.facts import Container, Link, Value
from delink.model import LinkKind, LinkSpecError, parse_link
from delink.sources.python.scope import Binding
from delink.sources.python.syntax import Arg, PyLink

if TYPE_CHECKING:
    from delink.sources.python.sdk.context import SdkContext

__all__ = ["add_links"]


@dataclass(frozen=True)
class _Entry:
    how: str  # pair, string, computed
    first: ast.AST  # the entry's first node (a dict key, a tuple, a keyword)
    last: ast.AST  # its last node (the dict value)
    target: ast.expr | None
    alias: ast.expr | None
    name: str | None = None  # ``dict(db='x')``: the keyword is the target; for a
    # computed entry, what to call it (``params['links']`` for an empty literal filled later)


def add_links(
    ctx: SdkContext,
    arg: Arg,
    call: ast.Call | None,
    consumer: Container | None,
    kind: LinkKind,
    origin: str,
    network: Value | None = None,
) -> None:
    span = Span(ctx.path, arg.start, max(arg.start, arg.end))
    value_node = arg.value
    via: Span | None = None
    literal = _links_literal(ctx, value_node)
    if literal is not None and literal is not value_node:
        via = ctx.span(value_node)
        value_node = literal
    entries = list(_entries(value_node))
    made: list[Link] = []
    if not entries:
        empty = isinstance(value_node, (ast.Dict, ast.List, ast.Tuple, ast.Set)) or (
            isinstance(value_node, ast.Constant) and value_node.value is None
        )
        filled = _filled_later(ctx, arg) if empty else None
        if empty and filled is None:
            return  # links={} / links=None: no link at all
        entries = [_Entry("computed", value_node, value_node, None, None, filled)]
    invalid = _invalid(ctx, entries)
    for e in entries:
        link = _link(ctx, e, span, consumer, kind, origin)
        link.via = via
        link.network = network
        link.syntax = PyLink(arg, call, e.first)
        if invalid is not None and e.how in ("string", "pair"):
            link.invalid = invalid
            link.target = link.alias = None
        made.append(link)
    ctx.facts.links += made
    if consumer is not None:
        consumer.links += made


def _filled_later(ctx: SdkContext, arg: Arg) -> str | None:
    """``params = dict(links={})`` (or ``{'links': []}``) whose entry is filled in the same
    scope afterwards (``params['links'].update(…)``, ``.append(…)``, ``params['links'][k]
    = v``): the entry as code reads it (``params['links']``), else None."""
    stmt = ctx.r.parent(arg.holder)
    if not isinstance(stmt, ast.Assign) or len(stmt.targets) != 1:
        return None
    target = stmt.targets[0]
    if not isinstance(target, ast.Name):
        return None
    scope = ctx.r.scope(arg.holder).node
    for n in ctx.r.a.nodes:
        if not (
            isinstance(n, ast.Subscript)
            and isinstance(n.value, ast.Name)
            and n.value.id == target.id
            and isinstance(n.slice, ast.Constant)
            and n.slice.value == arg.name
            and ctx.r.scope(n).node is scope
        ):
            continue
        up = ctx.r.parent(n)
        if (
            (isinstance(up, ast.Attribute) and up.attr in _FILLERS)
            or (isinstance(up, ast.Subscript) and isinstance(up.ctx, ast.Store))
            or (isinstance(up, ast.AugAssign) and up.target is n)
        ):
            return ctx.pos.segment(n)
    return None


_FILLERS = frozenset({"update", "append", "extend", "insert", "add", "setdefault"})


def _links_literal(ctx: SdkContext, node: ast.expr) -> ast.expr | None:
    """The literal a ``links`` value is (or names, when bound once in scope)."""
    if isinstance(node, (ast.Dict, ast.List, ast.Tuple, ast.Set)):
        return node
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "dict"
        and not node.args
    ):
        return node
    bindings: list[Binding] = []
    if isinstance(node, ast.Name):
        bindings = ctx.r.lookup(node.id, ctx.r.scope(node))
    elif isinstance(node, ast.Attribute):
        bindings = ctx.r.attr_bindings(node, ctx.r.scope(node)) or []
    if len(bindings) == 1 and bindings[0].how == "assign" and bindings[0].value is not None:
        v = bindings[0].value
        home = bindings[0].scope
        named = node if isinstance(node, (ast.Name, ast.Attribute)) else None
        if named is not None and home is not None and ctx.r.mutated(named, home.node):
            return None  # ``links = {}`` filled later: computed
        if isinstance(v, (ast.Dict, ast.List, ast.Tuple, ast.Set)):
            return v
    return None


def _entries(node: ast.expr) -> Iterator[_Entry]:
    """The entries of a links literal: ``pair`` for a dict item or a 2-tuple,
    ``string`` for a string element, ``computed`` for anything else."""
    if isinstance(node, ast.Dict):
        for k, v in zip(node.keys, node.values, strict=False):
            if k is None:
                yield _Entry("computed", v, v, None, None)
            else:
                yield _Entry("pair", k, v, k, v)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "dict":
        for kw in node.keywords:
            if kw.arg is None:
                yield _Entry("computed", kw.value, kw.value, None, None)
            else:
                yield _Entry("pair", kw, kw, None, kw.value, kw.arg)
    elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        for e in node.elts:
            if isinstance(e, (ast.Tuple, ast.List)) and len(e.elts) == 2:
                yield _Entry("pair", e, e, e.elts[0], e.elts[1])
            elif isinstance(e, ast.Constant) and isinstance(e.value, str):
                yield _Entry("string", e, e, e, None)
            else:
                yield _Entry("computed", e, e, None, None)


def _invalid(ctx: SdkContext, entries: list[_Entry]) -> str | None:
    """What docker-py's ``normalize_links`` does wrong with this value, if anything."""
    strings = [e.first for e in entries if e.how == "string"]
    if strings:
        first = strings[0]
        assert isinstance(first, ast.Constant)
        text = str(first.value)
        if len(text) == 2:
            return (
                f"a list of strings: docker-py unpacks each string as a (name, alias) pair, so "
                f"`{text}` silently becomes the link `{text[0]}:{text[1]}`"
            )
        if len(text) < 2:
            return (
                "a list of strings: docker-py unpacks each string as a (name, alias) pair and "
                "fails with ValueError (not enough values to unpack)"
            )
        return (
            "a list of strings: docker-py unpacks each string as a (name, alias) pair and "
            "fails with ValueError (too many values to unpack)"
        )
    seen: dict[str, set[bool]] = {}
    for e in entries:
        t, a = e.target, e.alias
        if e.how != "pair" or t is None:
            continue
        name = ctx.r.string(t)
        if name is None:
            continue
        is_none = a is None or (isinstance(a, ast.Constant) and a.value is None)
        seen.setdefault(name, set()).add(is_none)
    for name, kinds in seen.items():
        if len(kinds) == 2:
            return (
                f"`{name}` appears with the alias None and with an alias: docker-py sorts the "
                "pairs and fails with TypeError ('<' not supported between str and NoneType)"
            )
    return None


def _link(
    ctx: SdkContext, e: _Entry, span: Span, consumer: Container | None, kind: LinkKind, origin: str
) -> Link:
    a0, b0 = ctx.pos.start(e.first), ctx.pos.end(e.last)
    entry_span = Span(ctx.path, a0, max(a0, b0))
    raw = ctx.pos.text[entry_span.start : entry_span.end]
    if e.how != "pair":
        # a computed entry on one line, however the code is laid out
        shown = e.name or (" ".join(raw.split()) if e.how == "computed" else raw)
        return Link(span, Value(raw, entry_span, None, shown), None, None, kind, consumer, origin)
    t, a = e.target, e.alias
    if t is None:
        name = e.name or ""
        target = Value(name, entry_span, name, name)
    else:
        target = ctx.value(t)
    alias_none = a is None or (isinstance(a, ast.Constant) and a.value in (None, ""))
    alias = target if alias_none or a is None else ctx.value(a)
    text: str | None = None
    if target.literal is not None and alias.literal is not None:
        text = target.literal if alias_none else f"{target.literal}:{alias.literal}"
        display = text
    else:
        display = target.display if alias_none else f"{target.display}:{alias.display}"
    link = Link(span, Value(raw, entry_span, text, display), target, alias, kind, consumer, origin)
    if text is not None:
        try:
            parse_link(text)
        except LinkSpecError as exc:
            link.error = str(exc)
    tc = ctx.container_of(t) if t is not None else None
    if tc is not None and tc is not consumer:
        link.target_container = tc
    return link
