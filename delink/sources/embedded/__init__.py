"""Shell embedded in other files: helpers shared by the host sources.

Each host (Makefile, Markdown, Groovy, CI YAML, Ruby, and the Dockerfile source) turns
its own syntax into shell fragments with an exact :class:`~delink.text.OffsetMap` and
hands them to the shell source. This module holds what they share:

* :class:`FragmentBuilder` assembles a fragment from host pieces, substituted characters
  (a Groovy ``\\$`` becomes ``$`` at the backslash) and synthetic text (a ``docker run``
  prefix that maps to no host characters: every synthetic character maps to the host
  offset of the next real one, so a span never reaches outside the host text);
* :func:`shell_fragment` calls the shell source (imported lazily) and turns a failure
  into a :class:`~delink.facts.Problem` instead of an exception;
* :func:`interpolation_placeholder` turns a host-language interpolation (``${c.id}``,
  ``#{name}``, ``${{ matrix.db }}``) into a shell parameter expansion of the same length,
  so the shell sees "a value not known here" and the characters stay one-to-one;
* :func:`guarded` and :func:`validate_by_reextract` implement the ``extract`` never
  raises / ``validate`` contracts once for every host, and :class:`HostSource` is the
  source of a host whose own syntax is not checked;
* :func:`bracket_pairs` matches the brackets of a host lexer's tokens (Groovy, Ruby).

Importing this package is cheap: no parser is imported until a fragment is extracted.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from delink.diagnostics import Span
from delink.facts import TOP_LEVEL, FileFacts, Order, Problem
from delink.text import OffsetMap

if TYPE_CHECKING:
    from delink.sources import Context
    from delink.sources.shell.syntax import HostAssignment
    from delink.text import SourceText

__all__ = [
    "FragmentBuilder",
    "HostSource",
    "Line",
    "bracket_pairs",
    "guarded",
    "interpolation_placeholder",
    "invalid_yaml",
    "problem",
    "shell_fragment",
    "split_lines",
    "validate_by_reextract",
]


class FragmentBuilder:
    """Collects fragment characters with the host offset of each one."""

    __slots__ = ("_chars", "_host", "_pending")

    def __init__(self) -> None:
        self._chars: list[str] = []
        self._host: list[int] = []
        self._pending = 0  # synthetic characters waiting for the next real host offset

    def __len__(self) -> int:
        return len(self._host)

    @property
    def text(self) -> str:
        return "".join(self._chars)

    def add(self, host_start: int, text: str) -> None:
        """Characters written contiguously in the host, starting at ``host_start``."""
        if not text:
            return
        self._resolve(host_start)
        self._chars.append(text)
        self._host.extend(range(host_start, host_start + len(text)))

    def put(self, text: str, host: int) -> None:
        """Characters that stand for the host character at ``host`` (an escape, a
        folded line break, a placeholder): all of them map to that one offset."""
        if not text:
            return
        self._resolve(host)
        self._chars.append(text)
        self._host.extend([host] * len(text))

    def put_each(self, text: str, omap: OffsetMap) -> None:
        """Characters decoded from the host (a string literal's value): character ``k``
        stands for the host character at ``omap(k)``."""
        for k, ch in enumerate(text):
            self.put(ch, omap(k))

    def put_span(self, text: str, host_start: int, host_end: int) -> None:
        """``text`` stands for the host characters ``[host_start, host_end)``: the first
        character maps to the start and the last to the last host character, so the
        span of ``text`` is exactly the host span."""
        if not text:
            return
        if host_end - host_start == len(text):
            self.add(host_start, text)
            return
        self._resolve(host_start)
        last = max(host_start, host_end - 1)
        n = len(text)
        self._chars.append(text)
        self._host.extend(host_start if i < n - 1 else last for i in range(n))

    def newline(self, line: Line) -> None:
        """The line break after a host line, at the break; nothing after a last line
        that has none (a span must never end past the host text)."""
        if line.next > line.end:
            self.put("\n", line.end)

    def synth(self, text: str) -> None:
        """Synthetic characters that exist in no host text (``docker run `` before the
        arguments of ``.withRun("--link db:db")``); they map to the next real offset."""
        if not text:
            return
        self._chars.append(text)
        self._host.extend([-1] * len(text))
        self._pending += len(text)

    def _resolve(self, host: int) -> None:
        if self._pending:
            for i in range(len(self._host) - self._pending, len(self._host)):
                self._host[i] = host
            self._pending = 0

    def build(self, end: int | None = None) -> tuple[str, OffsetMap]:
        """The fragment and its map; ``end`` is the host offset just past the fragment
        (where trailing synthetic characters map too), by default just past the last
        host character."""
        if end is None:
            real = [h for h in self._host if h >= 0]
            end = real[-1] + 1 if real else 0
        self._resolve(end)
        return "".join(self._chars), OffsetMap((*self._host, end))


class Line:
    """One host line: ``start``/``end`` exclude the line break, ``next`` is the offset
    of the following line (after ``\\n``, ``\\r\\n`` or ``\\r``)."""

    __slots__ = ("end", "next", "start", "text")

    def __init__(self, text: str, start: int, end: int, next_: int) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.next = next_

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Line({self.text!r}, {self.start}, {self.end})"


_LINE_RE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")


def split_lines(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    """The lines of ``text[start:end]`` with host offsets (CRLF, CR and LF endings)."""
    if end is None:
        end = len(text)
    out: list[Line] = []
    pos = start
    while pos < end:
        m = _LINE_RE.match(text, pos, end)
        if m is None:  # pragma: no cover - the pattern always matches
            break
        out.append(Line(m.group(1), m.start(1), m.end(1), m.end()))
        if m.end() == pos:
            break
        pos = m.end()
    return out


class _Token(Protocol):
    """What :func:`bracket_pairs` needs of a host lexer's token."""

    @property
    def kind(self) -> str: ...

    @property
    def start(self) -> int: ...


_OPENER = {")": "(", "]": "[", "}": "{"}


def bracket_pairs(toks: Sequence[_Token], text: str) -> dict[int, int]:
    """Matching bracket token indexes (open -> close) among ``punct`` tokens; a closer
    skips unclosed openers of another kind."""
    out: dict[int, int] = {}
    stack: list[int] = []
    for k, t in enumerate(toks):
        if t.kind != "punct":
            continue
        c = text[t.start]
        if c in "([{":
            stack.append(k)
        elif c in ")]}":
            while stack:
                o = stack.pop()
                if text[toks[o].start] == _OPENER[c]:
                    out[o] = k
                    break
    return out


def problem(facts: FileFacts, path: str, start: int, end: int, message: str) -> None:
    facts.problems.append(Problem(Span(path, start, max(start, end)), message))


def invalid_yaml(
    facts: FileFacts, path: str, exc: Exception, omap: OffsetMap | None = None
) -> None:
    """A pyyaml error as a Problem where pyyaml points (through ``omap`` for YAML
    embedded in a host), else at the start."""
    mark = getattr(exc, "problem_mark", None)
    at = int(mark.index) if mark is not None else 0
    if omap is not None:
        at = omap(at)
    problem(facts, path, at, at, f"not valid YAML: {getattr(exc, 'problem', exc)}")


def shell_fragment(
    facts: FileFacts,
    src: SourceText,
    fragment: str,
    omap: OffsetMap,
    ctx: Context,
    *,
    container_key: str | None = None,
    dialect: str = "sh",
    variables: Sequence[HostAssignment] = (),
    order: Order = TOP_LEVEL,
) -> None:
    """Hand a shell fragment to the shell source; failures become a Problem.
    ``variables``: what the host assigns before the fragment runs; ``order``: where the
    fragment runs in the host's program (see :class:`~delink.facts.Order`)."""
    if not fragment.strip():
        return
    try:
        from delink.sources.shell import extract_fragment
    except ImportError:
        problem(
            facts,
            src.path,
            omap(0),
            omap.end(len(fragment)),
            "embedded shell not read: the shell source is not available",
        )
        return
    try:
        extract_fragment(
            facts,
            src,
            fragment,
            omap,
            ctx,
            container_key=container_key,
            dialect=dialect,
            variables=variables,
            order=order,
        )
    except Exception as exc:  # the host must survive a fragment the shell source chokes on
        problem(
            facts,
            src.path,
            omap(0),
            omap.end(len(fragment)),
            f"embedded shell not read ({type(exc).__name__}: {exc})",
        )


_NON_NAME = re.compile(r"[^A-Za-z0-9_]")


def interpolation_placeholder(raw: str) -> str:
    """A shell expansion exactly as long as the host interpolation ``raw``.

    Host interpolations (``${c.id}`` in Groovy, ``#{name}`` in Ruby, ``${{ env.DB }}``
    in GitHub Actions) become ``${…}`` whose name is made from the characters inside
    (``${c.id}`` → ``${c_id}``, ``${{ env.DB }}`` → ``${__env_db__}``), so the shell
    sees "a value not known here", messages stay readable and characters stay one to
    one. Shorter than four characters (``$x``): ``$`` and name characters. The name is
    lower-cased so that it never has the (upper-case) shape of a link env var: it is
    not a read (``#{ENV['DB_PORT_5432_TCP_ADDR']}`` is Ruby's read, not the shell's).
    """
    n = len(raw)
    if n >= 4:
        body = _NON_NAME.sub("_", raw[2 : n - 1]).lower()
        if body[0].isdigit():
            body = "_" + body[1:]
        return "${" + body + "}"
    body = _NON_NAME.sub("_", raw[1:]).lower() or ""
    if body and body[0].isdigit():
        body = "_" + body[1:]
    return "$" + body


def guarded(
    language: str,
    extract: Callable[[FileFacts, SourceText, Context], None],
    failure: str | None = None,
) -> Callable[[SourceText, Context], FileFacts]:
    """``extract(facts, src, ctx)`` that never raises: an exception becomes a Problem
    (facts found before it are kept) whose message starts with ``failure`` (by default
    "could not read this <language> file completely")."""
    if failure is None:
        failure = f"could not read this {language} file completely"

    def run(src: SourceText, ctx: Context) -> FileFacts:
        facts = FileFacts(src.path, language)
        try:
            extract(facts, src, ctx)
        except Exception as exc:
            problem(facts, src.path, 0, 0, f"{failure} ({type(exc).__name__}: {exc})")
        return facts

    return run


def validate_by_reextract(
    extract: Callable[[SourceText, Context], FileFacts], before: SourceText, after: SourceText
) -> str | None:
    """A message when the fixed text has parse problems the original did not have.

    Every host reports what it (or the shell source, for a fragment) cannot read as a
    :class:`Problem`; a fix that breaks a fragment shows up as a new problem message.
    """
    from delink.settings import Settings
    from delink.sources import Context

    ctx = Context(Settings())
    old = Counter(p.message for p in extract(before, ctx).problems)
    new = extract(after, ctx).problems
    fresh = Counter(p.message for p in new) - old
    if not fresh:
        return None
    first = next(p for p in new if p.message in fresh)
    row, col = after.position(first.span.start)
    return f"the fixed text no longer parses at {after.path}:{row}:{col}: {first.message}"


class HostSource:
    """The source of a host language whose own syntax is not checked: ``extract`` never
    raises (:func:`guarded`) and ``validate`` is :func:`validate_by_reextract` (a
    message when a fragment that parsed before, as shell or YAML, no longer does)."""

    def __init__(
        self, language: str, extract: Callable[[FileFacts, SourceText, Context], None]
    ) -> None:
        self.language = language
        self.extract = guarded(language, extract)

    def validate(self, before: SourceText, after: SourceText) -> str | None:
        return validate_by_reextract(self.extract, before, after)
