"""docker SDK calls -> containers, links, link removals, networks, env shims.

Entry points (spec B1), each found as a call whose receiver resolves (see
:mod:`delink.sources.python.scope`) or whose method name is the SDK's own:

=========================================== ====================== ===================
call                                        link origin            link kind
=========================================== ====================== ===================
``client.containers.run/create(links=…)``   ``links=``             model: default
``APIClient.create_host_config(links=…)``,  ``links=``             bridge → LEGACY,
``docker.types.HostConfig(…, links=…)``,                           ``network=`` or a
``docker.utils.create_host_config`` (< 2.0)                        user ``network_mode``
                                                                   → IGNORED, host /
                                                                   ``container:`` →
                                                                   REJECTED, ``none``
                                                                   → NOOP
``APIClient.start(c, links=…)`` (< 2.0)     ``start links=``       as above
``create_endpoint_config(links=…)``,        ``endpoint links=``    ENDPOINT
``types.EndpointConfig(…, links=…)``
``connect_container_to_network(…, links=)`` ``connect links=``     ENDPOINT (``bridge``:
``Network.connect(c, links=…)``                                    NOOP)
``remove_container(c, link=True)``,         :class:`LinkRemoval`
``Container.remove(link=True)``             (origin ``link=True``)
=========================================== ====================== ===================

Which receivers count. A receiver that resolves to a docker object counts; one that
resolves to something else (a module that is not ``docker``, a literal) never does. An
*unknown* receiver (a function parameter, ``self.client`` set in a base class) counts
for the methods only the SDK has (``create_host_config``, ``create_endpoint_config``,
``create_networking_config``, ``connect_container_to_network``, ``remove_container``
with ``link=True``), for ``create_container`` and ``X.containers.run/create`` when the
file imports ``docker`` or the receiver's name says client (``client``, ``docker…``,
``cli``, ``api``…), for ``start(links=…)`` when both hold, for ``X.connect(links=…)``
when the file imports ``docker`` and the name says network (``net``…), and for
``X.remove(link=True)`` when the file imports ``docker``. So ``models.Page(links=…)``,
``tracer.start_as_current_span(links=…)`` or an ORM's ``links=`` are never read.

Values. ``links`` may be a dict literal, a list/tuple/set of 2-tuples, a name bound once
to one of those, or a ``'links'`` key of a dict literal (or ``dict(links=…)``) passed
as ``**params``: one :class:`Link` per entry. Anything else (``self._get_links()``, a
comprehension, a name bound twice) is one link with no target: reported, never fixed.
Every link of one argument has the argument's span (``links=…`` from the keyword), so a
finding points at the keyword line; ``value`` is the entry. Keyword arguments only:
positional ``links`` (the 6th argument of ``connect_container_to_network``) is not read.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from delink.diagnostics import Span
from delink.facts import (
    Container,
    EnvEntry,
    EnvSet,
    FileFacts,
    ImageBuild,
    Link,
    LinkRemoval,
    NetworkDecl,
    Value,
)
from delink.model import (
    LinkKind,
    LinkSpecError,
    NetworkKind,
    classify_network,
    is_possible_prefix,
    link_kind,
    network_connect_link_kind,
    normalize_port,
    parse_link,
    parse_link_var,
)
from delink.sources.python.scope import Binding, Resolver, _returns
from delink.sources.python.strings import decode
from delink.sources.python.syntax import Arg, PyCall, PyFile, PyLink

if TYPE_CHECKING:
    from delink.sources.python.positions import Positions

__all__ = ["SdkReader", "client_like"]

_SDK_ONLY = frozenset(
    {
        "create_host_config",
        "create_endpoint_config",
        "create_networking_config",
        "connect_container_to_network",
        "remove_container",
    }
)
_CLIENT_NAME = re.compile(r"(?i)client|docker|^(?:cli|dc|api|_api|api_client|dkr)$")
_NETWORK_NAME = re.compile(r"(?i)net")


def _last_name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Call):
        return _last_name(node.func)
    return ""


def client_like(node: ast.AST) -> bool:
    """Does the receiver's name say it is a docker client (``client``, ``self.docker``)?"""
    return bool(_CLIENT_NAME.search(_last_name(node)))


def _kwarg(call: ast.Call, name: str) -> ast.keyword | None:
    for kw in call.keywords:
        if kw.arg == name:
            return kw
    return None


def _is_true(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


@dataclass(frozen=True)
class _Entry:
    how: str  # pair, string, computed
    first: ast.AST  # the entry's first node (a dict key, a tuple, a keyword)
    last: ast.AST  # its last node (the dict value)
    target: ast.expr | None
    alias: ast.expr | None
    name: str | None = None  # ``dict(db='x')``: the keyword is the target


class SdkReader:
    def __init__(self, facts: FileFacts, pyfile: PyFile, resolver: Resolver) -> None:
        self.facts = facts
        self.file = pyfile
        self.pos: Positions = pyfile.pos
        self.r = resolver
        self.path = facts.path
        self.imports_docker = resolver.a.imports_docker
        self.containers: dict[int, Container] = {}  # id(creating call) -> container
        self.host_configs: dict[int, Container] = {}  # id(host config call) -> container
        self.endpoint_owner: dict[int, tuple[Container | None, ast.expr | None]] = {}
        self.env_keys: set[int] = set()  # ids of Constant nodes that are env set, not read

    # -- helpers -------------------------------------------------------------------

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
        """``db.name`` / ``db.id`` where ``db`` is a container started here with a static
        name: that name (the SDK's ``Container.name``)."""
        if isinstance(node, ast.Attribute) and node.attr in ("name", "id", "short_id"):
            c = self.container_of(node.value)
            if c is not None and c.name is not None and node.attr == "name":
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

    def args(self, call: ast.Call) -> tuple[dict[str, Arg], ast.AST | None]:
        """Keyword arguments, with the literal-keyed entries of ``**params`` dicts."""
        out: dict[str, Arg] = {}
        params: ast.AST | None = None
        for kw in call.keywords:
            if kw.arg is not None:
                out[kw.arg] = Arg(kw.arg, kw.value, self.pos.start(kw), self.pos.end(kw), call)
                continue
            d = self.dict_literal(kw.value)
            if d is None:
                continue
            params = d
            for name, arg in self.dict_args(d).items():
                out.setdefault(name, arg)
        return out, params

    def dict_literal(self, node: ast.expr) -> ast.AST | None:
        """A dict literal / ``dict(k=…)`` call that ``node`` is, or names (bound once)."""
        if isinstance(node, ast.Dict):
            return node
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "dict"
        ):
            return node
        if isinstance(node, ast.Name):
            bindings = self.r.lookup(node.id, self.r.scope(node))
            assigned = [b for b in bindings if b.how == "assign" and b.value is not None]
            if len(assigned) == 1 and len(bindings) == 1 and assigned[0].value is not None:
                return self.dict_literal(assigned[0].value)
        return None

    def dict_args(self, d: ast.AST) -> dict[str, Arg]:
        out: dict[str, Arg] = {}
        if isinstance(d, ast.Dict):
            for k, v in zip(d.keys, d.values, strict=False):
                if isinstance(k, ast.Constant) and isinstance(k.value, str):
                    out[k.value] = Arg(k.value, v, self.pos.start(k), self.pos.end(v), d, True)
        elif isinstance(d, ast.Call):
            for kw in d.keywords:
                if kw.arg is not None:
                    out[kw.arg] = Arg(kw.arg, kw.value, self.pos.start(kw), self.pos.end(kw), d)
        return out

    # -- the walk --------------------------------------------------------------------

    def run(self, calls: list[ast.Call]) -> None:
        roles: list[tuple[ast.Call, tuple[str, ast.expr | None]]] = []
        for c in calls:
            found = self.role(c)
            if found is not None:
                roles.append((c, found))
        # containers first (links refer to them), in source order
        for call, (role, recv) in roles:
            if role in ("run", "create", "api"):
                self.container(call, role, recv)
        for call, (role, _) in roles:
            if role == "host-config":
                self.host_config(call)
        for call, (role, _) in roles:
            if role in ("run", "create"):
                self.container_links(call)
            elif role == "host-config":
                self.host_config_links(call)
            elif role == "endpoint-config":
                self.endpoint_links(call)
            elif role in ("connect-api", "network-connect"):
                self.connect_links(call, role)
            elif role == "start":
                self.start_links(call)
            elif role in ("remove-api", "container-remove"):
                self.removal(call)
            elif role == "network-create":
                self.network_decl(call)
            elif role == "image-build":
                self.image_build(call)

    def role(self, call: ast.Call) -> tuple[str, ast.expr | None] | None:
        func = call.func
        if isinstance(func, ast.Name):
            k = self.r.kind(func)
            if k.tag == "class" and k.path == "docker.types.HostConfig":
                return "host-config", None
            if k.tag == "class" and k.path == "docker.types.EndpointConfig":
                return "endpoint-config", None
            if k.tag == "func" and k.path == "docker.utils.create_host_config":
                return "host-config", None
            if k.tag == "func" and k.path == "docker.utils.create_endpoint_config":
                return "endpoint-config", None
            return None
        if not isinstance(func, ast.Attribute):
            return None
        name = func.attr
        recv = func.value
        if name in ("HostConfig", "EndpointConfig", "create_host_config", "create_endpoint_config"):
            k = self.r.kind(func)
            if k.tag in ("class", "func"):
                if k.path in ("docker.types.HostConfig", "docker.utils.create_host_config"):
                    return "host-config", None
                if k.path in ("docker.types.EndpointConfig", "docker.utils.create_endpoint_config"):
                    return "endpoint-config", None
        rk = self.r.kind(recv)
        if rk.tag in ("other", "environ", "module") and not rk.docker:
            return None
        unknown = rk.tag == "unknown"
        if name == "create" and rk.tag == "networks":
            return "network-create", recv
        if name in ("run", "create"):
            # X.containers.run: the receiver of .containers
            if rk.tag == "containers":
                return name, self._client_expr(recv)
            if (
                unknown
                and isinstance(recv, ast.Attribute)
                and recv.attr == "containers"
                and (self.imports_docker or client_like(recv.value))
                and self.r.kind(recv.value).tag == "unknown"
            ):
                return name, recv.value
            return None
        if name == "create_container":
            if rk.tag == "api" or (
                unknown
                and (self.imports_docker or client_like(recv) or _kwarg(call, "host_config"))
            ):
                return "api", recv
            return None
        if name in ("create_host_config",):
            if rk.tag in ("api", "client") or unknown:
                return "host-config", recv
            return None
        if name == "create_endpoint_config":
            if rk.tag in ("api", "client") or unknown:
                return "endpoint-config", recv
            return None
        if name == "connect_container_to_network":
            if (rk.tag == "api" or unknown) and _kwarg(call, "links"):
                return "connect-api", recv
            return None
        if name == "connect":
            if _kwarg(call, "links") is None:
                return None
            if rk.tag == "network" or (
                unknown and self.imports_docker and _NETWORK_NAME.search(_last_name(recv))
            ):
                return "network-connect", recv
            return None
        if name == "start":
            if _kwarg(call, "links") is None:
                return None
            if rk.tag == "api" or (unknown and self.imports_docker and client_like(recv)):
                return "start", recv
            return None
        if name == "remove_container":
            kw = _kwarg(call, "link")
            if kw is not None and _is_true(kw.value) and (rk.tag == "api" or unknown):
                return "remove-api", recv
            return None
        if name == "remove":
            kw = _kwarg(call, "link")
            if kw is None or not _is_true(kw.value):
                return None
            if rk.tag == "container" or (unknown and self.imports_docker):
                return "container-remove", recv
            return None
        if name == "build" and (
            rk.tag in ("api", "images")
            or (
                unknown
                and isinstance(recv, ast.Attribute)
                and recv.attr == "images"
                and self.imports_docker
            )
        ):
            return "image-build", recv
        if name in ("create_network",) and (rk.tag == "api" or (unknown and self.imports_docker)):
            return "network-create", recv
        if name == "create" and rk.tag == "networks":
            return "network-create", recv
        return None

    def _client_expr(self, containers: ast.expr) -> ast.expr | None:
        """``client`` of ``client.containers`` (None when ``containers`` is a variable)."""
        if isinstance(containers, ast.Attribute) and containers.attr == "containers":
            return containers.value
        return None

    # -- containers -----------------------------------------------------------------

    def container(self, call: ast.Call, role: str, recv: ast.expr | None) -> None:
        args, params = self.args(call)
        image_node: ast.expr | None = call.args[0] if call.args else None
        if "image" in args:
            image_node = args["image"].value
        origin = {
            "run": "containers.run",
            "create": "containers.create",
            "api": "create_container",
        }[role]
        c = Container(
            key=f"{self.path}:{self.pos.start(call)}",
            path=self.path,
            span=self.span(call),
            anchor=self.span(call.func),
            origin=origin,
            language="python",
        )
        if "name" in args:
            c.name = self.value(args["name"].value)
        if image_node is not None:
            c.image = self.value(image_node)
        if "hostname" in args:
            c.hostname = self.value(args["hostname"].value)
        syntax = PyCall(
            self.file, call, role, recv, args, params, statement=self.statement_of(call)
        )
        if role in ("run", "create"):
            net = args.get("network") or args.get("network_mode")
            if net is not None:
                c.network = self.value(net.value)
                c.networks.append(c.network)
            if "networking_config" in args:
                c.network_aliases += self.endpoint_aliases(args["networking_config"].value)
            ports = args.get("ports")
            if ports is not None and isinstance(ports.value, ast.Dict):
                c.ports += self._ports(ports.value.keys)
        else:
            ports = args.get("ports")
            if ports is not None and isinstance(ports.value, (ast.List, ast.Tuple)):
                c.ports += self._ports(ports.value.elts)
            hc = args.get("host_config")
            if hc is not None:
                hcall = self._host_config_call(hc.value)
                if hcall is not None:
                    syntax.host_config = hcall
                    syntax.host_args = self.args(hcall)[0]
                    self.host_configs[id(hcall)] = c
                    nm = syntax.host_args.get("network_mode")
                    if nm is not None:
                        c.network = self.value(nm.value)
                        c.networks.append(c.network)
            nc = args.get("networking_config")
            if nc is not None:
                c.network_aliases += self.endpoint_aliases(nc.value, owner=c)
        env = args.get("environment")
        if env is not None:
            self.environment(c, env.value)
        c.syntax = syntax
        self.containers[id(call)] = c
        self.facts.containers.append(c)

    def _ports(self, nodes: Sequence[ast.expr | None]) -> list[str]:
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

    def _host_config_call(self, node: ast.expr) -> ast.Call | None:
        """The ``create_host_config``/``HostConfig`` call a ``host_config=`` value is:
        written inline, a name bound in this scope (any of its bindings that is one),
        or a call of a local function / method that returns one."""
        if isinstance(node, ast.Call):
            role = self.role(node)
            if role is not None and role[0] == "host-config":
                return node
            local = self.r.local_function(node.func, self.r.scope(node))
            if local is not None:
                fn, _ = local
                for ret in _returns(fn):
                    found = self._host_config_call(ret)
                    if found is not None:
                        return found
            return None
        bindings: list[Binding] = []
        if isinstance(node, ast.Name):
            bindings = self.r.lookup(node.id, self.r.scope(node))
        elif isinstance(node, ast.Attribute):
            bindings = self.r.attr_bindings(node, self.r.scope(node)) or []
        found_calls = []
        for b in bindings:
            if b.how == "assign" and isinstance(b.value, ast.Call):
                found = self._host_config_call(b.value)
                if found is not None:
                    found_calls.append(found)
        # prefer the binding that has links (``hc = …(links=…)`` in one branch)
        for f in found_calls:
            if _kwarg(f, "links") is not None:
                return f
        return found_calls[0] if found_calls else None

    def endpoint_aliases(self, node: ast.expr, owner: Container | None = None) -> list[Value]:
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
            self.endpoint_owner[id(v)] = (owner, k)
            al = _kwarg(v, "aliases")
            if al is not None and isinstance(al.value, (ast.List, ast.Tuple)):
                out += [self.value(e) for e in al.value.elts]
        return out

    def environment(self, c: Container | None, node: ast.expr) -> None:
        key = c.key if c is not None else None
        if isinstance(node, ast.Dict):
            for k, v in zip(node.keys, node.values, strict=False):
                if not (isinstance(k, ast.Constant) and isinstance(k.value, str)):
                    continue
                self.env_keys.add(id(k))
                name = k.value
                val = None if isinstance(v, ast.Constant) and v.value is None else self.value(v)
                span = self.span(k, v)
                if c is not None:
                    c.env.append(EnvEntry(name, val, span))
                self._shim(name, self.span(k), key)
        elif isinstance(node, (ast.List, ast.Tuple)):
            for e in node.elts:
                if not (isinstance(e, ast.Constant) and isinstance(e.value, str)):
                    continue
                self.env_keys.add(id(e))
                name, eq, rest = e.value.partition("=")
                span = self.span(e)
                if c is not None:
                    val = Value(rest, span, rest, rest) if eq else None
                    c.env.append(EnvEntry(name, val, span))
                self._shim(name, span, key)

    def _shim(self, name: str, span: Span, key: str | None) -> None:
        var = parse_link_var(name)
        if var is not None and not var.ambiguous and is_possible_prefix(var.prefix):
            self.facts.env_sets.append(EnvSet(name, span, key))

    # -- host configs ----------------------------------------------------------------

    def host_config(self, call: ast.Call) -> None:
        """A host config with links that no ``create_container`` here uses becomes a
        container of its own (origin ``create_host_config``)."""
        if id(call) in self.host_configs or _kwarg(call, "links") is None:
            return
        owner = self._owner_by_use(call)
        if owner is not None:
            self.host_configs[id(call)] = owner
            syn = owner.syntax
            if isinstance(syn, PyCall) and syn.host_config is None:
                syn.host_config = call
                syn.host_args = self.args(call)[0]
            return
        args = self.args(call)[0]
        c = Container(
            key=f"{self.path}:{self.pos.start(call)}",
            path=self.path,
            span=self.span(call),
            anchor=self.span(call.func),
            origin="create_host_config",
            language="python",
        )
        nm = args.get("network_mode")
        if nm is not None:
            c.network = self.value(nm.value)
            c.networks.append(c.network)
        c.syntax = PyCall(
            self.file, call, "host-config", None, {}, None, call, args, self.statement_of(call)
        )
        self.host_configs[id(call)] = c
        self.facts.containers.append(c)

    def _owner_by_use(self, call: ast.Call) -> Container | None:
        """A container whose ``host_config=`` names the variable this call is bound to."""
        for c in self.containers.values():
            syn = c.syntax
            if isinstance(syn, PyCall) and syn.host_config is call:
                return c
        return None

    # -- links -----------------------------------------------------------------------

    def _kind_for_network(self, c: Container | None, net: Value | None) -> LinkKind:
        if net is None:
            return LinkKind.LEGACY
        if net.literal is None:
            return LinkKind.UNKNOWN
        nk = classify_network(net.literal)
        if nk is NetworkKind.USER_DEFINED:
            return LinkKind.IGNORED  # docker-py sends HostConfig.Links only: ignored there
        return link_kind(nk)

    def container_links(self, call: ast.Call) -> None:
        c = self.containers.get(id(call))
        if c is None or not isinstance(c.syntax, PyCall):
            return
        arg = c.syntax.args.get("links")
        if arg is None:
            return
        kind = self._kind_for_network(c, c.network)
        self.links(arg, call, c, kind, "links=")

    def host_config_links(self, call: ast.Call) -> None:
        args = self.args(call)[0]
        arg = args.get("links")
        if arg is None:
            return
        c = self.host_configs.get(id(call))
        nm = args.get("network_mode")
        net = self.value(nm.value) if nm is not None else None
        self.links(arg, call, c, self._kind_for_network(c, net), "links=")

    def start_links(self, call: ast.Call) -> None:
        args = self.args(call)[0]
        arg = args.get("links")
        if arg is None:
            return
        consumer = self.container_of(call.args[0]) if call.args else None
        nm = args.get("network_mode")
        net = self.value(nm.value) if nm is not None else None
        self.links(arg, call, consumer, self._kind_for_network(consumer, net), "start links=")

    def endpoint_links(self, call: ast.Call) -> None:
        args = self.args(call)[0]
        arg = args.get("links")
        if arg is None:
            return
        owner, key = self.endpoint_owner.get(id(call), (None, None))
        if key is None:
            key = self._endpoint_key(call)
        net = self.value(key) if key is not None else None
        kind = LinkKind.ENDPOINT
        if net is not None and net.literal is not None:
            kind = network_connect_link_kind(classify_network(net.literal))
        self.links(arg, call, owner, kind, "endpoint links=", network=net)

    def _endpoint_key(self, call: ast.Call) -> ast.expr | None:
        parent = self.r.parent(call)
        if isinstance(parent, ast.Dict):
            for k, v in zip(parent.keys, parent.values, strict=False):
                if v is call:
                    return k
        return None

    def connect_links(self, call: ast.Call, role: str) -> None:
        args = self.args(call)[0]
        arg = args.get("links")
        if arg is None:
            return
        net_node: ast.expr | None = None
        container_node: ast.expr | None = call.args[0] if call.args else None
        if "container" in args:
            container_node = args["container"].value
        if role == "connect-api":
            net_node = call.args[1] if len(call.args) > 1 else None
            if "net_id" in args:
                net_node = args["net_id"].value
        else:
            recv = call.func.value if isinstance(call.func, ast.Attribute) else None
            k = self.r.kind(recv) if recv is not None else None
            if (
                k is not None
                and k.tag == "network"
                and isinstance(k.node, ast.Call)
                and k.node.args
            ):
                net_node = k.node.args[0]
        net = self.value(net_node) if net_node is not None else None
        kind = LinkKind.ENDPOINT
        if net is not None and net.literal is not None:
            kind = network_connect_link_kind(classify_network(net.literal))
        consumer = self.container_of(container_node) if container_node is not None else None
        self.links(arg, call, consumer, kind, "connect links=", network=net)

    def links(
        self,
        arg: Arg,
        call: ast.Call,
        consumer: Container | None,
        kind: LinkKind,
        origin: str,
        network: Value | None = None,
    ) -> None:
        span = Span(self.path, arg.start, max(arg.start, arg.end))
        value_node = arg.value
        via: Span | None = None
        literal = self._links_literal(value_node)
        if literal is not None and literal is not value_node:
            via = self.span(value_node)
            value_node = literal
        entries = list(self._entries(value_node))
        made: list[Link] = []
        if not entries:
            if isinstance(value_node, (ast.Dict, ast.List, ast.Tuple, ast.Set)) or (
                isinstance(value_node, ast.Constant) and value_node.value is None
            ):
                return  # links={} / links=None: no link at all
            entries = [_Entry("computed", value_node, value_node, None, None)]
        invalid = self._invalid(entries)
        for e in entries:
            link = self._link(e, span, consumer, kind, origin)
            link.via = via
            link.network = network
            link.syntax = PyLink(arg, call, e.first)
            if invalid is not None and e.how in ("string", "pair"):
                link.invalid = invalid
                link.target = link.alias = None
            made.append(link)
        self.facts.links += made
        if consumer is not None:
            consumer.links += made

    def _links_literal(self, node: ast.expr) -> ast.expr | None:
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
            bindings = self.r.lookup(node.id, self.r.scope(node))
        elif isinstance(node, ast.Attribute):
            bindings = self.r.attr_bindings(node, self.r.scope(node)) or []
        if len(bindings) == 1 and bindings[0].how == "assign" and bindings[0].value is not None:
            v = bindings[0].value
            if isinstance(v, (ast.Dict, ast.List, ast.Tuple, ast.Set)):
                return v
        return None

    def _entries(self, node: ast.expr) -> Iterator[_Entry]:
        """The entries of a links literal: ``pair`` for a dict item or a 2-tuple,
        ``string`` for a string element, ``computed`` for anything else."""
        if isinstance(node, ast.Dict):
            for k, v in zip(node.keys, node.values, strict=False):
                if k is None:
                    yield _Entry("computed", v, v, None, None)
                else:
                    yield _Entry("pair", k, v, k, v)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "dict"
        ):
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

    def _invalid(self, entries: list[_Entry]) -> str | None:
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
            name = self.r.string(t)
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
        self, e: _Entry, span: Span, consumer: Container | None, kind: LinkKind, origin: str
    ) -> Link:
        a0, b0 = self.pos.start(e.first), self.pos.end(e.last)
        entry_span = Span(self.path, a0, max(a0, b0))
        raw = self.pos.text[entry_span.start : entry_span.end]
        if e.how != "pair":
            return Link(span, Value(raw, entry_span, None, raw), None, None, kind, consumer, origin)
        t, a = e.target, e.alias
        if t is None:
            name = e.name or ""
            target = Value(name, entry_span, name, name)
        else:
            target = self.value(t)
        alias_none = a is None or (isinstance(a, ast.Constant) and a.value in (None, ""))
        alias = target if alias_none or a is None else self.value(a)
        text: str | None = None
        if target.literal is not None and alias.literal is not None:
            text = target.literal if alias_none else f"{target.literal}:{alias.literal}"
            display = text
        else:
            display = target.display if alias_none else f"{target.display}:{alias.display}"
        link = Link(
            span, Value(raw, entry_span, text, display), target, alias, kind, consumer, origin
        )
        if text is not None:
            try:
                parse_link(text)
            except LinkSpecError as exc:
                link.error = str(exc)
        tc = self.container_of(t) if t is not None else None
        if tc is not None and tc is not consumer:
            link.target_container = tc
        return link

    # -- removals and networks -------------------------------------------------------

    def removal(self, call: ast.Call) -> None:
        target = call.args[0] if call.args else None
        args = self.args(call)[0]
        if target is None and "container" in args:
            target = args["container"].value
        if target is None and isinstance(call.func, ast.Attribute):
            target = call.func.value  # Container.remove(link=True)
        value = self.value(target) if target is not None else Value("", self.span(call), None, "")
        self.facts.removals.append(LinkRemoval(self.span(call), value, origin="link=True"))

    def image_build(self, call: ast.Call) -> None:
        """``client.images.build(path=…, tag=…)`` / ``api.build(path=…, tag=…)``."""
        args = self.args(call)[0]
        path_arg = args.get("path")
        path_node = path_arg.value if path_arg is not None else None
        if path_node is None and call.args:
            path_node = call.args[0]
        tag_arg = args.get("tag")
        if path_node is None or tag_arg is None:
            return
        ctx = self.r.string(path_node)
        tag = self.r.string(tag_arg.value)
        if not ctx or not tag or "://" in ctx:
            return
        context = os.path.normpath(os.path.join(os.path.dirname(self.path), ctx))
        self.facts.images.append(ImageBuild(tag, context, self.span(call)))

    def network_decl(self, call: ast.Call) -> None:
        node = call.args[0] if call.args else None
        args = self.args(call)[0]
        if node is None and "name" in args:
            node = args["name"].value
        if node is None:
            return
        name = self.r.string(node)
        if name:
            self.facts.networks.append(NetworkDecl(name, self.span(call)))
