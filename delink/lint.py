"""The pipeline: discover, read, extract facts, build the project, run rules, suppress."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from delink import sources
from delink.atomic import is_temp_name
from delink.diagnostics import Diagnostic, Severity, Span
from delink.discover import discover
from delink.facts import FileFacts, Problem
from delink.project import Project
from delink.readfile import FileTooLarge, ReadError, read_bytes, read_head
from delink.rule import iter_rules
from delink.settings import Settings
from delink.text import DecodeError, SourceText

# Raw-byte needles that make a file worth parsing in the first phase, per language.
# Each is a fast substring search; "-link" covers --link, -link and '--link' argv items,
# "links" Compose keys and SDK keywords, "_PORT_"/"_ENV_" the unambiguous link vars.
_ENV_NEEDLES = (b"_PORT_", b"_ENV_", b"delink:")  # + suppression comments to check
_NEEDLES: dict[str, tuple[bytes, ...]] = {
    "shell": (b"-link", *_ENV_NEEDLES),
    "dockerfile": (b"-link", *_ENV_NEEDLES),
    "compose": (b"links", *_ENV_NEEDLES),
    "python": (b"links", b"link=", b"-link", *_ENV_NEEDLES),
    "consumer": _ENV_NEEDLES,
}
_DEFAULT_NEEDLES = (b"-link", b"links", *_ENV_NEEDLES)  # hosts of embedded shell and YAML


# Files skipped by the first phase keep their bytes for the second only up to this size,
# so that memory stays bounded on trees with many large files.
_KEEP_BYTES = 256 * 1024


def is_candidate(data: bytes, language: str = "") -> bool:
    # UTF-16/32 text (with a BOM) hides the needles between NUL bytes: always decode it.
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:4] == b"\x00\x00\xfe\xff":
        return True
    return any(n in data for n in _NEEDLES.get(language, _DEFAULT_NEEDLES))


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
class _Candidate:
    path: str
    language: str
    explicit: bool
    data: bytes | None = None


def _problem_facts(path: str, language: str, message: str, code: str = "DLK102") -> FileFacts:
    facts = FileFacts(path, language)
    facts.problems.append(Problem(Span(path, 0, 0), message, code=code, severity=Severity.WARNING))
    return facts


def _identity(path: str) -> tuple[int, int] | None:
    """The file ``path`` names (device, inode), symlinks followed; None when unknown."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino) if st.st_ino else None


class Linter:
    """Runs the pipeline over paths; ``overlay`` replaces file contents (used by the fixer)."""

    def __init__(self, settings: Settings, select: Iterable[str] | None = None) -> None:
        self.settings = settings
        from delink.selection import selected_codes

        self.codes = list(select) if select is not None else selected_codes(settings)

    def _read(self, path: str) -> bytes | str:
        try:
            return read_bytes(path, self.settings.max_file_size)
        except FileTooLarge as exc:
            from delink.config import format_size

            limit = format_size(exc.limit)
            return f"file is {format_size(exc.size)}, over the {limit} limit; skipped"
        except ReadError as exc:
            return exc.reason

    def lint(self, paths: list[str], overlay: Mapping[str, SourceText] | None = None) -> LintResult:
        overlay = overlay or {}
        ctx = sources.Context(self.settings)
        all_facts: list[FileFacts] = []
        files: dict[str, SourceText] = {}
        languages: dict[str, str] = {}
        deferred: list[_Candidate] = []
        seen = 0
        temp_files: list[str] = []
        identities: dict[tuple[int, int], str] = {}

        def extract(cand: _Candidate, data: bytes | None) -> None:
            if cand.path in overlay:
                src = overlay[cand.path]
            else:
                assert data is not None
                try:
                    src = SourceText.from_bytes(cand.path, data)
                except DecodeError as exc:
                    all_facts.append(_problem_facts(cand.path, cand.language, str(exc)))
                    return
            source = sources.load(cand.language)
            if source is None:
                return
            files[cand.path] = src
            languages[cand.path] = cand.language
            try:
                all_facts.append(source.extract(src, ctx))
            except Exception as exc:  # a bug in a source must not stop the run
                facts = FileFacts(cand.path, cand.language)
                facts.problems.append(
                    Problem(
                        Span(cand.path, 0, 0),
                        f"internal error while reading this file ({type(exc).__name__}: {exc});"
                        " please report this",
                        code="DLK102",
                        severity=Severity.WARNING,
                    )
                )
                all_facts.append(facts)

        for found in discover(paths, self.settings):
            seen += 1
            if found.error is not None:
                all_facts.append(_problem_facts(found.path, "", found.error))
                continue
            if is_temp_name(os.path.basename(found.path)):
                temp_files.append(found.path)  # a fix's temporary file: never linted
                continue
            ident = _identity(found.path)
            if ident is not None:
                if ident in identities:
                    continue  # a second name (symlink, hard link) of a file already read
                identities[ident] = found.path
            if found.path in overlay:
                language = sources.classify(found.path, overlay[found.path].text[:256].encode())
            else:
                language = sources.classify(found.path, None)
                if language == sources.NEEDS_HEAD:
                    language = sources.classify(found.path, self._head(found.path))
            if language is None:
                if not found.explicit:
                    continue
                language = "consumer"
            cand = _Candidate(found.path, language, found.explicit)
            if found.path in overlay:
                extract(cand, None)
                continue
            data = self._read(found.path)
            if isinstance(data, str):
                all_facts.append(_problem_facts(found.path, language, data))
                continue
            if is_candidate(data, language):
                extract(cand, data)
            else:
                # keep small files for the second phase; big ones are read again if needed
                cand.data = data if len(data) <= _KEEP_BYTES else None
                deferred.append(cand)

        # Second phase: files with no link words can still hold the target containers
        # of known links, or the ambiguous X_PORT / X_NAME reads of known aliases.
        project = Project(all_facts, files, self.settings)
        if deferred and project.has_second_phase():
            before = len(all_facts)
            for cand in deferred:
                data = cand.data if cand.data is not None else self._read(cand.path)
                if isinstance(data, str):
                    continue  # it was readable a moment ago; nothing to add now
                if project.wants(data, cand.language, cand.path):
                    extract(cand, data)
            if len(all_facts) != before:
                project = Project(all_facts, files, self.settings)

        diagnostics: list[Diagnostic] = []
        for rule in iter_rules(self.codes):
            diagnostics.extend(rule.check(project))
        from delink.suppress import apply_suppressions

        diagnostics = apply_suppressions(diagnostics, project, self.settings, self.codes)
        diagnostics.sort(key=Diagnostic.sort_key)
        return LintResult(diagnostics, files, languages, project, seen, temp_files=temp_files)

    @staticmethod
    def _head(path: str) -> bytes:
        try:
            return read_head(path, 256)
        except ReadError:
            return b""
