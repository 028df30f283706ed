"""GitHub Actions workflow commands: one annotation per finding on the pull request.

``::warning file=bin/start.sh,line=17,col=3,endLine=17,endColumn=15,title=DLK301
(legacy-link)::message``; errors use ``::error``, info ``::notice``. Values are escaped
as the runner expects (``%``, CR and LF everywhere, ``:`` and ``,`` in properties). The
runner passes any other character to the log and the pull request as it is, so the
message is shown as text output shows it (:func:`delink.report.shown`: control
characters, ESC and bidirectional overrides escaped), and so is a file name that holds
such characters (quoted as git quotes it: the annotation then no longer points at the
file, whose name cannot be written safely); any other name is kept exact.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, TextIO

from delink.diagnostics import Diagnostic, Severity
from delink.escape import escape_path, plain
from delink.report import position, shown

if TYPE_CHECKING:
    from delink.text import SourceText

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(diag: Diagnostic, texts: Mapping[str, SourceText]) -> str:
    row, col = position(texts, diag.path, diag.span.start)
    end_row, end_col = position(texts, diag.path, diag.span.end)
    props = [
        f"file={_property(diag.path if plain(diag.path) else escape_path(diag.path))}",
        f"line={row}",
        f"col={col}",
        f"endLine={end_row}",
        f"endColumn={end_col}",
        f"title={_property(f'{diag.code} ({diag.name})')}",
    ]
    return f"::{COMMANDS[diag.severity]} {','.join(props)}::{_data(shown(diag.message))}"


def write(diagnostics: Sequence[Diagnostic], texts: Mapping[str, SourceText], out: TextIO) -> None:
    for diag in diagnostics:
        out.write(annotation(diag, texts) + "\n")
