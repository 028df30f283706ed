"""DLK406 sdk-link-removal: ``remove_container(…, link=True)`` / ``Container.remove(link=True)``."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Diagnostic, Severity
from delink.project import Project
from delink.rule import Example, Rule


class SdkLinkRemoval(Rule):
    code = "DLK406"
    name = "sdk-link-removal"
    severity = Severity.INFO
    summary = (
        "`remove_container(…, link=True)` removes a legacy link; there is none after migrating."
    )
    what = """
Finds the docker SDK's `APIClient.remove_container(name, link=True)` and
`Container.remove(link=True)`, which remove a legacy link (`DELETE /containers/<name>?link=1`)
rather than a container.
"""
    why = """
The call only makes sense with legacy links. Once the containers share a user-defined
network there is no link to remove and the call fails (`No such container` or
`Conflict, cannot remove the default link name of the container`).
"""
    example = """
```python
client.remove_container('/web/db', link=True)
```
"""
    instead = """
```python
client.networks.get('appnet').disconnect('web')
```
"""
    fix_safety = "No fix: what replaces it depends on why the link was removed."
    examples = (
        Example(
            files={
                "down.py": (
                    "import docker\n"
                    "\n"
                    "api = docker.APIClient()\n"
                    "api.remove_container('/web/db', link=True)\n"
                ),
            },
            expect=[
                "down.py:4:1: DLK406 `remove_container('/web/db', link=True)` removes a legacy "
                "link: after moving to a network, disconnect the container instead "
                "(`network.disconnect(container)`)",
            ],
        ),
    )

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for removal in project.removals:
            if removal.origin != "link=True":
                continue
            text = project.texts.get(removal.span.path)
            call = text.text[removal.span.start : removal.span.end] if text is not None else ""
            shown = "Container.remove(link=True)"
            if "remove_container" in call:
                shown = f"remove_container({removal.value.raw}, link=True)"
            yield self.diagnostic(
                removal.span,
                f"`{shown}` removes a legacy link: after moving to a network, disconnect the "
                "container instead (`network.disconnect(container)`)",
            )
