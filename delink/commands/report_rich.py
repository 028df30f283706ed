"""``delink report`` at a terminal: rich tables (imported only when text goes to a tty).

One table of link groups (containers, counts, fix status and why), one of links, and
the totals, on the console of ``delink check``'s terminal reporter
(:func:`delink.report.terminal.console`: ``--color``, ``NO_COLOR``, ``FORCE_COLOR``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from rich.table import Table
from rich.text import Text

from delink.commands.report_output import link_text, progress_lines, summary, where
from delink.escape import escape_text
from delink.report.output import OutputOptions
from delink.report.terminal import console
from delink.secrets import mask

if TYPE_CHECKING:
    from delink.commands.report import Report

_STYLE = {"safe": "bold green", "unsafe": "bold yellow", "manual": "bold red", "none": "dim"}


def write(report: Report, out: TextIO, color: str = "auto") -> None:
    """``color``: ``--color`` (auto, always, never), as ``delink check`` reads it."""
    con = console(out, OutputOptions(color=color))
    if not report.groups:
        con.print("No links found.")
        return
    groups = Table(title="Link groups", title_justify="left", header_style="bold")
    for name, justify in (
        ("#", "right"),
        ("containers", "left"),
        ("links", "right"),
        ("env reads", "right"),
        ("hostname uses", "right"),
        ("fix", "left"),
        ("why", "left"),
    ):
        groups.add_column(name, justify=justify)  # type: ignore[arg-type]
    for i, g in enumerate(report.groups, start=1):
        groups.add_row(
            str(i),
            ", ".join(escape_text(c) for c in g.containers),
            str(len(g.links)),
            str(len(g.reads)),
            str(len(g.hostnames)),
            Text(g.status, style=_STYLE[g.status]),
            "; ".join(escape_text(mask(r)) for r in g.reasons),
        )
    con.print(groups)
    links = Table(title="Links", title_justify="left", header_style="bold")
    for name in ("#", "link", "kind", "fix", "rule", "where"):
        links.add_column(name)
    for i, g in enumerate(report.groups, start=1):
        for x in g.links:
            fix = x.status + (f" ({x.baseline})" if x.baseline else "")
            links.add_row(
                str(i),
                link_text(x),
                x.kind,
                Text(fix, style=_STYLE[x.status]),
                x.code or "-",
                where(x.at),
            )
    con.print(links)
    for line in progress_lines(report):
        con.print(line)
    con.print(Text(f"Totals: {summary(report)}.", style="bold"))
