"""DLK504 link-env-not-injected: a link env var read where the link injects none."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Applicability, Diagnostic, Fix, Severity
from delink.facts import Link
from delink.model import LinkKind, env_off_by_default
from delink.project import Project
from delink.rule import Example, Rule
from delink.ruletools import related_read, spec


class LinkEnvNotInjected(Rule):
    code = "DLK504"
    name = "link-env-not-injected"
    severity = Severity.ERROR
    summary = "Code reads a link env var that its link never injects: it is empty today."
    what = """
Finds reads of link env vars whose only links inject no env at all: links on a
user-defined network (`--network appnet --link db:db`, Compose v2+ `links:`), links the
engine ignores, and legacy links on an engine that no longer injects link env vars
(Engine 29+ without `DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS=1`; set `engine` in
the configuration).
"""
    why = "The code is already broken: the variable is empty, and nothing says so."
    example = """
```sh
docker run --network appnet --link db:db myapp sh -c 'ping $DB_PORT_5432_TCP_ADDR'
```
"""
    instead = """
```sh
docker run --network appnet myapp sh -c 'ping db'
```
"""
    fix_safety = (
        "No automatic fix: setting the variable changes behaviour (from empty to a value); "
        "the suggestion shows the explicit value."
    )
    examples = (
        Example(
            files={
                "run.sh": (
                    "docker run --network appnet --link db:db alpine "
                    "sh -c 'ping $DB_PORT_5432_TCP_ADDR'\n"
                ),
            },
            expect=[
                "run.sh:1:62: DLK504 reads `DB_PORT_5432_TCP_ADDR`, which is never set: the link "
                "`db:db` is on the user-defined network `appnet`, where links inject no env vars",
            ],
        ),
    )

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for read in project.reads:
            var = project.var(read.name)
            if var is None:
                continue
            links = project.links_for_read(read)
            if not links or project.injecting_links(read):
                continue
            link = links[0]
            yield self.diagnostic(
                read.span,
                f"reads `{read.name}`, which is never set: {_why(project, link)}",
                fix=Fix(
                    Applicability.DISPLAY_ONLY,
                    f"set `{read.name}` explicitly, with the target's hostname, or stop reading it",
                    (),
                ),
                related=related_read(project, links),
            )


def _why(project: Project, link: Link) -> str:
    if link.kind is LinkKind.LEGACY and env_off_by_default(project.settings.engine):
        return (
            f"the legacy link `{spec(link)}` injects no env vars on Engine "
            f"{project.settings.engine} unless the daemon runs with "
            "DOCKER_KEEP_DEPRECATED_LEGACY_LINKS_ENV_VARS=1"
        )
    if link.kind is LinkKind.ENDPOINT:
        consumer = link.consumer
        net = consumer.network.display if consumer is not None and consumer.network else None
        where = f"the user-defined network `{net}`" if net else "a user-defined network"
        return f"the link `{spec(link)}` is on {where}, where links inject no env vars"
    if link.kind is LinkKind.IGNORED:
        return f"the engine ignores the link `{spec(link)}`"
    return f"the link `{spec(link)}` ({link.kind.value}) injects no env vars"
