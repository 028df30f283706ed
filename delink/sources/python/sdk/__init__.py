"""docker SDK calls -> containers, links, link removals, networks, env shims.

Entry points (spec B1), each found as a call whose receiver resolves (see
:mod:`delink.sources.python.scope`) or whose method name is the SDK's own (see
:mod:`~delink.sources.python.sdk.roles` for which unknown receivers count):

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
a project's docker helper called with       ``wrapper links=``     LEGACY (no consumer:
``links=`` (``start_docker_container(…)``,                         the helper's
``self._docker.run(…)``; see ``roles``)                            signature is unknown)
a dict of host-config kwargs that no call   ``kwargs links=``      LEGACY (no consumer)
here takes (``dict(links=…, binds=…,
port_bindings=…)``)
=========================================== ====================== ===================

Arguments are keywords, entries of ``**params`` dicts (followed through copies, merges
and later assignments: :mod:`~delink.sources.python.sdk.args`) or positionals (the 6th
of ``start`` and ``connect_container_to_network``, the 5th of ``create_host_config``).
Link values: :mod:`~delink.sources.python.sdk.links`. Modules: ``context`` (the
:class:`SdkContext` every handler gets), ``roles`` (which call is which),
``containers`` (calls that create containers), ``calls`` (one handler per call kind).
"""

from __future__ import annotations

import ast

from delink.facts import FileFacts
from delink.sources.python.sdk.calls import HANDLERS, docker_kwargs
from delink.sources.python.sdk.containers import container, host_config
from delink.sources.python.sdk.context import SdkContext
from delink.sources.python.sdk.roles import client_like, role, sdk_receivers, wrapper
from delink.sources.python.syntax import PyFile

__all__ = ["SdkReader", "client_like"]


class SdkReader:
    def __init__(self, facts: FileFacts, pyfile: PyFile) -> None:
        self.ctx = SdkContext(facts, pyfile)

    @property
    def env_keys(self) -> set[int]:
        return self.ctx.env_keys

    def run(self, calls: list[ast.Call]) -> None:
        ctx = self.ctx
        evidence = sdk_receivers(calls)
        found: list[tuple[ast.Call, str, ast.expr | None]] = []
        for c in calls:
            got = role(ctx, c, evidence)
            if got is None and wrapper(ctx, c):
                got = ("wrapper", None)
            if got is not None:
                ctx.roles[id(c)] = got
                found.append((c, *got))
        # containers first (links refer to them), in source order
        for call, name, recv in found:
            if name in ("run", "create", "api"):
                container(ctx, call, name, recv)
        for call, name, _ in found:
            if name == "host-config":
                host_config(ctx, call)
        for call, name, _ in found:
            handler = HANDLERS.get(name)
            if handler is not None:
                handler(ctx, call)
        docker_kwargs(ctx)
