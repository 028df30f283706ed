"""The persistent cache: what the first pass learnt about each file, across runs.

For every file delink reads, the pipeline keeps one *record*: the file's language and
either its facts (:mod:`delink.factcodec`), the hints the second phase asks about
(:class:`delink.prefilter.Hints`), or a mark that the file holds parse trees and is
extracted in the main process. A record is keyed by

* the file's content hash (BLAKE2b) and path (facts hold paths);
* delink's code: its version and, so that a development checkout never reads a stale
  record, the size and modification time of every file of the package and of the
  extractors it uses (bashlex, pyyaml, tree-sitter), and the Python version;
* the settings that may change what a source extracts (all of them except the ones
  listed in :data:`NOT_EXTRACTION`, so that a new setting is in the key by default);
* for a Compose file, the ``.env`` of its directory (its values are interpolated).

Reading a file to hash it costs as much as the prefilter, so a record also carries the
file's status (size, modification and change times, inode) and the time it was made:
an unchanged status vouches for the hash, like git's index. A status less than two
seconds older than the record is not trusted (a file rewritten within the same
timestamp tick would look unchanged), nor is one that differs in any field: then the
file is read and hashed, and a record whose hash still matches is reused.

The directory (``.delink_cache/`` at the project root unless ``--cache-dir`` or
``DELINK_CACHE_DIR`` say otherwise) holds a ``.gitignore`` of its own and one folder
per code version and settings, each with 64 JSON files (a file's bucket is a hash of
its path). Runs that share it are safe: each writes a bucket to a temporary file and
renames it into place, merging what another run wrote meanwhile; an unreadable or
corrupt bucket or record is a miss, never an error and never a wrong answer.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
import zlib
from dataclasses import fields
from pathlib import Path
from typing import Any, NamedTuple

from delink.settings import Settings

__all__ = [
    "CACHE_DIR_NAME",
    "ENV_CACHE_DIR",
    "NOT_EXTRACTION",
    "FileCache",
    "Lookup",
    "Signature",
    "code_version",
    "content_digest",
    "settings_key",
    "signature",
]

CACHE_DIR_NAME = ".delink_cache"
ENV_CACHE_DIR = "DELINK_CACHE_DIR"
FORMAT = 1
_BUCKETS = 64
_RACY_NS = 2_000_000_000  # FAT and HFS+ keep modification times in 2 s and 1 s steps
_KEEP_NAMESPACES = 4  # code versions / settings whose records stay on disk
_STALE_NS = 30 * 24 * 3600 * 1_000_000_000  # records untouched this long are dropped
_GITIGNORE = "# Automatically created by delink.\n*\n"
_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by delink.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
# Settings that only decide which files are walked or which diagnostics are kept:
# they never change what a source extracts from a file.
NOT_EXTRACTION = frozenset(
    {"root", "config_path", "select", "ignore", "per_file_ignores", "exclude", "respect_gitignore"}
)
# Extractors whose upgrade may change facts.
_DEPENDENCIES = ("bashlex", "yaml", "tree_sitter", "tree_sitter_bash", "libcst")

Signature = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
Record = dict[str, Any]


class Lookup(NamedTuple):
    """``hit``: (content hash, record, when it was made), when the file's status
    vouches that it is the file the record was made from. ``previous``: (content
    hash, record) whatever the status, reused if the file read again has that hash."""

    hit: tuple[str, Record, int] | None
    previous: tuple[str, Record] | None


def signature(st: os.stat_result) -> Signature:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _blake2b(data: bytes, size: int) -> str:
    try:  # CPython's own BLAKE2: hashlib would first load OpenSSL (milliseconds)
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - other interpreters
        from hashlib import blake2b
    return blake2b(data, digest_size=size).hexdigest()


def content_digest(data: bytes) -> str:
    return _blake2b(data, 16)


def _hash(text: str) -> str:
    return _blake2b(text.encode("utf-8", "surrogatepass"), 12)


_code_version: str | None = None


def _package_dirs() -> list[str]:
    import importlib

    import delink

    rules = importlib.import_module("delink.rules")  # rules/, installed as delink.rules
    return [os.path.dirname(os.path.abspath(delink.__file__)), *rules.__path__]


def code_version() -> str:
    """delink's version, and a fingerprint of its code and its extractors' code."""
    global _code_version
    if _code_version is not None:
        return _code_version
    import importlib.util

    from delink import __version__

    parts = [__version__, sys.version, sys.implementation.cache_tag or ""]
    for top in _package_dirs():
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for name in sorted(filenames):
                if name.endswith((".pyc", ".pyo")):
                    continue
                full = os.path.join(dirpath, name)
                with contextlib.suppress(OSError):
                    st = os.stat(full)
                    parts.append(f"{os.path.relpath(full, top)}:{st.st_size}:{st.st_mtime_ns}")
    for dep in _DEPENDENCIES:
        try:
            spec = importlib.util.find_spec(dep)
        except (ImportError, ValueError):
            spec = None
        origin = spec.origin if spec is not None else None
        if origin:
            with contextlib.suppress(OSError):
                st = os.stat(origin)
                parts.append(f"{dep}:{origin}:{st.st_size}:{st.st_mtime_ns}")
                continue
        parts.append(f"{dep}:-")
    _code_version = f"{__version__}+{_hash(chr(10).join(parts))}"
    return _code_version


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def settings_key(settings: Settings, exclude: frozenset[str] = NOT_EXTRACTION) -> str:
    """A hash of the settings that may change what a source extracts."""
    values = {f.name: _plain(getattr(settings, f.name)) for f in fields(settings)}
    kept = {k: v for k, v in values.items() if k not in exclude}
    return _hash(json.dumps(kept, sort_keys=True))


def _bucket(path: str) -> int:
    return zlib.crc32(path.encode("utf-8", "surrogateescape")) % _BUCKETS


class FileCache:
    """Records of files by path; ``directory`` None keeps them in memory only (one
    process: the rounds of ``delink fix``, an editor session)."""

    def __init__(self, directory: Path | None, settings: Settings) -> None:
        self.directory = directory
        self.namespace = ""  # code version and settings; only a cache on disk needs it
        self.folder: Path | None = None
        if directory is not None:
            self.namespace = _hash(f"{FORMAT}\n{code_version()}\n{settings_key(settings)}")
            self.folder = directory / f"v{FORMAT}-{self.namespace}"
        self._buckets: dict[int, dict[str, list[Any]]] = {}
        self._dirty: set[int] = set()
        self._put: set[str] = set()  # paths whose record this run wrote

    @property
    def persistent(self) -> bool:
        return self.directory is not None

    # -- reading -------------------------------------------------------------------

    def _entries(self, path: str) -> dict[str, list[Any]]:
        index = _bucket(path)
        entries = self._buckets.get(index)
        if entries is None:
            entries = self._load(index)
            self._buckets[index] = entries
        return entries

    def _file(self, index: int) -> Path | None:
        return self.folder / f"{index:02x}.json" if self.folder is not None else None

    def _load(self, index: int) -> dict[str, list[Any]]:
        file = self._file(index)
        if file is None:
            return {}
        try:
            with open(file, "rb") as fh:
                data = json.loads(fh.read())
        except (OSError, ValueError):
            return {}  # missing, unreadable or corrupt: start again
        if (
            not isinstance(data, dict)
            or data.get("format") != FORMAT
            or data.get("namespace") != self.namespace
            or not isinstance(data.get("entries"), dict)
        ):
            return {}
        entries: dict[str, list[Any]] = data["entries"]
        return entries

    def _entry(self, path: str) -> list[Any] | None:
        entry = self._entries(path).get(path)
        if not isinstance(entry, list) or len(entry) != 7:
            return None
        return entry

    def lookup(self, path: str, sig: Signature) -> Lookup:
        """What the cache knows of ``path`` whose status is now ``sig``."""
        entry = self._entry(path)
        if entry is None:
            return Lookup(None, None)
        size, mtime, ctime, ino, digest, made, record = entry
        if not isinstance(digest, str) or not isinstance(record, dict):
            return Lookup(None, None)
        previous = (digest, record)
        if (size, mtime, ctime, ino) != sig or not isinstance(made, int):
            return Lookup(None, previous)
        if mtime >= made - _RACY_NS or ctime >= made - _RACY_NS:
            return Lookup(None, previous)  # written too close to the record: no proof
        return Lookup((digest, record, made), previous)

    # -- writing -------------------------------------------------------------------

    def put(self, path: str, sig: Signature, digest: str, record: Record, made: int) -> None:
        """Store the record of ``path``; ``made`` is when the file was read (ns)."""
        entries = self._entries(path)
        entries[path] = [*sig, digest, made, record]
        self._dirty.add(_bucket(path))
        self._put.add(path)

    def save(self) -> None:
        """Write the buckets this run changed; any failure leaves the cache as it was."""
        if self.folder is None or not self._dirty:
            return
        try:
            self.prepare()
            for index in sorted(self._dirty):
                self._write(index)
        except OSError:
            return  # read-only tree, full disk: the next run simply misses
        finally:
            self._dirty.clear()
        self._prune()

    def prepare(self) -> None:
        """Create this cache's folder, with the ``.gitignore`` and ``CACHEDIR.TAG`` of its
        directory, before anything is written into it."""
        assert self.directory is not None and self.folder is not None
        fresh = not self.directory.exists()
        self.folder.mkdir(parents=True, exist_ok=True)
        gitignore = self.directory / ".gitignore"
        if fresh or not gitignore.exists():
            _write_atomic(gitignore, _GITIGNORE.encode())
            _write_atomic(self.directory / "CACHEDIR.TAG", _CACHEDIR_TAG.encode())

    def _write(self, index: int) -> None:
        file = self._file(index)
        assert file is not None
        ours = self._buckets.get(index, {})
        now = time.time_ns()
        merged = {
            path: entry
            for path, entry in self._load(index).items()  # what other runs wrote meanwhile
            if isinstance(entry, list) and len(entry) == 7 and isinstance(entry[5], int)
            if now - entry[5] < _STALE_NS
        }
        merged.update((p, e) for p, e in ours.items() if p in self._put)
        data = {"format": FORMAT, "namespace": self.namespace, "entries": merged}
        _write_atomic(file, json.dumps(data, separators=(",", ":")).encode())
        self._buckets[index] = merged

    def _prune(self) -> None:
        """Remove the folders of code versions and settings no run used lately."""
        assert self.directory is not None
        try:
            folders = [p for p in self.directory.iterdir() if p.is_dir() and p != self.folder]
            folders.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        except OSError:
            return
        import shutil

        for old in folders[_KEEP_NAMESPACES - 1 :]:
            if old.name.startswith("v"):
                shutil.rmtree(old, ignore_errors=True)


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{time.monotonic_ns()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
