"""``delink inspect``: a live audit of the containers of a Docker daemon.

Through the docker SDK for Python (the optional extra ``delink[inspect]``, imported
only here), for every container with legacy links (``HostConfig.Links``, which the
daemon rebuilds from its legacy link index: links on user-defined networks are not in
it): its targets and aliases, its network mode, the link env its process gets (computed
by :mod:`delink.model` from each target's ``Config.ExposedPorts``, ``Config.Env`` and
default-bridge address, in the algorithm of the daemon's version), whether the daemon
injects it, its ``/etc/hosts`` link lines, and what Engine 29 and Engine 30 change.
Containers of Compose projects (``com.docker.compose.*`` labels) are grouped by project
and service.

The daemon's environment is not visible through the API: from Engine 29, whether it runs
with ``DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS=1`` is unknown unless the user says
so (``--keep-legacy-env``).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from delink.commands.outlook import (
    NEXT_ENGINE,
    EnvChange,
    HostsLine,
    LinkEnvInput,
    algorithm,
    combined_env,
    diff,
)
from delink.model import (
    LinkSpecError,
    env_off_by_default,
    env_removed,
    hosts_names,
    parse_engine,
    parse_link,
)

if TYPE_CHECKING:
    from delink.commands import SettingsLoader

__all__ = ["Audit", "LiveContainer", "audit", "connect", "run"]

COMPOSE = "com.docker.compose."
DEFAULT_HOST = "unix:///var/run/docker.sock"


class _Containers(Protocol):
    def list(self, *, all: bool) -> list[Any]: ...


class Client(Protocol):
    """What delink uses of ``docker.DockerClient``."""

    containers: _Containers

    def version(self) -> dict[str, Any]: ...


@dataclass
class LiveLink:
    target: str  # the target container's name
    alias: str
    link_name: str  # /parent/alias
    target_state: str  # "running", another docker state, or "missing"
    address: str  # the target's default-bridge IPv4, or "<ip of NAME>" when it has none


@dataclass
class ComposeLabels:
    project: str
    service: str
    number: str
    version: str
    oneoff: bool


@dataclass
class LiveContainer:
    name: str
    id: str
    image: str
    state: str
    network_mode: str
    links: list[LiveLink] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)  # what the daemon computes (real values)
    overridden: list[str] = field(default_factory=list)
    injected: bool | None = None  # None: depends on the daemon's environment (29.x)
    hosts: list[HostsLine] = field(default_factory=list)
    compose: ComposeLabels | None = None
    env_29: dict[str, str] = field(default_factory=dict)
    change_29: EnvChange = field(default_factory=EnvChange)

    @property
    def host_names(self) -> list[str]:
        out: list[str] = []
        for line in self.hosts:
            out += [n for n in line.names if n not in out]
        return out


@dataclass
class Audit:
    host: str
    version: str
    api_version: str
    os: str
    keep_legacy_env: bool
    containers: list[LiveContainer] = field(default_factory=list)
    unlinked: int = 0  # containers without legacy links

    @property
    def algorithm(self) -> str:
        return algorithm(self.version)

    @property
    def injects(self) -> bool | None:
        """Whether the daemon injects link env: None when only its environment tells."""
        if self.os != "linux" or env_removed(self.version):
            return False
        if not env_off_by_default(self.version):
            return True
        return True if self.keep_legacy_env else None


def _names(attrs: Mapping[str, Any]) -> str:
    return str(attrs.get("Name") or "").lstrip("/")


def _bridge_address(attrs: Mapping[str, Any]) -> str:
    nets = (attrs.get("NetworkSettings") or {}).get("Networks") or {}
    bridge = nets.get("bridge") or {}
    return str(bridge.get("IPAddress") or "")


def _labels(attrs: Mapping[str, Any]) -> ComposeLabels | None:
    labels = (attrs.get("Config") or {}).get("Labels") or {}
    project = labels.get(COMPOSE + "project")
    if not project:
        return None
    return ComposeLabels(
        project=str(project),
        service=str(labels.get(COMPOSE + "service", "")),
        number=str(labels.get(COMPOSE + "container-number", "")),
        version=str(labels.get(COMPOSE + "version", "")),
        oneoff=str(labels.get(COMPOSE + "oneoff", "False")).lower() == "true",
    )


def _state(attrs: Mapping[str, Any]) -> str:
    return str((attrs.get("State") or {}).get("Status") or "unknown")


def _container(
    attrs: Mapping[str, Any], by_name: Mapping[str, Mapping[str, Any]], a: Audit
) -> LiveContainer:
    config = attrs.get("Config") or {}
    host_config = attrs.get("HostConfig") or {}
    name = _names(attrs)
    out = LiveContainer(
        name=name,
        id=str(attrs.get("Id") or "")[:12],
        image=str(config.get("Image") or ""),
        state=_state(attrs),
        network_mode=str(host_config.get("NetworkMode") or "default"),
        compose=_labels(attrs),
    )
    inputs: list[LinkEnvInput] = []
    for stored in host_config.get("Links") or []:
        try:
            spec = parse_link(str(stored))
        except LinkSpecError:
            continue
        target = by_name.get(spec.name.lstrip("/"))
        link_name = f"/{name}/{spec.alias}"
        if target is None:
            out.links.append(
                LiveLink(spec.name, spec.alias, link_name, "missing", f"<ip of {spec.name}>")
            )
            continue
        tconfig = target.get("Config") or {}
        address = _bridge_address(target) or f"<ip of {spec.name}>"
        out.links.append(LiveLink(spec.name, spec.alias, link_name, _state(target), address))
        ports = tuple(sorted((tconfig.get("ExposedPorts") or {}).keys()))
        child_env = tuple(str(e) for e in tconfig.get("Env") or [])
        inputs.append(LinkEnvInput(link_name, address, ports, child_env))
        hostname = str(tconfig.get("Hostname") or "")
        out.hosts.append(HostsLine(address, hosts_names(spec.alias, hostname, _names(target))))
    own = [str(e).partition("=")[0] for e in config.get("Env") or []]
    env, overridden, _collisions = combined_env(inputs, a.version, own)
    env_29, _, _ = combined_env(inputs, NEXT_ENGINE, own)
    out.injected = a.injects
    out.env = env if out.injected is not False else {}
    out.overridden, out.env_29 = overridden, env_29
    if a.injects is not False and not env_off_by_default(a.version):
        out.change_29 = diff(env, env_29)
    return out


def audit(client: Client, host: str, keep_legacy_env: bool = False) -> Audit:
    """Every container of the daemon with legacy links, with what they give it."""
    info = client.version()
    a = Audit(
        host=host,
        version=str(info.get("Version") or "0"),
        api_version=str(info.get("ApiVersion") or ""),
        os=str(info.get("Os") or "linux"),
        keep_legacy_env=keep_legacy_env,
    )
    try:
        parse_engine(a.version)
    except ValueError:
        a.version = "0"  # a development build: the old algorithm, env injected
    every = [c.attrs for c in client.containers.list(all=True)]
    by_name = {_names(attrs): attrs for attrs in every}
    for attrs in sorted(every, key=_names):
        if not (attrs.get("HostConfig") or {}).get("Links"):
            a.unlinked += 1
            continue
        a.containers.append(_container(attrs, by_name, a))
    return a


def compose_groups(a: Audit) -> dict[str, dict[str, list[LiveContainer]]]:
    """Project -> service -> containers, for the containers Compose made."""
    out: dict[str, dict[str, list[LiveContainer]]] = {}
    for c in a.containers:
        if c.compose is not None:
            out.setdefault(c.compose.project, {}).setdefault(c.compose.service, []).append(c)
    return out


def connect(host: str | None) -> tuple[Client, str]:
    """A client of the daemon at ``host`` (default: the environment's), and its URL.

    Raises :class:`~delink.commands.CommandError` when the SDK is missing or no daemon
    answers."""
    from delink.commands import CommandError

    try:
        import docker
    except ImportError:
        raise CommandError(
            "delink inspect needs the docker SDK for Python: pip install 'delink[inspect]'"
        ) from None
    where = host or os.environ.get("DOCKER_HOST") or DEFAULT_HOST
    try:
        client = docker.DockerClient(base_url=host) if host else docker.from_env()
        client.ping()
    except Exception as exc:  # the SDK raises DockerException, requests and OS errors
        reason = " ".join(str(exc).split())[:300] or type(exc).__name__
        raise CommandError(f"cannot reach a Docker daemon at {where}: {reason}") from None
    url = where
    return client, url


def run(args: argparse.Namespace, out: TextIO, err: TextIO, settings: SettingsLoader) -> int:
    from delink.commands import CommandError, inspect_output

    client, url = connect(args.host)
    import docker.errors
    import requests.exceptions

    try:
        result = audit(client, url, args.keep_legacy_env)
    except (docker.errors.DockerException, requests.exceptions.RequestException, OSError) as exc:
        reason = " ".join(str(exc).split())[:300] or type(exc).__name__
        raise CommandError(f"the daemon at {url} did not answer: {reason}") from None
    if args.format == "json":
        inspect_output.write_json(result, out)
    else:
        inspect_output.write_text(result, out)
    return 0
