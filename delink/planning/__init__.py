"""Planning: how legacy links move to user-defined networks, for every input language.

The project model (:mod:`delink.project`) says which container each link reaches and who
reads its variables; planning turns that into one migration plan per link group
(:class:`~delink.planning.model.Plan`: the network, who joins it with which aliases,
which links go, which values become explicit and where they come from, and whether that
keeps behaviour, with the reasons when it does not). Writers (:mod:`delink.fixes`,
registered in :mod:`delink.planning.writers`) turn plans into text edits.

Rules reach fixes only through :func:`planning` and the methods of :class:`Planning`;
each group's :class:`~delink.diagnostics.Fix` is made once and shared, by identity, by
every finding of the group.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from delink.diagnostics import Applicability, Fix
from delink.facts import ComposeFile, Container, Link
from delink.planning.model import ConsumerChange, Plan, Reason, TargetChange, names
from delink.project import Project

if TYPE_CHECKING:
    from delink.planning.compose import ComposePlanner
    from delink.planning.containers import ContainerPlanner

__all__ = ["Planning", "names", "planning"]


def planning(project: Project) -> Planning:
    """The project's planning (made once per project)."""
    got = project.__dict__.get("_planning")
    if got is None:
        got = project.__dict__["_planning"] = Planning(project)
    assert isinstance(got, Planning)
    return got


class Planning:
    def __init__(self, project: Project) -> None:
        self.project = project
        self._fixes: dict[int, Fix] = {}

    @cached_property
    def containers(self) -> ContainerPlanner:
        from delink.planning.containers import ContainerPlanner

        return ContainerPlanner(self.project)

    @cached_property
    def compose(self) -> ComposePlanner:
        from delink.planning.compose import ComposePlanner

        return ComposePlanner(self.project)

    # -- group migrations ------------------------------------------------------------

    def plan(self, link: Link) -> Plan | None:
        """The migration plan of a legacy link's group (commands and SDK calls)."""
        return self.containers.plan(link)

    def link_fix(self, link: Link) -> Fix | None:
        """The fix a finding about ``link`` carries: its group's migration (one Fix object
        for the whole group), or None when there is nothing to offer."""
        if link.consumer is not None and link.consumer.language == "compose":
            return self.compose.fix(link)
        index = self.containers.group_index(link)
        if index is None:
            return None
        if index not in self._fixes:
            from delink.planning.writers import render

            plan = self.containers.plan(link)
            assert plan is not None
            self._fixes[index] = render(plan, self.project)
        return self._fixes[index]

    # -- Compose -------------------------------------------------------------------------

    def compose_file_fix(self, cf: ComposeFile) -> Fix | None:
        """Upgrading a v1 Compose file to the spec format, its links migrated."""
        return self.compose.file_fix(cf)

    def alias_collision(self, link: Link, alias: str, target: Container) -> str | None:
        """Why a Compose link's ``alias`` cannot become a network alias of ``target``."""
        return self.compose.collision(link, alias, target)

    def compose_networks(
        self, consumer: Container, target: Container
    ) -> tuple[list[str], list[str]]:
        """The networks a Compose consumer joins and those its link target joins."""
        plan = self.compose
        return plan.networks(consumer), plan.networks(plan.alias_owner(target))

    # -- single links that do nothing, or only name a DNS alias -------------------------

    def removal_fix(
        self, container: Container, links: list[Link], message: str, display: str | None = None
    ) -> Fix:
        """Remove links that have no effect (safe): a duplicate alias, ``links=`` on a
        user-defined network. ``display``: the message when it cannot be written."""
        plan = Plan(
            network="",
            consumers=[ConsumerChange(container, list(links), join=False)],
            targets=[],
            applicability=Applicability.SAFE,
            create_network=False,
        )
        fix = self._render(plan, message)
        if not fix.edits and display is not None:
            return Fix(Applicability.DISPLAY_ONLY, display, ())
        return fix

    def alias_fix(
        self, link: Link, network: str, alias: str, target: Container | None, *, redundant: bool
    ) -> Fix:
        """A ``--link`` on a user-defined network only gives its consumer a DNS alias of the
        target. ``redundant``: the target answers to the alias anyway, and the link goes
        (safe); else the alias moves to ``target`` (a container on the consumer's network)
        as a network alias, or, with no such target, the fix is a suggestion."""
        assert link.consumer is not None
        consumer = ConsumerChange(link.consumer, [link], join=False)
        if redundant:
            plan = Plan(network, [consumer], [], Applicability.SAFE, create_network=False)
            return self._render(plan, "remove the link")
        if target is None:
            return Fix(
                Applicability.DISPLAY_ONLY,
                f"give the target `--network-alias {alias}` and remove the link",
                (),
            )
        plan = Plan(
            network,
            [consumer],
            [TargetChange(_written_target(link), target, [alias], join=False)],
            Applicability.UNSAFE,
            reasons=[Reason("alias", alias)],
            create_network=False,
        )
        return self._render(
            plan,
            f"move `{alias}` to `--network-alias` on the target and remove the link. "
            "Unsafe: the alias becomes visible to the whole network",
        )

    def _render(self, plan: Plan, message: str) -> Fix:
        from delink.planning.writers import render

        fix = render(plan, self.project)
        return Fix(fix.applicability, message, fix.edits, fix.reasons)


def _written_target(link: Link) -> str:
    return link.target.display if link.target is not None else link.value.display
