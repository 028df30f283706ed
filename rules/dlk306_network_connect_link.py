"""DLK306 network-connect-link: ``docker network connect --link``."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Applicability, Diagnostic, Fix, Severity
from delink.model import LinkKind
from delink.project import Project
from delink.rule import Example, Rule
from delink.ruletools import alias_of, spec


class NetworkConnectLink(Rule):
    code = "DLK306"
    name = "network-connect-link"
    severity = Severity.INFO
    summary = "`docker network connect --link`: a DNS alias for one container, or nothing."
    what = """
Finds `--link` on `docker network connect`. On a user-defined network it adds an alias
that only the connected container resolves; on the default bridge it is accepted and does
nothing at all (the bridge has no embedded DNS).
"""
    why = """
It keeps link syntax alive in a migrated setup and is easy to mistake for a legacy link.
On the default bridge it is dead code.
"""
    example = """
```sh
docker network connect --link db:database appnet web
```
"""
    instead = """
```sh
docker network connect --alias database appnet db
```
"""
    fix_safety = "No automatic fix: the alias moves to another container; shown as a suggestion."
    examples = (
        Example(
            files={"net.sh": "docker network connect --link db:database appnet web\n"},
            expect=[
                "net.sh:1:24: DLK306 `docker network connect --link db:database` gives "
                "`database` to this container only, on `appnet`",
            ],
        ),
        Example(
            files={"net.sh": "docker network connect --link db:database bridge web\n"},
            expect=[
                "net.sh:1:24: DLK306 `docker network connect --link db:database` on the "
                "default bridge does nothing: the bridge has no DNS for the alias",
            ],
        ),
    )

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for link in project.links:
            if link.origin != "network connect --link" or link.error is not None:
                continue
            network = link.network
            net = network.display if network is not None else "its network"
            alias = alias_of(link)
            target = link.target.display if link.target is not None else alias
            if link.kind is LinkKind.NOOP:
                message = (
                    f"`docker network connect --link {spec(link)}` on the default bridge does "
                    "nothing: the bridge has no DNS for the alias"
                )
                severity = Severity.WARNING
            else:
                message = (
                    f"`docker network connect --link {spec(link)}` gives `{alias}` to this "
                    f"container only, on `{net}`"
                )
                severity = self.severity
            yield self.diagnostic(
                link.span,
                message,
                severity=severity,
                fix=Fix(
                    Applicability.DISPLAY_ONLY,
                    f"connect `{target}` with `--alias {alias}` instead",
                    (),
                ),
            )
