"""DLK209 ansible-link: ``links`` of an Ansible docker container task."""

from __future__ import annotations

from collections.abc import Iterator

from delink.diagnostics import Applicability, Diagnostic, Fix, Severity
from delink.facts import Link
from delink.model import LinkKind
from delink.planning import planning
from delink.project import Project
from delink.rule import Example, Rule
from delink.ruletools import alias_of, group_fix, names, related_link, spec, unique

_MODULE = "`docker_container`"


def _task(link: Link) -> str:
    c = link.consumer
    if c is None:
        return "a container task"
    module = c.origin.removeprefix("ansible ")
    if c.name is not None:
        return f"the `{module}` task of `{c.name.display}`"
    return f"a `{module}` task"


def suggestion(link: Link) -> Fix:
    """What to write instead, as a suggestion (no edit)."""
    alias = alias_of(link)
    target = link.target.display if link.target is not None else spec(link)
    extra = "" if alias == target else f" with `aliases: [{alias}]`"
    return Fix(
        Applicability.DISPLAY_ONLY,
        "create a network (`community.docker.docker_network`), attach "
        f"`{target}` to it{extra} and this container with `networks: [{{name: …}}]`, "
        "then remove `links`; set the link env vars the app reads in `env`",
        (),
    )


class AnsibleLink(Rule):
    code = "DLK209"
    name = "ansible-link"
    severity = Severity.WARNING
    fixable = True
    summary = "`links` of an Ansible `docker_container` (or old `docker`) task."
    what = """
Finds `links` of Ansible tasks that run containers: `docker_container`,
`community.docker.docker_container` (and its `community.general` ancestor) and the old
`docker` module (Ansible ≤ 2.3, also with `key=value` arguments). The module sends them
as `HostConfig.Links`, so with no `network_mode` (or `bridge`/`default`) each item is a
legacy link on the default bridge: `/etc/hosts` entries for the alias and, before Engine
29, `<ALIAS>_PORT_…` env vars. With `network_mode` set to a user-defined network the
engine ignores them; with `host` or `container:` the daemon refuses the container. With
`networks` but no `network_mode`, community.docker 2.0+ runs the container on the first
listed network (links ignored) while older releases also keep it on the default bridge
(legacy links). Links under `networks: [{name, links}]` are endpoint links, a DNS alias
for this container only, reported as info. A task with `state: absent` ignores its
`links` (it removes the container); one with `state: stopped` creates a missing container
with them (legacy links).
"""
    why = """
Legacy links are deprecated: Engine 29 stopped injecting their env vars and Engine 30
plans to remove links on the default bridge. Links the engine ignores do nothing, so a
playbook that still lists them documents a dependency that is not there.
"""
    example = """
```yaml
- name: Start the blog
  community.docker.docker_container:
    name: blog
    image: example/blog:2
    links:
      - blog-db:mysql
```
"""
    instead = """
```yaml
- name: Create the blog network
  community.docker.docker_network:
    name: blog-net

- name: Start the database
  community.docker.docker_container:
    name: blog-db
    image: mysql:5.7
    networks:
      - name: blog-net
        aliases:
          - mysql

- name: Start the blog
  community.docker.docker_container:
    name: blog
    image: example/blog:2
    networks:
      - name: blog-net
    env:
      MYSQL_PORT_3306_TCP_ADDR: mysql
```
"""
    fix_safety = """
For legacy links, the fix moves the linked group to one user-defined network: a
`docker_network` task (of the same module family) before the first task of the group,
`networks` with `aliases` (when the alias differs from the name) on the target,
`networks` on the consumer (`network_mode: bridge` becomes the network), its `links`
removed, and the link variables the application reads as explicit `env` entries. It is
unsafe when an alias becomes visible to the whole network, when a value changes from an
IP address to a host name, or when the consumer's image is not built in the repository.
Links the engine ignores are removed, safely. Tasks in `key=value` form, flow-style or
templated `networks`/`env`, and targets no task starts get the change as a suggestion.
"""
    examples = (
        Example(
            title="a legacy link on the default bridge",
            files={
                "playbook.yml": (
                    "- hosts: web\n"
                    "  tasks:\n"
                    "    - name: Start the database\n"
                    "      docker_container:\n"
                    "        name: blog-db\n"
                    "        image: mysql:5.7\n"
                    "    - name: Start the blog\n"
                    "      docker_container:\n"
                    "        name: blog\n"
                    "        image: example/blog:2\n"
                    "        links:\n"
                    "          - blog-db:mysql\n"
                ),
            },
            expect=[
                "playbook.yml:12:13: DLK209 legacy link `blog-db:mysql` of the "
                "`docker_container` task of `blog` on the default bridge: `blog` reaches "
                "`blog-db` as `mysql` through deprecated /etc/hosts entries and link env vars",
            ],
            unsafe=True,
            fixed={
                "playbook.yml": (
                    "- hosts: web\n"
                    "  tasks:\n"
                    "    - name: Create the network blog-db-net\n"
                    "      docker_network:\n"
                    "        name: blog-db-net\n"
                    "    - name: Start the database\n"
                    "      docker_container:\n"
                    "        name: blog-db\n"
                    "        image: mysql:5.7\n"
                    "        networks:\n"
                    "          - name: blog-db-net\n"
                    "            aliases:\n"
                    "              - mysql\n"
                    "    - name: Start the blog\n"
                    "      docker_container:\n"
                    "        name: blog\n"
                    "        image: example/blog:2\n"
                    "        networks:\n"
                    "          - name: blog-db-net\n"
                ),
            },
        ),
        Example(
            title="network_mode is a user-defined network: the engine ignores links",
            files={
                "tasks/main.yml": (
                    "- community.docker.docker_container:\n"
                    "    name: admin\n"
                    "    image: example/admin:1\n"
                    "    network_mode: backend\n"
                    "    links: [db]\n"
                ),
            },
            expect=[
                "tasks/main.yml:5:13: DLK209 `links` entry `db` of the `docker_container` task "
                "of `admin` has no effect: the container runs on the user-defined network "
                "`backend`, where the engine ignores `links`",
            ],
            fixed={
                "tasks/main.yml": (
                    "- community.docker.docker_container:\n"
                    "    name: admin\n"
                    "    image: example/admin:1\n"
                    "    network_mode: backend\n"
                ),
            },
        ),
        Example(
            title="the old docker module with key=value arguments",
            files={
                "site.yml": (
                    "- hosts: all\n"
                    "  tasks:\n"
                    "    - docker: name=web image=example/web links=db:db,cache\n"
                ),
            },
            expect=[
                "site.yml:3:48: DLK209 legacy link `db:db` of the `docker` task of `web` on the "
                "default bridge: `web` reaches `db` through deprecated /etc/hosts entries and "
                "link env vars",
                "site.yml:3:54: DLK209 legacy link `cache` of the `docker` task of `web` on the "
                "default bridge: `web` reaches `cache` through deprecated /etc/hosts entries "
                "and link env vars",
            ],
        ),
    )

    def check(self, project: Project) -> Iterator[Diagnostic]:
        for link in project.links:
            if not link.origin.startswith("ansible ") or link.error is not None:
                continue
            consumer = link.consumer
            who = f"`{consumer.name.display}`" if consumer is not None and consumer.name else "it"
            target = link.target.display if link.target is not None else spec(link)
            alias = alias_of(link)
            reaches = f"`{target}`" if alias == target else f"`{target}` as `{alias}`"
            task = _task(link)
            network = link.network.display if link.network is not None else "?"
            if link.origin == "ansible networks links":
                yield self.diagnostic(
                    link.span,
                    f"endpoint link `{spec(link)}` of {task} on `{network}`: a DNS alias "
                    f"that only {who} resolves; a network alias of `{target}` does the same "
                    "for every container",
                    severity=Severity.INFO,
                )
                continue
            if link.kind is LinkKind.IGNORED:
                message = (
                    f"`links` entry `{spec(link)}` of {task} has no effect: the container runs "
                    f"on the user-defined network `{network}`, where the engine ignores `links`"
                    if link.network is not None
                    # ignored on no network: the task removes the container (state: absent)
                    else f"`links` entry `{spec(link)}` of {task} has no effect: the task "
                    "removes the container (`state: absent`)"
                )
                assert consumer is not None
                # one fix for all the ignored links of the task (the same for each)
                ignored = [
                    x
                    for x in consumer.links
                    if x.kind is LinkKind.IGNORED and x.origin == "ansible links" and not x.error
                ]
                fix = planning(project).removal_fix(
                    consumer,
                    ignored,
                    "remove the ignored links" if len(ignored) > 1 else "remove the ignored link",
                    display="remove the ignored `links` by hand",
                )
                yield self.diagnostic(
                    link.span, message, fix=fix, related=related_link(project, link, [])
                )
                continue
            if link.kind is LinkKind.REJECTED:
                message = (
                    f"`links` entry `{spec(link)}` of {task} with `network_mode: {network}`: "
                    "the daemon refuses links together with host or container networking"
                )
                yield self.diagnostic(link.span, message, severity=Severity.ERROR)
                continue
            if link.kind is LinkKind.NOOP:
                continue
            reads = project.reads_for_link(link)
            if link.kind is LinkKind.UNKNOWN:
                where = (
                    "on the default bridge with community.docker before 2.0 or "
                    "`networks_cli_compatible: false` (else the engine ignores it)"
                )
                kind = "link"
            else:
                where = "on the default bridge"
                kind = "legacy link"
            message = (
                f"{kind} `{spec(link)}` of {task} {where}: {who} reaches {reaches} through "
                "deprecated /etc/hosts entries and link env vars"
            )
            read_names = unique([r.name for r in reads])
            if read_names:
                message += f"; its consumers read {names(read_names)}"
            group = group_fix(project, link) if link.kind is LinkKind.LEGACY else None
            yield self.diagnostic(
                link.span,
                message,
                fix=group if group is not None and group.edits else suggestion(link),
                related=related_link(project, link, reads),
            )
