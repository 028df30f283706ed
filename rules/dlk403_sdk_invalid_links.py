"""DLK403 sdk-invalid-links: ``links=`` values docker-py crashes on or mangles."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Applicability, Diagnostic, Fix, Severity
from delink.facts import Link
from delink.project import Project
from delink.rule import Example, Rule


class SdkInvalidLinks(Rule):
    code = "DLK403"
    name = "sdk-invalid-links"
    severity = Severity.ERROR
    summary = "A `links=` value docker-py crashes on or silently turns into other links."
    what = """
Checks `links=` values with docker-py's own `normalize_links`: a dict becomes its items,
anything else is read as an iterable of `(name, alias)` pairs, then sorted. So a list of
strings (what the `connect` docs and old examples suggest) fails with ValueError —
except two-character names, which are silently split into a link `d:b` for `'db'`; and
the same name with the alias `None` and with an alias fails with TypeError when the pairs
are sorted. With a docker SDK older than 3.6.0 pinned, a `None` alias is sent as the
alias `None`.
"""
    why = "The call crashes, or links a container nobody meant, with an alias nobody reads."
    example = """
```python
client.containers.run('myapp', links=['db'])            # the link d:b
api.create_host_config(links=['db:database'])           # ValueError
```
"""
    instead = """
```python
client.containers.run('myapp', links={'db': 'db'})      # then migrate it (DLK401)
```
"""
    fix_safety = "No automatic fix: the value crashes or means something else today."
    examples = (
        Example(
            files={
                "run.py": (
                    "import docker\n"
                    "\n"
                    "client = docker.from_env()\n"
                    "client.containers.run('myapp', links=['db'])\n"
                ),
            },
            expect=[
                "run.py:4:32: DLK403 invalid `links=` value: a list of strings: docker-py "
                "unpacks each string as a (name, alias) pair, so `db` silently becomes the "
                "link `d:b`",
            ],
        ),
        Example(
            files={
                "requirements.txt": "docker==3.5.1\n",
                "run.py": (
                    "import docker\n"
                    "\n"
                    "api = docker.APIClient()\n"
                    "api.create_host_config(links={'db': None})\n"
                ),
            },
            expect=[
                "run.py:4:24: DLK403 the alias `None` of `db` is sent as `db:None` by the "
                "docker SDK pinned here (`docker==3.5.1`, requirements.txt:1; fixed in 3.6.0): "
                "the link alias is `None`",
            ],
        ),
    )

    def check(self, project: Project) -> Iterator[Diagnostic]:
        seen: set[tuple[str, int, int]] = set()
        for link in project.links:
            if link.consumer is not None and link.consumer.language != "python":
                continue
            key = (link.span.path, link.span.start, link.span.end)
            if link.invalid is not None:
                if key in seen:
                    continue
                seen.add(key)
                yield self.diagnostic(
                    link.span,
                    f"invalid `links=` value: {link.invalid}",
                    fix=Fix(
                        Applicability.DISPLAY_ONLY,
                        "give `links=` a dict {name: alias} or a list of (name, alias) tuples",
                        (),
                    ),
                )
                continue
            if _none_alias(link):
                pin = project.docker_sdk(link.span.path)
                if pin is None or pin.at_least((3, 6, 0)) is not False:
                    continue
                name = link.target.display if link.target is not None else "?"
                yield self.diagnostic(
                    link.span,
                    f"the alias `None` of `{name}` is sent as `{name}:None` by the docker SDK "
                    f"pinned here (`{pin.spec}`, {pin.source}; fixed in 3.6.0): the link alias "
                    "is `None`",
                    severity=Severity.WARNING,
                )


def _none_alias(link: Link) -> bool:
    """A dict value / tuple alias written as ``None``."""
    if link.origin not in ("links=", "start links=", "endpoint links=", "connect links="):
        return False
    raw = link.value.raw
    return raw.rstrip().rstrip(")").rstrip().endswith("None") and link.target is link.alias
