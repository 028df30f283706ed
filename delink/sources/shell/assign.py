"""Assignments: ``VAR=value``, ``VAR+=…``, arrays ``ARGS=(…)`` / ``ARGS+=(…)``, and
``CID=$(docker run …)`` (a container ID held in a variable), recorded in the
:class:`~delink.sources.shell.flow.Flow` with the :class:`AssignmentSyntax` the fix
writer edits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from delink.facts import Container
from delink.sources.shell.flow import Flow, Var, expand
from delink.sources.shell.prepare import make_param_texts, prepare
from delink.sources.shell.syntax import AssignmentSyntax, HostAssignment
from delink.sources.shell.tokenize import read_simple
from delink.sources.shell.words import LIT, Shift, Unit, Unterminated, Word, is_name, parse_word

if TYPE_CHECKING:
    from tree_sitter import Node

    from delink.sources.shell.command import Fragment
    from delink.sources.shell.extract import Extractor
    from delink.sources.shell.locate import ByteChars


def assign(ex: Extractor, node: Node, frag: Fragment, bc: ByteChars, flow: Flow) -> None:
    name_node = node.child_by_field_name("name")
    if name_node is None:
        return
    name = bc.data[name_node.start_byte : name_node.end_byte].decode("utf-8", "replace")
    if not is_name(name):
        return
    append = any(c.type == "+=" for c in node.children)
    value = node.child_by_field_name("value")
    m = frag.m
    if value is None:
        eq_end = name_node.end_byte + (2 if append else 1)
        at = m.end(bc(eq_end))
        aid = assignment_id(at)
        empty = Word([], at, at, ex.host, None, aid)
        syn = AssignmentSyntax(name, aid, at, at, at, at, "word", ())
        ex.assignment_syntax[aid] = syn
        if not append:
            flow.set(Var(name, value=empty, assignment=syn))
        return
    vs, ve = bc(value.start_byte), bc(value.end_byte)
    vstart, vend = m(vs), m.end(ve)
    aid = assignment_id(vstart)
    if value.type == "array":
        elements: list[Word] = []
        spans: list[tuple[int, int]] = []
        for child in value.named_children:
            if child.type == "comment":
                continue
            cs, ce = bc(child.start_byte), bc(child.end_byte)
            w = parse_word(frag.text, cs, ce, m, ex.host, src=aid)
            if frag.dialect == "make":
                w = make_param_texts(w, ex.host)
            for x in expand(w, flow):
                elements.append(_rebase(x, aid))
            spans.append((m(cs), m.end(ce)))
        inner_s = m(vs + 1)
        inner_e = m.end(ve - 1)
        syn = AssignmentSyntax(name, aid, vstart, vend, inner_s, inner_e, "array", tuple(spans))
        ex.assignment_syntax[aid] = syn
        old = flow.get(name)
        if append and old is not None and old.elements is not None:
            elements = old.elements + elements
        flow.set(Var(name, elements=elements, assignment=syn))
        return
    w = parse_word(frag.text, vs, ve, m, ex.host, src=aid)
    if frag.dialect == "make":
        w = make_param_texts(w, ex.host)
    if (
        value.type == "command_substitution"
        and b"-link" in bc.data[value.start_byte : value.end_byte]
    ):
        w = _echoed(ex, frag, bc, value, aid) or w
    expanded = expand(w, flow, split=False)
    val = expanded[0] if expanded else Word([], vstart, vend, ex.host, None, aid)
    val = _rebase(val, aid)
    text = frag.text[vs:ve]
    quoted = len(text) >= 2 and text[0] in "\"'" and text[-1] == text[0]
    inner_s, inner_e = (m(vs + 1), m.end(ve - 1)) if quoted else (vstart, vend)
    word_spans = _value_word_spans(val, aid)
    syn = AssignmentSyntax(
        name,
        aid,
        vstart,
        vend,
        inner_s,
        inner_e,
        "string" if quoted else "word",
        tuple(word_spans),
    )
    ex.assignment_syntax[aid] = syn
    container = None
    if value.type in ("command_substitution", "string"):
        container = _container_in(ex, frag, vs, ve)
        if container is not None and not _only_substitution(text):
            container = None
    old = flow.get(name)
    if append and old is not None and old.value is not None:
        val = Word(old.value.units + val.units, val.start, val.end, ex.host, None, aid)
    if container is not None:
        container.id_variable = name
        flow.set(Var(name, container=container, assignment=syn))
    else:
        flow.set(Var(name, value=val, assignment=syn))


def host_assignment(ex: Extractor, a: HostAssignment, flow: Flow, dialect: str) -> None:
    """Record a variable the host assigns (a Makefile's ``LINKING = --link db:db``):
    its value is the host text, split into shell words as the recipe's shell will
    split it, every unit at its host offset."""
    aid = assignment_id(a.start)
    text, m = prepare(ex.host[a.start : a.end], Shift(a.start), dialect, recipe=False)
    try:
        spans = read_simple(text, 0, len(text)).words
    except Unterminated:
        return
    units: list[Unit] = []
    for ws, we in spans:
        w = parse_word(text, ws, we, m, ex.host, src=aid)
        if dialect == "make":
            w = make_param_texts(w, ex.host)
        for x in expand(w, flow):
            if units:
                at = units[-1].end
                units.append(Unit(" ", at, at, LIT, False, src=aid))
            units.extend(_rebase(x, aid).units)
    old = flow.get(a.name)
    if a.append and old is not None and old.value is not None and old.value.units:
        at = old.value.units[-1].end
        units = [*old.value.units, Unit(" ", at, at, LIT, False, src=aid), *units]
    val = Word(units, a.start, a.end, ex.host, None, aid)
    inner_start = a.operator_end if a.operator_end >= 0 else a.start
    words = tuple(_value_word_spans(val, aid))
    syn = AssignmentSyntax(a.name, aid, a.start, a.end, inner_start, a.end, "make", words)
    ex.assignment_syntax[aid] = syn
    flow.set(Var(a.name, value=val, assignment=syn))


def assignment_id(host_start: int) -> int:
    """The id of the assignment whose value starts at ``host_start``: unique in the
    file, and never 0 (0 marks words written in the command itself)."""
    return host_start + 1


def _echoed(ex: Extractor, frag: Fragment, bc: ByteChars, node: Node, aid: int) -> Word | None:
    """What ``$(… echo "-link $x:$x" …)`` prints: the arguments of its ``echo`` and
    ``printf`` commands as one value, where they are written (link text built in a loop
    or a condition)."""
    units: list[Unit] = []
    stack = [node]
    found: list[Node] = []
    while stack:
        n = stack.pop()
        if n.type == "command":
            name = n.child_by_field_name("name")
            if name is not None and bc.data[name.start_byte : name.end_byte] in (
                b"echo",
                b"printf",
            ):
                found.append(n)
                continue
        stack.extend(reversed(n.named_children))
    for n in sorted(found, key=lambda x: x.start_byte):
        try:
            spans = read_simple(frag.text, bc(n.start_byte), bc(n.end_byte)).words
        except Unterminated:
            return None
        args = [parse_word(frag.text, a, b, frag.m, ex.host, src=aid) for a, b in spans[1:]]
        while args and (args[0].literal or "") in ("-n", "-e", "-ne", "-en", "-E"):
            args = args[1:]
        for w in args:
            if units:
                at = units[-1].end
                units.append(Unit(" ", at, at, LIT, False, src=aid))
            units.extend(w.units)
    if not units:
        return None
    return Word(units, units[0].start, units[-1].end, ex.host, None, aid)


def _container_in(ex: Extractor, frag: Fragment, fs: int, fe: int) -> Container | None:
    for p in ex.made:
        if p.serial == frag.serial and fs <= p.fstart and p.fend <= fe:
            return p.container
    return None


def _rebase(w: Word, aid: int) -> Word:
    """Units written in the assignment itself get the assignment's id."""
    units = [
        Unit(u.text, u.start, u.end, u.kind, u.quoted, u.name, u.op, u.prefix, aid, u.split)
        if u.src == 0
        else u
        for u in w.units
    ]
    return Word(units, w.start, w.end, w.host, w.via, aid)


def _value_word_spans(val: Word, aid: int) -> list[tuple[int, int]]:
    """Blank-separated words written in a string value, as host spans."""
    out: list[tuple[int, int]] = []
    cur: list[Unit] = []
    for u in val.units:
        if (u.kind == LIT and u.text in " \t\n") or u.src != aid:
            if cur:
                out.append((cur[0].start, cur[-1].end))
                cur = []
            continue
        cur.append(u)
    if cur:
        out.append((cur[0].start, cur[-1].end))
    return out


def _only_substitution(text: str) -> bool:
    t = text.strip()
    if t.startswith('"') and t.endswith('"'):
        t = t[1:-1]
    return (t.startswith("$(") and t.endswith(")")) or (t.startswith("`") and t.endswith("`"))
