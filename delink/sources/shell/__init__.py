"""The shell source: shell scripts (and shell embedded in other files) -> facts.

Public API:

* :data:`SOURCE` — the :class:`~delink.sources.Source` for ``language == "shell"``;
* :func:`extract_fragment` — facts of a shell fragment embedded in another file (a
  Makefile recipe, a Markdown code block, a CI ``run:``, a Compose ``command:``, a
  Python string), every span a host span through the caller's ``OffsetMap``.

``dialect="make"``: the fragment is a make recipe as written. ``$$`` is a literal ``$``
and ``$(VAR)`` / ``${VAR}`` are make variables: they are read as unknown values (shown
as written, ``$(TAG)-redis``), never as command substitution. Callers need not
translate anything.

Layout: :mod:`.locate` (tree-sitter), :mod:`.prepare` (CRLF and make syntax),
:mod:`.words` (quote removal with offsets), :mod:`.tokenize` (bashlex, checked, and our
own tokenizer), :mod:`.wrappers` (``sudo``, ``env`` …, the words that run docker),
:mod:`.dockercli` (the docker CLI grammar), :mod:`.extract` (the walk), :mod:`.docker`
(one handler per docker subcommand), :mod:`.flow` and :mod:`.assign` (variables),
:mod:`.scripts` (text run by another shell), :mod:`.reads` and :mod:`.hostnames` (what
the text depends on), :mod:`.syntax` (handles for the fix writer
:mod:`delink.fixes.shell`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from delink.diagnostics import Span
from delink.facts import TOP_LEVEL, EnvRead, FileFacts, HostnameUse, Order, Problem
from delink.sources.shell.extract import extract_text
from delink.sources.shell.syntax import HostAssignment
from delink.sources.shell.words import Shift

if TYPE_CHECKING:
    from delink.sources import Context
    from delink.text import OffsetMap, SourceText

__all__ = ["SOURCE", "HostAssignment", "ShellSource", "extract_fragment"]


def extract_fragment(
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
    """Append the facts of a shell fragment to ``facts``.

    ``omap`` maps fragment offsets to offsets in ``src``; every span produced is a span
    of ``src``. ``container_key`` marks the fragment as run inside that container (its
    reads and hostnames belong to it). ``variables``: what the host assigns before the
    fragment runs (a Makefile's variables); ``order`` says where the fragment runs in the
    host's program (a Makefile rule). Never raises for bad input."""
    _extract(
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


def _extract(
    facts: FileFacts,
    src: SourceText,
    fragment: str,
    omap: OffsetMap | Shift,
    ctx: Context,
    *,
    container_key: str | None,
    dialect: str,
    variables: Sequence[HostAssignment] = (),
    order: Order = TOP_LEVEL,
) -> None:
    local = FileFacts(facts.path, facts.language)
    try:
        extract_text(
            local,
            src.text,
            src.path,
            fragment,
            omap,
            ctx,
            container_key=container_key,
            dialect=dialect,
            newline=src.newline,
            variables=variables,
            order=order,
        )
    except Exception as exc:  # never let one file stop the run
        start = omap(0)
        local.problems.append(
            Problem(
                _span(src.path, start, omap.end(len(fragment))),
                f"could not read this shell text (internal error: {type(exc).__name__}: {exc}); "
                "links in it may be missed",
            )
        )
    _dedupe(local)
    facts.extend(local)


def _span(path: str, start: int, end: int) -> Span:
    return Span(path, start, max(start, end))


def _dedupe(facts: FileFacts) -> None:
    """The same read or hostname can be found twice (the host sees a string that is
    also read as a script): keep one, preferring the one that knows its container."""
    facts.reads = _one_each(facts.reads, lambda r: (r.name, r.span.start, r.span.end))
    facts.hostnames = _one_each(facts.hostnames, lambda h: (h.host, h.span.start, h.span.end))
    facts.containers.sort(key=lambda c: (c.span.start, c.key))
    facts.links.sort(key=lambda x: (x.span.start, x.span.end))
    facts.problems.sort(key=lambda p: (p.span.start, p.span.end))


_Found = TypeVar("_Found", EnvRead, HostnameUse)


def _one_each(found: list[_Found], key: Callable[[_Found], tuple[str, int, int]]) -> list[_Found]:
    """One of each key (the first, or a later one that knows its container when the
    first does not), in span order."""
    index: dict[tuple[str, int, int], int] = {}
    out: list[_Found] = []
    for f in found:
        k = key(f)
        if k in index:
            i = index[k]
            if out[i].container_key is None and f.container_key is not None:
                out[i] = f
            continue
        index[k] = len(out)
        out.append(f)
    return sorted(out, key=lambda f: (f.span.start, f.span.end))


class ShellSource:
    language = "shell"

    def extract(self, src: SourceText, ctx: Context) -> FileFacts:
        facts = FileFacts(src.path, self.language)
        _extract(facts, src, src.text, Shift(0), ctx, container_key=None, dialect="sh")
        return facts

    def validate(self, before: SourceText, after: SourceText) -> str | None:
        from delink.sources.shell.check import validate

        return validate(before, after)


SOURCE = ShellSource()
