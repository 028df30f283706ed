"""DLK303 invalid-link-spec: link values the CLI rejects or the daemon drops."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Diagnostic, Severity
from delink.project import Project
from delink.rule import Example, Rule
from delink.ruletools import spec


class InvalidLinkSpec(Rule):
    code = "DLK303"
    name = "invalid-link-spec"
    severity = Severity.ERROR
    summary = "A link value docker rejects (`a:b:c`, empty) or silently drops (`db:`)."
    what = """
Checks every link value with the docker CLI's own parser (`ParseLink`): an empty value
and one with more than one `:` are rejected before the container is created. A value
with an empty alias (`db:`) is accepted but the daemon drops the link with only a log
line, and an empty container name (`:db`) fails at create time.
"""
    why = """
The command fails, or the link silently does not exist, so whatever depended on it
never worked.
"""
    example = """
```sh
docker run --link db:db:primary myapp
```
"""
    instead = """
```sh
docker run --network appnet myapp    # with db on appnet
```
"""
    fix_safety = "No fix: delink cannot tell which container and alias were meant."
    examples = (
        Example(
            files={
                "run.sh": "docker run --link db:db:primary myapp\ndocker run --link=cache: myapp\n"
            },
            expect=[
                "run.sh:1:12: DLK303 invalid link `db:db:primary`: docker rejects it "
                "(bad format for links: db:db:primary)",
                "run.sh:2:12: DLK303 link `cache:` has an empty alias: the daemon drops it "
                "silently, so the link never exists",
            ],
        ),
    )

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for link in project.links:
            if link.error is not None:
                yield self.diagnostic(
                    link.span, f"invalid link `{spec(link)}`: docker rejects it ({link.error})"
                )
            elif link.alias is not None and link.alias.literal == "":
                yield self.diagnostic(
                    link.span,
                    f"link `{spec(link)}` has an empty alias: the daemon drops it silently, "
                    "so the link never exists",
                    severity=Severity.WARNING,
                )
            elif link.target is not None and link.target.literal == "":
                yield self.diagnostic(
                    link.span,
                    f"link `{spec(link)}` names no container: docker fails with "
                    "`could not get container for `",
                )
