"""DLK101 parse-error: a part of a file delink could not read."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Diagnostic, Severity
from delink.project import Project
from delink.rule import Example, Rule


class ParseError(Rule):
    code = "DLK101"
    name = "parse-error"
    severity = Severity.INFO
    summary = "A command or part of a file delink could not read; links in it may be missed."
    what = """
Reports each part of a file that a source could not parse: a shell command bashlex and
the fallback reader cannot split, a YAML document that does not load, Python that does
not parse, an embedded script whose quoting delink cannot follow. The diagnostic points
at the exact characters delink gave up on.
"""
    why = """
delink never drops input silently. A legacy link inside a part it could not read is not
reported and not fixed, so the migration may look complete when it is not.
"""
    example = """
```sh
docker run --link db:db $(cat <<EOF
unterminated
```
"""
    instead = """
Fix the syntax error, or check the part by hand and silence the report with
`# delink: ignore=parse-error` on the line before it.
"""
    fix_safety = "No fix: delink does not know what the text was meant to say."
    examples = (
        Example(
            files={"run.sh": 'docker run --link db:db "unterminated\n'},
            expect=[
                "run.sh:1:1: DLK101 could not read this shell text (unterminated double quote);"
                " docker commands and links in it may be missed",
            ],
            title="an unterminated quote",
        ),
    )

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for problem in project.problems:
            if problem.code == self.code:
                yield self.diagnostic(problem.span, problem.message)
