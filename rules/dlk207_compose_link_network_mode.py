"""DLK207 compose-link-network-mode: links with a ``network_mode`` that cannot carry them."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Diagnostic, Related, Severity
from delink.model import LinkKind, NetworkKind, reject_message
from delink.project import Project
from delink.rule import Example, Rule
from delink.ruletools import compose_links


class ComposeLinkNetworkMode(Rule):
    code = "DLK207"
    name = "compose-link-network-mode"
    severity = Severity.ERROR
    summary = "Links on a service with `network_mode: host`, `service:`, `container:` or `none`."
    what = """
Finds `links` and `external_links` of services whose `network_mode` (v1: `net`) cannot
carry them: the daemon rejects links with `host`, `container:…` and `service:…` (which
reaches it as `container:<id>`); with `none` they are accepted and do nothing. Also finds
a `network_mode: bridge` service linking a service that is not on the default bridge:
the daemon refuses to start it ("Cannot link to …, as it does not belong to the default
network").
"""
    why = "The service does not start, or the link is dead code that misleads readers."
    example = """
```yaml
services:
  agent:
    image: myagent
    network_mode: host
    links:
      - db
```
"""
    instead = """
```yaml
services:
  agent:
    image: myagent
    network_mode: host   # reach db through a published port
```
"""
    fix_safety = "No fix: which network the service should use is a design decision."
    examples = (
        Example(
            files={
                "compose.yaml": (
                    "services:\n"
                    "  agent:\n"
                    "    image: example/agent:1.0\n"
                    "    network_mode: host\n"
                    "    links:\n"
                    "      - db\n"
                    "  db:\n"
                    "    image: postgres:16\n"
                ),
            },
            expect=[
                "compose.yaml:6:9: DLK207 link `db` of `agent` with `network_mode: host`: the "
                "daemon rejects it (conflicting options: host type networking can't be used with "
                "links. This would result in undefined behavior)",
            ],
        ),
    )

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for link, svc, container in compose_links(project):
            consumer = container.service
            mode = svc.network_mode or "default"
            key = "net" if svc.doc.format == "v1" else "network_mode"
            if link.kind is LinkKind.REJECTED:
                reason = reject_message(svc.network_kind)
                detail = f" ({reason})" if reason else ""
                yield self.diagnostic(
                    link.span,
                    f"link `{link.value.display}` of `{consumer}` with `{key}: {mode}`: the daemon "
                    f"rejects it{detail}",
                )
            elif link.kind is LinkKind.NOOP:
                yield self.diagnostic(
                    link.span,
                    f"link `{link.value.display}` of `{consumer}` with `{key}: none` does nothing: "
                    "the service has no network to reach the target on",
                    severity=Severity.WARNING,
                )
            elif (
                link.kind is LinkKind.LEGACY
                and link.origin == "links"
                and svc.doc.format not in ("v1", "blockade")
            ):
                targets = project.targets(link)
                if not targets:
                    continue
                tsvc = targets[0].syntax
                kind = getattr(tsvc, "network_kind", None)
                if kind is None or kind is NetworkKind.DEFAULT_BRIDGE:
                    continue
                yield self.diagnostic(
                    link.span,
                    f"`{consumer}` is on the default bridge but `{targets[0].service}` is not: the "
                    f"daemon refuses the link (Cannot link to {targets[0].service}, as it does not "
                    "belong to the default network)",
                    related=[Related(targets[0].anchor, f"`{targets[0].service}` is defined here")],
                )
