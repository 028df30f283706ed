"""Is a YAML document a Compose file, and in which format (spec part A1)?

Compose 1.29.2 ``ConfigFile.version``: no ``version`` and a truthy top-level
``services``/``networks``/``volumes`` is the Compose spec; no ``version`` otherwise is
v1 (every top-level key is a service); ``version: "2.x"``/``"3.x"`` name those formats
(Compose v2 ignores the key). Shape decides, not the word ``links``: a Kubernetes
manifest, an Ansible variables file or a tool's own schema with a ``links`` key is not
Compose. Blockade's ``blockade.yaml`` (top-level ``containers:`` of services that take
``links``) is Compose-like and read the same way, and so are Docker Cloud stackfiles
(the v1 layout with scheduling keys such as ``autoredeploy`` and
``target_num_containers``).
"""

from __future__ import annotations

import re
from typing import Any

from delink.sources.compose.nodes import Pair, is_map, is_null, is_scalar, pairs

__all__ = ["SERVICE_KEYS", "STACKFILE_KEYS", "V1_KEYS", "detect", "version_format"]

# Compose 1.x config_schema_v1.json service properties (plus fig-era keys).
V1_KEYS = frozenset(
    [
        "build",
        "cap_add",
        "cap_drop",
        "cgroup_parent",
        "command",
        "container_name",
        "cpu_shares",
        "cpu_quota",
        "cpuset",
        "cpus",
        "devices",
        "dns",
        "dns_search",
        "dockerfile",
        "domainname",
        "entrypoint",
        "env_file",
        "environment",
        "expose",
        "extends",
        "external_links",
        "extra_hosts",
        "hostname",
        "image",
        "ipc",
        "labels",
        "links",
        "log_driver",
        "log_opt",
        "mac_address",
        "mem_limit",
        "memswap_limit",
        "mem_swappiness",
        "net",
        "pid",
        "ports",
        "privileged",
        "read_only",
        "restart",
        "security_opt",
        "shm_size",
        "stdin_open",
        "stop_signal",
        "tty",
        "ulimits",
        "user",
        "volumes",
        "volume_driver",
        "volumes_from",
        "working_dir",
        "oom_score_adj",
        "oom_kill_disable",
        "group_add",
        "cpu_period",
        "isolation",
        "init",
    ]
)
# Keys of Docker Cloud / Tutum stackfiles (``dockercloud.yml``, ``tutum.yml``): the v1
# layout (top-level services) with scheduling keys of their own.
STACKFILE_KEYS = frozenset(
    [
        "autodestroy",
        "autoredeploy",
        "autorestart",
        "deployment_strategy",
        "roles",
        "sequential_deployment",
        "tags",
        "target_num_containers",
    ]
)
# Keys of Ansible Container's ``container.yml`` services (its own build and deploy
# settings over a v1-like service; the engine gets the links as Docker links). Counted
# only where the name or the host says Compose (a documentation snippet).
ANSIBLE_CONTAINER_KEYS = frozenset(["dev_overrides", "options", "roles", "from"])
# Service keys of the v2/v3 schemas and the Compose spec (a superset check only).
SERVICE_KEYS = V1_KEYS | frozenset(
    [
        "annotations",
        "attach",
        "blkio_config",
        "configs",
        "cpu_count",
        "cpu_percent",
        "cpu_rt_period",
        "cpu_rt_runtime",
        "credential_spec",
        "depends_on",
        "deploy",
        "develop",
        "device_cgroup_rules",
        "driver_opts",
        "env_file",
        "expose",
        "gpus",
        "healthcheck",
        "label_file",
        "links",
        "logging",
        "mem_reservation",
        "models",
        "network_mode",
        "networks",
        "platform",
        "post_start",
        "pre_stop",
        "profiles",
        "provider",
        "pull_policy",
        "pull_refresh_after",
        "runtime",
        "scale",
        "secrets",
        "stop_grace_period",
        "storage_opt",
        "sysctls",
        "tmpfs",
        "use_api_socket",
        "userns_mode",
        "uts",
        "volumes_from",
    ]
)
_CORE = frozenset({"image", "build", "extends"})
_TOP_SPEC = frozenset(
    {
        "version",
        "services",
        "networks",
        "volumes",
        "configs",
        "secrets",
        "name",
        "include",
        "models",
    }
)
_BLOCKADE_KEYS = frozenset(
    {
        "image",
        "command",
        "links",
        "ports",
        "expose",
        "volumes",
        "environment",
        "hostname",
        "dns",
        "cap_add",
        "name",
        "start_delay",
        "neutral",
        "holy",
        "count",
        "deploy",
    }
)
_VERSION_RE = re.compile(r"^[1-3]+(?:\.\d+)?$")


def _service_like(
    node: Any, keys: frozenset[str], *, need_core: bool, lenient: bool = False
) -> bool:
    """A service of these keys; ``lenient``: keys of its own are allowed too when it has
    an image or a build (a ``fig.yml`` service with a ``name:``)."""
    if is_null(node):
        return not need_core
    if not is_map(node):
        return False
    names = [p.name for p in pairs(node)]
    if not names:
        return not need_core
    core = any(n in _CORE for n in names)
    if any(n not in keys and not n.startswith("x-") for n in names) and not (lenient and core):
        return False
    return not need_core or core


def version_format(text: str | None) -> str:
    """``"2"`` → ``"2.0"``, ``"3.8"`` → ``"3.8"``; anything else is the spec."""
    if text is None:
        return "spec"
    t = text.strip()
    if not _VERSION_RE.match(t) or t.startswith("1"):
        return "spec"
    if "." not in t:
        t += ".0"
    return t


def detect(root: Any, compose_named: bool) -> tuple[str, Pair | None] | None:
    """``(format, services pair)`` or None when the document is not Compose.

    ``compose_named``: the file name says Compose (``docker-compose.yml``, ``fig.yml``),
    so weaker shapes count (an override that only adds ``links`` to a service)."""
    if not is_map(root):
        return None
    top = pairs(root)
    if not top:
        return None
    keys = {p.name: p for p in top}
    services = keys.get("services")
    version = keys.get("version")
    if services is not None and (is_map(services.value) or is_null(services.value)):
        svc_pairs = pairs(services.value)
        if not all(is_map(p.value) or is_null(p.value) for p in svc_pairs):
            return None
        if not compose_named and not all(
            _service_like(p.value, SERVICE_KEYS, need_core=False) for p in svc_pairs
        ):
            return None
        unknown = [k for k in keys if k not in _TOP_SPEC and not k.startswith("x-")]
        if unknown and not compose_named:
            return None
        if not svc_pairs and not compose_named:
            return None
        vtext = version.value.value if version is not None and is_scalar(version.value) else None
        return version_format(str(vtext) if vtext is not None else None), services
    containers = keys.get("containers")
    if containers is not None and is_map(containers.value):
        cpairs = pairs(containers.value)
        if cpairs and all(
            is_map(p.value)
            and any(q.name == "image" for q in pairs(p.value))
            and all(q.name in _BLOCKADE_KEYS or q.name in V1_KEYS for q in pairs(p.value))
            for p in cpairs
        ):
            return "blockade", containers
    if (
        version is not None
        and is_scalar(version.value)
        and compose_named
        and all(k in _TOP_SPEC or k.startswith("x-") for k in keys)
    ):
        # a versioned file without services (an override of networks or volumes)
        return version_format(str(version.value.value)), None
    if (
        any(k in ("networks", "volumes") for k in keys)
        and compose_named
        and all(k in _TOP_SPEC or k.startswith("x-") for k in keys)
    ):
        return "spec", None
    # v1: every top-level key is a service (Docker Cloud stackfiles add keys of their own)
    v1_keys = V1_KEYS | STACKFILE_KEYS | (ANSIBLE_CONTAINER_KEYS if compose_named else frozenset())
    if not all(
        _service_like(p.value, v1_keys, need_core=False, lenient=compose_named)
        and (compose_named or not is_null(p.value))
        for p in top
    ):
        return None
    if any(_service_like(p.value, v1_keys, need_core=True) for p in top):
        return "v1", None
    if compose_named:
        return "v1", None
    return None
