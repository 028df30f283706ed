"""Small helpers shared by rules: wording of links, related locations, group fixes,
the links of Compose files. Fixes come from :mod:`delink.planning`."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from delink.diagnostics import Fix, Related
from delink.facts import Container, EnvRead, Link
from delink.planning import names as names  # ``A``, ``A and B``, ``A, B and 2 more``
from delink.planning import planning
from delink.project import Project

if TYPE_CHECKING:
    from delink.project import ServiceSyntax

MAX_RELATED = 8


def spec(link: Link) -> str:
    """A link as written, without quotes: ``db:db``."""
    return link.value.display


def alias_of(link: Link) -> str:
    if link.alias is not None:
        return link.alias.display
    if link.target is not None:
        return link.target.display
    return link.value.display


def unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def related_link(project: Project, link: Link, reads: list[EnvRead] | None = None) -> list[Related]:
    """The other end of a link: its target, and the reads that depend on it."""
    out: list[Related] = []
    target = project.target(link)
    if target is not None:
        out.append(
            Related(target.anchor, f"the link target `{target.display_name}` is started here")
        )
    for read in (reads if reads is not None else project.reads_for_link(link))[:MAX_RELATED]:
        out.append(Related(read.span, f"`{read.name}` is read here"))
    if link.via is not None:
        out.append(Related(link.via, "the link reaches the command through this expansion"))
    for use in project.hostname_uses_of(link)[:MAX_RELATED]:
        out.append(Related(use.span, f"`{use.host}` is used as a hostname here"))
    return out


def related_read(project: Project, links: Sequence[Link]) -> list[Related]:
    out = []
    for link in links[:MAX_RELATED]:
        consumer = link.consumer.label if link.consumer is not None else "a container"
        out.append(Related(link.span, f"{consumer} declares the link `{spec(link)}` here"))
    return out


def group_fix(project: Project, link: Link) -> Fix | None:
    """The migration fix of the link's group (the same fix for every link in it)."""
    return planning(project).link_fix(link)


def container_label(container: Container | None) -> str:
    return container.label if container is not None else "a container"


def compose_links(project: Project) -> Iterator[tuple[Link, ServiceSyntax, Container]]:
    """The links written in Compose services that docker can read (no error), each with
    the service's syntax and the consuming container."""
    return project.compose_links()
