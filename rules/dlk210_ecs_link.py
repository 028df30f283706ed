"""DLK210 ecs-link: ``links`` of an ECS container definition or a Dockerrun.aws.json."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Applicability, Diagnostic, Fix, Severity
from delink.facts import Link
from delink.model import LinkKind
from delink.project import Project
from delink.rule import Example, Rule
from delink.ruletools import alias_of, names, related_link, spec, unique


def _where(link: Link) -> str:
    c = link.consumer
    if c is not None and c.origin.startswith("Dockerrun"):
        return "Dockerrun.aws.json container"
    return "ECS container definition"


def suggestion(link: Link, reads: list[str]) -> Fix:
    alias = alias_of(link)
    env = ""
    if reads:
        env = f"; give the variables it reads ({names(reads)}) explicit `environment` entries"
    return Fix(
        Applicability.DISPLAY_ONLY,
        "ECS has no user-defined networks in `bridge` mode: use `networkMode: awsvpc` (the "
        f"containers of a task share one network namespace: `{alias}` becomes `localhost`), "
        f"or service discovery / Service Connect for `{alias}`{env}",
        (),
    )


class EcsLink(Rule):
    code = "DLK210"
    name = "ecs-link"
    severity = Severity.WARNING
    summary = "`links` of an ECS container definition (task definitions, Dockerrun.aws.json)."
    what = """
Finds `links` in Amazon ECS container definitions: task definition JSON (also
`describe-task-definition` output and bare lists of container definitions), Elastic
Beanstalk `Dockerrun.aws.json` version 2, CloudFormation `AWS::ECS::TaskDefinition`
(`Links`, JSON or YAML) and Terraform `aws_ecs_task_definition` `container_definitions`
(a JSON heredoc or `jsonencode`). ECS allows `links` only in the `bridge` network mode
(the default on Linux container instances): the ECS agent sends each item
(`name:internalName`, the alias defaulting to the name) as `HostConfig.Links` on
Docker's default bridge and starts the target first. Each link is a legacy link: an
`/etc/hosts` entry for the alias and, before Engine 29, `<ALIAS>_PORT_…` env vars in the
linking container, just like `docker run --link`. With `awsvpc` or `host` ECS rejects the
task definition.
"""
    why = """
The ECS-optimized AMIs follow Docker Engine releases: from Engine 29 the link env vars are
no longer injected, and Engine 30 plans to remove links on the default bridge. An
application that reads `DB_PORT_5432_TCP_ADDR` then gets an empty string.
"""
    example = """
```json
{
  "family": "shop",
  "containerDefinitions": [
    {"name": "web", "image": "example/shop:3", "links": ["db:database"]},
    {"name": "db", "image": "postgres:9.6"}
  ]
}
```
"""
    instead = """
```json
{
  "family": "shop",
  "networkMode": "awsvpc",
  "containerDefinitions": [
    {"name": "web", "image": "example/shop:3",
     "environment": [{"name": "DATABASE_HOST", "value": "localhost"}]},
    {"name": "db", "image": "postgres:9.6"}
  ]
}
```
In `awsvpc` mode the containers of a task share one network namespace and reach each
other on `localhost`; containers of other tasks are reached through service discovery or
Service Connect.
"""
    fix_safety = """
No automatic fix: moving a task to `awsvpc` changes how it is placed, networked and
secured (an ENI per task, security groups, no host port mappings), so the fix is shown as
a suggestion.
"""
    examples = (
        Example(
            files={
                "task-definition.json": (
                    "{\n"
                    '  "family": "shop",\n'
                    '  "containerDefinitions": [\n'
                    '    {"name": "web", "image": "example/shop:3", "links": ["db:database"]},\n'
                    '    {"name": "db", "image": "postgres:9.6"}\n'
                    "  ]\n"
                    "}\n"
                ),
            },
            expect=[
                "task-definition.json:4:59: DLK210 legacy link `db:database` of the ECS "
                "container definition `web` (network mode `bridge`, the default): `web` "
                "reaches `db` as `database` through deprecated /etc/hosts entries and link "
                "env vars",
            ],
        ),
        Example(
            title="Elastic Beanstalk multicontainer Docker",
            files={
                "Dockerrun.aws.json": (
                    "{\n"
                    '  "AWSEBDockerrunVersion": 2,\n'
                    '  "containerDefinitions": [\n'
                    '    {"name": "app", "image": "example/app:1", "essential": true},\n'
                    '    {"name": "proxy", "image": "nginx:1.25", "links": ["app"]}\n'
                    "  ]\n"
                    "}\n"
                ),
            },
            expect=[
                "Dockerrun.aws.json:5:57: DLK210 legacy link `app` of the Dockerrun.aws.json "
                "container `proxy` (network mode `bridge`, the default): `proxy` reaches `app` "
                "through deprecated /etc/hosts entries and link env vars",
            ],
        ),
        Example(
            title="awsvpc: ECS rejects links",
            files={
                "taskdef.json": (
                    "{\n"
                    '  "family": "api",\n'
                    '  "networkMode": "awsvpc",\n'
                    '  "containerDefinitions": [\n'
                    '    {"name": "api", "image": "example/api:1", "links": ["cache"]},\n'
                    '    {"name": "cache", "image": "redis:7"}\n'
                    "  ]\n"
                    "}\n"
                ),
            },
            expect=[
                "taskdef.json:5:58: DLK210 `links` entry `cache` of the ECS container definition "
                "`api` in network mode `awsvpc`: ECS allows links only in `bridge` mode and "
                "rejects this task definition",
            ],
        ),
    )

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for link in project.links:
            if link.origin != "ecs links" or link.error is not None or link.consumer is None:
                continue
            consumer = link.consumer
            who = f"`{consumer.name.display}`" if consumer.name is not None else "the container"
            target = link.target.display if link.target is not None else spec(link)
            alias = alias_of(link)
            reaches = f"`{target}`" if alias == target else f"`{target}` as `{alias}`"
            where = f"the {_where(link)} {who}"
            mode = consumer.network.display if consumer.network is not None else None
            if link.kind is LinkKind.REJECTED:
                yield self.diagnostic(
                    link.span,
                    f"`links` entry `{spec(link)}` of {where} in network mode `{mode}`: ECS "
                    "allows links only in `bridge` mode and rejects this task definition",
                    severity=Severity.ERROR,
                )
                continue
            if link.kind is LinkKind.NOOP:
                continue
            reads = project.reads_for_link(link)
            read_names = unique([r.name for r in reads])
            kind = "legacy link"
            if link.kind is LinkKind.UNKNOWN:
                mode_text = f"network mode `{mode}`, a legacy link if it is `bridge`"
                kind = "link"
            elif mode is None and consumer.origin == "ecs container definition list":
                mode_text = "its task's network mode is set elsewhere; `bridge` is the default"
            elif mode is None:
                mode_text = "network mode `bridge`, the default"
            else:
                mode_text = f"network mode `{mode}`"
            message = (
                f"{kind} `{spec(link)}` of {where} ({mode_text}): {who} reaches {reaches} "
                "through deprecated /etc/hosts entries and link env vars"
            )
            if read_names:
                message += f"; its consumers read {names(read_names)}"
            yield self.diagnostic(
                link.span,
                message,
                fix=suggestion(link, read_names),
                related=related_link(project, link, reads),
            )
