"""The Terraform source: ECS ``container_definitions`` written inside ``.tf`` files.

``aws_ecs_task_definition`` takes its container definitions as a JSON string, written
either as a heredoc (``container_definitions = <<EOF [ … ] EOF``, also ``<<-EOF``) or with
``jsonencode([{ name = "web", links = ["db"] }])``. Heredoc bodies are read as JSON at
their own offsets (:func:`delink.sources.ecs.read_json`); ``jsonencode`` blocks are read
by a small reader of HCL object and list syntax. The ``network_mode`` argument of the
resource (when written as a literal) decides the kind of the links. Link env reads in
the file are found by the consumer scanner.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from delink.diagnostics import Span
from delink.sources.embedded import guarded

if TYPE_CHECKING:
    from delink.facts import FileFacts
    from delink.sources import Context
    from delink.sources.ecs import Definition
    from delink.text import SourceText

__all__ = ["LANGUAGE", "SOURCE"]

LANGUAGE = "terraform"
_RESOURCE = re.compile(r'resource\s+"aws_ecs_task_definition"\s+"[^"]*"\s*\{')
_HEREDOC = re.compile(r"container_definitions\s*=\s*<<-?\s*(\w+)[ \t]*\r?\n")
_JSONENCODE = re.compile(r"container_definitions\s*=\s*jsonencode\(\s*\[")
_NETWORK_MODE = re.compile(r'\bnetwork_mode\s*=\s*"([^"]*)"')
# HCL inside jsonencode: name = "x", links = ["a", "b:c"]
_HCL_STRING = r'"(?:[^"\\\n]|\\.)*"'
_HCL_ATTR = re.compile(r"(?<![\w.])(name|image|links)\s*[=:]\s*(\[[^\]]*\]|" + _HCL_STRING + ")")


def _block_end(text: str, start: int) -> int:
    """The offset after the ``}`` closing the block whose ``{`` is at ``start - 1``."""
    depth = 1
    i = start
    n = len(text)
    while i < n and depth:
        c = text[i]
        if c == '"':
            m = re.compile(_HCL_STRING).match(text, i)
            i = m.end() if m else i + 1
            continue
        if c == "#" or text.startswith("//", i):
            nl = text.find("\n", i)
            i = n if nl < 0 else nl
            continue
        if c in "{[(":
            depth += 1
        elif c in "}])":
            depth -= 1
        i += 1
    return i


def _jsonencode(path: str, text: str, start: int, end: int, mode: str | None) -> list[Definition]:
    """Container definitions written as HCL objects of a ``jsonencode([...])`` list."""
    from delink.sources.ecs import Definition

    defs: list[Definition] = []
    i = start
    while True:
        open_ = text.find("{", i, end)
        if open_ < 0:
            return defs
        close = _block_end(text, open_ + 1)
        body_end = close - 1
        name = image = None
        links: list[tuple[str, Span, bool]] = []
        depth_ok = _top_level_attrs(text, open_ + 1, body_end)
        for m in _HCL_ATTR.finditer(text, open_ + 1, body_end):
            if m.start() not in depth_ok:
                continue
            key, raw = m.group(1), m.group(2)
            if key == "links" and raw.startswith("["):
                base = m.start(2)
                for s in re.finditer(_HCL_STRING, raw):
                    links.append(
                        (
                            s.group()[1:-1],
                            Span(path, base + s.start() + 1, base + s.end() - 1),
                            "\\" not in s.group(),
                        )
                    )
            elif raw.startswith('"'):
                got = (raw[1:-1], Span(path, m.start(2) + 1, m.end(2) - 1))
                if key == "name":
                    name = got
                elif key == "image":
                    image = got
        anchor = name[1] if name is not None else Span(path, open_, open_ + 1)
        defs.append(
            Definition(
                name=name,
                image=image,
                links=links,
                env=[],
                ports=[],
                span=Span(path, open_, close),
                anchor=anchor,
                network_mode=mode,
            )
        )
        i = close


def _top_level_attrs(text: str, start: int, end: int) -> set[int]:
    """Offsets of the line starts of an HCL object's own attributes (depth 0)."""
    out: set[int] = set()
    depth = 0
    i = start
    at_line = True
    while i < end:
        c = text[i]
        if c == '"':
            m = re.compile(_HCL_STRING).match(text, i)
            i = m.end() if m else i + 1
            at_line = False
            continue
        if c in "{[(":
            depth += 1
        elif c in "}])":
            depth -= 1
        elif c in "\n,":
            at_line = True
        elif c not in " \t\r" and at_line:
            if depth == 0:
                out.add(i)
            at_line = False
        i += 1
    return out


def _extract(facts: FileFacts, src: SourceText, ctx: Context) -> None:
    from delink.sources.consumer import profile_for, scan
    from delink.sources.ecs import read_definitions, read_json

    text = src.text
    if "container_definitions" in text and "links" in text:
        for res in _RESOURCE.finditer(text):
            end = _block_end(text, res.end())
            mode_m = _NETWORK_MODE.search(text, res.end(), end)
            mode = mode_m.group(1) if mode_m else None
            h = _HEREDOC.search(text, res.end(), end)
            if h is not None:
                delim = h.group(1)
                close = re.compile(rf"^[ \t]*{re.escape(delim)}[ \t]*$", re.M).search(text, h.end())
                if close is not None:
                    body = text[h.end() : close.start()]
                    read_json(facts, src.path, body, base=h.end(), network_mode=mode)
            j = _JSONENCODE.search(text, res.end(), end)
            if j is not None:
                list_end = _block_end(text, j.end())
                defs = _jsonencode(src.path, text, j.end(), list_end, mode)
                if any(d.links for d in defs):
                    read_definitions(facts, defs, "ecs container definition")
    scan(facts, src, ctx, profile_for(src.path, src.text[:128]))


class TerraformSource:
    language = LANGUAGE
    extract = staticmethod(guarded(LANGUAGE, _extract, "could not read this Terraform file"))

    def validate(self, before: SourceText, after: SourceText) -> str | None:
        """Nothing writes Terraform: no fix can break it."""
        return None


SOURCE = TerraformSource()
