"""DLK205 compose-link-alias-collision: a link alias that names something else too."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Diagnostic, Related, Severity
from delink.planning import planning
from delink.project import Project
from delink.rule import Example, Rule
from delink.ruletools import compose_links


class ComposeLinkAliasCollision(Rule):
    code = "DLK205"
    name = "compose-link-alias-collision"
    severity = Severity.WARNING
    summary = (
        "A link alias equal to another service, `container_name` or alias, or used for two targets."
    )
    what = """
Finds Compose link aliases that collide: the alias is the name of another service of
the project, its `container_name`, or one of its network aliases, or two services use the
same alias for different targets (`web: [db1:db]`, `worker: [db2:db]`).
"""
    why = """
For the linking service the alias shadows the other name, so the same host name means
two different containers depending on who asks. Such an alias cannot become a network
alias when the links go (network aliases are shared by the whole network, and a shared
alias picks a target at random), so the migration needs a decision.
"""
    example = """
```yaml
services:
  web:
    image: myapp
    links:
      - db-replica:db
  db:
    image: postgres
  db-replica:
    image: postgres
```
"""
    instead = """
Point the consumer at the real name (`db-replica`) with a setting of its own
(`DB_HOST=db-replica`), or give the pair a network of its own.
"""
    fix_safety = "No fix: which name the consumer should use is a decision delink cannot make."
    examples = (
        Example(
            files={
                "compose.yaml": (
                    "services:\n"
                    "  web:\n"
                    "    image: example/web:1.0\n"
                    "    links:\n"
                    "      - db-replica:db\n"
                    "  db:\n"
                    "    image: postgres:16\n"
                    "  db-replica:\n"
                    "    image: postgres:16\n"
                ),
            },
            expect=[
                "compose.yaml:5:9: DLK205 the alias `db` of `db-replica:db` collides: `db` is "
                "the name of the service `db`; it cannot become a network alias of `db-replica`",
            ],
        ),
    )

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for link, _svc, _consumer in compose_links(project):
            alias = link.alias.literal if link.alias is not None else None
            if not alias:
                continue
            target = project.target(link)
            if target is None or alias == target.service:
                continue
            why = planning(project).alias_collision(link, alias, target)
            if why is None:
                continue
            yield self.diagnostic(
                link.span,
                f"the alias `{alias}` of `{link.value.display}` collides: {why}; it cannot "
                f"become a network alias of `{target.service}`",
                related=[Related(target.anchor, f"the link target `{target.service}`")],
            )
