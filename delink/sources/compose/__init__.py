"""The Compose source: Compose files (every format), Blockade files, and Compose YAML
embedded in other files (a Markdown code block) -> facts.

Public API:

* :data:`SOURCE` — the :class:`~delink.sources.Source` for ``language == "compose"``.
  ``classify`` sends it Compose-named files and every other ``.yml``/``.yaml`` file; it
  decides by shape (:mod:`.detect`) and hands YAML that is not Compose to the consumer
  scanner, so env reads there are still found;
* :func:`extract_fragment` — a Compose document embedded in another file, every span a
  host span through the caller's :class:`~delink.text.OffsetMap`.

Layout: :mod:`.nodes` (pyyaml nodes, merge keys, text extents), :mod:`.detect` (is it
Compose, which format), :mod:`.interpolate` (``${VAR}``, ``$$``, ``.env``),
:mod:`.extract` (services, links, env, commands -> facts), :mod:`.syntax` (what rules
and the fix writer :mod:`delink.fixes.compose` read).
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any

from delink.diagnostics import Span
from delink.facts import FileFacts, Problem

if TYPE_CHECKING:
    from delink.sources import Context
    from delink.text import OffsetMap, SourceText

__all__ = ["SOURCE", "ComposeSource", "extract_fragment", "mask_templates"]

LANGUAGE = "compose"
_TEMPLATE_EXT = (".j2", ".jinja", ".jinja2", ".tmpl", ".tpl", ".handlebars", ".hbs", ".erb")
_TEMPLATE_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|<%.*?%>", re.DOTALL)
_TOP_SERVICES = re.compile(r"^services[ \t]*:", re.MULTILINE)


def _compose_named(path: str) -> bool:
    from delink.sources import _COMPOSE_NAME

    return bool(_COMPOSE_NAME.match(os.path.basename(path)))


def mask_templates(text: str) -> str:
    """Template tags (``{{ x }}``, ``{% if %}``, ``<%= x %>``) replaced by text of the same
    length that YAML reads as a plain value: an unknown ``${…}`` value for expressions,
    blanks for statements and comments (line breaks kept)."""
    from delink.sources.embedded import interpolation_placeholder

    def sub(m: re.Match[str]) -> str:
        raw = m.group()
        if raw.startswith(("{{", "<%=")) and "\n" not in raw and len(raw) >= 4:
            return interpolation_placeholder(raw)
        return re.sub(r"[^\r\n]", " ", raw)

    return _TEMPLATE_TAG.sub(sub, text)


def _load(text: str) -> list[Any]:
    from delink.sources.compose.nodes import load_all

    return load_all(text)


def _problem(facts: FileFacts, path: str, at: int, message: str) -> None:
    facts.problems.append(Problem(Span(path, at, at), message))


def _consumer(facts: FileFacts, src: SourceText, ctx: Context) -> None:
    from delink.sources.consumer import profile_for, scan

    scan(facts, src, ctx, profile_for(src.path, src.text[:128]))


def _extract(src: SourceText, ctx: Context) -> FileFacts:
    import yaml

    from delink.sources.compose.extract import Reader

    facts = FileFacts(src.path, LANGUAGE)
    named = _compose_named(src.path)
    text = src.text
    masked = False
    try:
        docs = _load(text)
    except yaml.YAMLError as exc:
        templated = src.path.lower().endswith(_TEMPLATE_EXT) or _TEMPLATE_TAG.search(text)
        docs = None
        if templated:
            try:
                masked_text = mask_templates(text)
                docs = _load(masked_text)
                text = masked_text
                masked = True
            except yaml.YAMLError:
                docs = None
        if docs is None:
            mark = getattr(exc, "problem_mark", None)
            at = int(mark.index) if mark is not None else 0
            reason = getattr(exc, "problem", None) or str(exc)
            if named or _TOP_SERVICES.search(text):
                what = "this templated Compose file" if templated else "this Compose file"
                _problem(
                    facts,
                    src.path,
                    at,
                    f"could not read {what}: not valid YAML ({reason}); its links are not "
                    "checked" + (" (render the template and lint the result)" if templated else ""),
                )
            facts.language = "consumer"
            _consumer(facts, src, ctx)
            return facts
    found = False
    for root in docs or []:
        reader = Reader(
            facts, src, ctx, text, None, embedded=False, compose_named=named, masked=masked
        )
        if reader.read(root):
            found = True
    if not found:
        facts.language = "consumer"
        _consumer(facts, src, ctx)
    return facts


def extract_fragment(
    facts: FileFacts, src: SourceText, fragment: str, omap: OffsetMap, ctx: Context
) -> None:
    """Read a Compose document embedded in another file (a Markdown code block);
    ``omap`` maps the YAML text to the host. Bad YAML becomes a Problem."""
    import yaml

    from delink.sources.compose.extract import Reader

    try:
        docs = _load(fragment)
    except yaml.YAMLError as exc:
        from delink.sources.embedded import invalid_yaml

        invalid_yaml(facts, src.path, exc, omap)
        return
    for root in docs:
        Reader(facts, src, ctx, fragment, omap, embedded=True, compose_named=True).read(root)


class ComposeSource:
    language = LANGUAGE

    def extract(self, src: SourceText, ctx: Context) -> FileFacts:
        try:
            return _extract(src, ctx)
        except Exception as exc:  # never raise: a problem instead
            facts = FileFacts(src.path, LANGUAGE)
            _problem(
                facts,
                src.path,
                0,
                f"could not read this Compose file completely ({type(exc).__name__}: {exc})",
            )
            return facts

    def validate(self, before: SourceText, after: SourceText) -> str | None:
        """The fixed text must load with pyyaml (when the original did) and still be a
        Compose file (when the original was one)."""
        import yaml

        from delink.sources.compose.detect import detect

        named = _compose_named(before.path)
        try:
            old = _load(before.text)
        except yaml.YAMLError:
            return None
        try:
            new = _load(after.text)
            list(yaml.load_all(after.text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
        except yaml.YAMLError as exc:
            return f"the fixed file is no longer valid YAML: {exc}"
        was = [detect(r, named) is not None for r in old]
        now = [detect(r, named) is not None for r in new]
        if any(was) and not any(now):
            return "the fixed file is no longer a Compose file"
        return None


SOURCE = ComposeSource()
