"""DLK102 unreadable-file: a file delink could not read at all."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Diagnostic, Severity
from delink.project import Project
from delink.rule import Example, Rule


class UnreadableFile(Rule):
    code = "DLK102"
    name = "unreadable-file"
    severity = Severity.WARNING
    summary = "A file that could not be read: binary, not UTF-8, unreadable or too large."
    what = """
Reports a file delink was asked to check (or found while walking a directory) but could
not read: it is binary, not valid UTF-8 (or UTF-16/32 with a byte order mark), not
readable (permission denied, a directory or a FIFO named like a script), missing, or
larger than `max-file-size` (10 MB by default). The run goes on with the other files.
"""
    why = """
Links in a file delink cannot read are neither reported nor fixed. delink only rewrites
text it can write back byte for byte, so it does not guess a legacy encoding such as
latin-1.
"""
    example = """
```text
$ delink check deploy.sh
deploy.sh:1:1: DLK102 not valid UTF-8 (byte 0xe9 at offset 120)
```
"""
    instead = """
Convert the file to UTF-8 (`iconv -f latin1 -t utf-8`), fix its permissions, raise
`max-file-size` in `[tool.delink]`, or exclude it with `exclude = ["deploy.sh"]`.
"""
    fix_safety = "No fix."
    examples = (
        Example(
            files={"run.sh": "\x00docker run --link db:db app\n"},
            expect=["run.sh:1:1: DLK102 binary file (contains NUL bytes)"],
            title="a binary file",
        ),
        Example(
            files={"run.sh": "docker run --link db:db app\n" * 4},
            expect=["run.sh:1:1: DLK102 file is 112 bytes, over the 104 bytes limit; skipped"],
            config={"max-file-size": 104},
            title="over max-file-size",
        ),
    )

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for problem in project.problems:
            if problem.code == self.code:
                yield self.diagnostic(problem.span, problem.message)
