"""DLK206 compose-link-undefined: a link to a service defined nowhere, or to itself."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Diagnostic, Related, Severity
from delink.planning import planning
from delink.project import Project
from delink.rule import Example, Rule
from delink.ruletools import compose_links


class ComposeLinkUndefined(Rule):
    code = "DLK206"
    name = "compose-link-undefined"
    severity = Severity.ERROR
    summary = "A `links` entry whose service is defined in no file of the project, or itself."
    what = """
Checks the target of every `links` entry against the merged Compose project: the file
itself, its override (`docker-compose.override.yml`), the files of `COMPOSE_FILE` in
`.env`, `include:`, and, as a last resort, the other Compose files of the directory
(combined with `-f` by a script delink cannot see). A target defined in none of them is
reported, and so is a service that links to itself. Compose v2 reads an entry with two
colons (`a:b:c`) as one service name, which is undefined too. (Entries that docker
itself rejects, such as a v1 `a:b:c`, are DLK303's.) Also reported, as a warning: a
target that shares no network with the linking service, so that the alias never resolved.
"""
    why = "Compose refuses to start the project, or the alias never worked."
    example = """
```yaml
services:
  web:
    image: myapp
    links:
      - databse
  database:
    image: postgres
```
"""
    instead = "Link (or better: `depends_on`) a service that exists."
    fix_safety = "No fix: delink cannot tell which service was meant."
    examples = (
        Example(
            files={
                "compose.yaml": (
                    "services:\n"
                    "  web:\n"
                    "    image: example/web:1.0\n"
                    "    links:\n"
                    "      - databse\n"
                    "      - web\n"
                    "  database:\n"
                    "    image: postgres:16\n"
                ),
            },
            expect=[
                "compose.yaml:5:9: DLK206 `web` links to `databse`, which no file of the Compose "
                'project defines (service "web" depends on undefined service "databse")',
                "compose.yaml:6:9: DLK206 `web` links to itself: Compose refuses a service "
                "that depends on itself",
            ],
        ),
    )

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for link, svc, container in compose_links(project):
            if link.origin != "links" or link.target is None or link.target.literal is None:
                continue
            consumer = container.service
            name = link.target.literal
            if name == consumer:
                yield self.diagnostic(
                    link.span,
                    f"`{consumer}` links to itself: Compose refuses a service that depends "
                    "on itself",
                )
                continue
            targets = project.targets(link)
            if not targets:
                if svc.doc.format == "v1":
                    detail = (
                        f'Service "{consumer}" has a link to service "{name}" which does not exist.'
                    )
                else:
                    detail = f'service "{consumer}" depends on undefined service "{name}"'
                extra = ""
                if ":" in name and svc.doc.format not in ("v1", "blockade"):
                    extra = "; Compose v2 reads an entry with two colons as one service name"
                yield self.diagnostic(
                    link.span,
                    f"`{consumer}` links to `{name}`, which no file of the Compose project "
                    f"defines ({detail}){extra}",
                )
                continue
            if svc.doc.format in ("v1", "blockade") or svc.network_mode is not None:
                continue
            target = targets[0]
            tsvc = target.syntax
            if getattr(tsvc, "network_mode", None) is not None:
                continue
            mine, theirs = planning(project).compose_networks(container, target)
            if not set(mine) & set(theirs):
                yield self.diagnostic(
                    link.span,
                    f"`{consumer}` and `{name}` share no network ({', '.join(mine)} / "
                    f"{', '.join(theirs)}): the link's alias never resolved",
                    severity=Severity.WARNING,
                    related=[Related(target.anchor, f"`{name}` is defined here")],
                )
