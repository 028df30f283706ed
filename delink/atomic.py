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

A symlink is followed: its target is replaced, the link stays.
"""

from __future__ import annotations

import contextlib
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
    pending = Pending(path, real, tmp, fd, st.st_nlink)
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


def commit_all(pending: Sequence[Pending]) -> tuple[list[str], list[str]]:
    """Rename every prepared file into place, signals held; (written paths, errors).
    After a failed rename the remaining files are not written (and say so)."""
    written: list[str] = []
    errors: list[str] = []
    with _signals_held():
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
    return written, errors


def is_temp_name(name: str) -> bool:
    """Whether a file name is one of delink's temporary files."""
    return name.endswith(TEMP_SUFFIX) and _TEMP_NAME.match(name) is not None


def remove_stale(paths: Iterable[str]) -> list[str]:
    """Delete the temporary files among ``paths`` that no running delink holds (left by
    one that was killed); returns the ones removed."""
    removed = []
    for path in paths:
        if not is_temp_name(os.path.basename(path)):
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
    return removed
