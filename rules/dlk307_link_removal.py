"""DLK307 link-removal: ``docker rm --link``."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Diagnostic, Severity
from delink.project import Project
from delink.rule import Example, Rule


class LinkRemoval(Rule):
    code = "DLK307"
    name = "link-removal"
    severity = Severity.INFO
    summary = "`docker rm --link` removes a legacy link; there is none after migrating."
    what = "Finds `docker rm --link` / `docker container rm -l`, which removes a legacy link."
    why = """
The command only makes sense with legacy links. Once the containers share a user-defined
network there is no link to remove, and `docker rm --link` fails with `No such container`
or `Conflict, cannot remove the default link name of the container`.
"""
    example = """
```sh
docker rm --link /web/db
```
"""
    instead = """
```sh
docker network disconnect appnet db
```
"""
    fix_safety = "No fix: what replaces it depends on why the link was removed."
    examples = (
        Example(
            files={"down.sh": "docker rm --link /web/db\n"},
            expect=[
                "down.sh:1:1: DLK307 `docker rm --link /web/db` removes a legacy link: after "
                "moving to a network, use `docker network disconnect` instead",
            ],
        ),
    )

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for removal in project.removals:
            if removal.origin != "docker rm --link":
                continue  # SDK removals are DLK406's
            yield self.diagnostic(
                removal.span,
                f"`docker rm --link {removal.value.display}` removes a legacy link: after moving "
                "to a network, use `docker network disconnect` instead",
            )
