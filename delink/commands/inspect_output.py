"""Text and JSON output of ``delink inspect`` (secret values masked, names escaped).

The JSON document (schema: ``delink/data/inspect.schema.json``)::

    {"daemon": {"host", "version", "api_version", "os", "algorithm", "injects"},
     "containers": [{"name", "links": [{"target", "alias"}], "network_mode",
                     "link_env": [NAME, ...], "env": {NAME: VALUE}, ...}],
     "compose_projects": [{"project", "version", "services": [{"service", "containers"}]}]}
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TextIO

from delink.commands.outlook import ESCAPE_HATCH
from delink.commands.textout import change_clause, masked, names, removal_clause, shown, table
from delink.escape import escape_text

if TYPE_CHECKING:
    from delink.commands.inspect import Audit, LiveContainer

__all__ = ["write_json", "write_text"]


def _lost_on_29(a: Audit, c: LiveContainer) -> list[str]:
    """The variables the process has today and no longer gets on Engine 29."""
    if a.injects is True and not env_off(a) and not a.keep_legacy_env:
        return list(c.env)
    return []


def _engine29(a: Audit, c: LiveContainer) -> dict[str, Any]:
    lost = _lost_on_29(a, c)
    change = c.change_29
    return {
        "injected": a.keep_legacy_env,
        "lost": lost,
        "changed": {
            k: {
                "from": shown(k, x),
                "to": shown(k, y),
            }
            for k, (x, y) in change.changed.items()
        },
        "added": change.added,
        "removed": change.removed,
    }


def _container_json(a: Audit, c: LiveContainer) -> dict[str, Any]:
    return {
        "name": c.name,
        "id": c.id,
        "image": c.image,
        "state": c.state,
        "network_mode": c.network_mode,
        "links": [
            {
                "target": x.target,
                "alias": x.alias,
                "link_name": x.link_name,
                "target_state": x.target_state,
                "address": x.address,
            }
            for x in c.links
        ],
        "link_env": list(c.env),
        "env": masked(c.env),
        "overridden": c.overridden,
        "injected": c.injected,
        "hosts": [{"address": h.address, "names": h.names} for h in c.hosts],
        "compose": None
        if c.compose is None
        else {
            "project": c.compose.project,
            "service": c.compose.service,
            "number": c.compose.number,
            "version": c.compose.version,
            "oneoff": c.compose.oneoff,
        },
        "engine29": _engine29(a, c),
        "engine30": {
            "lost": list(c.env) if c.injected is not False else [],
            "hosts_removed": c.host_names,
        },
    }


def _projects(a: Audit) -> list[dict[str, Any]]:
    from delink.commands.inspect import compose_groups

    out = []
    for project, services in sorted(compose_groups(a).items()):
        versions = sorted({c.compose.version for cs in services.values() for c in cs if c.compose})
        out.append(
            {
                "project": project,
                "version": ", ".join(v for v in versions if v),
                "services": [
                    {"service": service, "containers": [c.name for c in cs]}
                    for service, cs in sorted(services.items())
                ],
            }
        )
    return out


def write_json(a: Audit, out: TextIO) -> None:
    doc = {
        "daemon": {
            "host": a.host,
            "version": a.version,
            "api_version": a.api_version,
            "os": a.os,
            "algorithm": a.algorithm,
            "injects": a.injects,
            "keep_legacy_env": a.keep_legacy_env,
        },
        "containers": [_container_json(a, c) for c in a.containers],
        "unlinked": a.unlinked,
        "compose_projects": _projects(a),
    }
    out.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")


# -- text ------------------------------------------------------------------------------------


def _injection(a: Audit) -> str:
    if a.os != "linux":
        return f"no links on a {escape_text(a.os)} daemon"
    if a.injects is False:
        return "not injected: Engine 30 removed the link env and its escape hatch"
    if a.injects is None:
        return (
            f"injected only if the daemon runs with {ESCAPE_HATCH}, which the API does not "
            "show (say so with --keep-legacy-env)"
        )
    if a.keep_legacy_env and env_off(a):
        return f"injected ({a.algorithm} algorithm), as the daemon runs with {ESCAPE_HATCH}"
    return f"injected ({a.algorithm} algorithm)"


def env_off(a: Audit) -> bool:
    from delink.model import env_off_by_default

    return env_off_by_default(a.version)


def _engine29_text(a: Audit, c: LiveContainer) -> str | None:
    if env_off(a):
        return None
    if a.keep_legacy_env:
        text = f"the daemon keeps the link env ({ESCAPE_HATCH})"
    else:
        text = f"no link env unless the daemon runs with {ESCAPE_HATCH}"
        lost = _lost_on_29(a, c)
        if lost:
            text += f": {len(lost)} variables are gone"
    return text + change_clause(c.change_29)


def _engine30_text(c: LiveContainer) -> str:
    return "the link env and the escape hatch are removed" + removal_clause(c.host_names)


def _block(a: Audit, c: LiveContainer, indent: str) -> list[str]:
    image = escape_text(c.image)
    lines = [
        f"{indent}{escape_text(c.name)}  {c.state}  network {escape_text(c.network_mode)}  "
        f"image {image}  id {c.id}"
    ]
    lines.append(f"{indent}  links")
    rows = []
    for x in c.links:
        spec = escape_text(x.target)
        if x.alias != x.target:
            spec += f" as {escape_text(x.alias)}"
        rows.append((spec, x.target_state, escape_text(x.address)))
    lines += table(rows, indent + "    ")
    for x in c.links:
        if x.target_state != "running" and c.state != "running":
            lines.append(
                f"{indent}    {escape_text(x.target)} is {x.target_state}: the container "
                f"cannot start (Cannot link to a non running container)"
            )
    if c.env:
        head = "link env" if c.injected is not False else "link env (not injected)"
        if c.injected is None:
            head = f"link env (only with {ESCAPE_HATCH})"
        lines.append(f"{indent}  {head}")
        for k, v in c.env.items():
            lines.append(f"{indent}    {escape_text(k)}={escape_text(shown(k, v))}")
    if c.overridden:
        lines.append(f"{indent}  set by the container itself: {names(c.overridden)}")
    if c.hosts:
        lines.append(f"{indent}  /etc/hosts")
        lines += table(
            [(escape_text(h.address), escape_text(" ".join(h.names))) for h in c.hosts],
            indent + "    ",
        )
    e29 = _engine29_text(a, c)
    if e29 is not None:
        lines.append(f"{indent}  Engine 29: {e29}")
    lines.append(f"{indent}  Engine 30: {_engine30_text(c)}")
    return lines


def write_text(a: Audit, out: TextIO) -> None:
    from delink.commands.inspect import compose_groups

    lines = [
        f"Docker Engine {escape_text(a.version)} (API {escape_text(a.api_version)}, "
        f"{escape_text(a.os)}) at {escape_text(a.host)}",
        f"link env: {_injection(a)}",
    ]
    n = len(a.containers)
    noun = "container" if n == 1 else "containers"
    lines.append(f"{n} {noun} with legacy links, {a.unlinked} without")
    for c in a.containers:
        if c.compose is None:
            lines.append("")
            lines += _block(a, c, "")
    for project, services in sorted(compose_groups(a).items()):
        versions = sorted({c.compose.version for cs in services.values() for c in cs if c.compose})
        shown = ", ".join(v for v in versions if v)
        lines.append("")
        lines.append(
            f"Compose project {escape_text(project)}"
            + (f" (Compose {escape_text(shown)})" if shown else "")
        )
        for service, cs in sorted(services.items()):
            lines.append(f"  service {escape_text(service)}")
            for c in cs:
                lines += _block(a, c, "    ")
    out.write("\n".join(lines) + "\n")
