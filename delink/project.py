"""The project model: facts from every file, joined.

It answers the questions rules and planning (:mod:`delink.planning`) ask: which
container a link targets, which reads depend on which links, which links inject env at
all, which containers belong together. It never parses; :mod:`delink.model` decides the semantics.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from typing import TYPE_CHECKING

from delink.diagnostics import Span
from delink.facts import (
    ComposeFile,
    Container,
    EnvRead,
    EnvSet,
    FileFacts,
    HostnameUse,
    ImageBuild,
    ImageConfig,
    ImageTag,
    Link,
    LinkRemoval,
    LinksVia,
    NameChange,
    NetworkDecl,
    Problem,
)
from delink.images import Images, repository
from delink.model import (
    LinkKind,
    LinkVar,
    NetworkKind,
    classify_network,
    env_injected,
    env_prefix,
    parse_link_var,
)
from delink.order import Resolution, Timeline, name_key
from delink.settings import Settings
from delink.text import SourceText

if TYPE_CHECKING:
    from delink.prefilter import Hints
    from delink.sdkversion import SdkPin
    from delink.sources.compose.merge import ComposeIndex
    from delink.sources.compose.syntax import ServiceSyntax as ServiceSyntax


# files whose docker commands the second phase reads when code falls back on link vars
_COMMAND_HOSTS = frozenset({"shell", "makefile", "markdown", "ci-yaml", "groovy", "ruby"})
_VERBS = (b" run", b" create", b" build", b" tag")


def is_user_network(name: str) -> bool:
    return classify_network(name) is NetworkKind.USER_DEFINED


def _under(path: str, declared_in: str) -> bool:
    """Whether ``path`` is in the directory of ``declared_in`` or below it."""
    base = os.path.dirname(os.path.normpath(declared_in))
    if base in ("", "."):
        return True
    return os.path.normpath(path).startswith(base + os.sep)


class Project:
    def __init__(
        self, facts: Iterable[FileFacts], texts: dict[str, SourceText], settings: Settings
    ) -> None:
        self.settings = settings
        self.texts = texts
        self.facts: dict[str, FileFacts] = {}
        for f in facts:
            if f.path in self.facts:
                self.facts[f.path].extend(f)
            else:
                self.facts[f.path] = f
        every = list(self.facts.values())
        self.containers: list[Container] = [c for f in every for c in f.containers]
        self.links: list[Link] = [x for f in every for x in f.links]
        self.reads: list[EnvRead] = [x for f in every for x in f.reads]
        self.env_sets: list[EnvSet] = [x for f in every for x in f.env_sets]
        self.hostnames: list[HostnameUse] = [x for f in every for x in f.hostnames]
        self.links_via: list[LinksVia] = [x for f in every for x in f.links_via]
        self.networks: list[NetworkDecl] = [x for f in every for x in f.networks]
        self.images: list[ImageBuild] = [x for f in every for x in f.images]
        self.image_configs: list[ImageConfig] = [x for f in every for x in f.image_configs]
        self.removals: list[LinkRemoval] = [x for f in every for x in f.removals]
        self.name_changes: list[NameChange] = [x for f in every for x in f.name_changes]
        self.tags: list[ImageTag] = [x for f in every for x in f.tags]
        self.problems: list[Problem] = [x for f in every for x in f.problems]
        self.container_by_key: dict[str, Container] = {c.key: c for c in self.containers}

    # -- names and targets ---------------------------------------------------------

    @cached_property
    def _by_name(self) -> dict[str, list[Container]]:
        """Static container names (global in docker) and, keyed by ``path\0text``, names
        written with variables (meaningful within one file only)."""
        index: dict[str, list[Container]] = defaultdict(list)
        for c in self.containers:
            names: set[str] = set()
            if c.name is not None and (c.name.literal or c.name.display):
                names.add(name_key(c.path, c.name.literal or None, c.name.display))
            if c.service:
                names.add(c.service)
            for n in names:
                index[n].append(c)
        return index

    def containers_named(self, name: str) -> list[Container]:
        return list(self._by_name.get(name.lstrip("/"), ()))

    @cached_property
    def _timeline(self) -> Timeline:
        return Timeline(self.containers, self.name_changes)

    def resolution(self, link: Link) -> Resolution:
        """The containers a link may reach, best first, and whether program order (or
        the name being unique) makes it exactly one (see :mod:`delink.order`)."""
        cache: dict[int, Resolution] = self.__dict__.setdefault("_resolutions", {})
        got = cache.get(id(link))
        if got is None:
            got = cache[id(link)] = self._resolve(link)
        return got

    def _resolve(self, link: Link) -> Resolution:
        if link.target_container is not None:
            return Resolution((link.target_container,))
        if link.target is None:
            return Resolution(())
        key = name_key(link.span.path, link.target.literal, link.target.display)
        named = list(self._by_name.get(key, ()))
        for old in self._timeline.former_names(key):
            named += [c for c in self._by_name.get(old, ()) if c not in named]
        found = [c for c in named if c is not link.consumer]
        if link.consumer is not None and link.consumer.language == "compose":
            # Compose resolves service names within its project (sources.compose.merge);
            # any other container of that name ranks after the file's own services
            path = link.span.path

            def rank(c: Container) -> tuple[int, int]:
                same_file = c.path == path
                before = same_file and c.span.start < link.span.start
                return (0 if before else 1 if same_file else 2, c.span.start)

            return Resolution(tuple(sorted(found, key=rank)))
        return self._timeline.resolve(link, found, key)

    def targets(self, link: Link) -> list[Container]:
        """The containers a link may point at, best candidates first."""
        return list(self.resolution(link).targets)

    def target(self, link: Link) -> Container | None:
        found = self.targets(link)
        return found[0] if found else None

    # -- env prefixes and reads ----------------------------------------------------

    @staticmethod
    def link_prefixes(link: Link) -> set[str]:
        """Env var prefixes a link produces (its alias; Compose v1 adds more names)."""
        out: set[str] = set()
        if link.alias is not None and link.alias.literal:
            out.add(env_prefix(link.alias.literal))
        for extra in link.extra_aliases:
            out.add(env_prefix(extra))
        return out

    @cached_property
    def links_by_prefix(self) -> dict[str, list[Link]]:
        index: dict[str, list[Link]] = defaultdict(list)
        for link in self.links:
            for p in self.link_prefixes(link):
                index[p].append(link)
        return index

    def known_prefixes(self) -> set[str]:
        return set(self.links_by_prefix)

    @cached_property
    def _second_phase(self) -> tuple[tuple[bytes, ...], tuple[bytes, ...]]:
        """Needles of the second phase: names of link targets delink has not found, and
        of images the linked containers run (a ``docker build -t`` of one ties its code
        to the container); then ``X_PORT`` / ``X_NAME`` of every known alias prefix."""
        names: set[bytes] = set()
        for link in self.links:
            if link.target is not None and link.target.literal and not self.targets(link):
                name = link.target.literal.lstrip("/")
                if name:
                    names.add(name.encode())
        prefixes: set[bytes] = set()
        for p in self.known_prefixes():
            prefixes.add(f"{p}_PORT".encode())
            prefixes.add(f"{p}_NAME".encode())
        return tuple(sorted(names)), tuple(sorted(prefixes))

    @cached_property
    def _prefix_dirs(self) -> dict[str, set[str]]:
        """Alias prefix -> directories that declare a link with it."""
        out: dict[str, set[str]] = defaultdict(set)
        for prefix, links in self.links_by_prefix.items():
            for link in links:
                out[prefix].add(os.path.dirname(os.path.normpath(link.span.path)))
        return out

    def _declared_above(self, prefix: str, path: str) -> bool:
        """Whether a link with this prefix is declared in ``path``'s directory or above."""
        dirs = self._prefix_dirs.get(prefix)
        if not dirs:
            return False
        d = os.path.dirname(os.path.normpath(path))
        cache: dict[tuple[str, str], bool] = self.__dict__.setdefault("_above_cache", {})
        key = (prefix, d)
        if key not in cache:
            cache[key] = self._dirs_above(dirs, d)
        return cache[key]

    def _links_above(self, prefix: str, path: str) -> list[Link]:
        """Links with this prefix declared in ``path``'s directory or above it."""
        d = os.path.dirname(os.path.normpath(path))
        cache: dict[tuple[str, str], list[Link]] = self.__dict__.setdefault(
            "_links_above_cache", {}
        )
        key = (prefix, d)
        if key not in cache:
            cache[key] = [
                x for x in self.links_by_prefix.get(prefix, []) if _under(path, x.span.path)
            ]
        return cache[key]

    @staticmethod
    def _dirs_above(dirs: set[str], d: str) -> bool:
        while True:
            if d in dirs:
                return True
            if d in ("", "."):
                return "" in dirs
            parent = os.path.dirname(d)
            d = "" if parent == d else parent

    def wants(
        self, hints: Hints, path: str = "", load: Callable[[], bytes | None] | None = None
    ) -> bool:
        """Whether a file skipped by the prefilter may hold facts that matter now that
        links are known: a Dockerfile (ports, env, entrypoint scripts of an image), a
        docker command naming an unresolved link target or building an image a linked
        container runs, a service a Compose file needs, or an ambiguous read
        (``DB_PORT``) of a known alias. ``hints`` sum the file up
        (:func:`delink.prefilter.hints_of`); ``load`` gives its bytes when a Compose
        file of this run needs a service that only they can show."""
        names, _ = self._second_phase
        if hints.compose is not False and self.compose.files and self._compose_keys(names):
            data = load() if load is not None else None
            if data is not None and self.compose_wants(data, names):
                return True
        if self._fallback_reads and self._runs_images(hints, load):
            return True
        if not self.links:
            return False
        if hints.language == "dockerfile":
            return True
        wanted = self._name_set
        if wanted and any(v in wanted or repository(v) in wanted for v in hints.names):
            return True
        known = self._known_prefix_set
        return any(
            p in known and (not path or self._declared_above(p, path)) for p in hints.prefixes
        )

    @cached_property
    def _name_set(self) -> frozenset[str]:
        """Unresolved link targets, and the images linked containers run also without
        their tag (a prefilter: ``-t app:"$VERSION"`` may build ``app:latest``)."""
        names, _ = self._second_phase
        out = {n.decode("utf-8", "replace") for n in names}
        for link in self.links:
            for c in (link.consumer, *self.targets(link)):
                if c is None or c.image is None or c.build_context:
                    continue
                ref = c.image.literal or c.image.default
                if ref:
                    out.add(ref.lstrip("/"))
        return frozenset(out | {repository(n) for n in out})

    @cached_property
    def _known_prefix_set(self) -> frozenset[str]:
        return frozenset(self.known_prefixes())

    def has_second_phase(self) -> bool:
        return bool(self.links or self._compose_wanted or self._fallback_reads)

    @cached_property
    def _fallback_reads(self) -> bool:
        """Some code reads a link var only as the fallback of a setting of its own: the
        Dockerfiles and the commands that build and run images tell whether every
        container that runs the code sets that setting (a migrated project does)."""
        return any(r.fallback_for for r in self.reads)

    @staticmethod
    def _runs_images(hints: Hints, load: Callable[[], bytes | None] | None) -> bool:
        if hints.language == "dockerfile":
            return True
        if hints.language not in _COMMAND_HOSTS or load is None:
            return False
        data = load()
        return data is not None and b"docker" in data and any(v in data for v in _VERBS)

    _var_cache: dict[str, LinkVar | None]

    def var(self, name: str) -> LinkVar | None:
        cache: dict[str, LinkVar | None] = self.__dict__.setdefault("_var_cache", {})
        if name not in cache:
            cache[name] = parse_link_var(name)
        return cache[name]

    # -- build contexts: which containers run the code in a file ----------------------

    @cached_property
    def _images(self) -> Images:
        return Images(self.images, self.tags, self.containers)

    def context_of(self, container: Container) -> str | None:
        """The build context of the image a container runs, when it is built here."""
        return self._images.context.get(container.key)

    def runners_of(self, path: str) -> list[Container]:
        """Containers whose image is built from a directory holding ``path``."""
        cache: dict[str, list[Container]] = self.__dict__.setdefault("_runners_cache", {})
        got = cache.get(path)
        if got is None:
            got = cache[path] = self._runners_of(path)
        return list(got)

    def _runners_of(self, path: str) -> list[Container]:
        norm = os.path.normpath(path)
        out: list[Container] = []
        for ctx, cs in self._images.by_context.items():
            if ctx in (".", "") or norm == ctx or norm.startswith(ctx.rstrip(os.sep) + os.sep):
                out.extend(cs)
        return out

    def image_config(self, container: Container) -> ImageConfig | None:
        """The Dockerfile facts of the image a container runs, when built here."""
        ctx = self.context_of(container)
        if ctx is None:
            return None
        for cfg in self.image_configs:
            if os.path.normpath(cfg.context) == ctx:
                return cfg
        return None

    def consumer_code_known(self, container: Container) -> bool:
        """Whether the code the container runs is in the repository (built here)."""
        return self.context_of(container) is not None

    # -- reads -> links --------------------------------------------------------------

    def sets_own_env(self, container: Container, name: str) -> bool:
        """A container's own -e / environment beats a link var of the same name."""
        return name in self._own_env(container)

    def _own_env(self, container: Container) -> frozenset[str]:
        """The names a container sets itself (a Compose service: over its fragments);
        computed once per container."""
        cache: dict[int, tuple[Container, frozenset[str]]] = self.__dict__.setdefault(
            "_own_env_cache", {}
        )
        got = cache.get(id(container))
        if got is None:
            if container.language == "compose":
                names = frozenset(self.compose.merged(container).env_names())
            else:
                names = frozenset(e.name for e in container.env)
            got = cache[id(container)] = (container, names)  # the container kept alive
        return got[1]

    @staticmethod
    def _read_key(read: EnvRead) -> tuple[bool, str, str | None, str]:
        """What :meth:`links_for_read` depends on: reads with one key see one list."""
        return (read.pattern, read.name, read.container_key, read.span.path)

    # -- what a migration leaves: explicit values on user-defined networks -------------

    def _network_names(self, container: Container) -> set[str]:
        """The user-defined networks a container joins (Compose: its project's networks,
        keyed by the Compose project)."""
        if container.language == "compose":
            cf = self.compose.file_of(container)
            syn = container.syntax
            nets = getattr(syn, "networks", None) or ["default"]
            mode = getattr(syn, "network_mode", None)
            if cf is None or mode is not None:
                return set()
            return {f"{cf.project_name}\0{n}" for n in nets}
        out = set()
        for v in (container.network, *container.networks):
            if v is None:
                continue
            if v.literal:
                if is_user_network(v.literal):
                    out.add(v.literal)
            elif v.display:
                out.add(name_key(container.path, None, v.display))  # "$P-net": this file
        return out

    def _answers_to(self, container: Container) -> set[str]:
        names = {a.literal for a in container.network_aliases if a.literal}
        if container.name is not None and container.name.literal:
            names.add(container.name.literal.lstrip("/"))
        if container.service:
            names.add(container.service)
            if container.language == "compose":
                names |= {a for al in getattr(container.syntax, "aliases", {}).values() for a in al}
        return names

    def resolves_on_network(self, container: Container, host: str) -> bool:
        """Whether ``host`` names another container on a user-defined network that
        ``container`` joins (a name, a service or a network alias there)."""
        if not host:
            return False
        answering = self._answering
        for net in self._network_names(container):
            others = answering.get((net, host), ())
            if any(other is not container for other in others):
                return True
        return False

    @cached_property
    def _answering(self) -> dict[tuple[str, str], list[Container]]:
        """(user-defined network, host name) -> the containers that answer to the name
        there: built once, so that asking costs the networks of one container, not a
        walk over every container (a Makefile of 1,000 runs took a minute)."""
        out: dict[tuple[str, str], list[Container]] = defaultdict(list)
        for other in self.containers:
            nets = self._network_names(other)
            if not nets:
                continue
            for host in self._answers_to(other):
                for net in nets:
                    out[(net, host)].append(other)
        return out

    def migrated_env(self, container: Container, name: str) -> bool:
        """Whether a link-shaped variable set on ``container`` is what a migration to a
        user-defined network leaves: its alias (or the host its value names) resolves on
        a network the container joins, so the value points at a container there."""
        var = self.var(name)
        if var is None:
            return False
        prefix = var.prefix.lower()
        hosts = {prefix, prefix.replace("_", "-")}
        for e in container.env:
            if e.name == name and e.value is not None and e.value.literal:
                value = e.value.literal
                host = value.split("://", 1)[-1].split(":", 1)[0].split("/", 1)[0]
                hosts.add(host)
        return any(self.resolves_on_network(container, h) for h in hosts)

    def fallback_covered(self, read: EnvRead) -> bool:
        """Whether a read is only the fallback of a setting of the code's own that the
        containers running the code set (as a migration leaves them): the link var is
        not needed any more. A run of the image with neither the setting nor a link
        never had the link var either."""
        own = read.fallback_for
        if own is None:
            return False
        if read.container_key is not None:
            owner = self.container_by_key.get(read.container_key)
            runners = [owner] if owner is not None else []
        else:
            runners = self.runners_of(read.span.path)
        return any(self.sets_own_env(c, own) for c in runners)

    def links_for_read(self, read: EnvRead) -> list[Link]:
        """The links whose env a read may see, most specific scope first. A pattern read
        (every ``*_PORT_*_TCP``) sees every link of the containers that run it."""
        return list(self._links_for_key(read))

    def _links_for_key(self, read: EnvRead) -> tuple[Link, ...]:
        """:meth:`links_for_read`, computed once per :meth:`_read_key`."""
        cache: dict[tuple[bool, str, str | None, str], tuple[Link, ...]] = self.__dict__.setdefault(
            "_links_for_read_cache", {}
        )
        key = self._read_key(read)
        got = cache.get(key)
        if got is None:
            got = cache[key] = tuple(self._links_seen_by(read))
        return got

    def injecting_links(self, read: EnvRead) -> tuple[Link, ...]:
        """The links of :meth:`links_for_read` whose env the engine injects (computed
        once per :meth:`_read_key`)."""
        cache: dict[tuple[bool, str, str | None, str], tuple[Link, ...]] = self.__dict__.setdefault(
            "_injecting_cache", {}
        )
        key = self._read_key(read)
        got = cache.get(key)
        if got is None:
            got = cache[key] = tuple(x for x in self._links_for_key(read) if self.injects_env(x))
        return got

    def _links_seen_by(self, read: EnvRead) -> list[Link]:
        if read.pattern:
            if read.container_key is not None:
                owner = self.container_by_key.get(read.container_key)
                return list(owner.links) if owner is not None else []
            return [x for c in self.runners_of(read.span.path) for x in c.links]
        var = self.var(read.name)
        if var is None:
            return []
        links = self.links_by_prefix.get(var.prefix, [])
        if read.container_key is not None:
            keys = self.compose_sibling_keys(read.container_key)
            links = [x for x in links if x.consumer is not None and x.consumer.key in keys]
        else:
            runners = self.runners_of(read.span.path)
            if runners:
                runners = self.compose_with_siblings(runners)
                links = [x for x in links if x.consumer in runners]
            elif var.ambiguous:
                # X_PORT / X_NAME are ordinary settings too: tie them to a link only when
                # the link is declared in the read's directory or one above it.
                if not self._declared_above(var.prefix, read.span.path):
                    return []
                links = self._links_above(var.prefix, read.span.path)
        return [
            x for x in links if x.consumer is None or not self.sets_own_env(x.consumer, read.name)
        ]

    @cached_property
    def _explicit_setters(self) -> dict[str, list[Span]]:
        """Link-shaped names some container or file of the project sets by hand."""
        out: dict[str, list[Span]] = defaultdict(list)
        for c in self.containers:
            for e in c.env:
                out[e.name].append(e.span)
        for s in self.env_sets:
            if s.span not in out[s.name]:
                out[s.name].append(s.span)
        for spans in out.values():  # scripts and configs before documentation
            spans.sort(key=lambda x: (x.path.endswith((".md", ".markdown", ".rst")), x))
        return out

    def setters_of(self, read: EnvRead) -> list[Span]:
        """Where the variable a read wants is set by hand for the code that reads it: in
        the env of its container, or (for code delink cannot tie to a container)
        anywhere in the project, as a migrated setup or a shim does."""
        if read.container_key is not None:
            owner = self.container_by_key.get(read.container_key)
            return [e.span for e in owner.env if e.name == read.name] if owner else []
        runners = self.runners_of(read.span.path)
        if runners:
            return [e.span for c in runners for e in c.env if e.name == read.name]
        return list(self._explicit_setters.get(read.name, ()))

    def reads_for_link(self, link: Link) -> list[EnvRead]:
        return self._reads_by_link.get(id(link), [])

    def read_names(self, link: Link) -> list[str]:
        """The names :meth:`reads_for_link` reads, each once, in order (computed once per
        list of reads, which links seen by the same reads share)."""
        reads = self.reads_for_link(link)
        cache: dict[int, tuple[list[EnvRead], list[str]]] = self.__dict__.setdefault(
            "_read_names_cache", {}
        )
        got = cache.get(id(reads))
        if got is None:
            got = cache[id(reads)] = (reads, list(dict.fromkeys(r.name for r in reads)))
        return list(got[1])

    @cached_property
    def _reads_by_link(self) -> dict[int, list[EnvRead]]:
        """Link -> the reads (in project order) whose :meth:`links_for_read` holds it.
        Reads are grouped by what their links depend on, and links that the same groups
        hold share one list: linear in reads + links, however many reads see a link."""
        groups: dict[tuple[bool, str, str | None, str], list[int]] = {}
        for i, read in enumerate(self.reads):
            groups.setdefault(self._read_key(read), []).append(i)
        seen_in: dict[int, list[int]] = {}  # id(link) -> group numbers, repeated as listed
        members = list(groups.values())
        for g, idx in enumerate(members):
            for link in self._links_for_key(self.reads[idx[0]]):
                seen_in.setdefault(id(link), []).append(g)
        shared: dict[tuple[int, ...], list[EnvRead]] = {}
        out: dict[int, list[EnvRead]] = {}
        for key, gs in seen_in.items():
            sig = tuple(gs)
            got = shared.get(sig)
            if got is None:
                if len(sig) == 1:
                    order = members[sig[0]]
                else:  # project order; a group listed twice counts twice, as before
                    order = sorted(i for g in sig for i in members[g])
                got = shared[sig] = [self.reads[i] for i in order]
            out[key] = got
        return out

    def injects_env(self, link: Link) -> bool:
        """Whether the engine injects the link's env vars (decided once per link kind)."""
        settings = self.settings
        key = (link.kind, settings.engine, settings.keep_legacy_env)
        cache: dict[tuple[LinkKind, str, bool], bool] = self.__dict__.setdefault(
            "_injects_cache", {}
        )
        got = cache.get(key)
        if got is None:
            got = cache[key] = env_injected(*key)
        return got

    def legacy_links(self) -> list[Link]:
        return [x for x in self.links if x.kind is LinkKind.LEGACY and x.consumer is not None]

    def hostname_uses(self, alias: str) -> list[HostnameUse]:
        return list(self._hostnames_by_host.get(alias, ()))

    @cached_property
    def _hostnames_by_host(self) -> dict[str, list[HostnameUse]]:
        out: dict[str, list[HostnameUse]] = defaultdict(list)
        for use in self.hostnames:
            out[use.host].append(use)
        return out

    def hostname_uses_of(self, link: Link) -> list[HostnameUse]:
        """Uses of the link's alias as a hostname by the consumer: in its own command, in
        code its image is built from, or in files at or below where the link is declared."""
        alias = link.alias.literal if link.alias is not None else None
        consumer = link.consumer
        if not alias or consumer is None:
            return []
        out = []
        for use in self._hostnames_by_host.get(alias, ()):
            if use.container_key is not None:
                if use.container_key == consumer.key:
                    out.append(use)
            elif consumer in self.runners_of(use.span.path) or _under(
                use.span.path, link.span.path
            ):
                out.append(use)
        return out

    def where(self, path: str, offset: int) -> str:
        """``path:row`` for messages."""
        text = self.texts.get(path)
        if text is None:
            return path
        row, _ = text.position(offset)
        return f"{path}:{row}"

    # -- Compose projects (the merged model of delink.sources.compose.merge) ------------

    @cached_property
    def compose(self) -> ComposeIndex:
        """Compose files grouped into Compose projects; merged services."""
        from delink.sources.compose.merge import ComposeIndex

        return ComposeIndex([cf for f in self.facts.values() for cf in f.compose])

    def compose_files(self) -> list[ComposeFile]:
        return self.compose.files

    def compose_links(self) -> Iterator[tuple[Link, ServiceSyntax, Container]]:
        """The links written in Compose services that docker can read (no error), each
        with the service's syntax and the consuming container (the Compose syntax module
        is only imported when the project has Compose files)."""
        if not self.compose.files:
            return
        from delink.sources.compose.syntax import LinkSyntax

        for link in self.links:
            syn = link.syntax
            if not isinstance(syn, LinkSyntax) or link.error is not None:
                continue
            if link.consumer is None:
                continue
            yield link, syn.service, link.consumer

    @staticmethod
    def compose_variables(text: str) -> list[str]:
        """The variables a Compose value interpolates, in order (``$$`` is no variable)."""
        from delink.sources.compose.interpolate import references

        return [name for name, _start, _end in references(text)]

    @staticmethod
    def template_tags(text: str) -> list[str]:
        """The template tags of a value of a templated file (``{{ s }}``), in order."""
        from delink.sources.compose.template import TEMPLATE_TAG

        return TEMPLATE_TAG.findall(text)

    def sdk_call(self, link: Link) -> str:
        """The name of the docker SDK function or method a ``links=`` is given to
        (``connect_container_to_network``, ``connect``, ``create_host_config``); "" when
        the link is not written in a docker SDK call."""
        from delink.sources.python.syntax import PyLink

        syn = link.syntax
        if not isinstance(syn, PyLink) or syn.call is None:
            return ""
        func = syn.call.func
        return str(getattr(func, "attr", getattr(func, "id", "")))

    def compose_sibling_keys(self, key: str) -> set[str]:
        """The container key and, for a Compose service, the keys of every fragment of
        the same merged service (base file, overrides, extends)."""
        container = self.container_by_key.get(key)
        if container is None or container.language != "compose":
            return {key}
        return {c.key for c in self.compose.siblings(container)} | {key}

    def compose_with_siblings(self, containers: list[Container]) -> list[Container]:
        out = list(containers)
        for c in containers:
            if c.language == "compose":
                out += [s for s in self.compose.siblings(c) if s not in out]
        return out

    @cached_property
    def _compose_wanted(self) -> tuple[bytes, ...]:
        """Names of services that Compose files of this run extend: the files that
        define them are read even without a link word in them."""
        names: set[bytes] = set()
        for cf in self.compose.files:
            for _service, _file, base in cf.extends:
                if base:
                    names.add(base.encode())
        return tuple(sorted(names))

    def compose_wants(self, data: bytes, names: tuple[bytes, ...] = ()) -> bool:
        """Whether a file skipped by the prefilter may define a service a Compose file
        of this run needs (an unresolved link target, an extended service)."""
        if not self.compose.files:
            return False
        wanted = self._compose_keys(names)
        if not wanted:
            return False
        if not any(k in data for k in (b"image:", b"build:", b"extends:", b"services:")):
            return False
        return any(n in data for n in wanted)

    def _compose_keys(self, names: tuple[bytes, ...]) -> tuple[bytes, ...]:
        cache: dict[tuple[bytes, ...], tuple[bytes, ...]] = self.__dict__.setdefault(
            "_compose_keys_cache", {}
        )
        if names not in cache:
            cache[names] = tuple(n + b":" for n in (*names, *self._compose_wanted))
        return cache[names]

    # -- docker SDK for Python ---------------------------------------------------------

    def docker_sdk(self, path: str) -> SdkPin | None:
        """The docker SDK version that governs the Python file ``path``: the nearest pin
        of ``docker`` (lock files, requirements, pyproject.toml, …; see
        :mod:`delink.sdkversion`), else the configured ``docker-sdk-version``."""
        from delink.sdkversion import find_pin, pin_from_config

        cache: dict[str, SdkPin | None] = self.__dict__.setdefault("_sdk_pins", {})
        if path not in cache:
            pin = find_pin(path, self.settings.root)
            cache[path] = (
                pin if pin is not None else pin_from_config(self.settings.docker_sdk_version)
            )
        return cache[path]
