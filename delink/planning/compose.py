"""Planning for Compose: links in Compose files become ``depends_on``, network aliases,
shared networks and explicit ``environment`` entries.

One fix per scope, carried by every finding in that scope (identical fixes count once):

* a v2+/spec service's ``links`` on project networks: two fixes per service, one that
  removes only the links whose removal keeps behaviour exactly (``safe``) and one that
  removes every link it can (``unsafe``), so ``delink fix`` never leaves a link that
  can go safely and ``--unsafe-fixes`` takes the rest;
* ``network_mode: bridge`` services joined by legacy links: one fix for the group, both
  ends move to the project's ``default`` network;
* ``external_links`` of a service: one fix;
* a v1 file: one fix that upgrades the file to the Compose spec format and migrates every
  link in it (:mod:`delink.planning.compose_v1`).

Values come from :func:`delink.model.explicit_value` (hostnames, never IPs; secrets
referenced, never copied). Fix safety follows the model: a value that was an IP and is
now a hostname, an alias that becomes visible to the whole network, a ``depends_on`` form
without ``restart: true``, a guessed port, a consumer whose code is not in the
repository: each makes the fix ``unsafe`` and is named in its message. The Compose
writer (:mod:`delink.fixes.compose`) turns the plan into edits in the file's own style.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from delink.diagnostics import Applicability, Fix
from delink.facts import ComposeFile, Container, Link
from delink.model import LinkKind, env_prefix, explicit_link_env, explicit_value
from delink.planning.model import ExplicitEnv, NetworkDeclaration, Plan, Reason
from delink.planning.model import names as listing
from delink.planning.values import env_value, target_env, target_ports
from delink.sources.compose.syntax import DocSyntax, LinkSyntax, ServiceSyntax

if TYPE_CHECKING:
    from delink.project import Project
    from delink.sources.compose.merge import ComposeIndex

__all__ = ["ComposePlanner", "container_name", "service_of"]


def _new_plan() -> Plan:
    return Plan("", [], [], Applicability.SAFE)


def _reason(plan: Plan, text: str) -> None:
    plan.reasons.append(Reason.text(text))


def _note(plan: Plan, text: str) -> None:
    plan.notes.append(Reason.text(text))


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
            return self.display("the file is a template: fix the template by hand")
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
    def display(message: str) -> Fix:
        return Fix(Applicability.DISPLAY_ONLY, message, ())

    def render(self, plan: Plan, message: str) -> Fix:
        from delink.planning.writers import render

        plan.summary = message
        plan.applicability = Applicability.UNSAFE if plan.reasons else Applicability.SAFE
        return render(plan, self.project)

    def _depends(self, consumer: Container) -> set[str]:
        out: set[str] = set()
        for c in self.index.siblings(consumer):
            if isinstance(c.syntax, ServiceSyntax):
                out.update(c.syntax.depends_on)
        return out

    def networks(self, c: Container) -> list[str]:
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

    def alias_owner(self, c: Container) -> Container:
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
                    return self.alias_owner(self.index.merged(found[0]).main)
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
                    if other.exclusive(link):
                        continue  # template branches that never render together
                    if other.error is not None:
                        continue
                    tgts = self.project.targets(other)
                    if tgts and tgts[0].service != target.service:
                        return f"`{alias}` also names `{tgts[0].service}` for `{c.service}`"
        return None

    # -- one link on a project network ----------------------------------------------------

    def endpoint_part(
        self, link: Link, plan: Plan | None, *, legacy: bool = False, form: str | None = None
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
        owner = self.alias_owner(target)
        if legacy:
            cnets = ["default"]
            tnets = ["default"]
        else:
            cnets = self.networks(consumer)
            tnets = self.networks(owner)
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
            plan.service(consumer).remove.append(link)
            if add_dep:
                ch = plan.service(consumer)
                if tname not in ch.depends:
                    ch.depends.append(tname)
            if aliases:
                tc = plan.service(owner)
                for n, al in aliases.items():
                    cur = tc.aliases.setdefault(n, [])
                    cur += [a for a in al if a not in cur]
            plan.reasons += [Reason.text(r) for r in reasons]
        return reasons

    def _endpoint_safe(self, link: Link) -> bool:
        got = self.endpoint_part(link, None)
        return got is not None and not got

    def _endpoint_fix(self, consumer: Container, tier: str) -> Fix | None:
        plan = _new_plan()
        links = [
            x
            for x in consumer.links
            if x.origin == "links" and x.kind is LinkKind.ENDPOINT and x.error is None
        ]
        taken = []
        for link in links:
            reasons = self.endpoint_part(link, None)
            if reasons is None or (tier == "safe" and reasons):
                continue
            self.endpoint_part(link, plan)
            taken.append(link.value.display)
        if not taken:
            return self.display(
                f"replace the links of `{consumer.service}` by hand: "
                "the target is not a service delink can edit, or its alias collides"
            )
        deps = [d for ch in plan.services.values() for d in ch.depends]
        plural = "s" if len(taken) > 1 else ""
        message = f"remove the link{plural} {_names(taken)} of `{consumer.service}`"
        if deps:
            message += f" and keep the start order with `depends_on` ({_names(deps)})"
        return self.render(plan, message)

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
        plan = _new_plan()
        members: dict[str, Container] = {}
        for x in group:
            assert x.consumer is not None
            members[x.consumer.key] = x.consumer
            tg = self.project.targets(x)
            if not tg:
                return self.display(
                    f"the target of `{x.value.display}` is not a service of this project"
                )
            members[tg[0].key] = tg[0]
        for c in members.values():
            for frag in self.index.siblings(c):
                svc = frag.syntax
                if isinstance(svc, ServiceSyntax) and svc.network_mode_pair is not None:
                    if svc.network_mode != "bridge":
                        return self.display(
                            f"`{frag.service}` has `network_mode: {svc.network_mode}`: "
                            "move it by hand"
                        )
                    plan.service(frag).drop_network_mode = True
        for x in group:
            reasons = self.endpoint_part(x, plan, legacy=True)
            if reasons is None:
                return self.display(f"the link `{x.value.display}` cannot be replaced here")
            self.env(x, plan, v1=False)
        names = sorted({c.service or "" for c in members.values()})
        return self.render(
            plan,
            f"move {_names(names)} from the default bridge to the project network "
            "and replace their legacy links",
        )

    # -- explicit env ----------------------------------------------------------------------

    def env(self, link: Link, plan: Plan, *, v1: bool) -> None:
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
                _reason(plan, f"the target of `{link.value.display}` is not known")
            return
        merged_c = self.index.merged(consumer)
        parent = container_name(self.index, consumer, v1=v1)
        ports, guessed = self._ports(target)
        env = target_env(self.project, self.index.merged(target).fragments)
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
                        env.items(),
                        settings.engine,
                    )
                )
                _note(
                    plan,
                    f"`{image}` is not built here: every variable the link injected is written",
                )
            else:
                _reason(
                    plan,
                    f"the image `{image}` of `{consumer.service}` is not built in this repository, "
                    "so delink cannot see which link variables it reads",
                )
        ch = plan.service(self._env_owner(consumer))
        have = {e.name for e in ch.env} | merged_c.env_names()
        for name in _unique(reads):
            if name in have:
                continue
            var = project.var(name)
            if var is None or var.prefix not in names:
                continue
            link_alias, host = names[var.prefix]
            if var.shape == "env" and var.env_name is not None:
                entry, why = env_value(env, name, var.env_name, consumer)
                if why is not None:
                    plan.reasons.append(why)
                if entry is not None:
                    ch.env.append(entry)
                    have.add(name)
                continue
            value, exactness = explicit_value(
                var,
                link_alias,
                parent,
                ports,
                env.literal,
                settings.engine,
                hostname=host,
                ports_exact=not guessed,
            )
            if value is None:
                plan.reasons.append(Reason("unknown-value", name))
                continue
            if exactness == "hostname" and merged_c.build_context() is not None:
                plan.notes.append(Reason("hostname-kept", name))
            elif exactness in ("hostname", "guessed"):
                plan.reasons.append(Reason(exactness, name))
            ch.env.append(ExplicitEnv(name, value))
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
        return target_ports(self.project, merged.ports(), merged.fragments, merged.main.image)

    # -- external_links --------------------------------------------------------------------

    def _external_fix(self, consumer: Container) -> Fix | None:
        plan = _new_plan()
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
                if self.endpoint_part(link, plan) is None:
                    continue
                done.append(link.value.display)
            else:
                outside.append(link)
        if outside:
            self.external_network(consumer, cf, outside, plan, done)
        if not done:
            return self.display(
                f"connect `{consumer.service}` and the external containers to a shared network "
                "by hand (`docker network connect --alias …`)"
            )
        return self.render(
            plan, f"replace the external links {_names(done)} of `{consumer.service}`"
        )

    def external_network(
        self, consumer: Container, cf: ComposeFile, links: list[Link], plan: Plan, done: list[str]
    ) -> None:
        doc = cf.syntax
        assert isinstance(doc, DocSyntax)
        ext_decl = self._external_networks(cf)
        joined = [n for n in self.networks(consumer) if n in ext_decl]
        for link in links:
            assert link.target is not None
            name = link.target.literal
            alias = link.alias.literal if link.alias is not None else None
            if name is None:
                continue
            if joined:
                net = joined[0]
                _reason(
                    plan,
                    f"delink assumes the container `{name}` is on the external network "
                    f"`{ext_decl[net]}` that `{consumer.service}` joins",
                )
            else:
                from delink.model import sanitize_network_name

                template = self.project.settings.network
                real = sanitize_network_name(
                    template.replace("{target}", name).replace("{project}", cf.project_name)
                )
                net = real
                plan.declare.append(NetworkDeclaration(cf, net, (("external", "true"),)))
                plan.service(consumer).join.append(net)
                joined.append(net)
                ext_decl[net] = real
                _reason(
                    plan,
                    f"the container `{name}` must be connected to the network `{real}` "
                    f"(`docker network create {real}`, `docker network connect {real} {name}`)",
                )
            if alias is not None and alias != name:
                _note(
                    plan,
                    f"`{alias}` only resolves through the link: it stays until `{name}` is "
                    "connected with `docker network connect --alias "
                    f"{alias} {ext_decl.get(net, net)} {name}`",
                )
                continue
            syn = link.syntax
            assert isinstance(syn, LinkSyntax)
            plan.service(consumer).remove.append(link)
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
        from delink.planning.compose_v1 import v1_plan

        return v1_plan(self, cf)


def _nets(names: list[str]) -> str:
    return "the " + _names(names) + (" networks" if len(names) > 1 else " network")


def _names(items: list[str]) -> str:
    return listing(_unique(items), 4)
