"""DLK302 link-on-user-network: ``--link`` with a user-defined ``--network``."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Diagnostic, Severity
from delink.facts import Container
from delink.model import LinkKind
from delink.planning import planning
from delink.project import Project
from delink.rule import Example, Rule
from delink.ruletools import alias_of, related_link, spec


class LinkOnUserNetwork(Rule):
    code = "DLK302"
    name = "link-on-user-network"
    severity = Severity.INFO
    fixable = True
    summary = "A `--link` on a user-defined network is only a DNS alias for one container."
    what = """
Finds `--link` on a container that runs on a user-defined network (`--network mynet`).
There the link is not a legacy link: the CLI copies it into the endpoint settings, where
it becomes a DNS alias that only this container resolves. No env vars, no /etc/hosts.
"""
    why = """
Such a link looks like a legacy link and keeps the word "link" in scripts that are being
migrated away from links. When its alias equals the target's name it does nothing at all
(containers on a user-defined network already resolve each other by name).
"""
    example = """
```sh
docker run -d --network appnet --name db postgres
docker run -d --network appnet --link db:database myapp
```
"""
    instead = """
```sh
docker run -d --network appnet --network-alias database --name db postgres
docker run -d --network appnet myapp
```
"""
    fix_safety = """
Removing a link whose alias is already the target's name is safe. When the alias differs,
the fix moves it to `--network-alias` on the target, which makes it visible to every
container on the network: unsafe. Without the target in the repository, only a
suggestion is shown.
"""
    examples = (
        Example(
            title="alias equal to the name: the link does nothing",
            files={
                "up.sh": (
                    "docker network create appnet\n"
                    "docker run -d --network appnet --name db postgres\n"
                    "docker run -d --network appnet --link db myapp\n"
                ),
            },
            expect=[
                "up.sh:3:32: DLK302 `--link db` on the user-defined network `appnet` is only a "
                "DNS alias for this container; `db` already resolves by name there",
            ],
            fixed={
                "up.sh": (
                    "docker network create appnet\n"
                    "docker run -d --network appnet --name db postgres\n"
                    "docker run -d --network appnet myapp\n"
                ),
            },
        ),
        Example(
            title="the target is on another network: the alias never resolved",
            files={
                "up.sh": (
                    "docker run -d --name db postgres\n"
                    "docker run -d --network appnet --link db:database myapp\n"
                ),
            },
            expect=[
                "up.sh:2:32: DLK302 `--link db:database` on the user-defined network `appnet` is "
                "only a DNS alias for this container; `db` is started on another network, so "
                "the alias does not resolve",
            ],
        ),
    )

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for link in project.links:
            if link.kind is not LinkKind.ENDPOINT or link.origin != "--link":
                continue
            if link.consumer is None or link.error is not None or link.target is None:
                continue
            consumer = link.consumer
            network = consumer.network.display if consumer.network is not None else "?"
            alias = alias_of(link)
            target = project.target(link)
            known_names = {link.target.display.lstrip("/")}
            if target is not None:
                known_names |= {a.display for a in target.network_aliases}
                if target.name is not None:
                    known_names.add(target.name.display.lstrip("/"))
            message = (
                f"`--link {spec(link)}` on the user-defined network `{network}` is only a DNS "
                f"alias for this container"
            )
            redundant = alias in known_names
            shared = target is not None and _on_network(target, consumer)
            if redundant:
                message += f"; `{alias}` already resolves by name there"
            elif target is not None and not shared:
                message += (
                    f"; `{link.target.display}` is started on another network, so the "
                    "alias does not resolve"
                )
            else:
                message += f"; the target does not answer to `{alias}` otherwise"
            fix = planning(project).alias_fix(
                link, network, alias, target if shared else None, redundant=redundant
            )
            yield self.diagnostic(
                link.span,
                message,
                fix=fix,
                related=related_link(project, link),
            )


def _on_network(target: Container, consumer: Container) -> bool:
    """Whether the target is started on the consumer's (first) network."""
    want = consumer.network
    if want is None:
        return False
    nets = [target.network, *target.networks]
    for net in nets:
        if net is None:
            continue
        if want.literal is not None and net.literal == want.literal:
            return True
        if want.literal is None and net.display == want.display:
            return True
    return False
