"""DLK501 link-env-read: a read of a link env var whose link is known."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Diagnostic, Severity
from delink.project import Project
from delink.rule import Example, Rule
from delink.ruletools import group_fix, related_read, spec


class LinkEnvRead(Rule):
    code = "DLK501"
    name = "link-env-read"
    severity = Severity.WARNING
    fixable = True
    summary = "Code reads an env var that a legacy link in the project injects."
    what = """
Finds reads of link env vars (`$DB_PORT_5432_TCP_ADDR`, `${DB_ENV_POSTGRES_USER:-app}`,
`DB_PORT`, `DB_NAME`, …) in shell scripts, the `sh -c` of a `docker run`, entrypoints in
an image's build context and other consumers, and joins each read with the link that
injects the variable, wherever in the project that link is declared.
"""
    why = """
The variable exists only because of the legacy link. Engine 29 stopped injecting it by
default, and moving the containers to a user-defined network drops it: the read then
gets an empty string, at run time, with no error.
"""
    example = """
```sh
# run.sh
docker run -d --link db:db myapp
# app/entrypoint.sh
psql -h "$DB_PORT_5432_TCP_ADDR" -p "$DB_PORT_5432_TCP_PORT"
```
"""
    instead = """
```sh
docker run -d --network db-net -e DB_PORT_5432_TCP_ADDR=db -e DB_PORT_5432_TCP_PORT=5432 myapp
```
or, better, read settings of your own (`DB_HOST=db`).
"""
    fix_safety = """
The fix is the one of the link (DLK301): the link's group moves to a network and the
variables the consumers read become explicit `-e`. Values that held the target's IP now
hold its hostname, so the fix is unsafe in that case.
"""
    examples = (
        Example(
            files={
                "run.sh": (
                    "docker run -d --name db --expose 5432 postgres\n"
                    "docker run --rm --link db:db postgres sh -c 'psql -h $DB_PORT_5432_TCP_ADDR'\n"
                ),
            },
            expect=[
                "run.sh:2:55: DLK501 reads `DB_PORT_5432_TCP_ADDR`, which the legacy link "
                "`db:db` (run.sh:2) injects: it is gone once the link is, and Engine 29+ "
                "no longer sets it",
            ],
            unsafe=True,
            fixed={
                "run.sh": (
                    "docker network inspect db-net >/dev/null 2>&1"
                    " || docker network create db-net\n"
                    "docker run --network db-net -d --name db --expose 5432 postgres\n"
                    "docker run --rm --network db-net -e DB_PORT_5432_TCP_ADDR=db postgres sh -c "
                    "'psql -h $DB_PORT_5432_TCP_ADDR'\n"
                ),
            },
        ),
    )

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for read in project.reads:
            if project.var(read.name) is None and not read.pattern:
                continue
            links = project.injecting_links(read)
            if not links:
                continue
            where = ", ".join(
                f"`{spec(x)}` ({project.where(x.span.path, x.span.start)})" for x in links[:3]
            )
            more = f" and {len(links) - 3} more" if len(links) > 3 else ""
            kind = "legacy link" if len(links) == 1 else "legacy links"
            verb = "injects" if len(links) == 1 else "inject"
            what = f"reads `{read.name}`"
            if read.pattern:
                what = (
                    f"builds link env var names of the shape `{read.name}` at run time and "
                    "reads them"
                    if read.built
                    else f"reads every link env var matching `{read.name}`"
                )
            yield self.diagnostic(
                read.span,
                f"{what}, which the {kind} {where}{more} {verb}: it is gone once "
                "the link is, and Engine 29+ no longer sets it",
                fix=group_fix(project, links[0]),
                related=related_read(project, links),
            )
