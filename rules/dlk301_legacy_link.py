"""DLK301 legacy-link: ``docker run --link`` on the default bridge network."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Diagnostic, Severity
from delink.model import LinkKind
from delink.project import Project
from delink.rule import Example, Rule
from delink.ruletools import group_fix, names, related_link, spec


class LegacyLink(Rule):
    code = "DLK301"
    name = "legacy-link"
    severity = Severity.WARNING
    fixable = True
    summary = "A `--link` on the default bridge network: a deprecated legacy link."
    what = """
Finds `--link` on `docker run`, `docker create`, `docker container run|create` (also
`--link=…`, the pre-1.0 `-link`, links passed through a variable or an array) when the
container runs on the default bridge network, so that the link is a *legacy* link: it
writes `/etc/hosts` entries and, before Engine 29, injects `<ALIAS>_PORT_…` env vars.
"""
    why = """
Legacy links are deprecated. Engine 29 stopped injecting their env vars by default and
Engine 30 plans to remove links on the default bridge altogether. Scripts that rely on
them break at run time, silently: the variables are just empty.
"""
    example = """
```sh
docker run -d --name db postgres
docker run -d --link db:db myapp
```
"""
    instead = """
```sh
docker network inspect db-net >/dev/null 2>&1 || docker network create db-net
docker run -d --network db-net --name db postgres
docker run -d --network db-net myapp
```
Every link env var the consumers read becomes an explicit `-e` whose value uses the
hostname (`-e DB_PORT_5432_TCP_ADDR=db`).
"""
    fix_safety = """
The fix moves every container of the linked group to one user-defined network (created
idempotently before its first use), adds `--network-alias` on the target when the alias
differs from its name, and writes the link env vars the consumers read as explicit `-e`.
It is safe only when that keeps behaviour exactly. It is unsafe when a value changes from
an IP address to a hostname, when an alias becomes visible to the whole network, when a
port is guessed, when the target is not started in the repository, or when the consumer's
image is not built in the repository (delink cannot see which variables it reads).
"""
    examples = (
        Example(
            title="alias equals the target's name, nothing reads the link's env",
            files={
                "run.sh": (
                    "#!/bin/sh\n"
                    "docker run -d --name db postgres:16\n"
                    "docker build -t myapp ./app\n"
                    "docker run -d --name web --link db myapp\n"
                ),
                "app/Dockerfile": 'FROM alpine\nCMD ["/app"]\n',
            },
            expect=[
                "run.sh:4:26: DLK301 legacy link `db` on the default bridge network: "
                "`web` reaches `db` through deprecated /etc/hosts entries and link env vars",
            ],
            fixed={
                "run.sh": (
                    "#!/bin/sh\n"
                    "docker network inspect db-net >/dev/null 2>&1"
                    " || docker network create db-net\n"
                    "docker run --network db-net -d --name db postgres:16\n"
                    "docker build -t myapp ./app\n"
                    "docker run -d --name web --network db-net myapp\n"
                ),
            },
        ),
    )

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for link in project.links:
            if link.kind is not LinkKind.LEGACY or link.origin != "--link" or link.consumer is None:
                continue
            if link.error is not None:
                continue
            consumer = link.consumer.label
            target = link.target.display if link.target is not None else spec(link)
            reads = project.reads_for_link(link)
            message = (
                f"legacy link `{spec(link)}` on the default bridge network: {consumer} "
                f"reaches `{target}` through deprecated /etc/hosts entries and link env vars"
            )
            read_names = project.read_names(link)
            if read_names:
                message += f"; its consumers read {names(read_names)}"
            if link.dynamic:
                message += "; its target changes from one loop iteration to the next"
            yield self.diagnostic(
                link.span,
                message,
                fix=group_fix(project, link),
                related=related_link(project, link, reads),
            )
