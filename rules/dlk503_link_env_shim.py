"""DLK503 link-env-shim: a link-shaped env var set by hand."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Diagnostic, Severity
from delink.project import Project
from delink.rule import Example, Rule


class LinkEnvShim(Rule):
    code = "DLK503"
    name = "link-env-shim"
    severity = Severity.INFO
    summary = "A link-shaped env var is set by hand (`-e REDIS_PORT_6379_TCP=tcp://…`)."
    what = """
Finds link-shaped variables (`<ALIAS>_PORT_<n>_TCP…`, `<ALIAS>_ENV_<VAR>`) that a
command or a Compose file sets explicitly: a shim that imitates a legacy link, common in
half-migrated projects and in ambassador setups.
"""
    why = """
The shim works, but the consumer still depends on link-era names, and whoever removes
the last link may remove the shim with it. It is a dependency worth knowing about.
A value set on a container of a user-defined network whose alias (or host) names a
container on that network is what a migration leaves (what `delink fix` writes), not a
shim: it is not reported.
"""
    example = """
```sh
docker run -e REDIS_PORT_6379_TCP=tcp://cache.internal:6379 myapp
```
"""
    instead = """
```sh
docker run -e REDIS_URL=redis://cache.internal:6379 myapp   # and read REDIS_URL
```
"""
    fix_safety = "No fix: renaming the variable means changing the consumer's code."
    examples = (
        Example(
            title="a migration's result: `db` is a container on the consumer's network",
            files={
                "run.sh": (
                    "docker run -d --network appnet --name db postgres:16\n"
                    "docker run -d --network appnet -e DB_PORT_5432_TCP_ADDR=db "
                    "-e DB_PORT_5432_TCP_PORT=5432 myapp\n"
                ),
            },
            expect=[],
        ),
        Example(
            files={"run.sh": "docker run -e REDIS_PORT_6379_TCP=tcp://10.0.0.5:6379 myapp\n"},
            expect=[
                "run.sh:1:15: DLK503 sets `REDIS_PORT_6379_TCP` by hand, imitating a legacy "
                "link env var: its consumers still depend on link-era names",
            ],
        ),
    )

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for env_set in project.env_sets:
            var = project.var(env_set.name)
            if var is None or var.ambiguous:
                continue
            owner = (
                project.container_by_key.get(env_set.container_key)
                if env_set.container_key is not None
                else None
            )
            if owner is not None and project.migrated_env(owner, env_set.name):
                continue  # a migration's result: it points at a container on its network
            yield self.diagnostic(
                env_set.span,
                f"sets `{env_set.name}` by hand, imitating a legacy link env var: its "
                "consumers still depend on link-era names",
            )
