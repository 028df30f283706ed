"""Atomic file replacement that keeps the file's mode (and owner, when allowed)."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile


class WriteError(Exception):
    pass


def write_atomic(path: str, data: bytes, expected: bytes | None = None) -> None:
    """Replace ``path``'s content with ``data`` atomically.

    A temporary file in the same directory is written, flushed and fsynced, given the
    original's mode bits (and owner, best effort), then renamed over the original. A
    symlink is followed: its target is replaced, the link stays. With ``expected``, the
    file must still hold exactly those bytes, else nothing is written.
    """
    real = os.path.realpath(path)
    try:
        st = os.stat(real)
    except OSError as exc:
        raise WriteError(f"{path}: cannot write: {exc.strerror or exc}") from None
    if expected is not None:
        try:
            with open(real, "rb") as fh:
                current = fh.read()
        except OSError as exc:
            reason = exc.strerror or exc
            raise WriteError(f"{path}: cannot re-read before writing: {reason}") from None
        if current != expected:
            raise WriteError(f"{path}: changed on disk while delink was fixing it; not written")
    directory = os.path.dirname(real) or "."
    name = os.path.basename(real)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".delink-tmp", dir=directory)
    except OSError as exc:
        raise WriteError(
            f"{path}: cannot create a temporary file in {directory}: {exc.strerror or exc}"
        ) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        if hasattr(os, "chown"):
            with contextlib.suppress(OSError):
                os.chown(tmp, st.st_uid, st.st_gid)
        os.replace(tmp, real)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise WriteError(f"{path}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):
        dfd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
