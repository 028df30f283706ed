"""Text edits on a Compose document in its own style.

A :class:`ServiceChange` says what happens to one service (links to delete, the
``network_mode`` to drop, ``depends_on`` entries, ``environment`` entries, network
aliases, networks to join); :func:`service_edits` turns it into edits of the original
text that keep comments, quoting, key order, flow vs block style and the file's indent:
a block list gets items with the same ``-`` prefix as its last item, a map entries at its
keys' column, a flow collection ``, item`` before its closing bracket, and new keys go
at the end of the service at its keys' column. Lines that are not edited stay
byte-identical.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

from delink.diagnostics import Edit
from delink.sources.compose.nodes import (
    column,
    content_end,
    dash_before,
    is_map,
    is_null,
    is_scalar,
    is_seq,
    item_range,
    line_end,
    line_start,
    next_line,
    pair_range,
    pairs,
    scalar_text,
    value_end,
)
from delink.sources.compose.syntax import DocSyntax, ServiceSyntax

__all__ = ["EditError", "ServiceChange", "scalar", "service_edits"]


class EditError(Exception):
    """The document is written in a way the writer does not edit (a reason)."""


@dataclass
class ServiceChange:
    svc: ServiceSyntax
    remove_items: list[tuple[str, Any]] = field(default_factory=list)  # (key, item node)
    remove_keys: list[str] = field(default_factory=list)  # whole keys to delete
    depends: list[str] = field(default_factory=list)  # services to add to depends_on
    env: list[tuple[str, str]] = field(default_factory=list)  # (name, YAML-ready value)
    aliases: dict[str, list[str]] = field(default_factory=dict)  # network -> new aliases
    join: list[str] = field(default_factory=list)  # networks to join (keeping default)
    renames: list[tuple[Any, str]] = field(default_factory=list)  # (key node, new key)
    replace_values: list[tuple[Any, str]] = field(default_factory=list)  # (node, new text)

    @property
    def empty(self) -> bool:
        return not (
            self.remove_items
            or self.remove_keys
            or self.depends
            or self.env
            or self.aliases
            or self.join
            or self.renames
            or self.replace_values
        )


_PLAIN_SAFE = re.compile(r"^[A-Za-z0-9_./${}-][^#]*$")


@lru_cache(maxsize=4096)
def scalar(value: str) -> str:
    """``value`` as a YAML scalar: plain when it reads back as the same string, else
    double-quoted."""
    if value and _PLAIN_SAFE.match(value) and ": " not in value and not value.endswith(":"):
        try:
            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
            if yaml.load(value, Loader=loader) == value and "\n" not in value:
                return value
        except yaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=False)


def _key_column(doc: DocSyntax, svc: ServiceSyntax) -> int:
    if is_map(svc.node) and svc.node.value and not svc.node.flow_style:
        return column(doc.text, svc.node.value[0][0].start_mark.index)
    return column(doc.text, svc.key.start_mark.index) + doc.indent


class _Out:
    """Edits of one change, checked not to overlap."""

    def __init__(self, doc: DocSyntax) -> None:
        self.doc = doc
        self.edits: list[tuple[int, int, str]] = []

    def add(self, start: int, end: int, content: str) -> None:
        for s, e, _ in self.edits:
            if start < e and s < end:
                raise EditError("overlapping edits")
        self.edits.append((start, end, content))


def service_edits(change: ServiceChange) -> list[tuple[int, int, str]]:
    """Edits ``(start, end, content)`` in ``DocSyntax.text`` offsets."""
    svc = change.svc
    doc = svc.doc
    text = doc.text
    nl = doc.newline
    if not is_map(svc.node) or svc.node.flow_style:
        raise EditError(f"the service `{svc.name}` is not a block mapping")
    out = _Out(doc)
    kc = _key_column(doc, svc)
    u = doc.indent
    off = doc.seq_offset
    tail: list[str] = []  # new keys at the end of the service
    replaced_at: dict[str, tuple[int, int]] = {}

    for node, new in change.replace_values:
        out.add(node.start_mark.index, node.end_mark.index, new)
    for key, new in change.renames:
        out.add(key.start_mark.index, key.end_mark.index, new)

    # removals
    removed_keys = set(change.remove_keys)
    by_key: dict[str, list[Any]] = {}
    for key, item in change.remove_items:
        by_key.setdefault(key, []).append(item)
    for key, items in by_key.items():
        p = svc.pairs.get(key)
        if p is None or p.merged:
            raise EditError(
                f"`{key}` of `{svc.name}` is written elsewhere (an anchor or a merge key)"
            )
        remaining = [x for x in _items(p.value) if all(x is not i for i in items)]
        if not remaining:
            removed_keys.add(key)
            continue
        if p.value.flow_style:
            inner = ", ".join(text[x.start_mark.index : x.end_mark.index] for x in remaining)
            out.add(p.value.start_mark.index, p.value.end_mark.index, "[" + inner + "]")
            continue
        for item in items:
            r = item_range(text, item)
            if r is None:
                raise EditError(f"an item of `{key}` shares its line")
            out.add(r[0], r[1], "")
    for key in sorted(
        removed_keys, key=lambda k: svc.pairs[k].key.start_mark.index if k in svc.pairs else 0
    ):
        p = svc.pairs.get(key)
        if p is None:
            continue
        if p.merged:
            raise EditError(
                f"`{key}` of `{svc.name}` is written elsewhere (an anchor or a merge key)"
            )
        r = pair_range(text, p.key, p.value)
        if r is None:
            raise EditError(f"`{key}` shares its line")
        replaced_at[key] = r

    # depends_on
    form = doc.depends_on_form()
    if change.depends:
        p = svc.pairs.get("depends_on")
        if p is not None and not p.merged and not is_null(p.value):
            _append(
                out,
                doc,
                p.value,
                [_dep_entry(n, form, p.value) for n in change.depends],
                kc,
                u,
                off,
            )
        else:
            flow = any(
                svc.pairs[k].value.flow_style
                for k in replaced_at
                if k in ("links",) and is_seq(svc.pairs[k].value)
            )
            tail_block = _new_depends(change.depends, form, kc, u, off, nl, flow)
            if "links" in replaced_at:
                start, end = replaced_at.pop("links")
                out.add(start, end, tail_block)
            else:
                tail.append(tail_block)

    # environment
    if change.env:
        p = svc.pairs.get("environment")
        if p is not None and not p.merged and (is_seq(p.value) or is_map(p.value)):
            if is_seq(p.value):
                entries = [scalar(f"{k}={v}") for k, v in change.env]
            else:
                entries = [(k, v) for k, v in change.env]  # type: ignore[misc]
            _append(out, doc, p.value, entries, kc, u, off)
        else:
            style = _env_style(doc)
            lines = [" " * kc + "environment:" + nl]
            for k, v in change.env:
                if style == "list":
                    lines.append(" " * (kc + off) + "- " + scalar(f"{k}={v}") + nl)
                else:
                    lines.append(" " * (kc + u) + f"{k}: {scalar(v)}" + nl)
            tail.append("".join(lines))

    # networks: aliases and joins
    if change.aliases or change.join:
        _networks(out, doc, svc, change, kc, u, off, tail)

    for start, end in replaced_at.values():
        out.add(start, end, "")
    if tail:
        end = next_line(text, content_end(text, svc.node))
        if end == len(text) and not text.endswith(("\n", "\r")):
            tail.insert(0, nl)
        out.add(end, end, "".join(tail))
    return merge_insertions(out.edits)


def merge_insertions(edits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Insertions at one offset become one edit, in the order they were made (an entry
    appended to the last collection of a service comes before new keys after it)."""
    out: list[tuple[int, int, str]] = []
    at: dict[int, int] = {}
    for s, e, c in edits:
        if s == e and s in at:
            i = at[s]
            out[i] = (s, e, out[i][2] + c)
            continue
        if s == e:
            at[s] = len(out)
        out.append((s, e, c))
    return out


def _items(node: Any) -> list[Any]:
    if is_seq(node):
        return list(node.value)
    if is_map(node):
        return [k for k, _ in node.value]
    return []


def _env_style(doc: DocSyntax) -> str:
    styles = [s.env_style for s in doc.services.values() if s.env_style]
    if styles and styles.count("list") > styles.count("map"):
        return "list"
    return "map"


def _dep_entry(name: str, form: str, existing: Any) -> Any:
    if is_seq(existing):
        return name
    if form == "map-restart":
        return (name, {"condition": "service_started", "restart": "true"})
    return (name, {"condition": "service_started"})


def _new_depends(
    names: list[str], form: str, kc: int, u: int, off: int, nl: str, flow: bool
) -> str:
    pad = " " * kc
    if form == "list":
        if flow:
            return pad + "depends_on: [" + ", ".join(scalar(n) for n in names) + "]" + nl
        return (
            pad
            + "depends_on:"
            + nl
            + "".join(" " * (kc + off) + "- " + scalar(n) + nl for n in names)
        )
    cond = "condition: service_started" + (", restart: true" if form == "map-restart" else "")
    if flow:
        body = ", ".join(f"{scalar(n)}: {{{cond}}}" for n in names)
        return pad + "depends_on: {" + body + "}" + nl
    lines = [pad + "depends_on:" + nl]
    for n in names:
        lines.append(" " * (kc + u) + scalar(n) + ":" + nl)
        lines.append(" " * (kc + 2 * u) + "condition: service_started" + nl)
        if form == "map-restart":
            lines.append(" " * (kc + 2 * u) + "restart: true" + nl)
    return "".join(lines)


def _render_map_value(value: dict[str, str], col: int, u: int, nl: str) -> str:
    return "".join(f"{nl}{' ' * col}{k}: {v}" for k, v in value.items())


def _append(
    out: _Out, doc: DocSyntax, node: Any, entries: list[Any], kc: int, u: int, off: int
) -> None:
    """Append entries to an existing collection in its own style. An entry is a string
    (a list item, already a YAML scalar), a ``(key, value)`` pair (value a string or a
    dict of plain values)."""
    text = doc.text
    nl = doc.newline
    if is_null(node):
        raise EditError("empty collection")
    if not (is_seq(node) or is_map(node)):
        raise EditError("it is a single value, not a list or a mapping")
    if node.flow_style:
        close = node.end_mark.index - 1
        parts = []
        for e in entries:
            if isinstance(e, str):
                parts.append(e)
            else:
                k, v = e
                if isinstance(v, dict):
                    v = "{" + ", ".join(f"{a}: {b}" for a, b in v.items()) + "}"
                else:
                    v = _val(v)
                parts.append(f"{scalar(k)}: {v}")
        sep = ", " if node.value else ""
        out.add(close, close, sep + ", ".join(parts))
        return
    if not node.value:
        raise EditError("empty block collection")
    end = next_line(text, content_end(text, node))
    prefix_nl = nl if end == len(text) and not text.endswith(("\n", "\r")) else ""
    lines: list[str] = []
    if is_seq(node):
        last = node.value[-1]
        dash = dash_before(text, last)
        if dash is None:
            raise EditError("a list item without its own line")
        prefix = text[line_start(text, dash) : last.start_mark.index]
        if "\n" in prefix or "\r" in prefix:
            prefix = text[line_start(text, dash) : dash + 1] + " "
        for e in entries:
            lines.append(prefix + (e if isinstance(e, str) else f"{e[0]}: {e[1]}") + nl)
    else:
        col = column(text, node.value[0][0].start_mark.index)
        child = _child_indent(text, node, col, doc.indent)
        for e in entries:
            k, v = e
            if isinstance(v, dict):
                lines.append(
                    " " * col + scalar(k) + ":" + _render_map_value(v, child, doc.indent, nl) + nl
                )
            else:
                lines.append(" " * col + f"{scalar(k)}: {_val(v)}" + nl)
    out.add(end, end, prefix_nl + "".join(lines))


def _child_indent(text: str, node: Any, col: int, u: int) -> int:
    for _k, v in node.value:
        if is_map(v) and v.value and not v.flow_style:
            return column(text, v.value[0][0].start_mark.index)
    return col + u


def _networks(
    out: _Out,
    doc: DocSyntax,
    svc: ServiceSyntax,
    change: ServiceChange,
    kc: int,
    u: int,
    off: int,
    tail: list[str],
) -> None:
    text = doc.text
    nl = doc.newline
    p = svc.pairs.get("networks")
    if p is not None and p.merged:
        raise EditError(f"the networks of `{svc.name}` are written elsewhere")
    if p is not None:
        names = list(svc.networks)
    elif svc.network_mode is None or "network_mode" in change.remove_keys or change.join:
        names = ["default"]
    else:
        raise EditError(f"`{svc.name}` has `network_mode: {svc.network_mode}`")
    for j in [*change.join, *change.aliases]:
        if j not in names:
            names.append(j)

    def render_block(col: int) -> str:
        lines = []
        for n in names:
            al = change.aliases.get(n, [])
            if al:
                lines.append(" " * col + scalar(n) + ":" + nl)
                lines.append(" " * (col + u) + "aliases:" + nl)
                lines += [" " * (col + u + off) + "- " + scalar(a) + nl for a in al]
            else:
                lines.append(" " * col + scalar(n) + ": {}" + nl)
        return "".join(lines)

    if p is None:
        tail.append(" " * kc + "networks:" + nl + render_block(kc + u))
        return
    node = p.value
    if is_seq(node):
        if node.flow_style:
            raw = {
                x.value: text[x.start_mark.index : x.end_mark.index]
                for x in node.value
                if is_scalar(x)
            }
            parts = []
            for n in names:
                key = raw.get(n, scalar(n))
                al = change.aliases.get(n, [])
                parts.append(
                    f"{key}: {{aliases: [{', '.join(scalar(a) for a in al)}]}}"
                    if al
                    else f"{key}: {{}}"
                )
            out.add(node.start_mark.index, node.end_mark.index, "{" + ", ".join(parts) + "}")
            return
        r = pair_range(text, p.key, node)
        if r is None:
            raise EditError("`networks` shares its line")
        out.add(r[0], r[1], " " * kc + "networks:" + nl + render_block(kc + u))
        return
    if not is_map(node):
        raise EditError("`networks` is neither a list nor a map")
    entries = {q.name: q for q in pairs(node)}
    new_entries: list[Any] = []
    for n in names:
        al = change.aliases.get(n, [])
        q = entries.get(n)
        if q is None:
            if al:
                new_entries.append((n, {"aliases": "[" + ", ".join(scalar(a) for a in al) + "]"}))
            else:
                new_entries.append((n, {}))
            continue
        if not al:
            continue
        v = q.value
        if is_null(v) or (is_map(v) and not v.value):
            if node.flow_style or (is_map(v) and v.flow_style):
                out.add(
                    q.value.start_mark.index if not is_null(v) else value_end(text, q.key, v),
                    q.value.end_mark.index if not is_null(v) else value_end(text, q.key, v),
                    ("" if not is_null(v) else " ")
                    + "{aliases: ["
                    + ", ".join(scalar(a) for a in al)
                    + "]}",
                )
            else:
                at = value_end(text, q.key, v)
                if is_map(v):
                    out.add(v.start_mark.index, v.end_mark.index, "")
                    at = v.start_mark.index
                col = column(text, q.key.start_mark.index)
                block = (
                    nl
                    + " " * (col + u)
                    + "aliases:"
                    + nl
                    + "".join(" " * (col + u + off) + "- " + scalar(a) + nl for a in al)
                )
                out.add(at, at, block.rstrip("\r\n"))
            continue
        if is_map(v):
            aq = {x.name: x for x in pairs(v)}.get("aliases")
            if aq is not None and is_seq(aq.value) and aq.value.value:
                _append(out, doc, aq.value, [scalar(a) for a in al], kc, u, off)
            else:
                _append(out, doc, v, [("aliases", _AliasList(al))], kc, u, off)
            continue
        raise EditError(f"the network entry `{n}` of `{svc.name}` is not a map")
    if new_entries:
        if node.flow_style:
            _append(out, doc, node, [(k, v if v else {}) for k, v in new_entries], kc, u, off)
        else:
            col = column(text, node.value[0][0].start_mark.index) if node.value else kc + u
            lines = []
            for k, v in new_entries:
                if v:
                    lines.append(
                        " " * col
                        + scalar(k)
                        + ":"
                        + nl
                        + " " * (col + u)
                        + "aliases: "
                        + v["aliases"]
                        + nl
                    )
                else:
                    lines.append(" " * col + scalar(k) + ": {}" + nl)
            end = next_line(text, content_end(text, node))
            out.add(end, end, "".join(lines))


class Raw(str):
    """Text written as is (already YAML)."""


def _AliasList(aliases: list[str]) -> Raw:
    return Raw("[" + ", ".join(scalar(a) for a in aliases) + "]")


def _val(v: str) -> str:
    return v if isinstance(v, Raw) else scalar(v)


def apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    out = text
    for start, end, content in sorted(
        merge_insertions(edits), key=lambda e: (e[0], e[1]), reverse=True
    ):
        out = out[:start] + content + out[end:]
    return out


def to_edits(path: str, host: Any, edits: list[tuple[int, int, str]]) -> list[Edit]:
    return [Edit(path, host(s), host(e) if e > s else host(s), c) for s, e, c in edits]


def top_level_append(
    doc: DocSyntax, key: str, entries: list[tuple[str, dict[str, str]]]
) -> tuple[int, int, str]:
    """Declare entries under a top-level key (``networks:`` / ``volumes:``), creating the
    key at the end of the file when it is missing."""
    text = doc.text
    nl = doc.newline
    u = doc.indent
    p = doc.top.get(key)

    def body(col: int) -> str:
        out = []
        for name, attrs in entries:
            if attrs:
                out.append(" " * col + scalar(name) + ":" + nl)
                out += [" " * (col + u) + f"{a}: {b}" + nl for a, b in attrs.items()]
            else:
                out.append(" " * col + scalar(name) + ": {}" + nl)
        return "".join(out)

    if p is None or is_null(p.value):
        if p is not None:
            r = pair_range(text, p.key, p.value)
            if r is None:
                raise EditError(f"top-level `{key}` shares its line")
            return r[0], r[1], key + ":" + nl + body(u)
        prefix = "" if text.endswith(("\n", "\r")) or not text else nl
        return len(text), len(text), prefix + key + ":" + nl + body(u)
    node = p.value
    if not is_map(node):
        raise EditError(f"top-level `{key}` is not a map")
    if node.flow_style:
        close = node.end_mark.index - 1
        parts = []
        for name, attrs in entries:
            parts.append(
                f"{scalar(name)}: {{" + ", ".join(f"{a}: {b}" for a, b in attrs.items()) + "}"
            )
        return close, close, (", " if node.value else "") + ", ".join(parts)
    col = column(text, node.value[0][0].start_mark.index) if node.value else u
    end = next_line(text, content_end(text, node))
    prefix = nl if end == len(text) and not text.endswith(("\n", "\r")) else ""
    return end, end, prefix + body(col)


def key_text(node: Any) -> str:
    return scalar_text(node) or ""


def line_of(text: str, pos: int) -> tuple[int, int]:
    return line_start(text, pos), line_end(text, pos)
