"""AsciiDoc: the code blocks of documentation, read as Markdown's are
(:mod:`.markdown` decides what a block is from its language and content).

Listing blocks delimited by ``----`` (with ``[source,bash]`` or ``[source, shell]``
before them, or none) and literal blocks delimited by ``....``. Inline code in prose
(a docker command with a link in backquotes) is read as in Markdown.
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

__all__ = ["SOURCE", "asciidoc_blocks"]

_ATTRIBUTES = re.compile(r"\[(?:source)?[ \t]*,[ \t]*([\w+-]+)[^\]]*\]|\[source\]")
_DELIMITER = re.compile(r"(-{4,}|\.{4,})[ \t]*$")


def asciidoc_blocks(lines: list[Line]) -> list[Block]:
    """Listing and literal blocks of an AsciiDoc document."""
    out: list[Block] = []
    i = 0
    n = len(lines)
    info = ""
    while i < n:
        text = lines[i].text
        attributes = _ATTRIBUTES.match(text.strip())
        if attributes is not None:
            info = attributes.group(1) or ""
            i += 1
            continue
        m = _DELIMITER.match(text)
        if m is None:
            if text.strip():
                info = ""
            i += 1
            continue
        delimiter = m.group(1)
        i += 1
        content: list[Line] = []
        while i < n and lines[i].text.rstrip() != delimiter:
            content.append(lines[i])
            i += 1
        i += 1
        b = Block.of(info, content, True)
        if b is not None:
            out.append(b)
        info = ""
    return out


def _extract(facts: FileFacts, src: SourceText, ctx: Context) -> None:
    lines = split_lines(src.text)
    read_document(facts, src, ctx, lines, asciidoc_blocks(lines))


SOURCE = HostSource("asciidoc", _extract)
