"""DLK208 compose-link-variable: a link entry built from a variable delink cannot resolve."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Diagnostic, Severity
from delink.project import Project
from delink.rule import Example, Rule
from delink.ruletools import compose_links


class ComposeLinkVariable(Rule):
    code = "DLK208"
    name = "compose-link-variable"
    severity = Severity.WARNING
    summary = (
        "A Compose link whose target or alias is a `${VAR}` with no value in `.env`, or "
        "template output."
    )
    what = """
Compose interpolates `${VAR}` in every value, link entries included, from the shell and
the project's `.env` file. delink resolves variables from `.env` (and defaults such as
`${DB:-db}`); a link whose target or alias still depends on a variable it cannot see is
reported here, with the alias kept when it is static, so its meaning is known but not
what it points at. In a templated Compose file (`docker-compose.yml.j2`, `.tpl`), a link
item written as template output (`- {{ s }}` in a `{% for %}` loop) is reported the same
way.
"""
    why = "delink cannot tell which service the link needs, so it cannot check or migrate it."
    example = """
```yaml
services:
  web:
    image: myapp
    links:
      - ${DB_SERVICE}:db
```
"""
    instead = """
Name the service, or set the variable in `.env` so that the project is self-describing.
"""
    fix_safety = "No fix: the target is not known."
    examples = (
        Example(
            files={
                "compose.yaml": (
                    "services:\n"
                    "  web:\n"
                    "    image: example/web:1.0\n"
                    "    links:\n"
                    "      - ${DB_SERVICE}:db\n"
                ),
            },
            expect=[
                "compose.yaml:5:9: DLK208 link `${DB_SERVICE}:db` of `web` uses `${DB_SERVICE}`, "
                "which delink cannot resolve (no value in .env): its target is not known",
            ],
        ),
    )

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for link, _svc, consumer in compose_links(project):
            unknown = []
            if link.target is not None and link.target.literal is None:
                unknown.append("target")
            if link.alias is not None and link.alias.literal is None:
                unknown.append("alias")
            if not unknown:
                continue
            what = " and ".join(f"its {u}" for u in unknown)
            verb = "is" if len(unknown) == 1 else "are"
            tags = project.template_tags(link.value.display)
            if tags:
                shown = ", ".join(f"`{t}`" for t in dict.fromkeys(tags))
                yield self.diagnostic(
                    link.span,
                    f"link `{link.value.display}` of `{consumer.service}` is filled in when "
                    f"the template is rendered ({shown}): {what} {verb} not known",
                )
                continue
            vars_ = project.compose_variables(link.value.display)
            shown = ", ".join(f"`${{{v}}}`" for v in dict.fromkeys(vars_)) or "a variable"
            yield self.diagnostic(
                link.span,
                f"link `{link.value.display}` of `{consumer.service}` uses {shown}, which "
                f"delink cannot resolve (no value in .env): {what} {verb} not known",
            )
