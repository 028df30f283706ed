"""Templated Compose files: mask the template so that YAML reads what every rendering has.

Compose files are often templates: Go templates in Rancher catalogs
(``docker-compose.yml.tpl``: ``{{- if .Values.X }}`` … ``{{- else }}`` … ``{{- end }}``),
Jinja2 rendered by Ansible (``{% for s in services %}- {{ s }}{% endfor %}``), Handlebars
(``{{#if}}``), ERB (``<% if %>``). :func:`mask` replaces every tag by text of exactly the
same length, so that every offset of the masked text is an offset of the file:

* statements (``{{ if }}``, ``{{ else }}``, ``{{ end }}``, ``{{ range }}``, ``{{ $x := … }}``,
  ``{{/* … */}}``, ``{{#if}}``, ``{% … %}``, ``{# … #}``, ``<% … %>``) become blanks, so the
  lines of **every branch** stay in the text (a key written in two branches is then written
  twice, which the Compose reader accepts for masked files);
* an expression alone on its line (``{{ toYaml .Values.env | indent 6 }}``) renders a block
  delink cannot know: blanks too;
* any other expression becomes a ``${…}`` value of the same length (an unknown Compose
  variable), so a link item ``- {{ s }}`` is still an item.

When the masked text is still not YAML (two branches that only make sense apart),
:func:`branch_variants` gives one text per branch index: branch ``k`` of every
conditional is kept, the others blanked, so the caller can read each rendering alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = [
    "TEMPLATE_EXT",
    "TEMPLATE_TAG",
    "branch_at",
    "branch_variants",
    "is_template_name",
    "mask",
    "needs_mask",
]

TEMPLATE_EXT = (
    ".j2",
    ".jinja",
    ".jinja2",
    ".tmpl",
    ".tpl",
    ".handlebars",
    ".hbs",
    ".mustache",
    ".erb",
)
TEMPLATE_TAG = re.compile(r"\{\{.*?\}\}\}?|\{%.*?%\}|\{#.*?#\}|<%.*?%>", re.DOTALL)
# a tag in a plain (unquoted) YAML position: at a line start, after "- " or after "key: "
_UNQUOTED_TAG = re.compile(r"(?m)(?:^|[:-])[ \t]*(?:\{\{|\{%|<%)")
# Go template actions and Handlebars blocks that print nothing (or a whole block)
_GO_STATEMENT = re.compile(
    r"\{\{-?\s*(?:(?:if|else|end|range|with|define|template|block|break|continue|include)\b"
    r"|/\*|\$\w*\s*:?=|[#/^!>~&])"
)
_ERB_OUTPUT = re.compile(r"<%-?={1,2}")

# -- control structure, for the variants ------------------------------------------------

_OPEN = re.compile(
    r"^(?:\{\{-?~?\s*(?:#\s*)?(?P<go>if|range|with|each|unless)\b"
    r"|\{%-?\s*(?P<jinja>if|for)\b"
    r"|<%-?\s*(?P<erb>if|unless)\b)"
)
_ELSE = re.compile(
    r"^(?:\{\{-?~?\s*(?:else\b|\^)"
    r"|\{%-?\s*(?:elif|else)\b"
    r"|<%-?\s*(?:elsif|else)\b)"
)
_CLOSE = re.compile(
    r"^(?:\{\{-?~?\s*(?:end\b|/\s*(?:if|each|with|unless)\b)"
    r"|\{%-?\s*(?:endif|endfor)\b"
    r"|<%-?\s*end\b)"
)
# blocks that close with the same tag as a conditional but are none
_BLOCK_OPEN = re.compile(
    r"^(?:\{\{-?\s*(?:define|block)\b|<%[^=].*\bdo\b\s*(?:\|[^|]*\|)?\s*-?%>$)"
)
_TAG_BODY = re.compile(
    r"^(?:\{\{|\{%|<%)[-~]?\s*(?:#\s*)?\w+\s*(?P<cond>.*?)\s*[-~]?(?:\}\}|%\}|%>)$", re.DOTALL
)
_NOT = re.compile(r"^(?:not\b|!)\s*")


def _condition(raw: str, word: str) -> tuple[str, bool]:
    """(the condition without a leading ``not`` and outer parentheses, negated?)."""
    m = _TAG_BODY.match(raw)
    cond = m.group("cond") if m else raw
    negated = word == "unless"
    n = _NOT.match(cond)
    if n:
        negated = not negated
        cond = cond[n.end() :]
    while cond.startswith("(") and cond.endswith(")"):
        cond = cond[1:-1].strip()
    return " ".join(cond.split()), negated


@dataclass
class _Conditional:
    key: str | None  # the normalized condition of an ``if``; None for a loop
    negated: bool
    marks: list[int] = field(default_factory=list)

    @property
    def branches(self) -> list[tuple[int, int]]:
        m = self.marks
        return [(m[i], m[i + 1]) for i in range(0, len(m) - 1, 2)]


MAX_VARIANTS = 4


def is_template_name(path: str) -> bool:
    return path.lower().endswith(TEMPLATE_EXT)


def needs_mask(text: str) -> bool:
    """Whether a file that is not named as a template still writes template tags where
    YAML would read them as syntax (a plain scalar position), not inside quotes."""
    return bool(_UNQUOTED_TAG.search(text))


def _statement(raw: str) -> bool:
    if raw.startswith(("{%", "{#")):
        return True
    if raw.startswith("<%"):
        return not _ERB_OUTPUT.match(raw)
    return bool(_GO_STATEMENT.match(raw))


def _alone(text: str, start: int, end: int) -> bool:
    """Nothing but blanks around the tag on its line."""
    ls = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    m = re.compile(r"[\r\n]").search(text, end)
    le = m.start() if m else len(text)
    return not text[ls:start].strip() and not text[end:le].strip()


def _blank(raw: str) -> str:
    return re.sub(r"[^\r\n]", " ", raw)


def mask(text: str) -> str:
    """Every template tag replaced by text of the same length (module docstring)."""
    from delink.sources.embedded import interpolation_placeholder

    def sub(m: re.Match[str]) -> str:
        raw = m.group()
        if (
            _statement(raw)
            or "\n" in raw
            or "\r" in raw
            or len(raw) < 4
            or _alone(text, m.start(), m.end())
        ):
            return _blank(raw)
        return interpolation_placeholder(raw)

    return TEMPLATE_TAG.sub(sub, text)


def _structure(text: str) -> list[_Conditional]:
    """The conditionals and loops of a template, each with the ranges of its branches
    (from the end of one tag to the start of the next), in the order they close."""
    out: list[_Conditional] = []
    stack: list[_Conditional | None] = []  # None: a block that is no conditional
    for m in TEMPLATE_TAG.finditer(text):
        raw = m.group()
        if _CLOSE.match(raw):
            if not stack:
                continue
            cond = stack.pop()
            if cond is not None:
                cond.marks.append(m.start())
                out.append(cond)
        elif _ELSE.match(raw):
            if stack and stack[-1] is not None:
                stack[-1].marks.extend([m.start(), m.end()])
        elif (o := _OPEN.match(raw)) is not None:
            word = o.group("go") or o.group("jinja") or o.group("erb") or ""
            if word in ("if", "unless"):
                key, negated = _condition(raw, word)
                stack.append(_Conditional(key, negated, [m.end()]))
            else:
                stack.append(_Conditional(None, False, [m.end()]))
        elif _BLOCK_OPEN.match(raw):
            stack.append(None)
    return out


def branch_variants(text: str) -> list[str]:
    """Masked texts, one per branch index (at most :data:`MAX_VARIANTS`): variant ``k``
    keeps branch ``k`` of every conditional that has one, else its last branch."""
    conds = [c.branches for c in _structure(text) if len(c.branches) > 1]
    if not conds:
        return []
    count = min(MAX_VARIANTS, max(len(c) for c in conds))
    masked = mask(text)
    out = []
    for k in range(count):
        chars = list(masked)
        for branches in conds:
            keep = min(k, len(branches) - 1)
            for i, (a, b) in enumerate(branches):
                if i != keep:
                    chars[a:b] = _blank(masked[a:b])
        out.append("".join(chars))
    return out


def branch_at(text: str) -> Callable[[int], tuple[tuple[int, int], ...]]:
    """For an offset of the template, the (condition, branch) pairs it is written in.

    Conditionals on the same condition are one: ``{{ if A }}`` blocks are its branch 0,
    ``{{ else }}`` of ``if A`` and ``{{ if not A }}`` blocks its branch 1 (an ``elif`` is
    branch 2 and so on); loops count as conditionals of their own (branch 1 is a loop's
    ``else``)."""
    keys: dict[str, int] = {}
    spans: list[tuple[int, int, int, int]] = []  # (start, end, condition id, branch)
    for n, cond in enumerate(_structure(text)):
        ident = keys.setdefault(cond.key, len(keys)) if cond.key is not None else -1 - n
        for k, (a, b) in enumerate(cond.branches):
            branch = (1 - k if k < 2 else k) if cond.negated else k
            spans.append((a, b, ident, branch))

    def at(pos: int) -> tuple[tuple[int, int], ...]:
        return tuple((c, k) for a, b, c, k in spans if a <= pos < b)

    return at
