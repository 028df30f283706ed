"""Reads of link env vars in shell text: ``$DB_PORT_5432_TCP_ADDR``, ``${!name}``,
arithmetic, ``for name in DB_PORT_…; do eval …`` and ``printenv NAME``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from delink.facts import EnvRead
from delink.model import is_unambiguous_link_var
from delink.sources.shell.words import Word, is_name, parse_word

if TYPE_CHECKING:
    from tree_sitter import Node

    from delink.sources.shell.command import Fragment
    from delink.sources.shell.extract import Extractor
    from delink.sources.shell.flow import Flow
    from delink.sources.shell.locate import ByteChars


def printenv_reads(ex: Extractor, args: list[Word], container_key: str | None) -> None:
    """``printenv NAME …``: each link-shaped NAME is read."""
    for w in args:
        if w.literal and ex.is_link_var(w.literal):
            ex.facts.reads.append(
                EnvRead(
                    w.literal,
                    ex.span(w.units[0].start, w.units[-1].end),
                    "shell",
                    container_key,
                )
            )


def _own_assignment(name: str, text: str) -> bool:
    """The text assigns ``name`` from something else (``HUB_NAME=$(docker inspect …)``):
    a variable of the script's own, not the link var of that shape."""
    pattern = _OWN_ASSIGNMENT.get(name)
    if pattern is None:
        pattern = re.compile(
            r"^[ \t]*(?:(?:export|local|readonly|declare(?:[ \t]+-\w+)*)[ \t]+)?"
            + re.escape(name)
            + r"=(?P<value>[^\n]*)",
            re.MULTILINE,
        )
        _OWN_ASSIGNMENT[name] = pattern
    return any(
        re.search(r"\$\{?" + re.escape(name) + r"\b", m.group("value")) is None
        for m in pattern.finditer(text)
    )


_OWN_ASSIGNMENT: dict[str, re.Pattern[str]] = {}


def var_read(ex: Extractor, node: Node, frag: Fragment, bc: ByteChars) -> None:
    text = node.text
    if text is None:
        return
    name = text.decode("utf-8", "replace")
    if not ex.is_link_var(name):
        return
    if not is_unambiguous_link_var(name) and _own_assignment(name, frag.text):
        return  # `HUB_NAME=$(…)` then `$HUB_NAME`: the script's own variable
    parent = node.parent
    if parent is None:
        return
    indirect = False
    pt = parent.type
    if pt in ("simple_expansion", "expansion"):
        indirect = any(c.type == "!" for c in parent.children)
    elif pt == "subscript":
        gp = parent.parent
        if gp is None or gp.type != "expansion":
            return
    elif not _arithmetic(node):
        return
    start = frag.m(bc(node.start_byte))
    end = frag.m.end(bc(node.end_byte))
    ex.facts.reads.append(
        EnvRead(
            name,
            ex.span(start, end),
            "shell",
            frag.container_key,
            indirect,
            fallback_for=None if indirect else _fallback_for(parent),
        )
    )


def _fallback_for(inner: Node) -> str | None:
    """``${OWN:-$X}`` / ``${OWN:-${X}}``: the expansion of X is all the default of OWN,
    so X is read only when OWN is unset or empty (and an empty X gives way to the next
    fallback of a chain)."""
    outer = inner.parent
    if outer is None or outer.type != "expansion":
        return None
    kids = outer.children
    if len(kids) != 5 or kids[1].type != "variable_name" or kids[2].type != ":-":
        return None
    if kids[3].id != inner.id or kids[1].text is None:
        return None
    return kids[1].text.decode("utf-8", "replace")


def for_loop(ex: Extractor, node: Node, frag: Fragment, bc: ByteChars, flow: Flow) -> None:
    body = node.child_by_field_name("body")
    var = node.child_by_field_name("variable")
    if var is not None:
        name = bc.data[var.start_byte : var.end_byte].decode("utf-8", "replace")
        flow.loop_vars.add(name)
        flow.unset(name)
    if body is None or var is None:
        return
    btext = bc.data[body.start_byte : body.end_byte]
    vname = bc.data[var.start_byte : var.end_byte]
    if not (b"eval" in btext or b"${!" + vname in btext or b"printenv" in btext):
        return
    for child in node.children_by_field_name("value"):
        cs, ce = bc(child.start_byte), bc(child.end_byte)
        w = parse_word(frag.text, cs, ce, frag.m, ex.host)
        lit = w.literal
        if lit and is_name(lit) and ex.is_link_var(lit):
            ex.facts.reads.append(
                EnvRead(
                    lit,
                    ex.span(w.units[0].start, w.units[-1].end),
                    "shell",
                    frag.container_key,
                    indirect=True,
                )
            )


def _arithmetic(node: Node) -> bool:
    cur = node
    parent = cur.parent
    while parent is not None and parent.type in (
        "binary_expression",
        "unary_expression",
        "postfix_expression",
        "parenthesized_expression",
        "ternary_expression",
    ):
        if parent.type == "binary_expression" and parent.child_by_field_name("left") == cur:
            op = parent.child_by_field_name("operator")
            if op is not None and op.type == "=":
                return False
        cur = parent
        parent = cur.parent
    if parent is None:
        return False
    if parent.type in ("arithmetic_expansion", "c_style_for_statement"):
        return True
    return (
        parent.type == "compound_statement"
        and parent.child_count > 0
        and parent.children[0].type == "(("
    )
