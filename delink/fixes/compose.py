"""The Compose writer: a :class:`~delink.planning.model.Plan` -> edits of Compose files.

Each :class:`~delink.planning.model.ServicePlan` of the plan becomes a
:class:`~delink.fixes.compose_edit.ServiceChange` of the service as written (the links
to delete are the plan's links' own YAML items), written in the file's own style by
:func:`~delink.fixes.compose_edit.service_edits`; top-level network declarations are
appended; a plan that upgrades a v1 file goes to :mod:`delink.fixes.compose_upgrade`.
Values are written for Compose's interpolation: a literal's ``$`` becomes ``$$``, a
reference is ``${NAME}``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from delink.diagnostics import Edit
from delink.fixes.compose_edit import (
    EditError,
    ServiceChange,
    service_edits,
    to_edits,
    top_level_append,
)
from delink.planning.model import ExplicitEnv, Plan, ServicePlan
from delink.planning.writers import CannotWrite
from delink.sources.compose.interpolate import escape
from delink.sources.compose.syntax import DocSyntax, LinkSyntax, ServiceSyntax

if TYPE_CHECKING:
    from delink.project import Project

__all__ = ["service_changes", "write"]


def env_value(e: ExplicitEnv) -> str:
    """An ``environment`` value as Compose reads it."""
    if e.value is None:
        required = f":?{e.required}" if e.required else ""
        return "${" + (e.reference or e.name) + required + "}"
    return escape(e.value)


def service_change(sp: ServicePlan) -> ServiceChange:
    svc = sp.container.syntax
    if not isinstance(svc, ServiceSyntax):
        raise CannotWrite(f"no Compose syntax for {sp.container.key}")
    change = ServiceChange(svc)
    for link in sp.remove:
        ls = link.syntax
        if not isinstance(ls, LinkSyntax):
            raise CannotWrite("a link without Compose syntax")
        change.remove_items.append((link.origin, ls.node))
    if sp.drop_network_mode:
        change.remove_keys.append("network_mode")
    change.depends = list(sp.depends)
    change.env = [(e.name, env_value(e)) for e in sp.env]
    change.aliases = {n: list(a) for n, a in sp.aliases.items()}
    change.join = list(sp.join)
    return change


def service_changes(plan: Plan) -> dict[str, ServiceChange]:
    """The plan's service changes, by container key, in the order planned."""
    return {key: service_change(sp) for key, sp in plan.services.items()}


def write(plan: Plan, project: Project) -> list[Edit]:
    if plan.upgrade is not None:
        from delink.fixes.compose_upgrade import upgrade_edits

        return upgrade_edits(plan, project)
    edits: list[Edit] = []
    try:
        for change in service_changes(plan).values():
            if change.empty:
                continue
            doc = change.svc.doc
            edits += to_edits(doc.path, doc.host, service_edits(change))
        for decl in plan.declare:
            top = decl.file.syntax
            assert isinstance(top, DocSyntax)
            s, e, c = top_level_append(top, "networks", [(decl.name, dict(decl.attrs))])
            edits.append(Edit(top.path, top.host(s), top.host(e) if e > s else top.host(s), c))
    except EditError as exc:
        raise CannotWrite(str(exc)) from exc
    return finish(edits)


def finish(edits: list[Edit]) -> list[Edit]:
    """Insertions at one offset of one file become one edit, in the order made; the edits
    are then sorted and counted once."""
    out: list[Edit] = []
    at: dict[tuple[str, int], int] = {}
    for e in edits:
        if e.start == e.end and (e.path, e.start) in at:
            i = at[(e.path, e.start)]
            out[i] = Edit(e.path, e.start, e.end, out[i].content + e.content)
            continue
        if e.start == e.end:
            at[(e.path, e.start)] = len(out)
        out.append(e)
    return sorted(set(out))
