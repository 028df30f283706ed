"""DLK401 sdk-legacy-link: ``links=`` through the docker SDK for Python on the default bridge."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Diagnostic, Severity
from delink.facts import TEXT_SCAN_LINKS, Link
from delink.model import LinkKind
from delink.project import Project
from delink.rule import Example, Rule
from delink.ruletools import group_fix, names, related_link, unique


def by_argument(links: list[Link]) -> list[list[Link]]:
    """Links grouped by the ``links=`` argument they are written in (one span each)."""
    out: dict[tuple[str, int, int], list[Link]] = {}
    for link in links:
        out.setdefault((link.span.path, link.span.start, link.span.end), []).append(link)
    return list(out.values())


# links that reach docker through code delink does not follow: a helper of the project
# (``start_docker_container(…, links=…)``) or a dict of keyword arguments built for docker
_INDIRECT = ("wrapper links=", "kwargs links=")


class SdkLegacyLink(Rule):
    code = "DLK401"
    name = "sdk-legacy-link"
    fixable = True
    severity = Severity.WARNING
    summary = "`links=` through the docker SDK for Python on the default bridge: legacy links."
    what = """
Finds `links=` given to the docker SDK for Python — `client.containers.run/create`,
`APIClient.create_host_config`, `docker.types.HostConfig` — for a container on the
default bridge network (no `network=`, or `network_mode='bridge'`): legacy links, with
`/etc/hosts` entries and, before Engine 29, `<ALIAS>_PORT_…` env vars. One finding per
`links=` argument, however many entries it has. Links the SDK computes at run time
(`links=self._get_links()`) are reported too, without a fix; so are links on a network
delink cannot see (`network_mode=cfg['net']`), the `links=` arguments that the text
scan finds in a file that cannot be parsed (nested too deeply): delink cannot see their
container, so they get no fix and no consumer analysis; `links=` handed to the project's
own docker helper (a function imported from a module named after docker, such as
`from ops.docker import start_container`, or a `run`/`start…` method of a receiver named
after docker, such as `self._docker.run(image, links={…})`), and `links` in a dict of
docker host-config keyword arguments that no call of the file takes (`links` beside
`binds`, `port_bindings`, `volumes_from`…).
"""
    why = """
Legacy links are deprecated. Engine 29 stopped injecting their env vars by default and
Engine 30 plans to remove links on the default bridge altogether; code that reads
`os.environ['DB_PORT_5432_TCP_ADDR']` then gets nothing, at run time.
"""
    example = """
```python
db = client.containers.run('postgres:16', name='db', detach=True)
web = client.containers.run('myapp', detach=True, links={'db': 'database'})
```
"""
    instead = """
```python
if not [n for n in client.networks.list(names=['db-net']) if n.name == 'db-net']:
    client.networks.create('db-net', driver='bridge')
alias = {'db-net': client.api.create_endpoint_config(aliases=['database'])}
db = client.containers.run('postgres:16', name='db', detach=True, network='db-net',
                           networking_config=alias)
web = client.containers.run('myapp', detach=True, network='db-net')
```
"""
    fix_safety = """
The fix moves the linked containers to one user-defined network (obtained idempotently
in each function that starts one), gives the target the link alias as a network alias
when it differs from its name, and writes the link env vars the consumers read into
`environment=` (hostnames as values; a secret comes from the host's environment). How
the alias is written depends on the docker SDK version the project pins
(`requirements*.txt`, `pyproject.toml`, lock files, …): `networking_config=` from 7.0,
the low-level `create_container` form before; without a pin (and without
`docker-sdk-version` in the configuration) the 7.0 form is written and the fix is
unsafe. It is safe only when behaviour is kept exactly: unsafe when a value changes from
an IP address to a hostname, when an alias becomes visible to the whole network, when a
target is not started in the repository, or when the consumer's image is not built in
the repository. Computed links get no fix.
"""
    examples = (
        Example(
            title="alias equal to the target's name, the consumer's image built here",
            files={
                "requirements.txt": "docker==7.1.0\n",
                "app/Dockerfile": 'FROM alpine\nCMD ["sleep", "1d"]\n',
                "up.py": (
                    "import docker\n"
                    "\n"
                    "client = docker.from_env()\n"
                    "client.images.build(path='app', tag='myapp')\n"
                    "client.containers.run('postgres:16', name='db', detach=True)\n"
                    "client.containers.run('myapp', detach=True, links={'db': 'db'})\n"
                ),
            },
            expect=[
                "up.py:6:45: DLK401 legacy link `db:db` through the docker SDK on the default "
                "bridge network: the `myapp` container reaches `db` through deprecated /etc/hosts "
                "entries and "
                "link env vars",
            ],
            fixed={
                "up.py": (
                    "import docker\n"
                    "\n"
                    "client = docker.from_env()\n"
                    "client.images.build(path='app', tag='myapp')\n"
                    "if not [n for n in client.networks.list(names=['db-net'])"
                    " if n.name == 'db-net']:\n"
                    "    client.networks.create('db-net', driver='bridge')\n"
                    "client.containers.run('postgres:16', name='db', detach=True,"
                    " network='db-net')\n"
                    "client.containers.run('myapp', detach=True, network='db-net')\n"
                ),
            },
        ),
        Example(
            title="an alias and env reads; docker 6.1 pinned: the low-level form",
            files={
                "requirements.txt": "docker>=6.1,<7\n",
                "app/Dockerfile": 'FROM python:3.12\nCOPY app.py /\nCMD ["python", "/app.py"]\n',
                "app/app.py": "import os\n\nHOST = os.environ['DATABASE_PORT_5432_TCP_ADDR']\n",
                "up.py": (
                    "import docker\n"
                    "\n"
                    "client = docker.from_env()\n"
                    "client.images.build(path='app', tag='myapp')\n"
                    "db = client.containers.run('postgres:16', name='db', detach=True)\n"
                    "client.containers.run('myapp', detach=True, links={'db': 'database'})\n"
                ),
            },
            expect=[
                "up.py:6:45: DLK401 legacy link `db:database` through the docker SDK on the "
                "default bridge network: the `myapp` container reaches `db` through deprecated "
                "/etc/hosts "
                "entries and link env vars; its consumers read `DATABASE_PORT_5432_TCP_ADDR`",
            ],
            unsafe=True,
            fixed={
                "up.py": (
                    "import docker\n"
                    "\n"
                    "client = docker.from_env()\n"
                    "client.images.build(path='app', tag='myapp')\n"
                    "if not [n for n in client.networks.list(names=['db-net'])"
                    " if n.name == 'db-net']:\n"
                    "    client.networks.create('db-net', driver='bridge')\n"
                    "db = client.containers.get(client.api.create_container('postgres:16', "
                    "name='db', detach=True, host_config=client.api.create_host_config("
                    "network_mode='db-net'), networking_config=client.api.create_networking_config("
                    "{'db-net': client.api.create_endpoint_config(aliases=['database'])}))"
                    "['Id'])\n"
                    "db.start()\n"
                    "client.containers.run('myapp', detach=True, network='db-net', "
                    "environment={'DATABASE_PORT_5432_TCP_ADDR': 'database'})\n"
                ),
            },
        ),
        Example(
            title="a computed value: reported, no fix",
            files={
                "svc.py": (
                    "class Service:\n"
                    "    def host_config(self):\n"
                    "        return self.client.create_host_config(links=self._get_links())\n"
                ),
            },
            expect=[
                "svc.py:3:47: DLK401 legacy links computed at run time "
                "(`self._get_links()`) through the docker SDK on the default bridge network: "
                "delink cannot see their targets, so there is no fix",
            ],
        ),
        Example(
            title="links handed to the project's own docker helper: reported, no fix",
            files={
                "manage.py": (
                    "from ops.docker import start_docker_container\n"
                    "\n"
                    "start_docker_container(image='postgres', name='app-db')\n"
                    "start_docker_container(image='app', name='app', links={'app-db': 'db'})\n"
                ),
            },
            expect=[
                "manage.py:4:49: DLK401 legacy link `app-db:db` handed to "
                "`start_docker_container(…)`, a docker helper of the project: the container "
                "started with it uses deprecated links on the default bridge network; no fix, "
                "since delink cannot see the docker call",
            ],
        ),
    )

    def check(self, project: Project) -> Iterator[Diagnostic]:
        links = [
            x
            for x in project.links
            if (
                x.origin in _INDIRECT
                or (
                    x.origin == "links="
                    and x.consumer is not None
                    and x.consumer.language == "python"
                )
            )
            and x.kind in (LinkKind.LEGACY, LinkKind.UNKNOWN)
            and x.invalid is None
            and x.error is None
        ]
        for group in by_argument(links):
            yield self._diagnostic(project, group)
        for link in project.links:
            if link.origin == TEXT_SCAN_LINKS:
                yield self._unparsed(link)

    def _unparsed(self, link: Link) -> Diagnostic:
        """A ``links=`` argument found by the text scan of a Python file that does not
        parse (:func:`delink.sources.python.quick.fallback_links`: no call, no container)."""
        message = (
            f"`links={link.value.display}` in a file delink could not parse: legacy links "
            "if its container runs on the default bridge network; delink cannot see the "
            "container, so there is no fix"
        )
        return self.diagnostic(link.span, message)

    def _diagnostic(self, project: Project, group: list[Link]) -> Diagnostic:
        first = group[0]
        if first.origin in _INDIRECT:
            return self._indirect(project, group)
        consumer = first.consumer.label if first.consumer is not None else "a container"
        computed = [x for x in group if x.target is None]
        specs = [x.value.display for x in group if x.target is not None]
        if first.kind is LinkKind.UNKNOWN:
            net = (
                first.consumer.network.display if first.consumer and first.consumer.network else "?"
            )
            what = names(specs) if specs else f"`{computed[0].value.display}`"
            message = (
                f"links {what} through the docker SDK on a network delink cannot see "
                f"(`{net}`): legacy links if it is the default bridge, ignored by the engine "
                "on a user-defined network"
            )
            return self.diagnostic(first.span, message, related=related_link(project, first))
        if computed and not specs:
            message = (
                f"legacy links computed at run time (`{computed[0].value.display}`) through the "
                "docker SDK on the default bridge network: delink cannot see their targets, so "
                "there is no fix"
            )
            return self.diagnostic(first.span, message)
        targets = unique([x.target.display for x in group if x.target is not None])
        noun = "link" if len(specs) == 1 else "links"
        message = (
            f"legacy {noun} {names(specs)} through the docker SDK on the default bridge network: "
            f"{consumer} reaches {names(targets)} through deprecated /etc/hosts entries and "
            "link env vars"
        )
        reads = unique([n for x in group for n in project.read_names(x)])
        if reads:
            message += f"; its consumers read {names(reads)}"
        if computed:
            message += f" (and computes more: `{computed[0].value.display}`)"
        fix = None if computed else group_fix(project, first)
        return self.diagnostic(first.span, message, fix=fix, related=related_link(project, first))

    def _indirect(self, project: Project, group: list[Link]) -> Diagnostic:
        first = group[0]
        specs = [x.value.display for x in group if x.target is not None]
        what = names(specs) if specs else f"computed at run time (`{first.value.display}`)"
        noun = "link" if len(specs) == 1 else "links"
        if first.origin == "wrapper links=":
            where = f"handed to `{project.sdk_call(first)}(…)`, a docker helper of the project"
        else:
            where = "in a dict of docker host-config keyword arguments"
        message = (
            f"legacy {noun} {what} {where}: the container started with it uses deprecated "
            "links on the default bridge network; no fix, since delink cannot see the docker "
            "call"
        )
        return self.diagnostic(first.span, message)
