"""DLK308 links-via-variable: links spliced into a command from a variable or array."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Diagnostic, Related, Severity
from delink.project import Project
from delink.rule import Example, Rule


class LinksViaVariable(Rule):
    code = "DLK308"
    name = "links-via-variable"
    severity = Severity.INFO
    summary = "A docker command gets `--link` flags from a variable or an array."
    what = """
Finds variable and array expansions in `docker run`/`create` that carry `--link` flags
(`LINKS="--link db:db"; docker run $LINKS …`, `"${ARGS[@]}"`). When delink can follow the
variable, the links themselves are reported where they are written (DLK301); this rule
marks the command that receives them. When it cannot, it says so: links may hide there.
"""
    why = "Links passed indirectly are easy to miss when migrating by hand."
    example = """
```sh
LINKS="--link db:db --link cache:cache"
docker run $LINKS myapp
```
"""
    instead = """
```sh
docker run --network appnet myapp
```
"""
    fix_safety = "Fixed together with the links it carries (DLK301); no fix of its own."
    examples = (
        Example(
            files={"run.sh": 'LINKS="--link db:db"\ndocker run -d $LINKS myapp\n'},
            expect=[
                "run.sh:2:15: DLK308 `$LINKS` passes 1 link to this command (`--link db:db` on "
                "line 1)",
            ],
        ),
    )

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for via in project.links_via:
            text = project.texts.get(via.span.path)
            written = text.text[via.span.start : via.span.end] if text is not None else ""
            shown_via = written if written.startswith("$") else f"${via.variable}"
            if not via.followed:
                yield self.diagnostic(
                    via.span,
                    f"`{shown_via}` may pass `--link` flags that delink cannot follow",
                )
                continue
            shown = []
            for span in via.links[:3]:
                if text is not None:
                    row, _ = text.position(span.start)
                    shown.append(f"`{text.text[span.start : span.end]}` on line {row}")
            count = len(via.links)
            plural = "link" if count == 1 else "links"
            detail = f" ({', '.join(shown)}{', …' if count > 3 else ''})" if shown else ""
            yield self.diagnostic(
                via.span,
                f"`{shown_via}` passes {count} {plural} to this command{detail}",
                related=[Related(s, "the link is written here") for s in via.links],
            )
