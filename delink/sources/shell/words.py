"""Shell words: quote removal that keeps the host offset of every character.

A word is a list of :class:`Unit` s. A literal unit is one character after quote
removal (``"a b"`` gives three units); an expansion unit (``$X``, ``${X:-d}``,
``$(...)``, backticks, ``$((...))``) keeps its raw text. Every unit knows the host
span it was written at, so a slice of a word (the value of ``--link=db:db``, the alias
of ``db:db``) has an exact span even inside quotes or an embedded fragment.

The scanner functions here (``word_end``, ``dollar_end``, ...) are shared with the
tokenizer; they raise :class:`Unterminated` for an unclosed quote or substitution.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

LIT = "lit"
PARAM = "param"
CMD = "cmd"
ARITH = "arith"

_NAME_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_NAME_CHARS = _NAME_START | frozenset("0123456789")
_SPECIAL_PARAMS = frozenset("@*#?$!-0123456789")
BLANKS = frozenset(" \t")
METACHARS = frozenset(" \t\n;&|<>()")


class Unterminated(ValueError):
    """An unclosed quote, substitution or expansion."""

    def __init__(self, pos: int, what: str) -> None:
        super().__init__(f"unterminated {what}")
        self.pos = pos
        self.what = what


class Mapper(Protocol):
    """Fragment offset -> host offset (an :class:`~delink.text.OffsetMap` is one)."""

    def __call__(self, offset: int) -> int: ...

    def end(self, offset: int) -> int: ...


class Shift:
    """The identity map of a fragment that starts at ``base`` in its host."""

    __slots__ = ("base",)

    def __init__(self, base: int = 0) -> None:
        self.base = base

    def __call__(self, offset: int) -> int:
        return self.base + offset

    def end(self, offset: int) -> int:
        return self.base + offset


@dataclass(frozen=True, slots=True)
class Unit:
    text: str  # the character (LIT) or the raw expansion text
    start: int  # host span
    end: int
    kind: str = LIT
    quoted: bool = False  # inside quotes (no field splitting, no globbing)
    name: str | None = None  # PARAM: X of $X / ${X...}
    op: str = ""  # PARAM: what follows the name inside ${...}: ":-db", "[@]", "#pat"
    prefix: str = ""  # PARAM: "!" (indirect) or "#" (length)
    src: int = 0  # 0: written in the command; else the id of the assignment it came from
    split: bool = False  # substituted from an unquoted expansion: field splitting applies


@dataclass
class Word:
    units: list[Unit]
    start: int  # host span of the word as written (quotes included)
    end: int
    host: str = field(repr=False, default="")  # the host text (for ``raw``)
    via: Unit | None = None  # the expansion this word was spliced from
    src: int = 0  # where the word is written: 0 the command, else an assignment id

    @property
    def raw(self) -> str:
        return self.host[self.start : self.end]

    @property
    def literal(self) -> str | None:
        """The value when static (quotes removed, no expansion), else None."""
        out = []
        for u in self.units:
            if u.kind != LIT:
                return None
            out.append(u.text)
        return "".join(out)

    @property
    def display(self) -> str:
        """Quotes removed, expansions kept as written."""
        return "".join(u.text for u in self.units)

    @property
    def static(self) -> bool:
        return all(u.kind == LIT for u in self.units)

    @property
    def quoted(self) -> bool:
        """The first character is quoted (``"--link"`` is still a flag to docker)."""
        return bool(self.units) and self.units[0].quoted

    def params(self) -> list[Unit]:
        return [u for u in self.units if u.kind == PARAM]

    def find_lit(self, ch: str, start: int = 0) -> int:
        """Index of the first literal unit equal to ``ch`` at or after ``start``."""
        for i in range(start, len(self.units)):
            u = self.units[i]
            if u.kind == LIT and u.text == ch:
                return i
        return -1

    def lit_prefix(self) -> str:
        """The literal characters before the first expansion."""
        out = []
        for u in self.units:
            if u.kind != LIT:
                break
            out.append(u.text)
        return "".join(out)

    def sub(self, a: int, b: int | None = None, *, start: int | None = None) -> Word:
        """Units ``[a:b]`` as a word. Its span runs from ``start`` (default: the first
        unit's start) to the word's end when ``b`` is the end, else to unit ``b-1``'s end."""
        units = self.units[a:b]
        if start is None:
            start = units[0].start if units else (self.units[a - 1].end if a > 0 else self.start)
        end = self.end if b is None or b >= len(self.units) else (units[-1].end if units else start)
        return Word(units, start, max(start, end), self.host, self.via, self.src)

    def part(self, a: int, b: int | None = None) -> Word:
        """Units ``[a:b]`` with a span from the first to the last unit (no quotes)."""
        units = self.units[a:b]
        if not units:
            at = self.units[a - 1].end if 0 < a <= len(self.units) else self.start
            return Word([], at, at, self.host, self.via, self.src)
        return Word(units, units[0].start, units[-1].end, self.host, self.via, self.src)


# -- scanning -----------------------------------------------------------------------


def _ansi_end(s: str, i: int, n: int) -> int:
    """``s[i]`` is the ``'`` after ``$``: index after the closing quote."""
    j = i + 1
    while j < n:
        c = s[j]
        if c == "\\":
            j += 2
            continue
        if c == "'":
            return j + 1
        j += 1
    raise Unterminated(i, "$'...' string")


def squote_end(s: str, i: int, n: int) -> int:
    j = s.find("'", i + 1, n)
    if j < 0:
        raise Unterminated(i, "single quote")
    return j + 1


def dquote_end(s: str, i: int, n: int) -> int:
    """``s[i]`` is ``"``: index after the closing quote."""
    j = i + 1
    while j < n:
        c = s[j]
        if c == "\\":
            j += 2
        elif c == '"':
            return j + 1
        elif c == "$":
            j = dollar_end(s, j, n, True)
        elif c == "`":
            j = backtick_end(s, j, n)
        else:
            j += 1
    raise Unterminated(i, "double quote")


def backtick_end(s: str, i: int, n: int) -> int:
    j = i + 1
    while j < n:
        c = s[j]
        if c == "\\":
            j += 2
        elif c == "`":
            return j + 1
        else:
            j += 1
    raise Unterminated(i, "backquote")


def brace_end(s: str, i: int, n: int) -> int:
    """``s[i:i+2]`` is ``${``: index after the matching ``}``."""
    j = i + 2
    depth = 0
    while j < n:
        c = s[j]
        if c == "\\":
            j += 2
        elif c == "'":
            # inside ${...} single quotes only quote in the operand of an operator
            j = squote_end(s, j, n) if j > i + 2 else j + 1
        elif c == '"':
            j = dquote_end(s, j, n)
        elif c == "$":
            j = dollar_end(s, j, n)
        elif c == "`":
            j = backtick_end(s, j, n)
        elif c == "{":
            depth += 1
            j += 1
        elif c == "}":
            if depth == 0:
                return j + 1
            depth -= 1
            j += 1
        else:
            j += 1
    raise Unterminated(i, "${...}")


def _word_at(s: str, j: int, n: int, word: str) -> bool:
    """``word`` is a whole word at ``j``."""
    k = j + len(word)
    if not s.startswith(word, j):
        return False
    if j > 0 and (s[j - 1] in _NAME_CHARS or s[j - 1] in "-./"):
        return False
    return k >= n or s[k] not in _NAME_CHARS


def paren_end(s: str, i: int, n: int) -> int:
    """``s[i]`` is the ``(`` of ``$(`` (or of a subshell): index after the matching ``)``.

    Quotes, nested substitutions, comments and ``case`` patterns (``a)``) are skipped.
    """
    j = i + 1
    depth = 0
    cases = 0
    word_start = True
    while j < n:
        c = s[j]
        if c == "\\":
            j += 2
            word_start = False
            continue
        if c == "'":
            j = squote_end(s, j, n)
        elif c == '"':
            j = dquote_end(s, j, n)
        elif c == "`":
            j = backtick_end(s, j, n)
        elif c == "$":
            j = dollar_end(s, j, n)
        elif c == "#" and word_start:
            k = s.find("\n", j, n)
            j = n if k < 0 else k
        elif c == "(":
            depth += 1
            j += 1
        elif c == ")":
            if depth > 0:
                depth -= 1
            elif cases == 0:
                return j + 1
            j += 1
        elif word_start and _word_at(s, j, n, "case"):
            cases += 1
            j += 4
        elif word_start and _word_at(s, j, n, "esac"):
            cases = max(0, cases - 1)
            j += 4
        else:
            j += 1
            word_start = c in " \t\n;&|(){}"
            continue
        word_start = c in " \t\n;&|(){}"
    raise Unterminated(i - 1, "$(...)")


def _arith_end(s: str, i: int, n: int) -> int | None:
    """``s[i:i+3]`` is ``$((``: index after ``))``, or None when it is ``$( (...) )``."""
    j = i + 3
    depth = 0
    while j < n:
        c = s[j]
        if c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                return j + 2 if j + 1 < n and s[j + 1] == ")" else None
            depth -= 1
        elif c == "$" and j + 1 < n and s[j + 1] in "({":
            try:
                j = dollar_end(s, j, n)
            except Unterminated:
                return None
            continue
        elif c in "'\"`":
            return None
        j += 1
    return None


def dollar_end(s: str, i: int, n: int, in_dq: bool = False) -> int:
    """``s[i]`` is ``$``: index after the expansion (``i + 1`` for a lone ``$``)."""
    k = i + 1
    if k >= n:
        return k
    c = s[k]
    if in_dq and c in "'\"":
        return k
    if c == "{":
        return brace_end(s, i, n)
    if c == "(":
        if k + 1 < n and s[k + 1] == "(":
            end = _arith_end(s, i, n)
            if end is not None:
                return end
        return paren_end(s, k, n)
    if c == "'":
        return _ansi_end(s, k, n)
    if c == '"':
        return dquote_end(s, k, n)
    if c in _NAME_START:
        j = k + 1
        while j < n and s[j] in _NAME_CHARS:
            j += 1
        return j
    if c in _SPECIAL_PARAMS:
        return k + 1
    return k


# Deeper ``$(`` / ``(`` nesting than this is not read: the scanners recurse per level.
MAX_NESTING = 100


def flatten_deep(s: str, i: int, n: int, limit: int = MAX_NESTING) -> str | None:
    """``s`` with the inside of the parentheses of ``s[i:n]`` nested deeper than
    ``limit`` blanked out as ``x`` (same length, so offsets stay), or None when nothing
    is that deep. Quotes are not looked at: it is a fallback, for a command whose words
    cannot be read otherwise."""
    if s.count("(", i, n) <= limit:
        return None
    depth = 0
    cut: list[tuple[int, int]] = []
    start = -1
    for j in range(i, n):
        c = s[j]
        if c == "(":
            depth += 1
            if depth == limit + 1:
                start = j + 1
        elif c == ")" and depth > 0:
            if depth == limit + 1:
                cut.append((start, j))
            depth -= 1
    if depth > limit:
        cut.append((start, n))
    if not cut:
        return None
    parts: list[str] = []
    pos = 0
    for a, b in cut:
        parts.append(s[pos:a])
        parts.append("x" * (b - a))
        pos = b
    parts.append(s[pos:])
    return "".join(parts)


def word_end(s: str, i: int, n: int) -> int:
    """End of the (unquoted) word that starts at ``i``; ``i`` itself when ``s[i]`` is a
    metacharacter."""
    j = i
    while j < n:
        c = s[j]
        if c in METACHARS:
            # extglob / array parens inside a word: @(a|b), =( ... )
            if c == "(" and j > i and s[j - 1] in "@!?*+=":
                j = paren_end(s, j, n)
                continue
            return j
        if c == "\\":
            j += 2
        elif c == "'":
            j = squote_end(s, j, n)
        elif c == '"':
            j = dquote_end(s, j, n)
        elif c == "$":
            j = dollar_end(s, j, n)
        elif c == "`":
            j = backtick_end(s, j, n)
        else:
            j += 1
    return min(j, n)


# -- parsing ------------------------------------------------------------------------

_ANSI_SIMPLE = {
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "E": "\x1b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "?": "?",
}


def _param_unit(s: str, i: int, end: int, m: Mapper, quoted: bool, src: int) -> Unit:
    raw = s[i:end]
    start, stop = m(i), m.end(end)
    if raw.startswith("${"):
        body = raw[2:-1] if raw.endswith("}") else raw[2:]
        prefix = ""
        if (
            len(body) > 1
            and body[0] in "!#"
            and (body[1] in _NAME_CHARS or body[1] in _SPECIAL_PARAMS)
        ):
            prefix, body = body[0], body[1:]
        k = 0
        if body and body[0] in _NAME_START:
            k = 1
            while k < len(body) and body[k] in _NAME_CHARS:
                k += 1
        elif body and body[0].isdigit():
            while k < len(body) and body[k].isdigit():
                k += 1
        elif body and body[0] in _SPECIAL_PARAMS:
            k = 1
        name = body[:k] or None
        return Unit(raw, start, stop, PARAM, quoted, name, body[k:], prefix, src)
    return Unit(raw, start, stop, PARAM, quoted, raw[1:] or None, "", "", src)


def parse_units(
    s: str,
    i: int,
    n: int,
    m: Mapper,
    *,
    src: int = 0,
    stop_at_blank: bool = True,
    on_unit: Callable[[Unit], None] | None = None,
) -> tuple[list[Unit], int]:
    """Units of the word at ``s[i:]`` and where it ends. With ``stop_at_blank=False``
    the whole range ``[i, n)`` is read as the inside of double quotes is not: as an
    unquoted string whose blanks are literal (used for assignment values)."""
    units: list[Unit] = []
    add = units.append
    j = i
    while j < n:
        c = s[j]
        if stop_at_blank and c in METACHARS:
            if c == "(" and j > i and s[j - 1] in "@!?*+=":
                end = paren_end(s, j, n)
                for k in range(j, end):
                    add(Unit(s[k], m(k), m.end(k + 1), src=src))
                j = end
                continue
            break
        if c == "\\":
            if j + 1 >= n:
                add(Unit("\\", m(j), m.end(j + 1), src=src))
                j += 1
            elif s[j + 1] == "\n":
                j += 2
            else:
                add(Unit(s[j + 1], m(j), m.end(j + 2), src=src))
                j += 2
        elif c == "'":
            end = squote_end(s, j, n)
            for k in range(j + 1, end - 1):
                add(Unit(s[k], m(k), m.end(k + 1), quoted=True, src=src))
            j = end
        elif c == '"':
            j = _parse_dquote(s, j + 1, n, m, units, src)
        elif c == "$":
            j = _parse_dollar(s, j, n, m, units, False, src)
        elif c == "`":
            end = backtick_end(s, j, n)
            add(Unit(s[j:end], m(j), m.end(end), CMD, False, src=src))
            j = end
        else:
            add(Unit(c, m(j), m.end(j + 1), src=src))
            j += 1
    return units, j


def _parse_dquote(s: str, j: int, n: int, m: Mapper, units: list[Unit], src: int) -> int:
    """Inside double quotes from ``j`` (after the opening quote): index after the closing one."""
    add = units.append
    start = j - 1
    while j < n:
        c = s[j]
        if c == '"':
            return j + 1
        if c == "\\" and j + 1 < n and s[j + 1] in '$`"\\\n':
            if s[j + 1] != "\n":
                add(Unit(s[j + 1], m(j), m.end(j + 2), quoted=True, src=src))
            j += 2
        elif c == "$":
            j = _parse_dollar(s, j, n, m, units, True, src)
        elif c == "`":
            end = backtick_end(s, j, n)
            add(Unit(s[j:end], m(j), m.end(end), CMD, True, src=src))
            j = end
        else:
            add(Unit(c, m(j), m.end(j + 1), quoted=True, src=src))
            j += 1
    raise Unterminated(start, "double quote")


def _parse_dollar(
    s: str, j: int, n: int, m: Mapper, units: list[Unit], quoted: bool, src: int
) -> int:
    end = dollar_end(s, j, n, quoted)
    if end == j + 1:  # a lone $
        units.append(Unit("$", m(j), m.end(j + 1), quoted=quoted, src=src))
        return end
    nxt = s[j + 1]
    if nxt == "'" and not quoted:
        _decode_ansi(s, j + 2, end - 1, m, units, src)
        return end
    if nxt == '"' and not quoted:
        return _parse_dquote(s, j + 2, n, m, units, src)
    if nxt == "(":
        kind = ARITH if s.startswith("$((", j) and s.endswith("))", 0, end) else CMD
        units.append(Unit(s[j:end], m(j), m.end(end), kind, quoted, src=src))
        return end
    units.append(_param_unit(s, j, end, m, quoted, src))
    return end


def _decode_ansi(s: str, j: int, end: int, m: Mapper, units: list[Unit], src: int) -> None:
    while j < end:
        c = s[j]
        if c != "\\" or j + 1 >= end:
            units.append(Unit(c, m(j), m.end(j + 1), quoted=True, src=src))
            j += 1
            continue
        e = s[j + 1]
        k = j + 2
        if e in _ANSI_SIMPLE:
            ch = _ANSI_SIMPLE[e]
        elif e in "01234567":
            k = j + 1
            while k < min(end, j + 4) and s[k] in "01234567":
                k += 1
            ch = chr(int(s[j + 1 : k], 8) & 0xFF)
        elif e in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[e]
            while k < min(end, j + 2 + width) and s[k] in "0123456789abcdefABCDEF":
                k += 1
            digits = s[j + 2 : k]
            ch = chr(min(int(digits, 16), 0x10FFFF)) if digits else "\\" + e
        elif e == "c" and j + 2 < end:
            ch = chr(ord(s[j + 2]) & 0x1F)
            k = j + 3
        else:
            ch = "\\" + e
        units.append(Unit(ch, m(j), m.end(k), quoted=True, src=src))
        j = k


def parse_word(s: str, i: int, j: int, m: Mapper, host: str, *, src: int = 0) -> Word:
    """The word written at ``s[i:j]`` (a fragment range that holds exactly one word)."""
    units, _ = parse_units(s, i, j, m, src=src, stop_at_blank=False)
    return Word(units, m(i), m.end(j), host, None, src)


def parse_value(s: str, i: int, j: int, m: Mapper, host: str, *, src: int = 0) -> Word:
    """An assignment value ``s[i:j]`` (blanks inside quotes only; same as a word)."""
    return parse_word(s, i, j, m, host, src=src)


def names(text: str) -> frozenset[str]:
    """A set of blank-separated names (flag tables)."""
    return frozenset(text.split())


def is_name(text: str) -> bool:
    return bool(text) and text[0] in _NAME_START and all(c in _NAME_CHARS for c in text)
