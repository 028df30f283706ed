"""Shared helpers for the embedded-host tests: extract a text, list facts by position."""

from __future__ import annotations

from delink.facts import FileFacts
from delink.settings import Settings
from delink.sources import Context, load
from delink.text import SourceText


def extract(language: str, text: str, path: str = "f") -> tuple[SourceText, FileFacts]:
    source = load(language)
    assert source is not None, language
    src = SourceText(path, text)
    facts = source.extract(src, Context(Settings()))
    check_spans(src, facts)
    return src, facts


def check_spans(src: SourceText, facts: FileFacts) -> None:
    """Every span is a host span inside the text; names are written where they point."""
    n = len(src.text)
    spans = [x.span for x in facts.links] + [x.span for x in facts.reads]
    spans += [x.span for x in facts.env_sets] + [x.span for x in facts.problems]
    spans += [c.span for c in facts.containers] + [c.anchor for c in facts.containers]
    for span in spans:
        assert span.path == src.path
        assert 0 <= span.start <= span.end <= n, span
    for r in facts.reads:
        if not r.pattern and not r.indirect:
            assert src.text[r.span.start : r.span.end] == r.name, r
    for s in facts.env_sets:
        assert src.text[s.span.start : s.span.end] == s.name, s


def links(src: SourceText, facts: FileFacts) -> list[tuple[int, int, str, str | None]]:
    """(row, column, link span text, alias) of every link, in order."""
    out = []
    for link in sorted(facts.links, key=lambda x: x.span.start):
        row, col = src.position(link.span.start)
        out.append((row, col, src.text[link.span.start : link.span.end], link.alias_text))
    return out


def reads(src: SourceText, facts: FileFacts) -> list[tuple[int, int, str]]:
    """(row, column, name) of every read, in order."""
    out = []
    for r in sorted(facts.reads, key=lambda x: x.span.start):
        row, col = src.position(r.span.start)
        out.append((row, col, r.name))
    return out


def sets(src: SourceText, facts: FileFacts) -> list[tuple[int, int, str]]:
    out = []
    for s in sorted(facts.env_sets, key=lambda x: x.span.start):
        row, col = src.position(s.span.start)
        out.append((row, col, s.name))
    return out
