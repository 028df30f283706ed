"""``--link`` values: target and alias with exact spans, the link's kind, where it is
written (in the command, or in an assignment whose value reaches the command), and what
the fix writer deletes to drop it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from delink.diagnostics import Span
from delink.facts import Container, Link, Value
from delink.model import LinkKind, LinkSpecError, parse_link
from delink.sources.shell.dockercli import Opt
from delink.sources.shell.flow import Flow
from delink.sources.shell.syntax import LinkSyntax
from delink.sources.shell.words import LIT, PARAM, Word

if TYPE_CHECKING:
    from delink.sources.shell.command import Command
    from delink.sources.shell.extract import Extractor


def read_link(
    ex: Extractor,
    cmd: Command,
    o: Opt,
    consumer: Container | None,
    kind: LinkKind,
    origin: str,
    flow: Flow,
) -> Link | None:
    v = o.value
    if v is None:
        return None
    flag = o.flag
    if o.attached or flag.src == v.src:
        span = ex.span(flag.start, max(flag.end, v.end))
    else:
        a = cmd.orig[cmd.origin[o.index]].start
        vi = min(o.index + 1, len(cmd.words) - 1)
        b = cmd.orig[cmd.origin[vi]].end
        span = ex.span(a, max(a, b))
    error: str | None = None
    t_word: Word | None
    a_word: Word | None
    lit = v.literal
    if lit is not None:
        try:
            spec = parse_link(lit)
        except LinkSpecError as exc:
            t_word = a_word = None
            error = str(exc)
        else:
            t_word, a_word = _spec_words(v, spec.name, spec.alias)
    else:
        colon = v.find_lit(":")
        if colon >= 0:
            t_word, a_word = v.part(0, colon), v.part(colon + 1)
        else:
            t_word = a_word = v.part(0)
    via: Span | None = None
    if flag.via is not None and flag.src != 0:
        via = ex.span(flag.via.start, flag.via.end)
    target_container = None
    if t_word is not None and len(t_word.units) == 1 and t_word.units[0].kind == PARAM:
        var = flow.get(t_word.units[0].name)
        if var is not None and not t_word.units[0].op:
            target_container = var.container
    target, alias = _link_parts(ex, cmd, o, v, t_word, a_word)
    # a loop variable, or the replacement string of `xargs -I{}` / `find -exec … {}`
    dynamic = any(
        u.kind == PARAM and u.name in flow.loop_vars
        for w in (t_word, a_word)
        if w is not None
        for u in w.units
    ) or (t_word is not None and "{}" in (t_word.literal or ""))
    link = Link(
        span=span,
        value=ex.opt_value(cmd, o),
        target=target,
        alias=alias,
        kind=kind,
        consumer=consumer,
        origin=origin,
        error=error,
        target_container=target_container,
        via=via,
        dynamic=dynamic,
    )
    link.syntax = _link_syntax(ex, o, span)
    return link


def _link_parts(
    ex: Extractor, cmd: Command, o: Opt, v: Word, t_word: Word | None, a_word: Word | None
) -> tuple[Value | None, Value | None]:
    """Target and alias values. When data flow substituted part of the value
    (``--link "$PREFIX-db:db"``), span, raw and display come from the word as
    written, so they stay inside the command and match other names written the
    same way; the literal is still the resolved one."""
    if not any(u.src != v.src for u in v.units):
        return (
            ex.value(t_word) if t_word is not None else None,
            ex.value(a_word) if a_word is not None else None,
        )
    idx = o.index if o.attached else o.index + 1
    if not 0 <= idx < len(cmd.origin):
        return None, None
    written = cmd.orig[cmd.origin[idx]]
    if o.attached:
        eq = written.find_lit("=")
        written = written.part(eq + 1) if eq >= 0 else written
    colon = written.find_lit(":")
    if colon >= 0:
        parts = (written.part(0, colon), written.part(colon + 1))
    else:
        parts = (written.part(0), written.part(0))

    def make(w: Word, resolved: Word | None) -> Value | None:
        if resolved is None:
            return None
        literal = resolved.literal if colon >= 0 else None
        display = w.display if colon >= 0 else resolved.display
        return Value(ex.host[w.start : w.end], ex.span(w.start, w.end), literal, display)

    return make(parts[0], t_word), make(parts[1], a_word)


def _link_syntax(ex: Extractor, o: Opt, span: Span) -> LinkSyntax:
    start, end = span.start, span.end
    assignment = ex.assignment_syntax.get(o.flag.src) if o.flag.src != 0 else None
    if assignment is None:
        return LinkSyntax(start, end, _blank_before(ex.host, start), end, None)
    words = assignment.words
    k = 0
    while k < len(words) and words[k][0] < start:
        k += 1
    j = k
    while j < len(words) and words[j][0] < end:
        j += 1
    prev_end = words[k - 1][1] if k > 0 else None
    next_start = words[j][0] if j < len(words) else None
    if prev_end is not None and "#" not in ex.host[prev_end:start]:
        return LinkSyntax(start, end, prev_end, end, assignment)
    if next_start is not None:
        return LinkSyntax(start, end, start, next_start, assignment)
    return LinkSyntax(start, end, start, end, assignment)


def _spec_words(v: Word, name: str, alias: str) -> tuple[Word, Word]:
    """The target and alias parts of a static link value (``db:db``, ``db``, the
    stored form ``/db:/web/db``)."""
    colon = v.find_lit(":")
    if colon < 0:
        whole = v.part(0)
        return whole, whole
    t = v.part(0, colon)
    a = v.part(colon + 1)
    if name != t.literal and (t.literal or "").startswith("/"):
        t = t.part(1)
    if alias != a.literal:
        slash = -1
        for k, u in enumerate(a.units):
            if u.kind == LIT and u.text == "/":
                slash = k
        a = a.part(slash + 1)
    return t, a


def _blank_before(host: str, start: int) -> int:
    """Start of the blanks and line continuations just before ``start``."""
    j = start
    while j > 0:
        c = host[j - 1]
        if c in " \t":
            j -= 1
        elif c == "\n" and j >= 2 and host[j - 2] == "\\":
            j -= 2
        elif c == "\n" and j >= 3 and host[j - 2] == "\r" and host[j - 3] == "\\":
            j -= 3
        else:
            break
    return j
