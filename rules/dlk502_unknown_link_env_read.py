"""DLK502 unknown-link-env-read: a link-shaped env var read with no known link."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Diagnostic, Related, Severity
from delink.model import ENV_PREFIX_DENYLIST
from delink.project import Project
from delink.rule import Example, Rule


class UnknownLinkEnvRead(Rule):
    code = "DLK502"
    name = "unknown-link-env-read"
    severity = Severity.WARNING
    summary = (
        "Code reads a link-shaped env var (`X_PORT_5432_TCP_ADDR`, `X_ENV_Y`) with no known link."
    )
    what = """
Finds reads of env vars with the unambiguous shapes of legacy link variables —
`<ALIAS>_PORT_<n>_<PROTO>[_ADDR|_PORT|_PROTO|_START|_END…]` and `<ALIAS>_ENV_<VAR>` —
when no link in the project injects them. Typical for image entrypoints that "support
linking" and for code whose containers are started elsewhere. The ambiguous shapes
`<ALIAS>_PORT` and `<ALIAS>_NAME` are only reported when a known link's alias matches
(DLK501), because they collide with ordinary settings such as `DB_PORT=5432`. When the
project sets the variable by hand (`-e MYSQL_PORT_3306_TCP_ADDR=db`, a Compose
`environment` entry: a shim, or what `delink fix` writes), the read is reported at info
severity with the place it is set: the code works, but still depends on link-era names.
Code that reads link env vars by their shape — a name built where the port is computed
(`'{}_PORT_{}_TCP_ADDR'.format(alias, port)`), a regular expression or glob
(`_PORT_\\d+_TCP`) — is reported once, at the literal that spells the shape.
A read is reported at info, too, when it is only the fallback of a setting of the code's own
(`DB_HOST=${DB_HOST:-$DB_PORT_5432_TCP_ADDR}`) when the containers that run the code set
that setting, as `delink fix` does: the link-era name is no longer needed.
"""
    why = """
Whoever runs this code must provide a legacy link for it to work. Engine 29 no longer
injects link env vars by default and Engine 30 removes links from the default bridge, so
these reads will return empty strings.
"""
    example = """
```sh
host="${MYSQL_PORT_3306_TCP_ADDR:-localhost}"
```
"""
    instead = """
```sh
host="${DB_HOST:-localhost}"     # and document DB_HOST for the users of the image
```
"""
    fix_safety = "No fix: the value comes from whoever starts the container."
    examples = (
        Example(
            title="a name built from the link shape at run time",
            files={
                "settings.py": (
                    "import os\n\n"
                    "def service(alias, port):\n"
                    "    host = os.environ['{}_PORT_{}_TCP_ADDR'.format(alias.upper(), port)]\n"
                    "    return host, port\n"
                ),
            },
            expect=[
                "settings.py:4:24: DLK502 builds link env var names of the shape "
                "`*_PORT_*_TCP_ADDR` at run time and reads them: a generic consumer of legacy "
                "links; Engine 29+ no longer injects link env vars",
            ],
        ),
        Example(
            files={"entrypoint.sh": '#!/bin/sh\nhost="${MYSQL_PORT_3306_TCP_ADDR:-localhost}"\n'},
            expect=[
                "entrypoint.sh:2:9: DLK502 reads `MYSQL_PORT_3306_TCP_ADDR`, a legacy link "
                "env var (alias `mysql`), but no link in the project injects it; Engine 29+ "
                "no longer injects link env vars",
            ],
        ),
        Example(
            title="only the fallback of a setting every container running the code sets",
            files={
                "run.sh": (
                    "docker build -t org/app app\n"
                    "docker run -d --network appnet -e DB_HOST=db org/app\n"
                ),
                "app/Dockerfile": "FROM alpine\nCOPY entrypoint.sh /\n",
                "app/entrypoint.sh": "#!/bin/sh\nDB_HOST=${DB_HOST:-$DB_PORT_5432_TCP_ADDR}\n",
            },
            expect=[
                "app/entrypoint.sh:2:21: DLK502 reads `DB_PORT_5432_TCP_ADDR` only as a "
                "fallback for `DB_HOST`, which the containers that run this code set: the "
                "link-era name is no longer needed",
            ],
        ),
        Example(
            title="the variable is set by hand (a shim, or a migrated setup)",
            files={
                "run.sh": "docker run -e MYSQL_PORT_3306_TCP_ADDR=db app\n",
                "app/entrypoint.sh": '#!/bin/sh\nhost="$MYSQL_PORT_3306_TCP_ADDR"\n',
            },
            expect=[
                "app/entrypoint.sh:2:8: DLK502 reads `MYSQL_PORT_3306_TCP_ADDR`, a legacy link "
                "env var name that the project sets by hand (run.sh:1): the code still depends "
                "on link-era names",
            ],
        ),
    )

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for read in project.reads:
            if read.pattern:
                if not project.links_for_read(read):
                    what = (
                        f"builds link env var names of the shape `{read.name}` at run time "
                        "and reads them"
                        if read.built
                        else f"reads every link env var matching `{read.name}`"
                    )
                    yield self.diagnostic(
                        read.span,
                        f"{what}: a generic consumer of legacy links; Engine 29+ no longer "
                        "injects link env vars",
                    )
                continue
            var = project.var(read.name)
            if var is None or var.ambiguous:
                continue
            if var.shape == "env" and var.prefix in ENV_PREFIX_DENYLIST:
                continue
            if project.links_for_read(read):
                continue
            setters = project.setters_of(read)
            if setters:
                where = project.where(setters[0].path, setters[0].start)
                yield self.diagnostic(
                    read.span,
                    f"reads `{read.name}`, a legacy link env var name that the project sets "
                    f"by hand ({where}): the code still depends on link-era names",
                    severity=Severity.INFO,
                    related=[Related(s, f"`{read.name}` is set here") for s in setters[:8]],
                )
                continue
            if project.fallback_covered(read):
                yield self.diagnostic(
                    read.span,
                    f"reads `{read.name}` only as a fallback for `{read.fallback_for}`, which "
                    "the containers that run this code set: the link-era name is no longer "
                    "needed",
                    severity=Severity.INFO,
                )
                continue
            origin = (
                f"alias `{var.prefix.lower()}`"
                if "_" not in var.prefix
                else f"prefix `{var.prefix}_`"
            )
            if read.built:
                message = (
                    f"builds the link env var name `{read.name}` at run time and reads it; "
                    "no link in the project injects it, and Engine 29+ no longer injects link "
                    "env vars"
                )
            else:
                message = (
                    f"reads `{read.name}`, a legacy link env var ({origin}), but no link in "
                    "the project injects it; Engine 29+ no longer injects link env vars"
                )
            yield self.diagnostic(read.span, message)
