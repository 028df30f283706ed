"""DLK309 link-after-image: a ``--link`` that docker does not read as a link."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Diagnostic, Severity
from delink.project import Project
from delink.rule import Example, Rule


class LinkAfterImage(Rule):
    code = "DLK309"
    name = "link-after-image"
    severity = Severity.WARNING
    summary = "A `--link` that docker takes as an argument of the container, not as a link."
    what = """
Finds `--link` written where `docker run`/`create` no longer reads flags: after the image
(docker passes it to the container's command), after an escaped blank `\\ ` that docker
takes as the image, or on a line of its own after a line that ends with `\\ ` (a
backslash followed by a blank escapes the blank: it is not a line continuation, so the
command ends there and the next line is a command of its own).
"""
    why = """
The script does not do what its author meant: the container gets no link (and no link
env vars), and the container's command gets an option it may reject or ignore. Such a
line is often a documentation example copied into a script, or a continuation broken by
a trailing blank.
"""
    example = """
```sh
docker run -d --name web myapp \\
  --link db:db
```
"""
    instead = """
```sh
docker network inspect appnet >/dev/null 2>&1 || docker network create appnet
docker run -d --name web --network appnet myapp
```
Put the flags before the image; to reach `db`, put both containers on one user-defined
network instead of restoring the link.
"""
    fix_safety = "No fix: delink cannot tell which command the author meant."
    examples = (
        Example(
            title="a flag after the image",
            files={"run.sh": "docker run -d --name web myapp \\\n  --link db:db\n"},
            expect=[
                "run.sh:2:3: DLK309 `--link db:db` is not a link: it comes after the image "
                "`myapp`, so docker passes it to the container's command, not to `docker run`",
            ],
        ),
        Example(
            title="a backslash followed by a blank",
            files={"run.sh": "docker run -d --name web myapp \\ \n  --link db:db\n"},
            expect=[
                "run.sh:2:3: DLK309 `--link db:db` is not a link: the line before ends with "
                "`\\ ` (a backslash and a blank), which ends the docker command instead of "
                "continuing it",
            ],
        ),
    )

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for problem in project.problems:
            if problem.code == self.code:
                yield self.diagnostic(problem.span, problem.message)
