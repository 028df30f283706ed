"""Makefiles: every recipe line is a shell fragment in make's dialect.

What counts as a recipe follows GNU make: lines that start with the recipe prefix
(a tab, or the character set with ``.RECIPEPREFIX``) after a rule line, and the text
after ``;`` on a rule line. Blank lines, make comments and conditionals (``ifeq`` …
``endif``) keep the rule open; a variable assignment, ``define`` or ``include`` ends it.
``define`` … ``endef`` bodies are skipped.

Each logical recipe line is one shell invocation (as make runs it); with ``.ONESHELL:``
the whole recipe is one. The ``@``, ``-`` and ``+`` prefixes and the blanks around
them are left out of the fragment (offsets of the rest are kept). A backslash-newline
is passed to the shell as written, and make's removal of the recipe prefix at the start
of the continuation line is reproduced. Fragments use ``dialect="make"``: ``$$`` is a
``$``, ``$(VAR)`` and ``${VAR}`` are make variables (a link target ``$(TAG)-redis:redis``
keeps its alias ``redis``). Variables whose value carries ``--link`` flags
(``LINKING = --link db:db``, or a variable that uses one) are substituted in the recipes,
so their links are reported where they are written and fixed there; other make variables
are not (``make TAG=x`` may override any of them: their values are not known).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from delink.facts import FileFacts, Order
from delink.sources.embedded import (
    FragmentBuilder,
    HostSource,
    Line,
    shell_fragment,
    split_lines,
)
from delink.sources.shell.syntax import HostAssignment

if TYPE_CHECKING:
    from delink.sources import Context
    from delink.text import SourceText

__all__ = ["SOURCE", "extract_lines", "link_variables", "recipes"]

LANGUAGE = "makefile"

_CONDITIONAL = re.compile(r"[ \t]*(?:ifeq|ifneq|ifdef|ifndef|else|endif)\b")
_DEFINE = re.compile(r"[ \t]*(?:(?:export|override)[ \t]+)*define\b")
_ENDEF = re.compile(r"[ \t]*endef\b")
_DIRECTIVE = re.compile(
    r"[ \t]*(?:-?include|sinclude|export|unexport|override|vpath|undefine|private)\b"
)
_ASSIGN = re.compile(r"[ \t]*[^:#=\s]+[ \t]*(?:::?=|:::=|[?+!]?=)")
_RECIPEPREFIX = re.compile(r"[ \t]*\.RECIPEPREFIX[ \t]*(?::{0,3}=|=)[ \t]?(.?)")
_ONESHELL = re.compile(r"^\.ONESHELL[ \t]*:", re.MULTILINE)
_VARIABLE = re.compile(
    r"[ \t]*(?:(?:export|override|private)[ \t]+)*(?P<name>[A-Za-z_][A-Za-z0-9_.-]*)"
    r"[ \t]*(?P<op>::?=|:::=|[?+]?=)[ \t]*"
)
_LINK_FLAG = re.compile(r"(?<![\w-])--?link(?:[ \t=]|$)")
_REFERENCE = re.compile(r"\$[({]([A-Za-z_][A-Za-z0-9_]*)[)}]")


def _continued(text: str) -> bool:
    """Ends with an odd number of backslashes."""
    n = len(text) - len(text.rstrip("\\"))
    return n % 2 == 1


def _top_level(text: str) -> Iterator[tuple[int, str]]:
    """The characters of a make line outside ``$(…)`` and ``${…}`` (with offsets)."""
    depth = 0
    for i, c in enumerate(text):
        if c in "({":
            depth += 1
        elif c in ")}":
            depth = max(0, depth - 1)
        elif depth == 0:
            yield i, c


def _rule_semicolon(text: str) -> int:
    """Index of the ``;`` that starts an inline recipe on a rule line, or -1."""
    colon = False
    for i, c in _top_level(text):
        if c == "#":
            return -1
        if c == ":":
            colon = True
        elif c == ";" and colon:
            return i
    return -1


def _is_rule(text: str) -> bool:
    for i, c in _top_level(text):
        if c in "#=":
            return False
        if c == ":":
            nxt = text[i + 1 : i + 3]
            return not (nxt.startswith("=") or nxt.startswith(":="))
    return False


def _skip_prefix(text: str, i: int) -> int:
    """Skip make's recipe prefix characters (``@``, ``-``, ``+``) and blanks."""
    while i < len(text) and text[i] in "@-+ \t":
        i += 1
    return i


def recipes(
    lines: list[Line], *, oneshell: bool = False, taken: set[int] | None = None
) -> list[tuple[str, FragmentBuilder]]:
    """The recipe fragments of a Makefile given as host lines: a list of
    ``(rule, builder)``, one per shell invocation, with the targets of the rule the
    recipe belongs to (as written before its ``:``). ``taken`` collects the host offsets
    of the recipe lines."""
    if taken is None:
        taken = set()
    out: list[tuple[str, FragmentBuilder]] = []
    prefix = "\t"
    rule = ""
    in_rule = False
    in_define = False
    current: FragmentBuilder | None = None  # the .ONESHELL recipe being built
    prev_end = 0
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        text = line.text
        i += 1
        if in_define:
            if _ENDEF.match(text):
                in_define = False
            continue
        if in_rule and text.startswith(prefix):
            b = current if (oneshell and current is not None) else FragmentBuilder()
            if oneshell and len(b):
                b.put("\n", prev_end)
            start = _skip_prefix(text, len(prefix))
            b.add(line.start + start, text[start:])
            taken.add(line.start)
            while _continued(text) and i < n:
                b.put("\n", line.end)
                line = lines[i]
                taken.add(line.start)
                text = line.text
                i += 1
                skip = len(prefix) if text.startswith(prefix) else 0
                b.add(line.start + skip, text[skip:])
            prev_end = line.end
            if oneshell:
                if current is None:
                    current = b
                    out.append((rule, b))
            else:
                out.append((rule, b))
            continue
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            # blank lines and comments keep the rule open; continued comments too
            while _continued(text) and i < n:
                text = lines[i].text
                i += 1
            continue
        # a logical make line (backslash-continued)
        first = line
        logical = [text]
        while _continued(text) and i < n:
            line = lines[i]
            text = line.text
            i += 1
            logical.append(text)
        joined = " ".join(t[:-1] if _continued(t) else t for t in logical)
        current = None
        if _CONDITIONAL.match(joined):
            continue
        m = _RECIPEPREFIX.match(joined)
        if m:
            prefix = m.group(1) or "\t"
            in_rule = False
            continue
        if _DEFINE.match(joined):
            in_define = True
            in_rule = False
            continue
        if _DIRECTIVE.match(joined) or _ASSIGN.match(joined):
            in_rule = False
            continue
        if _is_rule(joined):
            in_rule = True
            rule = joined.split(":", 1)[0].strip()
            semi = _rule_semicolon(first.text)
            if semi >= 0 and len(logical) == 1:
                b = FragmentBuilder()
                start = _skip_prefix(first.text, semi + 1)
                b.add(first.start + start, first.text[start:])
                out.append((rule, b))
                if oneshell:
                    current = b
            continue
        in_rule = False
    return out


def link_variables(lines: list[Line], recipe_lines: set[int] | None = None) -> list[HostAssignment]:
    """The variables assigned on one line outside recipes (``recipe_lines``: the host
    offsets of recipe lines; a tab-indented ``flags += --link …`` inside ``ifdef`` is
    not one) whose value carries ``--link`` flags, directly or through another such
    variable, in file order."""
    if recipe_lines is None:
        recipe_lines = set()
        recipes(lines, taken=recipe_lines)
    found: list[tuple[HostAssignment, str]] = []
    for line in lines:
        text = line.text
        if line.start in recipe_lines or _continued(text):
            continue
        m = _VARIABLE.match(text)
        if m is None:
            continue
        end = _comment_start(text, m.end())
        value = text[m.end() : end].rstrip(" \t")
        if not value:
            continue
        start = line.start + m.end()
        op_end = line.start + m.end("op")
        a = HostAssignment(m["name"], start, start + len(value), m["op"] == "+=", op_end)
        found.append((a, value))
    carriers: set[str] = set()
    changed = True
    while changed:
        changed = False
        for a, value in found:
            if a.name not in carriers and (
                _LINK_FLAG.search(value) or carriers.intersection(_REFERENCE.findall(value))
            ):
                carriers.add(a.name)
                changed = True
    return [a for a, _ in found if a.name in carriers]


def _comment_start(text: str, i: int) -> int:
    """Where a make comment starts on an assignment line (``\\#`` is a ``#``)."""
    while True:
        k = text.find("#", i)
        if k < 0:
            return len(text)
        if k == 0 or text[k - 1] != "\\":
            return k
        i = k + 1


def extract_lines(facts: FileFacts, src: SourceText, ctx: Context, lines: list[Line]) -> None:
    """Shell facts of a Makefile given as host lines (a file, or a Markdown block)."""
    if not lines:
        return
    oneshell = any(_ONESHELL.match(ln.text) for ln in lines)
    taken: set[int] = set()
    found = recipes(lines, oneshell=oneshell, taken=taken)
    variables = link_variables(lines, taken)
    for rule, b in found:
        if not len(b):
            continue
        fragment, omap = b.build()
        order = Order(f"make {rule}" if rule else "")
        shell_fragment(
            facts, src, fragment, omap, ctx, dialect="make", variables=variables, order=order
        )


def _extract(facts: FileFacts, src: SourceText, ctx: Context) -> None:
    extract_lines(facts, src, ctx, split_lines(src.text))


# Make syntax is not checked: validate reports a recipe that parsed as shell before
# and no longer does.
SOURCE = HostSource(LANGUAGE, _extract)
