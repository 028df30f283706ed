"""``delink explain``: what each consumer in the repository gets from its links.

A *consumer* is a container that declares links: a ``docker run``/``create`` in a
script (or in shell embedded elsewhere), a Compose service, a docker SDK call. For each
one, on the engine the project runs on (``--engine``, else the configuration):

* its links (target, alias, kind, where written);
* the link env its process gets, computed by :func:`delink.model.link_env` in the
  algorithm of that engine's era (old up to 27.x, new from 28), with every link name a
  Compose link gives (``db``, ``db_1``, ``<project>_db_1`` for Compose v1), the target's
  ports and env as the project states them, and ``<ip of NAME>`` for the run-time
  address of the target ``NAME``;
* the ``/etc/hosts`` lines its legacy links write;
* which of those variables the project's code reads, and where;
* what Engine 29 (env off unless the daemon keeps it) and Engine 30 change.

:func:`explain` returns the data with real values (tests compare them with a real
engine); the renderers mask every secret value (:func:`delink.secrets.is_secret`).
"""

from __future__ import annotations

import argparse
import fnmatch
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from delink.commands.outlook import (
    NEXT_ENGINE,
    EnvChange,
    HostsLine,
    LinkEnvInput,
    algorithm,
    combined_env,
    diff,
)
from delink.commands.textout import names
from delink.facts import Container, EnvRead, HostnameUse, Link
from delink.model import LinkKind, env_injected, hosts_names, image_ports, link_name
from delink.planning.values import target_env, target_ports

if TYPE_CHECKING:
    from delink.commands import SettingsLoader
    from delink.project import Project

__all__ = ["Consumer", "HostsLine", "LinkInfo", "Read", "Use", "explain"]

# What a link of each kind does, for links that give no env and no /etc/hosts lines.
_KIND_NOTE = {
    LinkKind.ENDPOINT: "a DNS alias on {network} for this container only: no env vars, "
    "no /etc/hosts lines",
    LinkKind.EXTERNAL: "a DNS alias on {network} for this container only: no env vars, "
    "no /etc/hosts lines",
    LinkKind.NOOP: "does nothing on `--network none`",
    LinkKind.REJECTED: "docker rejects it on this network mode",
    LinkKind.UNKNOWN: "the network is not static: delink cannot tell what it does",
}


@dataclass
class LinkInfo:
    target: str  # as written
    alias: str | None
    kind: str  # LinkKind value
    path: str
    line: int
    column: int
    target_name: str  # the container or service ``<ip of NAME>`` names
    resolved: bool  # the target is started in the files delink read
    names: list[str] = field(default_factory=list)  # link names: /web/db, /web/db_1
    ports: list[str] = field(default_factory=list)
    # "dockerfile" (the image is built here), "image table" (delink's table of official
    # images), "flags" (only what the command or service states), "unknown"
    ports_source: str = "unknown"
    note: str = ""


@dataclass
class Use:
    """A place in the code: a read of a variable or a use of a hostname."""

    path: str
    line: int
    column: int


@dataclass
class Read:
    name: str  # the variable, or a pattern (``*_PORT_*_TCP``) for built and pattern reads
    pattern: bool
    at: list[Use] = field(default_factory=list)


@dataclass
class Consumer:
    name: str
    container_name: str | None
    service: str | None
    origin: str
    language: str
    path: str
    line: int
    column: int
    network: str  # as written, or "default" for the default bridge
    engine: str
    algorithm: str
    injected: bool  # the engine injects the link env (some link is legacy)
    links: list[LinkInfo] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)  # what the process gets on `engine`
    overridden: list[str] = field(default_factory=list)  # link vars it sets itself
    collisions: list[str] = field(default_factory=list)
    hosts: list[HostsLine] = field(default_factory=list)
    reads: list[Read] = field(default_factory=list)
    host_uses: dict[str, list[Use]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # Engine 29 with the escape hatch (the new algorithm) and what differs from `env`
    env_29: dict[str, str] = field(default_factory=dict)
    change_29: EnvChange = field(default_factory=EnvChange)
    keep_legacy_env: bool = False

    def read_names_of(self, read: Read) -> list[str]:
        """The names ``read`` finds a value for in ``env``."""
        return _matches(read, self.env)

    def read_names(self, env: dict[str, str]) -> list[str]:
        """The reads that find a value in ``env`` (patterns: each matching name)."""
        out: list[str] = []
        for r in self.reads:
            for name in _matches(r, env):
                if name not in out:
                    out.append(name)
        return out

    @property
    def lost_on_29(self) -> list[str]:
        """Variables the code reads that have a value now and none on Engine 29."""
        later = self.env_29 if self.keep_legacy_env else {}
        return [n for n in self.read_names(self.env) if n not in later]

    @property
    def lost_on_30(self) -> list[str]:
        return self.read_names(self.env)

    @property
    def empty_reads(self) -> list[str]:
        """Variables the code reads that the links compute but the engine does not
        inject (Engine 29+ without the escape hatch)."""
        return [] if self.injected else self.read_names(self.env_29)

    @property
    def host_names(self) -> list[str]:
        """The static names of the /etc/hosts lines (placeholders left out)."""
        out: list[str] = []
        for line in self.hosts:
            out += [n for n in line.names if not n.startswith("<") and n not in out]
        return out


def _matches(read: Read, env: dict[str, str]) -> list[str]:
    if not read.pattern:
        return [read.name] if read.name in env else []
    return [k for k in env if fnmatch.fnmatchcase(k, read.name)]


_BUILT_PART = re.compile(r"\{[^}]*\}")


def _read_pattern(read: EnvRead) -> tuple[str, bool]:
    if read.pattern:
        return read.name, True
    if read.built or "{" in read.name:
        return _BUILT_PART.sub("*", read.name), True
    return read.name, False


class _Explainer:
    def __init__(self, project: Project, engine: str, keep: bool) -> None:
        self.project = project
        self.engine = engine
        self.keep = keep

    # -- names --------------------------------------------------------------------------

    def _compose_v1(self, c: Container) -> bool:
        f = self.project.compose.file_of(c)
        return f is not None and f.format == "v1"

    def container_name(self, c: Container) -> str | None:
        """The name docker gives the container, when the files state it."""
        if c.language == "compose":
            from delink.planning.compose import container_name

            return container_name(self.project.compose, c, v1=self._compose_v1(c))
        if c.name is not None and c.name.literal:
            return c.name.literal.lstrip("/")
        return None

    def parent_name(self, c: Container) -> str:
        name = self.container_name(c)
        if name is not None:
            return name
        if c.name is not None:
            return f"<name of {c.name.display}>"
        return "<generated name>"

    # -- targets ------------------------------------------------------------------------

    def fragments(self, target: Container) -> list[Container]:
        if target.language == "compose":
            return self.project.compose.siblings(target)
        return [target]

    def ports(self, target: Container | None) -> tuple[list[str], str]:
        if target is None:
            return [], "unknown"
        project = self.project
        if target.language == "compose":
            merged = project.compose.merged(target)
            own, frags, image = merged.ports(), merged.fragments, merged.main.image
        else:
            own, frags, image = list(target.ports), [target], target.image
        ports, _guessed = target_ports(project, own, frags, image)
        if any(project.image_config(f) is not None for f in frags):
            return ports, "dockerfile"
        if (
            image is not None
            and image.literal
            and image_ports(image.literal, project.settings.image_ports)
        ):
            return ports, "image table"
        return ports, "flags"

    def child_env(self, target: Container | None) -> tuple[list[str], list[str]]:
        """The target's ``Config.Env`` as the project states it (values from variables
        as ``<value of $X>``), and notes on what delink cannot see."""
        if target is None:
            return [], []
        frags = self.fragments(target)
        env = target_env(self.project, frags)
        built = any(self.project.image_config(f) is not None for f in frags)
        image = target.image
        if target.language == "compose":
            image = self.project.compose.merged(target).main.image
        entries = [f"{k}={v}" for k, v in env.literal.items()]
        entries += [f"{k}=<value of ${v}>" for k, v in env.refs.items()]
        notes: list[str] = []
        if not built:
            shown = f"`{image.display}`" if image is not None else "its image"
            unknown = "the `_ENV_` vars of the image's own ENV lines are not shown"
            if env.image == {}:
                unknown = "delink's table of official images says it sets no ENV"
            elif env.image is not None:
                known = [k for k, v in env.image.items() if v is not None]
                unknown = (
                    f"delink's table of official images gives {names(known)} of its ENV; "
                    "the `_ENV_` vars of the rest (their values depend on the tag) are not shown"
                    if known
                    else "its ENV values depend on the tag: their `_ENV_` vars are not shown"
                )
            notes.append(
                f"`{target.display_name}` runs {shown}, which is not built here: {unknown}"
            )
        files = [v.display for f in frags for v in f.env_files]
        if files:
            notes.append(
                f"`{target.display_name}` also reads env files ({', '.join(files)}): "
                "their entries give `_ENV_` vars delink does not show"
            )
        return entries, notes

    def hostname(self, target: Container | None, name: str) -> str:
        if target is not None:
            for frag in reversed(self.fragments(target)):
                if frag.hostname is not None and frag.hostname.literal:
                    return frag.hostname.literal
        return f"<hostname of {name}>"

    # -- one consumer -------------------------------------------------------------------

    def where(self, path: str, offset: int) -> Use:
        text = self.project.texts.get(path)
        if text is None:
            return Use(path, 0, 0)
        row, col = text.position(offset)
        return Use(path, row, col)

    def own_env(self, c: Container, frags: list[Container]) -> list[str]:
        names = [e.name for f in frags for e in f.env]
        for f in frags:
            cfg = self.project.image_config(f)
            if cfg is not None:
                names += [k for k, _ in cfg.env]
        return names

    def consumer(self, c: Container, frags: list[Container]) -> Consumer:
        project = self.project
        links = [x for f in frags for x in f.links]
        at = self.where(c.path, c.anchor.start)
        network = next((f.network.display for f in reversed(frags) if f.network), "default")
        if c.language == "compose" and not any(x.kind is LinkKind.LEGACY for x in links):
            from delink.planning import planning

            network = ", ".join(planning(project).compose.networks(c))
        out = Consumer(
            name=c.display_name,
            container_name=self.container_name(c),
            service=c.service,
            origin=c.origin,
            language=c.language,
            path=at.path,
            line=at.line,
            column=at.column,
            network=network,
            engine=self.engine,
            algorithm=algorithm(self.engine),
            injected=False,
            keep_legacy_env=self.keep,
        )
        parent = self.parent_name(c)
        inputs: list[LinkEnvInput] = []
        seen_names: set[str] = set()
        reads: dict[tuple[str, bool], Read] = {}
        for link in links:
            info, link_inputs = self.link(link, parent, out, seen_names)
            out.links.append(info)
            inputs += link_inputs
            if link.kind is LinkKind.LEGACY and env_injected(link.kind, self.engine, self.keep):
                out.injected = True
            if link.kind is LinkKind.LEGACY:
                for r in project.reads_for_link(link):
                    name, pattern = _read_pattern(r)
                    read = reads.setdefault((name, pattern), Read(name, pattern))
                    use = self.where(r.span.path, r.span.start)
                    if use not in read.at:
                        read.at.append(use)
            for h in project.hostname_uses_of(link):
                self._host_use(out, h)
        own = self.own_env(c, frags)
        env_now, overridden, collisions = combined_env(inputs, self.engine, own)
        env_29, _, _ = combined_env(inputs, NEXT_ENGINE, own)
        out.env = env_now if out.injected else {}
        out.env_29 = env_29
        out.change_29 = diff(env_now, env_29) if out.injected else EnvChange()
        out.overridden = overridden
        out.collisions = collisions
        out.reads = sorted(
            reads.values(), key=lambda r: (r.at[0].path, r.at[0].line, r.at[0].column, r.name)
        )
        env_files = [v.display for f in frags for v in f.env_files]
        if env_files and inputs:
            out.notes.append(
                f"its env files ({', '.join(env_files)}) may set link var names themselves"
            )
        return out

    def _host_use(self, out: Consumer, h: HostnameUse) -> None:
        uses = out.host_uses.setdefault(h.host, [])
        use = self.where(h.span.path, h.span.start)
        if use not in uses:
            uses.append(use)

    def link(
        self, link: Link, parent: str, out: Consumer, seen: set[str]
    ) -> tuple[LinkInfo, list[LinkEnvInput]]:
        target = self.project.target(link)
        written = link.target.display if link.target is not None else link.value.display
        target_name = target.display_name if target is not None else written.lstrip("/")
        at = self.where(link.span.path, link.span.start)
        alias = link.alias.literal if link.alias is not None else None
        info = LinkInfo(
            target=written,
            alias=alias if alias is not None else (link.alias.display if link.alias else None),
            kind=link.kind.value,
            path=at.path,
            line=at.line,
            column=at.column,
            target_name=target_name,
            resolved=target is not None,
        )
        if link.error is not None:
            info.note = f"docker rejects it: {link.error}"
            return info, []
        if link.kind is not LinkKind.LEGACY:
            if link.consumer is not None and link.consumer.language == "compose":
                # Compose puts the link on every network the service joins
                nets = out.network.split(", ")
                network = "the networks " if len(nets) > 1 else "the network "
                network += ", ".join(f"`{n}`" for n in nets)
            elif link.network is not None:
                network = f"`{link.network.display}`"
            else:
                network = "its network"
            info.note = _KIND_NOTE.get(link.kind, "").format(network=network)
            return info, []
        if alias is None or link.dynamic:
            info.note = "its alias is not static: delink cannot tell its env"
            return info, []
        ports, source = self.ports(target)
        info.ports, info.ports_source = ports, source
        child_env, notes = self.child_env(target)
        if source == "image table":
            notes.insert(
                0,
                f"the ports of `{target_name}` come from delink's table of official images",
            )
        elif source == "flags" and target is not None:
            notes.insert(
                0,
                f"the ports of `{target_name}` are those its command or service states: "
                "its image's own EXPOSE lines are not known",
            )
        for n in notes:
            if n not in out.notes:
                out.notes.append(n)
        if target is None:
            out.notes.append(
                f"`{target_name}` is not started in the files delink read: its ports and "
                "env are unknown"
            )
        address = f"<ip of {target_name}>"
        hostname = self.hostname(target, target_name)
        child = self.container_name(target) if target is not None else None
        child = child or target_name
        inputs: list[LinkEnvInput] = []
        for name in (alias, *link.extra_aliases):
            full = link_name(parent, name)
            if full in seen:
                continue
            seen.add(full)
            info.names.append(full)
            inputs.append(LinkEnvInput(full, address, tuple(ports), tuple(child_env)))
            out.hosts.append(HostsLine(address, hosts_names(name, hostname, child)))
        return info, inputs


def explain(project: Project, engine: str | None = None) -> list[Consumer]:
    """Every consumer of the project (containers and services that declare links), in
    file order, with what its links give it on ``engine`` (default: the settings')."""
    settings = project.settings
    ex = _Explainer(project, engine or settings.engine, settings.keep_legacy_env)
    out: list[Consumer] = []
    done: set[str] = set()
    for c in sorted(project.containers, key=lambda c: (c.path, c.span.start)):
        if c.key in done:
            continue
        frags = [c]
        if c.language == "compose":
            merged = project.compose.merged(c)
            frags = merged.fragments
            c = merged.main
        done.update(f.key for f in frags)
        if not any(f.links for f in frags):
            continue
        out.append(ex.consumer(c, frags))
    return out


def _select(consumers: list[Consumer], args: argparse.Namespace) -> list[Consumer]:
    from delink.commands import CommandError

    container, service = args.container, args.service
    if container is None and service is None:
        return consumers
    if container is not None:
        wanted = container.lstrip("/")
        found = [c for c in consumers if wanted in (c.container_name, c.name)]
        what = f"container named `{container}`"
    else:
        found = [c for c in consumers if c.service == service]
        what = f"Compose service `{service}`"
    if not found:
        known = sorted({c.container_name or c.name for c in consumers})
        listing = ", ".join(known) if known else "none"
        raise CommandError(f"no consumer of links is a {what} (consumers: {listing})")
    return found


def run(args: argparse.Namespace, out: TextIO, err: TextIO, settings: SettingsLoader) -> int:
    from delink.commands import explain_output, warn_unread
    from delink.lint import Linter

    paths = args.paths or ["."]
    config = settings(args, paths)
    result = Linter(config, []).lint(paths)
    warn_unread(result.project, err)
    consumers = _select(explain(result.project), args)
    if args.format == "json":
        explain_output.write_json(
            consumers, config.engine, algorithm(config.engine), config.keep_legacy_env, out
        )
    else:
        explain_output.write_text(consumers, out)
    return 0
