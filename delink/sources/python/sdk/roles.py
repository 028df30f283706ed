"""Which SDK call a call is: its role and its receiver.

A receiver that resolves to a docker object counts; one that resolves to something else
(a module that is not ``docker``, a literal) never does. An *unknown* receiver (a
parameter nobody here passes, ``self.client`` set in a base class elsewhere) counts:

* for the methods only the SDK has (``create_host_config``, ``create_endpoint_config``,
  ``create_networking_config``, ``connect_container_to_network``, ``remove_container``
  with ``link=True``);
* for ``create_container`` and ``X.containers.run/create`` when the file imports
  ``docker``, the receiver's name says client (``client``, ``docker…``, ``cli``,
  ``api``…) or the same receiver makes another SDK-only call in the file;
* for the low-level ``start(container, links=…)`` when the file imports ``docker``, the
  receiver's name says client, or it makes an SDK-only call in the file;
* for ``X.connect(links=…)`` when the file imports ``docker`` and the name says
  network (``net``…), and ``X.remove(link=True)`` when the file imports ``docker``.

So ``models.Page(links=…)``, ``tracer.start_as_current_span(links=…)`` or an ORM's
``links=`` are never read.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from delink.sources.python.sdk.args import kwarg

if TYPE_CHECKING:
    from delink.sources.python.scope import Binding
    from delink.sources.python.sdk.context import SdkContext

__all__ = ["client_like", "role", "signature", "wrapper"]

_CLIENT_NAME = re.compile(r"(?i)client|docker|^(?:cli|dc|api|_api|api_client|dkr)$")
_NETWORK_NAME = re.compile(r"(?i)net")
# a project's own docker helpers: a module, a receiver or a class named after docker
_DOCKERISH = re.compile(r"(?i)docker")
# what a wrapper method that starts a container is called
_STARTS = re.compile(r"(?i)^(?:run|start|create|launch|spawn)|container")
# methods only a docker client has: a receiver that makes one of these calls is one
_SDK_ONLY = frozenset(
    {
        "create_container",
        "create_host_config",
        "create_endpoint_config",
        "create_networking_config",
        "connect_container_to_network",
        "inspect_container",
        "remove_container",
        "create_network",
        "import_image",
    }
)
_ROLE_FUNCS = {
    "docker.types.HostConfig": "host-config",
    "docker.utils.create_host_config": "host-config",
    "docker.types.EndpointConfig": "endpoint-config",
    "docker.utils.create_endpoint_config": "endpoint-config",
}
# the classes and functions that take the API version first
_VERSION_FIRST = frozenset(
    {
        "docker.types.HostConfig",
        "docker.types.EndpointConfig",
        "docker.utils.create_endpoint_config",
    }
)


def _last_name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, (ast.Call, ast.Subscript)):
        return _last_name(node.func if isinstance(node, ast.Call) else node.value)
    return ""


def client_like(node: ast.AST) -> bool:
    """Does the receiver's name say it is a docker client (``client``, ``self.docker``)?"""
    return bool(_CLIENT_NAME.search(_last_name(node)))


def dotted(node: ast.AST) -> str:
    """``self.client`` for a receiver written as names and attributes, else ``""``."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr}" if base else ""
    return ""


def sdk_receivers(calls: list[ast.Call]) -> set[str]:
    """Receivers (as dotted text) that make an SDK-only call somewhere in the file."""
    out = set()
    for c in calls:
        f = c.func
        if isinstance(f, ast.Attribute) and f.attr in _SDK_ONLY:
            name = dotted(f.value)
            if name:
                out.add(name)
    return out


def _is_true(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def signature(ctx: SdkContext, call: ast.Call, role_name: str) -> str:
    """The key of :data:`~delink.sources.python.sdk.args.POSITIONAL` for this call."""
    if role_name in ("host-config", "endpoint-config"):
        k = ctx.r.kind(call.func)
        if k.tag in ("class", "func") and k.path in _VERSION_FIRST:
            return role_name + "-class"
    return role_name


def role(ctx: SdkContext, call: ast.Call, evidence: set[str]) -> tuple[str, ast.expr | None] | None:
    func = call.func
    if isinstance(func, ast.Name):
        k = ctx.r.kind(func)
        if k.tag in ("class", "func") and k.path in _ROLE_FUNCS:
            return _ROLE_FUNCS[k.path], None
        return None
    if not isinstance(func, ast.Attribute):
        return None
    name = func.attr
    recv = func.value
    if name in ("HostConfig", "EndpointConfig", "create_host_config", "create_endpoint_config"):
        k = ctx.r.kind(func)
        if k.tag in ("class", "func") and k.path in _ROLE_FUNCS:
            return _ROLE_FUNCS[k.path], None
    rk = ctx.r.kind(recv)
    if rk.tag in ("other", "environ") and not rk.docker:
        return None
    if rk.tag == "module" and not rk.docker and "." not in rk.path:
        return None  # a module itself (``requests.start``)
    # a name imported from another module (``from app.dockerutil import client``) may be
    # a client: as unknown as a parameter
    unknown = rk.tag in ("unknown", "module") and not rk.docker
    # ``docker.from_env()`` made a low-level ``Client`` before docker-py 2.0: a client
    # that makes low-level calls in this file (``self.dc.create_container``) is one
    api = rk.tag == "api" or (rk.tag == "client" and dotted(recv) in evidence)
    seen = unknown and dotted(recv) in evidence  # the receiver makes SDK-only calls
    docker_file = ctx.imports_docker
    if name == "create" and rk.tag == "networks":
        return "network-create", recv
    if name in ("run", "create"):
        # X.containers.run: the receiver of .containers
        if rk.tag == "containers":
            return name, _client_expr(recv)
        if (
            unknown
            and isinstance(recv, ast.Attribute)
            and recv.attr == "containers"
            and ctx.r.kind(recv.value).tag == "unknown"
            and (docker_file or client_like(recv.value) or dotted(recv.value) in evidence)
        ):
            return name, recv.value
        return None
    if name == "create_container":
        if api or (
            unknown and (docker_file or client_like(recv) or seen or kwarg(call, "host_config"))
        ):
            return "api", recv
        return None
    if name == "create_host_config":
        return ("host-config", recv) if rk.tag in ("api", "client") or unknown else None
    if name == "create_endpoint_config":
        return ("endpoint-config", recv) if rk.tag in ("api", "client") or unknown else None
    if name == "connect_container_to_network":
        return ("connect-api", recv) if api or unknown else None
    if name == "connect":
        if rk.tag == "network" or (
            unknown and docker_file and _NETWORK_NAME.search(_last_name(recv))
        ):
            return "network-connect", recv
        return None
    if name == "start":
        if api or (unknown and (docker_file or seen or client_like(recv))):
            return "start", recv
        return None
    if name == "remove_container":
        kw = kwarg(call, "link")
        if kw is not None and _is_true(kw.value) and (api or unknown):
            return "remove-api", recv
        return None
    if name == "remove":
        kw = kwarg(call, "link")
        if kw is None or not _is_true(kw.value):
            return None
        if rk.tag == "container" or (unknown and docker_file):
            return "container-remove", recv
        return None
    if name == "build" and (
        rk.tag in ("api", "images")
        or (unknown and isinstance(recv, ast.Attribute) and recv.attr == "images" and docker_file)
    ):
        return "image-build", recv
    if name == "create_network" and (api or (unknown and docker_file)):
        return "network-create", recv
    return None


def _client_expr(containers: ast.expr) -> ast.expr | None:
    """``client`` of ``client.containers`` (None when ``containers`` is a variable)."""
    if isinstance(containers, ast.Attribute) and containers.attr == "containers":
        return containers.value
    return None


def wrapper(ctx: SdkContext, call: ast.Call) -> bool:
    """A call of the project's own docker helper with ``links=``: the links reach docker
    through it. Evidence that it is one (a generic ``run``/``create`` is not enough):

    * a function imported from a module of the project named after docker
      (``from _lib.docker import start_docker_container``, ``from app.docker_utils
      import run_container``);
    * a method that starts something (``run``, ``start_…``, ``…container…``) of a receiver
      named after docker (``self._docker``, ``docker``) or made by a class named after
      docker that comes from elsewhere (``c = DockerClient()``).

    Calls of functions of this file are not wrappers here: their own docker calls are read.
    """
    if kwarg(call, "links") is None:
        return False
    func = call.func
    r = ctx.r
    if isinstance(func, ast.Name):
        imported = r.lookup(func.id, r.scope(func))
        return bool(imported) and all(
            b.how == "import" and _project_docker_module(b.path) for b in imported
        )
    if not isinstance(func, ast.Attribute) or not _STARTS.search(func.attr):
        return False
    recv = func.value
    k = r.kind(recv)
    if k.docker or r.local_function(func, r.scope(func)) is not None:
        return False
    if _DOCKERISH.search(_last_name(recv)):
        return True
    bindings: list[Binding] = []
    if isinstance(recv, ast.Name):
        bindings = r.lookup(recv.id, r.scope(recv))
    elif isinstance(recv, ast.Attribute):
        bindings = r.attr_bindings(recv, r.scope(recv)) or []
    for b in bindings:
        v = b.value
        if b.how == "assign" and isinstance(v, ast.Call) and _DOCKERISH.search(_last_name(v)):
            made = r.kind(v.func)
            if made.tag in ("module", "unknown") and not made.docker:
                return True
    return False


def _project_docker_module(path: str) -> bool:
    """``_lib.docker.start_docker_container``: a name from a module of the project whose
    dotted path names docker (never the docker SDK itself)."""
    parts = path.split(".")
    if parts[0] in ("", "docker") and not path.startswith("."):
        return False
    return any(_DOCKERISH.search(p) for p in parts[:-1])
