"""The diagnostics of a whole run, replayed when none of its inputs changed.

Files are linked across files, so diagnostics are not per file; but a run whose inputs
are all the same gives the same diagnostics. After the first pass (which, with the
cache, knows every file's content hash from its status alone), ``delink check`` looks
up a run with

* the same files, in the same order, with the same content hashes (and, for a Compose
  file, the same ``.env``), named the same way on the command line, from the same
  working directory;
* the same delink code, every setting, the same selected rules;
* the same content of every other file the run read, and the same entries in every
  directory it listed, while it built the project and ran the rules (the dependency
  files that pin the docker SDK, a Compose file ``extends``): :class:`Watch` records
  them through Python's audit hooks, so a read added to a rule later is covered too.

A hit prints the stored diagnostics; the texts shown in code frames are read again
and checked against their hashes. Anything missing, corrupt, changed or less than two
seconds old at the time it was recorded is a miss, and the run is made in full.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from delink.cache import (
    FORMAT,
    _hash,
    _write_atomic,
    code_version,
    content_digest,
    settings_key,
    signature,
)
from delink.diagnostics import Diagnostic
from delink.settings import Settings

if TYPE_CHECKING:
    from delink.lint import LintResult

__all__ = ["RunMemo", "Watch", "run_key"]

_KEEP = 16  # runs remembered per cache folder
_RACY_NS = 2_000_000_000


class Watch:
    """While active (a ``with`` block), the files this process opens and the
    directories it lists, from Python's audit events (every thread)."""

    _active: ClassVar[list[Watch]] = []
    _installed: ClassVar[bool] = False

    def __init__(self) -> None:
        self.opened: set[str] = set()
        self.listed: set[str] = set()

    def __enter__(self) -> Watch:
        if not Watch._installed:
            sys.addaudithook(_hook)  # for the life of the process; idle when inactive
            Watch._installed = True
        Watch._active.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        Watch._active.remove(self)


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if not Watch._active or event not in ("open", "os.listdir", "os.scandir"):
        return
    try:
        target = args[0] if args else None
        if event != "open" and target is None:
            target = "."
        if isinstance(target, int) or target is None:
            return  # a descriptor: its file was opened (and seen) before
        path = os.path.abspath(os.fsdecode(target))
        for watch in Watch._active:
            (watch.opened if event == "open" else watch.listed).add(path)
    except Exception:  # an audit hook must never break the operation it watches
        return


def _code_dirs() -> tuple[str, ...]:
    """Where modules come from: opening them is importing, not reading the project."""
    import delink
    from delink.cache import _package_dirs

    tops = {sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(delink.__file__)}
    tops.update(_package_dirs())
    return tuple(os.path.join(os.path.abspath(t), "") for t in tops)


def run_key(
    settings: Settings,
    codes: object,
    paths: Iterable[str],
    files: Iterable[tuple[str, bool, str]],
) -> str:
    """The key of a run: ``codes`` are the selected rules (or the command line's
    ``--select`` and ``--ignore`` they are resolved from); ``files`` are (path, named on
    the command line, what the first pass knows of its content: a hash, a status, a
    problem)."""
    parts = [
        f"{FORMAT}",
        code_version(),
        settings_key(settings, frozenset()),
        os.getcwd(),
        json.dumps(codes),
        json.dumps(list(paths)),
    ]
    parts.extend(f"{path}\0{int(explicit)}\0{content}" for path, explicit, content in files)
    return _hash("\n".join(parts))


class Replayed:
    """What ``delink check`` prints from a remembered run."""

    def __init__(
        self,
        diagnostics: list[Diagnostic],
        files: dict[str, Any],
        statements: dict[str, list[tuple[int, int]]],
        seen: int,
    ) -> None:
        self.diagnostics = diagnostics
        self.files = files  # SourceText of every file a diagnostic shows
        self.statements = statements  # of the files of the diagnostics
        self.files_seen = seen
        self.errors: list[str] = []
        self.temp_files: list[str] = []


def _file_state(path: str) -> list[Any]:
    """[path, status or None, content hash or None] of a file a run read."""
    from delink.readfile import ReadError, read_bytes_status

    try:
        data, st = read_bytes_status(path, 16 << 20)
    except ReadError:
        return [path, None, None]
    return [path, list(signature(st)), content_digest(data)]


def _listing(path: str) -> str | None:
    try:
        return _hash("\0".join(sorted(os.listdir(path))))
    except (OSError, ValueError):
        return None


def _recent(path: str, now: int) -> bool:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return False
    return st.st_mtime_ns >= now - _RACY_NS or st.st_ctime_ns >= now - _RACY_NS


class RunMemo:
    """Remembered runs in ``folder`` (the cache's folder for this code and settings)."""

    def __init__(self, folder: Path, prepare: Callable[[], None]) -> None:
        self.folder = folder / "runs"
        self._prepare = prepare  # creates the cache directory with its .gitignore

    def load(self, key: str, digests: dict[str, str]) -> Replayed | None:
        """The run ``key`` if it is remembered and its other inputs are unchanged;
        ``digests``: content hash of each file of the run, to check the texts."""
        from delink.factcodec import CorruptEntry, decode_value

        try:
            with open(self.folder / f"{key}.json", "rb") as fh:
                data = json.loads(fh.read())
            if data.get("format") != FORMAT:
                return None
            if any(_file_state(path) != [path, *state] for path, *state in data["read"]):
                return None
            if any(_listing(path) != listing for path, listing in data["listed"]):
                return None
            diagnostics = decode_value(data["diagnostics"])
            if not isinstance(diagnostics, list) or not all(
                isinstance(d, Diagnostic) for d in diagnostics
            ):
                return None
            files = _texts(data["texts"], digests)
            if files is None:
                return None
            statements = {
                str(path): [(int(a), int(b)) for a, b in spans]
                for path, spans in data["statements"].items()
            }
            return Replayed(diagnostics, files, statements, int(data["seen"]))
        except (OSError, ValueError, KeyError, TypeError, CorruptEntry):
            return None

    def store(self, key: str, result: LintResult, seen: int, watch: Watch, own: set[str]) -> None:
        """Remember a run; ``own``: absolute paths of the run's files (already in the
        key). Nothing is stored when what it read is too fresh to be trusted."""
        from delink.factcodec import Unencodable, encode

        diagnostics = result.diagnostics
        now = time.time_ns()
        code = _code_dirs()
        read = sorted(
            p
            for p in watch.opened
            if p not in own and not p.endswith((".pyc", ".pyo")) and not p.startswith(code)
        )
        listed = sorted(p for p in watch.listed if not p.startswith(code))
        if any(_recent(p, now) for p in [*read, *listed]):
            return
        try:
            encoded = encode(diagnostics)
        except Unencodable:
            return
        data = {
            "format": FORMAT,
            "seen": seen,
            "read": [_file_state(p) for p in read],
            "listed": [[p, _listing(p)] for p in listed],
            "texts": _shown(diagnostics, result.files),
            "statements": {
                path: spans
                for path, spans in result.statements.items()
                if path in {d.path for d in diagnostics}
            },
            "diagnostics": encoded,
        }
        with contextlib.suppress(OSError):
            self._prepare()
            self.folder.mkdir(parents=True, exist_ok=True)
            _write_atomic(self.folder / f"{key}.json", json.dumps(data).encode())
            self._prune()

    def _prune(self) -> None:
        runs = sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in runs[_KEEP:]:
            with contextlib.suppress(OSError):
                old.unlink()


def _shown(diagnostics: list[Diagnostic], texts: Iterable[str]) -> list[str]:
    """The files among ``texts`` that the diagnostics point at."""
    paths: set[str] = set()
    for d in diagnostics:
        paths.add(d.path)
        paths.update(r.span.path for r in d.related)
        if d.fix is not None:
            paths.update(e.path for e in d.fix.edits)
    return sorted(paths & set(texts))


def _texts(paths: list[str], digests: dict[str, str]) -> dict[str, Any] | None:
    """The texts the reporters show, read again; None if one is not what the run saw."""
    from delink.readfile import ReadError, read_bytes
    from delink.text import DecodeError, SourceText

    files = {}
    for path in paths:
        try:
            data = read_bytes(path)
            if content_digest(data) != digests.get(path):
                return None
            files[path] = SourceText.from_bytes(path, data)
        except (ReadError, DecodeError):
            return None
    return files
