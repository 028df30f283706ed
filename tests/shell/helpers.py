"""Shared helpers for the shell source tests."""

from __future__ import annotations

from delink.diagnostics import Span
from delink.facts import Container, FileFacts, Link
from delink.settings import Settings
from delink.sources import Context
from delink.sources.shell import SOURCE
from delink.text import SourceText


def ctx(prefixes: frozenset[str] | None = None) -> Context:
    c = Context(Settings())
    if prefixes is not None:
        c.known_prefixes = prefixes
    return c


def extract(text: str, path: str = "run.sh", prefixes: frozenset[str] | None = None) -> FileFacts:
    return SOURCE.extract(SourceText(path, text), ctx(prefixes))


def at(text: str, span: Span) -> str:
    return text[span.start : span.end]


def link_texts(text: str, facts: FileFacts) -> list[str]:
    return [at(text, x.span) for x in facts.links]


def reads(text: str, facts: FileFacts) -> list[tuple[str, int, int]]:
    """(name, row, column) of every read; the span must hold exactly the name."""
    src = SourceText("x", text)
    out = []
    for r in facts.reads:
        assert at(text, r.span) == r.name
        row, col = src.position(r.span.start)
        out.append((r.name, row, col))
    return out


def only(items: list[Container] | list[Link]) -> Container | Link:
    assert len(items) == 1, items
    return items[0]
