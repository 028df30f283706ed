"""DLK104 invalid-fix: a fix that would have broken its file and was not applied."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Diagnostic, Severity
from delink.project import Project
from delink.rule import Rule


class InvalidFix(Rule):
    code = "DLK104"
    name = "invalid-fix"
    severity = Severity.ERROR
    summary = "A fix would have left a file that no longer parses; it was not applied."
    what = """
Before `delink fix` writes a file it parses the fixed text again. When the result has
new parse errors, the fix is dropped, every file it touches is left as it was, and this
error names the file and the parse problem. The diagnostic the fix belonged to is still
reported.

These diagnostics come from the fixer (`delink.fixer`), not from the project's facts:
the rule's `check` yields nothing.
"""
    why = """
A fixer that writes broken files is worse than none. This is a bug in delink: please
report it with the file (or a reduced copy) so the fix can be corrected.
"""
    example = """
```text
run.sh:3:12: DLK104 the fix for DLK301 would break run.sh (unterminated quote); not applied
```
"""
    instead = "Apply the change by hand, using the diagnostic's message as a guide."
    fix_safety = "No fix."
    examples = ()

    def check(self, project: Project) -> Iterator[Diagnostic]:
        return iter(())
