"""Amazon ECS task definitions and Elastic Beanstalk ``Dockerrun.aws.json`` -> facts.

An ECS container definition's ``links`` (``"name:internalName"``, the alias defaulting to
the name) is sent by the ECS agent as ``HostConfig.Links`` of the container it starts, with
the target container of the same task; the agent also starts the target first. ECS
allows ``links`` only with the ``bridge`` network mode (the default on Linux EC2
instances), which is Docker's default bridge: each link is a legacy link, with
``/etc/hosts`` entries and, on engines before 29, ``<ALIAS>_PORT_…`` env vars.

Forms read here, each container definition a :class:`~delink.facts.Container` (``origin=
"ecs container definition"``) and each ``links`` item a :class:`~delink.facts.Link`
(``origin="ecs links"``):

* a task definition (``{"family", "containerDefinitions", "networkMode"}``, also wrapped
  in ``{"taskDefinition": …}`` as ``describe-task-definition`` prints it);
* a bare list of container definitions (``--container-definitions file://…``, Terraform
  ``file()``);
* ``Dockerrun.aws.json`` version 2 (``AWSEBDockerrunVersion``), multicontainer Elastic
  Beanstalk, which runs its containers as an ECS task in ``bridge`` mode;
* CloudFormation ``AWS::ECS::TaskDefinition`` resources (``ContainerDefinitions``,
  ``Links``, ``NetworkMode``), in JSON or YAML;
* Terraform ``aws_ecs_task_definition`` ``container_definitions`` written as a heredoc of
  JSON or with ``jsonencode([...])`` (see :mod:`delink.sources.terraform`).

``awsvpc`` and ``host`` tasks cannot have links (ECS rejects the task definition); a
``networkMode`` delink cannot read (a template or Terraform variable) leaves the kind
unknown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from delink.diagnostics import Span
from delink.facts import Container, EnvEntry, FileFacts, Link, Statement, Value
from delink.model import LinkKind

if TYPE_CHECKING:
    from delink.sources.jsonpos import Node
    from delink.text import SourceText

__all__ = [
    "BARE_LIST",
    "LANGUAGE",
    "Definition",
    "link_kind",
    "read_definitions",
    "read_json",
    "read_yaml",
]

LANGUAGE = "ecs"
_CFN_TYPE = "AWS::ECS::TaskDefinition"
# the origin of container definitions written without their task (Terraform file(),
# --container-definitions file://…): the task's network mode is not in the file
BARE_LIST = "ecs container definition list"
_DYNAMIC = re.compile(r"\$\{|\{\{|\{%|\$\(")


@dataclass
class Definition:
    """One container definition, from JSON or YAML, with what the reader needs."""

    name: tuple[str, Span] | None
    image: tuple[str, Span] | None
    links: list[tuple[str, Span, bool]]  # (text, span of the characters, exact)
    env: list[tuple[str, str | None, Span]]
    ports: list[str]
    span: Span
    anchor: Span
    network_mode: str | None  # the task's, as written; None: not given (``bridge``)


def link_kind(mode: str | None) -> LinkKind:
    """What ECS makes of ``links`` for a task network mode (None: not given, ``bridge``)."""
    if mode is None:
        return LinkKind.LEGACY
    if _DYNAMIC.search(mode) or mode.startswith("!"):
        return LinkKind.UNKNOWN
    m = mode.lower()
    if m in ("bridge", "default"):
        return LinkKind.LEGACY
    if m in ("awsvpc", "host", "nat"):
        return LinkKind.REJECTED
    if m == "none":
        return LinkKind.NOOP
    return LinkKind.UNKNOWN


def _value(text: str, span: Span) -> Value:
    return Value(text, span, None if _DYNAMIC.search(text) else text, text)


def read_definitions(facts: FileFacts, defs: list[Definition], origin: str) -> None:
    """Containers and links of the container definitions of one task."""
    containers: dict[str, Container] = {}
    made: list[tuple[Definition, Container]] = []
    for d in defs:
        c = Container(
            key=f"{d.span.path}:{d.span.start}",
            path=d.span.path,
            span=d.span,
            anchor=d.anchor,
            origin=origin,
            language=LANGUAGE,
        )
        if d.name is not None:
            c.name = _value(*d.name)
            containers.setdefault(d.name[0], c)
        if d.image is not None:
            c.image = _value(*d.image)
        if d.network_mode is not None:
            c.network = Value.static(d.network_mode, d.anchor)
        c.ports = list(d.ports)
        for name, value, span in d.env:
            c.env.append(
                EnvEntry(name, Value.static(value, span) if value is not None else None, span)
            )
        made.append((d, c))
        facts.containers.append(c)
        facts.statements.append(Statement(d.span.start, d.span.end))
    for d, c in made:
        kind = link_kind(d.network_mode)
        for text, span, exact in d.links:
            _link(facts, c, text, span, exact, kind, containers)


def _link(
    facts: FileFacts,
    c: Container,
    text: str,
    span: Span,
    exact: bool,
    kind: LinkKind,
    containers: dict[str, Container],
) -> None:
    name, sep, alias_text = text.partition(":")
    error = None
    if not text.strip():
        error = "empty string specified for links"
    elif ":" in alias_text:
        error = f"bad format for links: {text}"  # the ECS agent: "Invalid link format"

    def part(s: str, at: int) -> Value:
        if not exact:
            return _value(s, span)
        return _value(s, Span(span.path, span.start + at, span.start + at + len(s)))

    target = part(name, 0) if error is None else None
    alias = part(alias_text, len(name) + 1) if sep and error is None else None
    if alias is None and target is not None:
        alias = Value(target.raw, target.span, target.literal, target.display)
    link = Link(
        span=span,
        value=_value(text, span),
        target=target,
        alias=alias,
        kind=kind,
        consumer=c,
        origin="ecs links",
        error=error,
        network=c.network,
    )
    if target is not None and target.literal is not None:
        tgt = containers.get(target.literal)
        if tgt is not None and tgt is not c:
            link.target_container = tgt
    c.links.append(link)
    facts.links.append(link)


# -- JSON --------------------------------------------------------------------------------


def _string(path: str, n: Node | None) -> tuple[str, Span] | None:
    if n is None or n.kind != "string":
        return None
    return n.value, Span(path, n.start + 1, n.end - 1)


def _json_container(path: str, n: Node, mode: str | None) -> Definition | None:
    if n.kind != "object":
        return None
    links: list[tuple[str, Span, bool]] = []
    lk = n.get("links", "Links")
    if lk is not None and lk.kind == "array":
        for item in lk.items:
            if item.kind == "string":
                span = Span(path, item.start + 1, item.end - 1)
                links.append((item.value, span, item.exact))
    env: list[tuple[str, str | None, Span]] = []
    ev = n.get("environment", "Environment")
    for item in ev.items if ev is not None and ev.kind == "array" else []:
        key = item.get("name", "Name") if item.kind == "object" else None
        if key is not None and key.kind == "string":
            value = item.get("value", "Value")
            text = value.value if value is not None and value.kind == "string" else None
            env.append((key.value, text, Span(path, item.start, item.end)))
    ports: list[str] = []
    pm = n.get("portMappings", "PortMappings")
    for item in pm.items if pm is not None and pm.kind == "array" else []:
        cp = item.get("containerPort", "ContainerPort") if item.kind == "object" else None
        if cp is None or cp.kind not in ("number", "string") or not str(cp.value).isdigit():
            continue
        proto = item.get("protocol", "Protocol")
        pr = proto.value.lower() if proto is not None and proto.kind == "string" else "tcp"
        ports.append(f"{cp.value}/{pr}")
    name_node = n.get("name", "Name")
    anchor = Span(path, n.start, n.start + 1)
    if name_node is not None:
        anchor = Span(path, name_node.start, name_node.end)
    return Definition(
        name=_string(path, name_node),
        image=_string(path, n.get("image", "Image")),
        links=links,
        env=env,
        ports=ports,
        span=Span(path, n.start, n.end),
        anchor=anchor,
        network_mode=mode,
    )


def _json_task(path: str, n: Node) -> list[Definition]:
    cds = n.get("containerDefinitions", "ContainerDefinitions")
    if cds is None or cds.kind != "array":
        return []
    mode_node = n.get("networkMode", "NetworkMode")
    mode = mode_node.value if mode_node is not None and mode_node.kind == "string" else None
    return [d for d in (_json_container(path, x, mode) for x in cds.items) if d is not None]


def _json_tasks(path: str, root: Node, mode: str | None) -> Iterator[tuple[list[Definition], str]]:
    """The tasks of a JSON document: (container definitions, origin)."""
    if root.kind == "array":
        # a bare list of container definitions
        if root.items and all(
            x.kind == "object" and x.get("name") is not None and x.get("image") is not None
            for x in root.items
        ):
            defs = [d for d in (_json_container(path, x, mode) for x in root.items) if d]
            if any(d.links for d in defs):
                yield defs, "ecs container definition" if mode is not None else BARE_LIST
        return
    if root.kind != "object":
        return
    if root.get("AWSEBDockerrunVersion") is not None:
        yield _json_task(path, root), "Dockerrun.aws.json container"
        return
    inner = root.get("taskDefinition")
    if inner is not None and inner.kind == "object":
        yield _json_task(path, inner), "ecs container definition"
        return
    resources = root.get("Resources")
    if resources is not None and resources.kind == "object":
        for _key, res in resources.pairs:
            typ = res.get("Type") if res.kind == "object" else None
            props = res.get("Properties") if res.kind == "object" else None
            if typ is not None and typ.value == _CFN_TYPE and props is not None:
                yield _json_task(path, props), "ecs container definition"
        return
    yield _json_task(path, root), "ecs container definition"


def read_json(
    facts: FileFacts, path: str, text: str, base: int = 0, network_mode: str | None = None
) -> bool:
    """ECS tasks of a JSON text (a file, or a heredoc of another file at ``base``);
    ``network_mode`` is the task's when the text is a bare list of container
    definitions written for a task defined elsewhere (Terraform)."""
    from delink.sources.jsonpos import JsonError, parse

    try:
        root = parse(text, base)
    except (JsonError, RecursionError):
        return False
    found = False
    for defs, origin in _json_tasks(path, root, network_mode):
        if defs:
            read_definitions(facts, defs, origin)
            found = True
    return found


# -- YAML (CloudFormation) -------------------------------------------------------------------


class _Yaml:
    """CloudFormation YAML: scalars with their exact spans."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text

    def span(self, node: Any) -> Span:
        from delink.sources.compose.nodes import content_end

        return Span(self.path, node.start_mark.index, content_end(self.text, node))

    def scalar(self, node: Any) -> tuple[str, Span] | None:
        from delink.sources.compose.nodes import is_scalar, scalar_text

        if node is None or not is_scalar(node):
            return None
        s = scalar_text(node)
        if s is None:
            return None
        start = node.start_mark.index
        raw = self.text[start : node.end_mark.index]
        if raw == s:
            return s, Span(self.path, start, start + len(s))
        if raw[1:-1] == s and raw[:1] in "'\"":
            return s, Span(self.path, start + 1, start + 1 + len(s))
        return s, self.span(node)

    def container(self, node: Any, mode: str | None) -> Definition | None:
        from delink.sources.compose.nodes import is_map, is_seq, pairs, scalar_text

        if not is_map(node):
            return None
        f = {p.name: p for p in pairs(node)}
        links: list[tuple[str, Span, bool]] = []
        lk = f.get("Links")
        for item in lk.value.value if lk is not None and is_seq(lk.value) else []:
            got = self.scalar(item)
            if got is not None:
                links.append((got[0], got[1], got[1].end - got[1].start == len(got[0])))
        ports: list[str] = []
        pm = f.get("PortMappings")
        for item in pm.value.value if pm is not None and is_seq(pm.value) else []:
            m = {p.name: scalar_text(p.value) for p in pairs(item)} if is_map(item) else {}
            cp = m.get("ContainerPort")
            if cp and cp.isdigit():
                ports.append(f"{cp}/{(m.get('Protocol') or 'tcp').lower()}")
        env: list[tuple[str, str | None, Span]] = []
        ev = f.get("Environment")
        for item in ev.value.value if ev is not None and is_seq(ev.value) else []:
            m2 = {p.name: p.value for p in pairs(item)} if is_map(item) else {}
            key = scalar_text(m2.get("Name")) if "Name" in m2 else None
            if key:
                value = scalar_text(m2["Value"]) if "Value" in m2 else None
                env.append((key, value, self.span(item)))
        name = f.get("Name")
        image = f.get("Image")
        return Definition(
            name=self.scalar(name.value) if name is not None else None,
            image=self.scalar(image.value) if image is not None else None,
            links=links,
            env=env,
            ports=ports,
            span=self.span(node),
            anchor=self.span(name.key) if name is not None else self.span(node),
            network_mode=mode,
        )


def read_yaml(facts: FileFacts, src: SourceText, text: str, docs: list[Any]) -> bool:
    """``AWS::ECS::TaskDefinition`` resources of CloudFormation YAML documents."""
    from delink.sources.compose.nodes import is_map, is_scalar, is_seq, pairs, scalar_text

    reader = _Yaml(src.path, text)
    found = False
    for root in docs:
        top = {p.name: p.value for p in pairs(root)} if is_map(root) else {}
        resources = top.get("Resources")
        for res in pairs(resources) if resources is not None and is_map(resources) else []:
            fields = {p.name: p.value for p in pairs(res.value)} if is_map(res.value) else {}
            if scalar_text(fields.get("Type")) != _CFN_TYPE:
                continue
            props_node = fields.get("Properties")
            props = {p.name: p.value for p in pairs(props_node)} if is_map(props_node) else {}
            cds = props.get("ContainerDefinitions")
            if cds is None or not is_seq(cds):
                continue
            mode_node = props.get("NetworkMode")
            mode = scalar_text(mode_node) if mode_node is not None else None
            if mode_node is not None and (
                not is_scalar(mode_node) or mode_node.tag.startswith("!")
            ):
                # !Ref / !If / !Sub: not known here
                written = scalar_text(mode_node) if is_scalar(mode_node) else "…"
                mode = f"{mode_node.tag} {written}"
            defs = [d for d in (reader.container(x, mode) for x in cds.value) if d is not None]
            if any(d.links for d in defs):
                read_definitions(facts, defs, "ecs container definition")
                found = True
    return found
