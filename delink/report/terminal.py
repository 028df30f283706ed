"""Text output for a person at a terminal, drawn with rich.

Each finding is the plain reporter's block (:func:`delink.report.text.format_diagnostic`:
the same header, code frame, secret masking and escaping), coloured; the run ends with a
table of findings per rule and the summary. Only :mod:`delink.report.output` imports
this module, and only when text goes to a terminal: JSON, SARIF, GitHub, GitLab and
piped text never load rich.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from delink.diagnostics import Applicability, Diagnostic, Severity
from delink.report import shared_fixes, statistics
from delink.report import text as text_report
from delink.report.output import OutputOptions, use_color

if TYPE_CHECKING:
    from delink.report.output import Report

_SEVERITY_STYLE = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "bold yellow",
    Severity.INFO: "bold cyan",
}


def console(out: TextIO, options: OutputOptions) -> Console:
    color = use_color(options.color, out)
    return Console(
        file=out,
        no_color=not color,
        color_system="auto" if color else None,
        force_terminal=color or None,
        highlight=False,
        soft_wrap=True,
        emoji=False,
        markup=False,
    )


def _rule_table(diagnostics: Sequence[Diagnostic]) -> Table:
    severity = {d.code: d.severity for d in diagnostics}
    safe: dict[str, int] = {}
    unsafe: dict[str, int] = {}
    for d in diagnostics:
        if d.fix is None:
            continue
        if d.fix.applicability is Applicability.SAFE:
            safe[d.code] = safe.get(d.code, 0) + 1
        elif d.fix.applicability is Applicability.UNSAFE:
            unsafe[d.code] = unsafe.get(d.code, 0) + 1
    table = Table(title=None, box=None, header_style="bold", pad_edge=False)
    table.add_column("count", justify="right")
    table.add_column("code")
    table.add_column("rule")
    table.add_column("severity")
    table.add_column("fix")
    for row in statistics.count(diagnostics):
        sev = severity[row.code]
        fixes = []
        if safe.get(row.code):
            fixes.append(f"{safe[row.code]} safe")
        if unsafe.get(row.code):
            fixes.append(f"{unsafe[row.code]} unsafe")
        table.add_row(
            str(row.count),
            Text(row.code, style=_SEVERITY_STYLE[sev]),
            row.name,
            sev.value,
            ", ".join(fixes),
        )
    return table


def write(report: Report, out: TextIO, options: OutputOptions) -> None:
    con = console(out, options)
    diags = list(report.diagnostics)
    for diag, at in zip(diags, shared_fixes(diags), strict=True):
        same = diags[at] if at is not None else None
        block = text_report.format_diagnostic(diag, report.texts, color=True, same_fix_as=same)
        con.print(Text.from_ansi(block))
        con.print()
    if options.quiet:
        return
    for note in report.notes:
        con.print(note)
    if not report.summary:
        return
    if diags:
        con.print(_rule_table(diags))
        con.print()
    style = "bold green" if not diags else "bold"
    con.print(Text(text_report.summary(diags), style=style))


def write_statistics(
    diagnostics: Sequence[Diagnostic], out: TextIO, options: OutputOptions
) -> None:
    con = console(out, options)
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(justify="right")
    table.add_column()
    table.add_column()
    severity = {d.code: d.severity for d in diagnostics}
    for row in statistics.count(diagnostics):
        name = Text("[*] ", style="cyan") + row.name if row.fixable else Text(row.name)
        table.add_row(
            str(row.count), Text(row.code, style=_SEVERITY_STYLE[severity[row.code]]), name
        )
    con.print(table)
