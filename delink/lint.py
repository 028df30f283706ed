"""The pipeline: discover, read, extract facts, build the project, run rules, suppress.

The first pass (:mod:`delink.scan`) reads every file once: files whose bytes hold a link
word are parsed, the others are summed up in :class:`~delink.prefilter.Hints`. It runs in
worker processes for large runs and its results are remembered across runs by
:mod:`delink.cache`. The main process joins the facts into the project, runs the second
phase (files that matter only because of the links found), the rules and suppressions.
Facts are joined in the order of discovery whatever ran where, so the output does not
depend on the number of processes or on the cache.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from delink import scan as scanner
from delink import sources
from delink.cache import signature
from delink.diagnostics import Diagnostic
from delink.discover import discover
from delink.prefilter import is_candidate
from delink.readfile import ReadError, read_bytes_status
from delink.settings import Settings
from delink.text import DecodeError, SourceText

if TYPE_CHECKING:
    from delink.cache import FileCache, Record, Signature
    from delink.facts import FileFacts
    from delink.livefacts import LiveFacts
    from delink.prefilter import Hints
    from delink.project import Project
    from delink.runmemo import Replayed
    from delink.scan import Scanned

__all__ = ["LintResult", "Linter", "is_candidate"]


@dataclass
class LintResult:
    diagnostics: list[Diagnostic]
    files: dict[str, SourceText]  # every file that was read and decoded
    languages: dict[str, str]  # path -> language of every linted file
    project: Project
    files_seen: int = 0
    errors: list[str] = field(default_factory=list)  # internal errors, reported as exit 2
    temp_files: list[str] = field(default_factory=list)  # ``*.delink-tmp`` seen, not linted

    @property
    def statements(self) -> dict[str, list[tuple[int, int]]]:
        """Statement spans per file (the fingerprints of findings use them)."""
        from delink.fingerprint import statements_of

        return statements_of(self.project)


class _Slot:
    """One file of the first pass, in discovery order."""

    __slots__ = (
        "digest",
        "explicit",
        "hints",
        "language",
        "made",
        "overlay",
        "path",
        "problem",
        "record",
        "scanned",
        "status",
    )

    def __init__(self, path: str, explicit: bool) -> None:
        self.path = path
        self.explicit = explicit
        self.language = ""  # from the name (or sources.NEEDS_HEAD), until the record says
        self.record: Record | None = None  # from the cache, or from the scan
        self.scanned: Scanned | None = None  # the scan of this run, with the text or bytes
        self.status: Signature | None = None  # of the file the record describes
        self.digest = ""
        self.made = 0
        self.problem: str | None = None
        self.overlay: SourceText | None = None
        self.hints: Hints | None = None

    def take(self, scanned: Scanned) -> None:
        self.scanned = scanned
        self.record = scanned.record
        self.status = scanned.status
        self.digest = scanned.digest or ""
        self.made = scanned.made
        self.problem = scanned.problem
        self.language = scanned.language or self.language


def _is_temp(path: str) -> bool:
    # the suffix first: delink.atomic (and tempfile) load only when a name has it
    if not path.endswith(".delink-tmp"):
        return False
    from delink.atomic import is_temp_name

    return is_temp_name(os.path.basename(path))


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except (OSError, ValueError):
        return None


def _problem_facts(path: str, language: str, message: str, code: str = "DLK102") -> FileFacts:
    from delink.diagnostics import Severity, Span
    from delink.facts import FileFacts, Problem

    facts = FileFacts(path, language)
    facts.problems.append(Problem(Span(path, 0, 0), message, code=code, severity=Severity.WARNING))
    return facts


class Linter:
    """Runs the pipeline over paths; ``overlay`` replaces file contents (the fixer's
    fixed texts, an editor's unsaved buffers) and is never cached.

    ``cache`` remembers what the first pass learnt about each file
    (:class:`~delink.cache.FileCache`, on disk or in memory); by default an in-memory
    one, so that repeated runs of one linter (the rounds of ``delink fix``, an editor
    session) read and parse only the files that changed. ``live`` keeps the facts
    themselves too, parse trees included (:mod:`delink.livefacts`), so that a run
    extracts nothing that did not change. ``jobs``: processes for the first pass (1:
    none; small runs never start a pool).
    """

    def __init__(
        self,
        settings: Settings,
        select: Iterable[str] | None = None,
        *,
        cache: FileCache | None = None,
        jobs: int = 1,
        selection: tuple[list[str] | None, list[str] | None] = (None, None),
        live: LiveFacts | None = None,
    ) -> None:
        self.settings = settings
        self._codes = list(select) if select is not None else None
        # --select / --ignore of the command line, when ``select`` is not given: resolved
        # on first use (a replayed run needs no rule: see :meth:`check`)
        self.selection = selection
        if cache is None:
            from delink.cache import FileCache

            cache = FileCache(None, settings)
        self.cache = cache
        self.jobs = jobs
        self.live = live

    @property
    def codes(self) -> list[str]:
        """The codes of the rules to run (:class:`delink.selection.SelectionError` for
        an unknown one)."""
        if self._codes is None:
            from delink.selection import selected_codes

            self._codes = selected_codes(self.settings, *self.selection)
        return self._codes

    def lint(
        self,
        paths: list[str],
        overlay: Mapping[str, SourceText] | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> LintResult:
        """Lint ``paths``; ``progress`` is called with each file found (for a display)."""
        result = self._run(paths, overlay or {}, False, progress)
        assert isinstance(result, LintResult)
        return result

    def check(
        self, paths: list[str], progress: Callable[[str], None] | None = None
    ) -> LintResult | Replayed:
        """:meth:`lint` for ``delink check``: with a cache on disk, a run whose inputs
        are all unchanged is replayed (:mod:`delink.runmemo`)."""
        return self._run(paths, {}, True, progress)

    def _run(
        self,
        paths: list[str],
        overlay: Mapping[str, SourceText],
        replay: bool,
        progress: Callable[[str], None] | None,
    ) -> LintResult | Replayed:
        settings = self.settings
        ctx = sources.Context(settings)
        slots, seen, temp_files = self._first_pass(paths, overlay, progress)
        memo = None
        if replay and self.cache.folder is not None:
            from delink.runmemo import RunMemo, Watch, run_key

            files = _run_files(slots)
            if files is not None:
                memo = RunMemo(self.cache.folder, self.cache.prepare)
                chosen = self._codes if self._codes is not None else self.selection
                key = run_key(settings, chosen, paths, files)
                replayed = memo.load(key, {s.path: s.digest for s in slots if s.digest})
                if replayed is not None:
                    self.cache.save()
                    replayed.temp_files = temp_files
                    return replayed
        with Watch() if memo is not None else contextlib.nullcontext() as watch:
            result = self._join(slots, ctx)
            result.files_seen, result.temp_files = seen, temp_files
        if memo is not None and watch is not None and not result.errors:
            own = {os.path.abspath(s.path) for s in slots}
            memo.store(key, result, seen, watch, own)
        return result

    def _join(self, slots: list[_Slot], ctx: sources.Context) -> LintResult:
        """Facts in discovery order, the second phase, the rules and suppressions."""
        settings = self.settings
        run = _Run(self, ctx)
        for slot in slots:
            run.phase_one(slot)

        # Second phase: files with no link words can still hold the target containers
        # of known links, or the ambiguous X_PORT / X_NAME reads of known aliases.
        from delink.project import Project

        project = Project(run.facts, run.files, settings)
        if run.deferred and project.has_second_phase():
            before = len(run.facts)
            for slot in run.deferred:
                assert slot.hints is not None
                load = partial(_bytes, slot.path)
                if self.live is not None:
                    load = partial(self.live.data, slot.path, slot.record, load)
                if project.wants(slot.hints, slot.path, load):
                    run.phase_two(slot)
            if len(run.facts) != before:
                project = Project(run.facts, run.files, settings)
        self.cache.save()
        if self.live is not None:
            self.live.end_run()

        from delink.rule import iter_rules
        from delink.suppress import apply_suppressions

        diagnostics: list[Diagnostic] = []
        for rule in iter_rules(self.codes):
            diagnostics.extend(rule.check(project))
        diagnostics = apply_suppressions(diagnostics, project, settings, self.codes)
        diagnostics.sort(key=Diagnostic.sort_key)
        return LintResult(diagnostics, run.files, run.languages, project)

    def _first_pass(
        self,
        paths: list[str],
        overlay: Mapping[str, SourceText],
        progress: Callable[[str], None] | None = None,
    ) -> tuple[list[_Slot], int, list[str]]:
        """The files in discovery order, each with its record: from the cache when the
        file's status vouches for it, else from a scan (in worker processes when the
        run is large); the number of paths seen; delink's temporary files among them."""
        cache = self.cache
        slots: list[_Slot] = []
        tasks: list[scanner.Task] = []
        scanned_slots: list[_Slot] = []
        seen = 0
        temp_files: list[str] = []
        identities: dict[tuple[int, int], str] = {}
        lookup = cache.lookup
        for found in discover(paths, self.settings):
            seen += 1
            if progress is not None:
                progress(found.path)
            st = None
            if found.error is None:
                if _is_temp(found.path):
                    temp_files.append(found.path)  # a fix's temporary file: never linted
                    continue
                st = _stat(found.path)  # symlinks followed: the file the name reaches
                if st is not None and st.st_ino:
                    ident = (st.st_dev, st.st_ino)
                    if ident in identities:
                        continue  # a second name (symlink, hard link) of a file already read
                    identities[ident] = found.path
            slot = _Slot(found.path, found.explicit)
            slots.append(slot)
            if found.error is not None:
                slot.problem = found.error
                continue
            if found.path in overlay:
                slot.overlay = overlay[found.path]
                continue
            language = sources.classify(found.path, None)
            if language is None:
                if not found.explicit:
                    slots.pop()
                    continue
                language = "consumer"
            slot.language = language
            previous = None
            if st is not None:
                status = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
                hit, previous = lookup(found.path, status)
                if hit is not None and _from_cache(slot, status, hit):
                    continue
            tasks.append(
                scanner.Task(found.path, found.explicit, language, found.regular, previous)
            )
            scanned_slots.append(slot)
        if tasks:
            ctx = sources.Context(self.settings)
            results = scanner.scan_all(tasks, self.settings, self.jobs, cache.persistent)
            for slot, scanned in zip(scanned_slots, results, strict=True):
                if scanned.data is not None and scanned.facts is None:
                    # parse trees do not leave a worker: extract here, while the
                    # workers read on
                    _extract_here(scanned, ctx)
                slot.take(scanned)
                if scanned.record is not None and scanned.status is not None:
                    cache.put(slot.path, scanned.status, slot.digest, scanned.record, slot.made)
        return slots, seen, temp_files


def _extract_here(scanned: Scanned, ctx: sources.Context) -> None:
    """The facts of a file a worker read but left to this process (they hold, or likely
    hold, parse trees). When they turn out to be plain data after all, the record keeps
    them, so that the next run needs no parse."""
    assert scanned.data is not None and scanned.record is not None
    try:
        src = SourceText.from_bytes(scanned.path, scanned.data)
    except DecodeError:
        return  # the join reports it
    language = scanned.record.get("lang") or scanned.language
    scanned.facts = scanner.extract_facts(scanned.path, language, src, ctx)
    scanned.text = src
    if scanned.facts is None:
        return
    from delink.factcodec import Unencodable, encode

    with contextlib.suppress(Unencodable):
        scanned.record = {**scanned.record, "kind": "facts", "facts": encode(scanned.facts)}


def _from_cache(slot: _Slot, status: Signature, hit: tuple[str, Record, int]) -> bool:
    """Fill ``slot`` from a cache record the file's ``status`` vouches for, when the
    record fits the file and the files it depends on did not change (the rest of the
    record is checked where it is used)."""
    digest, record, made = hit
    kind = record.get("kind")
    if kind == "skip":
        if slot.explicit:
            return False  # a file named on the command line is always read
    elif slot.language != record.get("lang") and slot.language != sources.NEEDS_HEAD:
        return False
    if "deps" in record and not scanner.dependencies_unchanged(record):
        return False
    slot.record, slot.status, slot.digest, slot.made = record, status, digest, made
    return True


def _run_files(slots: list[_Slot]) -> list[tuple[str, bool, str]] | None:
    """(path, explicit, content) of each file for :func:`delink.runmemo.run_key`, or
    None when one has no content hash (an editor's overlay)."""
    out = []
    for slot in slots:
        record = slot.record
        if slot.overlay is not None:
            return None
        if slot.problem is not None:
            content = f"problem:{slot.problem}"
        elif record is None:
            content = "none"
        elif record.get("kind") == "skip":
            content = f"skip:{slot.status}"
        elif slot.digest:
            deps = [[d[0], d[2]] for d in record.get("deps", [])]
            content = f"{slot.digest}:{deps}" if deps else slot.digest
        else:
            return None
        out.append((slot.path, slot.explicit, content))
    return out


def _bytes(path: str) -> bytes | None:
    try:
        return read_bytes_status(path)[0]
    except ReadError:
        return None


class _Run:
    """The facts of one run, joined in discovery order."""

    def __init__(self, linter: Linter, ctx: sources.Context) -> None:
        self.linter = linter
        self.settings = linter.settings
        self.ctx = ctx
        self.facts: list[FileFacts] = []
        self.files: dict[str, SourceText] = {}
        self.languages: dict[str, str] = {}
        self.deferred: list[_Slot] = []
        self.live = linter.live

    def add(self, path: str, language: str, src: SourceText, facts: FileFacts | None) -> None:
        if facts is None:
            facts = scanner.extract_facts(path, language, src, self.ctx)
            if facts is None:
                return  # no source for this language
        self.files[path] = src
        self.languages[path] = language
        self.facts.append(facts)

    def add_bytes(self, path: str, language: str, data: bytes) -> None:
        try:
            src = SourceText.from_bytes(path, data)
        except DecodeError as exc:
            self.facts.append(_problem_facts(path, language, str(exc)))
            return
        self.add(path, language, src, None)

    def phase_one(self, slot: _Slot) -> None:
        path = slot.path
        if slot.problem is not None:
            self.facts.append(_problem_facts(path, slot.language, slot.problem))
            return
        if slot.overlay is not None:
            src = slot.overlay
            language = sources.classify(path, src.text[:256].encode())
            if language is None:
                if not slot.explicit:
                    return
                language = "consumer"
            key = None
            if self.live is not None:  # the text, and the files its facts depend on
                deps = scanner.dependencies(path, language)
                key = (language, src.text, scanner.dependency_status(deps) if deps else None)
                if self.kept("text", path, key):
                    return
            before = len(self.facts)
            self.add(path, language, src, None)
            self.keep("text", path, key, before)
            return
        record = slot.record
        if record is None:
            return
        if not scanner.valid_record(record):
            self.rescan(slot)
            return
        kind = record.get("kind")
        if kind in ("facts", "main"):
            if self.kept("file", path, record):
                return
            before = len(self.facts)
            self.from_record(slot, record, kind)
            self.keep("file", path, slot.record, before)
        else:
            self.from_record(slot, record, kind)

    def kept(self, phase: str, path: str, key: object) -> bool:
        """Add the facts :attr:`live` kept for ``path`` under ``key``, if any."""
        found = self.live.get(phase, path, key) if self.live is not None else None
        if found is None:
            return False
        language, text, facts = found
        self.add(path, language, text, facts)
        return True

    def keep(self, phase: str, path: str, key: object, before: int) -> None:
        """Keep the facts just added for ``path`` in :attr:`live`, under ``key``."""
        if self.live is None or key is None or len(self.facts) != before + 1:
            return
        facts, text = self.facts[-1], self.files.get(path)
        if facts.path == path and text is not None:
            self.live.put(phase, path, key, self.languages[path], text, facts)

    def from_record(self, slot: _Slot, record: Record, kind: object) -> None:
        path = slot.path
        language = record.get("lang") or slot.language
        if kind == "deferred":
            slot.hints = scanner.hints_from_record(record)
            self.deferred.append(slot)
        elif kind == "problem":
            self.facts.append(_problem_facts(path, language, record["message"]))
        elif slot.scanned is not None and slot.scanned.facts is not None:
            assert slot.scanned.text is not None  # extracted in this process
            self.add(path, language, slot.scanned.text, slot.scanned.facts)
        elif kind == "facts":
            text = self.text(slot)
            if text is None:
                self.rescan(slot)
                return
            from delink.factcodec import CorruptEntry, decode

            try:
                facts = decode(record["facts"])
            except CorruptEntry:
                self.add(path, language, text, None)
                return
            self.add(path, language, text, facts)
        elif kind == "main":
            data = slot.scanned.data if slot.scanned is not None else self.read(slot)[1]
            if data is None:
                self.rescan(slot)
                return
            self.add_bytes(path, language, data)

    def read(self, slot: _Slot) -> tuple[bytes | None, bytes | None]:
        """The file's bytes, and the same bytes only if its status is still the one its
        record describes (else None: it changed after the status was taken)."""
        try:
            data, st = read_bytes_status(slot.path, self.settings.max_file_size)
        except ReadError:
            return None, None
        return data, (data if signature(st) == slot.status else None)

    def text(self, slot: _Slot) -> SourceText | None:
        if slot.scanned is not None and slot.scanned.text is not None:
            return slot.scanned.text
        data = self.read(slot)[1]
        if data is None:
            return None
        try:
            return SourceText.from_bytes(slot.path, data)
        except DecodeError:
            return None

    def rescan(self, slot: _Slot) -> None:
        """Read the file again, here: it changed after its status was taken, or its
        record from the cache is unusable."""
        task = scanner.Task(slot.path, slot.explicit, slot.language)
        hashing = self.linter.cache.persistent
        slot.take(scanner.scan(task, self.settings, self.ctx, hashing, live=True))
        if slot.record is not None and slot.status is not None:
            self.linter.cache.put(slot.path, slot.status, slot.digest, slot.record, slot.made)
        self.phase_one(slot)

    def phase_two(self, slot: _Slot) -> None:
        """Extract a file the prefilter skipped; its facts are remembered with its
        record."""
        record = slot.record
        assert record is not None
        if self.kept("late", slot.path, record):
            return
        before = len(self.facts)
        self.late(slot, record)
        self.keep("late", slot.path, record, before)

    def late(self, slot: _Slot, record: Record) -> None:
        language = record.get("lang") or slot.language
        data, same = self.read(slot)
        if data is None:
            return  # it was readable a moment ago; nothing to add now
        try:
            src = SourceText.from_bytes(slot.path, data)
        except DecodeError as exc:
            self.facts.append(_problem_facts(slot.path, language, str(exc)))
            return
        late = record.get("late")
        facts: FileFacts | None = None
        if isinstance(late, dict) and same is not None:
            from delink.factcodec import CorruptEntry, decode

            try:
                facts = decode(late)
            except CorruptEntry:
                facts = None
        before = len(self.facts)
        self.add(slot.path, language, src, facts)
        if late is None and len(self.facts) > before and same is not None and slot.status:
            from delink.factcodec import Unencodable, encode

            try:
                record["late"] = encode(self.facts[-1])
            except Unencodable:
                record["late"] = "main"
            self.linter.cache.put(slot.path, slot.status, slot.digest, record, slot.made)
