"""DLK402 sdk-link-network-conflict: SDK ``links=`` with ``network=`` / ``network_mode``."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Diagnostic, Severity
from delink.facts import Link
from delink.model import LinkKind, NetworkKind, classify_network, reject_message
from delink.planning import planning
from delink.project import Project
from delink.rule import Example, Rule
from delink.ruletools import names


def _by_argument(links: list[Link]) -> list[list[Link]]:
    out: dict[tuple[str, int, int], list[Link]] = {}
    for link in links:
        out.setdefault((link.span.path, link.span.start, link.span.end), []).append(link)
    return list(out.values())


class SdkLinkNetworkConflict(Rule):
    code = "DLK402"
    name = "sdk-link-network-conflict"
    fixable = True
    severity = Severity.WARNING
    summary = "SDK `links=` with `network=` or a `network_mode` that ignores or rejects them."
    what = """
Finds `links=` of the docker SDK for Python (`containers.run/create`,
`create_host_config`, `HostConfig`, the removed `start`) on a container whose network
makes them useless: with `network='appnet'` or a user-defined `network_mode` docker-py
sends them only as `HostConfig.Links`, which the engine ignores there (unlike the docker
CLI, the SDK does not copy them into the endpoint settings: docker-py#1857); with
`network_mode='none'` they do nothing; with `host` or `container:<id>` the daemon
refuses to create the container.
"""
    why = """
The links look like they connect the containers but nothing happens: no alias, no
/etc/hosts entry, no env var. Code that relies on them fails at run time; with `host` or
`container:` the container is never created.
"""
    example = """
```python
client.containers.run('myapp', network='appnet', links={'db': 'database'})
```
"""
    instead = """
```python
alias = {'appnet': client.api.create_endpoint_config(aliases=['database'])}
client.containers.run('postgres:16', name='db', network='appnet', networking_config=alias)
client.containers.run('myapp', network='appnet')
```
"""
    fix_safety = """
Links the engine ignores (a user-defined network, `none`) are removed: safe, nothing
changes. With `host` / `container:` there is no fix: which network the container needs
is a design decision.
"""
    examples = (
        Example(
            files={
                "run.py": (
                    "import docker\n"
                    "\n"
                    "client = docker.from_env()\n"
                    "client.containers.run(\n"
                    "    'myapp',\n"
                    "    network='appnet',\n"
                    "    links={'db': 'database'},\n"
                    "    detach=True,\n"
                    ")\n"
                ),
            },
            expect=[
                "run.py:7:5: DLK402 `links=` with `network='appnet'` does nothing: docker-py "
                "sends `db:database` only as HostConfig.Links, which the engine ignores on a "
                "user-defined network",
            ],
            fixed={
                "run.py": (
                    "import docker\n"
                    "\n"
                    "client = docker.from_env()\n"
                    "client.containers.run(\n"
                    "    'myapp',\n"
                    "    network='appnet',\n"
                    "    detach=True,\n"
                    ")\n"
                ),
            },
        ),
        Example(
            files={
                "run.py": (
                    "import docker\n"
                    "\n"
                    "api = docker.APIClient()\n"
                    "hc = api.create_host_config(network_mode='host', links={'db': 'db'})\n"
                ),
            },
            expect=[
                "run.py:4:50: DLK402 `links=` with `network_mode='host'`: the daemon rejects "
                "the container (conflicting options: host type networking can't be used with "
                "links. This would result in undefined behavior)",
            ],
        ),
    )

    def check(self, project: Project) -> Iterator[Diagnostic]:
        links = [
            x
            for x in project.links
            if x.origin in ("links=", "start links=")
            and x.consumer is not None
            and x.consumer.language == "python"
            and x.kind in (LinkKind.IGNORED, LinkKind.REJECTED, LinkKind.NOOP)
            and x.invalid is None
        ]
        for group in _by_argument(links):
            first = group[0]
            consumer = first.consumer
            assert consumer is not None
            net = consumer.network
            shown = net.raw if net is not None else "?"
            key = "network" if consumer.origin.startswith("containers.") else "network_mode"
            setting = f"`{key}={shown}`"
            specs = names([x.value.display for x in group])
            if first.kind is LinkKind.REJECTED:
                reason = reject_message(classify_network(net.literal if net else None))
                detail = f" ({reason})" if reason else ""
                yield self.diagnostic(
                    first.span,
                    f"`links=` with {setting}: the daemon rejects the container{detail}",
                    severity=Severity.ERROR,
                )
                continue
            if first.kind is LinkKind.NOOP or (
                net is not None and classify_network(net.literal) is NetworkKind.NONE
            ):
                message = (
                    f"`links=` with {setting} does nothing: the container has no network to "
                    "reach the target on"
                )
            else:
                message = (
                    f"`links=` with {setting} does nothing: docker-py sends {specs} only as "
                    "HostConfig.Links, which the engine ignores on a user-defined network"
                )
            fix = planning(project).removal_fix(
                consumer,
                group,
                "remove the `links=` argument: it does nothing",
                display="remove the `links=` argument",
            )
            yield self.diagnostic(first.span, message, fix=fix)
