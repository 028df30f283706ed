"""What the Compose source keeps for rules and the fix writer: documents, services, links.

These are read-only descriptions made once by the source: the project model and the
Compose rules ask them questions (a service's network mode, its networks and aliases,
its ``depends_on``), and :mod:`delink.fixes.compose` turns them into text edits. Every
node here indexes ``DocSyntax.text``; ``DocSyntax.host`` maps those offsets to the file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from delink.model import NetworkKind, classify_network
from delink.sources.compose.nodes import Pair

__all__ = ["DocSyntax", "LinkSyntax", "ServiceSyntax"]


@dataclass(eq=False)
class DocSyntax:
    path: str
    text: str  # the YAML text the nodes index (the file, or a Markdown code block)
    root: Any
    format: str  # "v1", "2.0" … "3.9", "spec", "blockade"
    services_pair: Pair | None  # ``services:`` / ``containers:``; None for v1 files
    top: dict[str, Pair]
    indent: int  # the file's mapping indent (spaces per level)
    seq_offset: int  # columns from a key to the ``-`` of its block sequence items
    newline: str
    embedded: bool
    host: Callable[[int], int]
    env: dict[str, str]  # .env values for interpolation
    services: dict[str, ServiceSyntax] = field(default_factory=dict)
    masked: bool = False  # template placeholders were masked to parse it
    stackfile: bool = False  # a Docker Cloud stackfile (v1 layout, keys of its own)

    @property
    def is_v1(self) -> bool:
        return self.format == "v1"

    @property
    def is_spec(self) -> bool:
        return self.format == "spec"

    @property
    def version_major(self) -> str:
        return self.format.split(".", 1)[0]

    def depends_on_form(self) -> str:
        """``"map-restart"`` (spec), ``"map"`` (v2.1–2.4), ``"list"`` (v2.0, v3.x)."""
        if self.format in ("spec", "v1"):
            return "map-restart"
        if self.format.startswith("2.") and self.format != "2.0":
            return "map"
        return "list"


@dataclass(eq=False)
class ServiceSyntax:
    doc: DocSyntax
    name: str
    key: Any  # the service name's ScalarNode
    node: Any  # its MappingNode (or a null scalar)
    pairs: dict[str, Pair]
    network_mode: str | None = None  # as interpolated; v1 ``net`` too
    network_mode_pair: Pair | None = None
    networks: list[str] = field(default_factory=list)  # networks it joins (["default"])
    networks_explicit: bool = False  # a ``networks`` key is written
    aliases: dict[str, list[str]] = field(default_factory=dict)  # network -> aliases
    depends_on: list[str] = field(default_factory=list)
    container_name: str | None = None
    extends: tuple[str, str] | None = None  # (file or "", service)
    build: str | None = None
    env_style: str | None = None  # "list" / "map" for its environment
    env_names: list[str] = field(default_factory=list)
    has_env_file: bool = False
    complete: bool = True  # has image, build or extends (not a partial override)

    @property
    def network_kind(self) -> NetworkKind:
        """How the service is networked. v2+ without ``network_mode``: user-defined
        project networks; v1 without ``net``: the default bridge."""
        if self.network_mode is None:
            if self.doc.format in ("v1", "blockade"):
                return NetworkKind.DEFAULT_BRIDGE
            return NetworkKind.USER_DEFINED
        return classify_network(self.network_mode)

    @property
    def on_default_bridge(self) -> bool:
        return self.network_kind is NetworkKind.DEFAULT_BRIDGE


@dataclass(eq=False)
class LinkSyntax:
    service: ServiceSyntax
    pair: Pair  # the ``links`` / ``external_links`` key of the service
    node: Any  # the item's ScalarNode (a mapping key for Blockade's mapping form)
    shared: bool  # written in an anchor or merged fragment: not editable in place
    flow: bool  # the list is written in flow style
