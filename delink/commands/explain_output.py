"""Text and JSON output of ``delink explain`` (secret values masked, names escaped).

The JSON document (schema: ``delink/data/explain.schema.json``)::

    {"engine": "28.0", "algorithm": "new", "keep_legacy_env": false,
     "consumers": [{"name", "file", "line", "links": [{"target", "alias", ...}],
                    "env": {NAME: VALUE}, "hosts": [{"address", "names"}],
                    "reads": [{"name", "pattern", "set", "locations"}], ...}]}
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TextIO

from delink.commands.outlook import ESCAPE_HATCH
from delink.commands.textout import change_clause, masked, names, removal_clause, shown, table
from delink.escape import escape_path, escape_text
from delink.model import env_off_by_default, env_removed

if TYPE_CHECKING:
    from delink.commands.explain import Consumer, Read, Use

__all__ = ["to_json", "write_json", "write_text"]


def _loc(use: Use) -> dict[str, Any]:
    return {"file": use.path, "line": use.line, "column": use.column}


def _read(c: Consumer, r: Read) -> dict[str, Any]:
    return {
        "name": r.name,
        "pattern": r.pattern,
        "set": bool(c.read_names_of(r)),
        "locations": [_loc(u) for u in r.at],
    }


def to_json(c: Consumer) -> dict[str, Any]:
    change = c.change_29
    return {
        "name": c.name,
        "container_name": c.container_name,
        "service": c.service,
        "origin": c.origin,
        "language": c.language,
        "file": c.path,
        "line": c.line,
        "column": c.column,
        "network": c.network,
        "links": [
            {
                "target": x.target,
                "alias": x.alias,
                "kind": x.kind,
                "file": x.path,
                "line": x.line,
                "column": x.column,
                "target_name": x.target_name,
                "resolved": x.resolved,
                "link_names": x.names,
                "ports": x.ports,
                "ports_source": x.ports_source,
                "note": x.note,
            }
            for x in c.links
        ],
        "injected": c.injected,
        "env": masked(c.env),
        "overridden": c.overridden,
        "collisions": c.collisions,
        "hosts": [{"address": h.address, "names": h.names} for h in c.hosts],
        "reads": [_read(c, r) for r in c.reads],
        "hostname_uses": [
            {"host": host, "locations": [_loc(u) for u in uses]}
            for host, uses in c.host_uses.items()
        ],
        "notes": c.notes,
        "engine29": {
            "injected": bool(c.env_29) and c.keep_legacy_env,
            "env_with_escape_hatch": masked(c.env_29),
            "changed": {
                k: {"from": shown(k, a), "to": shown(k, b)} for k, (a, b) in change.changed.items()
            },
            "added": change.added,
            "removed": change.removed,
            "lost_reads": c.lost_on_29,
            "empty_reads": c.empty_reads,
        },
        "engine30": {
            "lost_reads": c.lost_on_30,
            "hosts_removed": c.host_names,
            "hostname_uses": sorted(h for h in c.host_uses if h in c.host_names),
        },
    }


def write_json(
    consumers: list[Consumer], engine: str, algorithm: str, keep: bool, out: TextIO
) -> None:
    doc = {
        "engine": engine,
        "algorithm": algorithm,
        "keep_legacy_env": keep,
        "consumers": [to_json(c) for c in consumers],
    }
    out.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")


# -- text ------------------------------------------------------------------------------------


def _where(path: str, line: int, column: int) -> str:
    return f"{escape_path(path)}:{line}:{column}"


def _link_rows(c: Consumer) -> list[tuple[str, str, str]]:
    rows = []
    for x in c.links:
        spec = escape_text(x.target)
        if x.alias is not None and x.alias != x.target:
            spec += f" as {escape_text(x.alias)}"
        rows.append((spec, x.kind, _where(x.path, x.line, x.column)))
    return rows


def _consumer_text(c: Consumer) -> list[str]:
    lines = []
    name = escape_text(c.name)
    if c.container_name is None and c.service is None:
        name += " (no name)"
    head = f"{name}  {_where(c.path, c.line, c.column)}  {c.origin}"
    if c.language == "compose" and not any(x.kind == "legacy" for x in c.links):
        net = f"networks {c.network}"
    elif c.network in ("default", "bridge"):
        net = "default bridge"
    else:
        net = f"network {c.network}"
    lines.append(f"{head}, {escape_text(net)}")
    lines.append("  links")
    lines += table(_link_rows(c), "    ")
    for x in c.links:
        if x.note:
            lines.append(f"    {escape_text(x.target)}: {escape_text(x.note)}")
        elif len(x.names) > 1:
            listed = ", ".join(escape_text(n) for n in x.names)
            lines.append(f"    {escape_text(x.target)}: link names {listed}")
    legacy = any(x.kind == "legacy" for x in c.links)
    if legacy:
        lines.append(_env_head(c))
        for k, v in c.env.items():
            lines.append(f"    {escape_text(k)}={escape_text(shown(k, v))}")
        if c.overridden:
            lines.append(f"    set by the container itself: {names(c.overridden)}")
        if c.collisions:
            lines.append(f"    set by two links (random winner): {names(c.collisions)}")
    if c.hosts:
        lines.append("  /etc/hosts")
        rows = [(escape_text(h.address), escape_text(" ".join(h.names))) for h in c.hosts]
        lines += table(rows, "    ")
    if c.reads:
        lines.append("  reads")
        rows = []
        for r in c.reads:
            at = ", ".join(_where(u.path, u.line, u.column) for u in r.at)
            if not c.read_names_of(r) and c.injected:
                at += "  (not in this env)"
            rows.append((escape_text(r.name), at))
        lines += table(rows, "    ")
    if c.host_uses:
        lines.append("  hostnames used")
        rows = [
            (escape_text(h), ", ".join(_where(u.path, u.line, u.column) for u in uses))
            for h, uses in c.host_uses.items()
        ]
        lines += table(rows, "    ")
    for note in c.notes:
        lines.append(f"  note: {escape_text(note)}")
    if legacy:
        if not env_removed(c.engine):
            lines.append(f"  Engine 29: {_engine29(c)}")
        lines.append(f"  Engine 30: {_engine30(c)}")
    return lines


def _env_head(c: Consumer) -> str:
    era = f"Engine {c.engine} ({c.algorithm} algorithm)"
    if c.injected:
        return f"  env on {era}"
    return f"  env on {era}: none, the engine does not inject it"


def _engine29(c: Consumer) -> str:
    if c.keep_legacy_env:
        text = f"the daemon keeps the link env ({ESCAPE_HATCH})"
    elif env_off_by_default(c.engine):
        text = f"no link env, as the daemon runs without {ESCAPE_HATCH}"
        if c.empty_reads:
            text += f": the code reads {names(c.empty_reads)}, which are empty"
    else:
        text = f"no link env unless the daemon runs with {ESCAPE_HATCH}"
        lost = c.lost_on_29
        if lost:
            text += f"; the code loses {names(lost)}"
    return text + change_clause(c.change_29)


def _engine30(c: Consumer) -> str:
    text = "the link env and the escape hatch are removed"
    lost = c.lost_on_30
    if lost and c.keep_legacy_env:
        text += f" (the code loses {names(lost)})"
    hosts = c.host_names
    text += removal_clause(hosts)
    if hosts:
        used = [h for h in c.host_uses if h in hosts]
        if used:
            text += f" (the code uses {names(used)})"
    return text


def write_text(consumers: list[Consumer], out: TextIO) -> None:
    if not consumers:
        out.write("No consumer of links found.\n")
        return
    blocks = ["\n".join(_consumer_text(c)) for c in consumers]
    out.write("\n\n".join(blocks) + "\n")
    noun = "consumer" if len(consumers) == 1 else "consumers"
    out.write(f"\n{len(consumers)} {noun} of links.\n")
