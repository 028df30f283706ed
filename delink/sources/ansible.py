"""Ansible tasks that run docker containers with links -> facts.

Playbooks and role task files are YAML the Compose source hands over when a document is
not Compose (:func:`read`). Each task of a docker container module is a
:class:`~delink.facts.Container` (``origin="ansible docker_container"``), each item of its
``links`` a :class:`~delink.facts.Link` (``origin="ansible links"``):

======================================  ================================================
module                                  what ``links`` becomes
======================================  ================================================
``docker_container``,                   ``HostConfig.Links`` (``name:alias``, the alias
``community.docker.docker_container``,  defaults to the name): a legacy link on the
``community.general.docker_container``  default bridge; ignored by the engine when
                                        ``network_mode`` is a user-defined network
``docker`` (Ansible ≤ 2.3)              the same; ``net`` instead of ``network_mode``
``networks: [{name, links}]``           endpoint links on that network (a DNS alias)
======================================  ================================================

``network_mode`` decides the kind: none, ``default`` or ``bridge`` give legacy links;
``host`` and ``container:`` are rejected by the daemon; a network name makes the engine
ignore ``links``. Without ``network_mode`` but with ``networks``, community.docker 2.0+
(``networks_cli_compatible: true``, the default since) runs the container on the first
listed network, so the links are ignored; older releases, or ``networks_cli_compatible:
false``, keep it on the default bridge as well, where the links are legacy links.

Values may be Jinja (``"{{ db_name }}:db"``); the parts delink cannot know are kept as
written. ``docker_compose`` / ``docker_service`` tasks with an inline ``definition`` are
Compose documents and go to the Compose reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from delink.diagnostics import Span
from delink.facts import Container, EnvEntry, FileFacts, Link, NetworkDecl, Statement, Value
from delink.model import LinkKind, NetworkKind, classify_network
from delink.sources.compose.nodes import (
    Pair,
    column,
    content_end,
    is_map,
    is_null,
    is_scalar,
    is_seq,
    item_range,
    line_start,
    pair_range,
    pairs,
    scalar_text,
    value_end,
)

if TYPE_CHECKING:
    from delink.sources import Context
    from delink.text import SourceText

__all__ = ["CONTAINER_MODULES", "LANGUAGE", "LinkSyntax", "TaskSyntax", "read"]

LANGUAGE = "ansible"
CONTAINER_MODULES = frozenset(
    {
        "docker_container",
        "community.docker.docker_container",
        "community.general.docker_container",
        "docker",
    }
)
COMPOSE_MODULES = frozenset(
    {
        "docker_compose",
        "docker_service",
        "community.docker.docker_compose",
        "community.docker.docker_compose_v2",
        "community.general.docker_compose",
    }
)
NETWORK_MODULES = frozenset(
    {"docker_network", "community.docker.docker_network", "community.general.docker_network"}
)
_NESTED = ("tasks", "pre_tasks", "post_tasks", "handlers", "block", "rescue", "always")
_JINJA = re.compile(r"\{\{|\{%")
_KV = re.compile(r"""(?P<key>\w+)=(?P<value>"(?:[^"\\]|\\.)*"|'[^']*'|\S+)""")


@dataclass(frozen=True)
class TaskSyntax:
    """What the Ansible fix writer needs of one container task: offsets in its file and
    the blanks it indents with (plain values, so facts stay picklable)."""

    path: str
    module: str  # as written: "docker_container", "community.docker.docker_container"
    task_line: int  # the line start of the task's "- "
    task_indent: str  # the blanks before that "-"
    args_indent: str | None  # the blanks before the module's argument keys (None: free form)
    args_end: int | None  # just past the line of the last argument (None: not whole lines)
    links: tuple[int, int] | None  # whole lines of the ``links`` argument
    link_items: int  # how many items its list holds
    network_mode: tuple[int, int, str] | None  # value start, end and text
    networks_end: int | None  # just past the last line of a block ``networks`` list
    networks_dash: str | None  # the blanks before its items' "-"
    networks_flow: bool  # ``networks`` written some other way (flow, Jinja)
    network_names: tuple[str, ...]
    env_end: int | None  # just past the last line of a block ``env`` mapping
    env_indent: str | None  # the blanks before its keys
    env_other: bool  # ``env`` written some other way (flow, Jinja, env_file only)


@dataclass(frozen=True)
class LinkSyntax:
    """A ``links`` item: the whole lines of a block list item (None: flow or free form)."""

    item: tuple[int, int] | None


class _Reader:
    def __init__(self, facts: FileFacts, src: SourceText, ctx: Context, text: str) -> None:
        self.facts = facts
        self.src = src
        self.ctx = ctx
        self.text = text
        self.path = src.path
        self.found = False

    def span(self, start: int, end: int) -> Span:
        return Span(self.path, start, max(start, end))

    def node_span(self, node: Any) -> Span:
        return self.span(node.start_mark.index, content_end(self.text, node))

    def value(self, node: Any) -> Value:
        text = scalar_text(node) or ""
        raw = self.text[node.start_mark.index : node.end_mark.index]
        literal = None if _JINJA.search(text) else text
        return Value(raw, self.node_span(node), literal, text)

    # -- the walk --------------------------------------------------------------------------

    def tasks(self, node: Any, depth: int = 0) -> None:
        if not is_seq(node) or depth > 8:
            return
        for item in node.value:
            if not is_map(item):
                continue
            ps = pairs(item)
            for p in ps:
                if p.name in _NESTED:
                    self.tasks(p.value, depth + 1)
            if any(p.name in ("hosts", "import_playbook") for p in ps):
                continue  # a play, not a task
            for p in ps:
                if p.name in CONTAINER_MODULES:
                    self.container_task(item, p, ps)
                elif p.name in COMPOSE_MODULES:
                    self.compose_task(p)
                elif p.name in NETWORK_MODULES and is_map(p.value):
                    self.network_task(p)

    def network_task(self, module: Pair) -> None:
        """``docker_network: name: N`` declares a network (present unless absent)."""
        fields = {p.name: p.value for p in pairs(module.value)}
        name = fields.get("name")
        state = scalar_text(fields.get("state")) if "state" in fields else None
        if name is None or not is_scalar(name) or state == "absent":
            return
        text = scalar_text(name)
        if text and not _JINJA.search(text):
            self.facts.networks.append(NetworkDecl(text, self.node_span(name)))

    def compose_task(self, module: Pair) -> None:
        if not is_map(module.value):
            return
        for p in pairs(module.value):
            if p.name == "definition" and is_map(p.value):
                from delink.sources.compose.extract import Reader

                reader = Reader(
                    self.facts,
                    self.src,
                    self.ctx,
                    self.text,
                    None,
                    embedded=True,
                    compose_named=True,
                )
                if reader.read(p.value):
                    self.found = True

    # -- one task ------------------------------------------------------------------------

    def container_task(self, task: Any, module: Pair, task_pairs: list[Pair]) -> None:
        args: dict[str, tuple[Any, str | None, int]] = {}  # name -> (node, text, start)
        if is_map(module.value):
            for p in pairs(module.value):
                args[p.name] = (p.value, None, p.value.start_mark.index)
        elif is_scalar(module.value) and not is_null(module.value):
            self.free_form(module.value, args)
        for p in task_pairs:
            if p.name == "args" and is_map(p.value):
                for q in pairs(p.value):
                    args.setdefault(q.name, (q.value, None, q.value.start_mark.index))
        state = self.arg_text(args.get("state"))
        if state in ("absent", "stopped") and "links" not in args:
            # a removal or a stop: no container is started here. With `links` the task
            # still declares them: `stopped` creates a missing container with them, and
            # an `absent` task's links are ignored (read as such, on no network)
            return
        removed = state == "absent"
        start = task.start_mark.index
        c = Container(
            key=f"{self.path}:{start}",
            path=self.path,
            span=self.span(start, content_end(self.text, task)),
            anchor=self.span(module.key.start_mark.index, module.key.end_mark.index),
            origin=f"ansible {module.name.rsplit('.', 1)[-1]}",
            language=LANGUAGE,
        )
        name = args.get("name")
        if name is not None:
            c.name = self.arg_value(name)
        image = args.get("image")
        if image is not None:
            c.image = self.arg_value(image)
        mode_arg = args.get("network_mode") or args.get("net")
        mode = self.arg_text(mode_arg)
        nets = self.networks(c, args.get("networks"))
        if mode_arg is not None:
            c.network = self.arg_value(mode_arg)
        elif nets:
            c.network = nets[0][0]
        self.env(c, args.get("env"))
        self.ports(c, args)
        kind = self.kind(mode, bool(nets), self.arg_text(args.get("networks_cli_compatible")))
        if removed:
            kind = LinkKind.IGNORED
            c.network = None
        links = args.get("links")
        if links is not None:
            self.links(c, links, kind)
        for net, net_links in nets:
            for item in net_links:
                self.link(c, item, LinkKind.ENDPOINT, network=net)
        c.syntax = self.task_syntax(task, module, args)
        self.facts.containers.append(c)
        self.facts.statements.append(Statement(start, max(start, c.span.end)))
        self.found = True

    def task_syntax(
        self, task: Any, module: Pair, args: dict[str, tuple[Any, str | None, int]]
    ) -> TaskSyntax:
        text = self.text
        ls = line_start(text, task.start_mark.index)
        dash = text.rfind("-", ls, task.start_mark.index)
        task_indent = text[ls : dash if dash >= 0 else ls]
        own = {p.name: p for p in pairs(module.value)} if is_map(module.value) else {}
        args_indent = args_end = None
        if own and not module.value.flow_style:
            first = module.value.value[0][0]
            args_indent = " " * column(text, first.start_mark.index)
            last = module.value.value[-1]
            got = pair_range(text, last[0], last[1])
            args_end = got[1] if got is not None else None
        links = None
        items = 0
        lp = own.get("links")
        if lp is not None:
            links = pair_range(text, lp.key, lp.value)
            items = len(lp.value.value) if is_seq(lp.value) else 0
        mode = None
        mp = own.get("network_mode")
        if mp is not None and is_scalar(mp.value) and not is_null(mp.value):
            v = mp.value
            mode = (v.start_mark.index, v.end_mark.index, scalar_text(v) or "")
        nets_end = nets_dash = None
        nets_other = False
        names: list[str] = []
        np_ = own.get("networks")
        if np_ is not None:
            nv = np_.value
            if is_seq(nv) and not nv.flow_style and nv.value:
                got = item_range(text, nv.value[-1])
                first_item = item_range(text, nv.value[0])
                if got is not None and first_item is not None:
                    nets_end = got[1]
                    d = text.find("-", first_item[0])
                    nets_dash = text[first_item[0] : d]
                for item in nv.value:
                    fields = {p.name: p.value for p in pairs(item)} if is_map(item) else {}
                    if is_scalar(fields.get("name")):
                        names.append(scalar_text(fields["name"]) or "")
            if nets_end is None:
                nets_other = True
        env_end = env_indent = None
        env_other = False
        ep = own.get("env")
        if ep is not None:
            ev = ep.value
            if is_map(ev) and not ev.flow_style and ev.value:
                last_k, last_v = ev.value[-1]
                got = pair_range(text, last_k, last_v)
                if got is not None:
                    env_end = got[1]
                    env_indent = " " * column(text, ev.value[0][0].start_mark.index)
            if env_end is None:
                env_other = True
        return TaskSyntax(
            path=self.path,
            module=module.name,
            task_line=ls,
            task_indent=task_indent if not task_indent.strip() else "",
            args_indent=args_indent,
            args_end=args_end,
            links=links,
            link_items=items,
            network_mode=mode,
            networks_end=nets_end,
            networks_dash=nets_dash,
            networks_flow=nets_other,
            network_names=tuple(names),
            env_end=env_end,
            env_indent=env_indent,
            env_other=env_other,
        )

    def free_form(self, node: Any, args: dict[str, tuple[Any, str | None, int]]) -> None:
        """``docker: name=web image=app links=db:db,cache`` (key=value arguments)."""
        text = scalar_text(node) or ""
        raw = self.text[node.start_mark.index : node.end_mark.index]
        base = node.start_mark.index
        if raw[:1] in ("'", '"') and raw[1:-1] == text:
            base += 1  # quoted without escapes
        elif raw != text:  # escapes or folding: offsets would not be exact
            return
        for m in _KV.finditer(text):
            value = m.group("value")
            vstart = base + m.start("value")
            if value[:1] in "\"'":
                value = value[1:-1]
                vstart += 1
            args[m.group("key")] = (node, value, vstart)

    def arg_text(self, arg: tuple[Any, str | None, int] | None) -> str | None:
        if arg is None:
            return None
        node, text, _start = arg
        if text is not None:
            return text
        return scalar_text(node) if is_scalar(node) else None

    def arg_value(self, arg: tuple[Any, str | None, int]) -> Value:
        node, text, start = arg
        if text is None:
            return self.value(node) if is_scalar(node) else Value.static("", self.node_span(node))
        literal = None if _JINJA.search(text) else text
        return Value(text, self.span(start, start + len(text)), literal, text)

    @staticmethod
    def kind(mode: str | None, has_networks: bool, cli_compatible: str | None) -> LinkKind:
        if mode is not None and not _JINJA.search(mode):
            net = classify_network(mode)
            if net is NetworkKind.DEFAULT_BRIDGE:
                return LinkKind.LEGACY
            if net is NetworkKind.USER_DEFINED:
                return LinkKind.IGNORED
            if net in (NetworkKind.HOST, NetworkKind.CONTAINER):
                return LinkKind.REJECTED
            if net is NetworkKind.NONE:
                return LinkKind.NOOP
            return LinkKind.UNKNOWN
        if mode is not None:
            return LinkKind.UNKNOWN
        if not has_networks:
            return LinkKind.LEGACY
        if cli_compatible is not None and cli_compatible.lower() in ("false", "no", "off", "0"):
            return LinkKind.LEGACY
        if cli_compatible is not None and cli_compatible.lower() in ("true", "yes", "on", "1"):
            return LinkKind.IGNORED
        return LinkKind.UNKNOWN

    def networks(
        self, c: Container, arg: tuple[Any, str | None, int] | None
    ) -> list[tuple[Value, list[Any]]]:
        out: list[tuple[Value, list[Any]]] = []
        if arg is None or arg[1] is not None or not is_seq(arg[0]):
            return out
        for item in arg[0].value:
            if not is_map(item):
                continue
            fields = {p.name: p.value for p in pairs(item)}
            name = fields.get("name")
            if name is None or not is_scalar(name):
                continue
            net = self.value(name)
            c.networks.append(net)
            aliases = fields.get("aliases")
            if aliases is not None and is_seq(aliases):
                c.network_aliases += [self.value(a) for a in aliases.value if is_scalar(a)]
            links = fields.get("links")
            items = (
                [x for x in links.value if is_scalar(x)]
                if links is not None and is_seq(links)
                else []
            )
            out.append((net, items))
        return out

    def env(self, c: Container, arg: tuple[Any, str | None, int] | None) -> None:
        if arg is None or arg[1] is not None or not is_map(arg[0]):
            return
        for p in pairs(arg[0]):
            start = p.key.start_mark.index
            end = value_end(self.text, p.key, p.value)
            value = self.value(p.value) if is_scalar(p.value) and not is_null(p.value) else None
            c.env.append(EnvEntry(p.name, value, self.span(start, end)))

    def ports(self, c: Container, args: dict[str, tuple[Any, str | None, int]]) -> None:
        from delink.model import parse_expose, parse_publish

        for key, parse in (
            ("exposed_ports", parse_expose),
            ("expose", parse_expose),
            ("published_ports", parse_publish),
            ("ports", parse_publish),
        ):
            arg = args.get(key)
            if arg is None or arg[1] is not None or not is_seq(arg[0]):
                continue
            for item in arg[0].value:
                text = scalar_text(item) if is_scalar(item) else None
                if not text or _JINJA.search(text):
                    continue
                try:
                    found = parse(text)
                except ValueError:
                    continue
                c.ports += [p for p in found if p not in c.ports]

    # -- links ----------------------------------------------------------------------------

    def links(self, c: Container, arg: tuple[Any, str | None, int], kind: LinkKind) -> None:
        node, text, start = arg
        if text is not None:  # free form: links=db:db,cache
            pos = start
            for part in text.split(","):
                if part:
                    self.link_text(c, part, pos, kind)
                pos += len(part) + 1
            return
        if is_seq(node):
            for item in node.value:
                if is_scalar(item) and not is_null(item):
                    self.link(c, item, kind)
        elif is_scalar(node) and not is_null(node):
            # "{{ app_links }}": a list delink cannot see, or "db:db,cache"
            value = scalar_text(node) or ""
            raw = self.text[node.start_mark.index : node.end_mark.index]
            if _JINJA.search(value) or raw != value or "," not in value:
                self.link(c, node, kind)
                return
            pos = node.start_mark.index
            for part in value.split(","):
                if part:
                    self.link_text(c, part, pos, kind)
                pos += len(part) + 1

    def link(self, c: Container, node: Any, kind: LinkKind, network: Value | None = None) -> None:
        value = self.value(node)
        text = value.display
        offset = 1 if node.style in ("'", '"') and value.raw[:1] in "'\"" else 0
        got = self.make_link(c, value, text, node.start_mark.index + offset, kind, network)
        got.syntax = LinkSyntax(item_range(self.text, node))

    def link_text(self, c: Container, text: str, start: int, kind: LinkKind) -> None:
        literal = None if _JINJA.search(text) else text
        value = Value(text, self.span(start, start + len(text)), literal, text)
        self.make_link(c, value, text, start, kind, None).syntax = LinkSyntax(None)

    def make_link(
        self,
        c: Container,
        value: Value,
        text: str,
        start: int,
        kind: LinkKind,
        network: Value | None,
    ) -> Link:
        name, sep, alias_text = text.partition(":")
        target = self.part(name, start)
        alias = self.part(alias_text, start + len(name) + 1) if sep else None
        error = None
        if not text.strip():
            error = "empty string specified for links"
        if alias is None and error is None:
            alias = Value(target.raw, target.span, target.literal, target.display)
        link = Link(
            span=value.span,
            value=value,
            target=target if error is None else None,
            alias=alias,
            kind=kind,
            consumer=c,
            origin="ansible networks links" if network is not None else "ansible links",
            error=error,
            network=network if network is not None else c.network,
            dynamic=target.literal is None and "{{" in name,
        )
        c.links.append(link)
        self.facts.links.append(link)
        return link

    def part(self, text: str, start: int) -> Value:
        literal = None if _JINJA.search(text) else text
        return Value(text, self.span(start, start + len(text)), literal, text)


def read(facts: FileFacts, src: SourceText, ctx: Context, text: str, docs: list[Any]) -> bool:
    """Facts of the Ansible docker tasks of a YAML file; False when it has none."""
    reader = _Reader(facts, src, ctx, text)
    for root in docs:
        if is_seq(root):
            reader.tasks(root)
    return reader.found
