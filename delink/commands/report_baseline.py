"""``delink report --baseline FILE``: progress since a baseline of ``delink check``.

The baseline is the file ``delink check --write-baseline`` writes (:mod:`delink.baseline`:
findings by fingerprint, with counts). Today's findings are matched against it as
``delink check --baseline`` matches them; the report then says, overall, how many
findings the baseline recorded, how many are fixed since (entries nothing matches), how
many are left and how many are new, and, per group and per link, which findings are
known and which are new.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from delink.commands.report import Progress, Report

if TYPE_CHECKING:
    from delink.diagnostics import Diagnostic
    from delink.project import Project
    from delink.text import SourceText

__all__ = ["compare"]


def compare(
    report: Report,
    path: str,
    project: Project,
    diagnostics: Sequence[Diagnostic],
    texts: Mapping[str, SourceText],
) -> None:
    """Mark ``report`` with what the baseline at ``path`` holds (CommandError when it
    cannot be read)."""
    from delink import baseline
    from delink.commands import CommandError
    from delink.fingerprint import statements_of

    try:
        recorded = baseline.load(path)
    except baseline.BaselineError as exc:
        raise CommandError(str(exc)) from None
    mine = baseline.without_itself(diagnostics, path)
    filtered = baseline.apply(recorded, mine, texts, statements_of(project))
    new = {id(d) for d in filtered.diagnostics}
    for group in report.groups:
        group.known = sum(1 for d in group.diagnostics if id(d) not in new)
        for link in group.links:
            if link.diagnostics:
                known = not any(id(d) in new for d in link.diagnostics)
                link.baseline = "known" if known else "new"
    report.progress = Progress(
        path=path,
        recorded=sum(recorded.counts.values()),
        known=filtered.known,
        new=len(filtered.diagnostics),
        fixed=filtered.stale,
    )
