"""DLK103 unknown-suppression: a suppression comment that names no known rule."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Diagnostic, Severity
from delink.project import Project
from delink.rule import Example, Rule


class UnknownSuppression(Rule):
    code = "DLK103"
    name = "unknown-suppression"
    severity = Severity.WARNING
    summary = "A `delink: ignore=` / `noqa` comment names an unknown rule, or has no effect."
    what = """
Checks suppression comments (`# delink: ignore=...`, `# delink: file-ignore=...`, and
`# noqa: DLK...` in Python) for codes and names that are not delink rules, and reports
each one at its exact characters. It also reports a `file-ignore` written after the
file's leading comments, where it has no effect.

These diagnostics are produced while suppressions are applied (`delink.suppress`), not
from the project's facts: the rule's `check` yields nothing. A line suppression never
hides its own DLK103; `file-ignore=DLK103`, `per-file-ignores` and `--ignore` do.
"""
    why = """
A misspelt code suppresses nothing, so the diagnostic it was meant to silence is still
reported, or, worse, a later rename leaves a stale comment that hides nothing and
confuses readers.
"""
    example = """
```sh
docker run --link db:db app  # delink: ignore=DLK3O1
```
"""
    instead = """
```sh
docker run --link db:db app  # delink: ignore=DLK301
```
"""
    fix_safety = "No fix: delink cannot tell which rule was meant (it suggests the closest)."
    examples = (
        Example(
            files={"run.sh": "docker ps  # delink: ignore=DLK999\n"},
            expect=[
                "run.sh:1:29: DLK103 unknown rule code `DLK999` in suppression comment",
            ],
        ),
    )

    def check(self, project: Project) -> Iterator[Diagnostic]:
        return iter(())
