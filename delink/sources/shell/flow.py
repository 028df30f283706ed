"""Data flow inside one file: simple, sequential variable values.

``LINKS="--link a:a"`` then ``docker run $LINKS``; arrays (``ARGS=(...)``,
``ARGS+=(...)``, ``"${ARGS[@]}"``); a variable holding another variable; a container ID
held in a variable (``CID=$(docker run ...)``). Values are kept as words whose units
carry the host offsets of the assignment, so links spliced from a variable keep the
exact span they are written at.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from delink.facts import Container
from delink.sources.shell.syntax import AssignmentSyntax
from delink.sources.shell.words import LIT, PARAM, Unit, Word

_IFS = frozenset(" \t\n")


@dataclass
class Var:
    name: str
    value: Word | None = None  # a scalar's value
    elements: list[Word] | None = None  # an array's elements
    container: Container | None = None  # CID=$(docker run ...)
    assignment: AssignmentSyntax | None = None

    @property
    def is_array(self) -> bool:
        return self.elements is not None


@dataclass
class Flow:
    vars: dict[str, Var] = field(default_factory=dict)
    loop_vars: set[str] = field(default_factory=set)  # bound by ``for NAME in ...``

    def copy(self) -> Flow:
        return Flow(dict(self.vars), set(self.loop_vars))

    def get(self, name: str | None) -> Var | None:
        if name is None:
            return None
        return self.vars.get(name)

    def set(self, var: Var) -> None:
        self.vars[var.name] = var

    def unset(self, name: str) -> None:
        self.vars.pop(name, None)


def _retag(units: list[Unit], quoted: bool) -> list[Unit]:
    """Units substituted into a word: quoted like the expansion, split when unquoted."""
    out = []
    for u in units:
        out.append(
            Unit(
                u.text,
                u.start,
                u.end,
                u.kind,
                quoted or u.quoted,
                u.name,
                u.op,
                u.prefix,
                u.src,
                split=not quoted,
            )
        )
    return out


def substitution(u: Unit, flow: Flow) -> list[Word] | None:
    """What the expansion ``u`` gives: its elements (one word for a scalar), or None
    when the value is unknown."""
    if u.kind != PARAM or u.prefix:
        return None
    var = flow.get(u.name)
    if var is None or var.container is not None:
        return None
    op = u.op
    if var.elements is not None:
        if op in ("[@]", "[*]"):
            return list(var.elements)
        if op in ("", "[0]"):
            return var.elements[:1]
        return None
    if var.value is None:
        return None
    if op == "" or (op[:2] in (":-", ":=", ":?") and var.value.units) or op[:1] in ("-", "=", "?"):
        return [var.value]
    return None


def expand(word: Word, flow: Flow, *, split: bool = True) -> list[Word]:
    """Substitute known variables in ``word``; with ``split`` an unquoted expansion is
    field-split (``$LINKS`` gives one word per blank-separated part). Unknown
    expansions stay as they are."""
    if not any(u.kind == PARAM for u in word.units):
        return [word]
    subs: list[tuple[Unit, list[Word]] | None] = []
    for u in word.units:
        s = substitution(u, flow) if u.kind == PARAM else None
        subs.append((u, s) if s is not None else None)
    if not any(subs):
        return [word]
    fields: list[list[Unit]] = [[]]
    vias: list[Unit | None] = [None]
    wholes: list[Word | None] = [None]
    quoted_empty = False

    def new_field(via: Unit | None) -> None:
        fields.append([])
        vias.append(via)
        wholes.append(None)

    for u, sub in zip(word.units, subs, strict=True):
        if sub is None:
            fields[-1].append(u)
            wholes[-1] = None
            continue
        via_unit, elements = sub
        if via_unit.quoted and not any(e.units for e in elements):
            quoted_empty = True
        for k, elem in enumerate(elements):
            if k > 0:
                new_field(via_unit)
            if vias[-1] is None and not fields[-1]:
                vias[-1] = via_unit
            fresh = not fields[-1]
            units = _retag(elem.units, via_unit.quoted)
            broke = False
            for v in units:
                if split and v.split and v.kind == LIT and v.text in _IFS:
                    broke = True
                    if fields[-1]:
                        new_field(via_unit)
                    continue
                fields[-1].append(v)
            wholes[-1] = elem if fresh and not broke and via_unit.quoted else None
    out: list[Word] = []
    for units, via, whole in zip(fields, vias, wholes, strict=True):
        if not units:
            continue
        srcs = {x.src for x in units}
        if whole is not None and len(units) == len(whole.units):
            out.append(Word(units, whole.start, whole.end, word.host, via, whole.src))
        elif len(srcs) == 1 and next(iter(srcs)) != word.src:
            start = min(x.start for x in units)
            end = max(x.end for x in units)
            out.append(Word(units, start, end, word.host, via, units[0].src))
        else:
            out.append(Word(units, word.start, word.end, word.host, via, word.src))
    if not out and quoted_empty:
        out.append(Word([], word.start, word.end, word.host, None, word.src))
    return out
