"""DLK202 compose-legacy-link: a Compose ``links`` entry that is a real legacy link."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Diagnostic, Severity
from delink.model import LinkKind
from delink.planning import planning
from delink.project import Project
from delink.rule import Example, Rule
from delink.ruletools import compose_links, names, related_link


def where(link_format: str) -> str:
    if link_format == "v1":
        return "in a v1 Compose file"
    if link_format == "blockade":
        return "in a Blockade file"
    return "with `network_mode: bridge`"


class ComposeLegacyLink(Rule):
    code = "DLK202"
    name = "compose-legacy-link"
    severity = Severity.WARNING
    fixable = True
    summary = "A Compose `links` entry that is a legacy link (v1 file, `network_mode: bridge`)."
    what = """
Finds `links` entries that make real legacy links: every link of a v1-format Compose
file (and of a Blockade file), and links of a v2+/spec service with `network_mode:
bridge`. Such links write /etc/hosts entries and, before Engine 29, inject
`<ALIAS>_PORT_…` env vars; Compose v1 also adds the link names `<service>_1` and
`<project>_<service>_1` (Compose v2 on bridge: `<service>-1`, `<project>-<service>-1`),
each with its own variables.
"""
    why = """
Legacy links are deprecated: Engine 29 stopped injecting their env vars and Engine 30
plans to remove links on the default bridge. Code that reads the variables gets empty
strings, silently.
"""
    example = """
```yaml
services:
  app:
    image: myapp
    network_mode: bridge
    links:
      - db:database
  db:
    image: postgres
    network_mode: bridge
```
"""
    instead = """
```yaml
services:
  app:
    image: myapp
    depends_on:
      db:
        condition: service_started
        restart: true
  db:
    image: postgres
    networks:
      default:
        aliases:
          - database
```
Every link variable the consumer reads becomes an explicit `environment` entry whose
value uses the host name (`DATABASE_PORT_5432_TCP_ADDR: database`).
"""
    fix_safety = """
For `network_mode: bridge`, the fix moves every service of the linked group to the
project's `default` network, removes the links, keeps the start order with `depends_on`,
makes an alias that differs from the service name a network alias of the target, and
writes the link variables the consumers read. For a v1 file the fix is the file upgrade
(DLK201). It is unsafe when a value changes from an IP address to a host name, when an
alias becomes visible to the whole network, when a port is guessed, or when a
consumer's image is not built in the repository. Blockade files get no fix.
"""
    examples = (
        Example(
            title="network_mode: bridge, nothing reads the link's variables",
            files={
                "compose.yaml": (
                    "services:\n"
                    "  app:\n"
                    "    build: app\n"
                    "    network_mode: bridge\n"
                    "    links:\n"
                    "      - db\n"
                    "  db:\n"
                    "    image: postgres:16\n"
                    "    network_mode: bridge\n"
                ),
                "app/Dockerfile": 'FROM alpine\nCMD ["/app"]\n',
            },
            expect=[
                "compose.yaml:6:9: DLK202 legacy link `db` with `network_mode: bridge`: `app` "
                "reaches `db` through deprecated /etc/hosts entries and link env vars",
            ],
            fixed={
                "compose.yaml": (
                    "services:\n"
                    "  app:\n"
                    "    build: app\n"
                    "    depends_on:\n"
                    "      db:\n"
                    "        condition: service_started\n"
                    "        restart: true\n"
                    "  db:\n"
                    "    image: postgres:16\n"
                ),
            },
        ),
    )

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for link, svc, consumer in compose_links(project):
            if link.origin != "links" or link.kind is not LinkKind.LEGACY:
                continue
            target = link.target.display if link.target is not None else link.value.display
            reads = project.reads_for_link(link)
            message = (
                f"legacy link `{link.value.display}` {where(svc.doc.format)}: "
                f"`{consumer.service}` reaches `{target}` through deprecated /etc/hosts "
                "entries and link env vars"
            )
            read_names = project.read_names(link)
            if read_names:
                message += f"; its consumers read {names(read_names)}"
            yield self.diagnostic(
                link.span,
                message,
                fix=planning(project).link_fix(link),
                related=related_link(project, link, reads),
            )
