"""DLK204 compose-external-link: an ``external_links`` entry."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Diagnostic, Severity
from delink.model import LinkKind
from delink.planning import planning
from delink.project import Project
from delink.rule import Example, Rule
from delink.ruletools import compose_links, related_link


class ComposeExternalLink(Rule):
    code = "DLK204"
    name = "compose-external-link"
    severity = Severity.WARNING
    fixable = True
    summary = "An `external_links` entry: a link to a container Compose does not manage."
    what = """
Finds `external_links` entries. In a v1 file (or with `network_mode: bridge`) they are
legacy links to a container started outside the project, with env vars. On project
networks they are endpoint links that only work when the external container shares a
network with the service. An entry that names a service of the same project (used to
avoid the dependency cycle two `links` would make) is an alias for that service.
"""
    why = """
The link only works when the other container runs and shares a network, which nothing in
the file says; legacy external links are deprecated like every legacy link, and `docker
stack deploy` ignores `external_links`.
"""
    example = """
```yaml
services:
  app:
    image: myapp
    external_links:
      - ldap-server:ldap
```
"""
    instead = """
```yaml
services:
  app:
    image: myapp
    networks: [default, ldap-net]
networks:
  ldap-net:
    external: true
```
and connect the container: `docker network connect --alias ldap ldap-net ldap-server`.
"""
    fix_safety = """
For a container outside the project, the fix declares an external network (named with
the `network` setting, `{target}-net` by default) and attaches the service to it, keeping
`default`; the entry goes when its alias is the container's name. This is unsafe: the
container must be connected to that network by hand. When the service already joins an
external network, delink assumes the container is on it (unsafe). For a service of the
same project, the alias becomes a network alias of that service (unsafe: visible to the
whole network); no `depends_on` is added, as `external_links` imply none.
"""
    examples = (
        Example(
            title="an external container with no alias",
            files={
                "compose.yaml": (
                    "services:\n"
                    "  app:\n"
                    "    image: example/app:1.0\n"
                    "    external_links:\n"
                    "      - ldap-server\n"
                ),
            },
            expect=[
                "compose.yaml:5:9: DLK204 external link `ldap-server` of `app`: the container "
                "`ldap-server` is not managed by Compose and is only reached when it shares a "
                "network with `app`",
            ],
            unsafe=True,
            fixed={
                "compose.yaml": (
                    "services:\n"
                    "  app:\n"
                    "    image: example/app:1.0\n"
                    "    networks:\n"
                    "      default: {}\n"
                    "      ldap-server-net: {}\n"
                    "networks:\n"
                    "  ldap-server-net:\n"
                    "    external: true\n"
                ),
            },
        ),
    )

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for link, _svc, container in compose_links(project):
            if link.origin != "external_links" or link.target is None:
                continue
            if link.kind in (LinkKind.REJECTED, LinkKind.NOOP):
                continue
            consumer = container.service
            targets = project.targets(link)
            name = link.target.display
            if targets:
                message = (
                    f"external link `{link.value.display}` of `{consumer}` names the service "
                    f"`{targets[0].service}` of this project: a network alias does the same "
                    "without a link"
                )
            elif link.kind is LinkKind.LEGACY:
                message = (
                    f"legacy external link `{link.value.display}` of `{consumer}`: the container "
                    f"`{name}` is reached through deprecated /etc/hosts entries and link env vars"
                )
            else:
                message = (
                    f"external link `{link.value.display}` of `{consumer}`: the container "
                    f"`{name}` is not managed by Compose and is only reached when it shares a "
                    f"network with `{consumer}`"
                )
            yield self.diagnostic(
                link.span,
                message,
                fix=planning(project).link_fix(link),
                related=related_link(project, link),
            )
