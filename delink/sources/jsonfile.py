"""The JSON source: ECS task definitions and ``Dockerrun.aws.json`` (:mod:`.ecs`), then the
link env reads and shims any JSON config holds (:mod:`.consumer`).

JSON files that are templates (``task-definition.json.tpl`` for Terraform's
``templatefile``, ``Dockerrun.aws.json.j2``) are read as they are when they parse, which
they usually do (``"${var}"`` sits inside strings); otherwise their template tags are
masked first (:func:`mask`), keeping every offset.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from delink.sources.embedded import guarded

if TYPE_CHECKING:
    from delink.facts import FileFacts
    from delink.sources import Context
    from delink.text import SourceText

__all__ = ["LANGUAGE", "SOURCE", "mask"]

LANGUAGE = "json"
# written in every file this source reads links from: a cheap test before parsing
_MARKERS = ("ontainerDefinitions", "AWSEBDockerrunVersion")
_MAX_CHARS = 2_000_000  # task definitions are small; large JSON is data
_TAG = re.compile(r"\$\{[^{}\n]*\}|\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|<%.*?%>|%\{[^{}\n]*\}", re.S)


def mask(text: str) -> str:
    """Template tags outside JSON strings become a ``0`` (an expression: a value) or
    blanks (a statement), of the same length; tags inside strings stay."""
    out: list[str] = []
    i = 0
    in_string = False
    n = len(text)
    while i < n:
        c = text[i]
        if in_string:
            if c == "\\":
                out.append(text[i : i + 2])
                i += 2
                continue
            if c == '"':
                in_string = False
            out.append(c)
            i += 1
            continue
        if c == '"':
            in_string = True
            out.append(c)
            i += 1
            continue
        m = _TAG.match(text, i)
        if m is not None:
            raw = m.group()
            blank = re.sub(r"[^\r\n]", " ", raw)
            statement = raw.startswith(("{%", "{#", "%{")) or (
                raw.startswith("<%") and not raw.startswith("<%=")
            )
            out.append(blank if statement or "\n" in raw else "0" + blank[1:])
            i = m.end()
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _extract(facts: FileFacts, src: SourceText, ctx: Context) -> None:
    from delink.sources.consumer import profile_for, scan
    from delink.sources.ecs import read_json

    text = src.text
    bare_list = (
        text.lstrip("\ufeff \t\r\n").startswith("[") and '"links"' in text and '"image"' in text
    )
    if len(text) <= _MAX_CHARS and (bare_list or any(m in text for m in _MARKERS)):
        from delink.sources.jsonpos import JsonError, parse

        try:
            parse(text)
        except (JsonError, RecursionError):
            text = mask(text)
        read_json(facts, src.path, text)
    scan(facts, src, ctx, profile_for(src.path, src.text[:128]))


class JsonSource:
    language = LANGUAGE
    extract = staticmethod(guarded(LANGUAGE, _extract, "could not read this JSON file"))

    def validate(self, before: SourceText, after: SourceText) -> str | None:
        """Nothing writes JSON yet: no fix can break it."""
        return None


SOURCE = JsonSource()
