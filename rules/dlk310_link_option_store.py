"""DLK310 link-option-store: a ``--link`` kept in a tool's store of docker options."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Applicability, Diagnostic, Fix, Severity
from delink.facts import STORE_ORIGINS
from delink.project import Project
from delink.rule import Example, Rule
from delink.ruletools import spec


class LinkOptionStore(Rule):
    code = "DLK310"
    name = "link-option-store"
    severity = Severity.WARNING
    summary = "A `--link` stored as a docker option by a tool (dokku) for an app's containers."
    what = """
Finds `--link` in docker options that a tool stores and later gives to every `docker
run` of an app: `dokku docker-options:add APP PHASES "--link db:db"` (and `:remove`),
the dokku plugin helpers `add_passed_docker_option` / `remove_passed_docker_option`,
and dokku `docker-args-*` hooks that print options.
"""
    why = """
The link is a legacy link of every container the tool starts for the app, on the
default bridge network: it breaks like any other legacy link, but the `docker run` that
carries it is not in the repository.
"""
    example = """
```sh
dokku docker-options:add myapp deploy,run "--link postgres:db"
```
"""
    instead = """
```sh
docker network create myapp-net
docker network connect --alias db myapp-net postgres
dokku network:set myapp attach-post-create myapp-net
```
"""
    fix_safety = """
No automatic fix: the options live in the tool's store, so delink shows what to run
instead (a network the app's containers attach to, with the alias on the target).
"""
    examples = (
        Example(
            files={
                "hooks/link.sh": (
                    'dokku docker-options:add "$APP" deploy,run "--link pg-$APP:db"\n'
                    'dokku docker-options:remove "$APP" deploy,run "--link pg-$APP:db"\n'
                )
            },
            expect=[
                "hooks/link.sh:1:45: DLK310 `dokku docker-options:add` stores the legacy link "
                "`pg-$APP:db` for the app's containers: dokku gives it to their `docker run` "
                "on the default bridge network",
                "hooks/link.sh:2:48: DLK310 `dokku docker-options:remove` removes the stored "
                "legacy link `pg-$APP:db`: once the app is on a network, remove that network "
                "option instead",
            ],
        ),
    )

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for link in project.links:
            if link.origin not in STORE_ORIGINS or link.error is not None:
                continue
            alias = link.alias.display if link.alias is not None else spec(link)
            target = link.target.display if link.target is not None else alias
            if "remove" in link.origin:
                message = (
                    f"`{link.origin}` removes the stored legacy link `{spec(link)}`: once the "
                    "app is on a network, remove that network option instead"
                )
            elif link.origin == "docker-args hook":
                message = (
                    f"this hook prints the legacy link `{spec(link)}` as a docker option: dokku "
                    "gives it to the app's `docker run` on the default bridge network"
                )
            else:
                message = (
                    f"`{link.origin}` stores the legacy link `{spec(link)}` for the app's "
                    "containers: dokku gives it to their `docker run` on the default bridge "
                    "network"
                )
            yield self.diagnostic(
                link.span,
                message,
                fix=Fix(
                    Applicability.DISPLAY_ONLY,
                    f"attach the app's containers to a user-defined network instead, with "
                    f"`{target}` connected as `{alias}` (dokku: `dokku network:set APP "
                    "attach-post-create NETWORK`)",
                    (),
                ),
            )
