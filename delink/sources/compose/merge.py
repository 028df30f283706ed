"""The merged Compose project: which files load together, and what a service is once
its base file, overrides and ``extends`` are merged.

Files form one Compose project through a base file and its ``*.override.yml``, the
``COMPOSE_FILE`` list of a ``.env`` file and ``include:``. ``extends`` imports one
service (from the same file or ``file:``). Compose files in the same directory that are
not related by any of these may still be combined with ``-f a -f b`` (a Makefile, a
script): a link whose target is defined only there resolves to it as a last resort,
so that only a service defined nowhere is reported as undefined.

Facts stay where they are written: a merged service is a list of its fragments
(:class:`~delink.facts.Container` s), later files winning, and every finding is
reported at the fragment that holds it.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field

from delink.facts import ComposeFile, Container, Link
from delink.unionfind import UnionFind

__all__ = ["ComposeIndex", "MergedService"]


def _norm(path: str) -> str:
    return os.path.normpath(path)


@dataclass
class MergedService:
    name: str
    fragments: list[Container]  # base first, overrides after (the last one wins)
    files: list[ComposeFile] = field(default_factory=list)

    @property
    def main(self) -> Container:
        """The fragment that defines the service (image/build), else the first one."""
        from delink.sources.compose.syntax import ServiceSyntax

        for c in self.fragments:
            svc = c.syntax
            if isinstance(svc, ServiceSyntax) and svc.complete:
                return c
        return self.fragments[0]

    def env_names(self) -> set[str]:
        return {e.name for c in self.fragments for e in c.env}

    def ports(self) -> list[str]:
        out: list[str] = []
        for c in self.fragments:
            out += [p for p in c.ports if p not in out]
        return out

    def build_context(self) -> str | None:
        found = None
        for c in self.fragments:
            if c.build_context is not None:
                found = c.build_context
        return found

    def container_name(self) -> str | None:
        found = None
        for c in self.fragments:
            if c.name is not None and c.name.literal:
                found = c.name.literal
        return found


class ComposeIndex:
    """Every Compose file of the run, grouped into Compose projects."""

    def __init__(self, files: list[ComposeFile]) -> None:
        self.files = [f for f in files]
        self.by_path: dict[str, list[ComposeFile]] = defaultdict(list)
        for f in self.files:
            self.by_path[_norm(f.path)].append(f)
        sets = UnionFind()

        for f in self.files:
            if f.embedded:
                continue
            me = _norm(f.path)
            sets.find(me)
            for other in (*f.partners, *f.includes):
                if _norm(other) in self.by_path:
                    sets.union(me, _norm(other))
        self._root = {p: sets.find(p) for p in self.by_path}
        groups: dict[str, list[ComposeFile]] = defaultdict(list)
        for f in self.files:
            key = f"{f.path}#embedded:{f.span.start}" if f.embedded else self._root[_norm(f.path)]
            groups[key].append(f)
        self.groups = groups
        self._group_of: dict[int, str] = {}
        for key, fs in groups.items():
            for f in fs:
                self._group_of[id(f)] = key
        self.by_dir: dict[str, list[ComposeFile]] = defaultdict(list)
        for f in self.files:
            if not f.embedded:
                self.by_dir[_norm(os.path.dirname(f.path) or ".")].append(f)
        self._merged: dict[str, MergedService] = {}
        self._file_of: dict[str, ComposeFile] = {}
        for f in self.files:
            for c in f.services.values():
                self._file_of[c.key] = f

    # -- files ----------------------------------------------------------------------------

    def file_of(self, container: Container) -> ComposeFile | None:
        return self._file_of.get(container.key)

    def project_files(self, f: ComposeFile) -> list[ComposeFile]:
        """The files loaded together with ``f`` (``f`` included), in load order: base
        files before overrides."""
        group = self.groups.get(self._group_of.get(id(f), ""), [f])
        return sorted(group, key=lambda x: (".override." in os.path.basename(x.path), x.path))

    def neighbours(self, f: ComposeFile) -> list[ComposeFile]:
        """Compose files in the same directory that are not in ``f``'s project."""
        if f.embedded:
            return []
        mine = {id(x) for x in self.project_files(f)}
        return [
            x
            for x in self.by_dir.get(_norm(os.path.dirname(f.path) or "."), [])
            if id(x) not in mine
        ]

    # -- services -------------------------------------------------------------------------

    def merged(self, container: Container) -> MergedService:
        """The service a fragment belongs to, over the files of its project and the
        services it extends."""
        got = self._merged.get(container.key)
        if got is None:
            got = self._merged[container.key] = self._merge(container)
        return got

    def _merge(self, container: Container) -> MergedService:
        f = self.file_of(container)
        name = container.service or ""
        if f is None:
            return MergedService(name, [container])
        frags: list[Container] = []
        files: list[ComposeFile] = []
        for g in self.project_files(f):
            c = g.services.get(name)
            if c is not None:
                frags.append(c)
                files.append(g)
        base = self._extends_chain(frags)
        return MergedService(name, base + frags, files)

    def _extends_chain(self, frags: list[Container], depth: int = 0) -> list[Container]:
        from delink.sources.compose.syntax import ServiceSyntax

        out: list[Container] = []
        if depth > 5:
            return out
        for c in frags:
            svc = c.syntax
            if not isinstance(svc, ServiceSyntax) or svc.extends is None:
                continue
            f = self.file_of(c)
            file, service = svc.extends
            if f is None:
                continue
            target_file = (
                _norm(os.path.join(os.path.dirname(f.path), file)) if file else _norm(f.path)
            )
            for g in self.by_path.get(target_file, []):
                base = g.services.get(service)
                if base is not None and base is not c:
                    out = [*self._extends_chain([base], depth + 1), base, *out]
        return out

    def siblings(self, container: Container) -> list[Container]:
        return self.merged(container).fragments

    def services_named(self, f: ComposeFile, name: str, external: bool = False) -> list[Container]:
        """Services called ``name`` (or with that ``container_name`` for external
        links) in ``f``'s project, then in its directory's other Compose files."""
        for scope in (self.project_files(f), self.neighbours(f)):
            found: list[Container] = []
            for g in scope:
                if external:
                    for c in g.services.values():
                        if c.name is not None and c.name.literal == name:
                            found.append(c)
                named = g.services.get(name)
                if named is not None and named not in found:
                    found.append(named)
            if found:
                return found
        return []

    def targets(self, link: Link) -> list[Container]:
        """The service a Compose link points at (its defining fragment first)."""
        if link.target_container is not None:
            return [self.merged(link.target_container).main]
        if link.consumer is None or link.target is None or link.target.literal is None:
            return []
        f = self.file_of(link.consumer)
        if f is None:
            return []
        found = self.services_named(f, link.target.literal, link.origin == "external_links")
        found = [c for c in found if c.service != link.consumer.service]
        if not found:
            return []
        main = self.merged(found[0]).main
        return [main, *[c for c in found if c is not main]]

    def defined_anywhere(self, link: Link) -> bool:
        return bool(self.targets(link))
