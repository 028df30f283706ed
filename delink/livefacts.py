"""Facts kept in memory between the runs of one :class:`~delink.lint.Linter`, parse
trees included: an editor session (``delink server``) re-extracts only the files that
changed, and each run redoes only the join (the project, the second phase, the rules).

A file read from disk is kept under the very record the linter's
:class:`~delink.cache.FileCache` holds for it: the cache decides whether the file is
unchanged (its status, the files its facts depend on), and a record it replaces is a
miss here too. An editor's unsaved text is kept under the text itself. The bytes of
files the prefilter skipped are kept the same way when the second phase reads them.
Entries of files a run no longer sees are dropped at its end.

The facts handed out are copies whose lists are fresh (the project merges the facts
of one path into the first it gets); the facts themselves are never changed after
extraction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from delink.facts import FileFacts
    from delink.text import SourceText

__all__ = ["LiveFacts"]


def _copy(facts: FileFacts) -> FileFacts:
    copy = replace(facts)
    for f in fields(facts):
        value = getattr(facts, f.name)
        if isinstance(value, list):
            setattr(copy, f.name, list(value))
    return copy


class LiveFacts:
    """path -> (what vouches for the facts, language, text, facts)."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], tuple[Any, str, SourceText, FileFacts]] = {}
        self._data: dict[str, tuple[Any, bytes]] = {}
        self._seen: set[tuple[str, str]] = set()  # (phase, path) asked about this run
        self._missed: list[str] = []
        self.read_anew: list[str] = []  # the paths the last run found no facts for

    def get(self, phase: str, path: str, key: Any) -> tuple[str, SourceText, FileFacts] | None:
        """The facts of ``path`` if they were kept under ``key`` (a cache record: the
        same object; an unsaved text: an equal key of its language, text and the
        status of the files it depends on)."""
        self._seen.add((phase, path))
        entry = self._entries.get((phase, path))
        if entry is None or not _same(entry[0], key):
            self._missed.append(path)
            return None
        return entry[1], entry[2], _copy(entry[3])

    def put(
        self, phase: str, path: str, key: Any, language: str, text: SourceText, facts: FileFacts
    ) -> None:
        self._seen.add((phase, path))
        self._entries[(phase, path)] = (key, language, text, _copy(facts))

    def data(self, path: str, key: Any, load: Callable[[], bytes | None]) -> bytes | None:
        """The bytes of a file the prefilter skipped (the second phase looks into some
        of them at every run), kept under its cache record ``key``."""
        self._seen.add(("data", path))
        entry = self._data.get(path)
        if entry is not None and _same(entry[0], key):
            return entry[1]
        data = load()
        if data is not None and key is not None:
            self._data[path] = (key, data)
        return data

    def end_run(self) -> None:
        """Forget the files this run did not ask about."""
        for gone in [k for k in self._entries if k not in self._seen]:
            del self._entries[gone]
        for path in [p for p in self._data if ("data", p) not in self._seen]:
            del self._data[path]
        self._seen = set()
        self.read_anew, self._missed = self._missed, []


def _same(kept: Any, key: Any) -> bool:
    if isinstance(key, dict):  # a cache record: the very same
        return kept is key
    return bool(kept == key)
