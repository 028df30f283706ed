"""The first pass over the files, one file at a time, in worker processes when it pays.

:func:`scan` reads one file and decides what the pipeline needs from it: the facts of a
file whose bytes hold a link word, the :class:`~delink.prefilter.Hints` of one that
holds none, or a mark that the file holds parse trees and must be extracted by the main
process (fix writers need them, and they do not cross a process boundary). What it
returns is also what :mod:`delink.cache` stores, so the result of a scan is a record of
plain data plus, for the main process, the decoded text or the bytes.

:func:`scan_all` runs the scans in input order, inline for a small run, else over a
pool of ``jobs`` processes (forked where that is safe, so that workers start with
delink already imported). The results are the same, in the same order, whatever
``jobs`` is.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from delink import prefilter, sources
from delink.cache import Record, Signature, content_digest, signature
from delink.prefilter import Hints
from delink.readfile import FileTooLarge, ReadError, read_bytes_status, read_head_status
from delink.settings import Settings
from delink.text import DecodeError, SourceText

__all__ = [
    "Scanned",
    "Task",
    "dependencies",
    "dependencies_unchanged",
    "dependency_status",
    "extract_facts",
    "hints_from_record",
    "record_of_hints",
    "scan",
    "scan_all",
    "valid_record",
]

# Below this many files to read, a pool costs more than it saves.
POOL_MIN_FILES = 400
# Tasks per message to a worker: large enough to amortise the round trip, small
# enough to spread the work evenly.
_CHUNK = 48


def dependencies(path: str, language: str) -> list[str]:
    """Other files whose content a source reads while extracting ``path``: a Compose
    file interpolates the ``.env`` of its directory. ``tests/core/test_cache.py``
    checks that sources read nothing else."""
    if language == "compose":
        return [os.path.join(os.path.dirname(path) or ".", ".env")]
    return []


class Task(NamedTuple):  # one per file to read: a tuple is cheap to make and to send
    path: str
    explicit: bool
    language: str  # from the name, or sources.NEEDS_HEAD
    regular: bool = False  # the walk saw a regular file (no stat before the open)
    previous: tuple[str, Record] | None = None  # a record to reuse if the hash matches


class Scanned:
    """What :func:`scan` found out about one file."""

    __slots__ = (
        "data",
        "digest",
        "facts",
        "language",
        "made",
        "path",
        "problem",
        "record",
        "status",
        "text",
    )

    def __init__(
        self,
        path: str,
        record: Record | None,  # None: nothing to remember (a read error)
        language: str = "",
        status: Signature | None = None,  # of the file when read
        digest: str | None = None,
        made: int = 0,  # when the file was read (ns)
        problem: str | None = None,  # why it could not be read (DLK102)
    ) -> None:
        self.path = path
        self.record = record
        self.language = language
        self.status = status
        self.digest = digest
        self.made = made
        self.problem = problem
        self.text: SourceText | None = None  # record kind "facts": the decoded text
        self.data: bytes | None = None  # record kind "main": the bytes to extract
        self.facts: Any = None  # the FileFacts themselves, parse trees included (no pool)


def valid_record(record: Any) -> bool:
    """Whether a record read back from the cache has the shape :func:`scan` gives it
    (anything else is a miss; facts themselves are checked when decoded)."""
    if not isinstance(record, dict):
        return False
    kind = record.get("kind")
    if kind == "skip":
        return True
    if not isinstance(record.get("lang"), str):
        return False
    deps = record.get("deps", [])
    if not isinstance(deps, list) or not all(isinstance(d, list) and len(d) == 3 for d in deps):
        return False
    if kind == "facts":
        return isinstance(record.get("facts"), dict)
    if kind == "problem":
        return isinstance(record.get("message"), str)
    if kind == "main":
        return True
    if kind == "deferred":
        hints = record.get("hints", _NO_HINTS)
        late = record.get("late")
        return (
            isinstance(hints, list)
            and len(hints) == 3
            and all(isinstance(x, list) and all(isinstance(y, str) for y in x) for x in hints[:2])
            and hints[2] in (True, False, None)
            and (late is None or late == "main" or isinstance(late, dict))
        )
    return False


_NO_HINTS: list[Any] = [[], [], None]  # most files: written as no "hints" at all


def record_of_hints(hints: Hints) -> Record:
    record: Record = {"kind": "deferred", "lang": hints.language}
    found = [list(hints.prefixes), list(hints.names), hints.compose]
    if found != _NO_HINTS:
        record["hints"] = found
    return record


def hints_from_record(record: Record) -> Hints:
    prefixes, names, compose = record.get("hints", _NO_HINTS)
    return Hints(record["lang"], tuple(prefixes), tuple(names), compose)


def _too_large(exc: FileTooLarge) -> str:
    from delink.config import format_size

    limit = format_size(exc.limit)
    return f"file is {format_size(exc.size)}, over the {limit} limit; skipped"


def dependency_status(paths: list[str]) -> list[list[Any]]:
    """[path, status or None, content hash or None] of each dependency."""
    out: list[list[Any]] = []
    for dep in paths:
        try:
            data, st = read_bytes_status(dep, 1 << 20)
        except ReadError:
            out.append([dep, None, None])
            continue
        out.append([dep, list(signature(st)), content_digest(data)])
    return out


def dependencies_unchanged(record: Record) -> bool:
    """Whether the other files a record's facts depend on (a Compose file's ``.env``)
    still have the content they had."""
    deps = record.get("deps")
    if not deps:
        return True
    try:
        return bool(dependency_status([d[0] for d in deps]) == deps)
    except (TypeError, IndexError):
        return False


def extract_facts(
    path: str, language: str, src: SourceText, ctx: sources.Context
) -> Any:  # FileFacts
    """The source's facts for a decoded file; a crash in a source becomes a problem."""
    from delink.diagnostics import Severity, Span
    from delink.facts import FileFacts, Problem

    source = sources.load(language)
    if source is None:
        return None
    try:
        return source.extract(src, ctx)
    except Exception as exc:  # a bug in a source must not stop the run
        facts = FileFacts(path, language)
        facts.problems.append(
            Problem(
                Span(path, 0, 0),
                f"internal error while reading this file ({type(exc).__name__}: {exc});"
                " please report this",
                code="DLK102",
                severity=Severity.WARNING,
            )
        )
        return facts


def _likely_trees(data: bytes, language: str) -> bool:
    """Whether a candidate file will likely hold parse trees (Compose documents, docker
    SDK calls): a worker leaves those to the main process, which would have to extract
    them again anyway. A guess that only decides where the work is done."""
    if language == "compose":
        return True
    if language == "markdown":
        return b"services:" in data or b"image:" in data
    return language == "python" and b"docker" in data


def scan(
    task: Task, settings: Settings, ctx: sources.Context, hashing: bool, live: bool = False
) -> Scanned:
    """Read ``task.path`` and decide what the pipeline needs from it (never raises).
    ``live``: in the main process, so the facts themselves come back too (they are not
    extracted a second time); else (a worker) a file that likely holds parse trees is
    left to the main process."""
    path = task.path
    language = task.language
    try:
        if language == sources.NEEDS_HEAD:
            try:
                head, st = read_head_status(path, 256, regular=task.regular)
            except ReadError:
                head, st = b"", None
            found = sources.classify(path, head)
            if found is None and not task.explicit:
                # remembered by status alone: the head is all that decided
                status = signature(st) if st is not None else None
                record = {"kind": "skip"} if status is not None else None
                return Scanned(path, record, "", status, "", time.time_ns())
            language = found or "consumer"
        data, st = read_bytes_status(path, settings.max_file_size, regular=task.regular)
    except FileTooLarge as exc:
        return Scanned(path, None, language, problem=_too_large(exc))
    except ReadError as exc:
        return Scanned(path, None, language, problem=exc.reason)
    made = time.time_ns()
    status = signature(st)
    digest = content_digest(data) if hashing else None
    if digest is not None and task.previous is not None and task.previous[0] == digest:
        record = task.previous[1]
        if (
            valid_record(record)
            and record.get("lang") == language
            and dependencies_unchanged(record)
        ):
            return _with_payload(Scanned(path, record, language, status, digest, made), data)
    result = Scanned(path, None, language, status, digest, made)
    hints = prefilter.triage(data, language)
    if hints is not None:
        result.record = record_of_hints(hints)
        return result
    try:
        src = SourceText.from_bytes(path, data)
    except DecodeError as exc:
        result.record = {"kind": "problem", "lang": language, "message": str(exc)}
        return result
    deps = dependencies(path, language)
    if not live and _likely_trees(data, language):
        result.record = {"kind": "main", "lang": language}
        result.data = data
        if deps:
            result.record["deps"] = dependency_status(deps)
        return result
    facts = extract_facts(path, language, src, ctx)
    if facts is None:  # no source for this language (not installed)
        result.record = {"kind": "skip", "lang": language}
        return result
    from delink.factcodec import Unencodable, encode

    try:
        encoded = encode(facts)
    except Unencodable:
        result.record = {"kind": "main", "lang": language}
        result.data = data
    else:
        result.record = {"kind": "facts", "lang": language, "facts": encoded}
        result.text = src
    if live:
        result.facts, result.text = facts, src
    if deps:
        result.record["deps"] = dependency_status(deps)
    return result


def _with_payload(result: Scanned, data: bytes) -> Scanned:
    """A reused record with what the main process needs from the file's bytes."""
    assert result.record is not None
    kind = result.record.get("kind")
    if kind == "facts":
        try:
            result.text = SourceText.from_bytes(result.path, data)
        except DecodeError:  # the same bytes decoded before: cannot happen
            result.record = {"kind": "main", "lang": result.record.get("lang")}
            result.data = data
    elif kind == "main":
        result.data = data
    return result


# -- the pool ---------------------------------------------------------------------------

_worker: tuple[Settings, sources.Context, bool] | None = None


def _init_worker(settings: Settings, hashing: bool) -> None:
    global _worker
    _worker = (settings, sources.Context(settings), hashing)


def _scan_chunk(tasks: list[Task]) -> list[Scanned]:
    assert _worker is not None
    settings, ctx, hashing = _worker
    return [scan(task, settings, ctx, hashing) for task in tasks]


def _context() -> Any:
    import multiprocessing
    import threading

    methods = multiprocessing.get_all_start_methods()
    # fork copies a process that has delink imported: workers start at once. It is
    # not safe in a process with other threads (an editor's language server).
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def scan_all(
    tasks: Sequence[Task], settings: Settings, jobs: int, hashing: bool
) -> Iterator[Scanned]:
    """:func:`scan` of every task, in order."""
    if jobs <= 1 or len(tasks) < POOL_MIN_FILES:
        ctx = sources.Context(settings)
        for task in tasks:
            yield scan(task, settings, ctx, hashing, live=True)
        return
    chunks = [list(tasks[i : i + _CHUNK]) for i in range(0, len(tasks), _CHUNK)]
    workers = min(jobs, len(chunks))
    # Import the extractors here, once: forked workers start with them (else each
    # worker imports them again), and the main process needs most of them anyway.
    for language in sorted({t.language for t in tasks} - {sources.NEEDS_HEAD}):
        sources.load(language)
    with _context().Pool(workers, _init_worker, (settings, hashing)) as pool:
        for results in pool.imap(_scan_chunk, chunks):
            yield from results


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)
