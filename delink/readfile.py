"""Reading the user's files without surprises: a FIFO, a device or a socket is never
opened for reading (it could block forever or have side effects), and every failure is
a :class:`ReadError` with a reason a user can read, never a raw ``OSError``.

Every file delink reads from the user's tree goes through :func:`read_bytes` or
:func:`read_text`: sources, ``.gitignore`` and ``.git/info/exclude``, ``.env`` files,
dependency files and the configuration.
"""

from __future__ import annotations

import os
import stat

__all__ = [
    "FileTooLarge",
    "ReadError",
    "is_dir",
    "is_file",
    "read_bytes",
    "read_bytes_status",
    "read_head",
    "read_head_status",
    "read_text",
]

# O_NONBLOCK: should a FIFO be swapped in between the stat and the open, the open
# returns at once instead of waiting for a writer (and fstat then refuses it).
_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


class ReadError(Exception):
    """A file that could not be read; ``str()`` is the reason (``permission denied``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class FileTooLarge(ReadError):
    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"file is {size} bytes, over the {limit} bytes limit")
        self.size = size
        self.limit = limit


def _kind_error(mode: int) -> ReadError | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return ReadError("is a directory")
    if stat.S_ISFIFO(mode):
        return ReadError("is a FIFO (named pipe), not a regular file; skipped")
    return ReadError("not a regular file (a device or socket); skipped")


def _os_error(exc: OSError) -> ReadError:
    if isinstance(exc, FileNotFoundError):
        return ReadError("no such file")
    if isinstance(exc, IsADirectoryError):
        return ReadError("is a directory")
    if isinstance(exc, PermissionError):
        return ReadError("permission denied")
    return ReadError(f"could not read: {exc.strerror or exc}")


def _open(path: str | os.PathLike[str], regular: bool = False) -> tuple[int, os.stat_result]:
    """An open descriptor of the regular file ``path`` and its status. ``regular``: the
    caller saw a regular file a moment ago (a directory walk's entry type), so the
    ``stat`` before the ``open`` is skipped; the ``fstat`` after it still refuses
    anything else (``O_NONBLOCK`` keeps a FIFO swapped in meanwhile from blocking)."""
    try:
        if not regular:
            err = _kind_error(os.stat(path).st_mode)
            if err is not None:
                raise err
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        raise _os_error(exc) from None
    try:
        st = os.fstat(fd)
    except OSError as exc:
        os.close(fd)
        raise _os_error(exc) from None
    err = _kind_error(st.st_mode)
    if err is not None:
        os.close(fd)
        raise err
    return fd, st


# The read after the last byte, which confirms the end of the file, asks for this much.
_TAIL = 8192


def _read_fd(fd: int, most: int | None, size: int = 0) -> bytes:
    """Read to the end (at most ``most`` bytes). ``size`` (from ``fstat``) sizes the
    first read, so that a file costs one read and a short one that confirms its end,
    and no buffer larger than the file is ever allocated."""
    chunks = []
    got = 0
    want = size + 1 if size > 0 else 1 << 16
    while most is None or got < most:
        chunk = os.read(fd, want if most is None else min(want, most - got))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
        want = _TAIL if len(chunks) == 1 and got == size else 1 << 20
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read_bytes(path: str | os.PathLike[str], limit: int | None = None) -> bytes:
    """The bytes of the regular file ``path`` (symlinks followed); at most ``limit``
    bytes, else :class:`FileTooLarge`. Raises :class:`ReadError`, nothing else."""
    return read_bytes_status(path, limit)[0]


def read_bytes_status(
    path: str | os.PathLike[str], limit: int | None = None, *, regular: bool = False
) -> tuple[bytes, os.stat_result]:
    """:func:`read_bytes`, and the file's status when it was opened. ``regular``: the
    caller saw a regular file there (see :func:`_open`)."""
    fd, st = _open(path, regular)
    try:
        if limit is not None and st.st_size > limit:
            raise FileTooLarge(st.st_size, limit)
        data = _read_fd(fd, None if limit is None else limit + 1, st.st_size)
    except OSError as exc:
        raise _os_error(exc) from None
    finally:
        os.close(fd)
    if limit is not None and len(data) > limit:
        raise FileTooLarge(len(data), limit)  # it grew after the fstat
    return data, st


def read_head(path: str | os.PathLike[str], size: int) -> bytes:
    """The first ``size`` bytes of the regular file ``path``; :class:`ReadError` else."""
    return read_head_status(path, size)[0]


def read_head_status(
    path: str | os.PathLike[str], size: int, *, regular: bool = False
) -> tuple[bytes, os.stat_result]:
    """:func:`read_head`, and the file's status when it was opened."""
    fd, st = _open(path, regular)
    try:
        return _read_fd(fd, size), st
    except OSError as exc:
        raise _os_error(exc) from None
    finally:
        os.close(fd)


def read_text(path: str | os.PathLike[str], limit: int | None = None) -> str:
    """:func:`read_bytes` decoded as UTF-8, undecodable bytes replaced."""
    return read_bytes(path, limit).decode("utf-8", errors="replace")


def is_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a regular file (symlinks followed); False when it cannot be
    told (no such file, permission denied)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def is_dir(path: str | os.PathLike[str]) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False
