"""Finding the files to lint under the given paths."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import NamedTuple

from delink.settings import Settings

SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        "__pycache__",
        ".mypy_cache",
        ".ruff_cache",
        ".delink_cache",
        ".pytest_cache",
        ".tox",
        ".nox",
        ".venv",
        "venv",
        ".direnv",
        "site-packages",
    }
)


class Found(NamedTuple):  # a tuple: one is made for every file of a walk
    path: str  # as shown to users: relative to the working directory when possible
    explicit: bool  # named on the command line (then it is read whatever its kind)
    error: str | None = None  # a directory that could not be listed: why
    regular: bool = False  # the walk saw a regular file (not a link, FIFO or device)


def display_path(path: str) -> str:
    rel = os.path.relpath(path)
    if rel.startswith(".." + os.sep) or rel == "..":
        return path
    return rel


def _is_virtualenv(dirpath: str) -> bool:
    return os.path.isfile(os.path.join(dirpath, "pyvenv.cfg"))


def discover(paths: list[str], settings: Settings) -> Iterator[Found]:
    """Yield the files under ``paths`` in a stable order, skipping VCS folders,
    virtualenvs, ``node_modules`` and (unless disabled) what ``.gitignore`` ignores."""
    from delink.gitignore import IgnoreMatcher

    seen: set[str] = set()
    for raw in paths:
        if not os.path.isdir(raw):  # a file, a FIFO, a broken link, a missing path
            disp = display_path(raw)
            if disp not in seen:
                seen.add(disp)
                yield Found(disp, True)
            continue
        # ``exclude`` applies with --no-gitignore too; the matcher knows which to use.
        matcher = (
            IgnoreMatcher.for_root(raw, settings)
            if settings.respect_gitignore or settings.exclude
            else None
        )
        unreadable: list[OSError] = []
        display = _displayer(raw)
        for dirpath, dirnames, files in _walk(raw, unreadable):
            yield from _unlisted(unreadable, seen)
            if matcher is not None and not any(f == ".gitignore" for f, _ in files):
                matcher.known_absent(dirpath)  # the listing shows none: no read to try
            check = matcher is not None and matcher.applies(dirpath)
            keep = []
            for d in sorted(dirnames):
                full = os.path.join(dirpath, d)
                if d in SKIP_DIRS or _is_virtualenv(full):
                    continue
                if check and matcher is not None and matcher.ignored(full, is_dir=True):
                    continue
                keep.append(d)
            dirnames[:] = keep
            if matcher is not None:
                matcher.enter(dirpath)
            # display paths: relative to the working directory, computed once per directory
            base = display(dirpath)
            prefix = "" if base == os.curdir else base + os.sep
            for f, regular in sorted(files):
                if check:
                    assert matcher is not None
                    if matcher.ignored(os.path.join(dirpath, f), is_dir=False):
                        continue
                disp = prefix + f
                if disp not in seen:
                    seen.add(disp)
                    yield Found(disp, False, regular=regular)
        yield from _unlisted(unreadable, seen)


def _displayer(top: str) -> Callable[[str], str]:
    """:func:`display_path` for the directories of a walk of ``top``: ``top``'s display
    path and the rest of the directory's path (no ``relpath`` per directory)."""
    here = os.path.abspath(os.curdir)
    absolute = os.path.abspath(top)
    if here != absolute and here.startswith(os.path.join(absolute, "")):
        return display_path  # the working directory is inside the walk
    base = display_path(top)

    def display(dirpath: str) -> str:
        rest = dirpath[len(top) :].lstrip(os.sep)
        if not rest:
            return base
        return rest if base == os.curdir else os.path.join(base, rest)

    return display


def _walk(
    top: str, errors: list[OSError]
) -> Iterator[tuple[str, list[str], list[tuple[str, bool]]]]:
    """``os.walk(top)`` (top-down, symbolic links to directories listed but not
    followed, listing errors appended to ``errors``) whose files come with whether the
    directory entry is a regular file (free from the listing on most file systems)."""
    stack = [top]
    while stack:
        dirpath = stack.pop()
        dirnames: list[str] = []
        files: list[tuple[str, bool]] = []
        links: set[str] = set()
        try:
            with os.scandir(dirpath) as entries:
                for entry in entries:
                    try:
                        is_dir = entry.is_dir()
                    except OSError:
                        is_dir = False
                    if is_dir:
                        dirnames.append(entry.name)
                        if entry.is_symlink():
                            links.add(entry.name)
                        continue
                    try:
                        regular = entry.is_file(follow_symlinks=False)
                    except OSError:
                        regular = False
                    files.append((entry.name, regular))
        except OSError as exc:
            errors.append(exc)
            continue
        yield dirpath, dirnames, files
        stack.extend(os.path.join(dirpath, d) for d in reversed(dirnames) if d not in links)


def _unlisted(errors: list[OSError], seen: set[str]) -> Iterator[Found]:
    """A directory the walk could not list is reported (DLK102), never skipped silently."""
    for exc in errors:
        where = display_path(os.fsdecode(exc.filename)) if exc.filename else "."
        if where not in seen:
            seen.add(where)
            reason = "permission denied" if isinstance(exc, PermissionError) else exc.strerror
            yield Found(where, False, f"cannot list this directory: {reason}")
    errors.clear()
