"""DLK201 compose-v1-format: a v1-format Compose file that declares links."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Diagnostic, Severity
from delink.planning import planning
from delink.project import Project
from delink.rule import Example, Rule


class ComposeV1Format(Rule):
    code = "DLK201"
    name = "compose-v1-format"
    severity = Severity.WARNING
    fixable = True
    summary = "A Compose file in the v1 format (no `services:`) whose links are legacy links."
    what = """
Finds Compose files in the v1 format (every top-level key is a service, no `version`,
no `services:`), including `fig.yml` and templates of them, that declare `links` or
`external_links`. It points at the first service key. Compose's own rule decides the
format: no `version` and no top-level `services`, `networks` or `volumes` is v1.

delink has one rule per meaning of a Compose link rather than one rule for all of them:
the meanings differ in severity and in what the fix does, and each can be selected or
ignored on its own (DLK201 the v1 file, DLK202 legacy links, DLK203 links on project
networks, DLK204 `external_links`, DLK205 alias collisions, DLK206 undefined targets
and self links, DLK207 links with a `network_mode` that rejects them, DLK208 links
whose target is a variable delink cannot resolve).
"""
    why = """
A v1 file runs its services on the default bridge, so its links are real legacy links
(env vars, /etc/hosts). It has no `networks`, `network_mode` or `depends_on`, so the links
cannot be replaced without upgrading the file first, and Compose v2 does not load v1 files
at all: only Compose 1.x (end of life) still runs them.
"""
    example = """
```yaml
web:
  image: myapp
  links:
    - db
db:
  image: postgres
```
"""
    instead = """
```yaml
services:
  web:
    image: myapp
    depends_on:
      db:
        condition: service_started
        restart: true
  db:
    image: postgres
```
"""
    fix_safety = """
The fix upgrades the whole file to the Compose spec format (services under `services:`,
`net` → `network_mode`, `dockerfile` → `build.dockerfile`, `log_driver`/`log_opt` →
`logging`, named volumes declared under their own names) and migrates every link in it
(see DLK202), writing every link variable the consumers read as explicit `environment`.
It is the same fix as the one of the file's links. It is unsafe when a value changes from
an IP address to a host name, when an alias becomes visible to the whole network, or when
a consumer's image is not built in the repository.
"""
    examples = (
        Example(
            title="a v1 file with a link and no reads",
            files={
                "docker-compose.yml": (
                    "web:\n  build: web\n  links:\n    - db\ndb:\n  image: postgres:16\n"
                ),
                "web/Dockerfile": 'FROM alpine\nCMD ["/app"]\n',
            },
            expect=[
                "docker-compose.yml:1:1: DLK201 Compose file in the v1 format (no `services:` "
                "key): its links are legacy links, and Compose v2 cannot load it; upgrade it to "
                "the Compose spec format",
            ],
            fixed={
                "docker-compose.yml": (
                    "services:\n"
                    "  web:\n"
                    "    build: web\n"
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
        for cf in project.compose.files:
            if cf.format != "v1" or cf.first_service is None:
                continue
            if not any(c.links for c in cf.services.values()):
                continue
            yield self.diagnostic(
                cf.first_service,
                "Compose file in the v1 format (no `services:` key): its links are legacy "
                "links, and Compose v2 cannot load it; upgrade it to the Compose spec format",
                fix=planning(project).compose_file_fix(cf),
            )
