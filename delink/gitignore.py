"""``.gitignore`` semantics for discovery, plus the ``exclude`` globs of the settings.

Patterns follow git's rules (``gitignore(5)``): blank lines and ``#`` comments are
skipped (``\\#`` is a literal ``#``), trailing spaces are dropped unless escaped, ``!``
re-includes, a slash at the start or in the middle anchors the pattern to its
``.gitignore``'s directory, a trailing slash matches directories only, ``*``, ``?`` and
``[...]`` never match ``/``, and ``**`` matches across directories in ``**/x``, ``x/**``
and ``a/**/b``. A deeper ``.gitignore`` overrides its parents, which override
``.git/info/exclude``; within one file the last matching pattern wins.

Patterns that can only match one file name, names with one extension (``*.log``) or
only under one literal directory are kept in buckets by it (a path looks at its own
buckets only, each pattern compiled when first needed); the others of each file are
compiled once into one regular expression whose alternatives are in reverse order, so
one ``match`` finds the last of them that matches. A 200,000-line ``.gitignore`` of
file names or ``*.ext`` globs costs a second or two, not a minute.

Like git, a matcher assumes its caller does not descend into ignored directories
(git cannot re-include a file whose parent directory is excluded).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass

from delink.readfile import ReadError, read_text
from delink.settings import Settings


@dataclass(frozen=True)
class Pattern:
    source: str  # the line as written
    regex: str  # matches the path relative to the pattern's base directory
    negated: bool
    dir_only: bool


def _trim_trailing_spaces(line: str) -> str:
    if not line.endswith(" "):
        return line
    end = len(line)
    i = 0
    last = 0  # index just past the last character to keep
    while i < end:
        c = line[i]
        if c == "\\" and i + 1 < end:
            i += 2
            last = i
            continue
        i += 1
        if c != " ":
            last = i
    return line[:last]


_SPECIAL = re.compile(r"[*?\[\\]")


def _translate(pat: str) -> str:
    """A glob (already without ``!``, leading ``/`` and trailing ``/``) as a regex body."""
    out: list[str] = []
    i = 0
    n = len(pat)
    while i < n:
        c = pat[i]
        if c == "*":
            if pat.startswith("**", i):
                at_start = i == 0 or pat[i - 1] == "/"
                j = i + 2
                at_end = j == n or pat[j] == "/"
                if at_start and at_end:
                    if j == n:
                        # "x/**" (everything inside) or a lone "**" (everything)
                        out.append(".*")
                        i = j
                        continue
                    # "**/" : zero or more directories
                    out.append("(?:.*/)?")
                    i = j + 1
                    continue
                # any other run of asterisks is a plain "*"
                while i < n and pat[i] == "*":
                    i += 1
                out.append("[^/]*")
                continue
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            j = i + 1
            if j < n and pat[j] in "!^":
                j += 1
            if j < n and pat[j] == "]":
                j += 1
            while j < n and pat[j] != "]":
                if pat[j] == "\\":
                    j += 1
                j += 1
            if j >= n:  # no closing bracket: a literal "["
                out.append(re.escape(c))
                i += 1
                continue
            body = pat[i + 1 : j]
            negate = body[:1] in ("!", "^")
            if negate:
                body = body[1:]
            cls: list[str] = []
            k = 0
            while k < len(body):
                ch = body[k]
                if ch == "\\" and k + 1 < len(body):
                    cls.append(re.escape(body[k + 1]))
                    k += 2
                    continue
                if ch == "-" and 0 < k < len(body) - 1:
                    cls.append("-")
                else:
                    cls.append(re.escape(ch))
                k += 1
            inner = "".join(cls)
            out.append(f"[^/{inner}]" if negate else f"(?!/)[{inner}]")
            i = j + 1
        elif c == "\\":
            if i + 1 < n:
                out.append(re.escape(pat[i + 1]))
                i += 2
            else:
                i += 1  # a trailing backslash matches nothing more
        else:  # a run of literal characters, escaped at once
            m = _SPECIAL.search(pat, i)
            j = m.start() if m is not None else n
            out.append(re.escape(pat[i:j]))
            i = j
    return "".join(out)


def parse_line(line: str) -> Pattern | None:
    """One ``.gitignore`` line as a :class:`Pattern`, or None for blanks and comments."""
    source = line
    line = line.rstrip("\r\n")
    if not line or line.startswith("#"):
        return None
    line = _trim_trailing_spaces(line)
    if not line:
        return None
    negated = False
    if line.startswith("!"):
        negated = True
        line = line[1:]
    dir_only = False
    if line.endswith("/") and not line.endswith("\\/"):
        dir_only = True
        line = line.rstrip("/")
    if not line:
        return None
    anchored = "/" in line
    if line.startswith("/"):
        line = line[1:]
    body = _translate(line)
    if not anchored:
        body = "(?:.*/)?" + body
    return Pattern(source, body, negated, dir_only)


_WILD = re.compile(r"[*?\[\\]")


def _bucket(pattern: Pattern) -> str | None:
    """Where a pattern can only match: ``name:<n>`` (an unanchored pattern without
    wildcards matches that last path component only), ``ext:<e>`` (an unanchored ``*``
    and a literal with a dot, ``*.tar.gz``, matches a last component whose text after
    its last dot is ``e``), ``top:<a/b>`` (an anchored pattern
    whose leading components have no wildcard matches under them only); None when it may
    match anywhere."""
    line = _trim_trailing_spaces(pattern.source.rstrip("\r\n"))
    line = line[1:] if pattern.negated else line
    line = line.rstrip("/") if pattern.dir_only else line
    if "/" not in line:
        if not line:
            return None
        if not _WILD.search(line):
            return f"name:{line}"
        rest = line[1:]
        if line[0] == "*" and "." in rest and not _WILD.search(rest):
            return "ext:" + rest.rsplit(".", 1)[1]
        return None
    literal = []
    for part in line.lstrip("/").split("/"):
        if not part or _WILD.search(part):
            break
        literal.append(part)
    return f"top:{'/'.join(literal)}" if literal else None


class PatternSet:
    """The patterns of one file (or of the ``exclude`` setting), relative to ``base``.

    Patterns that can only match one file name, names with one extension, or only under
    one top directory, are kept in buckets by that name and compiled one by one when a
    path needs them; the rest are compiled into one regular expression whose
    alternatives are in reverse order. A path is tested against its buckets and that
    expression only, so a
    ``.gitignore`` of 200,000 file names costs what its few relevant lines cost.
    """

    def __init__(self, base: str, patterns: list[Pattern]) -> None:
        self.base = base
        self.patterns = patterns
        self._buckets: dict[str, list[int]] = {}
        general: list[Pattern | None] = []
        for index, p in enumerate(patterns):
            key = _bucket(p)
            if key is None:
                general.append(p)
            else:
                self._buckets.setdefault(key, []).append(index)
                general.append(None)
        self._dirs = self._compile(general)
        self._files = self._compile([None if p is None or p.dir_only else p for p in general])
        self._one: dict[int, re.Pattern[str]] = {}

    @staticmethod
    def _compile(patterns: Sequence[Pattern | None]) -> re.Pattern[str] | None:
        parts = []
        for index in range(len(patterns) - 1, -1, -1):
            p = patterns[index]
            if p is None:
                continue
            parts.append(f"(?P<p{index}>{p.regex})\\Z")
        if not parts:
            return None
        return re.compile("|".join(parts), re.DOTALL)

    @classmethod
    def from_text(cls, base: str, text: str) -> PatternSet:
        patterns = [p for p in map(parse_line, text.splitlines()) if p is not None]
        return cls(base, patterns)

    def _matches(self, index: int, rel: str) -> bool:
        regex = self._one.get(index)
        if regex is None:
            regex = self._one[index] = re.compile(self.patterns[index].regex + "\\Z", re.DOTALL)
        return regex.match(rel) is not None

    def match(self, rel: str, is_dir: bool) -> bool | None:
        """True: ignored, False: re-included by a ``!`` pattern, None: no pattern matches."""
        best = -1
        regex = self._dirs if is_dir else self._files
        if regex is not None:
            m = regex.match(rel)
            if m is not None and m.lastgroup is not None:
                best = int(m.lastgroup[1:])
        name = rel.rsplit("/", 1)[-1]
        candidates = list(self._buckets.get("name:" + name, ()))
        if "." in name:
            candidates += self._buckets.get("ext:" + name.rsplit(".", 1)[1], ())
        prefix = ""
        for part in rel.split("/"):
            prefix = f"{prefix}/{part}" if prefix else part
            candidates += self._buckets.get("top:" + prefix, ())
        for index in sorted(candidates, reverse=True):
            if index <= best:
                break
            p = self.patterns[index]
            if (is_dir or not p.dir_only) and self._matches(index, rel):
                best = index
                break
        if best < 0:
            return None
        return not self.patterns[best].negated


def _read(path: str) -> str | None:
    try:
        return read_text(path)
    except ReadError:  # a FIFO named .gitignore is never opened
        return None


def find_git_root(start: str) -> str | None:
    """The nearest directory at or above ``start`` that holds ``.git``."""
    d = os.path.abspath(start)
    while True:
        if os.path.exists(os.path.join(d, ".git")):
            return d
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


class IgnoreMatcher:
    """Answers "is this path ignored?" during one walk of ``root``."""

    def __init__(
        self,
        root: str,
        exclude: list[str] | None = None,
        exclude_base: str | None = None,
        respect_gitignore: bool = True,
    ) -> None:
        self.root = os.path.abspath(root)
        self.respect_gitignore = respect_gitignore
        self.git_root = find_git_root(self.root) if respect_gitignore else None
        # Loading stops here: the git root when inside a repository, else the walk root.
        self.top = self.git_root or self.root
        self._sets: dict[str, PatternSet | None] = {}
        self._chains: dict[str, tuple[PatternSet, ...]] = {}
        self._info: PatternSet | None = None
        if self.git_root is not None:
            info = _read(os.path.join(self.git_root, ".git", "info", "exclude"))
            if info:
                self._info = PatternSet.from_text(self.git_root, info)
        self._exclude: PatternSet | None = None
        if exclude:
            base = os.path.abspath(exclude_base or self.root)
            patterns = [p for p in map(parse_line, exclude) if p is not None]
            self._exclude = PatternSet(base, patterns)

    @classmethod
    def for_root(cls, root: str, settings: Settings) -> IgnoreMatcher:
        return cls(
            root,
            exclude=list(settings.exclude),
            exclude_base=str(settings.root),
            respect_gitignore=settings.respect_gitignore,
        )

    def enter(self, dirpath: str) -> None:
        """Load ``dirpath``'s ``.gitignore`` (also done lazily by :meth:`ignored`)."""
        if self.respect_gitignore:
            self._load(os.path.abspath(dirpath))

    def known_absent(self, dirpath: str) -> None:
        """The walk listed ``dirpath`` and saw no ``.gitignore`` there: none is read."""
        self._sets.setdefault(os.path.abspath(dirpath), None)

    def _load(self, directory: str) -> PatternSet | None:
        if directory in self._sets:
            return self._sets[directory]
        text = _read(os.path.join(directory, ".gitignore"))
        found = PatternSet.from_text(directory, text) if text else None
        if found is not None and not found.patterns:
            found = None
        self._sets[directory] = found
        return found

    def _chain(self, directory: str) -> tuple[PatternSet, ...]:
        """Pattern sets that apply to entries of ``directory``, deepest first."""
        chain = self._chains.get(directory)
        if chain is not None:
            return chain
        own = self._load(directory)
        parent = os.path.dirname(directory)
        if directory == self.top or parent == directory or not directory.startswith(self.top):
            rest: tuple[PatternSet, ...] = (self._info,) if self._info is not None else ()
        else:
            rest = self._chain(parent)
        chain = (own, *rest) if own is not None else rest
        self._chains[directory] = chain
        return chain

    @staticmethod
    def _relative(path: str, base: str) -> str | None:
        if path.startswith(base):
            rest = path[len(base) :]
            if rest.startswith(os.sep):
                rest = rest[1:]
                return rest.replace(os.sep, "/") if os.sep != "/" else rest
            if base.endswith(os.sep):
                return rest.replace(os.sep, "/") if os.sep != "/" else rest
        return None

    def applies(self, dirpath: str) -> bool:
        """Whether any pattern can match an entry of ``dirpath`` (a walk can skip the
        per-entry checks of directories where none can)."""
        if self._exclude is not None:
            return True
        if not self.respect_gitignore:
            return False
        return bool(self._chain(os.path.abspath(dirpath)))

    def ignored(self, path: str, is_dir: bool) -> bool:
        full = os.path.abspath(path)
        if self._exclude is not None:
            rel = self._relative(full, self._exclude.base)
            if rel is None:
                rel = os.path.basename(full)
            if self._exclude.match(rel, is_dir):
                return True
        if not self.respect_gitignore:
            return False
        for pset in self._chain(os.path.dirname(full)):
            rel = self._relative(full, pset.base)
            if rel is None:
                continue
            verdict = pset.match(rel, is_dir)
            if verdict is not None:
                return verdict
        return False
