"""The Compose planner and fix writer: links in Compose files become ``depends_on``,
network aliases, shared networks and explicit ``environment`` entries.

One fix per scope, carried by every finding in that scope (identical fixes count once):

* a v2+/spec service's ``links`` on project networks: two fixes per service, one that
  removes only the links whose removal keeps behaviour exactly (``safe``) and one that
  removes every link it can (``unsafe``), so ``delink fix`` never leaves a link that
  can go safely and ``--unsafe-fixes`` takes the rest;
* ``network_mode: bridge`` services joined by legacy links: one fix for the group, both
  ends move to the project's ``default`` network;
* ``external_links`` of a service: one fix;
* a v1 file: one fix that upgrades the file to the Compose spec format (services under
  ``services:``, ``net`` → ``network_mode``, ``dockerfile`` → ``build.dockerfile``,
  ``log_driver``/``log_opt`` → ``logging``, named volumes declared) and migrates every
  link in it, with explicit env for every link variable its consumers read.

Values come from :func:`delink.model.explicit_value` (hostnames, never IPs; ``$``
written as ``$$``; secrets referenced, never copied). Fix safety follows the model: a
value that was an IP and is now a hostname, an alias that becomes visible to the whole
network, a ``depends_on`` form without ``restart: true``, a guessed port, a consumer
whose code is not in the repository: each makes the fix ``unsafe`` and is named in its
message.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from delink.diagnostics import Applicability, Edit, Fix
from delink.facts import ComposeFile, Container, Link
from delink.fixes.compose_edit import (
    EditError,
    ServiceChange,
    service_edits,
    to_edits,
    top_level_append,
)
from delink.model import LinkKind, env_prefix, explicit_link_env, explicit_value, image_ports
from delink.sources.compose.interpolate import escape
from delink.sources.compose.syntax import DocSyntax, LinkSyntax, ServiceSyntax

if TYPE_CHECKING:
    from delink.project import Project
    from delink.sources.compose.merge import ComposeIndex

__all__ = ["ComposePlanner", "planner"]


def planner(project: Project) -> ComposePlanner:
    got = project.__dict__.get("_compose_planner")
    if got is None:
        got = project.__dict__["_compose_planner"] = ComposePlanner(project)
    return got


def service_of(link: Link) -> ServiceSyntax | None:
    syn = link.syntax
    return syn.service if isinstance(syn, LinkSyntax) else None


def container_name(index: ComposeIndex, c: Container, *, v1: bool) -> str:
    """The name of ``c``'s container: its ``container_name``, else Compose 1's
    ``<project>_<service>_1`` (``v1``) or Compose 2's ``<project>-<service>-1``."""
    from delink.sources.compose.extract import project_name_v1, project_name_v2

    name = index.merged(c).container_name()
    if name:
        return name
    f = index.file_of(c)
    project = f.project_name if f else "app"
    if v1:
        return f"{project_name_v1(project)}_{c.service}_1"
    return f"{project_name_v2(project)}-{c.service}-1"


@dataclass
class _Plan:
    """Changes to services (by container key), reasons, notes."""

    changes: dict[str, ServiceChange] = field(default_factory=dict)
    containers: dict[str, Container] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    done: list[str] = field(default_factory=list)  # what the fix does, for its message
    top: list[tuple[ComposeFile, str, list[tuple[str, dict[str, str]]]]] = field(
        default_factory=list
    )

    def change(self, c: Container) -> ServiceChange:
        got = self.changes.get(c.key)
        if got is None:
            assert isinstance(c.syntax, ServiceSyntax)
            got = self.changes[c.key] = ServiceChange(c.syntax)
            self.containers[c.key] = c
        return got


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


class ComposePlanner:
    def __init__(self, project: Project) -> None:
        self.project = project
        self.index = project.compose
        self._cache: dict[object, Fix | None] = {}

    # -- public ----------------------------------------------------------------------------

    def fix(self, link: Link) -> Fix | None:
        """The fix a finding about ``link`` carries (None: nothing to offer)."""
        svc = service_of(link)
        if svc is None or link.consumer is None or link.error is not None:
            return None
        doc = svc.doc
        if doc.embedded:
            return None
        if doc.format == "blockade":
            return None
        if doc.masked:
            return self._display("the file is a template: fix the template by hand")
        if doc.is_v1:
            cf = self.index.file_of(link.consumer)
            return self.file_fix(cf) if cf is not None else None
        if link.origin == "external_links":
            return self._cached(
                ("ext", link.consumer.key), lambda: self._external_fix(link.consumer)
            )
        if link.kind is LinkKind.LEGACY:
            return self._cached(("bridge", link.consumer.key), lambda: self._bridge_fix(link))
        if link.kind is LinkKind.ENDPOINT:
            tier = "safe" if self._endpoint_safe(link) else "all"
            return self._cached(
                (tier, link.consumer.key), lambda: self._endpoint_fix(link.consumer, tier)
            )
        return None

    def file_fix(self, cf: ComposeFile) -> Fix | None:
        return self._cached(("v1", cf.path, cf.span.start), lambda: self._v1_fix(cf))

    # -- helpers ---------------------------------------------------------------------------

    def _cached(self, key: object, make: object) -> Fix | None:
        if key not in self._cache:
            self._cache[key] = make()  # type: ignore[operator]
        return self._cache[key]

    @staticmethod
    def _display(message: str) -> Fix:
        return Fix(Applicability.DISPLAY_ONLY, message, ())

    def _render(self, plan: _Plan, message: str) -> Fix:
        edits: list[Edit] = []
        try:
            for change in plan.changes.values():
                if change.empty:
                    continue
                doc = change.svc.doc
                edits += to_edits(doc.path, doc.host, service_edits(change))
            for cf, key, entries in plan.top:
                top = cf.syntax
                assert isinstance(top, DocSyntax)
                s, e, c = top_level_append(top, key, entries)
                edits.append(Edit(top.path, top.host(s), top.host(e) if e > s else top.host(s), c))
        except EditError as exc:
            return self._display(f"{message} (by hand: {exc})")
        edits = _merge(edits)
        if not edits:
            return self._display(message)
        applicability = Applicability.UNSAFE if plan.reasons else Applicability.SAFE
        extra = _unique(plan.notes + plan.reasons)
        text = message + (" (" + "; ".join(extra) + ")" if extra else "")
        return Fix(applicability, text, tuple(sorted(set(edits))))

    def _depends(self, consumer: Container) -> set[str]:
        out: set[str] = set()
        for c in self.index.siblings(consumer):
            if isinstance(c.syntax, ServiceSyntax):
                out.update(c.syntax.depends_on)
        return out

    def _networks(self, c: Container) -> list[str]:
        found: list[str] = ["default"]
        for frag in self.index.siblings(c):
            svc = frag.syntax
            if isinstance(svc, ServiceSyntax) and (
                svc.networks_explicit or svc.network_mode is not None
            ):
                found = list(svc.networks)
        return found

    def _aliases(self, c: Container) -> dict[str, set[str]]:
        out: dict[str, set[str]] = defaultdict(set)
        for frag in self.index.siblings(c):
            svc = frag.syntax
            if isinstance(svc, ServiceSyntax):
                for net, al in svc.aliases.items():
                    out[net].update(al)
        return out

    def _alias_owner(self, c: Container) -> Container:
        """Where a network alias for ``c`` goes: the fragment that writes its networks
        (the service itself, or the one whose network it shares with ``service:x``)."""
        svc = c.syntax
        if (
            isinstance(svc, ServiceSyntax)
            and svc.network_mode
            and svc.network_mode.startswith("service:")
        ):
            f = self.index.file_of(c)
            if f is not None:
                found = self.index.services_named(f, svc.network_mode.split(":", 1)[1])
                if found:
                    return self._alias_owner(self.index.merged(found[0]).main)
        frags = self.index.siblings(c)
        for frag in reversed(frags):
            s = frag.syntax
            if isinstance(s, ServiceSyntax) and s.networks_explicit:
                return frag
        return self.index.merged(c).main

    def collision(self, link: Link, alias: str, target: Container) -> str | None:
        """Why ``alias`` cannot become a network alias of ``target`` (None: it can)."""
        f = self.index.file_of(target)
        if f is None:
            return None
        files = self.index.project_files(f)
        for g in files:
            for name, c in g.services.items():
                if name == target.service:
                    continue
                if name == alias:
                    return f"`{alias}` is the name of the service `{name}`"
                if c.name is not None and c.name.literal == alias:
                    return f"`{alias}` is the container_name of `{name}`"
                svc = c.syntax
                if isinstance(svc, ServiceSyntax) and any(alias in a for a in svc.aliases.values()):
                    return f"`{alias}` is already a network alias of `{name}`"
        for g in files:
            for c in g.services.values():
                for other in c.links:
                    if other is link or other.alias is None or other.alias.literal != alias:
                        continue
                    if other.error is not None:
                        continue
                    tgts = self.project.targets(other)
                    if tgts and tgts[0].service != target.service:
                        return f"`{alias}` also names `{tgts[0].service}` for `{c.service}`"
        return None

    # -- one link on a project network ----------------------------------------------------

    def _endpoint_part(
        self, link: Link, plan: _Plan | None, *, legacy: bool = False, form: str | None = None
    ) -> list[str] | None:
        """Add a link's changes to ``plan`` (when given); the reasons it is not exact, or
        None when it cannot be migrated here."""
        syn = link.syntax
        if not isinstance(syn, LinkSyntax) or syn.shared or link.consumer is None:
            return None
        if link.alias is None or link.alias.literal is None or link.target is None:
            return None
        targets = self.project.targets(link)
        if not targets:
            return None
        target = targets[0]
        consumer = link.consumer
        if not isinstance(target.syntax, ServiceSyntax) or target.service == consumer.service:
            return None  # only a Compose service can take `depends_on` and a network alias
        reasons: list[str] = []
        tname = target.service or ""
        alias = link.alias.literal
        doc = syn.service.doc
        form = form or doc.depends_on_form()
        add_dep = link.origin == "links" and tname not in self._depends(consumer)
        if add_dep and form != "map-restart":
            reasons.append(
                f"a `depends_on` {('list item' if form == 'list' else 'entry')} in a "
                f"{doc.format} file cannot say `restart: true`: `{consumer.service}` is no longer "
                f"restarted with `{tname}`"
            )
        owner = self._alias_owner(target)
        if legacy:
            cnets = ["default"]
            tnets = ["default"]
        else:
            cnets = self._networks(consumer)
            tnets = self._networks(owner)
        shared = [n for n in cnets if n in tnets]
        aliases: dict[str, list[str]] = {}
        if alias != tname:
            have = self._aliases(owner)
            missing = [n for n in shared if alias not in have.get(n, set())]
            if missing:
                why = self.collision(link, alias, target)
                if why is not None:
                    return None
                for n in missing:
                    aliases[n] = [alias]
                reasons.append(
                    f"`{alias}` becomes a network alias of `{tname}`, visible to every "
                    f"service on {_nets(missing)}, not only to `{consumer.service}`"
                )
        if not legacy:
            for extra in (f"{tname}-1", f"{tname}_1"):
                if self.project.hostname_uses(extra):
                    reasons.append(
                        f"the link name `{extra}` is used as a host name and goes with the link"
                    )
        if plan is not None:
            plan.change(consumer).remove_items.append((link.origin, syn.node))
            if add_dep:
                ch = plan.change(consumer)
                if tname not in ch.depends:
                    ch.depends.append(tname)
            if aliases:
                tc = plan.change(owner)
                for n, al in aliases.items():
                    cur = tc.aliases.setdefault(n, [])
                    cur += [a for a in al if a not in cur]
            plan.reasons += reasons
        return reasons

    def _endpoint_safe(self, link: Link) -> bool:
        got = self._endpoint_part(link, None)
        return got is not None and not got

    def _endpoint_fix(self, consumer: Container, tier: str) -> Fix | None:
        plan = _Plan()
        links = [
            x
            for x in consumer.links
            if x.origin == "links" and x.kind is LinkKind.ENDPOINT and x.error is None
        ]
        taken = []
        for link in links:
            reasons = self._endpoint_part(link, None)
            if reasons is None or (tier == "safe" and reasons):
                continue
            self._endpoint_part(link, plan)
            taken.append(link.value.display)
        if not taken:
            return self._display(
                f"replace the links of `{consumer.service}` by hand: "
                "the target is not a service delink can edit, or its alias collides"
            )
        deps = [d for ch in plan.changes.values() for d in ch.depends]
        plural = "s" if len(taken) > 1 else ""
        message = f"remove the link{plural} {_names(taken)} of `{consumer.service}`"
        if deps:
            message += f" and keep the start order with `depends_on` ({_names(deps)})"
        return self._render(plan, message)

    # -- network_mode: bridge --------------------------------------------------------------

    def _bridge_group(self, link: Link) -> list[Link]:
        assert link.consumer is not None
        seen: set[str] = set()
        todo = [link.consumer]
        group: list[Link] = []
        while todo:
            c = todo.pop()
            if c.key in seen:
                continue
            seen.add(c.key)
            f = self.index.file_of(c)
            scope = self.index.project_files(f) if f is not None else []
            for x in (x for g in scope for s in g.services.values() for x in s.links):
                if x.kind is not LinkKind.LEGACY or x.origin != "links" or x.consumer is None:
                    continue
                if x.consumer.language != "compose":
                    continue
                tg = self.project.targets(x)
                ends = {x.consumer.key} | ({tg[0].key} if tg else set())
                if c.key in ends:
                    if x not in group:
                        group.append(x)
                    todo += [x.consumer, *tg[:1]]
        return group

    def _bridge_fix(self, link: Link) -> Fix | None:
        group = self._bridge_group(link)
        plan = _Plan()
        members: dict[str, Container] = {}
        for x in group:
            assert x.consumer is not None
            members[x.consumer.key] = x.consumer
            tg = self.project.targets(x)
            if not tg:
                return self._display(
                    f"the target of `{x.value.display}` is not a service of this project"
                )
            members[tg[0].key] = tg[0]
        for c in members.values():
            for frag in self.index.siblings(c):
                svc = frag.syntax
                if isinstance(svc, ServiceSyntax) and svc.network_mode_pair is not None:
                    if svc.network_mode != "bridge":
                        return self._display(
                            f"`{frag.service}` has `network_mode: {svc.network_mode}`: "
                            "move it by hand"
                        )
                    plan.change(frag).remove_keys.append("network_mode")
        for x in group:
            reasons = self._endpoint_part(x, plan, legacy=True)
            if reasons is None:
                return self._display(f"the link `{x.value.display}` cannot be replaced here")
            self._env(x, plan, v1=False)
        names = sorted({c.service or "" for c in members.values()})
        return self._render(
            plan,
            f"move {_names(names)} from the default bridge to the project network "
            "and replace their legacy links",
        )

    # -- explicit env ----------------------------------------------------------------------

    def _env(self, link: Link, plan: _Plan, *, v1: bool) -> None:
        project = self.project
        consumer = link.consumer
        if consumer is None or not project.injects_env(link):
            return
        settings = project.settings
        tg = project.targets(link)
        target = tg[0] if tg else None
        alias = link.alias.literal if link.alias is not None else None
        if alias is None or target is None:
            if project.reads_for_link(link):
                plan.reasons.append(f"the target of `{link.value.display}` is not known")
            return
        merged_c = self.index.merged(consumer)
        parent = container_name(self.index, consumer, v1=v1)
        ports, guessed = self._ports(target)
        child_env, refs = self._target_env(target)
        target_env_names = self.index.merged(target).env_names()
        tname = target.service or alias
        # every link name of this link (alias, db_1, proj_db_1) and the host it becomes
        names = {env_prefix(alias): (alias, alias if self._alias_kept(link) else tname)}
        for extra in link.extra_aliases:
            names.setdefault(env_prefix(extra), (extra, tname))
        reads = [r.name for r in project.reads_for_link(link) if not r.built and not r.pattern]
        if merged_c.build_context() is None:
            image = consumer.image.display if consumer.image is not None else "its image"
            if settings.external_consumer_env == "all":
                reads += list(
                    explicit_link_env(
                        alias,
                        parent,
                        ports,
                        [f"{k}={v}" for k, v in child_env.items()],
                        settings.engine,
                    )
                )
                plan.notes.append(
                    f"`{image}` is not built here: every variable the link injected is written"
                )
            else:
                plan.reasons.append(
                    f"the image `{image}` of `{consumer.service}` is not built in this repository, "
                    "so delink cannot see which link variables it reads"
                )
        ch = plan.change(self._env_owner(consumer))
        have = {k for k, _ in ch.env} | merged_c.env_names()
        for name in _unique(reads):
            if name in have:
                continue
            var = project.var(name)
            if var is None or var.prefix not in names:
                continue
            link_alias, host = names[var.prefix]
            if var.shape == "env" and var.env_name is not None:
                inner = var.env_name
                from delink.secrets import is_secret_name

                if inner in child_env and not is_secret_name(inner):
                    ch.env.append((name, escape(child_env[inner])))
                elif inner in refs:
                    ch.env.append((name, "${" + refs[inner] + "}"))
                elif inner in child_env or inner in target_env_names:
                    ch.env.append((name, "${" + inner + "}"))
                    plan.reasons.append(
                        f"`{name}` is taken from `${inner}` on the host; delink does not copy "
                        "the target's value" + (" (a secret)" if is_secret_name(inner) else "")
                    )
                else:
                    plan.reasons.append(
                        f"`{name}` was set only if the image of `{tname}` sets `{inner}`, which "
                        "delink cannot see; it is not written"
                    )
                    continue
                have.add(name)
                continue
            value, exactness = explicit_value(
                var,
                link_alias,
                parent,
                ports,
                child_env,
                settings.engine,
                hostname=host,
                ports_exact=not guessed,
            )
            if value is None:
                plan.reasons.append(f"delink cannot tell the value of `{name}`")
                continue
            if exactness == "hostname":
                plan.reasons.append(
                    f"`{name}` held the target's IP address; it now holds the host name"
                )
            elif exactness == "guessed":
                plan.reasons.append(f"the value of `{name}` depends on ports delink guessed")
            ch.env.append((name, escape(value)))
            have.add(name)

    def _env_owner(self, c: Container) -> Container:
        for frag in reversed(self.index.siblings(c)):
            svc = frag.syntax
            if isinstance(svc, ServiceSyntax) and svc.env_style is not None:
                return frag
        return c

    def _alias_kept(self, link: Link) -> bool:
        """Whether the alias still resolves after the fix (as a network alias or as the
        target's own name)."""
        tg = self.project.targets(link)
        if not tg or link.alias is None:
            return False
        return (
            link.alias.literal == tg[0].service
            or self.collision(link, link.alias.literal or "", tg[0]) is None
        )

    def _ports(self, target: Container) -> tuple[list[str], bool]:
        merged = self.index.merged(target)
        ports = merged.ports()
        for frag in merged.fragments:
            cfg = self.project.image_config(frag)
            if cfg is not None:
                return ports + [p for p in cfg.ports if p not in ports], False
        image = merged.main.image
        if image is not None and image.literal:
            table = image_ports(image.literal, self.project.settings.image_ports)
            if table:
                return ports + [p for p in table if p not in ports], True
        return ports, not ports

    def _target_env(self, target: Container) -> tuple[dict[str, str], dict[str, str]]:
        import re

        literal: dict[str, str] = {}
        refs: dict[str, str] = {}
        merged = self.index.merged(target)
        for frag in merged.fragments:
            cfg = self.project.image_config(frag)
            if cfg is not None:
                literal.update(dict(cfg.env))
        single = re.compile(r"^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$")
        for frag in merged.fragments:
            for entry in frag.env:
                if entry.value is None:
                    refs[entry.name] = entry.name
                    literal.pop(entry.name, None)
                elif entry.value.literal is not None and "$" not in entry.value.raw.replace(
                    "$$", ""
                ):
                    literal[entry.name] = entry.value.literal
                    refs.pop(entry.name, None)
                else:
                    m = single.match(entry.value.display)
                    refs[entry.name] = m.group(1) if m else entry.name
                    literal.pop(entry.name, None)
        return literal, refs

    # -- external_links --------------------------------------------------------------------

    def _external_fix(self, consumer: Container) -> Fix | None:
        plan = _Plan()
        svc = consumer.syntax
        assert isinstance(svc, ServiceSyntax)
        cf = self.index.file_of(consumer)
        if cf is None:
            return None
        done: list[str] = []
        outside: list[Link] = []
        for link in consumer.links:
            if link.origin != "external_links" or link.error is not None:
                continue
            syn = link.syntax
            if not isinstance(syn, LinkSyntax) or syn.shared:
                continue
            if self.project.targets(link):
                # a service of this project: a network alias on it does the same
                if self._endpoint_part(link, plan) is None:
                    continue
                done.append(link.value.display)
            else:
                outside.append(link)
        if outside:
            self._external_network(consumer, cf, outside, plan, done)
        if not done:
            return self._display(
                f"connect `{consumer.service}` and the external containers to a shared network "
                "by hand (`docker network connect --alias …`)"
            )
        return self._render(
            plan, f"replace the external links {_names(done)} of `{consumer.service}`"
        )

    def _external_network(
        self, consumer: Container, cf: ComposeFile, links: list[Link], plan: _Plan, done: list[str]
    ) -> None:
        doc = cf.syntax
        assert isinstance(doc, DocSyntax)
        ext_decl = self._external_networks(cf)
        joined = [n for n in self._networks(consumer) if n in ext_decl]
        for link in links:
            assert link.target is not None
            name = link.target.literal
            alias = link.alias.literal if link.alias is not None else None
            if name is None:
                continue
            if joined:
                net = joined[0]
                plan.reasons.append(
                    f"delink assumes the container `{name}` is on the external network "
                    f"`{ext_decl[net]}` that `{consumer.service}` joins"
                )
            else:
                from delink.model import sanitize_network_name

                template = self.project.settings.network
                real = sanitize_network_name(
                    template.replace("{target}", name).replace("{project}", cf.project_name)
                )
                net = real
                plan.top.append((cf, "networks", [(net, {"external": "true"})]))
                plan.change(consumer).join.append(net)
                joined.append(net)
                ext_decl[net] = real
                plan.reasons.append(
                    f"the container `{name}` must be connected to the network `{real}` "
                    f"(`docker network create {real}`, `docker network connect {real} {name}`)"
                )
            if alias is not None and alias != name:
                plan.notes.append(
                    f"`{alias}` only resolves through the link: it stays until `{name}` is "
                    "connected with `docker network connect --alias "
                    f"{alias} {ext_decl.get(net, net)} {name}`"
                )
                continue
            syn = link.syntax
            assert isinstance(syn, LinkSyntax)
            plan.change(consumer).remove_items.append(("external_links", syn.node))
            done.append(link.value.display)
        if links and not done:
            done.append(links[0].value.display)

    @staticmethod
    def _external_networks(cf: ComposeFile) -> dict[str, str]:
        from delink.sources.compose.nodes import is_map, pairs, scalar_text

        doc = cf.syntax
        out: dict[str, str] = {}
        if not isinstance(doc, DocSyntax):
            return out
        p = doc.top.get("networks")
        if p is None or not is_map(p.value):
            return out
        for q in pairs(p.value):
            attrs = {x.name: x.value for x in pairs(q.value)} if is_map(q.value) else {}
            ext = attrs.get("external")
            if ext is None:
                continue
            name = q.name
            if is_map(ext):
                inner = {x.name: x.value for x in pairs(ext)}.get("name")
                name = scalar_text(inner) or name
            elif scalar_text(ext) not in ("true", "True", "yes"):
                continue
            real = attrs.get("name")
            out[q.name] = scalar_text(real) or name if real is not None else name
        return out

    # -- v1 files --------------------------------------------------------------------------

    def _v1_fix(self, cf: ComposeFile) -> Fix | None:
        from delink.fixes.compose_upgrade import upgrade

        return upgrade(self, cf)


def _nets(names: list[str]) -> str:
    return "the " + _names(names) + (" networks" if len(names) > 1 else " network")


def _merge(edits: list[Edit]) -> list[Edit]:
    """Insertions at one offset of one file become one edit, in the order made."""
    out: list[Edit] = []
    at: dict[tuple[str, int], int] = {}
    for e in edits:
        if e.start == e.end and (e.path, e.start) in at:
            i = at[(e.path, e.start)]
            out[i] = Edit(e.path, e.start, e.end, out[i].content + e.content)
            continue
        if e.start == e.end:
            at[(e.path, e.start)] = len(out)
        out.append(e)
    return out


def _names(items: list[str]) -> str:
    items = _unique(items)
    shown = [f"`{i}`" for i in items[:4]]
    if len(items) > 4:
        return ", ".join(shown) + f" and {len(items) - 4} more"
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]
