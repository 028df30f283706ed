"""Planning the upgrade of a v1 Compose file to the Compose spec format.

Every legacy link of the file is migrated as on a project network (a ``depends_on``
entry and, when the alias differs from the service, a network alias), every
``external_links`` entry as an external link, and every link variable the consumers
read becomes an explicit ``environment`` entry, because v1 injected them. The Compose
writer (:mod:`delink.fixes.compose_upgrade`) moves the services under ``services:`` and
rewrites the keys that v1 alone knows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from delink.diagnostics import Applicability, Fix
from delink.facts import ComposeFile
from delink.model import LinkKind
from delink.planning.compose import _names, _new_plan, _note
from delink.sources.compose.syntax import DocSyntax

if TYPE_CHECKING:
    from delink.planning.compose import ComposePlanner

__all__ = ["v1_plan"]


def v1_plan(planner: ComposePlanner, cf: ComposeFile) -> Fix | None:
    doc = cf.syntax
    if not isinstance(doc, DocSyntax) or doc.embedded:
        return None
    if doc.masked:
        return planner.display("upgrade the template to the Compose spec format by hand")
    if doc.stackfile:
        return planner.display(
            "a Docker Cloud stackfile has no Compose upgrade: write the stack as a Compose "
            "file on a user-defined network by hand"
        )
    plan = _new_plan()
    plan.upgrade = cf
    kept: list[str] = []
    migrated: list[str] = []
    for c in cf.services.values():
        for link in c.links:
            if link.error is not None:
                kept.append(link.value.display)
                continue
            if link.origin == "links" and link.kind is LinkKind.LEGACY:
                got = planner.endpoint_part(link, plan, legacy=True, form="map-restart")
                (kept if got is None else migrated).append(link.value.display)
                planner.env(link, plan, v1=True)
            elif link.origin == "external_links":
                if planner.project.targets(link):
                    got = planner.endpoint_part(link, plan, legacy=True)
                    (kept if got is None else migrated).append(link.value.display)
                else:
                    done: list[str] = []
                    planner.external_network(c, cf, [link], plan, done)
                    migrated += done
                planner.env(link, plan, v1=True)
    if kept:
        _note(plan, f"{_names(kept)} stay as links (their alias cannot become a network alias)")
    message = f"upgrade `{cf.path}` to the Compose spec format"
    if migrated:
        message += (
            f" and replace its links {_names(migrated)} with `depends_on` and network aliases"
        )
    env = [e.name for ch in plan.services.values() for e in ch.env]
    if env:
        message += f"; set {_names(env)} explicitly"
    plan.summary = message
    plan.applicability = Applicability.UNSAFE if plan.reasons else Applicability.SAFE
    from delink.planning.writers import render

    return render(plan, planner.project)
