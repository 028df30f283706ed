"""reStructuredText: the code blocks of documentation, read as Markdown's are
(:mod:`.markdown` decides what a block is from its language and content).

``.. code-block:: bash`` (also ``code``, ``sourcecode``), its options (``:linenos:``)
left out, and literal blocks after a paragraph that ends with ``::``; a block is the
indented text that follows, its indentation removed. Inline code in prose (a docker
command with a link in double backquotes) is read as in Markdown.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from delink.sources.embedded import HostSource, Line, split_lines
from delink.sources.embedded.markdown import Block, read_document

if TYPE_CHECKING:
    from delink.facts import FileFacts
    from delink.sources import Context
    from delink.text import SourceText

__all__ = ["SOURCE", "rst_blocks"]

_DIRECTIVE = re.compile(r"([ \t]*)\.\.[ \t]+(?:code-block|code|sourcecode)::[ \t]*(\S*)")
_OTHER_DIRECTIVE = re.compile(r"[ \t]*\.\.[ \t]+\S")
_OPTION = re.compile(r"[ \t]+:[\w-]+:")


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" \t"))


def _indented_block(lines: list[Line], i: int, parent: int) -> tuple[list[Line], int]:
    """The lines from ``i`` indented deeper than ``parent`` (blank lines inside kept,
    trailing ones dropped), their common indentation removed; and the next index."""
    content: list[Line] = []
    while i < len(lines):
        t = lines[i].text
        if t.strip() and _indent(t) <= parent:
            break
        content.append(lines[i])
        i += 1
    while content and not content[-1].text.strip():
        content.pop()
    width = min((_indent(ln.text) for ln in content if ln.text.strip()), default=0)
    out = [
        Line(ln.text[width:], ln.start + width, ln.end, ln.next)
        if ln.text.strip()
        else Line("", ln.end, ln.end, ln.next)
        for ln in content
    ]
    return out, i


def rst_blocks(lines: list[Line]) -> list[Block]:
    """Code blocks of a reStructuredText document."""
    out: list[Block] = []
    i = 0
    n = len(lines)
    while i < n:
        text = lines[i].text
        m = _DIRECTIVE.match(text)
        if m is not None:
            parent = _indent(text)
            i += 1
            while i < n and _OPTION.match(lines[i].text):
                i += 1
            content, i = _indented_block(lines, i, parent)
            b = Block.of(m.group(2), content, True)
            if b is not None:
                out.append(b)
            continue
        stripped = text.rstrip()
        if stripped.endswith("::") and not _OTHER_DIRECTIVE.match(text):
            parent = _indent(text)
            i += 1
            if i < n and lines[i].text.strip():
                continue  # a literal block starts after a blank line
            content, i = _indented_block(lines, i, parent)
            b = Block.of("", content, False)
            if b is not None:
                out.append(b)
            continue
        i += 1
    return out


def _extract(facts: FileFacts, src: SourceText, ctx: Context) -> None:
    lines = split_lines(src.text)
    read_document(facts, src, ctx, lines, rst_blocks(lines))


SOURCE = HostSource("rst", _extract)
