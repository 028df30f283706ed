"""Suppression comments and per-file ignores.

* ``# delink: ignore=DLK301,legacy-link`` alone on its line covers the next statement
  (the first :class:`~delink.facts.Statement` that starts after the comment's line, or
  the next non-blank, non-comment line when there is none);
* at the end of a line it covers the diagnostics that start on that line;
* ``# delink: file-ignore=...`` in the file's leading comment block covers the file;
* in Python, ``# noqa: DLK301`` covers its line (a bare ``# noqa`` does not: it is
  usually meant for another tool);
* ``ignore`` / ``file-ignore`` without ``=`` cover every code.

Comment markers: ``#``, ``//``, ``--``, ``;``, ``<!-- ... -->``, ``{# ... #}``,
``/* ... */``. Unknown codes in a suppression are reported as DLK103 at the code's
characters (a line suppression never hides its own DLK103); in ``noqa`` lists only
``DLK`` codes are checked, the others belong to other tools.

Files are scanned with regular expressions over the text already read; nothing is
re-parsed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from delink.diagnostics import Diagnostic, Severity, Span
from delink.settings import Settings

if TYPE_CHECKING:
    from delink.project import Project
    from delink.text import SourceText

_MARKER = r"(?:\#|//|--|;|<!--|\{\#|/\*)"
_TOKEN = r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*"
_LIST = rf"{_TOKEN}(?:[ \t]*,[ \t]*{_TOKEN})*"
_DIRECTIVE = re.compile(
    rf"{_MARKER}[ \t]*delink[ \t]*:[ \t]*(?P<kind>file-ignore|ignore)\b"
    rf"(?:[ \t]*=[ \t]*(?P<list>{_LIST}))?",
    re.IGNORECASE,
)
_NOQA = re.compile(rf"\#[ \t]*noqa(?:[ \t]*:[ \t]*(?P<list>{_LIST}))?", re.IGNORECASE)
_TOKEN_RE = re.compile(_TOKEN)
_COMMENT_LINE = re.compile(r"^[ \t]*(?:#|//|--|;|<!--|\{#|/\*|\*)")
_DLK = re.compile(r"^DLK\d*$", re.IGNORECASE)
_NEVER_LINE_SUPPRESSED = "DLK103"


@dataclass
class _Codes:
    """Codes a suppression names; ``every`` when it names none."""

    every: bool = False
    codes: set[str] = field(default_factory=set)

    def covers(self, code: str) -> bool:
        return self.every or code in self.codes


@dataclass
class FileSuppressions:
    file: _Codes = field(default_factory=_Codes)
    ranges: list[tuple[int, int, _Codes]] = field(default_factory=list)  # [start, end)
    unknown: list[tuple[Span, str]] = field(default_factory=list)  # DLK103: span, message

    def covers(self, diag: Diagnostic) -> bool:
        if self.file.covers(diag.code):
            return True
        if diag.code == _NEVER_LINE_SUPPRESSED:
            return False
        start = diag.span.start
        return any(s <= start < e and codes.covers(diag.code) for s, e, codes in self.ranges)


def _resolve_list(
    src: SourceText,
    text: str,
    list_start: int,
    noqa: bool,
    unknown: list[tuple[Span, str]],
) -> _Codes:
    from delink.rule import resolve_code

    out = _Codes()
    for m in _TOKEN_RE.finditer(text):
        token = m.group(0)
        if noqa and not _DLK.match(token):
            continue  # another tool's code (E501, F401)
        codes = resolve_code(token)
        if not codes:
            if noqa or token.upper().startswith("DLK"):
                msg = f"unknown rule code `{token}` in suppression comment"
            else:
                msg = f"unknown rule `{token}` in suppression comment"
            from delink.selection import _suggest

            unknown.append(
                (
                    Span(src.path, list_start + m.start(), list_start + m.end()),
                    msg + _suggest(token),
                )
            )
            continue
        out.codes.update(codes)
    return out


def _leading_block_end(src: SourceText) -> int:
    """Offset just past the file's leading block of blank and comment lines."""
    text = src.text
    starts = src.line_starts
    for row, start in enumerate(starts, 1):
        line = src.line_text(row)
        stripped = line.strip()
        if not stripped or _COMMENT_LINE.match(line) or (row == 1 and line.startswith("#!")):
            continue
        if row == 1 and stripped in ("---", "<?xml"):
            continue
        return start
    return len(text)


def _next_line_range(src: SourceText, after: int) -> tuple[int, int] | None:
    """The next non-blank, non-comment line that starts at or after ``after``."""
    starts = src.line_starts
    row = bisect.bisect_left(starts, after) + 1
    while row <= len(starts):
        line = src.line_text(row)
        if line.strip() and not _COMMENT_LINE.match(line):
            start = starts[row - 1]
            return start, start + len(line) + 1
        row += 1
    return None


def scan(
    src: SourceText, statements: Iterable[tuple[int, int]] = (), python: bool = False
) -> FileSuppressions:
    """The suppressions written in one file."""
    text = src.text
    result = FileSuppressions()
    has_directive = "delink" in text
    has_noqa = python and ("noqa" in text or "NOQA" in text)
    if not has_directive and not has_noqa:
        return result
    stmts = sorted(statements, key=lambda se: (se[0], -se[1]))
    stmt_starts = [s for s, _ in stmts]
    leading_end: int | None = None

    found: list[tuple[int, str, str | None, int, bool]] = []  # start, kind, list, list_at, noqa
    if has_directive:
        for m in _DIRECTIVE.finditer(text):
            found.append(
                (m.start(), m.group("kind").lower(), m.group("list"), m.start("list"), False)
            )
    if has_noqa:
        for m in _NOQA.finditer(text):
            if m.group("list") is None:
                continue
            found.append((m.start(), "ignore", m.group("list"), m.start("list"), True))

    for start, kind, listed, list_at, noqa in found:
        if listed is None:
            codes = _Codes(every=True)
        else:
            codes = _resolve_list(src, listed, list_at, noqa, result.unknown)
            if not codes.codes:
                continue  # nothing valid named: no effect (the unknown codes are reported)
        line_start = src.line_start(start)
        line_end = src.line_end(start)
        if kind == "file-ignore":
            if leading_end is None:
                leading_end = _leading_block_end(src)
            if start >= leading_end:
                result.unknown.append(
                    (
                        Span(src.path, start, line_end),
                        "`delink: file-ignore` only works in the file's leading comments;"
                        " this one has no effect",
                    )
                )
                continue
            if codes.every:
                result.file.every = True
            result.file.codes |= codes.codes
            continue
        own_line = not text[line_start:start].strip() and not noqa
        if not own_line:
            result.ranges.append((line_start, line_end + 1, codes))
            continue
        # own line: the next statement after this line
        i = bisect.bisect_left(stmt_starts, line_end)
        if i < len(stmts):
            s, e = stmts[i]
            result.ranges.append((s, max(e, s + 1), codes))
            continue
        nxt = _next_line_range(src, line_end)
        if nxt is not None:
            result.ranges.append((nxt[0], nxt[1], codes))
    return result


def _dlk103(span: Span, message: str) -> Diagnostic:
    from delink.rule import tool_diagnostic

    return tool_diagnostic("DLK103", "unknown-suppression", Severity.WARNING, span, message)


def apply_suppressions(
    diagnostics: list[Diagnostic],
    project: Project,
    settings: Settings,
    codes: Collection[str] | None = None,
) -> list[Diagnostic]:
    """Drop suppressed diagnostics and add DLK103 for unknown codes in suppressions.

    ``codes`` are the selected codes (DLK103 is reported only when selected); by
    default the configuration's selection.
    """
    from delink.selection import per_file_ignored, selected_codes

    if codes is None:
        codes = selected_codes(settings)
    report_unknown = "DLK103" in codes
    by_file: dict[str, FileSuppressions] = {}
    texts = project.texts
    extra: list[Diagnostic] = []
    for path, src in texts.items():
        facts = project.facts.get(path)
        language = facts.language if facts is not None else ""
        stmts = [(s.start, s.end) for s in facts.statements] if facts is not None else []
        sup = scan(src, stmts, python=language == "python")
        by_file[path] = sup
        if report_unknown:
            extra.extend(_dlk103(span, message) for span, message in sup.unknown)

    out: list[Diagnostic] = []
    for diag in [*diagnostics, *extra]:
        found = by_file.get(diag.path)
        if found is not None and found.covers(diag):
            continue
        if per_file_ignored(diag.path, diag.code, settings):
            continue
        out.append(diag)
    return out
