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

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from delink import sources
from delink.atomic import is_temp_name
from delink.diagnostics import Diagnostic, Severity, Span
from delink.discover import discover
from delink.facts import FileFacts, Problem
from delink.prefilter import is_candidate
from delink.readfile import ReadError, read_bytes_status
from delink.settings import Settings
from delink.text import DecodeError, SourceText

if TYPE_CHECKING:
    from delink.cache import FileCache, Record, Signature
    from delink.prefilter import Hints
    from delink.project import Project
    from delink.scan import Scanned, Task

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


@dataclass
class _Slot:
    """One file of the first pass, in discovery order."""

    path: str
    explicit: bool
    language: str = ""  # from the name (or sources.NEEDS_HEAD), until the record says
    record: Record | None = None  # from the cache, or from the scan
    scanned: Scanned | None = None  # the scan of this run, with the text or bytes
    status: Signature | None = None  # of the file the record describes
    digest: str = ""
    made: int = 0
    problem: str | None = None
    overlay: SourceText | None = None
    hints: Hints | None = None

    def take(self, scanned: Scanned) -> None:
        self.scanned = scanned
        self.record = scanned.record
        self.status = scanned.status
        self.digest = scanned.digest or ""
        self.made = scanned.made
        self.problem = scanned.problem
        self.language = scanned.language or self.language


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except (OSError, ValueError):
        return None


def _problem_facts(path: str, language: str, message: str, code: str = "DLK102") -> FileFacts:
    facts = FileFacts(path, language)
    facts.problems.append(Problem(Span(path, 0, 0), message, code=code, severity=Severity.WARNING))
    return facts


class Linter:
    """Runs the pipeline over paths; ``overlay`` replaces file contents (the fixer's
    fixed texts, an editor's unsaved buffers) and is never cached.

    ``cache`` remembers what the first pass learnt about each file
    (:class:`~delink.cache.FileCache`, on disk or in memory); by default an in-memory
    one, so that repeated runs of one linter (the rounds of ``delink fix``, an editor
    session) read and parse only the files that changed. ``jobs``: processes for the
    first pass (1: none; small runs never start a pool).
    """

    def __init__(
        self,
        settings: Settings,
        select: Iterable[str] | None = None,
        *,
        cache: FileCache | None = None,
        jobs: int = 1,
    ) -> None:
        self.settings = settings
        from delink.selection import selected_codes

        self.codes = list(select) if select is not None else selected_codes(settings)
        if cache is None:
            from delink.cache import FileCache

            cache = FileCache(None, settings)
        self.cache = cache
        self.jobs = jobs

    def lint(
        self,
        paths: list[str],
        overlay: Mapping[str, SourceText] | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> LintResult:
        """Lint ``paths``; ``progress`` is called with each file found (for a display)."""
        overlay = overlay or {}
        settings = self.settings
        ctx = sources.Context(settings)
        slots, seen, temp_files = self._first_pass(paths, overlay, progress)
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
                if project.wants(slot.hints, slot.path, partial(_bytes, slot.path)):
                    run.phase_two(slot)
            if len(run.facts) != before:
                project = Project(run.facts, run.files, settings)
        self.cache.save()

        from delink.rule import iter_rules
        from delink.suppress import apply_suppressions

        diagnostics: list[Diagnostic] = []
        for rule in iter_rules(self.codes):
            diagnostics.extend(rule.check(project))
        diagnostics = apply_suppressions(diagnostics, project, settings, self.codes)
        diagnostics.sort(key=Diagnostic.sort_key)
        return LintResult(
            diagnostics, run.files, run.languages, project, seen, temp_files=temp_files
        )

    def _first_pass(
        self,
        paths: list[str],
        overlay: Mapping[str, SourceText],
        progress: Callable[[str], None] | None = None,
    ) -> tuple[list[_Slot], int, list[str]]:
        """The files in discovery order, each with its record: from the cache when the
        file's status vouches for it, else from a scan (in worker processes when the
        run is large); the number of paths seen; delink's temporary files among them."""
        from delink.scan import Task, scan_all

        cache = self.cache
        slots: list[_Slot] = []
        tasks: list[Task] = []
        scanned_slots: list[_Slot] = []
        seen = 0
        temp_files: list[str] = []
        identities: dict[tuple[int, int], str] = {}
        for found in discover(paths, self.settings):
            seen += 1
            if progress is not None:
                progress(found.path)
            st = None
            if found.error is None:
                if is_temp_name(os.path.basename(found.path)):
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
            if st is not None and self._from_cache(slot, st):
                continue
            previous = cache.previous(found.path)
            tasks.append(Task(found.path, found.explicit, language, found.regular, previous))
            scanned_slots.append(slot)
        if tasks:
            results = scan_all(tasks, self.settings, self.jobs, cache.persistent)
            for slot, scanned in zip(scanned_slots, results, strict=True):
                slot.take(scanned)
                if scanned.record is not None and scanned.status is not None:
                    cache.put(slot.path, scanned.status, slot.digest, scanned.record, slot.made)
        return slots, seen, temp_files

    def _from_cache(self, slot: _Slot, st: os.stat_result) -> bool:
        """Fill ``slot`` from the cache when the file's status ``st`` vouches for its
        record."""
        from delink.cache import signature

        cache = self.cache
        if cache.previous(slot.path) is None:
            return False
        status = signature(st)
        hit = cache.get(slot.path, status)
        if hit is None:
            return False
        digest, record, made = hit
        from delink.scan import dependencies_unchanged, valid_record

        if not valid_record(record):
            return False
        kind = record.get("kind")
        if kind == "skip" and slot.explicit:
            return False  # a file named on the command line is always read
        if kind != "skip" and slot.language not in (sources.NEEDS_HEAD, record.get("lang")):
            return False
        if not dependencies_unchanged(record):
            return False
        slot.record, slot.status, slot.digest, slot.made = record, status, digest, made
        return True


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

    def add(self, path: str, language: str, src: SourceText, facts: FileFacts | None) -> None:
        if facts is None:
            from delink.scan import extract_facts

            facts = extract_facts(path, language, src, self.ctx)
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
            self.add(path, language, src, None)
            return
        record = slot.record
        if record is None:
            return
        kind = record.get("kind")
        language = record.get("lang") or slot.language
        if kind == "deferred":
            from delink.scan import hints_from_record

            slot.hints = hints_from_record(record)
            self.deferred.append(slot)
        elif kind == "problem":
            self.facts.append(_problem_facts(path, language, record["message"]))
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
        from delink.cache import signature

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
        """The file changed after its status was taken: read it again, here."""
        from delink.scan import Task, scan

        task = Task(slot.path, slot.explicit, slot.language)
        hashing = self.linter.cache.persistent
        slot.take(scan(task, self.settings, self.ctx, hashing))
        if slot.record is not None and slot.status is not None:
            self.linter.cache.put(slot.path, slot.status, slot.digest, slot.record, slot.made)
        self.phase_one(slot)

    def phase_two(self, slot: _Slot) -> None:
        """Extract a file the prefilter skipped; its facts are remembered with its
        record."""
        record = slot.record
        assert record is not None
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
