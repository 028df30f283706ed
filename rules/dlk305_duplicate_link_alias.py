"""DLK305 duplicate-link-alias: two links of one container with the same alias."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Diagnostic, Related, Severity
from delink.facts import Link
from delink.model import env_prefix
from delink.planning import planning
from delink.project import Project
from delink.rule import Example, Rule
from delink.ruletools import alias_of, spec


class DuplicateLinkAlias(Rule):
    code = "DLK305"
    name = "duplicate-link-alias"
    severity = Severity.WARNING
    fixable = True
    summary = "Two links of one container use the same alias (or the same env prefix)."
    what = """
Finds a container with two links whose aliases are equal: the daemon reserves the first
one and ignores the second with only a log warning. Also finds aliases that differ but
give the same env var prefix (`web-db` and `web_db` both give `WEB_DB_…`), whose env vars
then collide in random order.
"""
    why = "The second link silently does not exist, or the env vars it gives are unpredictable."
    example = """
```sh
docker run --link db1:db --link db2:db myapp
```
"""
    instead = """
```sh
docker run --link db1:db myapp
```
"""
    fix_safety = (
        "Removing an exact duplicate is safe (the daemon ignored it). "
        "Colliding prefixes get no fix."
    )
    examples = (
        Example(
            files={"run.sh": "docker run --link db1:db --link db2:db myapp\n"},
            expect=[
                "run.sh:1:26: DLK305 alias `db` is already used by `--link db1:db`: the daemon "
                "ignores this link",
            ],
            fixed={"run.sh": "docker run --link db1:db myapp\n"},
        ),
    )

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for container in project.containers:
            seen_alias: dict[str, list[Link]] = {}
            seen_prefix: dict[str, list[Link]] = {}
            for link in container.links:
                if link.error is not None or link.alias is None or link.alias.literal is None:
                    continue
                alias = alias_of(link)
                # links in template branches that never render together do not collide
                first = next((x for x in seen_alias.get(alias, []) if not x.exclusive(link)), None)
                if first is not None:
                    fix = planning(project).removal_fix(
                        container, [link], "remove the ignored link"
                    )
                    yield self.diagnostic(
                        link.span,
                        f"alias `{alias}` is already used by `--link {spec(first)}`: the daemon "
                        "ignores this link",
                        fix=fix,
                        related=[Related(first.span, "the first link with this alias")],
                    )
                    continue
                prefix = env_prefix(alias)
                other = next(
                    (x for x in seen_prefix.get(prefix, []) if not x.exclusive(link)), None
                )
                if other is not None:
                    yield self.diagnostic(
                        link.span,
                        f"alias `{alias}` gives the same env var prefix `{prefix}_` as "
                        f"`--link {spec(other)}`: their link env vars collide",
                        related=[Related(other.span, "the other link")],
                    )
                seen_alias.setdefault(alias, []).append(link)
                seen_prefix.setdefault(prefix, []).append(link)
