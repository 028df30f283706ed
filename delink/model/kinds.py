"""Enumerations shared by the model and the facts."""

from __future__ import annotations

from enum import Enum


class LinkKind(str, Enum):
    """What the engine does with a link."""

    LEGACY = "legacy"  # HostConfig.Links on the default bridge: /etc/hosts + env (by engine)
    ENDPOINT = "endpoint"  # EndpointSettings.Links on a user-defined network: DNS alias only
    IGNORED = "ignored"  # sent, but the engine ignores it (SDK links= with network=)
    REJECTED = "rejected"  # the daemon refuses it (host / container: network modes)
    NOOP = "noop"  # accepted and does nothing (network none, network connect on bridge)
    EXTERNAL = "external"  # Compose external_links: a container outside the project
    UNKNOWN = "unknown"  # depends on a value delink cannot see (a variable network)


class NetworkKind(str, Enum):
    """How a network mode value is classified (docker/cli parseNetworkOpts, moby runconfig)."""

    DEFAULT_BRIDGE = "default-bridge"  # no value, "default" or "bridge"
    USER_DEFINED = "user-defined"
    HOST = "host"
    NONE = "none"
    CONTAINER = "container"  # container:<name|id>
    SERVICE = "service"  # Compose network_mode: service:<name>
    UNKNOWN = "unknown"  # not static (a shell variable)
