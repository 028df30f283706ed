"""The text-only paths: deciding what a Python file needs, and reading without ``ast``.

Most Python files that pass the pipeline's byte prefilter hold nothing for delink
(``links=None`` in a signature, ``"links"`` in a JSON payload, ``DB_PORT`` settings).
:func:`route` looks at the text with a few regular expressions and answers:

* ``None``: nothing to read;
* ``"quick"``: the only candidates are the ambiguous shapes ``X_PORT`` / ``X_NAME`` in
  env accessors — :func:`quick_reads` finds them with one regex, no parse;
* ``"full"``: docker SDK calls, shell in strings, unambiguous link var names, names
  built by formatting, or ``links`` beside host-config keys (``binds``,
  ``port_bindings``…) may be there — the file is parsed with ``ast``.

:func:`quick_reads` (with ``ambiguous_only=False``) and :func:`fallback_links` are also
what is left when a file does not parse as Python 3 (a Python 2 script): reads and
``links=`` arguments found by text, reported next to the parse problem.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from delink.diagnostics import Span
from delink.facts import TEXT_SCAN_LINKS, EnvRead, FileFacts, Link, Value
from delink.model import UNAMBIGUOUS_LINK_VAR_RE, LinkKind, parse_link_var

if TYPE_CHECKING:
    from delink.sources import Context
    from delink.text import SourceText

__all__ = ["fallback_links", "quick_reads", "route"]

# a docker SDK links keyword / link removal / a 'links' key for **params (a dict
# entry, ``kwargs['links'] = …``, ``setdefault('links', …)``)
_SDK_TEXT = re.compile(r"links\s*=(?!=)|link\s*=\s*True\b|['\"]links['\"]")
_DOCKER_WORDS = (
    "docker",
    "Docker",
    "DOCKER",
    "create_host_config",
    "create_endpoint_config",
    "connect_container_to_network",
    "remove_container",
    "create_container",
    "containers.",
)
# containers and images that links may point at (targets, consumers' build contexts)
# (and calls that can take links as a positional argument)
_HOST_CONFIG_WORDS = ("binds", "port_bindings", "lxc_conf", "publish_all_ports", "restart_policy")
_RUN_TEXT = re.compile(
    r"containers\.(?:run|create)\s*\(|create_container\s*\(|images\.build\s*\("
    r"|(?:\.start|\.connect|create_host_config|HostConfig|create_endpoint_config"
    r"|EndpointConfig|connect_container_to_network)\s*\("
)
_SHELL_TEXT = re.compile(r"(?<![\w-])--?link\b")
# X_PORT / X_NAME; a name built around a formatting hole has }, s (of %s) or a quote
# right before the marker: {x}_NAME, %s_PORT, x + '_NAME'
_MARKER = re.compile(r"_(?:PORT|NAME)\b")
_BUILT_BEFORE = frozenset("}s'\"")
_SHELL_READ_TEXT = re.compile(r"\$\{?[A-Z][A-Z0-9_]*_(?:PORT|ENV)_")
# the link shape with a computed or matched port (a format hole, a regex, a glob, the end
# of a literal), or an ``_ENV_`` name matched by a pattern
_SHAPE_TEXT = re.compile(
    r"_PORT_(?:\{[^}\n]*\}|%[sdr(]|\\d|\(|\[0-9|\.[*+]|\*|['\"])"
    r"|(?:\\w[+*]|\][+*]|\.[*+]|\*|\))_ENV_"
)

# the text right before the quoted name of an env accessor call or subscript
_ACCESSOR_BEFORE = re.compile(
    r"(?:\b(?:os\.)?environ\s*\[|[\w.]*[Ee][Nn][Vv][\w.]*\s*\()\s*[rRuU]?\Z"
)
_NAME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_NAME_END = re.compile(r"_(?:PORT(?:_[0-9]+_(?:TCP|UDP|SCTP)\w*)?|NAME|ENV_\w+)['\"]")
_LINKS_KW = re.compile(r"\blinks\s*=(?!=)\s*")


def route(text: str) -> str | None:
    """``"full"``, ``"quick"`` or None (see the module docstring). Substring tests
    first: most files fail them all."""
    if "-link" in text and _SHELL_TEXT.search(text):
        return "full"
    if ("_PORT_" in text or "_ENV_" in text) and (
        UNAMBIGUOUS_LINK_VAR_RE.search(text) or _SHAPE_TEXT.search(text)
    ):
        return "full"
    if "$" in text and _SHELL_READ_TEXT.search(text):
        return "full"
    ambiguous = False
    if "_PORT" in text or "_NAME" in text:
        for m in _MARKER.finditer(text):
            before = text[m.start() - 1 : m.start()]
            if before in _BUILT_BEFORE and before:
                return "full"
            if before.isupper() or before.isdigit():
                ambiguous = True
    if any(w in text for w in _DOCKER_WORDS) and (
        ("link" in text and _SDK_TEXT.search(text)) or _RUN_TEXT.search(text)
    ):
        return "full"
    # host-config keyword arguments built for a client call in another module
    if "links" in text and any(w in text for w in _HOST_CONFIG_WORDS) and _SDK_TEXT.search(text):
        return "full"
    return "quick" if ambiguous else None


def _in_comment_or_docstring(text: str, at: int) -> bool:
    line_start = text.rfind("\n", 0, at) + 1
    quote = ""
    for ch in text[line_start:at]:
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "#":
            return True
    head = text[:at]
    return (head.count('"""') % 2 == 1) or (head.count("'''") % 2 == 1)


def quick_reads(
    facts: FileFacts, src: SourceText, ctx: Context, *, ambiguous_only: bool = True
) -> None:
    """Env accessor reads found by text (``os.environ['X']``, ``getenv('X')``,
    ``env('X')``); only ambiguous names unless ``ambiguous_only`` is False. One regex
    finds the rare link-shaped names followed by a quote; only the few characters before
    each are looked at."""
    text = src.text
    for m in _NAME_END.finditer(text):
        end = m.end() - 1
        quote = text[end]
        start = m.start()
        if start == 0 or text[start - 1] not in _NAME_CHARS or text[start - 1] == "_":
            continue
        while start > 0 and text[start - 1] in _NAME_CHARS:
            start -= 1
        if start == 0 or text[start - 1] != quote:
            continue
        name = text[start:end]
        var = parse_link_var(name)
        if var is None:
            continue
        if var.ambiguous:
            if var.prefix not in ctx.known_prefixes:
                continue
        elif ambiguous_only:
            continue
        window = text[max(0, start - 81) : start - 1]
        if not _ACCESSOR_BEFORE.search(window):
            continue
        if _in_comment_or_docstring(text, start):
            continue
        facts.reads.append(EnvRead(name, Span(src.path, start, end), "python"))


def fallback_links(facts: FileFacts, src: SourceText) -> None:
    """``links=`` arguments of a file that does not parse, when it mentions docker:
    one link each, its kind unknown (the call could not be read)."""
    text = src.text
    if not any(w in text for w in _DOCKER_WORDS):
        return
    for m in _LINKS_KW.finditer(text):
        if _in_comment_or_docstring(text, m.start()):
            continue
        end = _expression_end(text, m.end())
        if end <= m.end():
            continue
        raw = text[m.end() : end]
        if raw.strip() in ("None", "{}", "[]", "()"):
            continue
        span = Span(src.path, m.start(), end)
        value = Value(raw, Span(src.path, m.end(), end), None, raw)
        facts.links.append(Link(span, value, None, None, LinkKind.UNKNOWN, None, TEXT_SCAN_LINKS))


def _expression_end(text: str, i: int) -> int:
    """End of a (bracket-balanced) argument value starting at ``i``."""
    depth = 0
    quote = ""
    j = i
    while j < len(text):
        ch = text[j]
        if quote:
            if ch == "\\":
                j += 2
                continue
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            if depth == 0:
                break
            depth -= 1
        elif ch in ",\n" and depth == 0:
            break
        j += 1
    while j > i and text[j - 1] in " \t\r\n":
        j -= 1
    return j
