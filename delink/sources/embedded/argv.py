"""argv lists (a Compose ``command: [...]``, a Dockerfile exec form, Ruby ``system(…)``
arguments, Cloud Build ``args``) written as shell words with exact host offsets."""

from __future__ import annotations

import re

from delink.sources.embedded import FragmentBuilder
from delink.text import OffsetMap

__all__ = ["add_argv_word"]

_SAFE_WORD = re.compile(r"[A-Za-z0-9_@%+=:,./-]+")


def add_argv_word(b: FragmentBuilder, pieces: list[tuple[str, OffsetMap | None, bool]]) -> None:
    """Append one argv element as a single shell word.

    ``pieces`` are ``(text, omap, expansion)``: literal text (with the host offset of
    each character in ``omap``) or an expansion placeholder (``${…}``) that must stay
    an expansion. Literal text with shell-special characters is double-quoted with
    synthetic quotes and backslashes, so the shell sees the same argument.
    """
    literal = "".join(t for t, _, exp in pieces if not exp)
    plain = all(_SAFE_WORD.fullmatch(t) for t, _, exp in pieces if not exp and t)
    if not literal and not any(exp for _, _, exp in pieces):
        b.synth("''")
        return
    quote = not plain
    if quote:
        b.synth('"')
    for text, omap, exp in pieces:
        if omap is None:
            b.synth(text)
            continue
        for i, ch in enumerate(text):
            if quote and not exp and ch in '"\\$`':
                b.put("\\", omap(i))
            b.put(ch, omap(i))
    if quote:
        b.synth('"')
