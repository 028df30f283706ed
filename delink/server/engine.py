"""What the language server computes, without the protocol: lint the project of each
open document with the editor's unsaved texts winning over the disk, and turn delink's
findings and fixes into LSP diagnostics, quick fixes and a fix-all edit.

Positions are converted with :meth:`SourceText.utf16_position` on the very text a
finding was computed from (the buffer for open documents, the disk for the rest).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types

from delink.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from delink.discover import display_path
from delink.report import shown
from delink.settings import Settings
from delink.text import SourceText

if TYPE_CHECKING:
    from delink.lint import Linter

SOURCE = "delink"
FIX_ALL = "source.fixAll.delink"
SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


_WARM_UP = {
    "run.sh": "docker run -d --name db postgres\ndocker run --link db:db app\n",
    "compose.yaml": "services:\n  db:\n    image: postgres\n  app:\n    links: [db]\n",
}


def warm_up() -> None:
    """Lint a tiny unsaved project once (nothing is written), so that the imports and
    first-use set-ups of the sources, rules and planning are done before the first
    document the editor opens."""
    import tempfile

    from delink.lint import Linter
    from delink.text import Encoding

    with tempfile.TemporaryDirectory(prefix="delink-warm-up-") as root, _inside(root):
        overlay = {name: SourceText(name, text, Encoding()) for name, text in _WARM_UP.items()}
        Linter(Settings(root=Path(root))).lint(list(_WARM_UP), overlay)


@contextlib.contextmanager
def _inside(root: str) -> Iterator[None]:
    """Lint from the project's root, so that messages name files as the CLI would."""
    old = os.getcwd()
    os.chdir(root)
    try:
        yield
    finally:
        os.chdir(old)


def lsp_range(src: SourceText | None, start: int, end: int) -> types.Range:
    if src is None:
        return types.Range(types.Position(0, 0), types.Position(0, 0))
    sl, sc = src.utf16_position(start)
    el, ec = src.utf16_position(end)
    return types.Range(types.Position(sl, sc), types.Position(el, ec))


@dataclass
class Linted:
    """One lint of one project: its findings and the texts they point into."""

    root: str
    settings: Settings
    diagnostics: list[Diagnostic]
    texts: Mapping[str, SourceText]  # path relative to the root -> text

    def abspath(self, path: str) -> str:
        return os.path.normpath(os.path.join(self.root, path))

    def uri(self, path: str) -> str:
        return Path(self.abspath(path)).as_uri()

    def findings_in(self, path: str) -> list[Diagnostic]:
        return [d for d in self.diagnostics if self.abspath(d.path) == path]


@dataclass
class Engine:
    """Open documents (absolute path -> unsaved text) and the workspace folders."""

    folders: list[str] = field(default_factory=list)
    documents: dict[str, str] = field(default_factory=dict)
    last: dict[str, Linted] = field(default_factory=dict)  # root -> last lint
    # root -> its linter, kept while the settings stay: it keeps every file's facts
    # (delink.livefacts), so that a lint extracts only the files that changed
    linters: dict[str, Linter] = field(default_factory=dict)
    extracted: int = 0  # files the last lint read and extracted anew

    # -- projects -----------------------------------------------------------------------

    def settings_for(self, path: str) -> Settings:
        from delink.config import load_settings

        return load_settings(Path(path))

    def root_of(self, path: str, settings: Settings) -> str:
        """The workspace folder that holds ``path``, else its configuration's directory,
        else its own directory."""
        best = ""
        for folder in self.folders:
            if (path + os.sep).startswith(folder.rstrip(os.sep) + os.sep) and len(folder) > len(
                best
            ):
                best = folder
        if best:
            return best
        if settings.config_path is not None:
            return str(settings.root)
        return os.path.dirname(path)

    def overlay(self) -> dict[str, SourceText]:
        """The open buffers, named as the linter names files (call it inside the root)."""
        from delink.text import Encoding

        return {
            display_path(path): SourceText(display_path(path), text, Encoding())
            for path, text in self.documents.items()
        }

    def linter(self, root: str, settings: Settings) -> Linter:
        """The linter of the project at ``root``: the one of the last lint while the
        settings are the same, else a new one."""
        from delink.lint import Linter
        from delink.livefacts import LiveFacts

        linter = self.linters.get(root)
        if linter is None or linter.settings != settings:
            linter = self.linters[root] = Linter(settings, live=LiveFacts())
        return linter

    def lint(self, paths: Iterable[str]) -> dict[str, Linted]:
        """Lint the projects of ``paths`` (absolute); returns root -> result."""
        groups: dict[str, tuple[Settings, list[str]]] = {}
        for path in paths:
            settings = self.settings_for(path)
            root = self.root_of(path, settings)
            groups.setdefault(root, (settings, []))[1].append(path)
        out: dict[str, Linted] = {}
        self.extracted = 0
        for root, (settings, members) in groups.items():
            if settings.config_path is None:  # the defaults, rooted at the project
                settings = dataclasses.replace(settings, root=Path(root))
            with _inside(root):
                unsaved = [display_path(p) for p in members if not os.path.exists(p)]
                linter = self.linter(root, settings)
                result = linter.lint([*unsaved, "."], self.overlay())
            if linter.live is not None:
                self.extracted += len(linter.live.read_anew)
            out[root] = Linted(root, settings, list(result.diagnostics), result.files)
            self.last[root] = out[root]
        return out

    def linted_for(self, path: str) -> Linted | None:
        """The last lint of the project that holds ``path``."""
        best: Linted | None = None
        for root, linted in self.last.items():
            inside = (path + os.sep).startswith(root.rstrip(os.sep) + os.sep)
            if inside and (best is None or len(root) > len(best.root)):
                best = linted
        return best

    # -- diagnostics --------------------------------------------------------------------

    def diagnostics_for(self, path: str, linted: Linted) -> list[types.Diagnostic]:
        return [to_lsp(d, linted) for d in linted.findings_in(path)]

    # -- code actions -------------------------------------------------------------------

    def quick_fixes(self, path: str, wanted: types.Range) -> list[types.CodeAction]:
        linted = self.linted_for(path)
        if linted is None:
            return []
        actions = []
        for diag in linted.findings_in(path):
            if diag.fix is None or not diag.fix.edits:
                continue
            if diag.fix.applicability is Applicability.DISPLAY_ONLY:
                continue
            lsp = to_lsp(diag, linted)
            if not _touches(lsp.range, wanted):
                continue
            unsafe = diag.fix.applicability is Applicability.UNSAFE
            title = f"delink: {shown(diag.fix.message)}" + (" (unsafe fix)" if unsafe else "")
            actions.append(
                types.CodeAction(
                    title=title,
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[lsp],
                    edit=workspace_edit(diag.fix.edits, linted),
                    is_preferred=not unsafe,
                )
            )
        return actions

    def fix_all(self, path: str) -> types.CodeAction | None:
        """The safe fixes of the findings in ``path``, applied to a fixpoint, as one edit."""
        from delink.fixer import run_fix

        linted = self.linted_for(path)
        if linted is None:
            self.lint([path])
            linted = self.linted_for(path)
            if linted is None:
                return None
        with _inside(linted.root):
            outcome = run_fix(
                ["."],
                linted.settings,
                None,
                unsafe=False,
                write=False,
                linter=self.linter(linted.root, linted.settings),
                overlay=self.overlay(),
                keep=lambda d: linted.abspath(d.path) == path,
            )
        if not outcome.changes:
            return None
        changes: dict[str, list[types.TextEdit]] = {}
        for change in outcome.changes.values():
            changes[linted.uri(change.path)] = [whole_change(change.before, change.after)]
        return types.CodeAction(
            title="delink: fix all safely fixable problems",
            kind=FIX_ALL,
            edit=types.WorkspaceEdit(changes=changes),
        )


def _touches(a: types.Range, b: types.Range) -> bool:
    def key(p: types.Position) -> tuple[int, int]:
        return (p.line, p.character)

    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def to_lsp(diag: Diagnostic, linted: Linted) -> types.Diagnostic:
    texts = linted.texts
    return types.Diagnostic(
        range=lsp_range(texts.get(diag.path), diag.span.start, diag.span.end),
        severity=SEVERITIES[diag.severity],
        code=diag.code,
        source=SOURCE,
        message=shown(diag.message),
        related_information=[
            types.DiagnosticRelatedInformation(
                location=types.Location(
                    uri=linted.uri(r.span.path),
                    range=lsp_range(texts.get(r.span.path), r.span.start, r.span.end),
                ),
                message=shown(r.message),
            )
            for r in diag.related
        ]
        or None,
        data={"name": diag.name, "fixable": _fix_kind(diag.fix)},
    )


def _fix_kind(fix: Fix | None) -> str | None:
    return fix.applicability.value if fix is not None and fix.edits else None


def workspace_edit(edits: Iterable[Edit], linted: Linted) -> types.WorkspaceEdit:
    changes: dict[str, list[types.TextEdit]] = {}
    for e in edits:
        rng = lsp_range(linted.texts.get(e.path), e.start, e.end)
        changes.setdefault(linted.uri(e.path), []).append(types.TextEdit(rng, e.content))
    return types.WorkspaceEdit(changes=changes)


def whole_change(before: SourceText, after: str) -> types.TextEdit:
    """One edit that turns ``before`` into ``after``: the changed middle, common ends kept."""
    old = before.text
    start = 0
    limit = min(len(old), len(after))
    while start < limit and old[start] == after[start]:
        start += 1
    end_old, end_new = len(old), len(after)
    while end_old > start and end_new > start and old[end_old - 1] == after[end_new - 1]:
        end_old -= 1
        end_new -= 1
    return types.TextEdit(range=lsp_range(before, start, end_old), new_text=after[start:end_new])
