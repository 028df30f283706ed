"""Choosing and running a reporter for ``check`` and ``fix``.

``text`` goes to :mod:`delink.report.terminal` (rich) only when it is written to a
terminal; piped or written to a file it is the plain :mod:`delink.report.text`. JSON,
SARIF, GitHub and GitLab never import rich.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from delink.diagnostics import Diagnostic

if TYPE_CHECKING:
    from delink.fingerprint import Statements
    from delink.text import SourceText

FORMATS = ("text", "json", "sarif", "github", "gitlab")


@dataclass
class OutputOptions:
    format: str = "text"
    color: str = "auto"  # auto, always, never
    quiet: bool = False  # findings only: no summary, no progress
    statistics: bool = False  # counts per rule instead of each finding


@dataclass
class Report:
    """What a run found and the texts its positions point into."""

    diagnostics: Sequence[Diagnostic]
    texts: Mapping[str, SourceText]
    statements: Statements = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # summary lines (fixes, baseline)
    summary: bool = True  # end text output with the "Found N problems" summary


def is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def use_color(choice: str, stream: TextIO) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return is_terminal(stream)


def uses_rich(options: OutputOptions, stream: TextIO) -> bool:
    """Rich renders text output for a person at a terminal, and nothing else."""
    return options.format == "text" and is_terminal(stream)


def write(report: Report, options: OutputOptions, out: TextIO) -> None:
    diags = list(report.diagnostics)
    fmt = options.format
    if options.statistics:
        from delink.report import statistics

        if fmt == "json":
            statistics.write_json(diags, out)
            return
        if uses_rich(options, out):
            from delink.report import terminal

            terminal.write_statistics(diags, out, options)
            return
        statistics.write_text(diags, out)
        return
    if fmt == "json":
        from delink.report import json as json_report

        json_report.write(diags, report.texts, out)
    elif fmt == "sarif":
        from delink.report import sarif

        sarif.write(diags, report.texts, out, report.statements)
    elif fmt == "github":
        from delink.report import github

        github.write(diags, report.texts, out)
    elif fmt == "gitlab":
        from delink.report import gitlab

        gitlab.write(diags, report.texts, out, report.statements)
    elif uses_rich(options, out):
        from delink.report import terminal

        terminal.write(report, out, options)
    else:
        from delink.report import text as text_report

        color = use_color(options.color, out)
        text_report.write(diags, report.texts, out, color, show_summary=False)
        if options.quiet:
            return
        for note in report.notes:
            out.write(note + "\n")
        if report.summary:
            out.write(text_report.summary(diags) + "\n")
