"""What every SDK call handler shares: the file, its resolver, the facts made so far."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from delink.diagnostics import Span
from delink.facts import Container, FileFacts, Value
from delink.sources.python.sdk.args import CallArgs, call_args
from delink.sources.python.sdk.roles import signature
from delink.sources.python.strings import decode

if TYPE_CHECKING:
    from delink.sources.python.positions import Positions
    from delink.sources.python.scope import Resolver
    from delink.sources.python.syntax import PyFile


@dataclass
class SdkContext:
    """One file's SDK reading: the syntax handles and the facts made so far.

    ``containers`` maps the id of a creating call to its container; ``host_configs``
    the id of a ``create_host_config`` / ``HostConfig`` call to the container that uses
    it; ``endpoint_owner`` the id of an endpoint config call to (owner, network key);
    ``env_keys`` holds the ids of string constants that set env (never reads).
    """

    facts: FileFacts
    file: PyFile
    roles: dict[int, tuple[str, ast.expr | None]] = field(default_factory=dict)
    containers: dict[int, Container] = field(default_factory=dict)
    host_configs: dict[int, Container] = field(default_factory=dict)
    endpoint_owner: dict[int, tuple[Container | None, ast.expr | None]] = field(
        default_factory=dict
    )
    env_keys: set[int] = field(default_factory=set)
    _args: dict[int, CallArgs] = field(default_factory=dict)

    @property
    def pos(self) -> Positions:
        return self.file.pos

    @property
    def r(self) -> Resolver:
        return self.file.resolver

    @property
    def path(self) -> str:
        return self.facts.path

    @property
    def imports_docker(self) -> bool:
        return self.r.a.imports_docker

    def args(self, call: ast.Call) -> CallArgs:
        """The call's arguments, positionals named after its role's signature."""
        got = self._args.get(id(call))
        if got is None:
            found = self.roles.get(id(call))
            sig = signature(self, call, found[0]) if found is not None else None
            got = self._args[id(call)] = call_args(self, call, sig)
        return got

    def span(self, node: ast.AST, end: ast.AST | None = None) -> Span:
        return self.pos.span(node, end)

    def value(self, node: ast.AST) -> Value:
        """A value as written; ``display`` is the literal when delink resolved it, an
        f-string's text with its fields (``{PREFIX}-db``), else the source text."""
        raw = self.pos.segment(node)
        literal = self.r.string(node)
        if literal is None:
            literal = self._object_name(node)
        display = literal if literal is not None else raw
        if literal is None and isinstance(node, ast.JoinedStr):
            pieces = decode(self.pos.text, self.pos.start(node), self.pos.end(node))
            if pieces is not None:
                display = "".join("{" + p.text + "}" if p.field else p.text for p in pieces)
        return Value(raw, self.span(node), literal, display)

    def _object_name(self, node: ast.AST) -> str | None:
        """``db.name`` where ``db`` is a container started here with a static name: that
        name (the SDK's ``Container.name``)."""
        if isinstance(node, ast.Attribute) and node.attr == "name":
            c = self.container_of(node.value)
            if c is not None and c.name is not None:
                return c.name.literal
        return None

    def container_of(self, node: ast.AST) -> Container | None:
        """The container fact an expression refers to (``db``, ``res['Id']``, ``db.id``)."""
        if isinstance(node, ast.Attribute) and node.attr in ("name", "id", "short_id"):
            node = node.value
        if isinstance(node, ast.Subscript):
            node = node.value
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
        ):
            node = node.func.value  # res.get('Id')
        if id(node) in self.containers:
            return self.containers[id(node)]
        k = self.r.kind(node)
        if k.tag in ("container", "api-container") and k.node is not None:
            return self.containers.get(id(k.node))
        if isinstance(node, ast.Name):
            # a name bound to a call this reader took for a container (its client
            # may be a parameter the resolver does not know)
            found = [
                self.containers[id(b.value)]
                for b in self.r.lookup(node.id, self.r.scope(node))
                if b.value is not None and id(b.value) in self.containers
            ]
            if len(found) == 1:
                return found[0]
        return None

    def statement_of(self, node: ast.AST) -> ast.stmt | None:
        cur: ast.AST | None = node
        while cur is not None and not isinstance(cur, ast.stmt):
            cur = self.r.parent(cur)
        return cur
