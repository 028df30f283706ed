"""DLK203 compose-link: a ``links`` entry on project networks (a DNS alias + depends_on)."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Diagnostic, Severity
from delink.model import LinkKind
from delink.planning import planning
from delink.project import Project
from delink.rule import Example, Rule
from delink.ruletools import compose_links, related_link


class ComposeLink(Rule):
    code = "DLK203"
    name = "compose-link"
    severity = Severity.INFO
    fixable = True
    summary = "A v2+/spec `links` entry: only an alias for one service and an implied `depends_on`."
    what = """
Finds `links` entries of v2, v3 and Compose spec services on project networks. There a
link is not a legacy link: Compose turns it into an endpoint link, a DNS alias that only
the linking service resolves, plus an implied `depends_on` (`condition:
service_started`, `restart: true`). It injects no env vars and writes no /etc/hosts.
"""
    why = """
The word "link" suggests a legacy link, so code next to it often still reads
`DB_PORT_5432_TCP_ADDR`, which is never set here (DLK504). Services on a shared network
already reach each other by service name; `depends_on` and network aliases say the same
thing explicitly, and `docker stack deploy` ignores `links` altogether.
"""
    example = """
```yaml
services:
  api:
    image: myapi
    links:
      - db:database
  db:
    image: postgres
```
"""
    instead = """
```yaml
services:
  api:
    image: myapi
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
"""
    fix_safety = """
Removing a link keeps behaviour exactly when the target is a service of the project, the
alias is the service's name (or already one of its network aliases on the shared
network) and the start order is kept by an equivalent `depends_on`: an existing entry,
or the map form with `restart: true` (Compose spec files). That fix is safe. It is
unsafe when the alias becomes a network alias (visible to every service on the network,
not only to the linking one) or when the format only has a `depends_on` list item (v2.0,
v3.x) or entry without `restart` (v2.1–2.4). An alias that collides with another
service's name, `container_name` or alias is not added: that link gets no fix.
"""
    examples = (
        Example(
            title="a bare link in a spec file",
            files={
                "compose.yaml": (
                    "services:\n"
                    "  web:\n"
                    "    image: nginx:1.25\n"
                    "    links: [api]\n"
                    "  api:\n"
                    "    image: example/api:1.0\n"
                ),
            },
            expect=[
                "compose.yaml:4:13: DLK203 `links` entry `api` of `web` is only a DNS alias "
                "on the project network and an implied `depends_on`; `api` already resolves by "
                "service name",
            ],
            fixed={
                "compose.yaml": (
                    "services:\n"
                    "  web:\n"
                    "    image: nginx:1.25\n"
                    "    depends_on: {api: {condition: service_started, restart: true}}\n"
                    "  api:\n"
                    "    image: example/api:1.0\n"
                ),
            },
        ),
        Example(
            title="an alias on a v3 file",
            files={
                "docker-compose.yml": (
                    "version: '3.8'\n"
                    "services:\n"
                    "  api:\n"
                    "    image: example/api:1.0\n"
                    "    links:\n"
                    '      - "db:database"\n'
                    "    environment:\n"
                    "      API_DB_HOST: database\n"
                    "  db:\n"
                    "    image: postgres:16\n"
                ),
            },
            expect=[
                "docker-compose.yml:6:9: DLK203 `links` entry `db:database` of `api` is only a "
                "DNS alias on the project network and an implied `depends_on`; `db` does not "
                "answer to `database` otherwise",
            ],
            unsafe=True,
            fixed={
                "docker-compose.yml": (
                    "version: '3.8'\n"
                    "services:\n"
                    "  api:\n"
                    "    image: example/api:1.0\n"
                    "    depends_on:\n"
                    "      - db\n"
                    "    environment:\n"
                    "      API_DB_HOST: database\n"
                    "  db:\n"
                    "    image: postgres:16\n"
                    "    networks:\n"
                    "      default:\n"
                    "        aliases:\n"
                    "          - database\n"
                ),
            },
        ),
    )

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for link, _svc, consumer in compose_links(project):
            if link.origin != "links" or link.kind is not LinkKind.ENDPOINT:
                continue
            target = project.target(link)
            if target is None:
                continue  # DLK206
            alias = link.alias.literal if link.alias is not None else None
            if alias is None:
                continue  # DLK208
            message = (
                f"`links` entry `{link.value.display}` of `{consumer.service}` is only a DNS "
                "alias on the project network and an implied `depends_on`; "
            )
            if target.service is None:
                message += f"its target {target.label} is not a service of this project"
            elif alias == target.service:
                message += f"`{alias}` already resolves by service name"
            else:
                message += f"`{target.service}` does not answer to `{alias}` otherwise"
            yield self.diagnostic(
                link.span,
                message,
                fix=planning(project).link_fix(link),
                related=related_link(project, link),
            )
