"""The writers: one per host language, from a plan to text edits.

Writers are registered here by module name, as sources are in :mod:`delink.sources`, and
imported only when a fix is rendered. Each module defines ``write(plan, project)``,
which returns the edits for the plan's containers of its language and raises
:class:`CannotWrite` when it cannot write them exactly; it decides nothing about what
changes, and it may not change the plan except to say, in ``plan.notes`` or
``plan.reasons``, which form it wrote (the docker SDK's alias forms).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol, TypeVar

from delink.diagnostics import Applicability, Edit, Fix
from delink.planning.model import ContainerEdits, describe

if TYPE_CHECKING:
    from delink.facts import Container
    from delink.planning.model import Plan
    from delink.project import Project

__all__ = ["MODULES", "CannotWrite", "Writer", "container_edits", "render"]

_S = TypeVar("_S")


class CannotWrite(Exception):
    """The plan cannot be written exactly in this code. ``display`` replaces the
    message of the fix, which is then only displayed."""

    def __init__(self, reason: str, display: str | None = None) -> None:
        super().__init__(reason)
        self.display = display


class Writer(Protocol):
    def __call__(self, plan: Plan, project: Project) -> list[Edit]: ...


def container_edits(
    changes: dict[str, ContainerEdits[_S]], c: Container, kind: type[_S], what: str
) -> ContainerEdits[_S]:
    """The edits of container ``c`` in ``changes``, made on first use; CannotWrite when
    its syntax is not the writer's ``kind`` (``what`` names the language)."""
    syn = c.syntax
    if not isinstance(syn, kind):
        raise CannotWrite(f"no {what} syntax for {c.key}")
    got = changes.get(c.key)
    if got is None:
        got = changes[c.key] = ContainerEdits(c, syn)
    return got


# language -> module that defines ``write``
MODULES: dict[str, str] = {
    "shell": "delink.fixes.shell",
    "python": "delink.fixes.python",
    "compose": "delink.fixes.compose",
    "ansible": "delink.fixes.ansible",
}


def load(language: str) -> Writer | None:
    module = MODULES.get(language)
    if module is None:
        return None
    writer: Writer = importlib.import_module(module).write
    return writer


def languages(plan: Plan) -> list[str]:
    found = {c.container.language for c in plan.consumers}
    found |= {t.container.language for t in plan.targets if t.container is not None}
    found |= {s.container.language for s in plan.services.values()}
    if plan.upgrade is not None:
        found.add("compose")
    return sorted(found)


def render(plan: Plan, project: Project) -> Fix:
    """The fix for a plan: the edits of each language's writer. When some container is
    in a language without a writer, or a writer cannot write its part, the fix is only
    displayed."""
    if plan.applicability is Applicability.DISPLAY_ONLY:
        return Fix(Applicability.DISPLAY_ONLY, plan.message(), ())
    edits: list[Edit] = []
    for language in languages(plan):
        writer = load(language)
        if writer is None:
            return Fix(Applicability.DISPLAY_ONLY, plan.message(), ())
        try:
            edits.extend(writer(plan, project))
        except CannotWrite as exc:
            if exc.display is not None:
                return Fix(Applicability.DISPLAY_ONLY, exc.display, ())
            if plan.summary:
                return Fix(Applicability.DISPLAY_ONLY, f"{plan.summary} (by hand: {exc})", ())
            return Fix(Applicability.DISPLAY_ONLY, plan.message(), ())
    if not edits:
        return Fix(Applicability.DISPLAY_ONLY, plan.summary or plan.message(), ())
    return Fix(plan.applicability, plan.message(), tuple(edits), tuple(describe(plan.reasons)))
