"""DLK404 sdk-start-links: ``start(container, links=…)``, removed in docker-py 2.0."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Applicability, Diagnostic, Fix, Severity
from delink.facts import Link
from delink.project import Project
from delink.rule import Example, Rule
from delink.ruletools import names


class SdkStartLinks(Rule):
    code = "DLK404"
    name = "sdk-start-links"
    severity = Severity.ERROR
    summary = "`start(container, links=…)`: links at start time, removed in docker-py 2.0."
    what = """
Finds `links=` given to `APIClient.start` (`docker.Client.start` before 2.0). Host
configuration at start time was deprecated by the Engine API 1.22 and removed from
docker-py in 2.0, where any such argument raises `DeprecatedMethod`.
"""
    why = """
On docker-py 2.0 and later the call fails; on older versions it makes legacy links,
which are deprecated themselves.
"""
    example = """
```python
client.start(container, links={'db': 'database'})
```
"""
    instead = """
```python
client.create_container('myapp', host_config=client.create_host_config(network_mode='appnet'))
```
"""
    fix_safety = "No automatic fix: the links must move to where the container is created."
    examples = (
        Example(
            files={
                "old.py": (
                    "from docker import Client\n"
                    "\n"
                    "c = Client()\n"
                    "c.start('web', links={'db': 'database'})\n"
                ),
            },
            expect=[
                "old.py:4:16: DLK404 `start(…, links=…)` with `db:database`: docker-py 2.0 "
                "removed host configuration at start time, so the call raises DeprecatedMethod",
            ],
        ),
    )

    def check(self, project: Project) -> Iterator[Diagnostic]:
        seen: dict[tuple[str, int, int], list[str]] = {}
        for link in project.links:
            if link.origin != "start links=":
                continue
            key = (link.span.path, link.span.start, link.span.end)
            seen.setdefault(key, []).append(link.value.display)
        first_link: dict[tuple[str, int, int], Link] = {}
        for link in project.links:
            if link.origin == "start links=":
                first_link.setdefault((link.span.path, link.span.start, link.span.end), link)
        for key, specs in seen.items():
            link = first_link[key]
            pin = project.docker_sdk(link.span.path)
            if pin is not None and pin.at_least((2, 0, 0)) is False:
                message = (
                    f"`start(…, links=…)` with {names(specs)}: deprecated host configuration at "
                    f"start time (docker-py {pin.spec} is pinned; 2.0 removed it), and legacy links"
                )
                severity = Severity.WARNING
            else:
                message = (
                    f"`start(…, links=…)` with {names(specs)}: docker-py 2.0 removed host "
                    "configuration at start time, so the call raises DeprecatedMethod"
                )
                severity = self.severity
            yield self.diagnostic(
                link.span,
                message,
                severity=severity,
                fix=Fix(
                    Applicability.DISPLAY_ONLY,
                    "create the container on a user-defined network instead of linking at start",
                    (),
                ),
            )
