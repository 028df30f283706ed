"""Output of ``delink report``: plain text, rich tables on a terminal, Markdown, JSON.

Markdown fits a pull-request comment (a summary table, then one collapsed section per
group). Text at a terminal is drawn with rich, imported only there. Reasons and
messages have secret values masked; names and paths are escaped in text output.

The JSON document (schema: ``delink/data/report.schema.json``)::

    {"groups": [{"containers", "status", "reasons", "links": [...], "reads": [...],
                 "hostname_uses": [...]}], "totals": {...}, "baseline": {...} | null}
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TextIO

from delink.commands.textout import table
from delink.escape import escape_path, escape_text
from delink.secrets import mask

if TYPE_CHECKING:
    from delink.commands.report import Dependant, Group, LinkStatus, Place, Report

__all__ = [
    "link_text",
    "progress_lines",
    "summary",
    "where",
    "write_json",
    "write_markdown",
    "write_text",
]


def where(at: Place) -> str:
    return f"{escape_path(at.path)}:{at.line}:{at.column}"


def _loc(at: Place) -> dict[str, Any]:
    return {"file": at.path, "line": at.line, "column": at.column}


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _link_json(x: LinkStatus) -> dict[str, Any]:
    return {
        "consumer": x.consumer,
        "target": x.target,
        "alias": x.alias,
        "kind": x.kind,
        **_loc(x.at),
        "status": x.status,
        "code": x.code,
        "reasons": [mask(r) for r in x.reasons],
        "baseline": x.baseline,
    }


def _dependant_json(d: Dependant, key: str) -> dict[str, Any]:
    return {key: d.what, **_loc(d.at)}


def write_json(report: Report, out: TextIO) -> None:
    p = report.progress
    doc = {
        "groups": [
            {
                "containers": g.containers,
                "status": g.status,
                "reasons": [mask(r) for r in g.reasons],
                "links": [_link_json(x) for x in g.links],
                "reads": [_dependant_json(d, "name") for d in g.reads],
                "hostname_uses": [_dependant_json(d, "host") for d in g.hostnames],
                "findings": g.findings,
                "known": g.known if p is not None else None,
            }
            for g in report.groups
        ],
        "totals": report.totals,
        "baseline": None
        if p is None
        else {
            "file": p.path,
            "recorded": p.recorded,
            "known": p.known,
            "new": p.new,
            "fixed": p.fixed,
        },
    }
    out.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")


# -- plain text --------------------------------------------------------------------------


def link_text(x: LinkStatus) -> str:
    text = f"{escape_text(x.consumer)} -> {escape_text(x.target)}"
    if x.alias is not None and x.alias != x.target:
        text += f" as {escape_text(x.alias)}"
    return text


def summary(report: Report) -> str:
    t = report.totals
    groups = ", ".join(f"{t['groups_' + s]} {s}" for s in ("safe", "unsafe", "manual"))
    links = ", ".join(f"{t['links_' + s]} {s}" for s in ("safe", "unsafe", "manual"))
    if t["links_none"]:
        links += f", {t['links_none']} without a finding"
    return (
        f"{_plural(t['groups'], 'link group')} ({groups}), "
        f"{_plural(t['containers'], 'container')}, {_plural(t['links'], 'link')} ({links}), "
        f"{_plural(t['reads'], 'env read')}, {_plural(t['hostname_uses'], 'hostname use')}"
    )


def progress_lines(report: Report) -> list[str]:
    p = report.progress
    if p is None:
        return []
    return [
        f"Since the baseline {escape_path(p.path)}: {_plural(p.recorded, 'finding')} "
        f"recorded, {p.fixed} fixed, {p.known} left, {p.new} new."
    ]


def _group_text(i: int, g: Group) -> list[str]:
    lines = [f"group {i}: {', '.join(escape_text(c) for c in g.containers)}  {g.status}"]
    lines.append("  links")
    rows = []
    for x in g.links:
        fix = x.status + (f" ({x.baseline})" if x.baseline else "")
        rows.append((link_text(x), x.kind, fix, x.code or "-", where(x.at)))
    lines += table(rows, "    ")
    for title, deps in (("env reads", g.reads), ("hostname uses", g.hostnames)):
        if deps:
            lines.append(f"  {title}")
            lines += table([(escape_text(d.what), where(d.at)) for d in deps], "    ")
    for reason in g.reasons:
        lines.append(f"  {g.status}: {escape_text(mask(reason))}")
    return lines


def write_text(report: Report, out: TextIO, color: str = "auto") -> None:
    """Rich tables at a terminal (or with ``--color always``), else plain text."""
    from delink.report.output import is_terminal

    if color == "always" or is_terminal(out):
        from delink.commands import report_rich

        report_rich.write(report, out, color=color)
        return
    if not report.groups:
        out.write("No links found.\n")
        return
    blocks = ["\n".join(_group_text(i, g)) for i, g in enumerate(report.groups, start=1)]
    out.write("\n\n".join(blocks) + "\n\n")
    for line in progress_lines(report):
        out.write(line + "\n")
    out.write(f"Totals: {summary(report)}.\n")


# -- Markdown ----------------------------------------------------------------------------


def _md(text: str) -> str:
    """Inline code in a Markdown table cell (pipes escaped, backticks fenced)."""
    text = escape_text(text).replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _md_text(text: str) -> str:
    return escape_text(mask(text)).replace("|", "\\|")


def write_markdown(report: Report, out: TextIO) -> None:
    lines = ["## delink migration report", ""]
    if not report.groups:
        lines.append("No links found.")
        out.write("\n".join(lines) + "\n")
        return
    lines.append(summary(report) + ".")
    lines += ["", *progress_lines(report)] if report.progress else []
    lines += [
        "",
        "| # | containers | links | env reads | hostname uses | fix |",
        "|---:|---|---:|---:|---:|---|",
    ]
    for i, g in enumerate(report.groups, start=1):
        names = ", ".join(_md(c) for c in g.containers)
        lines.append(
            f"| {i} | {names} | {len(g.links)} | {len(g.reads)} | {len(g.hostnames)} | {g.status} |"
        )
    for i, g in enumerate(report.groups, start=1):
        lines += ["", f"<details><summary>Group {i}: {g.status}</summary>", ""]
        lines += [
            "| consumer | target | alias | kind | fix | rule | where |",
            "|---|---|---|---|---|---|---|",
        ]
        for x in g.links:
            alias = _md(x.alias) if x.alias is not None else ""
            fix = x.status + (f" ({x.baseline})" if x.baseline else "")
            lines.append(
                f"| {_md(x.consumer)} | {_md(x.target)} | {alias} | {x.kind} | {fix} | "
                f"{x.code or ''} | {_md(f'{x.at.path}:{x.at.line}')} |"
            )
        for title, deps in (("Env reads", g.reads), ("Hostname uses", g.hostnames)):
            if deps:
                items = ", ".join(
                    f"{_md(d.what)} ({_md(f'{d.at.path}:{d.at.line}')})" for d in deps
                )
                lines += ["", f"{title}: {items}"]
        if g.reasons:
            title = "By hand" if g.status == "manual" else f"Why {g.status}"
            lines += ["", f"{title}:", ""]
            lines += [f"- {_md_text(r)}" for r in g.reasons]
        lines += ["", "</details>"]
    out.write("\n".join(lines) + "\n")
