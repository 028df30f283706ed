"""Network modes and what they make of a link (``link-semantics.md`` sections 3 and 5).

* default bridge (no ``--network``, ``default``, ``bridge``): a **legacy** link,
  ``/etc/hosts`` entries and (engine permitting) env vars;
* a user-defined network: the CLI copies ``--link`` into the endpoint config, an
  **endpoint** link: a DNS alias seen only by the linking container;
* ``host`` and ``container:X`` (Compose ``service:X`` becomes ``container:<id>``):
  **rejected** by the daemon;
* ``none``: accepted, does nothing.

Windows daemons have no links at all (``setupLinkedContainers`` is a no-op there);
these functions describe Linux daemons and take no platform argument.
"""

from __future__ import annotations

import re

from delink.model.kinds import LinkKind, NetworkKind
from delink.model.version import env_off_by_default, env_removed

__all__ = [
    "CONTAINER_NETWORK_LINKS_MESSAGE",
    "HOST_NETWORK_LINKS_MESSAGE",
    "NETWORK_ALIAS_MESSAGE",
    "classify_network",
    "env_injected",
    "link_kind",
    "network_alias_allowed",
    "network_connect_link_kind",
    "reject_message",
    "sanitize_network_name",
    "valid_network_name",
]

# moby daemon/internal/runconfig/hostconfig_unix.go validateNetMode
HOST_NETWORK_LINKS_MESSAGE = (
    "conflicting options: host type networking can't be used with links. "
    "This would result in undefined behavior"
)
# moby runconfig errors.go ErrConflictContainerNetworkAndLinks / validateNetContainerMode
CONTAINER_NETWORK_LINKS_MESSAGE = (
    "conflicting options: container type network can't be used with links. "
    "This would result in undefined behavior"
)
# docker/cli parseNetworkAttachmentOpt (the daemon's validateEndpointSettings agrees)
NETWORK_ALIAS_MESSAGE = "network-scoped aliases are only supported for user-defined networks"

# Shell ($X, ${X}, $(...), `...`), Compose (${X:-y}) and template ({{ .x }}) syntax:
# the value is not static.
_DYNAMIC_RE = re.compile(r"[$`]|\{\{|\{%")
_NETWORK_NAME_RE = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9_.-]+", re.ASCII)


def classify_network(value: str | None) -> NetworkKind:
    """Classify a ``--network`` / ``network_mode`` value (case-sensitive, like Docker)."""
    if value is None or value in ("", "default", "bridge"):
        return NetworkKind.DEFAULT_BRIDGE
    if _DYNAMIC_RE.search(value):
        return NetworkKind.UNKNOWN
    if value == "host":
        return NetworkKind.HOST
    if value == "none":
        return NetworkKind.NONE
    if value.startswith("container:"):
        return NetworkKind.CONTAINER
    if value.startswith("service:"):
        return NetworkKind.SERVICE
    return NetworkKind.USER_DEFINED


_RUN_LINK_KIND = {
    NetworkKind.DEFAULT_BRIDGE: LinkKind.LEGACY,
    NetworkKind.USER_DEFINED: LinkKind.ENDPOINT,
    NetworkKind.HOST: LinkKind.REJECTED,
    NetworkKind.CONTAINER: LinkKind.REJECTED,
    NetworkKind.SERVICE: LinkKind.REJECTED,
    NetworkKind.NONE: LinkKind.NOOP,
    NetworkKind.UNKNOWN: LinkKind.UNKNOWN,
}


def link_kind(network: NetworkKind) -> LinkKind:
    """What ``docker run --link`` does on a container whose (first) network is ``network``."""
    return _RUN_LINK_KIND[network]


def network_connect_link_kind(network: NetworkKind) -> LinkKind:
    """What ``docker network connect --link c:a NET CTR`` does for network ``NET``.

    User-defined: an endpoint link. ``bridge``: no validation, the alias goes into an
    endpoint nothing resolves (the default bridge has no embedded DNS): a no-op
    *(derived)*. ``host``/``none`` cannot be connected to, and ``container:``/``service:``
    are no network names: rejected *(derived)*.
    """
    if network is NetworkKind.USER_DEFINED:
        return LinkKind.ENDPOINT
    if network is NetworkKind.DEFAULT_BRIDGE:
        return LinkKind.NOOP
    if network is NetworkKind.UNKNOWN:
        return LinkKind.UNKNOWN
    return LinkKind.REJECTED


def env_injected(kind: LinkKind, engine: str, keep_env: bool = False) -> bool:
    """Does the engine inject ``ALIAS_*`` env vars for a link of this kind?

    Only legacy links, and from v29 only when the daemon runs with
    ``DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS=1`` (``keep_env``); from v30 never,
    as the escape hatch is removed too. Windows daemons never do (no links there);
    callers that know the daemon is Windows must not ask.
    """
    if kind is not LinkKind.LEGACY or env_removed(engine):
        return False
    return keep_env or not env_off_by_default(engine)


def reject_message(kind: NetworkKind) -> str | None:
    """The daemon's error for ``--link`` with this network mode, or None if accepted.

    Compose ``network_mode: service:x`` reaches the daemon as ``container:<id>``.
    """
    if kind is NetworkKind.HOST:
        return HOST_NETWORK_LINKS_MESSAGE
    if kind in (NetworkKind.CONTAINER, NetworkKind.SERVICE):
        return CONTAINER_NETWORK_LINKS_MESSAGE
    return None


def network_alias_allowed(kind: NetworkKind) -> bool:
    """Are ``--network-alias`` / Compose ``aliases`` accepted on this network?

    Only user-defined networks (else :data:`NETWORK_ALIAS_MESSAGE`). UNKNOWN gives True:
    nothing can be said about a value delink cannot see.
    """
    return kind in (NetworkKind.USER_DEFINED, NetworkKind.UNKNOWN)


def valid_network_name(name: str) -> bool:
    """Docker's name pattern ``^[a-zA-Z0-9][a-zA-Z0-9_.-]+$`` (two characters at least)."""
    return _NETWORK_NAME_RE.fullmatch(name) is not None


def sanitize_network_name(text: str) -> str:
    """Make a valid network name from arbitrary text (a project or container name).

    Runs of other characters become ``-``, leading ``_.-`` and trailing ``-`` are
    dropped; a result shorter than two characters gets ``-net`` appended, and empty
    text gives ``delink-net``. Valid names are returned unchanged.
    """
    if valid_network_name(text):
        return text
    name = re.sub(r"[^a-zA-Z0-9_.-]+", "-", text).lstrip("_.-").rstrip("-")
    if not name:
        return "delink-net"
    if len(name) < 2:
        name += "-net"
    return name
