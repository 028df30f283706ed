"""DLK405 sdk-endpoint-link: network-scoped links through the docker SDK."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Applicability, Diagnostic, Fix, Severity
from delink.facts import Link
from delink.model import LinkKind
from delink.project import Project
from delink.rule import Example, Rule
from delink.ruletools import alias_of, names


class SdkEndpointLink(Rule):
    code = "DLK405"
    name = "sdk-endpoint-link"
    severity = Severity.INFO
    summary = "`links=` on an endpoint config or a network connect: a DNS alias for one container."
    what = """
Finds `links=` given to `create_endpoint_config` / `docker.types.EndpointConfig`,
`connect_container_to_network` and `Network.connect`. These are not legacy links: on a
user-defined network the engine adds a DNS alias that only this container resolves (no
env vars, no /etc/hosts; the target need not even exist yet). On the default bridge they
do nothing.
"""
    why = """
They keep link syntax alive in code being moved off links, and are easy to mistake for
legacy links. docker-py documents `links` here as a list, but a list of strings is
split into characters (see DLK403); use (name, alias) pairs, or better a network alias
on the target.
"""
    example = """
```python
net.connect(web, links=[('db', 'database')])
```
"""
    instead = """
```python
net.connect(db, aliases=['database'])    # the target answers to `database` on the network
net.connect(web)
```
"""
    fix_safety = (
        "No automatic fix: moving the alias to the target makes it visible to every "
        "container on the network; shown as a suggestion."
    )
    examples = (
        Example(
            files={
                "net.py": (
                    "import docker\n"
                    "\n"
                    "client = docker.from_env()\n"
                    "net = client.networks.get('backoffice')\n"
                    "net.connect('web', links=[('db', 'database')])\n"
                ),
            },
            expect=[
                "net.py:5:20: DLK405 network-scoped link `db:database` (`Network.connect`): "
                "`database` is a DNS alias only this container resolves on `backoffice`; no "
                "env vars, no /etc/hosts entries",
            ],
        ),
    )

    def check(self, project: Project) -> Iterator[Diagnostic]:
        groups: dict[tuple[str, int, int], list[Link]] = {}
        for link in project.links:
            if link.origin not in ("endpoint links=", "connect links=") or link.invalid is not None:
                continue
            groups.setdefault((link.span.path, link.span.start, link.span.end), []).append(link)
        for group in groups.values():
            first = group[0]
            call = (
                "`create_endpoint_config`"
                if first.origin == "endpoint links="
                else (
                    "`connect_container_to_network`"
                    if first.consumer is None
                    and project.sdk_call(first) == "connect_container_to_network"
                    else "`Network.connect`"
                )
            )
            specs = [x.value.display for x in group]
            aliases = [alias_of(x) for x in group if x.target is not None]
            net = first.network.display if first.network is not None else "its network"
            if first.kind is LinkKind.NOOP:
                yield self.diagnostic(
                    first.span,
                    f"network-scoped link {names(specs)} ({call}) on the default bridge does "
                    "nothing: the bridge has no DNS for the alias",
                    severity=Severity.WARNING,
                )
                continue
            if not aliases:
                yield self.diagnostic(
                    first.span,
                    f"network-scoped links computed at run time ({names(specs)}, {call}): "
                    f"DNS aliases only this container resolves on `{net}`; no env vars, no "
                    "/etc/hosts entries",
                    fix=Fix(
                        Applicability.DISPLAY_ONLY,
                        "give the targets their aliases as network aliases and drop the links",
                        (),
                    ),
                )
                continue
            what = names(aliases)
            verb = "is a DNS alias" if len(aliases) == 1 else "are DNS aliases"
            noun = "link" if len(specs) == 1 else "links"
            yield self.diagnostic(
                first.span,
                f"network-scoped {noun} {names(specs)} ({call}): {what} {verb} only this "
                f"container resolves on `{net}`; no env vars, no /etc/hosts entries",
                fix=Fix(
                    Applicability.DISPLAY_ONLY,
                    f"give the target {what} as network alias (`aliases=[…]`) and drop the link",
                    (),
                ),
            )
