"""The text reporter: ruff-like lines, a code frame, and a summary.

::

    run.sh:3:12: DLK301 [*] legacy link `db:db` ...
      |
    3 | docker run --link db:db app
      |            ^^^^^^^^^^^^
      |
      = help: move the linked containers to the user-defined network `db-net`
      = related: run.sh:2:1: the link target `db` is started here

``[*]`` marks a diagnostic that ``delink fix`` fixes (a safe fix). Secret values are
masked in code frames and messages (:mod:`delink.secrets`), and control characters in
file names, messages and source lines are escaped (:mod:`delink.escape`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, TextIO

from delink.diagnostics import Applicability, Diagnostic, Severity
from delink.escape import char_escape, escape_path
from delink.report import position, shared_fixes, shown
from delink.secrets import masked_line

if TYPE_CHECKING:
    from delink.text import SourceText

TAB_SIZE = 4
MAX_FRAME_LINES = 3

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_COLORS = {
    Severity.ERROR: "\x1b[1;31m",
    Severity.WARNING: "\x1b[1;33m",
    Severity.INFO: "\x1b[1;36m",
}
_BLUE = "\x1b[1;34m"
_CYAN = "\x1b[36m"


class _Style:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if self.color and text else text


def _char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _display(line: str) -> tuple[str, list[int]]:
    """The line with tabs expanded, and the display column of every character index
    (plus one past the end)."""
    out: list[str] = []
    cols: list[int] = []
    col = 0
    for ch in line:
        cols.append(col)
        if ch == "\t":
            width = TAB_SIZE - col % TAB_SIZE
            out.append(" " * width)
        elif (escaped := char_escape(ch)) is not None:  # ESC, CR, a bidi override...
            width = len(escaped)
            out.append(escaped)
        else:
            width = _char_width(ch)
            out.append(ch)
        col += width
    cols.append(col)
    return "".join(out), cols


def header(diag: Diagnostic, texts: Mapping[str, SourceText], color: bool = False) -> str:
    """``path:row:col: CODE [*] message``."""
    style = _Style(color)
    row, col = position(texts, diag.path, diag.span.start)
    marker = ""
    if diag.fix is not None and diag.fix.applicability is Applicability.SAFE:
        marker = " " + style("[*]", _CYAN)
    return (
        f"{style(escape_path(diag.path), _BOLD)}:{row}:{col}: "
        f"{style(diag.code, _COLORS[diag.severity])}{marker} {shown(diag.message)}"
    )


def frame(diag: Diagnostic, src: SourceText, color: bool = False) -> list[str]:
    """The code frame of a diagnostic: its lines (at most three) with carets."""
    style = _Style(color)
    start, end = diag.span.start, diag.span.end
    first_row, first_col = src.position(start)
    last_row, last_col = src.position(end)
    if last_row > first_row and last_col == 1:
        last_row -= 1  # the span ends with a line break
        last_col = len(src.line_text(last_row)) + 1
    rows = list(range(first_row, last_row + 1))
    more = len(rows) > MAX_FRAME_LINES
    rows = rows[:MAX_FRAME_LINES]
    width = len(str(rows[-1]))
    pad = " " * width
    bar = style("|", _BLUE)
    lines = [f"{pad} {bar}"]
    for row in rows:
        raw = src.line_text(row)
        start = src.line_starts[row - 1]
        masked, remap = masked_line(src.text, start, start + len(raw))
        shown, cols = _display(masked)
        a = first_col - 1 if row == first_row else len(raw) - len(raw.lstrip(" \t"))
        b = last_col - 1 if row == last_row else len(raw)
        a = min(a, len(raw))
        b = min(max(b, a), len(raw))
        da = cols[remap(a)]
        db = cols[remap(b)]
        carets = max(db - da, 1) if row == first_row or db > da else 0
        lines.append(f"{style(str(row).rjust(width), _BLUE)} {bar} {shown}".rstrip())
        if carets:
            lines.append(f"{pad} {bar} {' ' * da}{style('^' * carets, _COLORS[diag.severity])}")
    if more:
        lines.append(f"{pad} {bar} ...")
    lines.append(f"{pad} {bar}")
    return lines


def format_diagnostic(
    diag: Diagnostic,
    texts: Mapping[str, SourceText],
    color: bool = False,
    show_frame: bool = True,
    same_fix_as: Diagnostic | None = None,
) -> str:
    """One diagnostic: header, code frame, help and related lines. With
    ``same_fix_as``, the help line points to that diagnostic, which shows the fix."""
    style = _Style(color)
    lines = [header(diag, texts, color)]
    src = texts.get(diag.path)
    extras: list[str] = []
    if diag.fix is not None:
        label = {
            Applicability.SAFE: "help",
            Applicability.UNSAFE: "help (unsafe fix)",
            Applicability.DISPLAY_ONLY: "help (suggestion)",
        }[diag.fix.applicability]
        if same_fix_as is not None:
            row, col = position(texts, same_fix_as.path, same_fix_as.span.start)
            where = f"{escape_path(same_fix_as.path)}:{row}:{col}"
            extras.append(f"  {style('=', _BLUE)} {label}: the same fix as {where}")
        else:
            extras.append(f"  {style('=', _BLUE)} {label}: {shown(diag.fix.message)}")
    for rel in diag.related:
        row, col = position(texts, rel.span.path, rel.span.start)
        extras.append(
            f"  {style('=', _BLUE)} related: {escape_path(rel.span.path)}:{row}:{col}: "
            f"{shown(rel.message)}"
        )
    if show_frame and src is not None:
        lines.extend(frame(diag, src, color))
    lines.extend(extras)
    return "\n".join(lines)


def _plural(n: int, word: str) -> str:
    if word == "info":
        return f"{n} info"
    return f"{n} {word}" + ("" if n == 1 else "s")


def summary(diagnostics: Iterable[Diagnostic]) -> str:
    """``Found 3 problems: 1 error, 2 warnings.`` and what ``delink fix`` would fix."""
    diags = list(diagnostics)
    if not diags:
        return "All checks passed!"
    counts = {s: 0 for s in Severity}
    safe = unsafe = 0
    for d in diags:
        counts[d.severity] += 1
        if d.fix is not None:
            if d.fix.applicability is Applicability.SAFE:
                safe += 1
            elif d.fix.applicability is Applicability.UNSAFE:
                unsafe += 1
    parts = [_plural(counts[s], s.value) for s in Severity if counts[s]]
    text = f"Found {_plural(len(diags), 'problem')}: {', '.join(parts)}."
    if safe and unsafe:
        text += (
            f"\n{safe} fixable with `delink fix`; {unsafe} more with `delink fix --unsafe-fixes`."
        )
    elif safe:
        text += f"\n{safe} fixable with `delink fix`."
    elif unsafe:
        text += f"\n{unsafe} fixable with `delink fix --unsafe-fixes`."
    return text


def write(
    diagnostics: list[Diagnostic],
    texts: Mapping[str, SourceText],
    out: TextIO,
    color: bool = False,
    show_summary: bool = True,
) -> None:
    for diag, at in zip(diagnostics, shared_fixes(diagnostics), strict=True):
        same = diagnostics[at] if at is not None else None
        out.write(format_diagnostic(diag, texts, color, same_fix_as=same) + "\n\n")
    if show_summary:
        out.write(summary(diagnostics) + "\n")
