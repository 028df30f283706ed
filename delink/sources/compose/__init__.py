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
_TOP_SERVICES = re.compile(r"^services[ \t]*:", re.MULTILINE)
# documentation elides parts of a file with a line of its own: "...", "…", "[...]"
_ELISION = re.compile(r"(?m)^([ \t]*)(\.\.\.|…|\[\.\.\.\]|\[…\])[ \t]*$")


def _compose_named(path: str) -> bool:
    from delink.sources import _COMPOSE_NAME

    return bool(_COMPOSE_NAME.match(os.path.basename(path)))


def mask_templates(text: str) -> str:
    """Template tags replaced by text of the same length (:func:`.template.mask`)."""
    from delink.sources.compose.template import mask

    return mask(text)


def _load(text: str) -> list[Any]:
    from delink.sources.compose.nodes import load_all

    return load_all(text)


def _problem(facts: FileFacts, path: str, at: int, message: str) -> None:
    facts.problems.append(Problem(Span(path, at, at), message))


def _consumer(facts: FileFacts, src: SourceText, ctx: Context) -> None:
    from delink.sources.consumer import profile_for, scan

    scan(facts, src, ctx, profile_for(src.path, src.text[:128]))


def _read(
    facts: FileFacts, src: SourceText, ctx: Context, text: str, docs: list[Any], masked: bool
) -> bool:
    from delink.sources.compose.extract import Reader

    named = _compose_named(src.path)
    found = False
    for root in docs:
        reader = Reader(
            facts, src, ctx, text, None, embedded=False, compose_named=named, masked=masked
        )
        if reader.read(root):
            found = True
    return found


def _variants(facts: FileFacts, src: SourceText, ctx: Context) -> bool:
    """A template whose branches only parse apart: read each rendering, keep the first
    one's facts and add what the others declare at other places."""
    import yaml

    from delink.sources.compose.template import branch_variants
    from delink.sources.compose.variants import merge

    found = False
    for text in branch_variants(src.text):
        try:
            docs = _load(text)
        except yaml.YAMLError:
            continue
        if not found:
            found = _read(facts, src, ctx, text, docs, True)
            continue
        extra = FileFacts(src.path, LANGUAGE)
        if _read(extra, src, ctx, text, docs, True):
            merge(facts, extra)
    return found


def _extract(src: SourceText, ctx: Context) -> FileFacts:
    import yaml

    from delink.sources.compose.template import (
        TEMPLATE_TAG,
        is_template_name,
        mask,
        needs_mask,
    )

    facts = FileFacts(src.path, LANGUAGE)
    named = _compose_named(src.path)
    text = src.text
    tags = TEMPLATE_TAG.search(text) is not None
    templated = tags and (is_template_name(src.path) or needs_mask(text))
    if templated:
        text = mask(text)
    try:
        docs = _load(text)
    except yaml.YAMLError as exc:
        docs = None
        if tags and not templated:
            templated = True
            text = mask(text)
            try:
                docs = _load(text)
            except yaml.YAMLError:
                docs = None
        if docs is None and templated and _variants(facts, src, ctx):
            return facts
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
    if not _read(facts, src, ctx, text, docs or [], templated):
        _not_compose(facts, src, ctx, text, docs or [])
    return facts


def _not_compose(
    facts: FileFacts, src: SourceText, ctx: Context, text: str, docs: list[Any]
) -> None:
    """YAML that is no Compose file: Ansible tasks that run containers, CloudFormation
    ECS task definitions, and the link env reads any YAML may hold."""
    from delink.sources.ansible import read as read_ansible
    from delink.sources.ecs import read_yaml

    facts.language = "consumer"
    if read_ansible(facts, src, ctx, text, docs):
        facts.language = "ansible"
    elif read_yaml(facts, src, text, docs):
        facts.language = "ecs"
    _consumer(facts, src, ctx)


def extract_fragment(
    facts: FileFacts, src: SourceText, fragment: str, omap: OffsetMap, ctx: Context
) -> None:
    """Read a Compose document embedded in another file (a Markdown code block);
    ``omap`` maps the YAML text to the host. Lines that only elide (``...``) are read as
    comments. Bad YAML becomes a Problem, and is read as far as :mod:`.repair` mends it."""
    import yaml

    from delink.sources.compose.extract import Reader

    fragment = _ELISION.sub(lambda m: m.group(1) + "#" + m.group(2)[1:], fragment)
    try:
        docs = _load(fragment)
    except yaml.YAMLError as exc:
        from delink.sources.compose.repair import repair
        from delink.sources.embedded import invalid_yaml
        from delink.text import OffsetMap

        invalid_yaml(facts, src.path, exc, omap)
        # documentation shows a valid file with a picture that is not: read its links
        mended = repair(fragment, _load)
        if mended is None:
            return
        fragment, index = mended
        omap = omap.compose(OffsetMap(tuple(index)))
        docs = _load(fragment)
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
            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
            list(yaml.load_all(after.text.lstrip("\ufeff"), Loader=loader))
        except yaml.YAMLError as exc:
            return f"the fixed file is no longer valid YAML: {exc}"
        was = [detect(r, named) is not None for r in old]
        now = [detect(r, named) is not None for r in new]
        if any(was) and not any(now):
            return "the fixed file is no longer a Compose file"
        return None


SOURCE = ComposeSource()
