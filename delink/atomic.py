"""Atomic file replacement that keeps the file's mode and owner, in two phases.

:func:`prepare` writes the new content to a temporary file beside the original
(``.<name>.<random>.delink-tmp``), flushed and fsynced, with the original's owner
(best effort) and then its mode (``chown`` before ``chmod``: Linux clears the setuid and
setgid bits on ``chown``). :meth:`Pending.commit` renames it over the original. A fix
that spans several files prepares all of them before it renames any, so that a file
that cannot be written (changed on disk, permission denied, disk full) leaves every
file as it was; the renames themselves are quick and :func:`commit_all` holds off
SIGINT and SIGTERM while they run, and says which files were written if one of them
fails.

While a temporary file waits for its rename its process holds a lock on it; a
temporary file nobody holds a lock on was left by a process that died (``kill -9``)
and :func:`remove_stale` deletes it.

Before the renames of a fix that spans several files, :func:`commit_all` writes a
journal beside the first of them (``.<name>.<random>.journal.delink-tmp``, fsynced,
locked while the renames run): each file, its temporary file, and digests of its text
before and after. A process killed during the renames leaves the journal, some files
written and the others' temporary files in place; the next ``delink fix`` that walks the
journal's directory completes the fix (:func:`remove_stale`): a file that still holds
its text before gets its temporary file, a file that holds its text after is done, and
a file changed since is left as it is, with a note that the fix stays half applied.

A symlink is followed: its target is replaced, the link stays.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import signal
import stat
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from types import FrameType
from typing import Any

__all__ = [
    "TEMP_SUFFIX",
    "Pending",
    "WriteError",
    "commit_all",
    "is_temp_name",
    "prepare",
    "remove_stale",
    "write_atomic",
]

TEMP_SUFFIX = ".delink-tmp"
JOURNAL_SUFFIX = ".journal" + TEMP_SUFFIX
_TEMP_NAME = re.compile(r"^\..+\.[A-Za-z0-9_]{6,}\.delink-tmp$", re.S)


class WriteError(Exception):
    pass


def _lock(fd: int) -> bool:
    """Take the write lock of a temporary file (False: another process holds it)."""
    try:
        import fcntl
    except ImportError:  # no POSIX locks: stale files are then never removed
        return True
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


@dataclass
class Pending:
    """A prepared replacement of ``path``: call :meth:`commit` or :meth:`abort`."""

    path: str  # as given (shown in messages)
    real: str  # the file replaced (symlinks resolved)
    tmp: str
    fd: int  # open and locked until the rename is done
    links: int = 1  # names of the file replaced (hard links keep the old text)
    before: str | None = None  # digest of the text replaced, when it was checked
    after: str = ""  # digest of the new text

    def commit(self) -> None:
        try:
            os.replace(self.tmp, self.real)
        except OSError as exc:
            self.abort()
            raise WriteError(f"{self.path}: cannot write: {exc.strerror or exc}") from None
        self._close()
        _sync_dir(os.path.dirname(self.real) or ".")

    def abort(self) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self.tmp)
        self._close()

    def _close(self) -> None:
        if self.fd >= 0:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = -1


def _sync_dir(directory: str) -> None:
    with contextlib.suppress(OSError):
        dfd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


def prepare(path: str, data: bytes, expected: bytes | None = None) -> Pending:
    """Write ``data`` to a temporary file that will replace ``path``. With
    ``expected``, the file must still hold exactly those bytes, else nothing is
    written. Raises :class:`WriteError`."""
    real = os.path.realpath(path)
    try:
        st = os.stat(real)
    except OSError as exc:
        raise WriteError(f"{path}: cannot write: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise WriteError(f"{path}: not a regular file; not written")
    if expected is not None:
        from delink.readfile import ReadError, read_bytes

        try:
            current = read_bytes(real)
        except ReadError as exc:
            raise WriteError(f"{path}: cannot re-read before writing: {exc}") from None
        if current != expected:
            raise WriteError(f"{path}: changed on disk while delink was fixing it; not written")
    directory = os.path.dirname(real) or "."
    name = os.path.basename(real)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=TEMP_SUFFIX, dir=directory)
    except OSError as exc:
        raise WriteError(
            f"{path}: cannot create a temporary file in {directory}: {exc.strerror or exc}"
        ) from None
    before = _digest(expected) if expected is not None else None
    pending = Pending(path, real, tmp, fd, st.st_nlink, before, _digest(data))
    try:
        _lock(fd)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
        if hasattr(os, "fchown"):
            # the owner first: chown clears setuid/setgid, so chmod must come after it
            with contextlib.suppress(OSError):
                os.fchown(fd, st.st_uid, st.st_gid)
        os.fchmod(fd, stat.S_IMODE(st.st_mode))
    except OSError as exc:
        pending.abort()
        raise WriteError(f"{path}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        pending.abort()
        raise
    return pending


def write_atomic(path: str, data: bytes, expected: bytes | None = None) -> None:
    """Replace ``path``'s content with ``data`` atomically (see :func:`prepare`)."""
    prepare(path, data, expected).commit()


@contextlib.contextmanager
def _signals_held() -> Iterator[list[int]]:
    """SIGINT and SIGTERM wait until the block ends (then they act as they would have)."""
    got: list[int] = []
    previous: dict[signal.Signals, Any] = {}

    def hold(signum: int, frame: FrameType | None) -> None:
        got.append(signum)

    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, hold)
    except ValueError:  # not the main thread: signals cannot be held here
        pass
    try:
        yield got
    finally:
        for held, handler in previous.items():
            signal.signal(held, handler)
        for signum in got:
            signal.raise_signal(signum)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _write_journal(pending: Sequence[Pending]) -> tuple[str, int] | None:
    """Write, fsync and lock the journal of a commit of several files; None when it
    cannot be written (the commit then goes on without one, as before journals)."""
    first = pending[0].real
    directory = os.path.dirname(first) or "."
    entries = [
        {"path": p.path, "real": p.real, "tmp": p.tmp, "before": p.before, "after": p.after}
        for p in pending
    ]
    data = json.dumps({"journal": 1, "files": entries}).encode("utf-8")
    try:
        fd, path = tempfile.mkstemp(
            prefix=f".{os.path.basename(first)}.", suffix=JOURNAL_SUFFIX, dir=directory
        )
    except OSError:
        return None
    try:
        _lock(fd)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(fd)
        return None
    _sync_dir(directory)
    return path, fd


def _end_journal(journal: tuple[str, int] | None) -> None:
    if journal is None:
        return
    path, fd = journal
    with contextlib.suppress(OSError):
        os.unlink(path)
    _sync_dir(os.path.dirname(path) or ".")
    with contextlib.suppress(OSError):
        os.close(fd)


def commit_all(pending: Sequence[Pending]) -> tuple[list[str], list[str]]:
    """Rename every prepared file into place, signals held; (written paths, errors).
    After a failed rename the remaining files are not written (and say so). Several
    files are committed under a journal, so that a process killed between two renames
    leaves what the next run needs to complete them (:func:`remove_stale`)."""
    written: list[str] = []
    errors: list[str] = []
    with _signals_held():
        journal = _write_journal(pending) if len(pending) > 1 else None
        for i, p in enumerate(pending):
            try:
                p.commit()
            except WriteError as exc:
                errors.append(str(exc))
                for rest in pending[i + 1 :]:
                    rest.abort()
                    errors.append(f"{rest.path}: not written (a file of the same fix failed)")
                break
            written.append(p.path)
        _end_journal(journal)
    return written, errors


def is_temp_name(name: str) -> bool:
    """Whether a file name is one of delink's temporary files."""
    return name.endswith(TEMP_SUFFIX) and _TEMP_NAME.match(name) is not None


def remove_stale(paths: Iterable[str]) -> tuple[list[str], list[str]]:
    """Complete the commits whose journal among ``paths`` no running delink holds, then
    delete the temporary files that no running delink holds (left by one that was
    killed); returns (the temporary files removed, notes on the commits completed)."""
    paths = list(paths)
    notes: list[str] = []
    for path in paths:
        if path.endswith(JOURNAL_SUFFIX) and is_temp_name(os.path.basename(path)):
            notes += _recover(path)
    removed = []
    for path in paths:
        if not is_temp_name(os.path.basename(path)) or path.endswith(JOURNAL_SUFFIX):
            continue
        try:
            fd = os.open(path, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            if stat.S_ISREG(os.fstat(fd).st_mode) and _lock(fd):
                os.unlink(path)
                removed.append(path)
        except OSError:
            pass
        finally:
            os.close(fd)
    return removed, notes


def _file_digest(path: str) -> str | None:
    from delink.readfile import ReadError, read_bytes

    try:
        return _digest(read_bytes(path))
    except ReadError:
        return None


def _shown(path: str) -> str:
    """A path as this run shows it (the journal's process may have run elsewhere)."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith(os.pardir + os.sep) else rel


def _recover(journal: str) -> list[str]:
    """Complete the commit of a stale journal; notes on what it did."""
    try:
        fd = os.open(journal, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK)
    except OSError:
        return []
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode) or not _lock(fd):
            return []  # a running delink is committing under it
        with os.fdopen(os.dup(fd), "rb") as fh:
            raw = fh.read()
        try:
            entries = json.loads(raw.decode("utf-8"))["files"]
            files = [
                (str(e["path"]), str(e["real"]), str(e["tmp"]), e["before"], str(e["after"]))
                for e in entries
            ]
        except (ValueError, KeyError, TypeError):
            # killed while the journal was written: no file was renamed yet
            os.unlink(journal)
            return []
        completed, done, left = [], [], []
        for _, real, tmp, before, after in files:
            shown = _shown(real)
            current = _file_digest(real)
            if current == after:
                done.append(shown)
            elif current is not None and current == before and _file_digest(tmp) == after:
                os.replace(tmp, real)
                _sync_dir(os.path.dirname(real) or ".")
                completed.append(shown)
            else:
                left.append(shown)
            if os.path.lexists(tmp):
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
        os.unlink(journal)
        _sync_dir(os.path.dirname(journal) or ".")
    except OSError:
        return []
    finally:
        os.close(fd)
    if not completed and not left:
        return []
    note = "a delink fix was killed while it wrote its files"
    if completed:
        note += f"; completed it: wrote {', '.join(completed)}"
    if left:
        note += (
            f"; could not complete {', '.join(left)} (changed since), so the fix stays half applied"
        )
        if done:
            note += f" (written before: {', '.join(done)})"
    return [note]
