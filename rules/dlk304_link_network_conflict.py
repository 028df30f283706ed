"""DLK304 link-network-conflict: links with ``--network host|container:|none``."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Diagnostic, Severity
from delink.model import LinkKind, NetworkKind, classify_network, reject_message
from delink.project import Project
from delink.rule import Example, Rule
from delink.ruletools import spec


class LinkNetworkConflict(Rule):
    code = "DLK304"
    name = "link-network-conflict"
    severity = Severity.ERROR
    summary = "A link on a container with `--network host`, `container:` or `none`."
    what = """
Finds links on containers whose network mode cannot carry them. With `host` or
`container:<name>` the daemon refuses to create the container; with `none` the link is
accepted and does nothing (no bridge endpoint, so no hosts entry and no env).
"""
    why = "The command fails at run time, or the link is dead code that misleads readers."
    example = """
```sh
docker run --network host --link db:db myapp
```
"""
    instead = """
```sh
docker run --network host myapp      # reach db through a published port instead
```
"""
    fix_safety = "No fix: which network the container should use is a design decision."
    examples = (
        Example(
            files={"run.sh": "docker run --net=host --link db:db myapp\n"},
            expect=[
                "run.sh:1:23: DLK304 link `db:db` with `--network host`: the daemon rejects "
                "it (conflicting options: host type networking can't be used with links. "
                "This would result in undefined behavior)",
            ],
        ),
    )

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for link in project.links:
            if link.consumer is None or link.error is not None or link.origin != "--link":
                continue
            network = link.consumer.network
            mode = network.display if network is not None else "default"
            if link.kind is LinkKind.REJECTED:
                reason = reject_message(classify_network(network.literal if network else None))
                detail = f" ({reason})" if reason else ""
                yield self.diagnostic(
                    link.span,
                    f"link `{spec(link)}` with `--network {mode}`: the daemon rejects it{detail}",
                )
            elif (
                link.kind is LinkKind.NOOP
                and classify_network(network.literal if network else None) is NetworkKind.NONE
            ):
                yield self.diagnostic(
                    link.span,
                    f"link `{spec(link)}` with `--network none` does nothing: the container "
                    "has no network to reach the target on",
                    severity=Severity.WARNING,
                )
