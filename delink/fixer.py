"""``delink fix``: apply fixes to a fixpoint, check the result parses, write atomically.

Each round lints the files (already-fixed texts come from an in-memory overlay), takes
the fixes that may be applied (``safe``, plus ``unsafe`` with ``--unsafe-fixes``; never
``display-only``), counts identical fixes once, orders them by position and keeps each
fix whose edits overlap no edit already kept (a fix may touch several files). The kept
edits are applied per file and every changed file is parsed again by its source's
``validate``: a fix whose result does not parse is dropped (its files keep their text)
and reported as DLK104. Rounds repeat until nothing applies, at most ``MAX_ROUNDS``.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field

from delink.diagnostics import (
    Applicability,
    Diagnostic,
    Edit,
    Fix,
    Severity,
    Span,
    apply_edits,
    overlaps,
)
from delink.escape import escape_path, escape_text
from delink.lint import Linter, LintResult
from delink.settings import Settings
from delink.text import SourceText

MAX_ROUNDS = 10


@dataclass
class FileChange:
    path: str
    before: SourceText  # the text as read from disk
    after: str  # the fixed text

    @property
    def data(self) -> bytes:
        """The bytes to write: the file's own encoding and BOM."""
        return self.before.encoding.encode(self.after)

    @property
    def original(self) -> bytes:
        return self.before.encoding.encode(self.before.text)


@dataclass
class FixOutcome:
    changes: dict[str, FileChange]  # files whose text changed
    diagnostics: list[Diagnostic]  # what remains after fixing (DLK104 included)
    result: LintResult  # the last lint (its ``files`` hold the fixed texts)
    fixed: int = 0  # diagnostics whose fix was applied (and written, once written)
    rounds: int = 0
    converged: bool = True
    errors: list[str] = field(default_factory=list)  # problems to report, exit 2
    notes: list[str] = field(default_factory=list)  # to report, exit code unchanged
    applied: list[tuple[frozenset[str], int]] = field(default_factory=list)  # (files, count)
    written: list[str] = field(default_factory=list)  # files written, once written
    left_out: list[LeftOut] = field(default_factory=list)  # fixes that edit unnamed files


@dataclass(frozen=True)
class LeftOut:
    """A fix not applied because it also edits files outside the paths named: ``fix
    FILE`` reads the file's whole project for its facts but writes only the named files,
    and applying a group's fix in part would change what the group does."""

    diag: Diagnostic  # a finding (in a named file) that the fix belongs to
    outside: tuple[str, ...]  # the files it would edit that were not named


@dataclass
class _Rejected:
    key: tuple[str, str, str, str]
    code: str
    path: str
    message: str
    blocked: bool = False  # a file the fix may not write, not a file it would break


def _key(diag: Diagnostic, fix: Fix) -> tuple[str, str, str, str]:
    return (diag.code, diag.path, diag.message, fix.message)


def _allowed(fix: Fix | None, unsafe: bool) -> bool:
    if fix is None or not fix.edits:
        return False
    if fix.applicability is Applicability.SAFE:
        return True
    return unsafe and fix.applicability is Applicability.UNSAFE


def _validate(result: LintResult, path: str, before: SourceText, after: str) -> str | None:
    from delink import sources

    language = result.languages.get(path)
    source = sources.load(language) if language else None
    if source is None:
        return None
    try:
        return source.validate(before, SourceText(path, after, before.encoding))
    except Exception as exc:  # a crash while checking counts as a failed check
        return f"internal error while checking the fixed text: {type(exc).__name__}: {exc}"


@dataclass
class _Candidate:
    fix: Fix
    diag: Diagnostic
    count: int = 1  # diagnostics with this same fix


class _Round:
    def __init__(
        self,
        result: LintResult,
        unsafe: bool,
        rejected: set[tuple[str, str, str, str]],
        blocked: Mapping[str, str | None],
        keep: Callable[[Diagnostic], bool] | None = None,
    ) -> None:
        self.result = result
        self.keep = keep
        self.unsafe = unsafe
        self.rejected = rejected
        self.blocked = blocked  # path -> why delink may not write it (None: not named)
        self.new_rejections: list[_Rejected] = []
        self.left_out: list[LeftOut] = []

    def candidates(self) -> list[_Candidate]:
        """Distinct applicable fixes in position order (identical fixes count once)."""
        by_edits: dict[tuple[Edit, ...], _Candidate] = {}
        by_id: dict[int, _Candidate] = {}  # a group's fix is one object for all its findings
        for diag in self.result.diagnostics:
            fix = diag.fix
            if fix is None or not _allowed(fix, self.unsafe):
                continue
            if self.keep is not None and not self.keep(diag):
                continue
            if _key(diag, fix) in self.rejected:
                continue
            same = by_id.get(id(fix))
            if same is not None:
                same.count += 1
                continue
            edits = tuple(sorted(set(fix.edits)))
            if edits in by_edits:
                by_id[id(fix)] = by_edits[edits]
                by_edits[edits].count += 1
                continue
            by_edits[edits] = by_id[id(fix)] = _Candidate(fix, diag)
        return sorted(by_edits.values(), key=lambda c: (min(c.fix.edits), c.diag.code))

    def select(self, cands: list[_Candidate]) -> list[_Candidate]:
        """Greedily keep fixes whose edits overlap no edit already kept."""
        kept: list[_Candidate] = []
        kept_edits: dict[str, list[Edit]] = defaultdict(list)
        files = self.result.files
        for cand in cands:
            missing = sorted(p for p in cand.fix.paths if p not in files)
            if missing:
                self._reject(cand, missing[0], "it edits a file delink did not read")
                continue
            barred = sorted(p for p in cand.fix.paths if p in self.blocked)
            links = [(p, why) for p in barred if (why := self.blocked[p]) is not None]
            if links:
                self._reject(cand, *links[0], blocked=True)
                continue
            if barred:
                self.rejected.add(_key(cand.diag, cand.fix))
                self.left_out.append(LeftOut(cand.diag, tuple(barred)))
                continue
            if any(overlaps(e, k) for e in cand.fix.edits for k in kept_edits[e.path]):
                continue  # next round
            kept.append(cand)
            for e in cand.fix.edits:
                kept_edits[e.path].append(e)
        return kept

    def _reject(self, cand: _Candidate, path: str, message: str, blocked: bool = False) -> None:
        key = _key(cand.diag, cand.fix)
        self.rejected.add(key)
        self.new_rejections.append(_Rejected(key, cand.diag.code, path, message, blocked))

    def _texts(self, cands: Iterable[_Candidate]) -> dict[str, str]:
        edits: dict[str, list[Edit]] = defaultdict(list)
        for cand in cands:
            for e in cand.fix.edits:
                edits[e.path].append(e)
        files = self.result.files
        return {p: apply_edits(files[p].text, es) for p, es in edits.items()}

    def apply(self, kept: list[_Candidate]) -> tuple[dict[str, str], list[_Candidate]]:
        """The new texts of the changed files and the fixes applied."""
        files = self.result.files
        texts = self._texts(kept)
        bad = {}
        for path, text in texts.items():
            problem = _validate(self.result, path, files[path], text)
            if problem is not None:
                bad[path] = problem
        if not bad:
            return texts, kept
        # Some file does not parse: find the fixes to blame, one at a time.
        accepted = [c for c in kept if not (c.fix.paths & bad.keys())]
        for cand in kept:
            if not (cand.fix.paths & bad.keys()):
                continue
            trial = self._texts([*accepted, cand])
            failure = None
            for path in sorted(cand.fix.paths):
                problem = _validate(self.result, path, files[path], trial[path])
                if problem is not None:
                    failure = (path, problem)
                    break
            if failure is None:
                accepted.append(cand)
            else:
                self._reject(cand, *failure)
        return self._texts(accepted), accepted


def _invalid_fix_diagnostic(rej: _Rejected, final: list[Diagnostic]) -> Diagnostic:
    span = Span(rej.path, 0, 0)
    for d in final:
        if d.fix is not None and _key(d, d.fix) == rej.key:
            span = d.span if d.path == rej.path else span
            break
    message = f"the fix for {rej.code} would break {rej.path} ({rej.message}); not applied"
    if rej.blocked:
        message = f"the fix for {rej.code} was not applied: {rej.path} {rej.message}"
    from delink.rule import tool_diagnostic

    return tool_diagnostic("DLK104", "invalid-fix", Severity.ERROR, span, message)


def run_fix(
    paths: list[str],
    settings: Settings,
    codes: Collection[str] | None,
    unsafe: bool,
    *,
    write: bool = True,
    linter: Linter | None = None,
    overlay: Mapping[str, SourceText] | None = None,
    keep: Callable[[Diagnostic], bool] | None = None,
    writable: Iterable[str] | None = None,
) -> FixOutcome:
    """Fix ``paths`` to a fixpoint; with ``write``, write the changed files atomically.

    ``linter``: one made with ``settings`` and ``codes`` (its cache and processes).
    ``overlay`` gives texts that win over the disk (an editor's unsaved buffers; the
    changes are relative to them); ``keep`` limits the fixes to those of the findings
    it accepts (the files named to ``fix``, or one editor document). ``writable``: the
    paths the fixes may edit (default ``paths``); a fix that also edits a file read
    from elsewhere is left out whole (``FixOutcome.left_out``)."""
    if linter is None:
        linter = Linter(settings, codes)
    start = dict(overlay or {})
    result = linter.lint(paths, start)
    notes: list[str] = []
    if write:
        from delink.atomic import remove_stale

        removed, recovered = remove_stale(result.temp_files)
        for gone in removed:
            notes.append(f"removed {escape_text(gone)}, left by a delink fix that was killed")
        notes += [escape_text(note) for note in recovered]
        if recovered:  # files were written: read them again
            result = linter.lint(paths, start)
    originals = dict(result.files)
    blocked = outside_paths(paths if writable is None else writable, originals)
    overlay = start
    rejected: set[tuple[str, str, str, str]] = set()
    rejections: list[_Rejected] = []
    applied: list[tuple[frozenset[str], int]] = []
    left_out: list[LeftOut] = []
    rounds = 0
    converged = True
    while True:
        rnd = _Round(result, unsafe, rejected, blocked, keep)
        kept = rnd.select(rnd.candidates())
        texts, accepted = rnd.apply(kept) if kept else ({}, [])
        rejections.extend(rnd.new_rejections)
        left_out.extend(rnd.left_out)
        texts = {p: t for p, t in texts.items() if t != result.files[p].text}
        if not texts:
            break
        if rounds == MAX_ROUNDS:
            converged = False
            break
        rounds += 1
        applied += [(frozenset(c.fix.paths), c.count) for c in accepted]
        for path, text in texts.items():
            overlay[path] = SourceText(path, text, originals[path].encoding)
        result = linter.lint(paths, overlay)

    diagnostics = list(result.diagnostics)
    diagnostics.extend(_invalid_fix_diagnostic(r, diagnostics) for r in rejections)
    diagnostics.sort(key=Diagnostic.sort_key)
    changes = {
        p: FileChange(p, originals[p], src.text)
        for p, src in sorted(overlay.items())
        if src.text != originals[p].text
    }
    fixed = sum(count for _, count in applied)
    outcome = FixOutcome(changes, diagnostics, result, fixed, rounds, converged)
    outcome.notes, outcome.applied, outcome.left_out = notes, applied, left_out
    if not converged:
        outcome.errors.append(
            f"fixes did not settle after {MAX_ROUNDS} rounds; the files hold the last "
            "complete round (please report this)"
        )
    if write:
        outcome.errors.extend(write_changes(outcome))
    return outcome


def outside_paths(named: Iterable[str], files: Iterable[str]) -> dict[str, str | None]:
    """The files ``fix`` may not write: those whose real file (symlinks resolved) is
    outside every path named on the command line. The value says why for a name inside
    the named paths (a symlink out of them); it is None for a file that is itself
    outside them (read for its facts only)."""
    import os

    from delink.discover import display_path

    named = list(named)
    roots = [os.path.realpath(p) for p in named]
    given = [os.path.abspath(p) for p in named]

    def inside(path: str, tops: list[str]) -> bool:
        return any(path == t or path.startswith(t.rstrip(os.sep) + os.sep) for t in tops)

    out: dict[str, str | None] = {}
    for path in files:
        real = os.path.realpath(path)
        if inside(real, roots):
            continue
        if not inside(os.path.abspath(path), given):
            out[path] = None
            continue
        out[path] = (
            f"is a symlink to {escape_path(display_path(real))}, outside the paths named on "
            "the command line; it is left as it is"
        )
    return out


def _units(outcome: FixOutcome) -> list[list[FileChange]]:
    """The changed files in groups that are written all or nothing: the files of one
    fix, and of fixes that build on each other, are one group."""
    from delink.unionfind import UnionFind

    uf = UnionFind()
    for path in outcome.changes:
        uf.find(path)
    for files, _ in outcome.applied:
        ordered = sorted(p for p in files if p in outcome.changes)
        for other in ordered[1:]:
            uf.union(ordered[0], other)
    groups: dict[str, list[FileChange]] = defaultdict(list)
    for path, change in outcome.changes.items():
        groups[uf.find(path)].append(change)
    return sorted(groups.values(), key=lambda g: g[0].path)


def write_changes(outcome: FixOutcome) -> list[str]:
    """Write the changed files: each group of files a fix spans is prepared in full
    (temporary files, checked against what was read) before any of them replaces its
    original, so that a file that cannot be written leaves its group as it was.
    ``outcome.written`` and ``outcome.fixed`` then count only what reached the disk.
    Returns one message per file not written."""
    from delink.atomic import Pending, WriteError, commit_all, prepare

    errors: list[str] = []
    written: list[str] = []
    for unit in _units(outcome):
        pending: list[Pending] = []
        for change in unit:
            try:
                pending.append(prepare(change.path, change.data, expected=change.original))
            except WriteError as exc:
                for p in pending:
                    p.abort()
                errors.append(str(exc))
                others = [escape_path(c.path) for c in unit if c is not change]
                if others:
                    errors.append(
                        f"not written either, as the same fix spans them: {', '.join(others)}"
                    )
                pending = []
                break
        if not pending:
            continue
        for p in pending:
            if p.links > 1:
                outcome.notes.append(
                    f"{escape_path(p.path)} had {p.links - 1} more name(s) (hard links); "
                    "the fixed file replaces this name only, the others keep the old text"
                )
        done, failed = commit_all(pending)
        written += done
        if failed:
            errors += failed
            if done:
                errors.append(f"the fix was left half applied: written {', '.join(done)}")
    outcome.written = written
    done_set = set(written)
    outcome.fixed = sum(count for files, count in outcome.applied if files <= done_set)
    return errors


def unified_diff(change: FileChange) -> str:
    """``--- a/path`` / ``+++ b/path`` unified diff of one change. Secret values are
    masked on every line it shows (context lines too), and a file name that needs it is
    quoted as git quotes it."""
    from delink.escape import escape_path
    from delink.secrets import mask

    old = mask(change.before.text).splitlines(keepends=True)
    new = mask(change.after).splitlines(keepends=True)
    a, b = escape_path(f"a/{change.path}"), escape_path(f"b/{change.path}")
    out: list[str] = []
    for line in _unified(old, new, a, b):
        if line.endswith(("\n", "\r")):
            out.append(line if line.endswith("\n") else line + "\n")
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


_Opcode = tuple[str, int, int, int, int]


def _opcodes(old: list[str], new: list[str]) -> list[_Opcode]:
    """Line opcodes of a change: the lines both texts start and end with are equal, and
    the rest is matched without difflib's "popular line" heuristic (``autojunk``),
    which turns a few changed lines of a long file into a diff of hundreds."""
    n, m = len(old), len(new)
    head = 0
    while head < min(n, m) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(n, m) - head and old[n - 1 - tail] == new[m - 1 - tail]:
        tail += 1
    ops: list[_Opcode] = []
    if head:
        ops.append(("equal", 0, head, 0, head))
    middle = difflib.SequenceMatcher(None, old[head : n - tail], new[head : m - tail], False)
    for tag, i1, i2, j1, j2 in middle.get_opcodes():
        ops.append((tag, i1 + head, i2 + head, j1 + head, j2 + head))
    if tail:
        ops.append(("equal", n - tail, n, m - tail, m))
    return ops


def _groups(ops: list[_Opcode], context: int = 3) -> list[list[_Opcode]]:
    """Opcodes in hunks with ``context`` equal lines around each change (what
    ``difflib.SequenceMatcher.get_grouped_opcodes`` does)."""
    changes = [op for op in ops if op[0] != "equal"]
    if not changes:
        return []
    if ops[0][0] == "equal":
        _, i1, i2, j1, j2 = ops[0]
        ops[0] = ("equal", max(i1, i2 - context), i2, max(j1, j2 - context), j2)
    if ops[-1][0] == "equal":
        _, i1, i2, j1, j2 = ops[-1]
        ops[-1] = ("equal", i1, min(i2, i1 + context), j1, min(j2, j1 + context))
    groups: list[list[_Opcode]] = []
    group: list[_Opcode] = []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal" and i2 - i1 > 2 * context:
            group.append((tag, i1, min(i2, i1 + context), j1, min(j2, j1 + context)))
            groups.append(group)
            group = []
            i1, j1 = max(i1, i2 - context), max(j1, j2 - context)
        group.append((tag, i1, i2, j1, j2))
    if group and not (len(group) == 1 and group[0][0] == "equal"):
        groups.append(group)
    return groups


def _range(start: int, stop: int) -> str:
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"


def _unified(old: list[str], new: list[str], a: str, b: str) -> list[str]:
    groups = _groups(_opcodes(old, new))
    if not groups:
        return []
    out = [f"--- {a}\n", f"+++ {b}\n"]
    for group in groups:
        first, last = group[0], group[-1]
        out.append(f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out += [" " + line for line in old[i1:i2]]
                continue
            out += ["-" + line for line in old[i1:i2]]
            out += ["+" + line for line in new[j1:j2]]
    return out
