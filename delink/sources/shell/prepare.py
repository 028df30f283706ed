"""Normalising a fragment before it is read: CRLF line ends, and make's own syntax.

:func:`prepare` gives the text the shell reader sees (``\\r\\n`` -> ``\\n``; in the
make dialect ``$$`` -> ``$`` and make references -> shell expansions of the same length)
and a map back to the original offsets (:class:`Gaps` for dropped characters).
:func:`make_param_texts` shows expansions of a make recipe as written (``$(TAG)``).
"""

from __future__ import annotations

import bisect

from delink.sources.shell.words import LIT, Mapper, Unit, Word, is_name


class Gaps:
    """A map for a fragment made from another by dropping characters (``\\r`` of
    ``\\r\\n``, the second ``$`` of make's ``$$``)."""

    __slots__ = ("base", "drops")

    def __init__(self, base: Mapper, drops: list[int]) -> None:
        self.base = base
        self.drops = drops

    def _orig(self, i: int) -> int:
        return i + bisect.bisect_right(self.drops, i)

    def __call__(self, offset: int) -> int:
        return self.base(self._orig(offset))

    def end(self, offset: int) -> int:
        if offset <= 0:
            return self.base.end(0)
        return self.base(self._orig(offset - 1)) + 1


def prepare(text: str, m: Mapper, dialect: str, *, recipe: bool = True) -> tuple[str, Mapper]:
    """Normalise a fragment: CRLF -> LF; make dialect: ``$$`` -> ``$``, make variables
    ``$(VAR)``/``${VAR}`` -> ``${VAR}`` and other make references to placeholders of the
    same length; a recipe's line prefixes (``@``, ``-``, ``+``) become blanks, unless
    ``recipe`` is false (the value of a make variable)."""
    if "\r" not in text and dialect != "make":
        return text, m
    out: list[str] = []
    drops: list[int] = []
    i = 0
    n = len(text)
    removed = 0
    line_start = True
    while i < n:
        c = text[i]
        if dialect == "make" and line_start and recipe:
            # recipe prefixes @ - + (not on continuation lines)
            j = i
            while j < n and text[j] in " \t":
                j += 1
            k = j
            while k < n and text[k] in "@-+":
                k += 1
            prev = "".join(out).rstrip("\n")
            if k > j and not prev.endswith("\\"):
                out.append(text[i:j] + " " * (k - j))
                i = k
                line_start = False
                continue
        line_start = c == "\n"
        if c == "\r" and i + 1 < n and text[i + 1] == "\n":
            drops.append(i - removed)
            removed += 1
            i += 1
            continue
        if dialect == "make" and c == "$" and i + 1 < n:
            nxt = text[i + 1]
            if nxt == "$":
                out.append("$")
                drops.append(i + 1 - removed)
                removed += 1
                i += 2
                continue
            if nxt in "({":
                close = ")" if nxt == "(" else "}"
                depth = 0
                j = i + 1
                while j < n:
                    if text[j] == nxt:
                        depth += 1
                    elif text[j] == close:
                        depth -= 1
                        if depth == 0:
                            break
                    elif text[j] == "\n":
                        break
                    j += 1
                if j < n and text[j] == close:
                    inner = text[i + 2 : j]
                    length = j + 1 - i
                    if is_name(inner):
                        out.append("${" + inner + "}")
                    else:
                        out.append("${" + "M" * max(0, length - 3) + "}")
                    i = j + 1
                    continue
            else:
                out.append("__")
                i += 2
                continue
        out.append(c)
        i += 1
    return "".join(out), Gaps(m, drops) if drops else m


def make_param_texts(w: Word, host: str) -> Word:
    """make dialect: expansions show as written in the Makefile (``$(TAG)``)."""
    units = [
        Unit(
            host[u.start : u.end],
            u.start,
            u.end,
            u.kind,
            u.quoted,
            u.name,
            u.op,
            u.prefix,
            u.src,
            u.split,
        )
        if u.kind != LIT
        else u
        for u in w.units
    ]
    return Word(units, w.start, w.end, w.host, w.via, w.src)
